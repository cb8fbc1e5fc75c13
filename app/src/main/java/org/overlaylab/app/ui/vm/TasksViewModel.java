/*
 * The task panel's state: the task of the current step (none when the current step is no task),
 * its checks as last evaluated (they turn green as they hold), the hints shown so far, the
 * solution once revealed, and a progress line. The session records hints and solutions shown.
 */
package org.overlaylab.app.ui.vm;

import java.util.List;
import java.util.Optional;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.TaskStatus;

public final class TasksViewModel {
    private final Value<TaskStatus> current = new Value<>(null);
    private final ListValue<String> hints = new ListValue<>();
    private final ListValue<String> solution = new ListValue<>();
    private List<CommandSpec> solutionCommands = List.of();
    private final Value<String> progress = new Value<>("");
    private final Value<Boolean> canHint = new Value<>(false);
    private final Value<Integer> tasksReached = new Value<>(0);

    /** The current task, or null when the current step is not one. */
    public ReadOnlyValue<TaskStatus> current() {
        return current.readOnly();
    }

    public ListValue<String> hints() {
        return hints;
    }

    /** The solution's commands as `host$ line`, once revealed. */
    public ListValue<String> solution() {
        return solution;
    }

    public ReadOnlyValue<String> progress() {
        return progress.readOnly();
    }

    public ReadOnlyValue<Boolean> canHint() {
        return canHint.readOnly();
    }

    /** The tasks reached so far (for the progress line). */
    public ReadOnlyValue<Integer> tasksReached() {
        return tasksReached.readOnly();
    }

    /** The checks were evaluated again: the current task (if any) and its checks are shown anew. */
    public void update(List<TaskStatus> tasks) {
        TaskStatus now = tasks.stream().filter(TaskStatus::current).findFirst().orElse(null);
        TaskStatus before = current.get();
        if (now == null || before == null || now.stepNumber() != before.stepNumber()) {
            hints.clear();
            solution.clear();
            solutionCommands = List.of();
        }
        tasksReached.set(tasks.size());
        current.set(now);
        canHint.set(now != null && now.hintsShown() < now.hintCount() && hints.size() < now.hintCount());
        progress.set(now == null ? "" : progressOf(now));
    }

    /** A hint arrived (empty: none left). */
    public void hintShown(Optional<String> hint) {
        hint.ifPresent(hints::add);
        TaskStatus t = current.get();
        canHint.set(t != null && hint.isPresent() && hints.size() < t.hintCount());
    }

    /** The solution's commands once revealed (empty before), each with the host it is typed on. */
    public List<CommandSpec> solutionCommands() {
        return solutionCommands;
    }

    public void solutionShown(List<CommandSpec> commands) {
        solutionCommands = List.copyOf(commands);
        solution.setAll(commands.stream().map(c -> c.host() + "$ " + c.line()).toList());
    }

    /** The lab changed or was reset: no task. */
    public void clear() {
        update(List.of());
        tasksReached.set(0);
    }

    static String progressOf(TaskStatus t) {
        long passing = t.checks().stream().filter(CheckResult::passed).count();
        String checks = t.checks().isEmpty() ? "not checked yet"
                : passing + " of " + t.checks().size() + (t.checks().size() == 1 ? " check holds" : " checks hold");
        StringBuilder sb = new StringBuilder(t.passing() ? "Solved · " : "").append(checks);
        if (t.hintCount() > 0) {
            sb.append(" · ").append(t.hintsShown()).append(" of ").append(t.hintCount()).append(" hints");
        }
        if (t.solutionShown()) {
            sb.append(" · solution shown");
        }
        return sb.toString();
    }
}
