/* FrameFields' allocation-free reads through the registry: which tunnel, its key, and where the packet inside starts. */
package org.overlaylab.packets.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.TunnelSamples;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Gre;

class TunnelFieldsTest {

    @Test
    void geneveCarryingEthernetHasItsFrameAfterTheOptions() {
        byte[] f = Frames.geneve(Corpus.underlay(), 50525, 10, Frames.ETHERTYPE_TEB, 0,
                Geneve.option(0x0102, 0x80, new byte[4]), Corpus.ping(1));
        assertThat(FrameFields.tunnel(f, 0)).isSameAs(Encapsulations.GENEVE);
        assertThat(FrameFields.tunnelKey(f, 0)).isEqualTo(10);
        assertThat(FrameFields.innerFrameOffset(f, 0)).isEqualTo(14 + 20 + 8 + 16);
        assertThat(FrameFields.icmpSequence(f, FrameFields.innerFrameOffset(f, 0))).isEqualTo(1);
        assertThat(FrameFields.vxlanVni(f, 0)).isEqualTo(-1);
    }

    @Test
    void tunnelsCarryingBareIpHaveNoInnerEthernetButAPayloadOffset() {
        List<byte[]> ipInIp = TunnelSamples.all().get("ip-in-ip");
        assertThat(FrameFields.tunnel(ipInIp.get(0), 0)).isSameAs(Encapsulations.IPIP);
        assertThat(FrameFields.innerFrameOffset(ipInIp.get(0), 0)).isEqualTo(-1);
        assertThat(FrameFields.tunnelPayloadType(ipInIp.get(0), 0)).isEqualTo(Encapsulations.ETHERTYPE_IPV4);
        assertThat(FrameFields.tunnelPayloadOffset(ipInIp.get(0), 0)).isEqualTo(34);
        byte[] gpe = TunnelSamples.all().get("vxlan-gpe").get(0);
        assertThat(FrameFields.tunnel(gpe, 0)).isSameAs(Encapsulations.VXLAN_GPE);
        assertThat(FrameFields.tunnelPayloadOffset(gpe, 0)).isEqualTo(14 + 20 + 8 + 8);
    }

    @Test
    void greOptionalFieldsMoveThePayload() {
        byte[] f = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1), true, 40, 7);
        assertThat(FrameFields.greProtocol(f, 0)).isEqualTo(0x6558);
        assertThat(FrameFields.grePayloadOffset(f, 0)).isEqualTo(14 + 20 + 16);
        assertThat(FrameFields.innerFrameOffset(f, 0)).isEqualTo(14 + 20 + 16);
        assertThat(FrameFields.tunnelKey(f, 0)).isEqualTo(40);
        byte[] noKey = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1), false, Gre.NO_KEY, 7);
        assertThat(FrameFields.tunnelKey(noKey, 0)).isEqualTo(-1);
        assertThat(FrameFields.tunnel(java.util.Arrays.copyOf(f, 14 + 20 + 10), 0)).as("options cut off").isNull();
    }
}
