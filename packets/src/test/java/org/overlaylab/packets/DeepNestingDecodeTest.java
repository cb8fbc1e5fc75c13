/*
 * Frames wrapped thousands of times (IP in IP, GRE, VXLAN) decode without running out of stack,
 * printed as tcpdump 4.99 prints them, and `decode` stops at once when its reader goes away.
 */
package org.overlaylab.packets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeepNestingDecodeTest {
    @TempDir
    Path dir;

    private static final byte[] SRC = {10, 0, 0, 1};
    private static final byte[] DST = {10, 0, 0, 2};

    static int checksum(byte[] b) {
        long s = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (b.length % 2 == 1) {
            s += (b[b.length - 1] & 0xff) << 8;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** An IPv4 header; a total length past 65535 is written as 65535, as a forged frame would carry. */
    static byte[] ip(int proto, byte[] payload) {
        ByteBuffer h = ByteBuffer.allocate(20 + payload.length);
        h.put((byte) 0x45).put((byte) 0).putShort((short) Math.min(65535, 20 + payload.length)).putShort((short) 1)
                .putShort((short) 0).put((byte) 64).put((byte) proto).putShort((short) 0).put(SRC).put(DST);
        byte[] header = new byte[20];
        System.arraycopy(h.array(), 0, header, 0, 20);
        int c = checksum(header);
        h.putShort(10, (short) c);
        h.put(payload);
        return h.array();
    }

    static byte[] ether(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        for (int i = 0; i < 6; i++) {
            b.put((byte) 2);
        }
        for (int i = 0; i < 6; i++) {
            b.put((byte) 4);
        }
        b.putShort((short) 0x0800).put(payload);
        return b.array();
    }

    static byte[] ping() {
        byte[] icmp = {8, 0, 0, 0, 0, 1, 0, 1, 'a', 'b', 'c', 'd'};
        int c = checksum(icmp);
        icmp[2] = (byte) (c >> 8);
        icmp[3] = (byte) c;
        return ip(1, icmp);
    }

    static byte[] nested(String kind, int depth) {
        byte[] packet = ping();
        if (kind.equals("vxlan")) {
            byte[] frame = ether(packet);
            for (int i = 0; i < depth; i++) {
                ByteBuffer u = ByteBuffer.allocate(16 + frame.length);
                u.putShort((short) 40000).putShort((short) 4789).putShort((short) Math.min(65535, 16 + frame.length))
                        .putShort((short) 0).putInt(0x08000000).putInt(256 << 8).put(frame);
                frame = ether(ip(17, u.array()));
            }
            return frame;
        }
        for (int i = 0; i < depth; i++) {
            if (kind.equals("gre")) {
                ByteBuffer g = ByteBuffer.allocate(4 + packet.length);
                g.putShort((short) 0).putShort((short) 0x0800).put(packet);
                packet = ip(47, g.array());
            } else {
                packet = ip(4, packet);
            }
        }
        return ether(packet);
    }

    private Path pcap(String kind, int depth) throws Exception {
        Path file = dir.resolve(kind + "-" + depth + ".pcap");
        Tools.writePcap(file, List.of(PcapRecord.of(Corpus.T0, nested(kind, depth))));
        return file;
    }

    private static String decode(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new DecodeCommand(ZoneId.of("UTC"), false).run(file.toString(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void threeThousandIpInIpHeadersArePrintedEveryOne() throws Exception {
        long t0 = System.nanoTime();
        String text = decode(pcap("ipip", 3000));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        // tcpdump 4.99 has no depth limit for IP in IP: every header, then the ping, on one line
        assertThat(text.lines()).hasSize(1);
        assertThat(count(text, "IP 10.0.0.1 > 10.0.0.2: ")).isEqualTo(3001);
        assertThat(text).endsWith("ICMP echo request, id 1, seq 1, length 12\n");
    }

    @Test
    void threeThousandGreHeadersEndWhereTheLengthsRunOut() throws Exception {
        String text = decode(pcap("gre", 3000));
        assertThat(text).contains("GREv0, length 65515: IP truncated-ip - 24 bytes missing! 10.0.0.1 > 10.0.0.2: ")
                .endsWith("GREv0, length 6516: IP  [|ip]\n");
    }

    @Test
    void threeThousandVxlanHeadersPrintOneLineEach() throws Exception {
        String text = decode(pcap("vxlan", 3000));
        assertThat(text).contains("IP truncated-ip - 50 bytes missing! 10.0.0.1.40000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 256\n")
                .endsWith(" [|vxlan]\n");
    }

    @Tag("tools")
    @ParameterizedTest
    @ValueSource(strings = {"ipip", "gre", "vxlan"})
    void deepNestingPrintsWhatTcpdumpPrints(String kind) throws Exception {
        assumeTrue(Tools.available("tcpdump"), "tcpdump is not installed");
        for (int depth : new int[] {3, 3000}) {
            Path file = pcap(kind, depth);
            assertThat(decode(file)).as(kind + " x" + depth).isEqualTo(Tools.tcpdump(file, "UTC"));
        }
    }

    @Test
    void aClosedOutputStopsTheDecodeAtOnce() throws Exception {
        List<PcapRecord> many = new ArrayList<>();
        byte[] frame = nested("vxlan", 2);
        for (int i = 0; i < 200_000; i++) {
            many.add(PcapRecord.of(Corpus.T0 + i, frame));
        }
        Path file = dir.resolve("many.pcap");
        Tools.writePcap(file, many);
        int[] writes = {0};
        // a reader that takes one line and goes away, as `| head -1` does
        OutputStream closedAfterOne = new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                if (++writes[0] > 1) {
                    throw new java.io.IOException("Broken pipe");
                }
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DecodeCommand(ZoneId.of("UTC"), false).run(file.toString(), new PrintStream(closedAfterOne, false),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(writes[0]).isLessThan(5);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
