/*
 * The pcaps the simulator writes for the tutorial's labs and the Calico encapsulation labs, read back by the real tools: `decode` prints
 * exactly what `tcpdump -nn -r` prints, and tshark finds no malformed frame and reads the same
 * VNIs, GRE protocols, TTLs and ICMP sequence numbers from every frame.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.packets.DecodeCommand;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.build.FrameFields;

@Tag("tools")
class SimulatorCapturesAgainstRealToolsTest {
    private static final String TZ = "Europe/Helsinki";

    private static String exec(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TZ", TZ);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static List<Path> pcaps(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }

    /**
     * Every tutorial lab of the lab index and the labs that carry one further (IP-in-IP and VXLAN
     * under Calico), so a lab added there is checked against the real tools too.
     */
    static List<String> tutorialLabs() {
        List<String> labs = new ArrayList<>(LabLoader.tutorialIds());
        labs.addAll(LabLoader.BEYOND_THE_TUTORIAL);
        return labs;
    }

    @ParameterizedTest
    @MethodSource("tutorialLabs")
    void decodeMatchesTcpdumpAndTsharkAgreesOnEveryFrame(String lab, @TempDir Path dir) throws Exception {
        assertThat(CommandLineTest.run("run", lab, "--pcap", dir.toString()).status()).isZero();
        List<Path> files = pcaps(dir);
        assertThat(files).isNotEmpty();
        int frames = 0;
        for (Path pcap : files) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int status = new DecodeCommand(ZoneId.of(TZ), false).run(pcap, new PrintStream(buf, true,
                    StandardCharsets.ISO_8859_1), System.err);
            assertThat(status).isZero();
            String ours = buf.toString(StandardCharsets.ISO_8859_1);
            String theirs = exec(List.of("tcpdump", "-nn", "-r", pcap.toString()));
            assertThat(ours).as(pcap.getFileName().toString()).isEqualTo(theirs);

            String fields = exec(List.of("tshark", "-r", pcap.toString(), "-d", "udp.port==8472,vxlan", "-T", "fields",
                    "-E", "separator=;", "-e", "_ws.malformed", "-e", "_ws.expert.severity", "-e", "vxlan.vni",
                    "-e", "gre.proto", "-e", "ip.ttl", "-e", "icmp.seq", "-e", "geneve.vni"));
            List<String> lines = fields.lines().toList();
            List<PcapRecord> records = new ArrayList<>();
            try (PcapReader r = PcapReader.open(pcap)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    records.add(rec);
                }
            }
            assertThat(lines).as(pcap + " frame count").hasSize(records.size());
            for (int i = 0; i < records.size(); i++) {
                String[] f = (lines.get(i) + ";;;;;;;").split(";", -1);
                String where = pcap.getFileName() + " frame " + (i + 1);
                assertThat(f[0]).as(where + " malformed").isEmpty();
                assertThat(f[1]).as(where + " expert severity").doesNotContain("error");
                Expected e = expected(records.get(i).data());
                assertThat(f[2]).as(where + " vxlan.vni").isEqualTo(e.vni);
                assertThat(f[3]).as(where + " gre.proto").isEqualTo(e.gre);
                assertThat(f[4]).as(where + " ip.ttl").isEqualTo(e.ttl);
                assertThat(f[5]).as(where + " icmp.seq").isEqualTo(e.seq);
                assertThat(f[6]).as(where + " geneve.vni").isEqualTo(e.geneveVni);
                frames++;
            }
        }
        assertThat(frames).isGreaterThan(10);
    }

    private record Expected(String vni, String gre, String ttl, String seq, String geneveVni) {}

    /** What tshark should read, computed from the bytes with the project's own field readers. */
    private static Expected expected(byte[] f) {
        List<String> ttls = new ArrayList<>();
        String vni = "";
        String gre = "";
        String seq = "";
        String geneveVni = "";
        int off = 0;
        for (int depth = 0; depth < 3; depth++) {
            if (FrameFields.etherType(f, off) != 0x0800) {
                break;
            }
            ttls.add(String.valueOf(FrameFields.ipv4Ttl(f, off)));
            int proto = FrameFields.ipv4Protocol(f, off);
            if (proto == 1) {
                int type = FrameFields.icmpType(f, off);
                if (type == 0 || type == 8) {
                    seq = String.valueOf(FrameFields.icmpSequence(f, off));
                }
                if (type == 3 || type == 11) {
                    // tshark dissects the quoted datagram too: go on with it behind an Ethernet header
                    int quoted = FrameFields.l4Offset(f, off) + 8;
                    byte[] next = new byte[14 + f.length - quoted];
                    next[12] = 0x08;
                    System.arraycopy(f, quoted, next, 14, f.length - quoted);
                    f = next;
                    off = 0;
                    continue;
                }
                break;
            }
            if (proto == 17) {
                int dport = FrameFields.dstPort(f, off);
                int sport = FrameFields.srcPort(f, off);
                boolean vx = dport == 4789 || dport == 8472 || sport == 4789 || sport == 8472;
                if (dport == 6081) {
                    // tshark prints the Geneve VNI in hexadecimal
                    geneveVni = String.format("0x%06x", FrameFields.tunnelKey(f, off));
                    off = FrameFields.innerFrameOffset(f, off);
                    continue;
                }
                if (!vx) {
                    break;
                }
                vni = String.valueOf(FrameFields.vxlanVni(f, off));
                off = FrameFields.innerFrameOffset(f, off);
            } else if (proto == 47) {
                gre = String.format("0x%04x", FrameFields.greProtocol(f, off));
                off = FrameFields.grePayloadOffset(f, off);
            } else if (proto == 4) {
                // IP-in-IP: the inner IPv4 header follows the outer one, with no Ethernet header of
                // its own; read it as a frame of its own with one put in front
                int inner = FrameFields.l4Offset(f, off);
                byte[] g = new byte[14 + f.length - inner];
                g[12] = 0x08;
                System.arraycopy(f, inner, g, 14, f.length - inner);
                f = g;
                off = 0;
            } else {
                break;
            }
        }
        return new Expected(vni, gre, String.join(",", ttls), seq, geneveVni);
    }

    /**
     * `run --pcapng`: one file per lab run that tshark reads with every frame on the interface of its
     * capture point and the lab step as its comment, and that tcpdump prints as decode does.
     */
    @ParameterizedTest
    @MethodSource("tutorialLabs")
    void thePcapngOfARunNamesWhereAndWhenEachFrameWasSeen(String lab, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(lab + ".pcapng");
        assertThat(CommandLineTest.run("run", lab, "--pcapng", file.toString()).status()).isZero();
        String fields = exec(List.of("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.interface_name",
                "-e", "frame.comment"));
        List<String> lines = fields.lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l)
                .matches("\\S+( \\[[^]]+\\])? \\S+\\tstep \\d+/\\d+: .+"));
        assertThat(lines).anyMatch(l -> l.startsWith("node1 enp0s8\t")).anyMatch(l -> l.startsWith("node2 enp0s8\t"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertThat(new DecodeCommand(ZoneId.of(TZ), false).run(file, new PrintStream(buf, true,
                StandardCharsets.ISO_8859_1), System.err)).isZero();
        assertThat(buf.toString(StandardCharsets.ISO_8859_1)).isEqualTo(exec(List.of("tcpdump", "-nn", "-r",
                file.toString())));
        assertThat(buf.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> l.matches("\\d\\d:\\d\\d:.*")))
                .as("one line per frame, the tunnelled ones' inner line apart").hasSize(lines.size());
    }
}
