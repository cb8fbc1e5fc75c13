/*
 * Cause and effect in the running app: calico-bgp on the simulator up to the step where BIRD's
 * routes arrive, the packet list narrowed to the control plane, the first BGP UPDATE picked, and
 * the route it installed marked in the inspector and its host outlined on the canvas. Saves the
 * window to target/screenshots/control-plane-cause-effect.png.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.app.ui.vm.AnimationViewModel;
import org.overlaylab.app.ui.vm.InspectorViewModel;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.backend.StateChange;
import org.testfx.api.FxRobot;

@Tag("ui")
class ControlPlaneUiTest {
    private final FxRobot robot = new FxRobot();

    @Test
    void pickingTheFirstBgpUpdateMarksTheRouteItInstalled() throws Exception {
        Path shot = Path.of("target", "screenshots", "control-plane-cause-effect.png");
        try (AppDriver app = AppDriver.open()) {
            app.openLab("calico-bgp");
            int steps = app.fx(() -> app.vm.steps().stepCount());
            int update = -1;
            for (int step = 1; step <= steps && update < 0; step++) {
                app.runThrough(step);
                update = app.fx(() -> firstBgpUpdate(app.vm.packets()));
            }
            assertThat(update).as("a BGP UPDATE that installs a route").isNotNegative();
            int frame = update;
            app.fx(() -> app.vm.animation().pause());

            // the Control selector above the list, then the UPDATE picked in the list
            app.fx(() -> app.window.bottomTabs().getSelectionModel().select(0));
            robot.clickOn("#plane-control");
            app.waitUntil(Duration.ofSeconds(10), () -> app.vm.packets().plane().get()
                    == PacketListViewModel.PlaneChoice.CONTROL && !app.vm.packets().filtering().get()
                    && app.vm.packets().positionOf(frame) >= 0);
            app.fx(() -> app.window.packets().table().select(app.vm.packets().positionOf(frame)));
            app.waitUntil(Duration.ofSeconds(5), () -> app.vm.packets().selectedFrame().get() == frame);

            StateChange installed = app.fx(() -> app.vm.packets().detail().get().effects().get(0));
            // the packet detail says what the frame changed
            List<String> detailLines = app.fx(() -> app.window.packets().tree().getRoot().getChildren().stream()
                    .map(TreeItem::getValue).filter(String.class::isInstance).map(String.class::cast).toList());
            assertThat(detailLines).contains("Changed state: " + installed.description());
            // the inspector is on the host the route was installed on, with that route's row marked
            app.waitUntil(Duration.ofSeconds(5), () -> !app.window.inspector().lookupAll(".row-caused").isEmpty());
            assertThat(app.fx(() -> app.vm.inspector().subject().get())).isEqualTo(installed.host());
            List<String> marked = app.fx(() -> app.window.inspector().lookupAll(".row-caused").stream()
                    .map(n -> (TableRow<?>) n).map(TableRow::getItem)
                    .map(r -> ((InspectorViewModel.Row) r).cells().get(1)).toList());
            assertThat(marked).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(installed.subject() + " via "));
            // the canvas outlines that host, and only it
            Node host = app.fx(() -> app.window.canvas().nodeFor(Diagram.hostId(installed.host())));
            assertThat(host.getStyleClass()).contains("changed-by-selection");
            assertThat(app.fx(() -> app.window.canvas().elementNodes().values().stream()
                    .filter(n -> n.getStyleClass().contains("changed-by-selection")).count())).isEqualTo(1L);

            // the UPDATE's diamond on its way, frozen, for the screenshot
            app.fx(() -> {
                var events = app.vm.animation().events().items();
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).storeIndex() == frame) {
                        app.vm.animation().seekToEvent(i);
                        app.vm.animation().seek(Math.max(0, app.vm.animation().time().get() - 0.15));
                        break;
                    }
                }
            });
            Thread.sleep(400);
            app.screenshot(shot);

            // clearing the selection clears the marks
            app.fx(() -> app.vm.packets().select(-1));
            app.waitUntil(Duration.ofSeconds(5), () -> app.window.inspector().lookupAll(".row-caused").isEmpty());
            assertThat(host.getStyleClass()).doesNotContain("changed-by-selection");
        }
        assertThat(Files.size(shot)).isGreaterThan(20_000);
    }

    @Test
    void theEventListShowsOnePlaneAtATime() throws Exception {
        try (AppDriver app = AppDriver.open()) {
            app.openLab("calico-bgp");
            int steps = app.fx(() -> app.vm.steps().stepCount());
            for (int step = 1; step <= steps; step++) {
                app.runThrough(step);
                if (app.fx(() -> app.vm.animation().events().items().stream().anyMatch(e -> e.plane() == Plane.CONTROL)
                        && app.vm.animation().events().items().stream().anyMatch(e -> e.plane() == Plane.DATA))) {
                    break;
                }
            }
            app.fx(() -> app.vm.animation().pause());
            List<AnimationViewModel.Event> events = app.fx(() -> List.copyOf(app.vm.animation().events().items()));
            long control = events.stream().filter(e -> e.plane() == Plane.CONTROL).count();
            assertThat(control).as("control-plane events in the step").isPositive().isLessThan(events.size());

            robot.clickOn("#events-tab .tab-label");
            app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#event-plane-control").tryQuery().isPresent());
            assertThat(shownRows(app)).hasSize(events.size());
            robot.clickOn("#event-plane-control");
            assertThat(shownRows(app)).hasSize((int) control).allSatisfy(e -> assertThat(e.plane()).isEqualTo(Plane.CONTROL));
            app.screenshot(Path.of("target", "screenshots", "event-list-control-plane.png"));
            robot.clickOn("#event-plane-data");
            assertThat(shownRows(app)).hasSize(events.size() - (int) control)
                    .allSatisfy(e -> assertThat(e.plane()).isEqualTo(Plane.DATA));
            // picking a filtered row still picks that event, and the list stays in front
            AnimationViewModel.Event picked = app.fx(() -> {
                var table = app.window.events().table();
                table.requestFocus();
                table.getSelectionModel().select(table.getItems().size() - 1);
                return table.getSelectionModel().getSelectedItem();
            });
            app.waitUntil(Duration.ofSeconds(5), () -> app.vm.animation().currentEvent().get() == picked.index());
            robot.clickOn("#event-plane-all");
            assertThat(shownRows(app)).hasSize(events.size());
        }
    }

    private static List<AnimationViewModel.Event> shownRows(AppDriver app) throws Exception {
        return app.fx(() -> List.copyOf(app.window.events().table().getItems()));
    }

    /** The first frame in the list that is BGP and installed a route, or -1. */
    private static int firstBgpUpdate(PacketListViewModel packets) {
        FrameStore store = packets.store();
        for (int p = 0; p < packets.rowCount(); p++) {
            int i = packets.frameAt(p);
            if (store.contains(i) && !store.effects(i).isEmpty()
                    && packets.row(p).kind().protocol() == Protocol.BGP) {
                return i;
            }
        }
        return -1;
    }
}
