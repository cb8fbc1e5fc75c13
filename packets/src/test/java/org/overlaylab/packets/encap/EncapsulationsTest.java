/* The registry itself: one entry per number, lookups by port, protocol and EtherType, and headers its writers make read back. */
package org.overlaylab.packets.encap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.build.Checksums;

class EncapsulationsTest {

    @Test
    void everyNumberNamesOneEncapsulationAndEveryNameIsDistinct() {
        Set<String> numbers = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<String> words = new HashSet<>();
        for (Encapsulation e : Encapsulations.all()) {
            for (int n : e.numbers()) {
                assertThat(numbers.add(e.carrier() + " " + n)).as(e + " shares " + n).isTrue();
            }
            assertThat(names.add(e.name())).isTrue();
            assertThat(words.add(e.filterName())).isTrue();
            assertThat(Encapsulations.index(e)).isEqualTo(Encapsulations.all().indexOf(e));
            assertThat(Encapsulations.isTunnelLayer(e.name())).isTrue();
        }
        assertThat(Encapsulations.all()).as("FrameFacts keeps them in an int bit set").hasSizeLessThan(32);
    }

    @Test
    void lookupsFollowTheCarrier() {
        assertThat(Encapsulations.forUdpPort(4789)).isSameAs(Encapsulations.VXLAN);
        assertThat(Encapsulations.forUdpPort(8472)).isSameAs(Encapsulations.VXLAN);
        assertThat(Encapsulations.forUdpPort(6081)).isSameAs(Encapsulations.GENEVE);
        assertThat(Encapsulations.forUdpPort(4790)).isSameAs(Encapsulations.VXLAN_GPE);
        assertThat(Encapsulations.forUdpPort(53)).isNull();
        assertThat(Encapsulations.forUdpPorts(6081, 40000)).as("a reply names it by its source port")
                .isSameAs(Encapsulations.GENEVE);
        assertThat(Encapsulations.forUdpPorts(4789, 6081)).as("the destination port first")
                .isSameAs(Encapsulations.GENEVE);
        assertThat(Encapsulations.forIpProtocol(47)).isSameAs(Encapsulations.GRE);
        assertThat(Encapsulations.forIpProtocol(4)).isSameAs(Encapsulations.IPIP);
        assertThat(Encapsulations.forIpProtocol(41)).isSameAs(Encapsulations.IPV6_IN_IP);
        assertThat(Encapsulations.forIpProtocol(17)).isNull();
        assertThat(Encapsulations.forEtherType(0x894f)).isSameAs(Encapsulations.NSH);
        assertThat(Encapsulations.forUdpPort(0x894f)).as("an EtherType is not a port").isNull();
        assertThat(Encapsulations.forFilterName("GENEVE")).isSameAs(Encapsulations.GENEVE);
    }

    @Test
    void geneveHeaderReadsBackWithItsOptions() {
        byte[] options = Geneve.option(0x0102, 0x80, new byte[] {1, 2, 3, 4, 5});
        assertThat(options).hasSize(12);
        byte[] h = Geneve.header(0x1389, Encapsulations.ETHERTYPE_TEB, Geneve.FLAG_CRITICAL, options);
        Geneve g = Encapsulations.GENEVE;
        assertThat(g.headerLength(h, 0)).isEqualTo(20);
        assertThat(g.payloadType(h, 0)).isEqualTo(0x6558);
        assertThat(g.key(h, 0)).isEqualTo(0x1389);
        assertThat(g.fields(h, 0, 20)).extracting(f -> f.name()).containsExactly("Version", "Options length", "Flags",
                "Protocol type", "VNI", "Reserved", "Option");
        h[0] |= 0x40;
        assertThat(g.payloadType(h, 0)).as("an unknown version says nothing about what follows").isEqualTo(-1);
        assertThatThrownBy(() -> Geneve.header(1, 0x6558, 0, new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void greWritesKeySequenceAndAChecksumThatVerifies() {
        byte[] payload = {1, 2, 3, 4, 5};
        byte[] g = Gre.wrap(0x6558, payload, 0, payload.length, true, 0x28, 171);
        Gre gre = Encapsulations.GRE;
        assertThat(gre.headerLength(g, 0)).isEqualTo(16);
        assertThat(gre.key(g, 0)).isEqualTo(0x28);
        assertThat(Checksums.internet(g, 0, g.length)).isZero();
        assertThat(gre.fields(g, 0, 16)).extracting(f -> f.name()).containsExactly("Flags and version",
                "Protocol type", "Checksum", "Reserved", "Key", "Sequence number");
        byte[] plain = Gre.wrap(0x0800, payload);
        assertThat(gre.headerLength(plain, 0)).isEqualTo(4);
        assertThat(gre.key(plain, 0)).isEqualTo(-1);
        assertThat(gre.payloadType(plain, 0)).isEqualTo(0x0800);
    }

    @Test
    void vxlanKeyNeedsTheIFlagAndGpeNamesItsNextProtocol() {
        byte[] v = Vxlan.wrap(256, new byte[14]);
        assertThat(Encapsulations.VXLAN.key(v, 0)).isEqualTo(256);
        v[0] = 0;
        assertThat(Encapsulations.VXLAN.key(v, 0)).isEqualTo(-1);
        byte[] gpe = VxlanGpe.header(300, VxlanGpe.NEXT_NSH);
        assertThat(Encapsulations.VXLAN_GPE.payloadType(gpe, 0)).isEqualTo(Encapsulations.ETHERTYPE_NSH);
        assertThat(Encapsulations.VXLAN_GPE.key(gpe, 0)).isEqualTo(300);
        gpe[3] = 9;
        assertThat(Encapsulations.VXLAN_GPE.payloadType(gpe, 0)).isEqualTo(-1);
        assertThat(Encapsulations.IPIP.headerLength(gpe, 0)).isZero();
        assertThat(Encapsulations.IPV6_IN_IP.payloadType(gpe, 0)).isEqualTo(Encapsulations.ETHERTYPE_IPV6);
    }
}
