/*
 * Every link type tcpdump reads on Linux against the real `tcpdump -nn -r` here: the corpus's
 * frames carried as BSD loopback (NULL in the capturing host's order, LOOP in network order), raw
 * IP (101, Linux's 12, and 228/229), Linux cooked v1 and v2 (every packet type, interface names
 * as this machine resolves them), and Ethernet whose pcap header sets the FCS-length bits
 * (0x04000001); with and without -e, whole and cut at every length.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;

@Tag("tools")
class LinkTypesAgainstTcpdumpTest {
    @TempDir
    Path dir;

    private static int etherType(byte[] f) {
        return ((f[12] & 0xff) << 8) | (f[13] & 0xff);
    }

    private static byte[] payload(byte[] f) {
        return Arrays.copyOfRange(f, 14, f.length);
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    private static boolean isIp(byte[] f) {
        return etherType(f) == 0x0800 || etherType(f) == 0x86dd;
    }

    /** The corpus's frames in the given link type; null drops a frame that type cannot carry. */
    private static Function<byte[], byte[]> convert(int linkType, int[] counter) {
        return f -> {
            int n = counter[0]++;
            return switch (linkType) {
                case 0 -> {
                    int family = etherType(f) == 0x0800 ? 2 : etherType(f) == 0x86dd ? (n % 2 == 0 ? 24 : 30)
                            : etherType(f);
                    yield concat(new byte[] {(byte) family, (byte) (family >> 8), 0, 0}, payload(f));
                }
                case 108 -> {
                    int family = etherType(f) == 0x0800 ? 2 : etherType(f) == 0x86dd ? 28 : 99;
                    yield concat(new byte[] {0, 0, 0, (byte) family}, payload(f));
                }
                case 12, 101, 228, 229 -> isIp(f) ? payload(f) : null;
                case 113 -> {
                    byte[] h = new byte[16];
                    h[1] = (byte) (n % 6); // In, B, M, P, Out, and one tcpdump names "?"
                    h[3] = 1;
                    h[5] = (byte) (n % 3 == 0 ? 4 : 6);
                    System.arraycopy(f, 6, h, 6, 6);
                    h[14] = f[12];
                    h[15] = f[13];
                    yield concat(h, payload(f));
                }
                case 276 -> {
                    byte[] h = new byte[20];
                    h[0] = f[12];
                    h[1] = f[13];
                    int index = n % 3 == 0 ? 1 : n % 3 == 1 ? 2 : 40_000;
                    h[4] = (byte) (index >> 24);
                    h[5] = (byte) (index >> 16);
                    h[6] = (byte) (index >> 8);
                    h[7] = (byte) index;
                    h[9] = 1;
                    h[10] = (byte) (n % 6);
                    h[11] = 6;
                    System.arraycopy(f, 6, h, 12, 6);
                    yield concat(h, payload(f));
                }
                default -> f;
            };
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 108, 12, 101, 228, 229, 113, 276, 0x04000001})
    void everyLinkTypeAsTcpdumpPrintsIt(int linkType) throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        int[] counter = {0};
        Function<byte[], byte[]> conv = convert(linkType, counter);
        List<byte[]> frames = new ArrayList<>();
        for (List<byte[]> sample : Corpus.all().values()) {
            for (byte[] f : sample) {
                byte[] g = conv.apply(f);
                if (g != null) {
                    frames.add(g);
                }
            }
        }
        List<PcapRecord> whole = TcpdumpComparisonTest.records(frames, Corpus.T0);
        List<PcapRecord> cut = new ArrayList<>();
        long t = Corpus.T0;
        for (byte[] f : frames) {
            for (int len = 1; len < f.length; len += Math.max(1, f.length / 40)) {
                cut.add(new PcapRecord(t / 1_000_000, (int) (t % 1_000_000), Arrays.copyOf(f, len), f.length));
                t += 1000;
            }
        }
        for (boolean e : new boolean[] {false, true}) {
            compare(linkType, whole, "whole", e);
            compare(linkType, cut, "cut", e);
        }
    }

    private void compare(int linkType, List<PcapRecord> records, String name, boolean linkLevel) throws Exception {
        Path file = dir.resolve(name + ".pcap");
        Tools.writePcap(file, linkType, records);
        String expected = linkLevel ? Tools.tcpdump(file, "UTC", "-e") : Tools.tcpdump(file, "UTC");
        TcpdumpFormatter f = new TcpdumpFormatter(ZoneOffset.UTC, linkLevel);
        StringBuilder sb = new StringBuilder();
        int type = linkType & 0x03ffffff;
        for (PcapRecord r : records) {
            f.formatLink(type, r.epochSecond(), r.micros(), r.data(), 0, r.data().length, r.originalLength(), sb);
            sb.append('\n');
        }
        List<String> e = List.of(expected.split("\n"));
        List<String> a = List.of(sb.toString().split("\n"));
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "<none>";
            String y = i < a.size() ? a.get(i) : "<none>";
            if (!x.equals(y) && diffs.size() < 10) {
                diffs.add("tcpdump: " + x + "\nours:    " + y);
            }
        }
        assertThat(diffs).as("link type %d, %s frames, -e=%s", linkType, name, linkLevel).isEmpty();
        assertThat(CaptureReader.LINKTYPE_ETHERNET).isEqualTo(1);
    }
}
