/*
 * The Compare view's backend choice, headless: it offers the simulator and netns as the main
 * window's picker has them (netns greyed with the reason where it cannot run, choosable where it
 * can, ssh not at all), and a run shows its progress and can be cancelled, the window answering
 * meanwhile. Runs on the simulator only; the netns run itself is CompareViewNetnsTest.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.compare.LabOutcome;
import org.overlaylab.app.ui.view.compare.CompareView;
import org.overlaylab.app.ui.vm.MainViewModel.BackendChoice;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
class CompareViewBackendTest {
    private static final FxRobot robot = new FxRobot();
    private static final BackendChoice SIM = new BackendChoice("sim", "the built-in simulator", null);
    private static final BackendChoice SSH = new BackendChoice("ssh", "VMs over SSH", null);
    private static Stage stage;

    @BeforeAll
    static void open() throws Exception {
        // the same headless screen as the app tests (AppDriver's static block), whichever test starts the toolkit
        Class.forName(AppDriver.class.getName(), true, AppDriver.class.getClassLoader());
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.registerStage(Stage::new);
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static CompareView show(List<BackendChoice> backends, String current) throws Exception {
        CompareView[] view = new CompareView[1];
        FxToolkit.setupFixture(() -> {
            view[0] = new CompareView(backends, current);
            stage.setScene(new javafx.scene.Scene(view[0], 1200, 760));
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view[0];
    }

    @SuppressWarnings("unchecked")
    private static ListCell<BackendChoice> listed(String text) {
        return robot.lookup(".list-cell").match((ListCell<BackendChoice> c) -> c.getText() != null
                && c.getText().startsWith(text)).queryAs(ListCell.class);
    }

    @Test
    void netnsIsGreyedWithTheReasonWhereItCannotRun() throws Exception {
        BackendChoice netns = new BackendChoice("netns", "network namespaces on this machine", "needs root (run as uid 0)");
        CompareView view = show(List.of(SIM, netns, SSH), "netns");
        // the main window's netns choice cannot run here: the view starts on the simulator
        assertThat(view.backendKind()).isEqualTo("sim");
        assertThat(view.backendChoices()).extracting(BackendChoice::kind).containsExactly("sim", "netns");
        robot.clickOn("#compare-backend");
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<BackendChoice> cell = listed("netns");
        assertThat(cell.getText()).isEqualTo("netns — unavailable: needs root (run as uid 0)");
        assertThat(cell.isDisabled()).isTrue();
        assertThat(cell.getTooltip().getText()).isEqualTo("needs root (run as uid 0)");
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        assertThat(view.backendKind()).isEqualTo("sim");
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.chooseBackend("netns")).get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void netnsIsChosenFromTheListWhereItCanRun() throws Exception {
        BackendChoice netns = new BackendChoice("netns", "network namespaces on this machine", null);
        CompareView view = show(List.of(SIM, netns, SSH), "sim");
        assertThat(view.backendKind()).isEqualTo("sim");
        robot.clickOn("#compare-backend");
        WaitForAsyncUtils.waitForFxEvents();
        ListCell<BackendChoice> cell = listed("netns");
        assertThat(cell.isDisabled()).isFalse();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.backendKind()).isEqualTo("netns");
        @SuppressWarnings("unchecked")
        ComboBox<BackendChoice> picker = robot.lookup("#compare-backend").queryAs(ComboBox.class);
        assertThat(picker.getButtonCell().getText()).isEqualTo("netns");
        // the main window's choice is where the view starts
        assertThat(show(List.of(SIM, netns), "netns").backendKind()).isEqualTo("netns");
    }

    @Test
    void aRunShowsItsProgressAndIsCancelledAfterItsCurrentStep() throws Exception {
        CompareView view = show(List.of(SIM), "sim");
        robot.clickOn("#compare-choice-docker-overlay-etcd");
        robot.clickOn("#compare-choice-ovs-gre");
        robot.clickOn("#compare-choice-flannel-vxlan");
        robot.clickOn("#compare-choice-calico-bgp");
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        CompletableFuture<List<LabOutcome>>[] run = new CompletableFuture[1];
        WaitForAsyncUtils.asyncFx(() -> run[0] = view.compare(view.chosen())).get(10, TimeUnit.SECONDS);
        Label status = robot.lookup("#compare-status").queryAs(Label.class);
        ProgressBar progress = robot.lookup("#compare-progress").queryAs(ProgressBar.class);
        Button cancel = robot.lookup("#compare-cancel").queryAs(Button.class);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!status.getText().contains("step ") && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        // which lab, which of how many, which step: "docker-overlay-etcd (1 of 4) on sim: step 3/19, ..."
        assertThat(status.getText()).matches("docker-overlay-etcd \\(1 of 4\\) on sim: step \\d+/\\d+, .+");
        assertThat(progress.isVisible()).isTrue();
        assertThat(robot.lookup("#compare-run").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#compare-choice-calico-bgp").queryAs(javafx.scene.control.CheckBox.class).isDisabled())
                .isTrue();
        robot.clickOn(cancel);
        WaitForAsyncUtils.waitForFxEvents();
        // CompletableFuture hands the cancellation over as it is
        CancellationException ended = Assertions.catchThrowableOfType(() -> run[0].get(60, TimeUnit.SECONDS),
                CancellationException.class);
        assertThat(ended).hasMessageStartingWith("cancelled before step ");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Cancelled; the lab that was running is torn down.");
        assertThat(view.running()).isFalse();
        assertThat(view.shown()).isEmpty();
        assertThat(progress.isVisible()).isFalse();
        assertThat(robot.lookup("#compare-run").queryAs(Button.class).isDisabled()).isFalse();
    }
}
