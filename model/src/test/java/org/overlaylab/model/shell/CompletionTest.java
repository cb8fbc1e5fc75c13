/* Tab completion of programs, sub-commands and the names of the current topology. */
package org.overlaylab.model.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Topology;

class CompletionTest {
    private static NetInterface dev(String name, String kind) {
        return new NetInterface(1, name, kind, "02:00:00:00:00:01", 1500, true, "UP", null, null, List.of(), null);
    }

    private static final Topology TOPOLOGY = new Topology(List.of(new Host("node1", "node1",
            List.of(new NetNamespace("host", NetNamespace.Kind.HOST, null,
                            List.of(dev("enp0s8", "ether"), dev("docker0", "bridge"), dev("flannel.100", "vxlan")),
                            List.of(), List.of(), List.of()),
                    new NetNamespace("c1", NetNamespace.Kind.CONTAINER, "test1", List.of(dev("eth0", "veth")),
                            List.of(), List.of(), List.of())),
            List.of(new OvsBridge("br-int", "system", List.of(new OvsBridge.Port("gre0", "gre", Map.of())))),
            List.of(new DockerNetwork("n1", "multihost", "overlay", "global", List.of(), List.of(), Map.of())),
            List.of(new Container("c1", "test1", "busybox", "running", "c1", List.of())),
            List.of())), List.of(), List.of(), List.of());

    private final Completion completion = new Completion(Map.of("ip", "iproute2", "ifconfig", "net-tools", "ping", "ICMP"),
            words -> words.equals(List.of("ip")) ? List.of("link", "addr", "route") : List.of());

    private List<String> values(String line) {
        return completion.complete(line, line.length(), TOPOLOGY, "node1", null).candidates().stream()
                .map(Completion.Candidate::value).toList();
    }

    @Test
    void theFirstWordIsAProgramAlsoAfterSudoAndAPipe() {
        assertThat(values("i")).containsExactlyInAnyOrder("ip", "ifconfig");
        assertThat(values("sudo p")).containsExactly("ping");
        assertThat(values("ip link | p")).containsExactly("ping");
    }

    @Test
    void laterWordsAreSubCommandsAndTopologyNames() {
        assertThat(values("ip l")).containsExactly("link");
        assertThat(values("ip link show d")).containsExactly("docker0");
        assertThat(values("ovs-vsctl add-port br")).containsExactly("br-int");
        assertThat(values("docker exec t")).containsExactly("test1");
        assertThat(values("docker network inspect m")).containsExactly("multihost");
        assertThat(values("ip link show g")).containsExactly("gre0");
        Completion.Result r = completion.complete("ping -c 1 no", 12, TOPOLOGY, "node1", null);
        assertThat(r.wordStart()).isEqualTo(10);
        assertThat(r.candidates()).extracting(Completion.Candidate::value).containsExactly("node1");
    }

    @Test
    void insideAContainerItsOwnDevicesComplete() {
        assertThat(completion.complete("ip addr show e", 14, TOPOLOGY, "node1", "test1").candidates())
                .extracting(Completion.Candidate::value).containsExactly("eth0");
    }
}
