/*
 * Every task of every lab in the index, on the real kernel: after its scenario the task's checks
 * fail, and typing its own solution makes them pass (LabTasksOnSimulatorTest proves the same on the
 * simulator). The four tutorial labs, the swarm lab and the OVS VXLAN and Geneve labs are walked by their own tests, which capture frames on the
 * way; every other lab of the index is walked here, so a lab added to the index is never left out.
 * A lab that says it does not run on netns (its `backends:`) is skipped with its own reason.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;

@Tag("netns")
class LabTasksOnNetnsTest {

    /** The labs whose own test walks them on netns, with the assertions on frames it makes besides. */
    static final Map<String, Class<?>> OWN_TEST = Map.of(
            "docker-overlay-etcd", DockerOverlayLabTest.class,
            "docker-swarm-overlay", SwarmOverlayLabTest.class,
            "ovs-gre", OvsGreLabTest.class,
            "ovs-vxlan", OvsVxlanGeneveLabTest.class,
            "ovs-geneve", OvsVxlanGeneveLabTest.class,
            "flannel-vxlan", FlannelLabTest.class,
            "flannel-host-gw", FlannelModesLabTest.class,
            "flannel-vxlan-directrouting", FlannelModesLabTest.class,
            "calico-bgp", CalicoLabTest.class);

    static Stream<String> labs() {
        List<String> index = LabLoader.builtInIds();
        assertThat(index).as("the labs with their own netns test are in the index").containsAll(OWN_TEST.keySet());
        return index.stream().filter(id -> !OWN_TEST.containsKey(id));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void everyTaskFailsAfterItsScenarioAndPassesAfterItsSolution(String id) throws Exception {
        String refusal = LabLoader.builtIn(id).backendRefusal("netns");
        Assumptions.assumeTrue(refusal == null, refusal);
        LabRun.Outcome o = LabRun.run(id, List.of());
        assertThat(o.failures()).as("%s: failed expectations, checks and tasks", id).isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }
}
