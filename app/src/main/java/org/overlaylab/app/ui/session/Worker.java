/*
 * Where backend work runs, off the UI thread: one thread per open lab, so a step that hangs on a
 * real host never holds up the next lab. Interrupting it is how a long step is cancelled. Tests
 * use the direct worker, which runs work on the caller's thread.
 */
package org.overlaylab.app.ui.session;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public interface Worker extends AutoCloseable {

    void submit(Runnable work);

    /** Interrupts the work in progress, if any. */
    void interrupt();

    /** Lets work already submitted finish, then ends the thread; submitting afterwards is refused. */
    @Override
    void close();

    /** Waits until the work submitted before close() has finished; false on timeout. */
    boolean awaitClosed(java.time.Duration timeout) throws InterruptedException;

    /** Runs work on the calling thread at once. */
    static Worker direct() {
        return new Worker() {
            @Override
            public void submit(Runnable work) {
                work.run();
            }

            @Override
            public void interrupt() {
            }

            @Override
            public void close() {
            }

            @Override
            public boolean awaitClosed(java.time.Duration timeout) {
                return true;
            }
        };
    }

    /** A daemon thread of its own, named after what it serves. */
    static Worker thread(String name) {
        return new Worker() {
            private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            private volatile Future<?> current;

            @Override
            public void submit(Runnable work) {
                current = executor.submit(work);
            }

            @Override
            public void interrupt() {
                Future<?> f = current;
                if (f != null) {
                    f.cancel(true);
                }
            }

            @Override
            public void close() {
                executor.shutdown();
            }

            @Override
            public boolean awaitClosed(java.time.Duration timeout) throws InterruptedException {
                return executor.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        };
    }
}
