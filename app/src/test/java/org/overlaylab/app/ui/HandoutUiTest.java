/*
 * File > Export handout in the desktop app: the folder asked for receives index.html with a drawing
 * per step of the open lab, and the lab open in the window stays where it was.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

@Tag("ui")
class HandoutUiTest {
    @TempDir
    Path dir;

    @Test
    void exportHandoutFromTheFileMenuWritesThePageOfTheOpenLab() throws Exception {
        FxRobot robot = new FxRobot();
        try (AppDriver app = AppDriver.open()) {
            app.openLab("ovs-gre");
            app.runThrough(2);
            Path out = dir.resolve("ovs-gre-handout");
            app.fx(() -> app.window.setFileAsker((title, ext, save, suggested) -> dir.resolve(suggested)));
            robot.clickOn("#file-menu");
            robot.clickOn("Export handout…");
            app.waitUntil(Duration.ofSeconds(60), () -> Files.exists(out.resolve("index.html")));
            int steps = app.fx(() -> app.vm.steps().stepCount());
            String html = Files.readString(out.resolve("index.html"));
            assertThat(html.split("<svg ", -1).length - 1).isEqualTo(steps);
            assertThat(html).contains("Open vSwitch");
            assertThat(app.fx(() -> app.vm.steps().completed().get())).isEqualTo(2);
        }
    }
}
