/* A command line for one host, with how long to let it run before a Ctrl-C (null: until it ends). */
package org.overlaylab.model.backend;

import java.time.Duration;

public record CommandRequest(String host, String line, Duration stopAfter) {

    public static CommandRequest of(String host, String line) {
        return new CommandRequest(host, line, null);
    }
}
