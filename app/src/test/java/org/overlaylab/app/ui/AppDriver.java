/*
 * Starts the real desktop app headless (Monocle) for UI tests and screenshots: the main window on
 * a 1600x1000 stage with the simulator backend and throw-away settings, plus helpers that run
 * code on the JavaFX thread and wait for the lab to be idle.
 */
package org.overlaylab.app.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.view.MainWindow;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.model.backend.BackendRegistry;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

public final class AppDriver implements AutoCloseable {
    public static final int WIDTH = 1600;
    public static final int HEIGHT = 1000;

    static {
        // the headless screen must hold the whole window, or Monocle overflows its frame buffer
        System.setProperty("headless.geometry", WIDTH + "x" + HEIGHT + "-32");
    }

    public final Stage stage;
    public final MainWindow window;
    public final MainViewModel vm;
    private final ExecutorService compute = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test filter");
        t.setDaemon(true);
        return t;
    });

    private AppDriver(Stage stage, MainWindow window) {
        this.stage = stage;
        this.window = window;
        this.vm = (MainViewModel) stage.getUserData();
    }

    /** Opens the app with the given settings (in memory) and waits until its first lab is up. */
    public static AppDriver open(SettingsStore settings) throws Exception {
        return open(settings, BackendRegistry.load());
    }

    /**
     * Opens the app as on a screen whose visible area is `screen` (smaller than the headless one):
     * the window sizes itself as it would there, nothing resizes it after.
     */
    public static AppDriver openOnScreen(SettingsStore settings, javafx.geometry.Rectangle2D screen) throws Exception {
        FxToolkit.registerPrimaryStage();
        Stage stage = FxToolkit.registerStage(Stage::new);
        ExecutorService compute = Executors.newSingleThreadExecutor();
        MainWindow[] made = new MainWindow[1];
        FxToolkit.setupFixture(() -> {
            made[0] = DesktopApp.create(stage, BackendRegistry.load(), settings, compute, screen);
            stage.show();
            ((MainViewModel) stage.getUserData()).start();
        });
        AppDriver d = new AppDriver(stage, made[0]);
        d.waitIdle();
        return d;
    }

    /** Opens the app on the given backends. */
    public static AppDriver open(SettingsStore settings, BackendRegistry registry) throws Exception {
        FxToolkit.registerPrimaryStage();
        Stage stage = FxToolkit.registerStage(Stage::new);
        ExecutorService compute = Executors.newSingleThreadExecutor();
        MainWindow[] made = new MainWindow[1];
        FxToolkit.setupFixture(() -> {
            made[0] = DesktopApp.create(stage, registry, settings, compute);
            stage.setWidth(WIDTH);
            stage.setHeight(HEIGHT);
            stage.setX(0);
            stage.setY(0);
            stage.show();
            ((MainViewModel) stage.getUserData()).start();
        });
        AppDriver d = new AppDriver(stage, made[0]);
        d.waitIdle();
        return d;
    }

    public static AppDriver open() throws Exception {
        return open(SettingsStore.inMemory());
    }

    /** Runs on the JavaFX thread and returns the result. */
    public <T> T fx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    public void fx(Runnable work) throws Exception {
        WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    /** Waits until the lab is up and no step is running. */
    public void waitIdle() throws Exception {
        waitUntil(Duration.ofSeconds(60), () -> vm.started().get() && !vm.busy().get());
    }

    public void waitUntil(Duration timeout, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            WaitForAsyncUtils.waitForFxEvents();
            if (fx(condition)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new TimeoutException("condition not met within " + timeout);
    }

    /** Opens a built-in lab by id and waits until its hosts are up. */
    public void openLab(String id) throws Exception {
        fx(() -> {
            vm.labs().items().stream().filter(c -> id.equals(c.builtInId())).findFirst().ifPresent(vm::chooseLab);
        });
        waitIdle();
    }

    /** Runs every step of the open lab; a task on the way is solved by typing its solution into the terminals. */
    public void runAll() throws Exception {
        for (int round = 0; round < 50; round++) {
            fx(() -> {
                int steps = vm.steps().stepCount();
                vm.steps().select(steps);
                vm.runToSelected();
            });
            waitUntil(Duration.ofSeconds(120), () -> !vm.busy().get() && (vm.steps().completed().get()
                    == vm.steps().stepCount() || unsolvedTask()));
            if (!unsolvedTask()) {
                return;
            }
            solveTask();
            if (fx(() -> vm.steps().completed().get() == vm.steps().stepCount())) {
                return;
            }
        }
        throw new TimeoutException("the lab did not run to its end");
    }

    /** Runs through step `number` (solving tasks on the way as runAll does). */
    public void runThrough(int number) throws Exception {
        for (int round = 0; round < 50; round++) {
            fx(() -> {
                vm.steps().select(number);
                vm.runToSelected();
            });
            waitUntil(Duration.ofSeconds(120), () -> !vm.busy().get() && (vm.steps().completed().get() >= number
                    || unsolvedTask()));
            if (fx(() -> vm.steps().completed().get() >= number) || !unsolvedTask()) {
                return;
            }
            solveTask();
        }
    }

    private boolean unsolvedTask() throws Exception {
        return fx(() -> vm.tasks().current().get() != null && !vm.tasks().current().get().passing());
    }

    /** Reveals the current task's solution and types each command into its host's terminal. */
    public void solveTask() throws Exception {
        fx(() -> vm.solution());
        waitUntil(Duration.ofSeconds(10), () -> !vm.tasks().solutionCommands().isEmpty());
        for (var c : fx(() -> vm.tasks().solutionCommands())) {
            fx(() -> vm.console().terminal(c.host(), null).submit(c.line()));
            waitUntil(Duration.ofSeconds(60), () -> !vm.busy().get() && !vm.console().terminal(c.host(), null)
                    .running().get());
        }
    }

    /** Saves the whole window as PNG. */
    public void screenshot(Path file) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        file.toAbsolutePath().getParent().toFile().mkdirs();
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", file.toFile());
    }

    @Override
    public void close() throws Exception {
        fx(() -> {
            vm.close();
            stage.close();
        });
        compute.shutdownNow();
        FxToolkit.cleanupStages();
    }
}
