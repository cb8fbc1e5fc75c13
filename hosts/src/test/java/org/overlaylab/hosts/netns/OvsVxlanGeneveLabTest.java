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
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    @Test
    void geneveLabRunsFromNothingToThePingAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("ovs-geneve", List.of(new LabRun.Capture(null, CapturePoint.of("node1", "enp0s8"))),
                afterwards("geneve0"));
        System.out.println(String.join("\n", o.afterwards()));
        writePcap(Path.of("target", "ovs-geneve-node1-enp0s8.pcap"), o.frames());
        assertThat(o.failures()).as("ovs-geneve: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
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
