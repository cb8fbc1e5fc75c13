/*
 * The parsers on output recorded from iproute2 on this machine (a namespace with a bridge, a veth
 * pair and flannel's VXLAN device, neighbour, FDB entry, onlink route and a BIRD blackhole).
 */
package org.overlaylab.hosts.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Route;

class ProbeTopologyBuilderTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = ProbeTopologyBuilderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Host host() throws Exception {
        return ProbeTopologyBuilder.host("node1", "docker-node1", HostProbe.parse(resource("/probe/flannel-host.txt")),
                List.of(), List.of(), List.of());
    }

    @Test
    void devicesCarryKindAddressesVxlanParametersAndVethPeers() throws Exception {
        NetNamespace ns = host().root();
        assertThat(ns.name()).isEqualTo("host");
        NetInterface flannel = ns.iface("flannel.100").orElseThrow();
        assertThat(flannel.kind()).isEqualTo("vxlan");
        assertThat(flannel.mtu()).isEqualTo(1450);
        assertThat(flannel.mac()).isEqualTo("76:1f:5c:00:00:01");
        assertThat(flannel.vxlan().vni()).isEqualTo(100);
        assertThat(flannel.vxlan().dstPort()).isEqualTo(8472);
        assertThat(flannel.vxlan().local()).isEqualTo("192.168.205.10");
        assertThat(flannel.vxlan().learning()).isFalse();
        assertThat(flannel.addresses()).extracting(a -> a.cidr()).containsExactly("10.15.64.0/8");
        NetInterface veth0 = ns.iface("veth0").orElseThrow();
        assertThat(veth0.kind()).isEqualTo("veth");
        assertThat(veth0.master()).isEqualTo("br0");
        assertThat(veth0.peer().name()).isEqualTo("veth1");
        assertThat(veth0.peer().namespace()).isEqualTo("host");
        assertThat(ns.iface("lo").orElseThrow().kind()).isEqualTo("loopback");
        assertThat(ns.iface("br0").orElseThrow().kind()).isEqualTo("bridge");
    }

    @Test
    void aHostIsObservedThroughAnyCommandRunner() throws Exception {
        String recorded = resource("/probe/flannel-host.txt");
        List<String> ran = new java.util.ArrayList<>();
        Host h = HostObserver.observe("node1", "docker-node1", script -> {
            ran.add(script);
            return recorded;
        }, List.of());
        assertThat(ran).containsExactly(HostProbe.SCRIPT);
        assertThat(h.hostname()).isEqualTo("docker-node1");
        assertThat(h.root().iface("flannel.100")).isPresent();
    }

    @Test
    void routesNeighboursAndFdbAreRead() throws Exception {
        NetNamespace ns = host().root();
        Route r = ns.routes().stream().filter(x -> x.destination().equals("10.13.48.0/20")).findFirst().orElseThrow();
        assertThat(r.gateway()).isEqualTo("10.13.48.0");
        assertThat(r.device()).isEqualTo("flannel.100");
        assertThat(r.onlink()).isTrue();
        Route bh = ns.routes().stream().filter(x -> x.destination().equals("10.20.0.0/26")).findFirst().orElseThrow();
        assertThat(bh.type()).isEqualTo("blackhole");
        assertThat(bh.protocol()).isEqualTo("bird");
        assertThat(ns.routes().stream().filter(x -> x.destination().equals("10.13.48.0/20")).findFirst().orElseThrow().protocol())
                .as("proto boot, which `ip route` does not print").isNull();
        assertThat(ns.neighbours()).anyMatch(n -> n.address().equals("10.13.48.0") && n.lladdr().equals("82:53:2e:6a:a9:43")
                && n.state().equals("PERMANENT"));
        assertThat(ns.fdb()).anyMatch(f -> f.device().equals("flannel.100") && "192.168.205.11".equals(f.destination()) && f.self());
    }
}
