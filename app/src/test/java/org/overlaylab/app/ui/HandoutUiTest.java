/*
 * File > Export handout in the desktop app: a dialog asks what the handout shows, naming the backend
 * each choice comes from: this session's steps as they ran (here two steps of ovs-gre on the
 * simulator backend), or every step run again on the simulator. The folder asked for then receives
 * index.html and handout.pdf, saying which it is, and the lab open in the window stays where it was.
 * Before any step has run only the simulator is offered. The dialog: target/screenshots/handout-dialog.png.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.ui.vm.ConsoleViewModel;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
class HandoutUiTest {
    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();

    @Test
    void theHandoutShowsThisSessionsStepsOrEveryStepOnTheSimulatorAsChosen() throws Exception {
        try (AppDriver app = AppDriver.open()) {
            app.openLab("ovs-gre");
            app.runThrough(2);
            int steps = app.fx(() -> app.vm.steps().stepCount());
            app.fx(() -> app.window.setFileAsker((title, ext, save, suggested) -> dir.resolve(suggested)));
            Path out = dir.resolve("ovs-gre-handout");

            DialogPane pane = askForHandout();
            assertThat(robot.from(pane).lookup("#handout-source-message").queryAs(Label.class).getText())
                    .startsWith("This session: steps 1 to 2 of " + steps + " as they ran here on the sim backend");
            var shot = app.fx(() -> pane.getScene().snapshot(null));
            Files.createDirectories(Path.of("target", "screenshots"));
            javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(shot, null), "png",
                    Path.of("target", "screenshots", "handout-dialog.png").toFile());
            robot.clickOn("This session (sim)");
            app.waitUntil(Duration.ofSeconds(60), () -> Files.exists(out.resolve("handout.pdf")));
            String html = Files.readString(out.resolve("index.html"));
            assertThat(html.split("<svg ", -1).length - 1).isEqualTo(2);
            assertThat(html).contains("2 of " + steps + " steps as they ran in an OverlayLab session on the sim backend",
                    "Open vSwitch");
            app.waitUntil(Duration.ofSeconds(10), () -> app.vm.console().lines("node1").items().stream()
                    .anyMatch(l -> l.kind() == ConsoleViewModel.Kind.INFO && l.text().startsWith(
                            "handout written (this session's steps 1 to 2 as they ran on the sim backend)")));

            Files.delete(out.resolve("handout.pdf"));
            askForHandout();
            robot.clickOn("Every step on the simulator");
            app.waitUntil(Duration.ofSeconds(120), () -> Files.exists(out.resolve("handout.pdf")));
            String whole = Files.readString(out.resolve("index.html"));
            assertThat(whole.split("<svg ", -1).length - 1).isEqualTo(steps);
            assertThat(whole).contains(steps + " of " + steps + " steps, run on the sim backend by OverlayLab.");
            assertThat(app.fx(() -> app.vm.steps().completed().get())).isEqualTo(2);
        }
    }

    @Test
    void beforeAnyStepOnlyTheSimulatorIsOffered() throws Exception {
        try (AppDriver app = AppDriver.open()) {
            app.openLab("ovs-gre");
            app.fx(() -> app.window.setFileAsker((title, ext, save, suggested) -> dir.resolve(suggested)));
            DialogPane pane = askForHandout();
            assertThat(robot.from(pane).lookup("#handout-source-message").queryAs(Label.class).getText())
                    .startsWith("No step has run in this session yet. Every step of the lab, run again on the simulator");
            assertThat(app.fx(() -> pane.getButtonTypes().stream().map(ButtonType::getText).toList()))
                    .containsExactly("Every step on the simulator", "Cancel");
            robot.clickOn((Button) pane.lookupButton(ButtonType.CANCEL));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(dir.resolve("ovs-gre-handout")).doesNotExist();
        }
    }

    /** File > Export handout…, and the dialog that asks what it shows. */
    private DialogPane askForHandout() throws Exception {
        robot.clickOn("#file-menu");
        robot.clickOn("Export handout…");
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            WaitForAsyncUtils.waitForFxEvents();
            var found = robot.lookup("#handout-source-dialog").tryQuery();
            if (found.isPresent()) {
                return (DialogPane) found.get();
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("no dialog asking what the handout shows");
    }
}
