/*
 * Cause and effect for Docker's Serf gossip in the view models, on the simulator running
 * docker-overlay-etcd: the gossip frame that brought node1 test2's join event, once picked, turns
 * the inspector to node1 and marks the neighbour and FDB entries it programmed on vxlan0.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.model.backend.StateChange;

class GossipCauseEffectViewModelTest {
    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void pickingTheJoinEventsFrameMarksTheNeighbourAndFdbEntriesItProgrammed() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "docker-overlay-etcd");
        int frame = ControlPlaneViewModelTest.runUntilRoutesArrive(vm);
        assertThat(frame).as("a gossip frame that programs a peer").isNotNegative();
        PacketListViewModel packets = vm.packets();

        packets.select(frame);

        PacketListViewModel.Detail d = packets.detail().get();
        assertThat(d.effects()).extracting(StateChange::host, StateChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node1", StateChange.Kind.NEIGH_ADDED),
                org.assertj.core.groups.Tuple.tuple("node1", StateChange.Kind.FDB_ADDED));
        assertThat(d.effectLines()).contains(
                "Changed state: programs test2's MAC 02:42:0a:00:00:03 at 192.168.205.11 into vxlan0 on node1");
        assertThat(vm.inspector().subject().get()).isEqualTo("node1");
        assertThat(vm.inspector().causedRows().get()).satisfiesExactlyInAnyOrder(
                r -> assertThat(r).startsWith("10.0.0.3 dev vxlan0 lladdr 02:42:0a:00:00:03"),
                r -> assertThat(r).startsWith("02:42:0a:00:00:03 dev vxlan0 dst 192.168.205.11"));
        assertThat(vm.topology().changedBySelection().get()).containsExactly(Diagram.hostId("node1"));

        packets.select(-1);

        assertThat(vm.inspector().causedRows().get()).isEmpty();
    }
}
