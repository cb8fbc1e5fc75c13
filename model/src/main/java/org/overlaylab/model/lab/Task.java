/*
 * A task a student must achieve at a step: what to achieve, hints shown one at a time, the
 * commands that solve it (hidden until asked for), the setup commands that break something first
 * (run but never shown), and the checks that say it is achieved, evaluated after every action.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record Task(String text, List<String> hints, List<CommandSpec> solution, List<CommandSpec> scenario,
                   List<Check> checks) {

    public Task {
        hints = List.copyOf(hints);
        solution = List.copyOf(solution);
        scenario = List.copyOf(scenario);
        checks = List.copyOf(checks);
    }
}
