/*
 * Where a task stands: its step, the text with the student's values filled in, the latest result of
 * each check, how many hints were shown, whether the solution was shown, and whether every check
 * passed at some point while it was the current task (`solved`).
 */
package org.overlaylab.model.session;

import java.util.List;

public record TaskStatus(int stepNumber, String stepId, String title, String text, List<CheckResult> checks,
                         int hintsShown, int hintCount, boolean solutionShown, boolean solved, boolean current) {

    public TaskStatus {
        checks = List.copyOf(checks);
    }

    /** Every check passes right now. */
    public boolean passing() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
    }
}
