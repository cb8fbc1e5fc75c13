/*
 * Lab 2 for real: Open vSwitch (userspace datapath) on each host, veth into docker0, a GRE tunnel,
 * ping across; then each task's checks fail after its scenario and pass once its solution is typed.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;

@Tag("netns")
class OvsGreLabTest {

    @Test
    void ovsLabRunsFromNothingToThePingThroughGreAndItsTasksHold() throws Exception {
        LabRun.Outcome o = LabRun.run("ovs-gre", CapturePoint.of("node1", "enp0s8"));
        assertThat(o.failures()).as("ovs-gre: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames()).as("GRE frames carrying Ethernet and ICMP on node1's underlay")
                .anyMatch(f -> Frames.isGreWithIcmp(f.data()));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
