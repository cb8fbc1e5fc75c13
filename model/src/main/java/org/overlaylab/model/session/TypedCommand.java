/*
 * A command a person typed at a host's prompt, or inside one of its containers (`container` null:
 * on the host itself). `hostLine` is what the host runs: the line itself, or for a container
 * `sudo docker exec NAME sh -c '<line>'` with the line single-quoted so nothing in it is expanded twice.
 */
package org.overlaylab.model.session;

import java.time.Instant;

public record TypedCommand(String host, String container, String line, Instant at) {

    public String hostLine() {
        return container == null ? line : "sudo docker exec " + container + " sh -c " + singleQuoted(line);
    }

    /** Where it was typed, as a prompt shows it: node1 or node1/test1. */
    public String where() {
        return container == null ? host : host + "/" + container;
    }

    /** The text as one POSIX shell word: inside single quotes, each ' written as '\''. */
    public static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
