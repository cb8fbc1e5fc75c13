/*
 * The calico-vxlan lab on the simulator and on the real kernel side by side (`overlay-lab diff`):
 * through the ping, the underlay carries the same VXLAN frames by their headers (UDP 4789, VNI
 * 4096, the same inner ICMP and TTLs) and the hosts hold the same vxlan.calico, routes, ARP and
 * FDB entries. What the simulator leaves out of the wire (etcd's and Docker's gossip, BGP's
 * keepalives) and the calico-node container the netns backend has no image for are the only
 * differences allowed.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class CalicoVxlanAgainstNetnsTest {

    @Test
    void theSimulatorsVxlanFramesAndStateMatchTheRealKernels() {
        CommandLineTest.Outcome o = CommandLineTest.run("diff", "calico-vxlan", "--until", "ping-vxlan");
        assertThat(o.status()).as(o.err()).isZero();
        List<String> lines = o.out().lines().toList();
        List<String> steps = lines.stream().filter(l -> l.matches("\\[\\d+/\\d+\\] .*")).toList();
        assertThat(steps).as(o.out()).hasSize(13).noneMatch(l -> l.contains("the real run failed a check"));
        assertThat(steps.get(12)).startsWith("[13/18] Ping workload-b from workload-a");
        assertThat(lines).as(o.out()).filteredOn(l -> l.startsWith("  frames "))
                .noneMatch(l -> l.contains("4789") || l.contains("VXLAN") || l.contains("ICMP"));
        assertThat(lines).as(o.out()).filteredOn(l -> l.startsWith("  state "))
                .allMatch(l -> l.contains("container calico-node: running | -"));
    }
}
