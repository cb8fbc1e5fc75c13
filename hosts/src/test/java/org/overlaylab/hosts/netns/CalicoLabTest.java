/*
 * Lab 4 for real: BIRD iBGP between the hosts, /26 blocks routed proto bird, plain IPv4 on the
 * underlay; BIRD's clients on its default socket, its socket named by `ss -p`, its routes without
 * a metric, and a workload that restarted wired again; then each task's checks fail after its
 * scenario and pass once its solution is typed.
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
        LabRun.Outcome o = LabRun.run("calico-bgp", java.util.List.of(new LabRun.Capture(null, CapturePoint.of("node2", "enp0s8"))),
                java.util.List.of("node1: sudo birdcl show protocols", "node1: sudo ss -tlnp", "node1: route -n",
                        "node2: sudo docker exec workload-b ip route"));
        assertThat(o.failures()).as("calico-bgp: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.frames()).as("plain ICMP between 10.20.x.y addresses on node2's underlay")
                .anyMatch(f -> Frames.isPlainIcmp(f.data(), "10.20."));
        assertThat(o.afterwards().get(0)).startsWith("BIRD 2.").contains("Mesh_192_168_205_11 BGP ", "Established");
        assertThat(o.afterwards().get(1)).contains("users:((\"bird\",pid=");
        assertThat(o.afterwards().get(2)).containsPattern("(?m)^10\\.20\\.\\d+\\.\\d+ +192\\.168\\.205\\.11 +255\\.255\\.255\\.192 UG +0 ");
        // workload-b was stopped and started by a task: Calico's plugin joined it again
        assertThat(o.afterwards().get(3)).isEqualTo("default via 169.254.1.1 dev cali0 \n169.254.1.1 dev cali0 scope link \n");
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
