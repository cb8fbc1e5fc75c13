/*
 * Where a command's output goes while it runs, for a person watching a terminal: text arrives in the
 * order the command wrote it (stdout and stderr as a terminal interleaves them), and a Ctrl-C pressed
 * meanwhile reaches the command as SIGINT would.
 */
package org.overlaylab.model.backend;

public interface LiveOutput {

    /** Text the command wrote, as soon as it is written. May be called on a backend's own thread. */
    void write(String text);

    /** True once the person pressed Ctrl-C; the backend then stops the command as SIGINT would. */
    boolean interrupted();

    /** For callers that only want the final result. */
    LiveOutput NONE = new LiveOutput() {
        @Override
        public void write(String text) {}

        @Override
        public boolean interrupted() {
            return false;
        }
    };
}
