/*
 * Test support: runs a built-in lab from nothing to its last step on the netns backend, capturing
 * on chosen devices meanwhile, and walks every task as a student would: after the task's step (its
 * scenario) the checks must fail, then its own solution is typed at the prompt and the checks must
 * pass. Says in one message per problem which step, task, command or check failed and what the
 * real tools printed. Teardown is checked too: nothing of the lab may be left afterwards.
 */
package org.overlaylab.hosts.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.ExpectationEvaluator;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.TaskStatus;
import org.overlaylab.model.session.TypedResult;
import org.overlaylab.model.topology.Topology;

final class LabRun {
    /** What a lab run left for the test to look at. */
    record Outcome(String labId, List<String> failures, Map<CapturePoint, List<CapturedFrame>> captures,
                   List<StepResult> steps, List<Duration> stepTimes, List<TaskWalk> tasks, Topology last,
                   Duration elapsed, Sweeper.Leftovers leftovers, List<String> afterwards) {
        List<CapturedFrame> frames() {
            return captures.values().iterator().next();
        }

        List<CapturedFrame> frames(CapturePoint p) {
            return captures.get(p);
        }
    }

    /**
     * Every task of the lab was reached and walked: its checks failed after its scenario and all
     * passed once its solution was typed (the reasons, when not, are in the outcome's failures).
     */
    static void assertEveryTaskProven(Outcome o) throws Exception {
        List<String> ids = LabLoader.builtIn(o.labId()).taskSteps().stream().map(s -> s.id()).toList();
        System.out.printf("%s on netns: %d steps, %.1f s; %s%n    seconds per step: %s%n", o.labId(), o.steps().size(),
                o.elapsed().toMillis() / 1000.0, o.tasks(), stepSeconds(o));
        org.assertj.core.api.Assertions.assertThat(o.tasks()).as("%s: the tasks walked", o.labId())
                .extracting(TaskWalk::id).containsExactlyElementsOf(ids);
        org.assertj.core.api.Assertions.assertThat(o.tasks()).as("%s: tasks failing before and passing after their solution", o.labId())
                .allMatch(t -> !t.failingBefore().isEmpty() && t.passedAfter());
    }

