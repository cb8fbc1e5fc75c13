/*
 * Takes the documentation screenshots from the running app: each built-in lab at its last step,
 * the whole window and the canvas alone (as Export PNG writes it), into target/screenshots.
 * docs/screenshots holds the reviewed copies.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("ui")
class ScreenshotsTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker-overlay-etcd", "docker-swarm-overlay", "ovs-gre", "ovs-geneve", "flannel-vxlan",
        "flannel-host-gw", "calico-bgp", "calico-ipip", "calico-vxlan"})
    void eachLabAtItsLastStep(String lab) throws Exception {
        Path dir = Path.of("target", "screenshots");
        try (AppDriver app = AppDriver.open()) {
            app.openLab(lab);
            // the backend picker shows where the lab runs, whichever lab was open before
            assertThat(app.fx(() -> ((javafx.scene.control.ComboBox<?>) app.stage.getScene().lookup("#backend-picker"))
                    .getValue().toString())).contains("sim");
            app.runAll();
            // let the packets of the last step travel a little, then freeze them mid-way
            app.waitUntil(Duration.ofSeconds(30), () -> app.vm.animation().time().get() > 2.5
                    || !app.vm.animation().playing().get());
            app.fx(() -> app.vm.animation().pause());
            app.screenshot(dir.resolve(lab + ".png"));
            app.fx(() -> app.window.exportPng(dir.resolve(lab + "-topology.png")));
        }
        assertThat(Files.size(dir.resolve(lab + ".png"))).isGreaterThan(20_000);
        assertThat(Files.size(dir.resolve(lab + "-topology.png"))).isGreaterThan(20_000);
    }

    /** A step that adds a tunnel end: the new device glows, the half-made tunnel is drawn as such. */
    @Test
    void aStepHighlightsWhatItAdded() throws Exception {
        Path dir = Path.of("target", "screenshots");
        try (AppDriver app = AppDriver.open()) {
            app.openLab("ovs-gre");
            int step = app.fx(() -> app.vm.lab().get().lab().stepNumber("gre-node1").orElseThrow());
            app.runThrough(step);
            app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get() && app.vm.steps().completed().get() == step);
            Thread.sleep(1200);
            app.screenshot(dir.resolve("ovs-gre-step-" + step + ".png"));
        }
    }

    /** A tunnelled frame picked: its layers with the VXLAN header's origin, and the VNI's bytes highlighted. */
    @Test
    void aFrameTakenApart() throws Exception {
        Path dir = Path.of("target", "screenshots");
        try (AppDriver app = AppDriver.open()) {
            app.openLab("docker-overlay-etcd");
            app.runAll();
            app.fx(() -> {
                app.vm.animation().pause();
                var packets = app.vm.packets();
                for (int i = 0; i < packets.rowCount(); i++) {
                    var row = packets.row(i);
                    if (row.where().startsWith("node2 enp0s8 In") && row.info().contains("VXLAN")) {
                        packets.select(row.index());
                        break;
                    }
                }
                var tree = packets.detail().get().tree();
                tree.layers().stream().filter(org.overlaylab.packets.tree.Layer::isTunnel).findFirst()
                        .flatMap(l -> l.fields().stream().filter(f -> f.name().startsWith("VNI")).findFirst())
                        .ifPresent(packets::selectField);
                app.vm.selectEvent(app.vm.animation().events().size() / 2 + 3);
            });
            Thread.sleep(500);
            app.screenshot(dir.resolve("docker-overlay-etcd-frame.png"));
            app.fx(() -> app.window.bottomTabs().getSelectionModel().select(1));
            Thread.sleep(300);
            app.screenshot(dir.resolve("docker-overlay-etcd-events.png"));
        }
    }

    /** Presenter mode with the canvas alone, in the dark theme, during the flannel ping. */
    @Test
    void presenterModeInTheDark() throws Exception {
        Path dir = Path.of("target", "screenshots");
        try (AppDriver app = AppDriver.open()) {
            app.openLab("flannel-vxlan");
            // the step whose ping crosses the tunnel (the lab's tasks follow it)
            app.runThrough(org.overlaylab.labfile.LabLoader.resolve("flannel-vxlan").stepNumber("ping-test2").orElseThrow());
            app.fx(() -> {
                app.vm.setDark(true);
                app.vm.setPresenter(true);
                app.window.setCanvasFocus(true);
                app.vm.animation().seek(0);
                app.vm.animation().play();
            });
            app.waitUntil(Duration.ofSeconds(30), () -> app.vm.animation().time().get() > 5.2);
            app.fx(() -> app.vm.animation().pause());
            app.screenshot(dir.resolve("flannel-vxlan-presenter-dark.png"));
            app.fx(() -> {
                app.vm.setDark(false);
                app.vm.setPresenter(false);
            });
        }
    }
}
