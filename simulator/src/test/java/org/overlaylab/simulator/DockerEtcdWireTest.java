/*
 * Docker's libkv etcd traffic in the docker-overlay-etcd lab on the simulated wire (port 2379 on
 * the underlay): each daemon's client pinned to one member, the folders it makes at start, its
 * discovery key with its TTL, the discovery watch whose answer is the other daemon's key, the
 * network's and endpoints' objects as atomic writes, each as Go's net/http and etcd 3.4 write them.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.diff.ControlMessageDiff;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;

class DockerEtcdWireTest {

    static List<byte[]> underlay(LabRuns.Run run, String host) {
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        return w.frames().frames().stream().filter(f -> f.host().equals(host) && (f.device().equals("enp0s8") || f.device().equals("lo"))
                && f.direction() == CapturedFrame.Direction.IN && !f.dropped()).map(CapturedFrame::data).toList();
    }

    static boolean port(byte[] f, int p) {
        if (f.length < 38 || Wire.ipProto(f) != Wire.PROTO_TCP) return false;
        int l4 = Wire.ipPayload(f);
        return Wire.u16(f, l4) == p || Wire.u16(f, l4 + 2) == p;
    }

    @Test
    void sequence() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<CapturedFrame> all = w.frames().frames();
        System.out.println("virtual s " + (all.get(all.size() - 1).timeNanos() - all.get(0).timeNanos()) / 1e9 + " log entries " + all.size());
        List<CapturedFrame> peer = all.stream().filter(f -> f.host().equals("node1") && f.device().equals("enp0s8")
                && f.direction() == CapturedFrame.Direction.IN && port(f.data(), 2380)).toList();
        System.out.println("2380 frames in on node1 " + peer.size());
        org.overlaylab.packets.format.TcpdumpFormatter t = new org.overlaylab.packets.format.TcpdumpFormatter(java.time.ZoneOffset.UTC, false, false);
        peer.stream().limit(40).forEach(f -> System.out.println(t.format(org.overlaylab.packets.PcapRecord.of(f))));
        for (String m : ControlMessageDiff.sequence(underlay(run, "node1"))) {
            if (m.contains("peer")) System.out.println(m);
        }
    }
}
