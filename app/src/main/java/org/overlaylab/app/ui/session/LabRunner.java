/*
 * Runs one lab on one backend for the desktop app: creates the backend and the LabSession on a
 * worker thread, captures frames into the packet store (everywhere on the simulator, where CapturePlan
 * says on a real backend), and reports what happens to the UI
 * thread. The UI thread never waits for a backend; it asks, and hears back through Events.
 * Frames made while the session silently replays steps (going back) are not shown again.
 */
package org.overlaylab.app.ui.session;

import org.overlaylab.app.capture.CapturePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.Action;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.SessionListener;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.TaskStatus;
import org.overlaylab.model.session.TypedCommand;
import org.overlaylab.model.session.TypedResult;
import org.overlaylab.model.topology.Topology;

public final class LabRunner implements AutoCloseable {
    /** Frames kept per step for the animation; a step that floods keeps its first ones. */
    public static final int MAX_STEP_FRAMES = 50_000;

    /** What the runner reports; every call arrives on the UI thread. */
    public interface Events {
        void busy(String what, boolean cancellable);

        void idle();

        void started(Topology fresh);

        void stepStarted(int number, Step step);

        void commandStarted(int number, CommandSpec command);

        void commandFinished(int number, CommandSpec command, CommandResult result);

        /** A step ran; `frames` are those captured while it ran, in order, with their place in the store. */
        void stepFinished(StepResult result, List<StepFrame> frames);

        /** Steps from `firstUndone` on were undone; `results` are the steps still done. */
        void wentBack(int firstUndone, Topology topology, List<StepResult> results);

        void wasReset(Topology topology);

        void cancelled(int completed);

        /**
         * A typed command started (true) or ended (false): the lab is busy meanwhile, but the
         * terminal itself shows that a command runs, so no progress is shown elsewhere.
         */
        default void typing(boolean running) {}

        /** Back undid a typed command; `topology` is the hosts now, `actions` how many remain to undo. */
        default void typedUndone(TypedCommand command, Topology topology, int actions) {}

        /** The tasks' checks were evaluated again: every task reached so far. */
        default void checksChanged(List<TaskStatus> tasks) {}

        /** A run of several steps stopped because step `number` did not pass. */
        void stoppedAtFailure(int number);

        /** The backend could not do what was asked; the message is for the user. */
        void failed(String what, String message);

        /** Frames cannot be captured somewhere the plan wanted them; the lab goes on. */
        default void captureProblem(String message) {}
    }

    private final BackendFactory factory;
    private final Lab lab;
    private final BackendOptions options;
    private final FrameStore store;
    private final Worker worker;
    private final UiThread ui;
    private final Events events;

    private Backend backend;
    private LabSession session;
    private CapturePlan captures;
    private final List<StepFrame> stepFrames = new ArrayList<>();
    /** What frames are seen during, for their note in the store (and comment in an exported pcapng). */
    private volatile String activity;
    private volatile boolean replaying;
    private volatile boolean cancelRequested;
    private volatile boolean closed;
    /** Actions (steps run, commands typed) Back can undo; written on the worker, read on the UI thread. */
    private volatile int actionsNow;

    public LabRunner(BackendFactory factory, Lab lab, BackendOptions options, FrameStore store, Worker worker,
                     UiThread ui, Events events) {
        this.factory = factory;
        this.lab = lab;
        this.options = options;
        this.store = store;
        this.worker = worker;
        this.ui = ui;
        this.events = events;
    }

    public Lab lab() {
        return lab;
    }

    /** How many actions Back can undo, as of the last report on the UI thread. */
    public int actionCount() {
        return actionsNow;
    }

    private void noteActions() {
        actionsNow = session == null ? 0 : session.actions().size();
    }

    public String backendKind() {
        return factory.kind();
    }

    /** Creates the backend and brings the lab's hosts up. */
    public void start() {
        ui.post(() -> events.busy("Starting " + factory.kind() + " backend for " + lab.title(), false));
        worker.submit(() -> {
            try {
                backend = factory.create();
                session = new LabSession(lab, backend, options);
                session.addListener(new Relay());
                session.start();
                Topology fresh = session.topology();
                captures = new CapturePlan(backend, lab, this::frame, m -> post(() -> events.captureProblem(m)));
                captures.follow(fresh);
                post(() -> events.started(fresh));
            } catch (BackendException | RuntimeException e) {
                fail("Could not start the lab", e);
            } finally {
                post(events::idle);
            }
        });
    }

    /** Runs the next step. */
    public void runNext() {
        runThrough(-1);
    }

