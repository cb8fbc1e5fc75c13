/*
 * The comparison of the four tutorial labs' cross-host pings, run on the real simulator: the
 * figures a student would check against the header sizes (Ethernet 14, IPv4 20, UDP 8, VXLAN 8,
 * GRE 4, ICMP 8) and the hops each packet is routed through.
 */
package org.overlaylab.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;

class PingComparerTest {
    private static final Map<String, LabComparison> MEASURED = new ConcurrentHashMap<>();

    static LabComparison measured(String id) {
        return MEASURED.computeIfAbsent(id, k -> {
            try {
                return PingComparer.compare(LabLoader.builtIn(k));
            } catch (Exception e) {
                throw new AssertionError(k + ": " + e.getMessage(), e);
            }
        });
    }

    private static List<String> names(LabComparison c) {
        return c.underlayHeaders().stream().map(h -> h.name() + " " + h.bytes()).toList();
    }

    @Test
    void dockerOverlayWrapsTheWholeFrameInVxlan() {
        LabComparison c = measured("docker-overlay-etcd");
        System.out.println(ComparisonTable.markdown(List.of(LabOutcome.measured(c))));
        assertThat(c.stepTitle()).isEqualTo("Ping test2 from test1, and watch the underlay");
        assertThat(names(c)).containsExactly("Ethernet 14", "IPv4 20", "UDP 8", "VXLAN 8", "Ethernet 14", "IPv4 20",
                "ICMP 8", "data 56");
        // a 56-byte ping: 14 + 20 + 8 + 56 = 98 bytes from the container; VXLAN adds 14 + 20 + 8 + 8
        assertThat(c.containerFrameBytes()).isEqualTo(98);
        assertThat(c.underlayFrameBytes()).isEqualTo(148);
        assertThat(c.overheadBytes()).isEqualTo(50);
        assertThat(c.maxPayloadOnUnderlay()).isEqualTo(1500 - 50 - 28);
        // bridged across the overlay namespace's br0 on both sides: nobody routes it
        assertThat(c.receivedTtl()).isEqualTo(64);
        // the simulator carries the containers' ARP, Docker's etcd client and Serf gossip, and etcd's peers
        assertThat(c.controlTraffic()).extracting(LabComparison.ControlTraffic::protocol)
                .containsExactly("ARP", "Serf", "etcd clients", "etcd peers");
        assertThat(c.controlPackets()).isPositive();
        assertThat(c.forwardingState()).anyMatch(s -> s.contains("fdb:") && s.contains("dst 192.168.205.11"));
    }

    @Test
    void ovsGreCarriesTheEthernetFrameBehindFourBytesOfGre() {
        LabComparison c = measured("ovs-gre");
        System.out.println(ComparisonTable.markdown(List.of(LabOutcome.measured(c))));
        assertThat(names(c)).containsExactly("Ethernet 14", "IPv4 20", "GRE 4", "Ethernet 14", "IPv4 20", "ICMP 8",
                "data 56");
        // outer IPv4 20 + GRE 4 + the inner Ethernet header 14 the GRE port keeps
        assertThat(c.overheadBytes()).isEqualTo(20 + 4 + 14);
        assertThat(c.maxPayloadOnUnderlay()).isEqualTo(1500 - 38 - 28);
        assertThat(c.receivedTtl()).isEqualTo(64);
        assertThat(c.forwardingState()).anyMatch(s -> s.contains("ovs port:") && s.contains("type gre"));
    }

    @Test
    void flannelRoutesIntoVxlanOnItsOwnPort() {
        LabComparison c = measured("flannel-vxlan");
        System.out.println(ComparisonTable.markdown(List.of(LabOutcome.measured(c))));
        assertThat(names(c)).containsExactly("Ethernet 14", "IPv4 20", "UDP 8", "VXLAN 8", "Ethernet 14", "IPv4 20",
                "ICMP 8", "data 56");
        assertThat(c.overheadBytes()).isEqualTo(50);
        assertThat(c.innerMtu()).isEqualTo(1450);
        assertThat(c.maxPayloadInside()).isEqualTo(1450 - 28);
        // routed by node1 into flannel.100 and by node2 into docker0: 64 - 2
        assertThat(c.receivedTtl()).isEqualTo(62);
        // Docker masquerades what leaves docker0 for flannel.100, as the tutorial's tcpdump shows
        assertThat(c.sourceAtReceiver()).isEqualTo("10.15.64.0");
        assertThat(c.forwardingState()).anyMatch(s -> s.contains("route:") && s.contains("flannel.100"));
    }

    @Test
    void calicoSendsThePlainPacketRoutedTwice() {
        LabComparison c = measured("calico-bgp");
        System.out.println(ComparisonTable.markdown(List.of(LabOutcome.measured(c))));
        assertThat(names(c)).containsExactly("Ethernet 14", "IPv4 20", "ICMP 8", "data 56");
        assertThat(c.overheadBytes()).isZero();
        assertThat(c.maxPayloadOnUnderlay()).isEqualTo(1472);
        assertThat(c.receivedTtl()).isEqualTo(62);
        assertThat(c.controlTraffic()).extracting(LabComparison.ControlTraffic::protocol).contains("BGP");
        assertThat(c.forwardingState()).anyMatch(s -> s.contains("route:") && s.contains("proto bird"));
    }
}
