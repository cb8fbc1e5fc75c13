/* The detail view's layer tree: layer order, field byte ranges and bits, annotations, malformed tails. */
package org.overlaylab.packets.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.HexDump;
import org.overlaylab.packets.build.Frames;

class LayerTreeTest {

    private static List<String> names(LayerTree t) {
        return t.layers().stream().map(Layer::name).toList();
    }

    private static Field field(Layer l, String name) {
        return l.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void vxlanPingShowsEveryLayerWithByteRanges() {
        byte[] f = Frames.vxlan(Corpus.underlay(), 40000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
        LayerTree t = LayerTree.of(f);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "UDP", "VXLAN", "Ethernet", "IPv4", "ICMP", "Data");
        assertThat(t.malformed()).isFalse();
        Layer vx = t.layers().get(3);
        assertThat(vx.offset()).isEqualTo(42);
        assertThat(vx.length()).isEqualTo(8);
        Field vni = field(vx, "VNI");
        assertThat(vni.display()).isEqualTo("256");
        assertThat(vni.offset()).isEqualTo(46);
        assertThat(vni.length()).isEqualTo(3);
        assertThat(field(vx, "Flags").children().get(0).bitMask()).isEqualTo(0x08);
        Layer outerIp = t.layers().get(1);
        Field flags = field(outerIp, "Flags");
        assertThat(flags.children()).extracting(Field::name).contains("Don't fragment");
        assertThat(flags.children().get(1).bitMask()).isEqualTo(0x4000);
        assertThat(flags.children().get(1).display()).isEqualTo("set");
        assertThat(field(outerIp, "Header checksum").display()).endsWith("[correct]");
        assertThat(field(outerIp, "Time to live")).extracting(Field::offset, Field::length).containsExactly(22, 1);
        Layer icmp = t.layers().get(6);
        assertThat(icmp.summary()).isEqualTo("Echo request, id 23, seq 1");
        assertThat(field(icmp, "Sequence number").offset()).isEqualTo(50 + 14 + 20 + 6);
        assertThat(t.layerAt(47).name()).isEqualTo("VXLAN");
        assertThat(t.layerAt(90).name()).isEqualTo("ICMP");
    }

    @Test
    void callerAnnotatesTunnelHeadersWithTheDeviceThatAddedThem() {
        byte[] f = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1));
        LayerTree t = LayerTree.of(f, (index, layer) -> layer.isTunnel() ? "added by node1:gre0" : null);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "GRE", "Ethernet", "IPv4", "ICMP", "Data");
        assertThat(t.layers().get(2).annotation()).isEqualTo("added by node1:gre0");
        assertThat(t.layers().get(0).annotation()).isNull();
        assertThat(t.toText()).contains("GRE, protocol 0x6558 [34+4] {added by node1:gre0}");
    }

    @Test
    void truncatedFrameEndsInAMalformedLayerCoveringTheRest() {
        byte[] full = Frames.vxlan(Corpus.underlay(), 40000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
        byte[] cut = Arrays.copyOf(full, 60);
        LayerTree t = LayerTree.of(cut);
        Layer last = t.layers().get(t.layers().size() - 1);
        assertThat(t.malformed()).isTrue();
        assertThat(last.name()).isEqualTo("Malformed");
        assertThat(last.offset()).isEqualTo(50);
        assertThat(last.offset() + last.length()).isEqualTo(60);
        assertThat(LayerTree.of(new byte[3]).layers()).singleElement().extracting(Layer::malformed).isEqualTo(true);
    }

    @Test
    void arpAndPaddingAndIcmpErrorQuote() {
        LayerTree arp = LayerTree.of(Frames.padToMinimum(Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2)));
        assertThat(names(arp)).containsExactly("Ethernet", "ARP", "Padding");
        assertThat(arp.layers().get(1).summary()).isEqualTo("who has 192.168.205.11? tell 192.168.205.10");
        LayerTree err = LayerTree.of(Frames.icmpTimeExceeded(Corpus.underlay(), Frames.ipPacketOf(Corpus.ping(1))));
        assertThat(names(err)).containsExactly("Ethernet", "IPv4", "ICMP", "IPv4 (quoted)", "ICMP", "Data");
        assertThat(err.malformed()).isFalse();
    }

    @Test
    void hexDumpLinesShowOffsetHexAndAscii() {
        byte[] f = Corpus.ping(1);
        List<String> lines = HexDump.lines(f);
        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).isEqualTo("0000  02 42 0a 00 00 03 02 42  0a 00 00 02 08 00 45 00   .B.....B......E.");
        assertThat(lines.get(6)).startsWith("0060  ");
        assertThat(lines.get(0).substring(HexDump.hexColumn(12), HexDump.hexColumn(12) + 2)).isEqualTo("08");
        assertThat(lines.get(0).charAt(HexDump.asciiColumn(14))).isEqualTo('E');
    }
}
