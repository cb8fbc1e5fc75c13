/* Display filter: protocol names, hosts, ports, VNIs, boolean logic, inner headers, and error positions. */
package org.overlaylab.packets.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.build.Frames;

class DisplayFilterTest {
    private final byte[] vxlanPing = Frames.vxlan(Corpus.underlay(), 40000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
    private final byte[] flannelPing = Frames.vxlan(Corpus.underlay(), 40000, Frames.FLANNEL_VXLAN_PORT, 100, Corpus.ping(1), false);
    private final byte[] grePing = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1));
    private final byte[] arp = Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2);
    private final byte[] tcp = Corpus.tcpConversation().get(0);

    private static boolean m(String filter, byte[] frame) throws FilterSyntaxException {
        return DisplayFilter.parse(filter).matches(frame);
    }

    @Test
    void protocolsMatchInnerHeadersToo() throws Exception {
        assertThat(m("icmp", vxlanPing)).isTrue();
        assertThat(m("vxlan", vxlanPing)).isTrue();
        assertThat(m("vxlan", flannelPing)).isTrue();
        assertThat(m("gre", vxlanPing)).isFalse();
        assertThat(m("icmp", grePing)).isTrue();
        assertThat(m("udp", grePing)).isFalse();
        assertThat(m("arp", arp)).isTrue();
        assertThat(m("ip", arp)).isFalse();
        assertThat(m("tcp", tcp)).isTrue();
        assertThat(m("ip6", Frames.arpRequest(1, 2, 3))).isFalse();
        assertThat(m("", tcp)).isTrue();
    }

    @Test
    void hostsPortsAndVnis() throws Exception {
        assertThat(m("host 10.0.0.3", vxlanPing)).isTrue();
        assertThat(m("dst host 10.0.0.3", vxlanPing)).isTrue();
        assertThat(m("src host 10.0.0.3", vxlanPing)).isFalse();
        assertThat(m("src host 192.168.205.10", vxlanPing)).isTrue();
        assertThat(m("host 192.168.205.11", arp)).isTrue();
        assertThat(m("port 4789", vxlanPing)).isTrue();
        assertThat(m("port 8472", vxlanPing)).isFalse();
        assertThat(m("dst port 2380", tcp)).isTrue();
        assertThat(m("vni 256", vxlanPing)).isTrue();
        assertThat(m("vni 100", vxlanPing)).isFalse();
        assertThat(m("vni 100", flannelPing)).isTrue();
    }

    @Test
    void booleanLogicAndPrecedence() throws Exception {
        assertThat(m("vxlan and icmp", vxlanPing)).isTrue();
        assertThat(m("not icmp", vxlanPing)).isFalse();
        assertThat(m("arp or icmp", arp)).isTrue();
        assertThat(m("arp or tcp and icmp", arp)).isTrue();
        assertThat(m("(arp or tcp) and icmp", arp)).isFalse();
        assertThat(m("!(gre) && icmp || arp", vxlanPing)).isTrue();
        assertThat(m("not not vxlan", vxlanPing)).isTrue();
    }

    @Test
    void invalidFiltersReportWhereAndWhat() {
        assertError("icmp and", 8, "ends where a term");
        assertError("port", 4, "port number");
        assertError("port 70000", 5, "out of range");
        assertError("host 10.0.0.300", 5, "not an IPv4");
        assertError("(icmp or arp", 12, "missing ')'");
        assertError("icmp arp", 5, "unexpected 'arp'");
        assertError("foo", 0, "unknown term 'foo'");
        assertError("icmp & arp", 5, "doubled");
        assertError("vni x", 4, "not a VNI");
        assertError("src 10.0.0.1", 4, "expected 'host' or 'port'");
        assertError("icmp $", 5, "unexpected character");
        assertError(")", 0, "unexpected ')'");
    }

    private static void assertError(String filter, int position, String message) {
        assertThatThrownBy(() -> DisplayFilter.parse(filter))
                .isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((FilterSyntaxException) e).position()).isEqualTo(position));
    }
}
