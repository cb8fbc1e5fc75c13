/*
 * Runs one lab command line on one host the way the tutorial's terminal would, for real. The line
 * is parsed (ShellParser); each pipeline either runs in bash inside the host, or, when the
 * tutorial's exact command cannot run on this machine (downloads, apt-get, service, `docker
 * daemon`, ./etcd, flanneld, calicoctl, Calico networks), is carried out by the backend with what
 * does the same job here. Every such mapping is reported in the result's notes ("ran: ...").
 * Variables and the working directory persist between lines, per host, as in one terminal, and so
 * do the jobs a trailing '&' starts: bash's `[1] PID`, their output in the terminal as it comes,
 * `[1]+  Done` once they end, `kill %1`.
 */
package org.overlaylab.hosts.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostProcess;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.shell.Programs;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellScript;
import org.overlaylab.model.shell.ShellScript.Job;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellScript.Word;
import org.overlaylab.model.shell.ShellSyntaxException;

public final class LabShell {
    /** Shell variables bash sets itself; they never become part of the host's shell state. */
    private static final Pattern BASH_OWN = Pattern.compile("BASH.*|__ol_.*|_|COLUMNS|LINES|COMP.*|DIRSTACK|EUID|UID|PPID"
            + "|GROUPS|HISTCMD|HOSTNAME|HOSTTYPE|IFS|MACHTYPE|OPTERR|OPTIND|OSTYPE|PIPESTATUS|PS4|PS1|PS2|PWD|OLDPWD"
            + "|RANDOM|SRANDOM|SECONDS|SHELL|SHELLOPTS|SHLVL|LINENO|FUNCNAME|EPOCHREALTIME|EPOCHSECONDS|HISTFILE.*"
            + "|HISTSIZE|MAILCHECK|TERM|LANG|PATH|HOME|USER|LOGNAME|COPROC|READLINE_.*|INSIDE_EMACS");

    /** What one mapped or real command produced. */
    public record Outcome(int exit, String stdout, String stderr, List<String> notes) {
        public static Outcome ok(String stdout, List<String> notes) {
            return new Outcome(0, stdout, "", notes);
        }

        public static Outcome fail(int exit, String stderr, List<String> notes) {
            return new Outcome(exit, "", stderr, notes);
        }
    }

    /** A tutorial command as the backend's handlers see it: program, expanded arguments, prefixes. */
    public record Invocation(String program, String programWord, List<String> args, Map<String, String> assignments,
                      List<String> wrappers, boolean background, Duration stopAfter, SimpleCommand command) {
        public String shown() {
            List<String> all = new ArrayList<>();
            assignments.forEach((k, v) -> all.add(k + "=" + v));
            all.add(programWord);
            all.addAll(args);
            return ShellText.join(all);
        }
    }

    @FunctionalInterface
    public interface Handler {
        /** Carries the command out, or returns null when it is better run for real in bash. */
        Outcome handle(LabShell shell, Invocation inv) throws IOException;
    }

    private final RealLab lab;
    private final RealHost host;
    private final CommandMapping mapping;
    private final Map<String, String> virtualDownloads = new LinkedHashMap<>();

    /** A job of this host's terminal: its number, its text as typed, the process running it. */
    private record TerminalJob(int number, String text, HostProcess process) {}

    private final List<TerminalJob> jobs = new ArrayList<>();
    private int lastJob;
    /** Where jobs print while a command runs on this terminal, else null. */
    private java.util.function.Consumer<String> terminal;
    /** What jobs printed while no command ran: shown with the next command's output. */
    private final StringBuilder unseen = new StringBuilder();

    public LabShell(RealLab lab, RealHost host, CommandMapping mapping) {
        this.lab = lab;
        this.host = host;
        this.mapping = mapping;
    }

    public RealHost host() {
        return host;
    }

    public RealLab lab() {
        return lab;
    }

    // ------------------------------------------------------------------ running a line

