/*
 * Compares our formatter with the real `tcpdump -nn -r` on this machine, byte for byte: every
 * corpus sample, every sample cut at every length (tcpdump's truncation paths), in two time
 * zones, with and without -e.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;

class TcpdumpComparisonTest {

    @TempDir
    Path dir;

    static List<PcapRecord> records(List<byte[]> frames, long startMicros) {
        List<PcapRecord> l = new ArrayList<>();
        long t = startMicros;
        for (byte[] f : frames) {
            l.add(PcapRecord.of(t, f));
            t += 1_234_567;
        }
        return l;
    }

    static String ours(List<PcapRecord> records, String tz, boolean linkLevel) {
        TcpdumpFormatter f = new TcpdumpFormatter(ZoneId.of(tz), linkLevel);
        StringBuilder sb = new StringBuilder();
        for (PcapRecord r : records) {
            sb.append(f.format(r)).append('\n');
        }
        return sb.toString();
    }

    private void compare(List<PcapRecord> records, String name, String tz, boolean linkLevel) throws Exception {
        Path file = dir.resolve(name + ".pcap");
        Tools.writePcap(file, records);
        String expected = linkLevel ? Tools.tcpdump(file, tz, "-e") : Tools.tcpdump(file, tz);
        String actual = ours(records, tz, linkLevel);
        assertThat(actual).as("sample %s (TZ=%s, -e=%s)", name, tz, linkLevel).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Europe/Helsinki", "America/St_Johns"})
    void everySampleMatchesTcpdump(String tz) throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        for (Map.Entry<String, List<byte[]>> e : Corpus.all().entrySet()) {
            compare(records(e.getValue(), Corpus.T0), e.getKey(), tz, false);
        }
    }

    @Test
    void linkLevelHeadersMatchTcpdumpE() throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        for (Map.Entry<String, List<byte[]>> e : Corpus.all().entrySet()) {
            compare(records(e.getValue(), Corpus.T0), e.getKey(), "UTC", true);
        }
    }

    @Test
    void everyTruncationMatchesTcpdump() throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        List<PcapRecord> cut = new ArrayList<>();
        long t = Corpus.T0;
        for (List<byte[]> frames : Corpus.all().values()) {
            for (byte[] f : frames) {
                for (int len = 1; len < f.length; len++) {
                    byte[] part = java.util.Arrays.copyOf(f, len);
                    cut.add(new PcapRecord(t / 1_000_000, (int) (t % 1_000_000), part, f.length));
                    t += 1000;
                }
            }
        }
        compareLineByLine(cut, "cut", false);
    }

    @Test
    void shortenedWireLengthsMatchTcpdump() throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        // frames whose IP/UDP length fields claim more or less than what was captured
        List<PcapRecord> l = new ArrayList<>();
        long t = Corpus.T0;
        for (List<byte[]> frames : Corpus.all().values()) {
            for (byte[] f : frames) {
                for (int delta : new int[] {-30, -9, -1, 1, 8, 40}) {
                    byte[] g = f.clone();
                    if (g.length > 18 && (g[12] & 0xff) == 0x08 && g[13] == 0) {
                        int ipLen = ((g[16] & 0xff) << 8) | (g[17] & 0xff);
                        ipLen = Math.max(0, ipLen + delta);
                        g[16] = (byte) (ipLen >> 8);
                        g[17] = (byte) ipLen;
                    }
                    l.add(PcapRecord.of(t, g));
                    t += 1000;
                }
            }
        }
        compareLineByLine(l, "lengths", false);
    }

    private void compareLineByLine(List<PcapRecord> records, String name, boolean linkLevel) throws Exception {
        Path file = dir.resolve(name + ".pcap");
        Tools.writePcap(file, records);
        String expected = linkLevel ? Tools.tcpdump(file, "UTC", "-e") : Tools.tcpdump(file, "UTC");
        String actual = ours(records, "UTC", linkLevel);
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
        assertThat(diffs).as("%d frames differ of %d", diffs.size(), records.size()).isEmpty();
    }
}
