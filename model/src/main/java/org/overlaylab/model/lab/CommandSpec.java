/*
 * A command line to run on one host. `stopAfter` interrupts it like Ctrl-C after that time (for
 * ping or tcpdump, which never end by themselves); `background` starts it and lets the step go on,
 * stopping it when the step ends. `expect` is what the output and exit status must show.
 */
package org.overlaylab.model.lab;

import java.time.Duration;

public record CommandSpec(String host, String line, Duration stopAfter, boolean background, Expectation expect,
                          SourcePosition position) {

    /** First line of the command, for one-line listings. */
    public String firstLine() {
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }
}
