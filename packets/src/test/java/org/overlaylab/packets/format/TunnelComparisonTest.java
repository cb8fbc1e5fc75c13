/*
 * Our tunnel printers against the real `tcpdump -nn -r` on this machine, frame by frame: the
 * built tunnel samples and tcpdump's own tunnel captures, whole, cut at every length (the
 * truncation paths of each header; an SSH payload inside is left whole, tcpdump's SSH printer
 * is not reproduced) and with their IP length fields lengthened and shortened, with and without -e.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;
import org.overlaylab.packets.TunnelSamples;
import org.overlaylab.packets.filter.DisplayFilter;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

class TunnelComparisonTest {

    @TempDir
    Path dir;

    @BeforeEach
    void needsTcpdump() {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
    }

    /** Every frame of the built samples and of the public captures, once. */
    private static List<byte[]> frames() throws Exception {
        List<byte[]> l = new ArrayList<>();
        TunnelSamples.all().values().forEach(l::addAll);
        for (String name : TunnelGoldenTest.PUBLIC) {
            for (PcapRecord r : TunnelGoldenTest.records(name)) {
                if (r.data().length == r.originalLength() && r.data().length < 2000) {
                    l.add(r.data());
                }
            }
        }
        return l;
    }

    @Test
    void everySampleMatchesTcpdumpWithAndWithoutE() throws Exception {
        List<PcapRecord> records = TcpdumpComparisonTest.records(frames(), Corpus.T0);
        compare(records, "whole", false);
        compare(records, "whole-e", true);
    }

    @Test
    void everyTruncationMatchesTcpdump() throws Exception {
        List<PcapRecord> cut = new ArrayList<>();
        long t = Corpus.T0;
        DisplayFilter ssh = DisplayFilter.parse("tcp and port 22");
        for (byte[] f : frames()) {
            // the tunnel headers and the first inner headers are where the printers differ; an SSH
            // payload is printed by tcpdump's SSH printer, not reproduced here, so it is not cut into
            int end = Math.min(f.length, 160);
            if (ssh.matches(f)) {
                end = Math.min(end, LayerTree.of(f).layers().stream().filter(l -> l.name().equals(LayerTree.DATA))
                        .mapToInt(Layer::offset).findFirst().orElse(end));
            }
            for (int len = 1; len < end; len++) {
                cut.add(new PcapRecord(t / 1_000_000, (int) (t % 1_000_000), Arrays.copyOf(f, len), f.length));
                t += 1000;
            }
        }
        compare(cut, "cut", false);
        compare(cut, "cut-e", true);
    }

    @Test
    void shortenedAndLengthenedPacketsMatchTcpdump() throws Exception {
        List<PcapRecord> l = new ArrayList<>();
        long t = Corpus.T0;
        for (byte[] f : frames()) {
            if (f.length <= 18 || (f[12] & 0xff) != 0x08 || f[13] != 0) {
                continue;
            }
            for (int delta : new int[] {-60, -30, -13, -9, -1, 1, 8, 40}) {
                byte[] g = f.clone();
                int ipLen = Math.max(0, (((g[16] & 0xff) << 8) | (g[17] & 0xff)) + delta);
                g[16] = (byte) (ipLen >> 8);
                g[17] = (byte) ipLen;
                l.add(PcapRecord.of(t, g));
                t += 1000;
            }
        }
        compare(l, "lengths", false);
    }

    private void compare(List<PcapRecord> records, String name, boolean linkLevel) throws Exception {
        Path file = dir.resolve(name + ".pcap");
        Tools.writePcap(file, records);
        String expected = linkLevel ? Tools.tcpdump(file, "UTC", "-e") : Tools.tcpdump(file, "UTC");
        String actual = TcpdumpComparisonTest.ours(records, "UTC", linkLevel);
        List<String> e = List.of(expected.split("\n(?=\\d\\d:\\d\\d:\\d\\d\\.)"));
        List<String> a = List.of(actual.split("\n(?=\\d\\d:\\d\\d:\\d\\d\\.)"));
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "<none>";
            String y = i < a.size() ? a.get(i) : "<none>";
            if (!x.equals(y)) {
                diffs.add("tcpdump: " + x + "\nours:    " + y);
            }
        }
        assertThat(diffs).as("%s: %d frames differ of %d", name, diffs.size(), records.size()).isEmpty();
    }
}
