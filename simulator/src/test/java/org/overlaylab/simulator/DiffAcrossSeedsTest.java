/*
 * The simulator-vs-real diff ignores exactly what is random: two simulator runs of a lab with
 * different seeds differ in every MAC, ID and veth name, yet compare equal, topology and underlay
 * frames alike. Where a seed changes real outcomes (flannel's leases), the diff shows them.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.diff.TopologyDiff;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.diff.FrameHeaderDiff;

class DiffAcrossSeedsTest {

    private static List<byte[]> underlay(LabRuns.Run run) {
        SimulatorBackend b = (SimulatorBackend) run.session().backend();
        return b.world().frames().frames().stream()
                .filter(f -> f.device().equals("enp0s8") && f.host().equals("node1")
                        && f.direction() == CapturedFrame.Direction.IN)
                .map(CapturedFrame::data).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-overlay-etcd", "ovs-gre"})
    void randomnessIsIgnored(String lab) throws Exception {
        LabRuns.Run a = LabRuns.run(lab, 1, 0);
        LabRuns.Run b = LabRuns.run(lab, 99, 0);
        Topology ta = a.session().topology();
        Topology tb = b.session().topology();
        assertThat(ta.hosts().get(0).root().iface("docker0").orElseThrow().mac())
                .isNotEqualTo(tb.hosts().get(0).root().iface("docker0").orElseThrow().mac());
        assertThat(TopologyDiff.compare(ta, tb)).isEmpty();
        assertThat(FrameHeaderDiff.compare(underlay(a), underlay(b))).isEmpty();
    }

    @Test
    void realDifferencesShow() throws Exception {
        Topology a = LabRuns.run("flannel-vxlan", 13480, 0).session().topology();
        Topology b = LabRuns.run("flannel-vxlan", 1, 0).session().topology();
        List<TopologyDiff.Difference> d = TopologyDiff.compare(a, b);
        assertThat(d).anySatisfy(x -> {
            assertThat(x.category()).isEqualTo("etcd-key");
            assertThat(x.item()).isEqualTo("/coreos.com/network/subnets/10.15.64.0-20");
        });
        assertThat(d).anySatisfy(x -> {
            assertThat(x.host()).isEqualTo("node1");
            assertThat(x.category()).isEqualTo("device");
            assertThat(x.item()).isEqualTo("docker0");
        });
    }
}
