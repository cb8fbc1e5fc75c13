/*
 * Control plane and data plane in the view models, on the real simulator running calico-bgp: a BGP
 * UPDATE's effect shown with it (inspector row, canvas host), the packet list limited to one plane,
 * and the control plane's animation switched off and remembered.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.packets.PacketListViewModel.PlaneChoice;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.backend.StateChange;

class ControlPlaneViewModelTest {
    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** Runs calico-bgp one step at a time until a frame changes state (a BGP UPDATE installs a route). */
    static int runUntilRoutesArrive(MainViewModel vm) {
        for (int step = 1; step <= vm.steps().stepCount(); step++) {
            vm.steps().select(step);
            vm.runToSelected();
            int frame = firstFrameWithEffects(vm.packets());
            if (frame >= 0) {
                return frame;
            }
        }
        return -1;
    }

    static int firstFrameWithEffects(PacketListViewModel packets) {
        FrameStore store = packets.store();
        for (int i = store.firstIndex(); i < store.endIndex(); i++) {
            if (!store.effects(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private MainViewModel calico() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "calico-bgp");
        return vm;
    }

    @Test
    void selectingABgpUpdateShowsTheRouteItInstalledAndClearingTheSelectionClearsIt() {
        calico();
        int update = runUntilRoutesArrive(vm);
        assertThat(update).as("a frame that installs a route").isNotNegative();
        PacketListViewModel packets = vm.packets();
        assertThat(packets.row(packets.positionOf(update)).kind().protocol()).isEqualTo(Protocol.BGP);

        packets.select(update);

        PacketListViewModel.Detail d = packets.detail().get();
        StateChange installed = d.effects().get(0);
        assertThat(installed.kind()).isEqualTo(StateChange.Kind.ROUTE_ADDED);
        assertThat(d.effectLines()).hasSize(d.effects().size())
                .first().asString().startsWith("Changed state: installs " + installed.subject() + " via ")
                .endsWith(" on " + installed.host());
        // the inspector turns to the host the route was installed on and marks that route
        assertThat(vm.inspector().subject().get()).isEqualTo(installed.host());
        assertThat(vm.inspector().causedRows().get()).anySatisfy(r ->
                assertThat(r).startsWith(installed.subject() + " via ").contains(" proto bird"));
        InspectorViewModel.Table routes = vm.inspector().tables().items().stream()
                .filter(t -> t.title().equals(InspectorViewModel.ROUTES)).findFirst().orElseThrow();
        assertThat(routes.rows()).filteredOn(InspectorViewModel.Row::caused).isNotEmpty()
                .allSatisfy(r -> assertThat(r.cells().get(1)).startsWith(installed.subject()));
        assertThat(routes.rows()).filteredOn(r -> !r.caused()).isNotEmpty();
        // the canvas outlines that host
        assertThat(vm.topology().changedBySelection().get()).containsExactly(Diagram.hostId(installed.host()));

        packets.select(-1);

        assertThat(vm.inspector().causedRows().get()).isEmpty();
        assertThat(vm.topology().changedBySelection().get()).isEmpty();
        assertThat(vm.inspector().tables().items()).flatMap(InspectorViewModel.Table::rows)
                .noneMatch(InspectorViewModel.Row::caused);
    }

    @Test
    void aFrameThatChangedNothingMarksNothing() {
        calico();
        int update = runUntilRoutesArrive(vm);
        vm.packets().select(update);
        int plain = vm.packets().store().firstIndex();
        assertThat(vm.packets().store().effects(plain)).isEmpty();

        vm.packets().select(plain);

        assertThat(vm.packets().detail().get().effectLines()).isEmpty();
        assertThat(vm.inspector().causedRows().get()).isEmpty();
        assertThat(vm.topology().changedBySelection().get()).isEmpty();
    }

    @Test
    void thePacketListShowsOnePlaneOrBoth() {
        calico();
        // through the ping between the workloads, so the list holds data-plane frames too
        Labs.runTutorial(vm);
        PacketListViewModel packets = vm.packets();
        int all = packets.rowCount();

        packets.choosePlane(PlaneChoice.CONTROL);
        int control = packets.rowCount();
        List<Integer> controlFrames = frames(packets);
        packets.choosePlane(PlaneChoice.DATA);
        int data = packets.rowCount();
        List<Integer> dataFrames = frames(packets);
        packets.choosePlane(PlaneChoice.ALL);

        assertThat(control).isPositive();
        assertThat(data).isPositive();
        assertThat(control + data).isEqualTo(all);
        assertThat(packets.rowCount()).isEqualTo(all);
        assertThat(controlFrames).allSatisfy(i ->
                assertThat(Plane.of(packets.store().data(i))).isEqualTo(Plane.CONTROL));
        assertThat(dataFrames).allSatisfy(i ->
                assertThat(Plane.of(packets.store().data(i))).isEqualTo(Plane.DATA));
        assertThat(controlFrames).contains(firstFrameWithEffects(packets));
    }

    @Test
    void thePlaneFilterCombinesWithTheDisplayFilter() {
        calico();
        runUntilRoutesArrive(vm);
        PacketListViewModel packets = vm.packets();
        packets.applyFilter("tcp");
        int tcp = packets.rowCount();
        packets.choosePlane(PlaneChoice.CONTROL);
        int tcpControl = packets.rowCount();
        packets.choosePlane(PlaneChoice.DATA);
        int tcpData = packets.rowCount();

        assertThat(tcpControl).isPositive();
        assertThat(tcpControl + tcpData).isEqualTo(tcp);
    }

    @Test
    void hidingTheControlPlaneLeavesOnlyDataPlaneMarkersAndIsRemembered() {
        SettingsStore settings = SettingsStore.inMemory();
        vm = new MainViewModel(BackendRegistry.load(), UiThread.direct(), name -> Worker.direct(), Runnable::run,
                settings);
        vm.start();
        Labs.open(vm, "calico-bgp");
        runUntilRoutesArrive(vm);
        AnimationViewModel anim = vm.animation();
        assertThat(anim.showControlPlane().get()).isTrue();
        assertThat(anim.events().items()).extracting(AnimationViewModel.Event::plane).contains(Plane.CONTROL);
        assertThat(markersOverTheStep(anim)).anyMatch(AnimationViewModel.Marker::control);

        vm.setAnimateControlPlane(false);

        List<AnimationViewModel.Marker> shown = markersOverTheStep(anim);
        assertThat(shown).noneMatch(AnimationViewModel.Marker::control);
        assertThat(shown).allSatisfy(m -> assertThat(anim.event(m.event()).plane()).isEqualTo(Plane.DATA));
        assertThat(settings.load().animateControlPlane()).isFalse();
        MainViewModel again = new MainViewModel(BackendRegistry.load(), UiThread.direct(), name -> Worker.direct(),
                Runnable::run, settings);
        assertThat(again.animation().showControlPlane().get()).isFalse();
        again.close();
    }

    private static List<Integer> frames(PacketListViewModel packets) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int p = 0; p < packets.rowCount(); p++) {
            out.add(packets.frameAt(p));
        }
        return out;
    }

    /** Every marker on the canvas at each tenth of a second through the step. */
    private static List<AnimationViewModel.Marker> markersOverTheStep(AnimationViewModel anim) {
        List<AnimationViewModel.Marker> out = new java.util.ArrayList<>();
        for (double t = 0; t <= anim.duration().get(); t += 0.1) {
            anim.seek(t);
            out.addAll(anim.markers());
        }
        return out;
    }
}
