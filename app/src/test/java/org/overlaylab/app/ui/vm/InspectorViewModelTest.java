/* The inspector's tables and etcd tree after real lab steps, with rows new since the last step marked. */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.model.topology.EtcdKey;

class InspectorViewModelTest {
    private MainViewModel main;

    @AfterEach
    void close() {
        if (main != null) {
            main.close();
        }
    }

    @Test
    void aDeviceShowsItsForwardingEntriesMarkedNewByTheStepThatMadeThem() {
        main = Labs.mainOnSimulator();
        main.start();
        Labs.open(main, "flannel-vxlan");
        Labs.runTutorial(main);
        int n = main.steps().completed().get();
        main.topology().select(Diagram.deviceId("node1", "host", "flannel.100"));
        InspectorViewModel vm = main.inspector();
        assertThat(vm.subject().get()).isEqualTo("node1 · flannel.100");
        InspectorViewModel.Table fdb = table(vm, "Forwarding database (bridge fdb)");
        assertThat(fdb.rows()).anySatisfy(r -> assertThat(r.cells().get(1)).matches(
                "([0-9a-f]{2}:){5}[0-9a-f]{2} dev flannel.100 dst 192.168.205.11 self permanent"));
        assertThat(table(vm, "Routes (ip route)").rows()).anySatisfy(r -> assertThat(r.cells().get(1))
                .isEqualTo("10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink"));
        assertThat(table(vm, "Addresses").rows()).singleElement()
                .satisfies(r -> assertThat(r.cells()).contains("10.15.64.0/8"));
        // after the last step (a ping) nothing about flannel.100 is new
        assertThat(fdb.rows()).allSatisfy(r -> assertThat(r.state()).isEqualTo(InspectorViewModel.RowState.SAME));
        main.back();
        assertThat(main.steps().completed().get()).isEqualTo(n - 1);
    }

    @Test
    void aStepThatAddsAContainerMarksItsRowsNew() {
        main = Labs.mainOnSimulator();
        main.start();
        Labs.open(main, "ovs-gre");
        main.steps().select(1);
        main.runToSelected();
        main.topology().select(Diagram.hostId("node1"));
        InspectorViewModel.Table containers = table(main.inspector(), "Containers");
        assertThat(containers.rows()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(InspectorViewModel.RowState.NEW);
            assertThat(r.cells()).contains("container1", "172.17.0.2/16");
        });
        assertThat(containers.newRows()).isEqualTo(1);
    }

    @Test
    void etcdValuesAreFormattedJsonAndNewKeysMarked() {
        InspectorViewModel.EtcdNode root = InspectorViewModel.etcdTree(
                List.of(new EtcdKey("/coreos.com/network/config", "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":20}", "v3", 0),
                        new EtcdKey("/coreos.com/network/subnets/10.15.64.0-20", "{\"PublicIP\":\"192.168.205.10\"}", "v3", 0)),
                List.of(new EtcdKey("/coreos.com/network/config", "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":20}", "v3", 0)));
        InspectorViewModel.EtcdNode network = root.children().get(0).children().get(0);
        assertThat(network.key()).isEqualTo("/coreos.com/network");
        InspectorViewModel.EtcdNode config = network.children().get(0);
        assertThat(config.value()).isEqualTo("{\n  \"Network\" : \"10.0.0.0/8\",\n  \"SubnetLen\" : 20\n}");
        assertThat(config.state()).isEqualTo(InspectorViewModel.RowState.SAME);
        InspectorViewModel.EtcdNode lease = network.children().get(1).children().get(0);
        assertThat(lease.name()).isEqualTo("10.15.64.0-20");
        assertThat(lease.state()).isEqualTo(InspectorViewModel.RowState.NEW);
        assertThat(network.state()).as("a directory holding news").isEqualTo(InspectorViewModel.RowState.CHANGED);
        assertThat(InspectorViewModel.pretty("not json")).isEqualTo("not json");
    }

    @Test
    void rowsThatWentAwayAreKeptAsRemoved() {
        InspectorViewModel.Table t = InspectorViewModel.diff("Routes", List.of("a", "b"),
                List.of(List.of("1", "x"), List.of("2", "y")), List.of(List.of("1", "x"), List.of("3", "z")));
        assertThat(t.rows()).extracting(InspectorViewModel.Row::state).containsExactly(InspectorViewModel.RowState.SAME,
                InspectorViewModel.RowState.NEW, InspectorViewModel.RowState.REMOVED);
    }

    private static InspectorViewModel.Table table(InspectorViewModel vm, String title) {
        return vm.tables().items().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow();
    }
}
