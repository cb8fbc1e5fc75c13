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

    @Test
    void sequence() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        for (String h : List.of("node1", "node2")) {
            for (String m : ControlMessageDiff.sequence(underlay(run, h))) {
                System.out.println(h + "  " + m);
            }
        }
    }
}
