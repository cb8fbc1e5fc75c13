/* Geneve decoded by Pcap4J through our factory binder (and FrameDecoder), built back byte for byte. */
package org.overlaylab.packets.pcap4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Geneve;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.SimpleBuilder;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.EtherType;

class GenevePacketTest {
    private final byte[] options = Geneve.option(0x0102, 0x80, new byte[] {0, 1, 0, 2});

    @Test
    void frameDecoderFindsGeneveAndTheEthernetFrameInside() {
        byte[] f = Frames.geneve(Corpus.underlay(), 50525, 10, Frames.ETHERTYPE_TEB, Geneve.FLAG_CRITICAL, options,
                Corpus.ping(1));
        FrameDecoder.DecodedFrame d = FrameDecoder.decode(f);
        assertThat(d.malformed()).isFalse();
        GenevePacket g = d.get(GenevePacket.class);
        assertThat(g).isNotNull();
        assertThat(g.getHeader().getVni()).isEqualTo(10);
        assertThat(g.getHeader().hasCriticalOptions()).isTrue();
        assertThat(g.getHeader().isOam()).isFalse();
        assertThat(g.getHeader().getOptions()).isEqualTo(options);
        assertThat(g.getHeader().length()).isEqualTo(16);
        assertThat(g.getPayload()).isInstanceOf(EthernetPacket.class);
        assertThat(g.getPayload().get(IcmpV4CommonPacket.class)).isNotNull();
        assertThat(d.packet().getRawData()).isEqualTo(f);
    }

    @Test
    void aBareIpv4PayloadIsDecodedByItsProtocolType() {
        byte[] f = Frames.geneve(Corpus.underlay(), 50525, 0x1389, Frames.ETHERTYPE_IPV4, 0, new byte[0],
                Frames.ipPacketOf(Corpus.ping(2)));
        GenevePacket g = FrameDecoder.decode(f).get(GenevePacket.class);
        assertThat(g.getPayload()).isInstanceOf(IpV4Packet.class);
        assertThat(g.getHeader().getProtocolType()).isEqualTo(EtherType.IPV4);
    }

    @Test
    void builderMakesTheSameBytesAsTheWire() {
        byte[] inner = Corpus.ping(1);
        GenevePacket built = new GenevePacket.Builder().vni(10).flags(Geneve.FLAG_CRITICAL)
                .protocolType(EtherType.getInstance((short) Frames.ETHERTYPE_TEB)).options(options)
                .payloadBuilder(new SimpleBuilder(UnknownPacket.newPacket(inner, 0, inner.length))).build();
        byte[] wire = Geneve.header(10, Frames.ETHERTYPE_TEB, Geneve.FLAG_CRITICAL, options);
        byte[] expected = Arrays.copyOf(wire, wire.length + inner.length);
        System.arraycopy(inner, 0, expected, wire.length, inner.length);
        assertThat(built.getRawData()).isEqualTo(expected);
        assertThat(built.getBuilder().build()).isEqualTo(built);
    }

    @Test
    void optionsCutShortAreKeptAsAnIllegalPacket() {
        byte[] f = Frames.geneve(Corpus.underlay(), 50525, 10, Frames.ETHERTYPE_TEB, 0, options, new byte[0]);
        byte[] cut = Arrays.copyOf(f, f.length - 4);
        cut[16] = 0;
        cut[17] = (byte) (cut.length - 14);
        cut[38] = 0;
        cut[39] = (byte) (cut.length - 34);
        FrameDecoder.DecodedFrame d = FrameDecoder.decode(cut);
        assertThat(d.malformed()).isTrue();
        assertThat(d.get(IllegalPacket.class)).isNotNull();
    }
}
