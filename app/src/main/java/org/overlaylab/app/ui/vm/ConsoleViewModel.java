/*
 * The terminals: one per host and one per container shell opened. Each lab step's command shows in
 * its host's terminal as `host$ command`, then what it printed, the backend's notes (set apart),
 * whether it failed, and how its expectations fared; the step's own checks follow. Commands the
 * student types show the same way (see TerminalViewModel). One list of lines per terminal, only
 * ever appended to, so the view can grow it cheaply.
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.ExpectationEvaluator;
import org.overlaylab.model.session.StepResult;

public final class ConsoleViewModel {
    /** Lines kept per host; older ones are dropped from the top. */
    static final int MAX_LINES = 20_000;

    public enum Kind { STEP, PROMPT, CONTINUATION, OUTPUT, ERROR, NOTE, PASS, FAIL, INFO }

    public record Line(Kind kind, String text, int step) {}

    private final ListValue<String> hosts = new ListValue<>();
    private final Map<String, ListValue<Line>> lines = new LinkedHashMap<>();
    private final Map<String, TerminalViewModel> terminals = new LinkedHashMap<>();
    private final Value<String> active = new Value<>(null);
    private final Map<String, Integer> headerShown = new LinkedHashMap<>();
    private final UiThread ui;
    private TerminalViewModel.Runner runner;
    private Completer completer = Completer.NONE;

    public ConsoleViewModel() {
        this(UiThread.direct());
    }

    public ConsoleViewModel(UiThread ui) {
        this.ui = ui;
    }

    /** The terminals by name: `node1` for a host's shell, `node1/test1` for a container's. */
    public ListValue<String> hosts() {
        return hosts;
    }

    /** The terminal of a host (container null) or of a container on it, made when first asked for. */
    public TerminalViewModel terminal(String host, String container) {
        String key = TerminalViewModel.key(host, container);
        TerminalViewModel t = terminals.get(key);
        if (t == null) {
            t = new TerminalViewModel(host, container, this, ui);
            if (runner != null) {
                t.setRunner(runner);
            }
            t.setCompleter(completer);
            terminals.put(key, t);
            ensureHost(key);
        }
        return t;
    }

    /** The terminal named `node1` or `node1/test1`, or null. */
    public TerminalViewModel terminal(String key) {
        return terminals.get(key);
    }

    /** Opens (or brings to the front) a shell in a container, as `docker exec -it NAME sh` would. */
    public TerminalViewModel openContainer(String host, String container) {
        TerminalViewModel t = terminal(host, container);
        active.set(t.key());
        return t;
    }

    /** Who runs typed commands, for every terminal. */
    public void setRunner(TerminalViewModel.Runner r) {
        runner = r;
        terminals.values().forEach(t -> t.setRunner(r));
    }

    public void setCompleter(Completer c) {
        completer = c;
        terminals.values().forEach(t -> t.setCompleter(c));
    }

    /** Brings a terminal to the front. */
    public void activate(String key) {
        if (lines.containsKey(key)) {
            active.set(key);
        }
    }

    public ListValue<Line> lines(String host) {
        return lines.computeIfAbsent(host, h -> new ListValue<>());
    }

    /** The host whose console should be in front: the one the last command ran on. */
    public ReadOnlyValue<String> activeHost() {
        return active.readOnly();
    }

    public void setLab(Lab lab) {
        lines.clear();
        terminals.clear();
        headerShown.clear();
        List<String> names = new ArrayList<>();
        lab.hosts().forEach(h -> names.add(h.name()));
        hosts.setAll(List.of());
        for (String h : names) {
            terminal(h, null);
        }
        hosts.setAll(names);
        active.set(names.isEmpty() ? null : names.get(0));
    }

    public void commandStarted(int step, String title, CommandSpec cmd) {
        String host = cmd.host();
        terminal(host, null);
        if (!Integer.valueOf(step).equals(headerShown.get(host))) {
            add(host, new Line(Kind.STEP, "Step " + step + ": " + title, step));
            headerShown.put(host, step);
        }
        String[] parts = cmd.line().split("\n", -1);
        add(host, new Line(Kind.PROMPT, host + "$ " + parts[0], step));
        for (int i = 1; i < parts.length; i++) {
            if (i == parts.length - 1 && parts[i].isEmpty()) {
                break;
            }
            add(host, new Line(Kind.CONTINUATION, "> " + parts[i], step));
        }
        active.set(host);
    }

    public void commandFinished(int step, CommandSpec cmd, CommandResult result) {
        String host = cmd.host();
        terminal(host, null);
        boolean failed = !result.succeeded();
        for (String l : splitLines(result.stdout())) {
            add(host, new Line(Kind.OUTPUT, l, step));
        }
        for (String l : splitLines(result.stderr())) {
            add(host, new Line(failed ? Kind.ERROR : Kind.OUTPUT, l, step));
        }
        for (String note : result.notes()) {
            add(host, new Line(Kind.NOTE, note, step));
        }
        if (failed) {
            add(host, new Line(Kind.ERROR, "(exit status " + result.exitCode() + ")", step));
        }
        for (CheckResult c : ExpectationEvaluator.evaluate(cmd.expect(), result)) {
            add(host, checkLine(c, step));
        }
    }

    /** The step's own checks go to the console of the host they are about (lab-wide ones to every host). */
    public void stepFinished(StepResult r) {
        if (r.step().isTask()) {
            String host = hosts.items().isEmpty() ? null : hosts.get(0);
            if (host != null) {
                add(host, new Line(Kind.STEP, "Step " + r.number() + ": " + r.step().title(), r.number()));
                add(host, new Line(Kind.INFO, "Your task: " + r.step().task().text().strip()
                        + " (the task panel shows its checks)", r.number()));
                active.set(host);
            }
            return;
        }
        List<Check> declared = r.step().checks();
        for (int i = 0; i < r.checks().size(); i++) {
            CheckResult c = r.checks().get(i);
            String host = i < declared.size() ? declared.get(i).host() : null;
            if (host != null && lines.containsKey(host)) {
                add(host, checkLine(c, r.number()));
            } else {
                for (String h : hosts.items()) {
                    add(h, checkLine(c, r.number()));
                }
            }
        }
        if (r.error() != null) {
            String host = active.get() != null ? active.get() : hosts.items().isEmpty() ? null : hosts.get(0);
            if (host != null) {
                add(host, new Line(Kind.ERROR, "The step could not finish: " + r.error(), r.number()));
            }
        }
    }

    public void info(String text) {
        for (String h : hosts.items()) {
            add(h, new Line(Kind.INFO, text, 0));
        }
        headerShown.clear();
    }

    /** A backend failure, shown where the last command ran. */
    public void error(String text) {
        String host = active.get() != null ? active.get() : hosts.items().isEmpty() ? null : hosts.get(0);
        if (host != null) {
            add(host, new Line(Kind.ERROR, text, 0));
        }
    }

    private static Line checkLine(CheckResult c, int step) {
        String text = (c.passed() ? "✔ " : "✘ ") + c.description()
                + (c.passed() || c.detail().isEmpty() ? "" : ": " + c.detail());
        return new Line(c.passed() ? Kind.PASS : Kind.FAIL, text, step);
    }

    private void ensureHost(String host) {
        if (!lines.containsKey(host) || !hosts.items().contains(host)) {
            lines(host);
            if (!hosts.items().contains(host)) {
                hosts.add(host);
            }
        }
    }

    private void add(String host, Line line) {
        append(host, List.of(line));
    }

    /** Adds lines to a terminal in one go; past MAX_LINES the older half is dropped. */
    void append(String key, List<Line> more) {
        if (more.isEmpty()) {
            return;
        }
        ListValue<Line> l = lines(key);
        if (l.size() + more.size() > MAX_LINES) {
            List<Line> all = new ArrayList<>(l.items());
            all.addAll(more);
            l.setAll(new ArrayList<>(all.subList(Math.max(0, all.size() - MAX_LINES / 2), all.size())));
            return;
        }
        l.addAll(more);
    }

    static List<String> splitLines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(t.split("\n", -1));
    }
}
