/*
 * What a command printed and how it ended. `notes` explain what the backend did beyond the literal
 * command: the simulator saying what a download would fetch, a real backend showing the command it
 * ran instead of the tutorial's. The console shows them apart from the output. `terminal`, when a
 * backend knows it, is stdout and stderr in the order they were written, as a terminal shows them.
 */
package org.overlaylab.model.backend;

import java.time.Duration;
import java.util.List;

public record CommandResult(int exitCode, String stdout, String stderr, List<String> notes, Duration elapsed,
                            String terminal) {

    public CommandResult {
        notes = List.copyOf(notes);
    }

    /** A result whose two streams are shown one after the other (the order they were written is unknown). */
    public CommandResult(int exitCode, String stdout, String stderr, List<String> notes, Duration elapsed) {
        this(exitCode, stdout, stderr, notes, elapsed, null);
    }

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "", List.of(), Duration.ZERO);
    }

    public static CommandResult failed(int exitCode, String stderr) {
        return new CommandResult(exitCode, "", stderr, List.of(), Duration.ZERO);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** What the terminal showed: both streams in the order written when known, else stdout then stderr. */
    public String output() {
        if (terminal != null) {
            return terminal;
        }
        if (stderr.isEmpty()) {
            return stdout;
        }
        if (stdout.isEmpty()) {
            return stderr;
        }
        return stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
    }

    public CommandResult withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new CommandResult(exitCode, stdout, stderr, all, elapsed, terminal);
    }

    public CommandResult withElapsed(Duration d) {
        return new CommandResult(exitCode, stdout, stderr, notes, d, terminal);
    }
}
