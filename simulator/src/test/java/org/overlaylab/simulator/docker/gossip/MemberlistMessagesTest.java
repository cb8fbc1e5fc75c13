/*
 * The simulator's memberlist and Serf messages against the same messages in a real capture of the
 * docker-overlay-etcd lab (Docker 20.10 on the netns backend): built from the values the real ones
 * carry, they are the real bytes, wrappers (CRC, compression, compound) included.
 */
package org.overlaylab.simulator.docker.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.net.Ipv4;

class MemberlistMessagesTest {
    private static List<byte[]> real;

    private static final byte[] NODE1 = Ipv4.toBytes(Ipv4.parse("192.168.205.10"));
    private static final byte[] NODE2 = Ipv4.toBytes(Ipv4.parse("192.168.205.11"));
    private static final MemberlistMessages.Member M1 = new MemberlistMessages.Member("docker-node1", NODE1, 7946, 1);
    private static final MemberlistMessages.Member M2 = new MemberlistMessages.Member("docker-node2", NODE2, 7946, 1);

    @BeforeAll
    static void read() throws Exception {
        real = GoLzwTest.realPayloads();
    }

    private static byte[] firstWith(int outerType, int innerType) {
        for (byte[] p : real) {
            if ((p[0] & 0xff) == outerType && (MemberlistMessages.unwrap(p)[0] & 0xff) == innerType) {
                return p;
            }
        }
        throw new AssertionError("no such message in the capture");
    }

    @Test
    void joinPushPullIsTheRealOne() {
        // node2's push-pull as it joined node1: itself alone, Serf's clocks at 1, no events yet
        byte[] mine = MemberlistMessages.compressed(MemberlistMessages.pushPull(true, List.of(M2), 1,
                Map.of("docker-node2", 0L), 1, List.of(), 1));
        assertThat(mine).isEqualTo(real.get(0));
        assertThat(mine.length).isEqualTo(231);
    }

    @Test
    void pingAndItsAckAreTheRealOnes() {
        byte[] ping = firstWith(MemberlistMessages.PING, MemberlistMessages.PING);
        assertThat(MemberlistMessages.ping(1, "docker-node1", NODE2, "docker-node2", 7946)).isEqualTo(ping);
        // the first ack: node1 has measured nothing yet, its coordinate is Vivaldi's origin (compressed: shorter)
        byte[] ack = firstWith(MemberlistMessages.COMPRESS, MemberlistMessages.ACK);
        assertThat(MemberlistMessages.compressIfShorter(MemberlistMessages.ack(1, Vivaldi.Coordinate.origin())))
                .isEqualTo(ack);
    }

    @Test
    void gossipAfterTheJoinIsTheRealOne() {
        // node1's first gossip: node2's alive, its own, and its Serf join intent, compressed with a CRC
        byte[] mine = MemberlistMessages.withCrc(MemberlistMessages.compressIfShorter(MemberlistMessages.compound(List.of(
                MemberlistMessages.alive(M2), MemberlistMessages.alive(M1), MemberlistMessages.serfJoin(2, "docker-node1")))));
        assertThat(mine).isEqualTo(firstWith(MemberlistMessages.HAS_CRC, MemberlistMessages.COMPOUND));
    }

    @Test
    void endpointJoinEventIsTheRealOne() {
        byte[] event = null;
        for (byte[] p : real) {
            if ((p[0] & 0xff) == MemberlistMessages.HAS_CRC && (p[5] & 0xff) == MemberlistMessages.USER) {
                event = p;
                break;
            }
        }
        assertThat(event).isNotNull();
        String name = MemberlistMessages.strAfter(event, "Name");
        assertThat(name).startsWith("jl 192.168.205.10 ");
        assertThat(MemberlistMessages.strAfter(event, "Payload")).isEqualTo("join 10.0.0.2 255.255.255.0 02:42:0a:00:00:02");
        byte[] mine = MemberlistMessages.withCrc(MemberlistMessages.userEvent(new MemberlistMessages.UserEvent(1, name,
                "join 10.0.0.2 255.255.255.0 02:42:0a:00:00:02")));
        assertThat(mine).isEqualTo(event);
        assertThat(mine.length + 8).as("UDP length").isEqualTo(238);
    }
}
