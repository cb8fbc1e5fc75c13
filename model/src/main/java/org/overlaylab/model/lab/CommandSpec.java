/*
 * A command line to run on one host. `stopAfter` interrupts it like Ctrl-C after that time (for
 * ping or tcpdump, which never end by themselves); `background` starts it and lets the step go on,
 * stopping it when the step ends (a tcpdump watching a ping). `keepsRunning` marks a daemon the
 * tutorial runs in the foreground of its own terminal (`docker daemon ...`): the step goes on once
 * it is up and it stays running. `expect` is what the output and exit status must show.
 * `remember` names values to read off the output (name -> regular expression with one group),
 * the way a student reads an address and types it later: later commands write {{NAME}}.
 */
package org.overlaylab.model.lab;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

public record CommandSpec(String host, String line, Duration stopAfter, boolean background, boolean keepsRunning,
                          Expectation expect, Map<String, String> remember, SourcePosition position) {

    /** {{NAME}} in a command line: a value remembered from an earlier command's output. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z][A-Z0-9_]*)}}");

    public CommandSpec {
        remember = Map.copyOf(remember);
    }

    /** First line of the command, for one-line listings. */
    public String firstLine() {
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }
}
