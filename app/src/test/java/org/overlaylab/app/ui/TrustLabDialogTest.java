/* The trust dialog shows a lab file's hosts, programs and commands; Run runs it, Cancel (the default) does not. */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.view.TrustLabDialog;
import org.overlaylab.labfile.LabSummary;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
class TrustLabDialogTest {
    private static final FxRobot robot = new FxRobot();
    private static Stage stage;

    private static final LabSummary SUMMARY = new LabSummary("shared.yaml",
            List.of("node1: enp0s8 192.168.205.10/24", "node2: enp0s8 192.168.205.11/24"), List.of("ip", "docker", "curl"),
            List.of("node1$ ip link", "node2$ curl -o x http://example.com/x && sudo docker ps"));

    @BeforeAll
    static void open() throws Exception {
        AppDriver.class.getName(); // the same headless toolkit settings as the app tests
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.registerStage(Stage::new);
        FxToolkit.setupFixture(() -> {
            stage.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 400, 300));
            stage.show();
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void waitForDialog() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            WaitForAsyncUtils.waitForFxEvents();
            if (robot.lookup("#trust-lab-dialog").tryQuery().isPresent()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no trust dialog");
    }

    @Test
    void showsWhatTheLabDoesAndRunsOnlyOnRun() throws Exception {
        TrustLabDialog dialog = new TrustLabDialog(() -> stage);
        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> dialog.ask("netns", SUMMARY));
        waitForDialog();
        DialogPane pane = robot.lookup("#trust-lab-dialog").queryAs(DialogPane.class);
        assertThat(pane.getHeaderText()).isEqualTo("shared.yaml is not a built-in lab. On the netns backend its commands"
                + " run as root on this machine.");
        assertThat(robot.from(pane).lookup("#trust-lab-programs").queryAs(Label.class).getText())
                .contains("2 hosts and calls ip, docker, curl.");
        assertThat(robot.from(pane).lookup("#trust-lab-details").queryAs(TextArea.class).getText())
                .contains("node1: enp0s8 192.168.205.10/24", "node2$ curl -o x http://example.com/x && sudo docker ps");
        robot.clickOn("Run");
        assertThat(run.get(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> dialog.ask("netns", SUMMARY));
        waitForDialog();
        robot.clickOn("Cancel");
        assertThat(cancel.get(10, TimeUnit.SECONDS)).isFalse();

        CompletableFuture<Boolean> enter = CompletableFuture.supplyAsync(() -> dialog.ask("ssh", SUMMARY));
        waitForDialog();
        assertThat(robot.lookup("#trust-lab-dialog").queryAs(DialogPane.class).getHeaderText())
                .contains("on the machines you named, with sudo");
        robot.type(KeyCode.ENTER);
        assertThat(enter.get(10, TimeUnit.SECONDS)).as("Enter does not run it").isFalse();
    }
}
