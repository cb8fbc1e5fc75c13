/*
 * One step of a lab: what it is called, what it teaches, the commands it runs (each on one host,
 * in order) and the checks that say it did what the tutorial says.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record Step(String id, String title, String explanation, List<CommandSpec> commands, List<Check> checks,
                   SourcePosition position) {

    public Step {
        commands = List.copyOf(commands);
        checks = List.copyOf(checks);
    }
}
