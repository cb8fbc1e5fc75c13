/*
 * The Open vSwitch lab with a VXLAN and with a Geneve port, for real (userspace datapath): from
 * nothing to the ping through the tunnel, every task proven, and the underlay frames as OVS 3.1
 * sends them. The frames are also written to target/<lab>-node1-enp0s8.pcap to read with tcpdump.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;

@Tag("netns")
class OvsVxlanGeneveLabTest {

    @Test
    void vxlanLabRunsFromNothingToThePingAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("ovs-vxlan", List.of(new LabRun.Capture(null, CapturePoint.of("node1", "enp0s8"))),
                afterwards("vxlan0"));
        System.out.println(String.join("\n", o.afterwards()));
        writePcap(Path.of("target", "ovs-vxlan-node1-enp0s8.pcap"), o.frames());
        assertThat(o.failures()).as("ovs-vxlan: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames()).as("VXLAN (port 4789, VNI 100) on node1's underlay")
                .anyMatch(f -> Frames.isVxlan(f.data(), 4789, 100));
        assertOuterHeadersAsOvsBuildsThem(o.frames(), 4789, "08000000");
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    @Test
    void geneveLabRunsFromNothingToThePingAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("ovs-geneve", List.of(new LabRun.Capture(null, CapturePoint.of("node1", "enp0s8"))),
                afterwards("geneve0"));
        System.out.println(String.join("\n", o.afterwards()));
        writePcap(Path.of("target", "ovs-geneve-node1-enp0s8.pcap"), o.frames());
        assertThat(o.failures()).as("ovs-geneve: failed expectations, checks and tasks").isEmpty();
        assertThat(o.frames()).as("Geneve (port 6081, VNI 100) carrying ICMP on node1's underlay")
                .anyMatch(f -> udpTo(f.data(), 6081) && hex(f.data(), 46, 50).equals("00006400")
                        && Frames.u16(f.data(), 50 + 12) == 0x0800 && (f.data()[50 + 23] & 0xff) == 1);
        assertOuterHeadersAsOvsBuildsThem(o.frames(), 6081, "00006558");
        LabRun.assertEveryTaskProven(o);
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    /**
     * The outer headers of every tunnel frame as OVS 3.1's native tunneling builds them (what the
     * simulator copies): IPv4 ID 0, DF, TTL 64; UDP checksum 0 and a source port in 32768-61000 that
     * one inner flow keeps; the first word of the tunnel header (VXLAN flags, or Geneve's version,
     * option length, flags and protocol 0x6558) and the low byte of the VNI word zero.
     */
    static void assertOuterHeadersAsOvsBuildsThem(List<CapturedFrame> frames, int port, String firstWord) {
        java.util.Map<String, java.util.Set<Integer>> portsByFlow = new java.util.HashMap<>();
        int seen = 0;
        for (CapturedFrame f : frames) {
            byte[] d = f.data();
            if (!udpTo(d, port) || d.length < 50 + 34) {
                continue;
            }
            seen++;
            String what = "frame " + f.sequence() + " to " + port;
            assertThat(Frames.u16(d, 18)).as(what + ": IP ID").isZero();
            assertThat(Frames.u16(d, 20)).as(what + ": DF, offset 0").isEqualTo(0x4000);
            assertThat(d[22] & 0xff).as(what + ": TTL").isEqualTo(64);
            assertThat(Frames.u16(d, 40)).as(what + ": UDP checksum").isZero();
            assertThat(Frames.u16(d, 34)).as(what + ": UDP source port").isBetween(32768, 61000);
            assertThat(hex(d, 42, 46)).as(what + ": tunnel header's first word").isEqualTo(firstWord);
            assertThat(d[49]).as(what + ": VNI word's low byte").isZero();
            if (Frames.u16(d, 50 + 12) == 0x0800 && (d[50 + 23] & 0xff) == 1) {
                String flow = hex(d, 50 + 26, 50 + 34) + "/" + (d[50 + 34] & 0xff);
                portsByFlow.computeIfAbsent(flow, k -> new java.util.HashSet<>()).add(Frames.u16(d, 34));
            }
        }
        assertThat(seen).as("tunnel frames to port " + port).isGreaterThan(4);
        assertThat(portsByFlow).as("ICMP flows, each with one UDP source port").isNotEmpty()
                .allSatisfy((flow, ports) -> assertThat(ports).as(flow).hasSize(1));
    }

    static boolean udpTo(byte[] d, int port) {
        return Frames.isIpv4(d) && Frames.protocol(d) == 17 && (d[14] & 0x0f) == 5 && d.length >= 50
                && Frames.u16(d, 36) == port;
    }

    static String hex(byte[] d, int from, int to) {
        return java.util.HexFormat.of().formatHex(d, from, to);
    }

    /** What a student reads the tunnel port with once the lab is done. */
    static List<String> afterwards(String port) {
        return List.of("node1: sudo ovs-vsctl show",
                "node1: sudo ovs-vsctl get interface " + port + " type options ofport",
                "node1: sudo ovs-vsctl --columns=name,type,options,ofport list interface " + port,
                "node1: sudo ovs-vsctl list-ports br-int",
                "node1: sudo ovs-appctl fdb/show br-int",
                "node1: sudo ovs-ofctl dump-flows br-int");
    }

    /** A classic pcap file (Ethernet link type) of the frames, for tcpdump -r. */
    static void writePcap(Path file, List<CapturedFrame> frames) throws IOException {
        Files.createDirectories(file.getParent());
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0xa1b2c3d4);
            out.writeShort(2);
            out.writeShort(4);
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(262144);
            out.writeInt(1);
            for (CapturedFrame f : frames) {
                out.writeInt((int) (f.timeNanos() / 1_000_000_000L));
                out.writeInt((int) (f.timeNanos() % 1_000_000_000L / 1000));
                out.writeInt(f.data().length);
                out.writeInt(Math.max(f.originalLength(), f.data().length));
                out.write(f.data());
            }
        }
    }
}
