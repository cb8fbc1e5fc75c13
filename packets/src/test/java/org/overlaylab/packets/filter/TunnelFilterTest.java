/* Display and capture filters over every encapsulation of the registry: its word, the keys (VNI, GRE key) and the headers inside. */
package org.overlaylab.packets.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.TunnelSamples;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Gre;

class TunnelFilterTest {
    private final List<byte[]> geneve = TunnelSamples.all().get("geneve");
    private final List<byte[]> gpe = TunnelSamples.all().get("vxlan-gpe");
    private final List<byte[]> ipInIp = TunnelSamples.all().get("ip-in-ip");
    private final byte[] greKey = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1), true, 40,
            Gre.NO_SEQUENCE);
    private final byte[] vxlan = Frames.vxlan(Corpus.underlay(), 40000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);

    private static boolean m(String filter, byte[] frame) throws FilterSyntaxException {
        return DisplayFilter.parse(filter).matches(frame);
    }

    @Test
    void eachEncapsulationHasItsWord() throws Exception {
        assertThat(m("geneve", geneve.get(0))).isTrue();
        assertThat(m("vxlan", geneve.get(0))).isFalse();
        assertThat(m("geneve and icmp and host 10.0.0.3", geneve.get(2))).as("bare IPv4 inside Geneve").isTrue();
        assertThat(m("vxlan-gpe and nsh and host 10.0.0.3", gpe.get(3))).isTrue();
        assertThat(m("nsh", gpe.get(0))).isFalse();
        assertThat(m("ipip and icmp", ipInIp.get(0))).isTrue();
        assertThat(m("6in4 and icmp6", ipInIp.get(2))).isTrue();
        assertThat(m("ipip", ipInIp.get(2))).isFalse();
        assertThat(m("gre and ipip and host 10.0.0.3", ipInIp.get(4))).isTrue();
        assertThat(m("gre", greKey)).isTrue();
    }

    @Test
    void vniMatchesVxlanGeneveAndGpeKeyMatchesGreKeys() throws Exception {
        assertThat(m("vni 11", geneve.get(0))).isTrue();
        assertThat(m("vni 256", vxlan)).isTrue();
        assertThat(m("vni 300", gpe.get(0))).isTrue();
        assertThat(m("key 40", greKey)).isTrue();
        assertThat(m("key 0x28", greKey)).as("as tcpdump prints it: key=0x28").isTrue();
        assertThat(m("vni 40", greKey)).as("a GRE key is not a VNI").isFalse();
        assertThat(m("key 256", vxlan)).as("a VNI is not a GRE key").isFalse();
        assertThat(m("key 4294967295", greKey)).isFalse();
    }

    @Test
    void captureFiltersSeeTheOuterTunnelHeaderOnly() throws Exception {
        assertThat(DisplayFilter.parseCapture("geneve").matches(geneve.get(0))).isTrue();
        assertThat(DisplayFilter.parseCapture("vni 11").matches(geneve.get(0))).isTrue();
        assertThat(DisplayFilter.parseCapture("icmp").matches(geneve.get(0))).isFalse();
        assertThat(DisplayFilter.parseCapture("ipip").matches(ipInIp.get(4))).as("inside GRE").isFalse();
    }

    @Test
    void badKeysAndUnknownWordsSayWhatIsExpected() {
        assertThatThrownBy(() -> DisplayFilter.parse("key 4294967296")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> DisplayFilter.parse("key zz")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("not a tunnel key");
        assertThatThrownBy(() -> DisplayFilter.parse("geneva")).isInstanceOf(FilterSyntaxException.class)
                .hasMessageContaining("vxlan, geneve, vxlan-gpe, gre, ipip, 6in4, nsh");
    }
}
