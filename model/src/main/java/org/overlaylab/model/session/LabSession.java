/*
 * Runs a lab on a backend and remembers what was done, as one history of actions: lab steps run
 * and commands typed at a prompt. Any action can be undone: undo goes back to the fresh lab and
 * replays the earlier actions quietly, which every backend can do and which, with the same seed,
 * gives the simulator exactly the same state again. A step may carry a task: its scenario breaks
 * something unseen, and its checks are evaluated after every action until the next step runs.
 */
package org.overlaylab.model.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.lab.Task;
import org.overlaylab.model.lab.Variation;
import org.overlaylab.model.topology.Topology;

public final class LabSession implements AutoCloseable {
    private final Lab lab;
    private final Backend backend;
    private final BackendOptions options;
    private final List<Step> steps;
    private final Clock clock;
    private final Map<String, String> varied;
    private final List<StepResult> results = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<Action.Typed> typedLog = new ArrayList<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> remembered = new HashMap<>();
    private final Map<Integer, Integer> hintsShown = new HashMap<>();
    private final Set<Integer> solutionsShown = new HashSet<>();
    private final Set<Integer> solved = new HashSet<>();
    /** Latest check results per task step; a task's results stay as they were when the next step ran. */
    private final Map<Integer, List<CheckResult>> taskChecks = new LinkedHashMap<>();
    private Topology topology = Topology.EMPTY;
    private boolean started;
    private boolean quiet;
    private boolean solveTasks;
    private Duration earlierTime = Duration.ZERO;
    private Instant since;

    public LabSession(Lab lab, Backend backend, BackendOptions options) {
        this(lab, backend, options, options.seed(), Clock.systemUTC());
    }

    /**
     * A session whose varied values come from {@code variationSeed} (a student's seed), which may
     * differ from the backend's seed; the clock times the session for the report.
     */
    public LabSession(Lab lab, Backend backend, BackendOptions options, long variationSeed, Clock clock) {
        this.lab = lab;
        this.backend = backend;
        this.options = options;
        this.steps = lab.steps();
        this.clock = clock;
        this.varied = Map.copyOf(Variation.resolve(lab.vary(), variationSeed));
        this.remembered.putAll(varied);
        this.since = clock.instant();
    }

    public Lab lab() {
        return lab;
    }

    public Backend backend() {
        return backend;
    }

    public BackendOptions options() {
        return options;
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
    }

    /**
     * When set, a task step also runs its solution, shown as the step's own commands: for printing
     * a whole lab's transcript and for tests. Off by default: the student solves the task.
     */
    public synchronized void setSolveTasks(boolean solve) {
        this.solveTasks = solve;
    }

    /** Brings the lab's hosts up on the backend; observes the fresh state. */
    public synchronized void start() throws BackendException {
        if (!started) {
            backend.start(lab, options);
            started = true;
        }
        topology = backend.observe();
    }

    public synchronized int stepCount() {
        return steps.size();
    }

    /** Number of steps done so far; the next step to run is this plus one. */
    public synchronized int completed() {
        return results.size();
    }

    public synchronized List<StepResult> results() {
        return List.copyOf(results);
    }

    public synchronized Topology topology() {
        return topology;
    }

    public synchronized boolean finished() {
        return results.size() == steps.size();
    }

    /** The actions in effect, oldest first: what undo would replay. */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    /** Every command typed in this session, undone ones included, oldest first. */
    public synchronized List<Action.Typed> typedLog() {
        return List.copyOf(typedLog);
    }

    /** The values this student's seed chose for the lab's `vary` names. */
    public Map<String, String> varied() {
        return varied;
    }

    /** Runs the next step. A step whose backend fails records the error and stops nothing else. */
    public synchronized StepResult runNext() throws BackendException {
        if (!started) {
            start();
        }
        if (finished()) {
            throw new IllegalStateException("all " + steps.size() + " steps have run");
        }
        int number = results.size() + 1;
        StepResult r = execute(number, steps.get(number - 1));
        results.add(r);
        actions.add(new Action.StepRun(number, clock.instant()));
        afterAction(r.step().isTask() ? r.checks() : null);
        return r;
    }

