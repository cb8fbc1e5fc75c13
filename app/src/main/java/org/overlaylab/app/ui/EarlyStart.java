/*
 * What the desktop needs before its window, made on a thread of its own while JavaFX starts its
 * toolkit: the backends on the class path, the saved settings and the main view model. The window's
 * first frame then waits only for what needs the toolkit (fonts, controls, styling). Work the view
 * model posts to the UI before the toolkit runs is held back and handed to the JavaFX thread once it
 * does.
 */
package org.overlaylab.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.PreferencesStore;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.model.backend.BackendRegistry;

final class EarlyStart {
    /** The view model, its settings and the filter pool, made before the toolkit ran. */
    record Prepared(MainViewModel vm, SettingsStore settings, ExecutorService compute, HeldUiThread ui) {}

    private static volatile FutureTask<Prepared> task;

    private EarlyStart() {}

    /** Starts making the view model; called once, before JavaFX is launched. */
    static void begin() {
        FutureTask<Prepared> t = new FutureTask<>(EarlyStart::prepare);
        task = t;
        Thread thread = new Thread(t, "overlaylab start");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * What begin() made, waiting for it if need be; null when begin() was not called or making it
     * failed, in which case the caller makes everything itself as before.
     */
    static Prepared take() {
        FutureTask<Prepared> t = task;
        task = null;
        if (t == null) {
            return null;
        }
        try {
            return t.get();
        } catch (ExecutionException e) {
            // nothing of it touched JavaFX: the window makes its view model again, where a failure is reported
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Prepared prepare() {
        ExecutorService compute = DesktopApp.filterPool();
        SettingsStore settings = new PreferencesStore();
        HeldUiThread ui = new HeldUiThread(DesktopApp.fxThread());
        MainViewModel vm = new MainViewModel(BackendRegistry.load(), ui, name -> Worker.thread("overlaylab " + name),
                compute, settings);
        return new Prepared(vm, settings, compute, ui);
    }

    /** Holds posted work until release(), then passes all of it, and everything after, to the JavaFX thread. */
    static final class HeldUiThread implements UiThread {
        private final UiThread fx;
        private List<Runnable> held = new ArrayList<>();

        HeldUiThread(UiThread fx) {
            this.fx = fx;
        }

        @Override
        public void post(Runnable work) {
            synchronized (this) {
                if (held != null) {
                    held.add(work);
                    return;
                }
            }
            fx.post(work);
        }

        /** Called on the JavaFX thread once the toolkit runs: what was held runs now, in order. */
        void release() {
            List<Runnable> pending;
            synchronized (this) {
                pending = held;
                held = null;
            }
            pending.forEach(fx::post);
        }
    }
}
