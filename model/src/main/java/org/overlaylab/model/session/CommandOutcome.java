/* A command of a step as it ran: what was asked, what came back, and how its expectations fared. */
package org.overlaylab.model.session;

import java.util.List;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.CommandSpec;

public record CommandOutcome(CommandSpec spec, CommandResult result, List<CheckResult> checks) {

    public CommandOutcome {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }
}
