/*
 * BGP in the detail view: a segment between BIRD peers as Calico's lab sends them (OPEN with its
 * capabilities, KEEPALIVE, an UPDATE announcing and withdrawing prefixes, a NOTIFICATION) becomes
 * one layer per message with its type and, for the UPDATE, every prefix; the same for every BGP
 * segment of tcpdump's own BGP test capture, where nothing but cut messages is malformed.
 */
package org.overlaylab.packets.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;

class BgpLayersTest {

    private static byte[] message(int type, int... body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < 16; i++) {
            m.write(0xff);
        }
        int len = 19 + body.length;
        m.write(len >> 8);
        m.write(len);
        m.write(type);
        for (int v : body) {
            m.write(v);
        }
        return m.toByteArray();
    }

    @Test
    void aSegmentBetweenPeersListsEachMessageAndEveryPrefix() {
        byte[] open = message(1, 4, 0xfc, 0x00, 0, 240, 192, 168, 205, 10, 14,
                2, 12, 1, 4, 0, 1, 0, 1, 65, 4, 0, 0, 0xfc, 0x00);
        byte[] keepalive = message(4);
        byte[] update = message(2, 0, 2, 8, 10, // withdrawn 10.0.0.0/8
                0, 25, // path attributes: 4 + 7 + 7 + 7 bytes
                0x40, 1, 1, 0, // ORIGIN IGP
                0x40, 2, 4, 2, 1, 0xfc, 0x00, // AS_PATH 64512
                0x40, 3, 4, 192, 168, 205, 10, // NEXT_HOP
                0x40, 5, 4, 0, 0, 0, 100, // LOCAL_PREF 100
                20, 10, 13, 48, // 10.13.48.0/20
                16, 192, 168); // 192.168.0.0/16
        byte[] notification = message(3, 6, 2);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (byte[] m : List.of(open, keepalive, update, notification)) {
            payload.write(m, 0, m.length);
        }
        byte[] frame = Frames.tcp(Hop.of(Corpus.NODE1_MAC, Corpus.NODE2_MAC, Corpus.NODE1, Corpus.NODE2), 50000, 179,
                1, 1, Frames.TCP_ACK | Frames.TCP_PSH, 502, new byte[0], payload.toByteArray());
        LayerTree tree = LayerTree.of(frame);
        assertThat(tree.malformed()).isFalse();
        List<Layer> bgp = tree.layers().stream().filter(l -> l.name().equals(LayerTree.BGP)).toList();
        assertThat(bgp).extracting(Layer::summary).containsExactly(
                "OPEN, AS 64512, id 192.168.205.10",
                "KEEPALIVE",
                "UPDATE, 2 prefixes (10.13.48.0/20, 192.168.0.0/16), 1 withdrawn",
                "NOTIFICATION, Cease, subcode 2");
        String text = tree.toText();
        assertThat(text).contains("Capability: Multiprotocol IPv4 unicast", "Capability: 4-byte AS 64512",
                "Withdrawn route: 10.0.0.0/8", "ORIGIN: IGP", "AS_PATH: 64512", "NEXT_HOP: 192.168.205.10",
                "LOCAL_PREF: 100", "Prefix: 10.13.48.0/20", "Prefix: 192.168.0.0/16", "Error code: Cease (6)");
        Layer u = bgp.get(2);
        Field nlri = u.fields().stream().filter(f -> f.name().equals("NLRI")).findFirst().orElseThrow();
        // the prefix's bytes are the length byte and its three address bytes, at the end of the message
        assertThat(nlri.children().get(0).length()).isEqualTo(4);
        assertThat(nlri.offset() + nlri.length()).isEqualTo(u.offset() + u.length());
    }

    @Test
    void everyBgpSegmentOfTcpdumpsTestCaptureDecodes() throws Exception {
        List<String> summaries = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/thirdparty/tcpdump/bgp-4byte-asn.pcap");
             CaptureReader r = CaptureReader.open(in)) {
            while (r.advance()) {
                LayerTree tree = LayerTree.of(r.data());
                for (Layer l : tree.layers()) {
                    if (l.name().equals(LayerTree.BGP)) {
                        summaries.add(l.summary());
                    }
                    assertThat(l.malformed()).as(tree.toText()).isFalse();
                }
            }
        }
        assertThat(summaries).anyMatch(s -> s.startsWith("OPEN, AS "));
        assertThat(summaries).anyMatch(s -> s.startsWith("UPDATE, ") && s.contains(" prefix"));
        assertThat(summaries).contains("KEEPALIVE");
    }
}
