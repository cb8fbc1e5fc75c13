/*
 * The swarm lab for real, with docker.io 20.10.24's swarm mode in each host's dockerd: init, join,
 * an attachable overlay, the ping across by name, then each task's checks fail after its scenario
 * and pass once its solution is typed. The captured frames are held to the shape the simulator
 * gives them (SwarmModeTest asserts the same of its own): the join's TLS 1.3 records on 2377 and the
 * ping's VXLAN frames.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;

@Tag("netns")
class SwarmOverlayLabTest {

    @Test
    void swarmLabRunsFromInitToThePingAcrossVxlanAndItsTasksHold() throws Exception {
        CapturePoint underlay = CapturePoint.of("node1", "enp0s8");
        LabRun.Outcome o = LabRun.run("docker-swarm-overlay", List.of(new LabRun.Capture(null, underlay)),
                List.of("node2: sudo docker network create -d overlay other",
                        "node1: sudo docker swarm init",
                        "node1: sudo docker network create -d overlay plain",
                        "node1: sudo docker run -d --name test9 --network plain busybox sleep 3600",
                        "node1: sudo docker swarm leave",
                        "node2: sudo docker swarm leave",
                        "node2: sudo docker swarm join --token SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz0123456789abcd-"
                                + "0123456789abcdefghijklmno 192.168.205.10:2377"));
        assertThat(o.failures()).as("docker-swarm-overlay: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        List<byte[]> frames = o.frames(underlay).stream().map(CapturedFrame::data).toList();

        // the join: TLS only on 2377, ClientHello first, then the server's ServerHello and ChangeCipherSpec
        List<byte[]> tls = frames.stream().filter(f -> tcpPort(f, 2377) && tcpPayloadLength(f) > 0).toList();
        assertThat(tls.size()).as("segments with data on 2377").isGreaterThan(30);
        int p = tcpPayload(tls.get(0));
        assertThat(tls.get(0)[p] & 0xff).as("a handshake record").isEqualTo(0x16);
        assertThat(tls.get(0)[p + 5] & 0xff).as("ClientHello").isEqualTo(1);
        assertThat(u16(tls.get(0), p + 3)).as("Go's ClientHello to an address, as the simulator sends it").isEqualTo(243);
        int q = tcpPayload(tls.get(1));
        assertThat(tls.get(1)[q + 5] & 0xff).as("ServerHello").isEqualTo(2);
        assertThat(u16(tls.get(1), q + 3)).isEqualTo(122);
        assertThat(tls.get(1)[q + 5 + 122] & 0xff).as("ChangeCipherSpec after it").isEqualTo(0x14);
        assertThat(recordTypes(tls.get(2))).as("the client's ChangeCipherSpec and encrypted records").startsWith(0x14, 0x17);

        // the ping across: the same shape as the simulator's frames
        List<byte[]> vxlan = frames.stream().filter(f -> Frames.isVxlan(f, 4789, 4097) && icmpInside(f)).toList();
        assertThat(vxlan).as("VXLAN frames with VNI 4097 carrying the ping").isNotEmpty();
        for (byte[] f : vxlan) {
            assertThat(f.length).isEqualTo(148);
            assertThat(f[20] & 0x40).as("outer DF").isZero();
            assertThat(f[22] & 0xff).as("outer TTL").isEqualTo(64);
            assertThat(u16(f, 40)).as("UDP checksum").isNotZero();
            assertThat(f[42] & 0xff).as("VXLAN flags").isEqualTo(0x08);
            assertThat(f[70] & 0x40).as("inner DF on the request only").isEqualTo((f[84] & 0xff) == 8 ? 0x40 : 0);
        }
        assertThat(vxlan.stream().map(f -> u16(f, 34)).distinct()).as("one outer source port for request and reply")
                .hasSize(1);

        System.out.println("answers: " + o.afterwards());
        // the refusals the simulator words the same way (SwarmModeTest)
        assertThat(o.afterwards().get(0)).as("a worker making a swarm network").isEqualTo("Error response from daemon: "
                + "Cannot create a multi-host network from a worker node. Please create the network from a manager node.\n[exit 1]\n");
        assertThat(o.afterwards().get(1)).as("a second init").isEqualTo("Error response from daemon: This node is already part "
                + "of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.\n[exit 1]\n");
        assertThat(o.afterwards().get(3)).as("a container on a network that is not attachable: created, then refused")
                .matches("(?s)[0-9a-f]{64}\ndocker: Error response from daemon: Could not attach to network plain: rpc error: "
                        + "code = PermissionDenied desc = network plain not manually attachable\\.\n\\[exit 125\\]\n");
        assertThat(o.afterwards().get(4)).as("the last manager leaving without --force").isEqualTo("Error response from "
                + "daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing the "
                + "last manager erases all current state of the swarm. Use `--force` to ignore this message.\n[exit 1]\n");
        assertThat(o.afterwards().get(6)).as("a token of another swarm's CA").isEqualTo("Error response from daemon: "
                + "remote CA does not match fingerprint. Expected: 012dd96366b40736d5eee3ad1c81d5c0564c620fafc07708e1d086a934b710ed"
                + "\n[exit 1]\n");
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    private static boolean icmpInside(byte[] f) {
        return f.length > 73 && (f[73] & 0xff) == 1;
    }

    private static List<Integer> recordTypes(byte[] f) {
        List<Integer> types = new ArrayList<>();
        int at = tcpPayload(f);
        while (at + 5 <= f.length) {
            types.add(f[at] & 0xff);
            at += 5 + u16(f, at + 3);
        }
        return types;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    private static boolean tcpPort(byte[] f, int port) {
        if (f.length < 54 || u16(f, 12) != 0x0800 || f[23] != 6) {
            return false;
        }
        int l4 = 14 + (f[14] & 0x0f) * 4;
        return u16(f, l4) == port || u16(f, l4 + 2) == port;
    }

    private static int tcpPayload(byte[] f) {
        int l4 = 14 + (f[14] & 0x0f) * 4;
        return l4 + ((f[l4 + 12] & 0xf0) >> 4) * 4;
    }

    private static int tcpPayloadLength(byte[] f) {
        return 14 + u16(f, 16) - tcpPayload(f);
    }
}
