/*
 * Test support: a UI thread of its own for view models driven by real backends, as the app's JavaFX
 * thread is: frames and results arrive from capture and worker threads and are handed over to it.
 */
package org.overlaylab.app.ui.vm;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.overlaylab.app.ui.base.UiThread;

final class UiThreadForTests implements UiThread, AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));

    @Override
    public void post(Runnable work) {
        if (Thread.currentThread().getName().equals("ui")) {
            work.run();
        } else {
            thread.execute(work);
        }
    }

    /** Runs the work on the UI thread and waits for it. */
    void run(Runnable work) throws Exception {
        thread.submit(work).get();
    }

    /** Computes on the UI thread and returns the result. */
    <T> T call(java.util.concurrent.Callable<T> work) throws Exception {
        return thread.submit(work).get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
