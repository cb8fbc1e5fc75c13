/* Lab 3 for real: the built-in flannel agent, Docker inside the lease, VXLAN VNI 100 on UDP 8472, ping google.com. */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;

@Tag("netns")
class FlannelLabTest {

    @Test
    void flannelLabRunsFromNothingToThePingAcrossVxlan() throws Exception {
        LabRun.Outcome o = LabRun.run("flannel-vxlan", CapturePoint.of("node1", "enp0s8"));
        // Docker 20.10's client words "Cannot connect to the Docker daemon" differently, and its
        // bridge driver gives containers a broadcast address (Bcast:10.13.63.255, not 0.0.0.0).
        assertThat(LabRun.withoutKnownDifferences(o.failures(),
                "step 8 (stop-docker-node1) on node1: `sudo docker ps`: output contains \"Cannot connect",
                "step 11 (run-containers) on node2: `sudo docker exec test2 ifconfig`: output contains \"inet addr:10.13.48.2  Bcast:0.0.0.0"))
                .as("failed expectations and checks").isEmpty();
        assertThat(o.frames()).as("VXLAN frames with VNI 100 on UDP 8472 on node1's underlay")
                .anyMatch(f -> Frames.isVxlan(f.data(), 8472, 100));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