    private static String stepSeconds(Outcome o) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < o.stepTimes().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(o.steps().get(i).step().id())
                    .append(String.format(" %.1f", o.stepTimes().get(i).toMillis() / 1000.0));
        }
        return sb.toString();
    }

    /** A capture point and the step after which the capture starts (null: from the fresh lab on). */
    record Capture(String afterStep, CapturePoint point) {}

    /**
     * How one task went: the checks that failed after its scenario (before the student acted), and
     * whether every check passed once its solution was typed.
     */
    record TaskWalk(int step, String id, List<String> failingBefore, boolean passedAfter, Duration solving,
                    Duration solutionCommands) {
        @Override
        public String toString() {
            return id + ": " + failingBefore.size() + " check(s) failing before, "
                    + (passedAfter ? "all passing after" : "NOT all passing after") + " the solution ("
                    + solving.toMillis() + " ms typed and checked, of which command lines " + solutionCommands.toMillis() + " ms)";
        }
    }

    /** As the app runs a lab: the lab's own seed, so seeded choices (leases, blocks) match the simulator's. */
    static BackendOptions options(Lab lab) {
        return new BackendOptions(lab.seed(), null, Duration.ofSeconds(60), Map.of());
    }

    static Outcome run(String labId, CapturePoint capture) throws Exception {
        return run(labId, List.of(new Capture(null, capture)));
    }

    static Outcome run(String labId, List<Capture> captures) throws Exception {
        return run(labId, captures, List.of());
    }

    /** The same, then `host: command` lines after the last step: their output and status, one string each. */
    static Outcome run(String labId, List<Capture> captures, List<String> afterwards) throws Exception {
        Lab lab = LabLoader.builtIn(labId);
        List<String> answers = new ArrayList<>();
        NetnsBackend netns = new NetnsBackend();
        RecordingBackend backend = new RecordingBackend(netns);
        Map<CapturePoint, List<CapturedFrame>> frames = new java.util.LinkedHashMap<>();
        captures.forEach(c -> frames.put(c.point(), new CopyOnWriteArrayList<>()));
        List<CaptureHandle> handles = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<StepResult> steps = new ArrayList<>();
        List<TaskWalk> tasks = new ArrayList<>();
        List<Duration> stepTimes = new ArrayList<>();
        Topology last;
        long t0 = System.nanoTime();
        try (LabSession session = new LabSession(lab, backend, options(lab))) {
            session.start();
            try {
                startCaptures(netns, captures, null, frames, handles);
                while (!session.finished()) {
                    int mark = backend.mark();
                    long s0 = System.nanoTime();
                    StepResult r = session.runNext();
                    steps.add(r);
                    describeFailures(r, backend.since(mark), failures);
                    if (r.step().isTask()) {
                        tasks.add(walkTask(lab, session, r, backend, mark, failures));
                    }
                    stepTimes.add(Duration.ofNanos(System.nanoTime() - s0));
                    startCaptures(netns, captures, r.step().id(), frames, handles);
                }
                last = session.topology();
                for (String line : afterwards) {
                    int colon = line.indexOf(": ");
                    var r = backend.run(new org.overlaylab.model.backend.CommandRequest(line.substring(0, colon),
                            line.substring(colon + 2), Duration.ofSeconds(20), false));
                    answers.add(r.output() + (r.exitCode() == 0 ? "" : "[exit " + r.exitCode() + "]\n"));
                }
            } finally {
                handles.forEach(CaptureHandle::close);
            }
        } finally {
            netns.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return new Outcome(labId, failures, frames, steps, stepTimes, tasks, last, elapsed,
                Sweeper.leftovers(netns.layout()), answers);
    }

    /**
     * The task of step r, as a student meets it: its checks must fail now, and pass once its own
     * solution has been typed at the hosts' prompts.
     */
    private static TaskWalk walkTask(Lab lab, LabSession session, StepResult r, RecordingBackend backend, int stepMark,
                                     List<String> failures) throws Exception {
        String task = "step " + r.number() + " (" + r.step().id() + "): task of " + lab.id();
        List<String> failingBefore = r.checks().stream().filter(c -> !c.passed()).map(CheckResult::description).toList();
        if (failingBefore.isEmpty()) {
            failures.add(task + ": every check passes after its scenario, before the solution is typed; "
                    + "the task gives the student nothing to do\n    checks: " + describe(r.checks())
                    + "\n    scenario, step commands and check probes:\n    " + ran(backend.since(stepMark)));
        }
        int solutionMark = backend.mark();
        long t0 = System.nanoTime();
        StringBuilder typed = new StringBuilder();
        for (CommandSpec c : session.solution()) {
            TypedResult t;
            try {
                t = session.type(c.host(), null, c.line(), LiveOutput.NONE);
            } catch (BackendException e) {
                failures.add(task + ": the backend failed on the solution line on " + c.host() + ": `" + c.line() + "`: "
                        + e.getMessage() + "\n    typed so far and check probes:\n    " + ran(backend.since(solutionMark)));
                return new TaskWalk(r.number(), r.step().id(), failingBefore, false,
                        Duration.ofNanos(System.nanoTime() - t0), Duration.ZERO);
            }
            for (CheckResult k : ExpectationEvaluator.evaluate(c.expect(), t.result())) {
                if (!k.passed()) {
                    failures.add(task + ": solution line on " + c.host() + ": `" + c.line() + "`: " + k.description()
                            + ": " + k.detail() + "\n    output: " + indent(t.result().output())
                            + (t.result().notes().isEmpty() ? "" : "\n    notes: " + t.result().notes()));
                }
            }
            typed.append(c.host()).append("$ ").append(c.line()).append("; ");
        }
        Duration solving = Duration.ofNanos(System.nanoTime() - t0);
        Duration commands = backend.since(solutionMark).stream().map(RecordingBackend.Ran::took)
                .reduce(Duration.ZERO, Duration::plus);
        TaskStatus status = session.tasks().get(session.tasks().size() - 1);
        boolean passed = status.passing() && status.solved() && status.stepNumber() == r.number();
        if (!passed) {
            failures.add(task + ": after its solution (" + typed.toString().strip() + ") not every check passes"
                    + "\n    checks: " + describe(status.checks())
                    + "\n    solution typed and check probes:\n    " + ran(backend.since(solutionMark))
                    + "\n    before it, the scenario and step commands:\n    " + ran(backend.since(stepMark).subList(0,
                    solutionMark - stepMark)));
        }
        return new TaskWalk(r.number(), r.step().id(), failingBefore, passed, solving, commands);
    }

    private static String describe(List<CheckResult> checks) {
        StringBuilder sb = new StringBuilder();
        for (CheckResult k : checks) {
            sb.append("\n      ").append(k.passed() ? "PASS " : "FAIL ").append(k.description())
                    .append(k.passed() || k.detail().isEmpty() ? "" : ": " + k.detail());
        }
        return sb.toString();
    }

    private static String ran(List<RecordingBackend.Ran> lines) {
        if (lines.isEmpty()) {
            return "(none)";
        }
        return String.join("\n    ", lines.stream().map(RecordingBackend.Ran::toString).toList());
    }

    private static String indent(String output) {
        return output.strip().replace("\n", "\n            ");
    }

    private static void startCaptures(NetnsBackend backend, List<Capture> captures, String afterStep,
                                      Map<CapturePoint, List<CapturedFrame>> frames, List<CaptureHandle> handles)
            throws Exception {
        for (Capture c : captures) {
            if (java.util.Objects.equals(c.afterStep(), afterStep)) {
                handles.add(backend.capture(c.point(), frames.get(c.point())::add));
            }
        }
    }

    /** The step's failed command expectations, and its error or failed state checks with every line it ran. */
    static void describeFailures(StepResult r, List<RecordingBackend.Ran> ranInStep, List<String> failures) {
        String step = "step " + r.number() + " (" + r.step().id() + ")";
        if (r.error() != null) {
            failures.add(step + ": " + r.error() + "\n    the step ran:\n    " + ran(ranInStep));
        }
        for (CommandOutcome c : r.commands()) {
            for (CheckResult k : c.checks()) {
                if (!k.passed()) {
                    failures.add(step + " on " + c.spec().host() + ": `" + c.spec().firstLine() + "`: " + k.description()
                            + ": " + k.detail() + "\n    output: " + indent(c.result().output())
                            + (c.result().notes().isEmpty() ? "" : "\n    notes: " + c.result().notes()));
                }
            }
        }
        if (!r.step().isTask() && !r.checks().stream().allMatch(CheckResult::passed)) {
            failures.add(step + ": state checks failed:" + describe(r.checks()) + "\n    the step ran:\n    "
                    + ran(ranInStep));
        }
    }
}
