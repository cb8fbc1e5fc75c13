/*
 * Runs a lab's steps on a backend, one after another, and remembers what each did. Steps are
 * command objects: each can be undone. Undo goes back to the fresh lab and replays the earlier
 * steps quietly, which every backend can do and which, with the same seed, gives the simulator
 * exactly the same state again.
 */
package org.overlaylab.model.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.shell.ShellQuote;
import org.overlaylab.model.topology.Topology;

public final class LabSession implements AutoCloseable {
    private final Lab lab;
    private final Backend backend;
    private final BackendOptions options;
    private final List<Step> steps;
    private final List<StepResult> results = new ArrayList<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> remembered = new HashMap<>();
    private Topology topology = Topology.EMPTY;
    private boolean started;
    private boolean quiet;

    public LabSession(Lab lab, Backend backend, BackendOptions options) {
        this.lab = lab;
        this.backend = backend;
        this.options = options;
        this.steps = lab.steps();
    }

    public Lab lab() {
        return lab;
    }

    public Backend backend() {
        return backend;
    }

    public void addListener(SessionListener l) {
        listeners.add(l);
    }

    public void removeListener(SessionListener l) {
        listeners.remove(l);
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
     * Goes back to the state before step `number` (1-based): steps number..N are undone.
     * The backend is reset and steps 1..number-1 run again without notifying listeners per step.
     */
    public synchronized void undoTo(int number) throws BackendException {
        if (number < 1 || number > results.size() + 1) {
            throw new IllegalArgumentException("cannot go back to step " + number + "; " + results.size() + " done");
        }
        if (number == results.size() + 1) {
            return;
        }
        int keep = number - 1;
        backend.reset();
        results.clear();
        remembered.clear();
        quiet = true;
        try {
            for (int i = 1; i <= keep; i++) {
                results.add(execute(i, steps.get(i - 1)));
            }
        } finally {
            quiet = false;
        }
        topology = backend.observe();
        listeners.forEach(l -> l.undone(number));
    }

    /** Back to the fresh lab. */
    public synchronized void resetLab() throws BackendException {
        backend.reset();
        results.clear();
        remembered.clear();
        topology = backend.observe();
        listeners.forEach(SessionListener::reset);
    }

    private void checkNumber(int number) {
        if (number < 1 || number > steps.size()) {
            throw new IllegalArgumentException("no step " + number + "; the lab has " + steps.size());
        }
    }

    private StepResult execute(int number, Step step) {
        if (!quiet) {
            listeners.forEach(l -> l.stepStarted(number, step));
        }
        List<CommandOutcome> outcomes = new ArrayList<>();
        List<BackgroundCommand> background = new ArrayList<>();
        List<Integer> backgroundSlots = new ArrayList<>();
        String error = null;
        try {
            for (CommandSpec cmd : step.commands()) {
                if (!quiet) {
                    listeners.forEach(l -> l.commandStarted(number, cmd));
                }
                CommandSpec typed = withRemembered(cmd);
                CommandRequest req = new CommandRequest(typed.host(), typed.line(), typed.stopAfter(), typed.keepsRunning());
                if (cmd.background()) {
                    background.add(backend.startBackground(req));
                    backgroundSlots.add(outcomes.size());
                    outcomes.add(null);
                } else {
                    CommandResult res = backend.run(req);
                    remember(cmd, res);
                    outcomes.add(outcome(typed, res));
                    if (!quiet) {
                        listeners.forEach(l -> l.commandFinished(number, cmd, res));
                    }
                }
            }
        } catch (BackendException e) {
            error = e.getMessage();
        } finally {
            for (int i = 0; i < background.size(); i++) {
                BackgroundCommand bg = background.get(i);
                CommandSpec cmd = step.commands().get(backgroundSlots.get(i));
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
                outcomes.set(backgroundSlots.get(i), outcome(withRemembered(cmd), res));
                CommandResult finalRes = res;
                if (!quiet) {
                    listeners.forEach(l -> l.commandFinished(number, cmd, finalRes));
                }
            }
        }
        outcomes.removeIf(o -> o == null);
        List<CheckResult> checks = new ArrayList<>();
        try {
            topology = backend.observe();
            CheckEvaluator evaluator = new CheckEvaluator(topology);
            for (Check c : step.checks()) {
                checks.add(evaluator.evaluate(c));
            }
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

    /** The command as the student would type it, with remembered values filled in. */
    private CommandSpec withRemembered(CommandSpec cmd) {
        Matcher m = CommandSpec.PLACEHOLDER.matcher(cmd.line());
        if (!m.find()) {
            return cmd;
        }
        // a value read off a command's output goes in as one word, single-quoted unless it is plain
        // text: whatever it holds ($(...), ;, spaces) the shell takes it as text, never as a command
        String line = m.replaceAll(r -> Matcher.quoteReplacement(remembered.containsKey(r.group(1))
                ? ShellQuote.word(remembered.get(r.group(1))) : "{{" + r.group(1) + "}}"));
        return new CommandSpec(cmd.host(), line, cmd.stopAfter(), cmd.background(), cmd.keepsRunning(), cmd.expect(),
                cmd.remember(), cmd.position());
    }

    private void remember(CommandSpec cmd, CommandResult res) {
        cmd.remember().forEach((name, regex) -> {
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            Matcher m = BoundedRegex.matcher(p, res.output(), BoundedRegex.BUDGET);
            try {
                if (BoundedRegex.find(m, p, BoundedRegex.BUDGET) && m.groupCount() >= 1) {
                    remembered.put(name, m.group(1));
                }
            } catch (BoundedRegex.TooSlow e) {
                // nothing is remembered; the command that uses {{NAME}} then shows it unfilled
            }
        });
    }

    /** Values remembered from outputs so far, by name. */
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
