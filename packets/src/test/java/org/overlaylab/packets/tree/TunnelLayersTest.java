/* The layer tree through every encapsulation of the registry: tunnel layers, their fields' bytes, and the frames inside. */
package org.overlaylab.packets.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.TunnelSamples;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Gre;

class TunnelLayersTest {

    private static List<String> names(LayerTree t) {
        return t.layers().stream().map(Layer::name).toList();
    }

    private static Field field(Layer l, String name) {
        return l.fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void geneveWithOptionsShowsEachOptionAndTheFrameInside() {
        byte[] options = Geneve.option(0x0102, 0x80, new byte[] {0, 1, 0, 2});
        byte[] f = Frames.geneve(Corpus.underlay(), 50525, 10, 0x6558, Geneve.FLAG_CRITICAL, options, Corpus.ping(1));
        LayerTree t = LayerTree.of(f, (i, layer) -> layer.isTunnel() ? "added by node1:genev_sys_6081" : null);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "UDP", "Geneve", "Ethernet", "IPv4", "ICMP", "Data");
        assertThat(t.malformed()).isFalse();
        Layer g = t.layers().get(3);
        assertThat(g.offset()).isEqualTo(42);
        assertThat(g.length()).isEqualTo(16);
        assertThat(g.summary()).isEqualTo("VNI 10, 8 bytes of options");
        assertThat(g.annotation()).isEqualTo("added by node1:genev_sys_6081");
        assertThat(field(g, "VNI")).extracting(Field::display, Field::offset, Field::length).containsExactly("10", 46, 3);
        Field option = field(g, "Option");
        assertThat(option.display()).isEqualTo("Open Virtual Networking (OVN), type 0x80");
        assertThat(option.offset()).isEqualTo(50);
        assertThat(option.length()).isEqualTo(8);
        assertThat(option.children()).extracting(Field::name).containsExactly("Class", "Type", "Length", "Data");
        assertThat(field(g, "Flags").children().get(1).display()).isEqualTo("set");
        assertThat(t.layerAt(52).name()).isEqualTo("Geneve");
        assertThat(t.layers().get(4).offset()).isEqualTo(58);
    }

    @Test
    void vxlanGpeCarriesNshCarryingIpv4() {
        byte[] f = TunnelSamples.all().get("vxlan-gpe").get(3);
        LayerTree t = LayerTree.of(f);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "UDP", "VXLAN-GPE", "NSH", "IPv4", "ICMP", "Data");
        assertThat(t.layers().get(3).summary()).isEqualTo("VNI 16777215, next protocol NSH");
        assertThat(field(t.layers().get(4), "Service path identifier").display()).isEqualTo(String.valueOf(0xabcd));
        assertThat(t.layers().get(4).isTunnel()).isTrue();
    }

    @Test
    void greOptionalFieldsEachHaveTheirBytes() {
        byte[] f = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1), true, 40, 171);
        LayerTree t = LayerTree.of(f);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "GRE", "Ethernet", "IPv4", "ICMP", "Data");
        Layer gre = t.layers().get(2);
        assertThat(gre.length()).isEqualTo(16);
        assertThat(field(gre, "Checksum")).extracting(Field::offset, Field::length).containsExactly(38, 2);
        assertThat(field(gre, "Key")).extracting(Field::display, Field::offset).containsExactly("40", 42);
        assertThat(field(gre, "Sequence number")).extracting(Field::display, Field::offset).containsExactly("171", 46);
        assertThat(t.layers().get(3).offset()).isEqualTo(50);
    }

    @Test
    void ipInIpHasNoHeaderOfItsOwnAndIpv6InIpv4IsDecoded() {
        List<byte[]> l = TunnelSamples.all().get("ip-in-ip");
        assertThat(names(LayerTree.of(l.get(0)))).containsExactly("Ethernet", "IPv4", "IPv4", "ICMP", "Data");
        assertThat(names(LayerTree.of(l.get(2)))).containsExactly("Ethernet", "IPv4", "IPv6", "ICMPv6", "Data");
        assertThat(names(LayerTree.of(l.get(4)))).containsExactly("Ethernet", "IPv4", "GRE", "IPv4", "IPv4", "ICMP",
                "Data");
    }

    @Test
    void geneveOptionsCutShortEndInAMalformedLayer() {
        byte[] full = Frames.geneve(Corpus.underlay(), 50525, 10, 0x6558, 0,
                Geneve.option(0x0102, 0x80, new byte[8]), Corpus.ping(1));
        LayerTree t = LayerTree.of(Arrays.copyOf(full, 14 + 20 + 8 + 12));
        Layer last = t.layers().get(t.layers().size() - 1);
        assertThat(last.name()).isEqualTo("Malformed");
        assertThat(last.summary()).isEqualTo("Geneve header with optional fields needs 20 bytes, 12 left");
        assertThat(LayerTree.of(Frames.gre(Corpus.underlay(), 0x1234, new byte[6], false, Gre.NO_KEY, 1)).layers())
                .extracting(Layer::name).containsExactly("Ethernet", "IPv4", "GRE", "Data");
    }
}
