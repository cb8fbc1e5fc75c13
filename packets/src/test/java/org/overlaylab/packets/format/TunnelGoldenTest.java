/*
 * The tunnel captures under src/test/resources/tunnels (built with the frame builders, and from
 * tcpdump's own test suite) with the exact text tcpdump 4.99.3 printed for them, with and
 * without -e: the formatter must reproduce it byte for byte without tcpdump being present.
 * -Dgolden.regenerate=true rewrites the built captures and every text from the installed tcpdump.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;
import org.overlaylab.packets.TunnelSamples;

class TunnelGoldenTest {
    static final List<String> BUILT = List.of("built-geneve", "built-vxlan-gpe", "built-gre-options", "built-ip-in-ip");
    static final List<String> PUBLIC = List.of("tcpdump-geneve-no-ssh", "tcpdump-geneve-gcp",
            "tcpdump-gso-ipv4-geneve-ipv4", "tcpdump-nsh-over-vxlan-gpe", "tcpdump-vxlan", "tcpdump-vxlan_port_8472",
            "tcpdump-various_gre-gre-only", "tcpdump-erspan-type-ii-1", "tcpdump-wccp_redirect_gre",
            "tcpdump-gre-heapoverflow-1", "tcpdump-gre-heapoverflow-2");
    private static final Path DIR = Path.of("src/test/resources/tunnels");

    static Stream<String> captures() throws Exception {
        if (Boolean.getBoolean("golden.regenerate")) {
            regenerate();
        }
        return Stream.concat(BUILT.stream(), PUBLIC.stream());
    }

    @ParameterizedTest
    @MethodSource("captures")
    void formatterReproducesWhatTcpdumpPrinted(String name) throws Exception {
        for (boolean e : new boolean[] {false, true}) {
            String expected = resource(name + (e ? ".e.txt" : ".txt"));
            assertThat(expected).as("golden text of " + name).isNotEmpty();
            assertThat(format(name, e)).as(name + (e ? " -e" : "")).isEqualTo(expected);
        }
    }

    /** Our text for a stored capture, one line per frame as tcpdump writes it. */
    static String format(String name, boolean linkLevel) throws IOException {
        TcpdumpFormatter f = new TcpdumpFormatter(ZoneId.of("UTC"), linkLevel);
        StringBuilder sb = new StringBuilder();
        for (PcapRecord rec : records(name)) {
            sb.append(f.format(rec)).append('\n');
        }
        return sb.toString();
    }

    static List<PcapRecord> records(String name) throws IOException {
        List<PcapRecord> l = new ArrayList<>();
        try (InputStream in = TunnelGoldenTest.class.getResourceAsStream("/tunnels/" + name + ".pcap");
             PcapReader r = PcapReader.open(in)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                l.add(rec);
            }
        }
        return l;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TunnelGoldenTest.class.getResourceAsStream("/tunnels/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void regenerate() throws Exception {
        Map<String, List<byte[]>> samples = TunnelSamples.all();
        for (String name : BUILT) {
            Tools.writePcap(DIR.resolve(name + ".pcap"),
                    TcpdumpComparisonTest.records(samples.get(name.substring("built-".length())), Corpus.T0));
        }
        for (String name : Stream.concat(BUILT.stream(), PUBLIC.stream()).toList()) {
            Path pcap = DIR.resolve(name + ".pcap");
            Files.writeString(DIR.resolve(name + ".txt"), Tools.tcpdump(pcap, "UTC"), StandardCharsets.ISO_8859_1);
            Files.writeString(DIR.resolve(name + ".e.txt"), Tools.tcpdump(pcap, "UTC", "-e"),
                    StandardCharsets.ISO_8859_1);
        }
    }
}
