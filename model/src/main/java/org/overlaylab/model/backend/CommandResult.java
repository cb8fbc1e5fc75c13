/*
 * What a command printed and how it ended. `notes` explain what the backend did beyond the literal
 * command: the simulator saying what a download would fetch, a real backend showing the command it
 * ran instead of the tutorial's. The console shows them apart from the output.
 */
package org.overlaylab.model.backend;

import java.time.Duration;
import java.util.List;

public record CommandResult(int exitCode, String stdout, String stderr, List<String> notes, Duration elapsed) {

    public CommandResult {
        notes = List.copyOf(notes);
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

    /** stdout then stderr, as a terminal would show them. */
    public String output() {
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
        return new CommandResult(exitCode, stdout, stderr, all, elapsed);
    }

    public CommandResult withElapsed(Duration d) {
        return new CommandResult(exitCode, stdout, stderr, notes, d);
    }
}
