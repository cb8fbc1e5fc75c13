/*
 * tcpdump on the underlay while the tutorial's pings cross it, as tcpdump 4.99 prints them: its
 * banner and counters, capture filters (udp port 4789, proto gre, not port 2380, icmp), VXLAN on
 * 4789 and 8472 (OTV), GRE with transparent Ethernet bridging, ARP padded to 60 bytes on the wire,
 * and the bytes themselves: VXLAN's outer UDP checksum 0 and a source port per inner flow.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.simulator.net.Wire;

class TcpdumpTest {
    private static final String BANNER = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n"
            + "listening on enp0s8, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n";
    private static final String STAMP = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ";

    /**
     * Runs `command` on `host` while tcpdump runs in the background on `captureHost`, as a lab step
     * does; returns tcpdump's result, whose output reads as the terminal showed it: the banner, the
     * packets, the counters.
     */
    private static CommandResult captureWhile(SimLab lab, String captureHost, String tcpdump, String host, String command) {
        BackgroundCommand capture = lab.background(captureHost, tcpdump);
        lab.ok(host, command);
        try {
            CommandResult r = capture.stop();
            assertThat(r.output()).startsWith(BANNER + r.stdout());
            assertThat(r.stderr()).startsWith(BANNER);
            return r;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The packet lines a background tcpdump printed. */
    private static String packets(CommandResult r) {
        return r.stdout();
    }

    @Test
    void bannerAndCountersWhenCtrlCStopsAnIdleCapture() {
        try (SimLab lab = SimLab.oneHost()) {
            CommandResult r = lab.runFor("node1", "sudo tcpdump -n -i enp0s8", 2);
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).isEqualTo(BANNER + "\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n");
            assertThat(r.notes()).containsExactly("stopped with Ctrl-C after 2 s");
        }
    }

    @Test
    void arpOnTheUnderlayIsPaddedTo60BytesOnTheWire() {
        try (SimLab lab = SimLab.twoHosts()) {
            List<CapturedFrame> frames = new ArrayList<>();
            try (CaptureHandle h = lab.backend().capture(CapturePoint.of("node1", "enp0s8"), frames::add)) {
                CommandResult r = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8", "node1", "ping -c 1 192.168.205.11");
                String mac2 = lab.ok("node2", "ip link show enp0s8").lines().toList().get(1).trim().split(" ")[1];
                List<String> lines = packets(r).lines().toList();
                assertThat(lines.get(0)).matches(STAMP + "ARP, Request who-has 192\\.168\\.205\\.11 tell 192\\.168\\.205\\.10, length 28");
                // the reply crossed the wire, where the NIC padded it: 46 bytes after the Ethernet header
                assertThat(lines.get(1)).matches(STAMP + "ARP, Reply 192\\.168\\.205\\.11 is-at " + mac2 + ", length 46");
                assertThat(lines.get(2)).matches(STAMP + "IP 192\\.168\\.205\\.10 > 192\\.168\\.205\\.11: ICMP echo request, id \\d+, seq 1, length 64");
                assertThat(lines.get(3)).matches(STAMP + "IP 192\\.168\\.205\\.11 > 192\\.168\\.205\\.10: ICMP echo reply, id \\d+, seq 1, length 64");
                assertThat(r.stderr()).isEqualTo(BANNER + "\n4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n");
            }
            CapturedFrame request = frames.stream().filter(f -> isArp(f, 1)).findFirst().orElseThrow();
            CapturedFrame reply = frames.stream().filter(f -> isArp(f, 2)).findFirst().orElseThrow();
            assertThat(request.direction()).isEqualTo(CapturedFrame.Direction.OUT);
            assertThat(request.data()).hasSize(42);
            assertThat(reply.direction()).isEqualTo(CapturedFrame.Direction.IN);
            assertThat(reply.data()).hasSize(60);
        }
    }

    private static boolean isArp(CapturedFrame f, int op) {
        byte[] d = f.data();
        return d.length >= 42 && (d[12] & 0xff) == 0x08 && (d[13] & 0xff) == 0x06 && (d[21] & 0xff) == op;
    }

    @Test
    void filtersIcmpAndCountWithoutTheBlankLine() {
        try (SimLab lab = SimLab.twoHosts()) {
            CommandResult r = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8 -c 2 icmp", "node1", "ping -c 3 192.168.205.11");
            List<String> lines = packets(r).lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines).allMatch(l -> l.contains(": ICMP echo "));
            // -c ended the capture: tcpdump prints its counters right away
            assertThat(r.stderr()).isEqualTo(BANNER + "2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n");
        }
    }

    @Test
    void theDockerOverlayOnUdp4789() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().dockerWithClusterStore();
            lab.ok("node1", "sudo docker network create -d overlay demo");
            lab.runSleeper("node1", "test1", "demo");
            lab.runSleeper("node2", "test2", "demo");
            List<CapturedFrame> frames = new ArrayList<>();
            CommandResult r;
            try (CaptureHandle h = lab.backend().capture(CapturePoint.of("node1", "enp0s8"), frames::add)) {
                r = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8 udp port 4789", "node1",
                        "sudo docker exec test1 ping -c 3 10.0.0.3");
            }
            List<String> lines = packets(r).lines().toList();
            assertThat(lines).hasSize(12);
            Pattern outer = Pattern.compile(STAMP + "IP (192\\.168\\.205\\.1[01])\\.(\\d+) > (192\\.168\\.205\\.1[01])\\.4789: "
                    + "VXLAN, flags \\[I\\] \\(0x08\\), vni 256");
            Set<String> requestPorts = new HashSet<>();
            Set<String> replyPorts = new HashSet<>();
            for (int i = 0; i < lines.size(); i += 2) {
                Matcher m = outer.matcher(lines.get(i));
                assertThat(m.matches()).as(lines.get(i)).isTrue();
                String inner = lines.get(i + 1);
                if (m.group(1).equals("192.168.205.10")) {
                    assertThat(inner).matches("IP 10\\.0\\.0\\.2 > 10\\.0\\.0\\.3: ICMP echo request, id \\d+, seq \\d, length 64");
                    requestPorts.add(m.group(2));
                } else {
                    assertThat(inner).matches("IP 10\\.0\\.0\\.3 > 10\\.0\\.0\\.2: ICMP echo reply, id \\d+, seq \\d, length 64");
                    replyPorts.add(m.group(2));
                }
            }
            // one inner flow, one outer source port; Linux hashes the flow with its ends ordered, so the
            // replies leave with the same port (as a capture of the real overlay on this machine shows)
            assertThat(requestPorts).hasSize(1);
            assertThat(replyPorts).isEqualTo(requestPorts);
            // no ARP crossed the overlay: the daemons programmed neighbour and FDB entries
            assertThat(packets(r)).doesNotContain("ARP");

            List<CapturedFrame> vxlan = frames.stream().filter(f -> udpDestinationPort(f) == 4789).toList();
            assertThat(vxlan).isNotEmpty();
            for (CapturedFrame f : vxlan) {
                byte[] d = f.data();
                int udp = 14 + (d[14] & 0x0f) * 4;
                // Docker's vxlan0 is made without IFLA_VXLAN_UDP_CSUM, so a kernel since 4.7 checksums
                // the outer UDP header: a valid sum sums to zero with the pseudo-header
                assertThat(((d[udp + 6] & 0xff) << 8) | (d[udp + 7] & 0xff)).as("outer UDP checksum").isNotZero();
                int udpLength = ((d[udp + 4] & 0xff) << 8) | (d[udp + 5] & 0xff);
                assertThat(Checksums.transport4(Wire.u32(d, 26), Wire.u32(d, 30), 17, d, udp, udpLength))
                        .as("outer UDP checksum verifies").isZero();
                assertThat(d[udp + 8] & 0xff).as("VXLAN flags").isEqualTo(0x08);
            }
        }
    }

    private static int udpDestinationPort(CapturedFrame f) {
        byte[] d = f.data();
        if (d.length < 42 || (d[12] & 0xff) != 0x08 || d[13] != 0 || d[23] != 17) {
            return -1;
        }
        int udp = 14 + (d[14] & 0x0f) * 4;
        return ((d[udp + 2] & 0xff) << 8) | (d[udp + 3] & 0xff);
    }

    @Test
    void anotherInnerFlowLeavesWithAnotherSourcePort() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().dockerWithClusterStore();
            lab.ok("node1", "sudo docker network create -d overlay demo");
            lab.runSleeper("node1", "test1", "demo");
            lab.runSleeper("node1", "test3", "demo");
            lab.runSleeper("node2", "test2", "demo");
            CommandResult r = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8 udp dst port 4789 and src host 192.168.205.10",
                    "node1", "sudo docker exec test1 ping -c 2 10.0.0.4");
            CommandResult r2 = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8 udp dst port 4789 and src host 192.168.205.10",
                    "node1", "sudo docker exec test3 ping -c 2 10.0.0.4");
            Pattern port = Pattern.compile("192\\.168\\.205\\.10\\.(\\d+) >");
            Matcher a = port.matcher(packets(r));
            Matcher b = port.matcher(packets(r2));
            assertThat(a.find() && b.find()).as(r.stdout() + r2.stdout()).isTrue();
            assertThat(a.group(1)).isNotEqualTo(b.group(1));
        }
    }

    @Test
    void flannelOnPort8472PrintsAsOtvAndNotPort2380HidesEtcdsPeers() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
            lab.runSleeper("node1", "test1", null);
            lab.runSleeper("node2", "test2", null);
            CommandResult r = captureWhile(lab, "node1", "sudo tcpdump -i enp0s8 -n not port 2380", "node1",
                    "sudo docker exec test1 ping -c 2 10.13.48.2");
            String out = packets(r);
            assertThat(out).containsPattern(STAMP + "IP 192\\.168\\.205\\.10\\.\\d+ > 192\\.168\\.205\\.11\\.8472: OTV, flags \\[I\\] "
                    + "\\(0x08\\), overlay 0, instance 100\n");
            // docker0's masquerade rule rewrote test1's address to flannel.100's on the way out
            assertThat(out).containsPattern("\nIP 10\\.15\\.64\\.0 > 10\\.13\\.48\\.2: ICMP echo request, id \\d+, seq 0, length 64\n");
            assertThat(out).containsPattern("\nIP 10\\.13\\.48\\.2 > 10\\.15\\.64\\.0: ICMP echo reply, id \\d+, seq 0, length 64\n");
            assertThat(out).doesNotContain(".2380");
        }
    }

    @Test
    void greBetweenTheOpenVswitchBridges() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.ok("node2", "sudo docker run -d --name container1 centos:7 bash -c \"while true;do sleep 3600;done\"");
            lab.ok("node1", "sudo docker run -d --name container1 centos:7 bash -c \"while true;do sleep 3600;done\"");
            lab.ok("node1", "sudo docker run -d --name container2 centos:7 bash -c \"while true;do sleep 3600;done\"");
            lab.ok("node1", "sudo docker stop container1");
            // without a tunnel the other host's 172.17.0.3 is out of reach
            CommandResult alone = lab.run("node2", "sudo docker exec container1 ping -c 3 172.17.0.3");
            assertThat(alone.exitCode()).isEqualTo(1);
            assertThat(alone.output()).contains("Destination Host Unreachable", "100% packet loss");
            for (String h : List.of("node1", "node2")) {
                lab.ok(h, "sudo apt-get install -y openvswitch-switch openvswitch-common");
                lab.ok(h, "sudo ovs-vsctl add-br br-int");
                lab.ok(h, "sudo ip link add veth0 type veth peer name veth1");
                lab.ok(h, "sudo ovs-vsctl add-port br-int veth1");
                lab.ok(h, "sudo brctl addif docker0 veth0");
                lab.ok(h, "sudo ip link set veth1 up");
                lab.ok(h, "sudo ip link set veth0 up");
            }
            lab.ok("node1", "sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.11");
            lab.ok("node2", "sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.10");
            CommandResult r = captureWhile(lab, "node1", "sudo tcpdump -n -i enp0s8 proto gre", "node2",
                    "sudo docker exec container1 ping -c 3 172.17.0.3");
            String out = packets(r);
            // 4 bytes of GRE, 14 of the inner Ethernet header, 84 of the inner IPv4 packet
            assertThat(out).containsPattern(STAMP + "IP 192\\.168\\.205\\.11 > 192\\.168\\.205\\.10: GREv0, length 102: "
                    + "IP 172\\.17\\.0\\.2 > 172\\.17\\.0\\.3: ICMP echo request, id \\d+, seq 1, length 64\n");
            assertThat(out).containsPattern(STAMP + "IP 192\\.168\\.205\\.10 > 192\\.168\\.205\\.11: GREv0, length 102: "
                    + "IP 172\\.17\\.0\\.3 > 172\\.17\\.0\\.2: ICMP echo reply, id \\d+, seq 1, length 64\n");
            assertThat(out.lines()).allMatch(l -> l.contains(": GREv0, length "));
        }
    }

    @Test
    void refusals() {
        try (SimLab lab = SimLab.oneHost()) {
            CommandResult user = lab.run("node1", "tcpdump -i enp0s8");
            assertThat(user.exitCode()).isEqualTo(1);
            assertThat(user.output()).isEqualTo("tcpdump: enp0s8: You don't have permission to perform this capture on that device\n"
                    + "(socket: Operation not permitted)\n");
            CommandResult dev = lab.run("node1", "sudo tcpdump -i nosuch");
            assertThat(dev.exitCode()).isEqualTo(1);
            assertThat(dev.output()).isEqualTo("tcpdump: nosuch: No such device exists\n(No such device exists)\n");
            CommandResult filter = lab.run("node1", "sudo tcpdump -i enp0s8 'port ('");
            assertThat(filter.exitCode()).isEqualTo(1);
            assertThat(filter.output()).isEqualTo("tcpdump: can't parse filter expression: syntax error\n");
            assertThat(filter.notes()).hasSize(1);
        }
    }
}
