/*
 * The step panel's state: every step of the lab grouped by section with its state (to do, next,
 * running, passed, failed), the selected step with its explanation, commands and check results,
 * and how many steps are done. Fed by the lab runner's notices; the view only shows it.
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.TaskStatus;
import org.overlaylab.model.session.Transcript;

public final class StepsViewModel {

    /** TASK: a task step reached and not solved yet (the student works on it in the terminals). */
    public enum State { TODO, NEXT, RUNNING, PASSED, FAILED, TASK }

    /** A row of the step list; the first step of a section carries the section's title. */
    public record Item(int number, String section, boolean startsSection, String title, State state, int failed) {}

    /** Everything the detail area shows about the selected step. */
    public record Detail(int number, int of, String section, String sectionIntro, String title, String explanation,
                         List<String> commands, List<CheckResult> checks, String error, State state) {}

    private final ListValue<Item> items = new ListValue<>();
    private final Value<Integer> selected = new Value<>(0);
    private final Value<Detail> detail = new Value<>(null);
    private final Value<Integer> completed = new Value<>(0);
    private final Value<String> labTitle = new Value<>("");
    private final Value<String> labSummary = new Value<>("");
    private final Map<Integer, StepResult> results = new HashMap<>();
    private final Map<Integer, TaskStatus> tasks = new HashMap<>();
    private Lab lab;
    private List<Step> steps = List.of();
    private int running;

    public ListValue<Item> items() {
        return items;
    }

    /** 1-based number of the selected step, 0 for none. */
    public ReadOnlyValue<Integer> selected() {
        return selected.readOnly();
    }

    public ReadOnlyValue<Detail> detail() {
        return detail.readOnly();
    }

    /** Number of steps done. */
    public ReadOnlyValue<Integer> completed() {
        return completed.readOnly();
    }

    public ReadOnlyValue<String> labTitle() {
        return labTitle.readOnly();
    }

    public ReadOnlyValue<String> labSummary() {
        return labSummary.readOnly();
    }

    public int stepCount() {
        return steps.size();
    }

    public StepResult result(int number) {
        return results.get(number);
    }

    public void setLab(Lab newLab) {
        lab = newLab;
        steps = newLab.steps();
        results.clear();
        tasks.clear();
        running = 0;
        completed.set(0);
        labTitle.set(newLab.title());
        String summary = newLab.summary() == null ? "" : newLab.summary().strip();
        if (newLab.backends() != null) {
            // a lab that cannot run everywhere says so where it is introduced, not only in the picker
            summary += (summary.isEmpty() ? "" : "\n\n") + "Runs on: " + newLab.backends().describe() + ".";
        }
        labSummary.set(summary);
        refresh();
        selected.set(0);
        select(steps.isEmpty() ? 0 : 1);
    }

    public void select(int number) {
        if (number < 0 || number > steps.size()) {
            return;
        }
        selected.set(number);
        refreshDetail();
    }

    public void stepStarted(int number) {
        running = number;
        refresh();
        select(number);
    }

    public void stepFinished(StepResult r) {
        running = 0;
        results.put(r.number(), r);
        completed.set(Math.max(completed.get(), r.number()));
        refresh();
        select(r.number());
    }

    /** Steps from `firstUndone` on are no longer done. */
    public void wentBack(int firstUndone) {
        results.keySet().removeIf(n -> n >= firstUndone);
        completed.set(firstUndone - 1);
        running = 0;
        refresh();
        select(Math.max(1, Math.min(firstUndone, steps.size())));
    }

    public void reset() {
        wentBack(1);
    }

    /** The tasks' checks were evaluated again: a task step whose checks hold is marked passed. */
    public void tasksChanged(List<TaskStatus> all) {
        tasks.clear();
        all.forEach(t -> tasks.put(t.stepNumber(), t));
        refresh();
    }

    /** A run ended without a step finishing (cancelled, or the backend failed). */
    public void stopped() {
        running = 0;
        refresh();
    }

    private void refresh() {
        if (lab == null) {
            items.clear();
            return;
        }
        List<Item> all = new ArrayList<>();
        int n = 0;
        for (Section section : lab.sections()) {
            boolean first = true;
            for (Step step : section.steps()) {
                n++;
                StepResult r = results.get(n);
                State state = state(n, r);
                all.add(new Item(n, section.title(), first, step.title(), state, r == null ? 0 : r.failedCount()
                        + (r.error() != null ? 1 : 0)));
                first = false;
            }
        }
        items.setAll(all);
        refreshDetail();
    }

    private State state(int n, StepResult r) {
        if (n == running) {
            return State.RUNNING;
        }
        if (r != null && r.step().isTask()) {
            TaskStatus t = tasks.get(n);
            return t != null && (t.solved() || t.passing()) ? State.PASSED : State.TASK;
        }
        if (r != null) {
            return r.passed() ? State.PASSED : State.FAILED;
        }
        return n == completed.get() + 1 ? State.NEXT : State.TODO;
    }

    private void refreshDetail() {
        int n = selected.get();
        if (lab == null || n < 1 || n > steps.size()) {
            detail.set(null);
            return;
        }
        Step step = steps.get(n - 1);
        Section section = lab.sectionOf(step);
        boolean firstOfSection = section.steps().get(0) == step;
        StepResult r = results.get(n);
        List<String> commands = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        if (r != null) {
            for (CommandOutcome o : r.commands()) {
                commands.add(Transcript.prompt(o.spec().host(), o.spec().line()).stripTrailing());
                checks.addAll(o.checks());
            }
            if (step.isTask()) {
                checks.addAll(tasks.containsKey(n) ? tasks.get(n).checks() : r.checks());
            } else {
                checks.addAll(r.checks());
            }
        } else {
            for (CommandSpec c : step.commands()) {
                commands.add(Transcript.prompt(c.host(), c.line()).stripTrailing());
            }
        }
        detail.set(new Detail(n, steps.size(), section.title(),
                firstOfSection && section.introduction() != null ? section.introduction().strip() : "",
                step.title(), step.explanation() == null ? "" : step.explanation().strip(), commands, checks,
                r == null ? null : r.error(), state(n, r)));
    }
}