    /** Runs steps until `number` (1-based, inclusive) has run. */
    public synchronized List<StepResult> runThrough(int number) throws BackendException {
        checkNumber(number);
        List<StepResult> ran = new ArrayList<>();
        while (results.size() < number) {
            ran.add(runNext());
        }
        return ran;
    }

    /**
     * Runs a line typed at a host's prompt (container null) or in one of its containers, streaming
     * its output to {@code live}; then observes the hosts and evaluates the current task's checks.
     *
     * @throws IllegalArgumentException naming the lab's hosts when {@code host} is not one of them
     */
    public synchronized TypedResult type(String host, String container, String line, LiveOutput live)
            throws BackendException {
        if (lab.host(host).isEmpty()) {
            throw new IllegalArgumentException("unknown host '" + host + "'; this lab's hosts are: "
                    + String.join(", ", lab.hosts().stream().map(h -> h.name()).toList()));
        }
        if (container != null && !container.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("'" + container + "' is not a container name");
        }
        if (!started) {
            start();
        }
        TypedCommand command = new TypedCommand(host, container, line, clock.instant());
        listeners.forEach(l -> l.typedStarted(command));
        CommandResult result;
        try {
            result = backend.run(CommandRequest.of(host, command.hostLine()), live);
        } catch (BackendException e) {
            typedLog.add(new Action.Typed(command, -1));
            throw e;
        }
        Action.Typed action = new Action.Typed(command, result.exitCode());
        actions.add(action);
        typedLog.add(action);
        topology = backend.observe();
        List<CheckResult> checks = evaluateCurrentTask();
        listeners.forEach(l -> l.typedFinished(command, result));
        notifyObserved(checks);
        return new TypedResult(command, result, topology, tasks());
    }

    /** Undoes the last action, step or typed command; false when there is none. */
    public synchronized boolean back() throws BackendException {
        if (actions.isEmpty()) {
            return false;
        }
        Action last = actions.get(actions.size() - 1);
        replay(actions.subList(0, actions.size() - 1));
        if (last instanceof Action.StepRun s) {
            listeners.forEach(l -> l.undone(s.number()));
        } else if (last instanceof Action.Typed t) {
            listeners.forEach(l -> l.typedUndone(t.command()));
        }
        notifyObserved(evaluateCurrentTask());
        return true;
    }

    /**
     * Goes back to the state before step `number` (1-based): steps number..N, and every command
     * typed since step number-1, are undone. The backend is reset and the earlier actions run again
     * without notifying listeners per step.
     */
    public synchronized void undoTo(int number) throws BackendException {
        if (number < 1 || number > results.size() + 1) {
            throw new IllegalArgumentException("cannot go back to step " + number + "; " + results.size() + " done");
        }
        if (number == results.size() + 1) {
            return;
        }
        int cut = 0;
        while (cut < actions.size() && !(actions.get(cut) instanceof Action.StepRun s && s.number() == number)) {
            cut++;
        }
        replay(actions.subList(0, cut));
        listeners.forEach(l -> l.undone(number));
        notifyObserved(evaluateCurrentTask());
    }

    /** Back to the fresh lab: every action undone (hints and solutions shown stay recorded). */
    public synchronized void resetLab() throws BackendException {
        backend.reset();
        results.clear();
        actions.clear();
        resetRemembered();
        topology = backend.observe();
        listeners.forEach(SessionListener::reset);
        notifyObserved(null);
    }

