/*
 * Lab 4 for real: BIRD iBGP between the hosts, /26 blocks routed proto bird, plain IPv4 on the
 * underlay; then each task's checks fail after its scenario and pass once its solution is typed.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;

@Tag("netns")
class CalicoLabTest {

    @Test
    void calicoLabRunsFromNothingToTheRoutedPingAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("calico-bgp", CapturePoint.of("node2", "enp0s8"));
        assertThat(o.failures()).as("calico-bgp: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames()).as("plain ICMP between 10.20.x.y addresses on node2's underlay")
                .anyMatch(f -> Frames.isPlainIcmp(f.data(), "10.20."));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
