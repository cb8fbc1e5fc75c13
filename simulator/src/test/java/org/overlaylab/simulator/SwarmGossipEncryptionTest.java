/*
 * Swarm mode's network DB gossip in the docker-swarm-overlay lab on the simulated wire, against a
 * real capture of the same lab (Docker 20.10 on the netns backend, enp0s8 of node1 and of node2,
 * src/test/resources/gossip): every payload on 7946 is sealed with memberlist's encryption, UDP as
 * [1][nonce][ciphertext][tag] and TCP as [10][length][that], on both wires; the messages both sides
 * send (ack, ping, a ping or ack with alive piggybacked) have the real sizes exactly, and the
 * push-pulls are smaller by the network DB's own state, which the simulator does not model.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.overlaylab.simulator.docker.gossip.GossipCapture;
import org.overlaylab.simulator.docker.gossip.MemberlistEncryption;
import org.overlaylab.simulator.world.SimWorld;

class SwarmGossipEncryptionTest {
    private static final List<String> REAL = List.of("/gossip/docker20-swarm-node1-enp0s8.pcap",
            "/gossip/docker20-swarm-node2-enp0s8.pcap");

    private static boolean udp(byte[] f) {
        return f[23] == 17;
    }

    /** The framing of one payload on 7946: "udp sealed", "tcp sealed", or what is wrong with it. */
    private static String framing(byte[] f) {
        byte[] p = GossipCapture.payload(f);
        if (udp(f)) {
            return p.length > MemberlistEncryption.OVERHEAD && p[0] == 1 ? "udp sealed" : "udp plain " + p.length;
        }
        long length = (p[1] & 0xffL) << 24 | (p[2] & 0xff) << 16 | (p[3] & 0xff) << 8 | (p[4] & 0xff);
        return (p[0] & 0xff) == 10 && length == p.length - 5 && length > MemberlistEncryption.OVERHEAD && p[5] == 1
                ? "tcp sealed" : "tcp plain " + p.length;
    }

    private static List<byte[]> withPayload(List<byte[]> frames) {
        return frames.stream().filter(GossipCapture::isGossip).filter(f -> GossipCapture.payload(f).length > 0).toList();
    }

    @Test
    void everyGossipPayloadIsSealedAsOnTheRealSwarm() throws Exception {
        for (String capture : REAL) {
            List<byte[]> real = withPayload(GossipCapture.frames(capture));
            assertThat(real).as(capture).hasSizeGreaterThan(90)
                    .allSatisfy(f -> assertThat(framing(f)).endsWith(" sealed"));
        }
        LabRuns.Run run = LabRuns.run("docker-swarm-overlay");
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<byte[]> sim = withPayload(DockerGossipWireTest.simulated(run, "node1", "enp0s8"));
        assertThat(sim).filteredOn(SwarmGossipEncryptionTest::udp).hasSizeGreaterThan(50);
        assertThat(sim).filteredOn(f -> !udp(f)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(sim).allSatisfy(f -> {
            assertThat(framing(f)).endsWith(" sealed");
            // what was sealed is a memberlist message exactly the overhead shorter (and its header shorter on TCP)
            byte[] p = GossipCapture.payload(f);
            byte[] plain = MemberlistEncryption.plaintext(w, p);
            assertThat(plain).isNotNull();
            assertThat(p.length - plain.length).isEqualTo(MemberlistEncryption.OVERHEAD + (udp(f) ? 0 : 5));
        });

        // sizes: the datagrams memberlist itself builds match the real ones byte for byte
        Set<Integer> realUdp = new TreeSet<>();
        for (String capture : REAL) {
            withPayload(GossipCapture.frames(capture)).stream().filter(SwarmGossipEncryptionTest::udp)
                    .forEach(f -> realUdp.add(GossipCapture.payload(f).length));
        }
        List<String> simKinds = new ArrayList<>();
        for (byte[] f : sim) {
            simKinds.add(GossipCapture.kind(f, p -> MemberlistEncryption.plaintext(w, p)) + " " + GossipCapture.payload(f).length);
        }
        // an ack without payload 47 bytes (18 sealed), a ping naming its target and source 110 (81 sealed),
        // a ping with one alive piggybacked 184, an ack with two 191
        assertThat(simKinds).contains("udp encrypted [ack] 47", "udp encrypted [ping] 110",
                "udp encrypted compound[ping, alive] 184", "udp encrypted compound[ack, alive, alive] 191");
        assertThat(realUdp).contains(47, 110, 184, 191);
        // node2's join push-pull: real 178 bytes with the network DB's state (its networks), simulated without it
        int simJoin = sim.stream().filter(f -> GossipCapture.kind(f, p -> MemberlistEncryption.plaintext(w, p))
                .equals("tcp to 7946 encrypted push-pull join=true nodes=1")).findFirst().map(f -> GossipCapture.payload(f).length)
                .orElseThrow();
        assertThat(simJoin).isBetween(178 - 60, 178 - 1);
    }
}
