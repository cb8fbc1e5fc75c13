/*
 * The DirectRouting lab in the running desktop app (TestFX on Monocle), whose node3 sits on a
 * second segment behind router1: the canvas draws both segments' switches and the router with its
 * two links, each cabled to its own segment, and once node3's flanneld is up the frames between
 * node3 and node1's etcd pass through the router's links. The window after that step is saved as
 * target/screenshots/flannel-directrouting-routed.png (docs/screenshots keeps the reviewed copy).
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.scene.Node;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.vm.AnimationViewModel;

@Tag("ui")
class RoutedLabUiTest {

    @Test
    void theRouterAndBothSegmentsAreDrawnAndItsFramesCrossIt() throws Exception {
        Path shot = Path.of("target", "screenshots", "flannel-directrouting-routed.png");
        try (AppDriver app = AppDriver.open()) {
            app.openLab("flannel-vxlan-directrouting");
            int step = app.fx(() -> app.vm.lab().get().lab().stepNumber("flanneld-node3").orElseThrow());
            app.runThrough(step);
            app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get() && app.vm.steps().completed().get() >= step);
            Map<String, Node> nodes = app.fx(() -> app.window.canvas().elementNodes());
            assertThat(nodes).containsKeys("switch:underlay", "switch:underlay2", Diagram.routerId("router1"),
                    Diagram.deviceId("router1", "host", "eth1"), Diagram.deviceId("router1", "host", "eth2"),
                    "underlay:" + Diagram.deviceId("router1", "host", "eth1"),
                    "underlay:" + Diagram.deviceId("router1", "host", "eth2"));
            assertThat(app.fx(() -> nodes.get("switch:underlay").getAccessibleText()))
                    .isEqualTo("underlay switch underlay switch  192.168.205.0/24");
            assertThat(app.fx(() -> nodes.get("switch:underlay2").getAccessibleText()))
                    .isEqualTo("underlay switch underlay switch  192.168.206.0/24");
            assertThat(app.fx(() -> nodes.get(Diagram.routerId("router1")).getAccessibleText())).startsWith("router router1");
            assertThat(app.fx(() -> nodes.get(Diagram.deviceId("router1", "host", "eth2")).getAccessibleText()))
                    .isEqualTo("network card eth2, 192.168.206.1/24 on router1");
            assertThat(app.fx(() -> nodes.get("underlay:" + Diagram.deviceId("node3", "host", "enp0s8")).getAccessibleText()))
                    .isEqualTo("underlay cable from node3 host enp0s8 to underlay2");
            // node3's flanneld talks to node1's etcd: those frames are seen at the router and drawn on its links
            java.util.List<AnimationViewModel.Event> atRouter = app.fx(() -> app.vm.animation().events().items().stream()
                    .filter(e -> e.host().equals("router1")).toList());
            assertThat(atRouter).as("frames seen at router1").isNotEmpty();
            assertThat(atRouter.stream().map(AnimationViewModel.Event::device).distinct()).contains("eth1", "eth2");
            for (AnimationViewModel.Event e : atRouter) {
                Diagram.Chip chip = app.fx(() -> app.vm.topology().diagram().chip(Diagram.deviceId("router1", "host", e.device()))
                        .orElseThrow());
                assertThat((Object) app.fx(() -> app.vm.animation().placeOf(e.host(), e.namespace(), e.device())))
                        .isEqualTo(chip.bounds().center());
            }
            app.fx(() -> app.vm.animation().pause());
            app.screenshot(shot);
        }
        assertThat(Files.size(shot)).isGreaterThan(20_000);
    }
}
