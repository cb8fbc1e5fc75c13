/*
 * Lab 3 for real: the built-in flannel agent, Docker inside the lease, VXLAN VNI 100 on UDP 8472,
 * ping google.com; then each task's checks fail after its scenario and pass once its solution is typed.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;

@Tag("netns")
class FlannelLabTest {

    @Test
    void flannelLabRunsFromNothingToThePingAcrossVxlanAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("flannel-vxlan", CapturePoint.of("node1", "enp0s8"));
        // the lab file accepts both Dockers' "Cannot connect to the Docker daemon" and broadcast
        // address (Bcast:10.13.63.255 from Docker 20.10, 0.0.0.0 from the tutorial's)
        assertThat(o.failures()).as("flannel-vxlan: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames()).as("VXLAN frames with VNI 100 on UDP 8472 on node1's underlay")
                .anyMatch(f -> Frames.isVxlan(f.data(), 8472, 100));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
