/*
 * The app without a mouse and with a screen reader: Tab (and Ctrl+Tab out of a terminal, whose Tab
 * completes) walks every main control and the canvas elements; Enter on a focused host selects it;
 * each host, device, container and cable on the canvas carries an accessible role and a text saying
 * what it is; the high-contrast theme switches on from the View menu and is remembered.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.testfx.api.FxRobot;

@Tag("ui")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyboardAccessUiTest {
    private static AppDriver app;
    private static SettingsStore settings;
    private static final FxRobot robot = new FxRobot();

    /**
     * The controls Tab must reach (labels and the status line take no focus); the layer tree joins
     * them once a frame is picked (see the last test).
     */
    private static final List<String> FOCUSABLE = List.of("file-menu", "view-menu", "help-menu", "lab-picker", "open-lab",
            "backend-picker", "detail-level", "presenter-mode", "run-step", "run-to-here", "back", "reset", "step-list",
            "play-pause", "animation-speed", "display-filter", "packet-list", "bottom-tabs");

    @BeforeAll
    static void open() throws Exception {
        settings = SettingsStore.inMemory();
        app = AppDriver.open(settings);
        app.openLab("docker-overlay-etcd");
        app.runThrough(4); // Back enabled, containers and daemons on the canvas
    }

    @AfterAll
    static void close() throws Exception {
        app.close();
    }

    private static String describe(Node n) {
        if (n == null) {
            return "nothing";
        }
        if (n.getStyleClass().contains("element")) {
            return "element " + n.getProperties().get(org.overlaylab.app.ui.view.TopologyCanvas.ID_KEY);
        }
        for (Node a = n; a != null; a = a.getParent()) {
            if (a.getId() != null) {
                return a.getId();
            }
        }
        return n.getClass().getSimpleName();
    }

    @Test
    @Order(1)
    void tabReachesEveryMainControlAndTheCanvasElements() throws Exception {
        app.fx(() -> app.window.root().lookup("#file-menu").requestFocus());
        Set<String> reached = new LinkedHashSet<>();
        List<String> walk = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Node owner = app.fx(() -> app.stage.getScene().getFocusOwner());
            String what = describe(owner);
            reached.add(what.startsWith("element ") ? "element" : what);
            walk.add(what);
            if (what.equals("file-menu") && i > 0) {
                break; // round the whole window
            }
            if (what.startsWith("terminal-input-")) {
                robot.press(KeyCode.CONTROL).type(KeyCode.TAB).release(KeyCode.CONTROL);
            } else {
                robot.type(KeyCode.TAB);
            }
        }
        assertThat(walk.get(walk.size() - 1)).as("Tab comes round to the start: " + walk).isEqualTo("file-menu");
        assertThat(reached).as(walk.toString()).containsAll(FOCUSABLE).contains("element")
                .anyMatch(s -> s.startsWith("terminal-input-"));
        assertThat(walk.stream().filter(w -> w.startsWith("element ")).toList()).as("canvas elements reached")
                .contains("element " + Diagram.hostId("node1"), "element " + Diagram.hostId("node2"));
    }

    @Test
    @Order(2)
    void enterOnAFocusedHostSelectsIt() throws Exception {
        app.fx(() -> app.vm.topology().select(null));
        app.fx(() -> app.window.canvas().nodeFor(Diagram.hostId("node2")).requestFocus());
        robot.type(KeyCode.ENTER);
        app.waitUntil(java.time.Duration.ofSeconds(5), () -> Diagram.hostId("node2").equals(app.vm.topology().selected().get()));
    }

    @Test
    @Order(3)
    void canvasElementsCarryRolesAndTextsAScreenReaderReads() throws Exception {
        Map<String, String[]> texts = app.fx(() -> {
            Map<String, String[]> out = new java.util.HashMap<>();
            for (var e : app.window.canvas().elementNodes().entrySet()) {
                Node n = e.getValue();
                out.put(e.getKey(), new String[] {String.valueOf(n.getAccessibleRole()), n.getAccessibleRoleDescription(),
                        n.getAccessibleText(), String.valueOf(n.isFocusTraversable())});
            }
            return out;
        });
        assertThat(texts).isNotEmpty();
        texts.forEach((id, t) -> {
            assertThat(t[0]).as(id).isEqualTo(AccessibleRole.BUTTON.name());
            assertThat(t[1]).as(id).isNotBlank();
            assertThat(t[2]).as(id).startsWith(t[1]);
            assertThat(t[3]).as(id).isEqualTo("true");
        });
        assertThat(texts.get(Diagram.hostId("node1"))[2]).startsWith("host node1, docker-node1").contains("etcd running");
        String enp0s8 = texts.entrySet().stream().filter(e -> e.getKey().startsWith("dev:node1/") && e.getKey().endsWith("/enp0s8"))
                .map(e -> e.getValue()[2]).findFirst().orElseThrow();
        assertThat(enp0s8).startsWith("network card enp0s8").contains("192.168.205.10/24", "on node1");
        assertThat(texts.get(Diagram.switchId("underlay"))[2]).startsWith("underlay switch");
        assertThat(texts.values().stream().map(t -> t[2])).anyMatch(t -> t.startsWith("underlay cable from "))
                .anyMatch(t -> t.startsWith("Linux bridge docker0"));
    }

    @Test
    @Order(4)
    void highContrastFromTheViewMenuIsAppliedAndRemembered() throws Exception {
        robot.clickOn("#view-menu");
        robot.clickOn("High contrast (Ctrl+Shift+H)");
        app.waitUntil(java.time.Duration.ofSeconds(5), () -> app.window.stylesheets().stream().anyMatch(s -> s.endsWith("high-contrast.css")));
        assertThat(settings.load().highContrast()).isTrue();
        app.screenshot(Path.of("target", "screenshots", "high-contrast.png"));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.H).release(KeyCode.SHIFT, KeyCode.CONTROL);
        app.waitUntil(java.time.Duration.ofSeconds(5), () -> app.window.stylesheets().stream().noneMatch(s -> s.endsWith("high-contrast.css")));
        assertThat(settings.load().highContrast()).isFalse();
    }

    @Test
    @Order(20)
    void onceAFrameIsPickedTabGoesOnFromTheListToItsLayers() throws Exception {
        app.runThrough(app.fx(() -> app.vm.steps().stepCount()));
        app.waitUntil(java.time.Duration.ofSeconds(30), () -> app.vm.packets().rowCount() > 0);
        app.fx(() -> app.window.bottomTabs().getSelectionModel().select(0));
        app.fx(() -> app.window.packets().table().requestFocus());
        robot.type(KeyCode.HOME);
        app.waitUntil(java.time.Duration.ofSeconds(5), () -> app.vm.packets().selectedFrame().get() != null
                && app.vm.packets().selectedFrame().get() >= 0);
        robot.type(KeyCode.TAB);
        assertThat(app.fx(() -> describe(app.stage.getScene().getFocusOwner()))).isEqualTo("layer-tree");
    }
}
