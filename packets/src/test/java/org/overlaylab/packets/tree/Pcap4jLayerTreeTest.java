/*
 * The layer tree as a walk over Pcap4J's packet objects: where Pcap4J reads a frame wrongly the
 * tree still shows it right (an IPv6 Hop-by-Hop header with a Router Alert, a first IPv4
 * fragment), what Pcap4J rejects is a Malformed layer with its reason (a cut BGP message, an
 * IPv6 header of another version), and on every Ethernet frame of the golden and third-party
 * captures no layer runs past the frame or into the next one, and nothing throws.
 */
package org.overlaylab.packets.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;

class Pcap4jLayerTreeTest {

    private static List<String> names(LayerTree t) {
        return t.layers().stream().map(Layer::name).toList();
    }

    private static byte[] frame(String resource, int record) throws IOException {
        try (InputStream in = Pcap4jLayerTreeTest.class.getResourceAsStream(resource);
             CaptureReader r = CaptureReader.open(in)) {
            while (r.advance()) {
                if (r.recordNumber() == record) {
                    return r.data();
                }
            }
        }
        throw new IllegalArgumentException(resource + " has no record " + record);
    }

    @Test
    void aHopByHopHeaderWithARouterAlertIsMeasuredByItsLengthByte() throws Exception {
        // Pcap4J measures it by the options it knows (6 bytes) and reads the MLDv2 report 2 bytes early
        LayerTree t = LayerTree.of(frame("/golden/ipv6.pcap", 4));
        assertThat(names(t)).containsExactly("Ethernet", "IPv6", "IPv6 Hop-by-Hop Options", "ICMPv6", "Data");
        assertThat(t.layers().get(2)).extracting(Layer::offset, Layer::length).containsExactly(54, 8);
        assertThat(t.layers().get(3).summary()).isEqualTo("Multicast listener report v2, 2 group record(s)");
        assertThat(t.malformed()).isFalse();
    }

    @Test
    void aFirstFragmentShowsItsTransportHeaderAsTcpdumpDoes() throws Exception {
        LayerTree t = LayerTree.of(frame("/thirdparty/zeek/ipv4/fragmented-3.pcap", 1));
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "TCP", "Data");
        assertThat(t.layers().get(2).summary()).isEqualTo("1265 > 21 [ACK, PSH]");
    }

    @Test
    void aCutBgpMessageIsMalformedWithItsReason() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < 16; i++) {
            m.write(0xff);
        }
        m.write(0);
        m.write(40);
        m.write(2);
        byte[] frame = Frames.tcp(Hop.of(Corpus.NODE1_MAC, Corpus.NODE2_MAC, Corpus.NODE1, Corpus.NODE2), 179, 50000,
                1, 1, Frames.TCP_ACK | Frames.TCP_PSH, 502, new byte[0], Arrays.copyOf(m.toByteArray(), 30));
        LayerTree t = LayerTree.of(frame);
        assertThat(names(t)).containsExactly("Ethernet", "IPv4", "TCP", "Malformed");
        assertThat(t.layers().get(3).summary()).isEqualTo("UPDATE message of 40 bytes, 30 captured");
    }

    @Test
    void anIpv6HeaderOfAnotherVersionIsMalformedAsTcpdumpSays() throws Exception {
        LayerTree t = LayerTree.of(frame("/thirdparty/tcpdump/ipv6-bad-version.pcap", 2));
        assertThat(names(t)).containsExactly("Ethernet", "Malformed");
        assertThat(t.layers().get(1).summary()).isEqualTo("IP version 0 in an IPv6 frame");
    }

    @Test
    void onEveryCapturedFrameTheLayersStayInsideTheFrameAndDoNotOverlap() throws Exception {
        List<String> resources = new ArrayList<>();
        for (String name : List.of("arp", "ping", "icmp-errors", "udp", "tcp", "vxlan-4789", "vxlan-8472", "gre",
                "dns", "dns-docker", "tcp-apps", "ipv6", "vlan", "other")) {
            resources.add("/golden/" + name + ".pcap");
        }
        try (InputStream in = getClass().getResourceAsStream("/thirdparty/captures.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\n")) {
                if (!line.isBlank()) {
                    resources.add("/thirdparty/" + line.strip());
                }
            }
        }
        int frames = 0;
        for (String resource : resources) {
            try (InputStream in = getClass().getResourceAsStream(resource); CaptureReader r = CaptureReader.open(in)) {
                while (r.advance()) {
                    if (r.recordLinkType() != CaptureReader.LINKTYPE_ETHERNET) {
                        continue;
                    }
                    byte[] data = r.data();
                    LayerTree t = LayerTree.of(data);
                    int end = 0;
                    for (Layer l : t.layers()) {
                        String where = resource + " #" + r.recordNumber() + "\n" + t.toText();
                        assertThat(l.offset()).as(where).isGreaterThanOrEqualTo(end);
                        assertThat(l.offset() + l.length()).as(where).isLessThanOrEqualTo(data.length);
                        end = l.offset() + l.length();
                    }
                    frames++;
                }
            }
        }
        assertThat(frames).isGreaterThan(5000);
    }
}