    public CommandResult run(String line, Duration stopAfter, Duration deadline) throws BackendException {
        return run(line, stopAfter, deadline, false);
    }

    /**
     * `keepsRunning` marks a program the tutorial leaves running in the foreground of its own
     * terminal: it is started like a background job (daemons the backend knows wait until they answer).
     */
    public CommandResult run(String line, Duration stopAfter, Duration deadline, boolean keepsRunning) throws BackendException {
        return run(line, stopAfter, deadline, keepsRunning, LiveOutput.NONE);
    }

    /**
     * Like {@link #run(String, Duration, Duration, boolean)}, with the output passed to `live` as it
     * is written (programs run in bash stream; a mapped command's output comes when it is done) and
     * `live.interrupted()` honoured as Ctrl-C: SIGINT to what runs, and the rest of the line skipped.
     */
    public CommandResult run(String line, Duration stopAfter, Duration deadline, boolean keepsRunning, LiveOutput live)
            throws BackendException {
        host.requireReachable();
        long t0 = System.nanoTime();
        ShellScript script;
        try {
            script = ShellParser.parse(line);
        } catch (ShellSyntaxException e) {
            return new CommandResult(2, "", "bash: " + e.getMessage() + "\n", List.of(), Duration.ZERO);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        List<String> notes = new ArrayList<>();
        int last = 0;
        attachTerminal(out, live);
        try {
            for (Job job : script.jobs()) {
                if (job.background() && !keepsRunning && job.pipelines().size() == 1 && !mapped(job.pipelines().get(0))) {
                    Outcome o = startJob(job.pipelines().get(0), notes);
                    err.append(o.stderr());
                    live.write(o.stderr());
                    last = o.exit();
                    continue;
                }
                for (int i = 0; i < job.pipelines().size(); i++) {
                    if (i > 0) {
                        String op = job.operators().get(i - 1);
                        if ((op.equals("&&") && last != 0) || (op.equals("||") && last == 0)) {
                            continue;
                        }
                    }
                    if (live.interrupted()) {
                        last = 130;
                        break;
                    }
                    Pipeline p = job.pipelines().get(i);
                    Outcome o = jobSpecKill(p);
                    if (o != null) {
                        live.write(o.stderr());
                    } else {
                        o = runPipeline(p, job.background() || keepsRunning, stopAfter, deadline, live);
                    }
                    synchronized (out) {
                        out.append(o.stdout());
                    }
                    err.append(o.stderr());
                    notes.addAll(o.notes());
                    last = o.exit();
                }
            }
        } finally {
            detachTerminal(out, live);
        }
        String stdout;
        synchronized (out) {
            stdout = out.toString();
        }
        return new CommandResult(last, stdout, err.toString(), notes, Duration.ofNanos(System.nanoTime() - t0));
    }

    // ------------------------------------------------------------------ jobs of the terminal

    /** A single command the backend carries out itself (a daemon it knows): it keeps its own way of running. */
    private boolean mapped(Pipeline p) {
        if (p.commands().size() != 1) {
            return false;
        }
        Invocation inv = invocation(p.commands().get(0), true, null);
        return inv == null || mapping.handlerFor(inv) != null;
    }

    /**
     * Starts a job as bash does for a trailing '&': the line runs on while later commands run, bash
     * prints `[N] PID`, and what the job prints reaches the terminal as it comes.
     */
    private Outcome startJob(Pipeline p, List<String> notes) throws BackendException {
        int number = ++lastJob;
        String text;
        try {
            text = ShellText.pipeline(p, c -> mapping.rewrite(this, c, null, notes));
        } catch (UncheckedIOException e) {
            return Outcome.fail(1, e.getCause().getMessage() + "\n", notes);
        }
        String announce = "[" + number + "] ";
        String script = "cd " + Exec.quote(host.cwd()) + " 2>/dev/null || cd \"$HOME\"\n"
                + "printf '" + announce + "%s\\n' \"$$\" >&2\n"
                // its stdout is a pipe here, not the terminal's tty: line-buffered as on a tty, so
                // a background tcpdump's lines come as frames pass, not when it ends
                + "exec stdbuf -oL bash -c " + Exec.quote(text) + " < /dev/null\n";
        HostProcess running;
        try {
            running = host.startLabLine(script, host.variables(), null);
        } catch (IOException e) {
            throw new BackendException("cannot start a job on " + host.name() + ": " + e.getMessage(), e);
        }
        // bash's notice first (the command's own stderr), then whatever the job prints, to the terminal
        StringBuilder first = new StringBuilder();
        StringBuilder seen = new StringBuilder();
        java.util.concurrent.CountDownLatch announced = new java.util.concurrent.CountDownLatch(1);
        running.watch(chunk -> {
            synchronized (seen) {
                seen.append(chunk);
            }
            if (announced.getCount() > 0) {
                first.append(chunk);
                int nl = first.indexOf("\n");
                if (nl < 0) {
                    return;
                }
                String rest = first.substring(nl + 1);
                first.setLength(nl + 1);
                toTerminal(first.indexOf(announce) == 0 ? first.toString() : announce + "\n");
                announced.countDown();
                if (!rest.isEmpty()) {
                    toTerminal(rest);
                }
                return;
            }
            toTerminal(chunk);
        });
        try {
            announced.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // what it prints as it starts (tcpdump's "listening on") belongs to this command, as on a
        // terminal where it shows before the next prompt
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        boolean tcpdump = text.contains("tcpdump");
        while (running.alive() && System.nanoTime() < until) {
            synchronized (seen) {
                if (!tcpdump || seen.indexOf("listening on") >= 0 && seen.charAt(seen.length() - 1) == '\n') {
                    break;
                }
            }
            HostDaemons.sleep(20);
        }
        if (!tcpdump) {
            HostDaemons.sleep(100);
        }
        jobs.add(new TerminalJob(number, jobText(p), running));
        return new Outcome(0, "", "", List.of());
    }

    /** The job's words as typed, as bash shows them in its notices. */
    private static String jobText(Pipeline p) {
        List<String> parts = new ArrayList<>();
        for (SimpleCommand c : p.commands()) {
            parts.add(String.join(" ", c.words().stream().map(Word::source).toList()));
        }
        return String.join(" | ", parts);
    }

    /** `kill %N`: bash's builtin ends a job of this terminal (Ctrl-C's signal, so tcpdump prints its counters). */
    private Outcome jobSpecKill(Pipeline p) {
        if (p.commands().size() != 1) {
            return null;
        }
        List<Word> words = p.commands().get(0).words();
        if (words.size() < 2 || !words.get(0).source().equals("kill")
                || words.subList(1, words.size()).stream().noneMatch(w -> w.source().startsWith("%"))) {
            return null;
        }
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (Word w : words.subList(1, words.size())) {
            String spec = w.source();
            if (spec.startsWith("-")) {
                continue;
            }
            TerminalJob j = jobs.stream().filter(x -> x.process().alive())
                    .filter(x -> spec.equals("%" + x.number()) || ((spec.equals("%%") || spec.equals("%+")) && x == jobs.get(jobs.size() - 1)))
                    .findFirst().orElse(null);
            if (j == null) {
                err.append("bash: kill: ").append(spec).append(": no such job\n");
                exit = 1;
                continue;
            }
            j.process().interrupt();
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (j.process().alive() && System.nanoTime() < until) {
                HostDaemons.sleep(20);
            }
            if (j.process().alive()) {
                j.process().kill();
            }
            // let the last of its output reach the terminal before the notice
            HostDaemons.sleep(100);
        }
        return new Outcome(exit, "", err.toString(), List.of());
    }

    private void toTerminal(String text) {
        synchronized (jobs) {
            if (terminal != null) {
                terminal.accept(text);
            } else {
                unseen.append(text);
            }
        }
    }

    private void attachTerminal(StringBuilder out, LiveOutput live) {
        synchronized (jobs) {
            terminal = text -> {
                synchronized (out) {
                    out.append(text);
                }
                live.write(text);
            };
            if (!unseen.isEmpty()) {
                terminal.accept(unseen.toString());
                unseen.setLength(0);
            }
        }
    }

    /** The command ended: bash's notice for each job that ended meanwhile, as it prints before the next prompt. */
    private void detachTerminal(StringBuilder out, LiveOutput live) {
        synchronized (jobs) {
            List<TerminalJob> ended = jobs.stream().filter(j -> !j.process().alive()).toList();
            for (TerminalJob j : ended) {
                int exit = j.process().await(Duration.ofMillis(200)).exit();
                int i = jobs.indexOf(j);
                char mark = i == jobs.size() - 1 ? '+' : i == jobs.size() - 2 ? '-' : ' ';
                String notice = String.format("[%d]%c  %-24s%s%n", j.number(), mark,
                        exit == 0 ? "Done" : "Exit " + exit, j.text());
                terminal.accept(notice);
            }
            jobs.removeAll(ended);
            terminal = null;
        }
    }

    /** The jobs still running, killed: the lab is ending. */
    public void endJobs() {
        synchronized (jobs) {
            jobs.forEach(j -> j.process().kill());
            jobs.clear();
        }
    }

    private Outcome runPipeline(Pipeline p, boolean background, Duration stopAfter, Duration deadline, LiveOutput live)
            throws BackendException {
        if (p.commands().size() == 1) {
            SimpleCommand c = p.commands().get(0);
            Invocation inv = invocation(c, background, stopAfter);
            if (inv != null) {
                Handler h = mapping.handlerFor(inv);
                if (h != null) {
                    try {
                        Outcome o = h.handle(this, inv);
                        if (o != null) {
                            live.write(o.stdout() + o.stderr());
                            return o;
                        }
                    } catch (IOException e) {
                        live.write(e.getMessage() + "\n");
                        return Outcome.fail(1, e.getMessage() + "\n", List.of());
                    }
                }
            }
        }
        List<String> notes = new ArrayList<>();
        String text;
        try {
            text = ShellText.pipeline(p, c -> mapping.rewrite(this, c, stopAfter, notes));
        } catch (UncheckedIOException e) {
            return Outcome.fail(1, e.getCause().getMessage() + "\n", notes);
        }
        Duration interruptAfter = mapping.needsInnerInterrupt(p, stopAfter) ? stopAfter.plusSeconds(4) : stopAfter;
        Outcome o = bash(text, background, interruptAfter, deadline, live);
        List<String> all = new ArrayList<>(notes);
        all.addAll(o.notes());
        return new Outcome(o.exit(), o.stdout(), o.stderr(), all);
    }

    /** An I/O problem met while mapping a command inside a word-rewriting callback. */
    public static final class UncheckedIOException extends RuntimeException {
        public UncheckedIOException(IOException cause) {
            super(cause);
        }
    }

    /** The program, expanded arguments and prefixes of a simple command; null for a bare assignment. */
    Invocation invocation(SimpleCommand c, boolean background, Duration stopAfter) {
        int idx = Programs.indexOfProgram(c.words());
        if (idx < 0) {
            return null;
        }
        Function<String, String> env = lookup();
        Map<String, String> assignments = new LinkedHashMap<>();
        for (ShellScript.Assignment a : c.assignments()) {
            assignments.put(a.name(), a.value().expandToOne(env));
        }
        List<String> wrappers = new ArrayList<>();
        for (int i = 0; i < idx; i++) {
            String w = c.words().get(i).literal();
            wrappers.add(w);
            int eq = w.indexOf('=');
            if (eq > 0 && !w.startsWith("-")) {
                assignments.put(w.substring(0, eq), w.substring(eq + 1));
            }
        }
        String programWord = c.words().get(idx).expandToOne(env);
        List<String> args = new ArrayList<>();
        for (int i = idx + 1; i < c.words().size(); i++) {
            args.addAll(c.words().get(i).expand(env));
        }
        return new Invocation(KnownPrograms.baseName(programWord), programWord, args, assignments, wrappers,
                background, stopAfter, c);
    }

    Function<String, String> lookup() {
        Map<String, String> vars = host.variables();
        Map<String, String> base = host.baseEnvironment();
        return name -> vars.containsKey(name) ? vars.get(name) : base.get(name);
    }

    /** Expands one word against the host's shell state, for rewrites that keep the rest as written. */
    public String expand(Word w) {
        return w.expandToOne(lookup());
    }

    // ------------------------------------------------------------------ bash inside the host

    private String stateFile() {
        return host.shellStateFile();
    }

    /** The line's text, then the shell state it leaves (working directory, variables) written to the state file. */
    private String wrap(String text) {
        String state = stateFile();
        return "rm -f " + Exec.quote(state) + "\n"
                + "cd " + Exec.quote(host.cwd()) + " 2>/dev/null || cd \"$HOME\"\n"
                + text
                + "__ol_status=$?\n"
                + "{ printf '%s\\0' \"$PWD\"; for __ol_v in $(compgen -v); do printf '%s=%s\\0' \"$__ol_v\" \"${!__ol_v}\"; done; } > "
                + Exec.quote(state) + " 2>/dev/null\n"
                + "exit $__ol_status\n";
    }

    /** {@link #bash} for handlers, whose failures are I/O problems. */
    public Outcome bashForHandler(String text, Duration deadline) throws IOException {
        try {
            return bash(text, false, null, deadline);
        } catch (BackendException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public Outcome bash(String text, boolean background, Duration stopAfter, Duration deadline) throws BackendException {
        return bash(text, background, stopAfter, deadline, LiveOutput.NONE);
    }

    private Outcome bash(String text, boolean background, Duration stopAfter, Duration deadline, LiveOutput live)
            throws BackendException {
        try {
            if (background) {
                String log = host.logFile("background");
                String script = "cd " + Exec.quote(host.cwd()) + " 2>/dev/null || cd \"$HOME\"\n( " + text.strip()
                        + "\n) >> " + Exec.quote(log) + " 2>&1 < /dev/null &\n";
                Exec.Result r = host.startLabLine(script, host.variables(), null).await(Duration.ofSeconds(10));
                live.write(r.stdout() + r.stderr());
                return new Outcome(r.exit(), r.stdout(), r.stderr(), List.of());
            }
            HostProcess running = host.startLabLine(wrap(text), host.variables(), null);
            Exec.Result r;
            if (live == LiveOutput.NONE) {
                r = stopAfter == null ? running.await(deadline) : running.awaitInterruptingAfter(stopAfter, deadline);
            } else {
                running.watch(live::write);
                r = awaitWatching(running, live, stopAfter, deadline);
            }
            readState();
            String err = r.stderr();
            if (r.timedOut()) {
                err += (err.isEmpty() || err.endsWith("\n") ? "" : "\n") + "overlaylab: stopped after "
                        + deadline.toSeconds() + " s without an answer\n";
                return new Outcome(124, r.stdout(), err, List.of());
            }
            return new Outcome(r.exit(), r.stdout(), err, List.of());
        } catch (IOException e) {
            throw new BackendException("cannot run a command on " + host.name() + ": " + e.getMessage(), e);
        }
    }

    /** Waits for a line someone watches: Ctrl-C when they press it (or after stopAfter), killed 3 s later or past the deadline. */
    private static Exec.Result awaitWatching(HostProcess running, LiveOutput live, Duration stopAfter, Duration deadline) {
        long t0 = System.nanoTime();
        long interruptedAt = -1;
        while (running.alive()) {
            long now = System.nanoTime();
            if (interruptedAt < 0 && (live.interrupted() || (stopAfter != null && now - t0 >= stopAfter.toNanos()))) {
                running.interrupt();
                interruptedAt = now;
            }
            if (interruptedAt >= 0 && now - interruptedAt > Duration.ofSeconds(3).toNanos()) {
                running.kill();
                break;
            }
            if (deadline != null && now - t0 >= deadline.toNanos()) {
                break;
            }
            HostDaemons.sleep(20);
        }
        return running.await(Duration.ofMillis(500));
    }

    private void readState() {
        try {
            String[] parts = host.readFile(stateFile()).split("\0");
            if (parts.length == 0 || parts[0].isEmpty()) {
                return;
            }
            host.setCwd(parts[0]);
            Map<String, String> vars = new LinkedHashMap<>();
            Set<String> base = host.baseEnvironment().keySet();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = parts[i].substring(0, eq);
                if (!BASH_OWN.matcher(name).matches() && !base.contains(name)) {
                    vars.put(name, parts[i].substring(eq + 1));
                }
            }
            host.setVariables(vars);
        } catch (IOException ignored) {
            // no state written (the line was killed): the shell state stays as it was
        }
    }

    // ------------------------------------------------------------------ background commands

    public BackgroundCommand startBackground(CommandRequest request, Duration deadline) throws BackendException {
        host.requireReachable();
        ShellScript script;
        try {
            script = ShellParser.parse(request.line());
        } catch (ShellSyntaxException e) {
            CommandResult r = new CommandResult(2, "", "bash: " + e.getMessage() + "\n", List.of(), Duration.ZERO);
            return finished(request, r);
        }
        boolean plain = script.jobs().size() == 1 && script.jobs().get(0).pipelines().size() == 1
                && script.jobs().get(0).pipelines().get(0).commands().size() >= 1;
        if (plain) {
            Pipeline p = script.jobs().get(0).pipelines().get(0);
            Invocation inv = p.commands().size() == 1 ? invocation(p.commands().get(0), false, null) : null;
            if (inv == null || mapping.handlerFor(inv) == null) {
                List<String> notes = new ArrayList<>();
                String text = ShellText.pipeline(p, c -> mapping.rewrite(this, c, null, notes));
                try {
                    HostProcess running = host.startLabLine(wrap(text), host.variables(), null);
                    awaitListening(running);
                    return new BackgroundCommand() {
                        @Override
                        public CommandRequest request() {
                            return request;
                        }

                        @Override
                        public CommandResult stop() {
                            running.interrupt();
                            Exec.Result r = running.await(Duration.ofSeconds(5));
                            readState();
                            return new CommandResult(r.exit(), r.stdout(), r.stderr(), notes, r.elapsed());
                        }
                    };
                } catch (IOException e) {
                    throw new BackendException("cannot start a command on " + host.name() + ": " + e.getMessage(), e);
                }
            }
        }
        return finished(request, run(request.line(), request.stopAfter(), deadline));
    }

    /** tcpdump says "listening on" once it captures; other programs get a moment to start. */
    private static void awaitListening(HostProcess running) {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until && running.alive()) {
            String err = running.stderrSoFar();
            if (err.contains("listening on")) {
                return;
            }
            HostDaemons.sleep(30);
        }
    }

    private static BackgroundCommand finished(CommandRequest request, CommandResult result) {
        return new BackgroundCommand() {
            @Override
            public CommandRequest request() {
                return request;
            }

            @Override
            public CommandResult stop() {
                return result;
            }
        };
    }

    // ------------------------------------------------------------------ downloads that did not happen

    /** Remembers a file the tutorial downloads, which the backend did not fetch; what replaces it. */
    void recordDownload(String path, String replacement) {
        virtualDownloads.put(path, replacement);
    }

    boolean isVirtualDownload(String path) {
        if (virtualDownloads.containsKey(path)) {
            return true;
        }
        String base = KnownPrograms.baseName(path);
        return virtualDownloads.keySet().stream().anyMatch(k -> KnownPrograms.baseName(k).equals(base));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
