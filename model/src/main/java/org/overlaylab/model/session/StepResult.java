/*
 * A step as it ran: its 1-based number, every command's outcome, the state checks, and the
 * topology observed afterwards. `error` is set when the backend itself failed (host unreachable).
 */
package org.overlaylab.model.session;

import java.util.List;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.topology.Topology;

public record StepResult(int number, Step step, List<CommandOutcome> commands, List<CheckResult> checks,
                         Topology topology, String error) {

    public StepResult {
        commands = List.copyOf(commands);
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return error == null && commands.stream().allMatch(CommandOutcome::passed)
                && checks.stream().allMatch(CheckResult::passed);
    }

    public int checkCount() {
        return checks.size() + commands.stream().mapToInt(c -> c.checks().size()).sum();
    }

    public int failedCount() {
        return (int) (checks.stream().filter(c -> !c.passed()).count()
                + commands.stream().flatMap(c -> c.checks().stream()).filter(c -> !c.passed()).count());
    }
}
