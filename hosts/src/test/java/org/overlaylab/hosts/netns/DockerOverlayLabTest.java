/*
 * Lab 1 for real: a two-member etcd cluster, Docker with the cluster store, an overlay ping across
 * VXLAN; then each task's checks fail after its scenario and pass once its solution is typed.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.Topology;

@Tag("netns")
class DockerOverlayLabTest {

    @Test
    void overlayLabRunsFromNothingToThePingAcrossVxlanAndItsTasksHold() throws Exception {
        CapturePoint underlay = CapturePoint.of("node1", "enp0s8");
        CapturePoint test1 = new CapturePoint("node1", "test1", "eth0");
        CapturePoint vxlan0 = new CapturePoint("node2", "overlay", "vxlan0");
        LabRun.Outcome o = LabRun.run("docker-overlay-etcd", List.of(new LabRun.Capture(null, underlay),
                new LabRun.Capture("run-test1", test1), new LabRun.Capture("run-test2", vxlan0)));
        // the lab file accepts both Dockers' wording of the duplicate-name refusal, and the refused
        // container left behind in state "created"; everything must match, every task be proven
        assertThat(o.failures()).as("docker-overlay-etcd: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames(underlay)).as("VXLAN frames with VNI 256 on UDP 4789 on node1's underlay")
                .anyMatch(f -> Frames.isVxlan(f.data(), 4789, 256));
        assertThat(o.frames(test1)).as("test1's echo requests leaving its eth0")
                .anyMatch(f -> Frames.isPlainIcmp(f.data(), "10.0.0.") && f.direction() == CapturedFrame.Direction.OUT
                        && f.namespace().equals("test1"));
        assertThat(o.frames(vxlan0)).as("the same pings, unwrapped, on vxlan0 in node2's overlay namespace")
                .anyMatch(f -> Frames.isPlainIcmp(f.data(), "10.0.0.") && f.namespace().startsWith("1-"));
        Set<Long> inContainer = o.frames(test1).stream().filter(f -> Frames.isPlainIcmp(f.data(), "10.0.0."))
                .map(CapturedFrame::traceId).collect(Collectors.toSet());
        assertThat(o.frames(underlay)).as("an underlay VXLAN frame shares its trace id with the ping inside it")
                .anyMatch(f -> Frames.isVxlan(f.data(), 4789, 256) && inContainer.contains(f.traceId()));
        Topology last = o.last();
        var node1 = last.host("node1").orElseThrow();
        NetInterface eth0 = node1.namespace(node1.container("test1").orElseThrow().namespace()).orElseThrow()
                .iface("eth0").orElseThrow();
        assertThat(eth0.peer().namespace()).as("test1's eth0 is cabled into Docker's overlay namespace").startsWith("1-");
        assertThat(last.host("node2").orElseThrow().container("test2").orElseThrow().endpoint("demo").orElseThrow().device())
                .isEqualTo("eth0");
        assertThat(last.etcdKeys()).anyMatch(k -> k.key().startsWith("/docker/network/v1.0/endpoint/") && k.api().equals("v2"));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
