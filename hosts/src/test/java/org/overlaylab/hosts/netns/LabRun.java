/*
 * Test support: runs a built-in lab from nothing to its last step on the netns backend, capturing
 * on one device meanwhile, and says in one message every command expectation and state check that
 * failed. Teardown is checked too: nothing of the lab may be left afterwards.
 */
package org.overlaylab.hosts.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;

final class LabRun {
    /** What a lab run left for the test to look at. */
    record Outcome(List<String> failures, Map<CapturePoint, List<CapturedFrame>> captures, List<StepResult> steps,
                   Duration elapsed, Sweeper.Leftovers leftovers, List<String> afterwards) {
        List<CapturedFrame> frames() {
            return captures.values().iterator().next();
        }

        List<CapturedFrame> frames(CapturePoint p) {
            return captures.get(p);
        }
    }

    /** A capture point and the step after which the capture starts (null: from the fresh lab on). */
    record Capture(String afterStep, CapturePoint point) {}

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
        NetnsBackend backend = new NetnsBackend();
        Map<CapturePoint, List<CapturedFrame>> frames = new java.util.LinkedHashMap<>();
        captures.forEach(c -> frames.put(c.point(), new CopyOnWriteArrayList<>()));
        List<CaptureHandle> handles = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<StepResult> steps = new ArrayList<>();
        long t0 = System.nanoTime();
        try (LabSession session = new LabSession(lab, backend, options(lab))) {
            session.setSolveTasks(true);
            session.start();
            try {
                startCaptures(backend, captures, null, frames, handles);
                while (!session.finished()) {
                    StepResult r = session.runNext();
                    steps.add(r);
                    describeFailures(r, failures);
                    startCaptures(backend, captures, r.step().id(), frames, handles);
                }
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
            backend.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return new Outcome(failures, frames, steps, elapsed, Sweeper.leftovers(backend.layout()), answers);
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

    static void describeFailures(StepResult r, List<String> failures) {
        String step = "step " + r.number() + " (" + r.step().id() + ")";
        if (r.error() != null) {
            failures.add(step + ": " + r.error());
        }
        for (CommandOutcome c : r.commands()) {
            for (CheckResult k : c.checks()) {
                if (!k.passed()) {
                    failures.add(step + " on " + c.spec().host() + ": `" + c.spec().firstLine() + "`: " + k.description()
                            + ": " + k.detail() + "\n    output: " + c.result().output().strip().replace("\n", "\n            ")
                            + (c.result().notes().isEmpty() ? "" : "\n    notes: " + c.result().notes()));
                }
            }
        }
        for (CheckResult k : r.checks()) {
            if (!k.passed()) {
                failures.add(step + ": check " + k.description() + ": " + k.detail());
            }
        }
    }

    /** The failures that are not of the given steps, whose difference from the tutorial is the real tools'. */
    static List<String> withoutKnownDifferences(List<String> failures, String... stepPrefixes) {
        List<String> out = new ArrayList<>();
        for (String f : failures) {
            if (java.util.Arrays.stream(stepPrefixes).noneMatch(f::startsWith)) {
                out.add(f);
            }
        }
        return out;
    }
}