    /** Runs steps until `number` has run (-1: just the next one); can be cancelled between steps. */
    public void runThrough(int number) {
        cancelRequested = false;
        ui.post(() -> events.busy(number < 0 ? "Running the next step" : "Running steps through " + number, true));
        worker.submit(() -> {
            try {
                requireStarted();
                int target = number < 0 ? Math.min(session.completed() + 1, session.stepCount()) : number;
                while (session.completed() < target && !session.finished()) {
                    if (cancelRequested || Thread.currentThread().isInterrupted()) {
                        int done = session.completed();
                        post(() -> events.cancelled(done));
                        break;
                    }
                    StepResult r = session.runNext();
                    noteActions();
                    captures.follow(session.topology());
                    if (cancelRequested) {
                        int done = session.completed();
                        post(() -> events.cancelled(done));
                        break;
                    }
                    if (!r.passed() && session.completed() < target) {
                        post(() -> events.stoppedAtFailure(r.number()));
                        break;
                    }
                }
            } catch (BackendException | RuntimeException e) {
                fail("The step could not run", e);
            } finally {
                post(events::idle);
            }
        });
    }

    /**
     * What a typed command left: its result, the hosts after it, the frames captured while it ran,
     * the tasks as they now stand, and how many actions (steps and typed commands) Back can undo.
     */
    public record Typed(CommandResult result, Topology topology, List<StepFrame> frames, List<TaskStatus> tasks,
                        int actions) {}

    /**
     * Runs a line the student typed on a host (container null) or in one of its containers, with
     * its output streamed to `live`; `done` or `failed` is then called on the UI thread.
     */
    public void type(String host, String container, String line, LiveOutput live, Consumer<Typed> done,
                     Consumer<String> failed) {
        ui.post(() -> events.typing(true));
        worker.submit(() -> {
            try {
                requireStarted();
                synchronized (stepFrames) {
                    stepFrames.clear();
                }
                TypedResult r = session.type(host, container, line, live);
                captures.follow(r.topology());
                List<StepFrame> frames;
                synchronized (stepFrames) {
                    frames = List.copyOf(stepFrames);
                    stepFrames.clear();
                }
                noteActions();
                int actions = actionsNow;
                post(() -> done.accept(new Typed(r.result(), r.topology(), frames, r.tasks(), actions)));
            } catch (BackendException | RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                post(() -> failed.accept(message));
            } finally {
                post(() -> events.typing(false));
            }
        });
    }

    /** Undoes the last action, a step or a typed command. */
    public void back() {
        ui.post(() -> events.busy("Going back one action", false));
        worker.submit(() -> {
            try {
                requireStarted();
                List<Action> before = session.actions();
                if (before.isEmpty()) {
                    return;
                }
                Action last = before.get(before.size() - 1);
                replaying = true;
                try {
                    session.back();
                } finally {
                    replaying = false;
                }
                Topology t = session.topology();
                captures.afterReset(t);
                noteActions();
                int actions = actionsNow;
                if (last instanceof Action.StepRun s) {
                    List<StepResult> results = session.results();
                    post(() -> events.wentBack(s.number(), t, results));
                } else if (last instanceof Action.Typed typed) {
                    post(() -> events.typedUndone(typed.command(), t, actions));
                }
            } catch (BackendException | RuntimeException e) {
                fail("Could not go back", e);
            } finally {
                post(events::idle);
            }
        });
    }

    /** The current task's next hint, handed to `shown` on the UI thread (empty when none is left). */
    public void hint(Consumer<java.util.Optional<String>> shown) {
        worker.submit(() -> {
            if (session != null) {
                java.util.Optional<String> h = session.hint();
                post(() -> shown.accept(h));
            }
        });
    }

    /** The current task's solution (recorded as shown), handed to `shown` on the UI thread. */
    public void solution(Consumer<List<CommandSpec>> shown) {
        worker.submit(() -> {
            if (session != null) {
                List<CommandSpec> s = session.solution();
                post(() -> shown.accept(s));
            }
        });
    }

    /** Runs `work` with the session on the worker (after what is queued), e.g. to read its history for a report. */
    public void withSession(Consumer<LabSession> work) {
        worker.submit(() -> {
            if (session != null) {
                work.accept(session);
            }
        });
    }

    /** Goes back to the state before step `number`. */
    public void undoTo(int number) {
        ui.post(() -> events.busy("Going back to before step " + number, false));
        worker.submit(() -> {
            try {
                requireStarted();
                replaying = true;
                try {
                    session.undoTo(number);
                } finally {
                    replaying = false;
                    noteActions();
                }
                Topology t = session.topology();
                captures.afterReset(t);
                List<StepResult> results = session.results();
                post(() -> events.wentBack(number, t, results));
            } catch (BackendException | RuntimeException e) {
                fail("Could not go back", e);
            } finally {
                post(events::idle);
            }
        });
    }

