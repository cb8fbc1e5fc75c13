/*
 * A command line for one host, with how long to let it run before a Ctrl-C (null: until it ends),
 * and whether it is a daemon run in the foreground that should be left running once it is up.
 */
package org.overlaylab.model.backend;

import java.time.Duration;

public record CommandRequest(String host, String line, Duration stopAfter, boolean keepsRunning) {

    public static CommandRequest of(String host, String line) {
        return new CommandRequest(host, line, null, false);
    }
}
