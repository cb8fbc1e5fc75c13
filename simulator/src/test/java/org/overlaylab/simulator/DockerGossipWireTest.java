/*
 * Docker's Serf gossip in the docker-overlay-etcd lab on the simulated wire, against a real capture
 * of the same lab (Docker 20.10's dockerds on the netns backend, port 7946 on node1's enp0s8,
 * src/test/resources/gossip): the same kinds of messages in the same order once normalised (two
 * push-pulls over TCP when node2's daemon joins, alive and join gossip sent 4 times by each side,
 * a ping and its ack each second, each endpoint's join or leave event gossiped 4 times by each
 * side), of the same sizes: every kind's datagram or segment length within a few bytes of the real
 * one's (the real values differ only in Vivaldi coordinates, clocks and IDs).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.simulator.docker.gossip.GossipCapture;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;

class DockerGossipWireTest {

    static List<byte[]> simulated(LabRuns.Run run, String host, String device) {
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<byte[]> out = new ArrayList<>();
        for (CapturedFrame f : w.frames().frames()) {
            if (f.host().equals(host) && f.device().equals(device) && !f.dropped()
                    && f.direction() != CapturedFrame.Direction.DROP && GossipCapture.isGossip(f.data())
                    && (f.direction() == CapturedFrame.Direction.OUT) == (Wire.ipSrc(f.data()) == hostAddress(w, host))) {
                out.add(f.data());
            }
        }
        return out;
    }

    private static int hostAddress(SimWorld w, String host) {
        return org.overlaylab.model.net.Ipv4.parse(w.host(host).underlayIp());
    }

    @Test
    void gossipMatchesTheRealCaptureKindByKind() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        List<byte[]> sim = simulated(run, "node1", "enp0s8");
        List<byte[]> real = GossipCapture.realFrames();
        // the join: node2's push-pull to node1 and node1's back, each over its own connection, segment by segment
        List<String> simJoin = sim.subList(0, 20).stream().map(f -> GossipCapture.kind(f) + " " + Wire.ipTotalLength(f)).toList();
        List<String> realJoin = real.subList(0, 20).stream().map(f -> GossipCapture.kind(f) + " " + Wire.ipTotalLength(f)).toList();
        assertThat(simJoin).isEqualTo(realJoin);
        assertThat(simJoin.get(3)).isEqualTo("tcp to 7946 lzw push-pull join=true nodes=1 283");
        assertThat(simJoin.get(13)).isEqualTo("tcp to 7946 lzw push-pull join=true nodes=2 334");
        // every kind of datagram the real daemons sent, the simulated ones send too, within 8 bytes of its size
        // (a ping or ack carries whatever broadcasts wait when it falls: those combinations are left out)
        Map<String, Integer> simSizes = sizes(sim);
        sizes(real).forEach((kind, size) -> {
            if (kind.startsWith("udp") && !(kind.contains("[ping, ") || kind.contains("[ack, ") || kind.equals("udp lzw [ack]"))) {
                assertThat(simSizes).as(kind).containsKey(kind);
                assertThat(simSizes.get(kind)).as(kind).isBetween(size - 8, size + 8);
            }
        });
        // each endpoint event goes out 4 times from each side: test1 and test2 joining, test2 leaving and
        // joining again (its restart); test3 joins in the lab's last step, at whose end the real capture
        // stopped before its event went round (the simulated one goes out while its `docker run` lasts)
        long joins = sim.stream().filter(f -> GossipCapture.kind(f).contains("event join")
                && GossipCapture.userEvents(f).stream().anyMatch(e -> e.contains(" 10.0.0."))).count();
        long leaves = sim.stream().filter(f -> GossipCapture.kind(f).contains("event leave")).count();
        assertThat(leaves).isEqualTo(8);
        assertThat(joins).isEqualTo(3 * 8);
        // a ping and its ack every second or so from each side, the ack 1 ms after the ping
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<CapturedFrame> pings = w.frames().frames().stream().filter(f -> f.host().equals("node1")
                && f.device().equals("enp0s8") && f.direction() == CapturedFrame.Direction.OUT
                && GossipCapture.isGossip(f.data()) && GossipCapture.kind(f.data()).startsWith("udp [ping]")).toList();
        double seconds = (pings.get(pings.size() - 1).timeNanos() - pings.get(0).timeNanos()) / 1e9;
        assertThat(pings.size() / seconds).as("node1's pings per second").isBetween(0.4, 1.0);
    }

    static Map<String, Integer> sizes(List<byte[]> frames) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (byte[] f : frames) {
            m.putIfAbsent(GossipCapture.kind(f), Wire.ipTotalLength(f));
        }
        return m;
    }
}
