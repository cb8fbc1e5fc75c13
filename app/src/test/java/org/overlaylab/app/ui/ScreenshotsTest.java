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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("ui")
class ScreenshotsTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker-overlay-etcd", "ovs-gre", "flannel-vxlan", "calico-bgp"})
    void eachLabAtItsLastStep(String lab) throws Exception {
        Path dir = Path.of("target", "screenshots");
        try (AppDriver app = AppDriver.open()) {
            app.openLab(lab);
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
}
