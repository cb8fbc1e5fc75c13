/*
 * Throughput of our decode+format against tcpdump: writes a capture of VXLAN-wrapped pings
 * (1,000,000 frames by default), formats it several times with TcpdumpFormatter (output
 * discarded, as tcpdump's goes to /dev/null), times `tcpdump -nn -r FILE > /dev/null` on the same
 * file, and prints the median frames per second of each.
 *
 * Usage: DecodeThroughput [frames] [runs]
 */
package org.overlaylab.packets.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapWriter;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;
import org.overlaylab.packets.format.TcpdumpFormatter;

public final class DecodeThroughput {
    private DecodeThroughput() {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path file = Files.createTempFile("olpk-bench-", ".pcap");
        try {
            writeCapture(file, frames);
            System.out.printf("capture: %d VXLAN frames, %d MB%n", frames, Files.size(file) >> 20);
            formatOnce(file);
            double[] ours = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                long n = formatOnce(file);
                ours[i] = n / ((System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("overlaylab decode+format: %.0f frames/s (median of %d runs)%n", median(ours), runs);
            double[] tcpdump = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("tcpdump", "-nn", "-r", file.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor() != 0) {
                    System.out.println("tcpdump: failed to run (exit " + p.exitValue() + ")");
                    return;
                }
                tcpdump[i] = frames / ((System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("tcpdump -nn -r: %.0f frames/s (median of %d runs)%n", median(tcpdump), runs);
        } catch (IOException e) {
            System.out.println("tcpdump: not available (" + e.getMessage() + ")");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void writeCapture(Path file, int frames) throws IOException {
        Hop outer = Hop.of(Frames.mac("08:00:27:11:22:33"), Frames.mac("08:00:27:b8:22:30"), 0xc0a8cd0a, 0xc0a8cd0b);
        Hop inner = Hop.of(Frames.mac("02:42:0a:00:00:02"), Frames.mac("02:42:0a:00:00:03"), 0x0a000002, 0x0a000003);
        long t = 1_700_000_000_000_000L;
        try (PcapWriter w = PcapWriter.create(file)) {
            for (int i = 0; i < frames; i++) {
                boolean request = i % 2 == 0;
                Hop in = request ? inner : inner.reversed();
                byte[] ping = Frames.icmpEcho(in.withIdentification(i & 0xffff), request, 23, (i / 2) & 0xffff,
                        Frames.pingData(t));
                Hop out = request ? outer : outer.reversed();
                byte[] f = Frames.vxlan(out, Frames.vxlanSourcePort(ping), Frames.VXLAN_PORT, 256, ping, false);
                w.write(t / 1_000_000, (int) (t % 1_000_000), f, 0, f.length, f.length);
                t += 731;
            }
        }
    }

    /** Formats every frame and writes the text to a discarding stream; returns the frame count. */
    static long formatOnce(Path file) throws IOException {
        TcpdumpFormatter formatter = new TcpdumpFormatter(ZoneId.systemDefault(), false);
        StringBuilder sb = new StringBuilder(64 * 1024);
        byte[] out = new byte[128 * 1024];
        long n = 0;
        try (PcapReader r = PcapReader.open(file); OutputStream sink = OutputStream.nullOutputStream()) {
            while (r.advance()) {
                formatter.format(r.epochSecond(), r.micros(), r.buffer(), 0, r.capturedLength(), r.originalLength(), sb);
                sb.append('\n');
                n++;
                if (sb.length() > 60 * 1024) {
                    flush(sb, out, sink);
                }
            }
            flush(sb, out, sink);
        }
        return n;
    }

    private static void flush(StringBuilder sb, byte[] out, OutputStream sink) throws IOException {
        int len = sb.length();
        for (int i = 0; i < len; i++) {
            out[i] = (byte) sb.charAt(i);
        }
        sink.write(out, 0, len);
        sb.setLength(0);
    }
}
