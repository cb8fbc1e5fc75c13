/*
 * The desktop application: builds the main view model on the JavaFX thread with the backends found
 * on the class path, shows the main window, and keeps running whatever happens: an exception no
 * one caught becomes a dialog instead of a crash. Long work runs on per-lab worker threads;
 * filtering the packet list runs on a small compute pool.
 */
package org.overlaylab.app.ui;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.PreferencesStore;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.view.MainWindow;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.model.backend.BackendRegistry;

public final class DesktopApp extends Application {
    /** Set to print the time from JVM start to the first rendered frame (the startup benchmark reads it). */
    public static final String STARTUP_TIMING = "overlaylab.startupTiming";

    private MainViewModel vm;
    private MainWindow window;
    private ExecutorService compute;

    public static void launchDesktop(String[] args) {
        // the view model is made while the toolkit starts, on the other core
        EarlyStart.begin();
        Application.launch(DesktopApp.class, args);
    }

    /** The JavaFX thread as the view models' UI thread. */
    public static UiThread fxThread() {
        return work -> {
            if (Platform.isFxApplicationThread()) {
                work.run();
            } else {
                Platform.runLater(work);
            }
        };
    }

    /** Builds the app's view model and window on the current (JavaFX) thread; used by start and by tests. */
    public static MainWindow create(Stage stage, BackendRegistry registry, SettingsStore settings,
                                    ExecutorService compute) {
        return create(stage, registry, settings, compute, null);
    }

    /** As above, on a screen with these visible bounds (null: the screen the saved window was on). */
    public static MainWindow create(Stage stage, BackendRegistry registry, SettingsStore settings,
                                    ExecutorService compute, javafx.geometry.Rectangle2D screen) {
        MainViewModel vm = new MainViewModel(registry, fxThread(), name -> Worker.thread("overlaylab " + name),
                compute, settings);
        return window(stage, vm, screen);
    }

    /** The main window of this view model on the stage (screen null: the screen the saved window was on). */
    private static MainWindow window(Stage stage, MainViewModel vm, javafx.geometry.Rectangle2D screen) {
        MainWindow w = new MainWindow(vm);
        if (screen == null) {
            w.install(stage);
        } else {
            w.install(stage, screen);
        }
        installErrorHandler(w);
        stage.setUserData(vm);
        return w;
    }

    /** Unexpected exceptions on any thread become a dialog; the app stays open. */
    public static void installErrorHandler(MainWindow w) {
        Thread.UncaughtExceptionHandler handler = (t, e) -> {
            System.err.println("overlay-lab: unexpected error on " + t.getName() + ": " + e);
            e.printStackTrace();
            if (Platform.isFxApplicationThread()) {
                w.showUnexpected(e);
            } else {
                Platform.runLater(() -> w.showUnexpected(e));
            }
        };
        Thread.setDefaultUncaughtExceptionHandler(handler);
        if (Platform.isFxApplicationThread()) {
            Thread.currentThread().setUncaughtExceptionHandler(handler);
        }
    }

    /** The one thread that filters the packet list. */
    static ExecutorService filterPool() {
        return Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "overlaylab filter");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void start(Stage stage) {
        EarlyStart.Prepared early = EarlyStart.take();
        if (early != null) {
            compute = early.compute();
            early.ui().release();
            window = window(stage, early.vm(), null);
        } else {
            compute = filterPool();
            window = create(stage, BackendRegistry.load(), new PreferencesStore(), compute);
        }
        vm = (MainViewModel) stage.getUserData();
        Runnable reportFrame = Boolean.getBoolean(STARTUP_TIMING) ? startupReport(vm) : () -> {};
        // the window's first frame comes first; listing the built-in labs and starting the first one follow it
        afterFirstFrame(stage, () -> {
            reportFrame.run();
            vm.start();
            window.startTourOnFirstRun();
        });
        stage.show();
    }

    /** Prints when the first lab is ready, and returns what prints when the first frame is drawn. */
    private static Runnable startupReport(MainViewModel vm) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        vm.started().subscribe(up -> {
            if (up) {
                System.out.println("lab ready after " + (System.currentTimeMillis() - jvmStart) + " ms");
                System.out.flush();
            }
        });
        return () -> {
            System.out.println("first frame after " + (System.currentTimeMillis() - jvmStart) + " ms");
            System.out.flush();
        };
    }

    /**
     * Runs `work` on the JavaFX thread once the scene's first pulse has laid it out and handed its
     * frame to the renderer.
     */
    private static void afterFirstFrame(Stage stage, Runnable work) {
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            stage.getScene().removePostLayoutPulseListener(once[0]);
            Platform.runLater(work);
        };
        stage.getScene().addPostLayoutPulseListener(once[0]);
    }

    @Override
    public void stop() {
        if (window != null) {
            window.saveLayout();
        }
        if (vm != null) {
            vm.close();
        }
        if (compute != null) {
            compute.shutdownNow();
        }
    }
}
