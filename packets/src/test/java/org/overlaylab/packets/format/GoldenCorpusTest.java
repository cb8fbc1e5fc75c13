/*
 * The golden corpus under src/test/resources/golden: pcaps with the exact text tcpdump 4.99.3
 * printed for them (`TZ=UTC tcpdump -nn -r`, and -e for the *.e.txt files). Our formatter must
 * reproduce it byte for byte without tcpdump being present. Run with -Dgolden.regenerate=true
 * to rewrite the corpus from the samples and the installed tcpdump.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;

class GoldenCorpusTest {
    static final List<String> NAMES = List.of("arp", "ping", "icmp-errors", "udp", "tcp", "vxlan-4789",
            "vxlan-8472", "gre", "dns", "dns-docker", "tcp-apps", "ipv6", "vlan", "other");

    @Test
    void formatterReproducesTheStoredTcpdumpOutput() throws Exception {
        if (Boolean.getBoolean("golden.regenerate")) {
            regenerate(Path.of("src/test/resources/golden"));
        }
        for (String name : NAMES) {
            for (boolean e : new boolean[] {false, true}) {
                String expected = resource(name + (e ? ".e.txt" : ".txt"));
                TcpdumpFormatter f = new TcpdumpFormatter(ZoneId.of("UTC"), e);
                StringBuilder sb = new StringBuilder();
                try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".pcap");
                     PcapReader r = PcapReader.open(in)) {
                    for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                        sb.append(f.format(rec)).append('\n');
                    }
                }
                assertThat(sb.toString()).as(name + (e ? " -e" : "")).isEqualTo(expected);
            }
        }
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void regenerate(Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<String, List<byte[]>> all = Corpus.all();
        for (String name : NAMES) {
            Path pcap = dir.resolve(name + ".pcap");
            Tools.writePcap(pcap, TcpdumpComparisonTest.records(all.get(name), Corpus.T0));
            Files.writeString(dir.resolve(name + ".txt"), Tools.tcpdump(pcap, "UTC"), StandardCharsets.ISO_8859_1);
            Files.writeString(dir.resolve(name + ".e.txt"), Tools.tcpdump(pcap, "UTC", "-e"), StandardCharsets.ISO_8859_1);
        }
    }
}
