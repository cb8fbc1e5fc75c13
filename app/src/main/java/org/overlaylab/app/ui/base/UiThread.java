/*
 * The thread view models live on. Backends call back on their own threads; everything they report
 * is posted here. The desktop app posts to the JavaFX application thread; tests run the work
 * directly so view models can be checked without a toolkit.
 */
package org.overlaylab.app.ui.base;

public interface UiThread {

    void post(Runnable work);

    /** Runs work at once, on the calling thread: for tests and for code that is already on the UI thread. */
    static UiThread direct() {
        return Runnable::run;
    }
}
