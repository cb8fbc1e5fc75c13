/*
 * Real kernel traffic: two network namespaces joined by a veth pair, VXLAN devices on dstport 4789
 * (VNI 256, Docker overlay) and 8472 (VNI 100, flannel), pings across both, captured with
 * `tcpdump -w`; our decode must print exactly what `tcpdump -nn -r` prints. Pcaps we write
 * (VXLAN, GRE — this kernel has no GRE device) must open in tshark without malformed frames and
 * with the field values we put in. Everything created carries the prefix "olpk" and is removed
 * even when a step fails.
 */
package org.overlaylab.packets.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.DecodeCommand;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;
import org.overlaylab.packets.build.FrameFields;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;

@Tag("netns")
class NetnsCaptureTest {
    private final String suffix = Long.toString(ProcessHandle.current().pid() % 100000, 36);
    private final String nsA = "olpk-a-" + suffix;
    private final String nsB = "olpk-b-" + suffix;
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        sh(false, "ip", "netns", "del", nsA);
        sh(false, "ip", "netns", "del", nsB);
    }

    @Test
    void vxlanPingsCapturedByTheKernelDecodeExactlyAsTcpdumpPrintsThem() throws Exception {
        sh(true, "ip", "netns", "add", nsA);
        sh(true, "ip", "netns", "add", nsB);
        sh(true, "ip", "link", "add", "olpkva", "netns", nsA, "type", "veth", "peer", "name", "olpkvb", "netns", nsB);
        setUp(nsA, "olpkva", "192.168.205.10", "192.168.205.11", "10.0.0.2", "10.15.64.0");
        setUp(nsB, "olpkvb", "192.168.205.11", "192.168.205.10", "10.0.0.3", "10.13.48.0");

        Path capture = dir.resolve("underlay.pcap");
        Process tcpdump = new ProcessBuilder("ip", "netns", "exec", nsA, "tcpdump", "-U", "-n", "-i", "olpkva",
                "-w", capture.toString()).redirectErrorStream(true).start();
        started.add(tcpdump);
        waitForListening(tcpdump);
        sh(true, "ip", "netns", "exec", nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.0.0.3");
        sh(true, "ip", "netns", "exec", nsA, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.13.48.0");
        Thread.sleep(300);
        tcpdump.destroy();
        assertThat(tcpdump.waitFor(10, TimeUnit.SECONDS)).isTrue();

        for (String tz : new String[] {"UTC", "Asia/Kolkata"}) {
            String expected = Tools.tcpdump(capture, tz);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new DecodeCommand(ZoneId.of(tz), false).run(capture, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                    .containsExactlyElementsOf(expected.lines().toList());
            assertThat(expected).contains("VXLAN, flags [I] (0x08), vni 256\nIP 10.0.0.2 > 10.0.0.3: ICMP echo request")
                    .contains("OTV, flags [I] (0x08), overlay 0, instance 100\nIP 10.15.64.0 > 10.13.48.0: ICMP echo request")
                    .contains("ICMP echo reply");
        }
        int vxlanFrames = 0;
        try (PcapReader r = PcapReader.open(capture)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                if (FrameFields.vxlanVni(rec.data(), 0) >= 0) {
                    vxlanFrames++;
                }
            }
        }
        assertThat(vxlanFrames).isGreaterThanOrEqualTo(12);
    }

    @Test
    void framesWeWriteOpenInTsharkWithTheFieldsWeBuilt() throws Exception {
        Hop gre = Hop.of(Corpus.NODE2_MAC, Corpus.NODE1_MAC, Corpus.NODE2, Corpus.NODE1).withTtl(63);
        List<PcapRecord> records = List.of(
                PcapRecord.of(Corpus.T0, Frames.vxlan(Corpus.underlay(), 40000, 4789, 256, Corpus.ping(1), false)),
                PcapRecord.of(Corpus.T0 + 10, Frames.vxlan(Corpus.underlay(), 40001, 8472, 100, Corpus.ping(2), true)),
                PcapRecord.of(Corpus.T0 + 20, Frames.gre(gre, Frames.ETHERTYPE_TEB, Corpus.ping(3))),
                PcapRecord.of(Corpus.T0 + 30, Frames.greIpv4(gre, Corpus.pong(4))),
                PcapRecord.of(Corpus.T0 + 40, Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2)),
                PcapRecord.of(Corpus.T0 + 50, Corpus.tcpConversation().get(3)));
        Path file = dir.resolve("ours.pcap");
        Tools.writePcap(file, records);

        String malformed = Tools.run("UTC", "tshark", "-n", "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-Y", "_ws.malformed || _ws.expert.severity >= warning");
        assertThat(malformed).isEmpty();
        String fields = Tools.run("UTC", "tshark", "-n", "-r", file.toString(), "-d", "udp.port==8472,vxlan",
                "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "vxlan.vni", "-e", "gre.proto", "-e", "ip.ttl", "-e", "icmp.seq");
        List<String> rows = fields.lines().toList();
        assertThat(rows).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] f = records.get(i).data();
            String[] col = rows.get(i).split("\\|", -1);
            int vni = FrameFields.vxlanVni(f, 0);
            assertThat(col[0]).as("vxlan.vni of frame %d", i + 1).isEqualTo(vni < 0 ? "" : String.valueOf(vni));
            int proto = FrameFields.greProtocol(f, 0);
            assertThat(col[1]).as("gre.proto of frame %d", i + 1).isEqualTo(proto < 0 ? "" : String.format("0x%04x", proto));
            List<String> ttls = new ArrayList<>();
            List<String> seqs = new ArrayList<>();
            for (int off = 0; off >= 0; off = nextInner(f, off)) {
                if (FrameFields.ipv4Offset(f, off) >= 0) {
                    ttls.add(String.valueOf(FrameFields.ipv4Ttl(f, off)));
                    if (FrameFields.ipv4Protocol(f, off) == 1) {
                        seqs.add(String.valueOf(FrameFields.icmpSequence(f, off)));
                    }
                }
            }
            if (FrameFields.greProtocol(f, 0) == Frames.ETHERTYPE_IPV4) {
                int inner = FrameFields.grePayloadOffset(f, 0);
                ttls.add(String.valueOf(f[inner + 8] & 0xff));
                seqs.add(String.valueOf(((f[inner + 20 + 6] & 0xff) << 8) | (f[inner + 20 + 7] & 0xff)));
            }
            assertThat(col[2]).as("ip.ttl of frame %d", i + 1).isEqualTo(String.join(",", ttls));
            assertThat(col[3]).as("icmp.seq of frame %d", i + 1).isEqualTo(String.join(",", seqs));
        }
        // and tcpdump reads the same file the way our formatter does
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DecodeCommand(ZoneId.of("UTC"), false).run(file, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Tools.tcpdump(file, "UTC"));
    }

    private static int nextInner(byte[] f, int off) {
        int inner = FrameFields.innerFrameOffset(f, off);
        return inner > off ? inner : -1;
    }

    private void setUp(String ns, String dev, String ip, String peer, String overlayIp, String flannelIp) throws Exception {
        sh(true, "ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev);
        sh(true, "ip", "-n", ns, "link", "set", "lo", "up");
        sh(true, "ip", "-n", ns, "link", "set", dev, "up");
        sh(true, "ip", "-n", ns, "link", "add", "olpkvx0", "type", "vxlan", "id", "256", "remote", peer,
                "local", ip, "dev", dev, "dstport", "4789");
        sh(true, "ip", "-n", ns, "addr", "add", overlayIp + "/24", "dev", "olpkvx0");
        sh(true, "ip", "-n", ns, "link", "set", "olpkvx0", "up");
        sh(true, "ip", "-n", ns, "link", "add", "olpkfl100", "type", "vxlan", "id", "100", "remote", peer,
                "local", ip, "dev", dev, "dstport", "8472");
        sh(true, "ip", "-n", ns, "addr", "add", flannelIp + "/8", "dev", "olpkfl100");
        sh(true, "ip", "-n", ns, "link", "set", "olpkfl100", "up");
    }

    private static void waitForListening(Process tcpdump) throws Exception {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        var in = tcpdump.getInputStream();
        while (System.nanoTime() < deadline && !seen.toString().contains("listening on")) {
            if (in.available() > 0) {
                seen.append((char) in.read());
            } else {
                Thread.sleep(20);
            }
        }
        assertThat(seen.toString()).contains("listening on");
    }

    private static void sh(boolean mustSucceed, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (mustSucceed) {
            assertThat(done && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
        }
    }
}