    /** Back to the fresh lab. */
    public void reset() {
        ui.post(() -> events.busy("Resetting the lab", false));
        worker.submit(() -> {
            try {
                requireStarted();
                replaying = true;
                try {
                    session.resetLab();
                } finally {
                    replaying = false;
                    noteActions();
                }
                Topology t = session.topology();
                captures.afterReset(t);
                post(() -> events.wasReset(t));
            } catch (BackendException | RuntimeException e) {
                fail("Could not reset the lab", e);
            } finally {
                post(events::idle);
            }
        });
    }

    /**
     * Captures at a point from now on (what the packet view's picker chose). The simulator already
     * captures everywhere; a real backend starts a capture there once the current work is done.
     */
    public void captureAt(CapturePoint point) {
        worker.submit(() -> {
            if (captures != null && session != null) {
                captures.pin(point, session.topology());
            }
        });
    }

    /** Stops a run of several steps after the current one and interrupts the current one if the backend allows. */
    public void cancel() {
        cancelRequested = true;
        worker.interrupt();
    }

    /**
     * Stops what runs (as Cancel would), then shuts the backend down on the worker and ends the
     * worker. Returns at once; awaitClosed waits for the backend's teardown.
     */
    @Override
    public void close() {
        closed = true;
        cancelRequested = true;
        worker.interrupt();
        worker.submit(() -> {
            try {
                if (captures != null) {
                    captures.close();
                }
            } finally {
                if (session != null) {
                    session.close();
                } else if (backend != null) {
                    backend.close();
                }
            }
        });
        worker.close();
    }

    /** Waits for the teardown started by close(); a real backend removes namespaces or stops daemons then. */
    public boolean awaitClosed(java.time.Duration timeout) {
        try {
            return worker.awaitClosed(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void requireStarted() throws BackendException {
        if (session == null) {
            throw new BackendException("the lab has not started");
        }
    }

    private void frame(CapturedFrame f) {
        if (replaying || closed) {
            return;
        }
        int index = store.append(f, activity);
        synchronized (stepFrames) {
            if (stepFrames.size() < MAX_STEP_FRAMES) {
                stepFrames.add(new StepFrame(index, f));
            }
        }
    }

    /** The command as the student types it: values read off earlier output filled in for {{NAME}}. */
    private CommandSpec withRemembered(CommandSpec cmd) {
        java.util.regex.Matcher m = CommandSpec.PLACEHOLDER.matcher(cmd.line());
        if (!m.find() || session == null) {
            return cmd;
        }
        java.util.Map<String, String> values = session.remembered();
        String line = m.replaceAll(r -> java.util.regex.Matcher.quoteReplacement(
                values.getOrDefault(r.group(1), "{{" + r.group(1) + "}}")));
        return new CommandSpec(cmd.host(), line, cmd.stopAfter(), cmd.background(), cmd.keepsRunning(), cmd.expect(),
                cmd.remember(), cmd.position());
    }

    private void fail(String what, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        post(() -> events.failed(what, message));
    }

    private void post(Runnable r) {
        if (!closed) {
            ui.post(r);
        }
    }

    /** Hands the session's notices over to the UI thread. */
    private final class Relay implements SessionListener {
        @Override
        public void stepStarted(int number, Step step) {
            activity = "step " + number + "/" + lab.steps().size() + ": " + step.title();
            synchronized (stepFrames) {
                stepFrames.clear();
            }
            post(() -> events.stepStarted(number, step));
        }

        @Override
        public void commandStarted(int stepNumber, CommandSpec command) {
            CommandSpec typed = withRemembered(command);
            post(() -> events.commandStarted(stepNumber, typed));
        }

        @Override
        public void commandFinished(int stepNumber, CommandSpec command, CommandResult result) {
            CommandSpec typed = withRemembered(command);
            post(() -> events.commandFinished(stepNumber, typed, result));
        }

        @Override
        public void checksChanged(List<TaskStatus> tasks) {
            post(() -> events.checksChanged(tasks));
        }

        @Override
        public void typedStarted(TypedCommand command) {
            activity = "typed on " + command.where() + ": " + command.line();
        }

        @Override
        public void stepFinished(StepResult result) {
            List<StepFrame> frames;
            synchronized (stepFrames) {
                frames = List.copyOf(stepFrames);
                stepFrames.clear();
            }
            post(() -> events.stepFinished(result, frames));
        }
    }
}
