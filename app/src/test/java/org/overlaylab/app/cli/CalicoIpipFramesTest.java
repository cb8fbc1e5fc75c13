/*
 * The calico-ipip lab's ping on the simulator, frame by frame: between the hosts each packet is
 * wrapped as RFC 2003 says and as Linux's ipip device sends it (outer TTL inherited from the
 * inner packet, DF copied, 20 bytes more, protocol 4), and real tcpdump prints the lines below.
 * The lab does not run on netns (this kernel has no ipip module), so the simulator is checked
 * against the RFC and the real decoder rather than against a real capture.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.build.FrameFields;

class CalicoIpipFramesTest {
    @TempDir
    Path dir;

    private List<byte[]> frames(String pcapNameStart) throws Exception {
        Path pcap;
        try (Stream<Path> s = Files.list(dir)) {
            pcap = s.filter(p -> p.getFileName().toString().startsWith(pcapNameStart)).findFirst().orElseThrow();
        }
        List<byte[]> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(pcap)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec.data());
            }
        }
        return out;
    }

    private void runToThePing() {
        CommandLineTest.Outcome o = CommandLineTest.run("run", "calico-ipip", "--until", "ping-ipip", "--pcap", dir.toString());
        assertThat(o.status()).as(o.err() + o.out()).isZero();
    }

    private static boolean isIpip(byte[] f) {
        return FrameFields.ipv4Offset(f, 0) > 0 && FrameFields.ipv4Protocol(f, 0) == 4;
    }

    private static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Test
    void eachPacketBetweenTheHostsIsTheRoutedInnerPacketBehindA20ByteOuterHeader() throws Exception {
        runToThePing();
        List<byte[]> sent = frames("node1-host-cali").stream()
                .filter(f -> FrameFields.ipv4Offset(f, 0) > 0 && FrameFields.ipv4Protocol(f, 0) == 1).toList();
        List<byte[]> wrapped = frames("node1-host-enp0s8").stream().filter(CalicoIpipFramesTest::isIpip).toList();
        byte[] request = sent.stream().filter(f -> FrameFields.icmpType(f, 0) == 8).findFirst().orElseThrow();
        byte[] outer = wrapped.stream().filter(f -> FrameFields.ipv4Src(f, 0) == FrameFields.ipv4Src(underlay(10), 0))
                .findFirst().orElseThrow();
        int ip = 14;
        // RFC 2003 3.1: version 4, IHL 5, length of the whole, protocol 4, a valid header checksum
        assertThat(outer[ip] & 0xff).isEqualTo(0x45);
        assertThat(FrameFields.ipv4TotalLength(outer, 0)).isEqualTo(FrameFields.ipv4TotalLength(request, 0) + 20);
        assertThat(checksum(outer, ip, 20)).isZero();
        assertThat(FrameFields.ipv4Dst(outer, 0)).isEqualTo(FrameFields.ipv4Src(underlay(11), 0));
        // Linux's tunl0: ttl inherit (the inner TTL after node1 routed it), nopmtudisc (the inner DF),
        // TOS 0 with the inner ECN bits (none)
        int innerTtlAfterRouting = FrameFields.ipv4Ttl(request, 0) - 1;
        assertThat(FrameFields.ipv4Ttl(outer, 0)).isEqualTo(innerTtlAfterRouting).isEqualTo(63);
        assertThat(FrameFields.ipv4DontFragment(outer, 0)).isEqualTo(FrameFields.ipv4DontFragment(request, 0)).isTrue();
        assertThat(outer[ip + 1]).isZero();
        // the payload is the container's packet as node1 routed it: TTL one less, checksum updated
        byte[] inner = Arrays.copyOfRange(outer, ip + 20, ip + 20 + FrameFields.ipv4TotalLength(request, 0));
        byte[] routed = Arrays.copyOfRange(request, ip, ip + FrameFields.ipv4TotalLength(request, 0));
        routed[8]--;
        routed[10] = 0;
        routed[11] = 0;
        int sum = checksum(routed, 0, 20);
        routed[10] = (byte) (sum >> 8);
        routed[11] = (byte) sum;
        assertThat(inner).isEqualTo(routed);
        // the reply comes back wrapped the other way, without DF as Linux's echo replies are sent
        assertThat(wrapped).anySatisfy(f -> {
            assertThat(FrameFields.ipv4Src(f, 0)).isEqualTo(FrameFields.ipv4Src(underlay(11), 0));
            assertThat(FrameFields.ipv4DontFragment(f, 0)).isFalse();
        });
    }

    /** A frame whose IPv4 source is 192.168.205.N, to compare addresses with. */
    private static byte[] underlay(int n) {
        byte[] f = new byte[34];
        f[12] = 0x08;
        f[14] = 0x45;
        f[26] = (byte) 192;
        f[27] = (byte) 168;
        f[28] = (byte) 205;
        f[29] = (byte) n;
        return f;
    }

    @Test
    @Tag("tools")
    void realTcpdumpPrintsBothHeadersOfEachWrappedPacket() throws Exception {
        runToThePing();
        Path pcap;
        try (Stream<Path> s = Files.list(dir)) {
            pcap = s.filter(p -> p.getFileName().toString().equals("node2-host-enp0s8.pcap")).findFirst().orElseThrow();
        }
        assertThat(tcpdump("-nn", "-t", "-r", pcap.toString(), "ip proto 4").lines().limit(2)).containsExactly(
                "IP 192.168.205.10 > 192.168.205.11: IP 10.20.33.193 > 10.20.238.129: ICMP echo request, id 1161, seq 0, length 64",
                "IP 192.168.205.11 > 192.168.205.10: IP 10.20.238.129 > 10.20.33.193: ICMP echo reply, id 1161, seq 0, length 64");
        // the outer header's ID comes from node1's own counter, which every packet node1 sent before
        // (gossip, etcd, BGP) has moved on: any value, the rest as written
        assertThat(tcpdump("-nn", "-t", "-v", "-r", pcap.toString(), "ip proto 4").lines().limit(3)
                .map(l -> l.replaceFirst("^IP \\(tos 0x0, ttl 63, id \\d+, ", "IP (tos 0x0, ttl 63, id N, "))).containsExactly(
                "IP (tos 0x0, ttl 63, id N, offset 0, flags [DF], proto IPIP (4), length 104)",
                "    192.168.205.10 > 192.168.205.11: IP (tos 0x0, ttl 63, id 12266, offset 0, flags [DF], proto ICMP (1), length 84)",
                "    10.20.33.193 > 10.20.238.129: ICMP echo request, id 1161, seq 0, length 64");
    }

    private static String tcpdump(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tcpdump"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
