/*
 * One step of a lab: what it is called, what it teaches, the commands it runs (each on one host,
 * in order) and the checks that say it did what the tutorial says. A step may carry a task for the
 * student (null when it does not); a task step's checks are the task's.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record Step(String id, String title, String explanation, List<CommandSpec> commands, List<Check> checks,
                   SourcePosition position, Task task) {

    public Step {
        commands = List.copyOf(commands);
        checks = List.copyOf(checks);
    }

    /** A step without a task. */
    public Step(String id, String title, String explanation, List<CommandSpec> commands, List<Check> checks,
                SourcePosition position) {
        this(id, title, explanation, commands, checks, position, null);
    }

    public boolean isTask() {
        return task != null;
    }
}