    /** Runs `keep` again on a fresh lab, quietly. */
    private void replay(List<Action> keep) throws BackendException {
        List<Action> again = List.copyOf(keep);
        backend.reset();
        results.clear();
        actions.clear();
        resetRemembered();
        quiet = true;
        try {
            for (Action a : again) {
                if (a instanceof Action.StepRun s) {
                    results.add(execute(s.number(), steps.get(s.number() - 1)));
                } else if (a instanceof Action.Typed t) {
                    try {
                        backend.run(CommandRequest.of(t.command().host(), t.command().hostLine()));
                    } catch (BackendException e) {
                        // replayed as it ran the first time: a command the backend refused stays refused
                    }
                }
                actions.add(a);
            }
        } finally {
            quiet = false;
        }
        topology = backend.observe();
    }

    private void resetRemembered() {
        remembered.clear();
        remembered.putAll(varied);
    }

    /** Brings back a saved session: replays its actions on a fresh lab and restores its counters. */
    public synchronized void restore(SessionHistory history) throws BackendException {
        if (!started) {
            start();
        }
        int nextStep = 1;
        for (Action a : history.actions()) {
            if (a instanceof Action.StepRun s && (s.number() != nextStep++ || s.number() > steps.size())) {
                throw new IllegalArgumentException("the saved progress runs step " + s.number()
                        + " out of order or beyond this lab's " + steps.size() + " steps");
            }
            if (a instanceof Action.Typed t && (lab.host(t.command().host()).isEmpty() || (t.command().container() != null
                    && !t.command().container().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")))) {
                throw new IllegalArgumentException("the saved progress names host '" + t.command().where()
                        + "', which this lab does not have");
            }
        }
        replay(history.actions());
        typedLog.clear();
        typedLog.addAll(history.typedLog());
        hintsShown.clear();
        hintsShown.putAll(history.hintsShown());
        solutionsShown.clear();
        solutionsShown.addAll(history.solutionsShown());
        solved.clear();
        solved.addAll(history.solved());
        earlierTime = history.timeSpent();
        since = clock.instant();
        taskChecks.clear();
        evaluateAllReached();
        notifyObserved(evaluateCurrentTask());
    }

    /** What this session did so far, for saving and for the report. */
    public synchronized SessionHistory history() {
        return new SessionHistory(actions, typedLog, hintsShown, solutionsShown, solved, timeSpent());
    }

    /** Time spent on the lab, earlier sittings included. */
    public synchronized Duration timeSpent() {
        return earlierTime.plus(Duration.between(since, clock.instant()));
    }

    private void checkNumber(int number) {
        if (number < 1 || number > steps.size()) {
            throw new IllegalArgumentException("no step " + number + "; the lab has " + steps.size());
        }
    }

    // ------------------------------------------------------------------ tasks

    /** The step number of the task in progress: the last step run, when it is a task. */
    public synchronized Optional<Integer> currentTask() {
        int n = results.size();
        return n > 0 && steps.get(n - 1).isTask() ? Optional.of(n) : Optional.empty();
    }

    /** The current task's next hint, recorded as shown; empty when there is no task or no hint left. */
    public synchronized Optional<String> hint() {
        Optional<Integer> n = currentTask();
        if (n.isEmpty()) {
            return Optional.empty();
        }
        Task task = steps.get(n.get() - 1).task();
        int shown = hintsShown.getOrDefault(n.get(), 0);
        if (shown >= task.hints().size()) {
            return Optional.empty();
        }
        hintsShown.put(n.get(), shown + 1);
        notifyObserved(taskChecks.get(n.get()));
        return Optional.of(Variation.fill(task.hints().get(shown), remembered));
    }

    /** The hints of the current task shown so far, in order. */
    public synchronized List<String> hintsShown() {
        Optional<Integer> n = currentTask();
        if (n.isEmpty()) {
            return List.of();
        }
        List<String> hints = steps.get(n.get() - 1).task().hints();
        return hints.subList(0, hintsShown.getOrDefault(n.get(), 0)).stream()
                .map(h -> Variation.fill(h, remembered)).toList();
    }

    /** The current task's solution with this student's values, recorded as shown; empty without a task. */
    public synchronized List<CommandSpec> solution() {
        Optional<Integer> n = currentTask();
        if (n.isEmpty()) {
            return List.of();
        }
        solutionsShown.add(n.get());
        notifyObserved(taskChecks.get(n.get()));
        return steps.get(n.get() - 1).task().solution().stream().map(c -> Variation.fill(c, remembered)).toList();
    }

    /** A task's text with this student's values (and values remembered so far) filled in. */
    public synchronized String taskText(Step step) {
        return step.isTask() ? Variation.fill(step.task().text(), remembered) : "";
    }

    /** Every task reached so far (steps run), with its latest check results. */
    public synchronized List<TaskStatus> tasks() {
        List<TaskStatus> out = new ArrayList<>();
        Optional<Integer> current = currentTask();
        for (int i = 1; i <= results.size(); i++) {
            Step s = steps.get(i - 1);
            if (s.isTask()) {
                out.add(status(i, s, current.isPresent() && current.get() == i));
            }
        }
        return out;
    }

    /** Every task of the lab, reached or not: the ones not reached have no check results. */
    public synchronized List<TaskStatus> allTasks() {
        List<TaskStatus> out = new ArrayList<>();
        Optional<Integer> current = currentTask();
        for (int i = 1; i <= steps.size(); i++) {
            Step s = steps.get(i - 1);
            if (s.isTask()) {
                out.add(status(i, s, current.isPresent() && current.get() == i));
            }
        }
        return out;
    }

    private TaskStatus status(int number, Step s, boolean current) {
        return new TaskStatus(number, s.id(), s.title(), taskText(s), taskChecks.getOrDefault(number, List.of()),
                hintsShown.getOrDefault(number, 0), s.task().hints().size(), solutionsShown.contains(number),
                solved.contains(number), current);
    }

    private List<CheckResult> evaluateCurrentTask() {
        Optional<Integer> n = currentTask();
        if (n.isEmpty()) {
            return null;
        }
        List<CheckResult> checks = evaluate(steps.get(n.get() - 1).task().checks());
        record(n.get(), checks);
        return checks;
    }

    private void evaluateAllReached() {
        for (int i = 1; i <= results.size(); i++) {
            if (steps.get(i - 1).isTask()) {
                record(i, results.get(i - 1).checks());
            }
        }
    }

    private void record(int number, List<CheckResult> checks) {
        taskChecks.put(number, checks);
        if (!checks.isEmpty() && checks.stream().allMatch(CheckResult::passed)) {
            solved.add(number);
        }
    }

    private List<CheckResult> evaluate(List<Check> checks) {
        CheckEvaluator evaluator = new CheckEvaluator(topology);
        List<CheckResult> out = new ArrayList<>();
        for (Check c : checks) {
            out.add(evaluator.evaluate(Variation.fill(c, remembered)));
        }
        return out;
    }

    /** After a step: records a task step's checks, then tells listeners what they now see. */
    private void afterAction(List<CheckResult> taskStepChecks) {
        Optional<Integer> n = currentTask();
        if (n.isPresent() && taskStepChecks != null) {
            record(n.get(), taskStepChecks);
        }
        notifyObserved(taskStepChecks);
    }

    private void notifyObserved(List<CheckResult> checksEvaluated) {
        Topology t = topology;
        listeners.forEach(l -> l.topologyChanged(t));
        List<TaskStatus> statuses = tasks();
        if (checksEvaluated != null || !statuses.isEmpty()) {
            listeners.forEach(l -> l.checksChanged(statuses));
        }
    }

    // ------------------------------------------------------------------ steps

    private StepResult execute(int number, Step step) {
        if (!quiet) {
            listeners.forEach(l -> l.stepStarted(number, step));
        }
        List<CommandOutcome> outcomes = new ArrayList<>();
        List<BackgroundCommand> background = new ArrayList<>();
        List<CommandSpec> backgroundSpecs = new ArrayList<>();
        List<Integer> backgroundSlots = new ArrayList<>();
        String error = null;
        List<CommandSpec> shown = new ArrayList<>(step.commands());
        if (step.isTask() && solveTasks) {
            shown.addAll(step.task().solution());
        }
        try {
            if (step.isTask()) {
                for (CommandSpec cmd : step.task().scenario()) {
                    // the scenario is hidden: its failures are the lab author's, shown only as the step's error
                    CommandSpec typed = withRemembered(cmd);
                    CommandResult res = backend.run(new CommandRequest(typed.host(), typed.line(), typed.stopAfter(),
                            typed.keepsRunning()));
                    remember(cmd, res);
                    if (!ExpectationEvaluator.evaluate(cmd.expect(), res).stream().allMatch(CheckResult::passed)) {
                        error = "the task's setup failed at: " + typed.line();
                    }
                }
            }
            for (CommandSpec cmd : shown) {
                CommandSpec typed = withRemembered(cmd);
                if (!quiet) {
                    listeners.forEach(l -> l.commandStarted(number, typed));
                }
                CommandRequest req = new CommandRequest(typed.host(), typed.line(), typed.stopAfter(), typed.keepsRunning());
                if (cmd.background()) {
                    background.add(backend.startBackground(req));
                    backgroundSpecs.add(cmd);
                    backgroundSlots.add(outcomes.size());
                    outcomes.add(null);
                } else {
                    CommandResult res = backend.run(req);
                    remember(cmd, res);
                    outcomes.add(outcome(typed, res));
                    if (!quiet) {
                        listeners.forEach(l -> l.commandFinished(number, typed, res));
                    }
                }
            }
        } catch (BackendException e) {
            error = e.getMessage();
        } finally {
            for (int i = 0; i < background.size(); i++) {
                BackgroundCommand bg = background.get(i);
                CommandSpec cmd = backgroundSpecs.get(i);
                CommandResult res;
                try {
                    res = bg.stop();
                } catch (BackendException e) {
                    res = CommandResult.failed(1, e.getMessage());
                    if (error == null) {
                        error = e.getMessage();
                    }
                }
                remember(cmd, res);
                CommandSpec typed = withRemembered(cmd);
                outcomes.set(backgroundSlots.get(i), outcome(typed, res));
                CommandResult finalRes = res;
                if (!quiet) {
                    listeners.forEach(l -> l.commandFinished(number, typed, finalRes));
                }
            }
        }
        outcomes.removeIf(o -> o == null);
        List<CheckResult> checks = new ArrayList<>();
        try {
            topology = backend.observe();
            checks.addAll(evaluate(step.isTask() ? step.task().checks() : step.checks()));
        } catch (BackendException e) {
            if (error == null) {
                error = "could not observe the hosts: " + e.getMessage();
            }
        }
        StepResult result = new StepResult(number, step, outcomes, checks, topology, error);
        if (!quiet) {
            listeners.forEach(l -> l.stepFinished(result));
        }
        return result;
    }

    /** The command as the student would type it, with remembered and varied values filled in. */
    private CommandSpec withRemembered(CommandSpec cmd) {
        return Variation.fill(cmd, remembered);
    }

    private void remember(CommandSpec cmd, CommandResult res) {
        cmd.remember().forEach((name, regex) -> {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(res.output());
            if (m.find() && m.groupCount() >= 1) {
                remembered.put(name, m.group(1));
            }
        });
    }

    /** Values remembered from outputs so far, and the varied ones, by name. */
    public synchronized Map<String, String> remembered() {
        return Map.copyOf(remembered);
    }

    private static CommandOutcome outcome(CommandSpec cmd, CommandResult res) {
        return new CommandOutcome(cmd, res, ExpectationEvaluator.evaluate(cmd.expect(), res));
    }

    @Override
    public void close() {
        backend.close();
    }
}
