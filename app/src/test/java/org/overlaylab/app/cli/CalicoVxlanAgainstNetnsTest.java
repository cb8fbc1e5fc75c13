/*
 * The calico-vxlan lab on the simulator and on the real kernel side by side (`overlay-lab diff`):
 * through the ping, every step leaves the same frames on the underlay by their headers (VXLAN to
 * UDP 4789 with VNI 4096 around the same inner ICMP, TTLs included), so the simulator's Calico
 * VXLAN mode puts on the wire what Linux does with the devices Felix's settings make.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class CalicoVxlanAgainstNetnsTest {

    @Test
    void theSimulatorsVxlanFramesMatchTheRealKernelsStepByStep() {
        CommandLineTest.Outcome o = CommandLineTest.run("diff", "calico-vxlan", "--until", "ping-vxlan");
        assertThat(o.status()).as(o.err()).isZero();
        List<String> steps = o.out().lines().filter(l -> l.matches("\\[\\d+/\\d+\\] .*")).toList();
        assertThat(steps).as(o.out()).isNotEmpty().allSatisfy(l -> assertThat(l).contains(" 0 frame differences")
                .doesNotContain("the real run failed a check"));
        assertThat(steps.get(steps.size() - 1)).startsWith("[16/").contains("Ping workload-b from workload-a");
    }
}
