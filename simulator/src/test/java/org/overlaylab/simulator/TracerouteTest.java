/*
 * busybox traceroute from a container across flannel: the docker0 gateway, the far host's
 * flannel.100, then the container (UDP probes from port 33434, three a hop, as busybox prints them),
 * and `*` for every probe once the tunnel's port is dropped.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class TracerouteTest {
    private static final String T = "\\d+\\.\\d{3} ms";

    @Test
    void acrossFlannelAndIntoSilence() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
            lab.runSleeper("node1", "test1", null);
            lab.runSleeper("node2", "test2", null);
            CommandResult r = lab.run("node1", "sudo docker exec test1 traceroute -n 10.13.48.2");
            assertThat(r.exitCode()).isZero();
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines.get(0)).isEqualTo("traceroute to 10.13.48.2 (10.13.48.2), 30 hops max, 46 byte packets");
            assertThat(lines.get(1)).matches(" 1  10\\.15\\.64\\.1  " + T + "  " + T + "  " + T);
            assertThat(lines.get(2)).matches(" 2  10\\.13\\.48\\.0  " + T + "  " + T + "  " + T);
            assertThat(lines.get(3)).matches(" 3  10\\.13\\.48\\.2  " + T + "  " + T + "  " + T);
            assertThat(lines).hasSize(4);

            lab.ok("node2", "sudo iptables -I INPUT -p udp --dport 8472 -j DROP");
            CommandResult silent = lab.run("node1", "sudo docker exec test1 traceroute -n -m 4 -w 1 10.13.48.2");
            assertThat(silent.stdout().lines().toList().subList(1, 5)).satisfiesExactly(
                    l -> assertThat(l).matches(" 1  10\\.15\\.64\\.1  " + T + "  " + T + "  " + T),
                    l -> assertThat(l).isEqualTo(" 2  *  *  *"),
                    l -> assertThat(l).isEqualTo(" 3  *  *  *"),
                    l -> assertThat(l).isEqualTo(" 4  *  *  *"));
        }
    }
}
