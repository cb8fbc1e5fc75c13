/*
 * Runs command lines on a simulated host the way an interactive bash would: expansions from the
 * host's shell variables, sudo/nohup/env wrappers, pipelines, '&&'/'||', redirections and
 * here-documents, background jobs announced as "[1] 2345", programs found through PATH in the
 * host's file system. Inside containers the same machinery runs the image's userland.
 */
package org.overlaylab.simulator.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.overlaylab.model.shell.Programs;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellScript;
import org.overlaylab.model.shell.ShellScript.Redirect;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellSyntaxException;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.shell.Invocation.Mode;
import org.overlaylab.simulator.shell.Invocation.Userland;
import org.overlaylab.simulator.world.Packages;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualFs;

public final class Shell {
    /** Programs a busybox image has (as applets) and a CentOS 7 base image has. */
    private static final Set<String> BUSYBOX = Set.of("ping", "ifconfig", "ip", "route", "cat", "hostname", "sh",
            "sleep", "echo", "ls", "true", "nslookup", "arp", "netstat", "wget", "ps", "grep", "head", "tail", "wc", "sort",
            "awk", "traceroute", "kill", "sysctl");
    private static final Set<String> CENTOS = Set.of("ping", "ip", "cat", "hostname", "bash", "sh", "sleep", "echo", "ls",
            "true", "ps", "grep", "head", "tail", "wc", "sort", "awk", "kill");

    private final SimWorld world;
    private final ProgramRegistry programs;

    public Shell(SimWorld world, ProgramRegistry programs) {
        this.world = world;
        this.programs = programs;
    }

    /** What a command line printed (both streams, in the order written) and how it ended. */
    public record Outcome(int status, List<Streams.Chunk> chunks, List<String> notes, boolean relayed) {
        public Outcome {
            chunks = List.copyOf(chunks);
            notes = List.copyOf(notes);
        }

        public Outcome(int status, List<Streams.Chunk> chunks, List<String> notes) {
            this(status, chunks, notes, false);
        }

        public String stdout() {
            return join(false);
        }

        public String stderr() {
            return join(true);
        }

        /** Both streams as the terminal showed them. */
        public String terminal() {
            StringBuilder sb = new StringBuilder();
            chunks.forEach(c -> sb.append(c.text()));
            return sb.toString();
        }

        private String join(boolean error) {
            StringBuilder sb = new StringBuilder();
            chunks.stream().filter(c -> c.error() == error).forEach(c -> sb.append(c.text()));
            return sb.toString();
        }

        /**
         * Prints this outcome into a program's streams, in order: for shells run inside a program. An
         * outcome relayed into them while it ran adds only its notes.
         */
        public void replayInto(Invocation inv) {
            if (!relayed) {
                for (Streams.Chunk c : chunks) {
                    (c.error() ? inv.err : inv.out).append(c.text());
                }
            }
            inv.notes.addAll(notes);
        }
    }

    /**
     * Where a file descriptor goes while a command runs: the terminal's output (or the pipe to the
     * next command), the terminal's error stream, /dev/null or a file.
     */
    private record Target(String file, boolean append) {
        static final Target TERMINAL = new Target(null, false);
        static final Target ERRORS = new Target(null, true);
        static final Target NULL = new Target("/dev/null", false);
    }

    /** The context a script runs in: a host's terminal, or a container reached with docker exec. */
    /**
     * Where a line runs. `script` marks a line a container's own shell runs (`sh -c`): a program the
     * image lacks is then the shell's "not found", where a line docker exec starts directly fails in
     * the runtime.
     */
    public record Context(SimHost host, NetNs ns, Userland userland, String container, Map<String, String> variables,
                         boolean root, boolean script) {
        public Context(SimHost host, NetNs ns, Userland userland, String container, Map<String, String> variables,
                       boolean root) {
            this(host, ns, userland, container, variables, root, false);
        }
    }

    public Outcome runOnHost(SimHost host, String line, Mode mode, Long stopAfterNanos) {
        return runOnHost(host, line, mode, stopAfterNanos, null);
    }

    /** Runs a line typed on a host's terminal; `live` (or null) sees each piece of output as it is written. */
    public Outcome runOnHost(SimHost host, String line, Mode mode, Long stopAfterNanos, Consumer<Streams.Chunk> live) {
        Context ctx = new Context(host, host.root(), Userland.HOST, null, host.shell().variables(), false);
        return run(ctx, line, mode, stopAfterNanos, live);
    }

    public Outcome run(Context ctx, String line, Mode mode, Long stopAfterNanos) {
        return run(ctx, line, mode, stopAfterNanos, null);
    }

    /** Runs a script inside a program (docker exec, sh -c, ip netns exec), its output written into the program's as it comes. */
    public Outcome runInside(Context ctx, String line, Invocation inv) {
        return run(ctx, line, inv.mode, inv.stopAfterNanos,
                c -> (c.error() ? inv.err : inv.out).append(c.text()));
    }

    /** Runs a script; `relay` (or null) receives each piece of output as it is written. */
    public Outcome run(Context ctx, String line, Mode mode, Long stopAfterNanos, Consumer<Streams.Chunk> relay) {
        ShellScript script;
        try {
            script = ShellParser.parse(line);
        } catch (ShellSyntaxException e) {
            String sh = ctx.userland() == Userland.HOST ? "bash" : "sh";
            Streams.Chunk message = new Streams.Chunk(true, sh + ": " + e.getMessage() + "\n");
            if (relay != null) {
                relay.accept(message);
            }
            return new Outcome(2, List.of(message), List.of(), relay != null);
        }
        Streams terminal = new Streams();
        terminal.listen(relay);
        Streams.Stream out = terminal.out;
        Streams.Stream err = terminal.err;
        List<String> notes = new ArrayList<>();
        int status = 0;
        boolean hostTerminal = ctx.userland() == Userland.HOST && ctx.container() == null && !ctx.script();
        Runnable detach = hostTerminal ? ctx.host().shell().attach(t -> out.append(t)) : () -> { };
        try {
            for (ShellScript.Job job : script.jobs()) {
                if (world.interrupted()) {
                    break;
                }
                if (job.background() && ctx.userland() == Userland.HOST) {
                    int jobNo = ctx.host().shell().nextJob();
                    int pid = ctx.host().peekNextPid();
                    err.append('[').append(jobNo).append("] ").append(pid).append('\n');
                    ctx.host().shell().starting(jobNo, pid, jobText(job));
                    try {
                        runJob(ctx, job, Mode.BACKGROUND_JOB, stopAfterNanos, out, err, notes);
                    } finally {
                        ctx.host().shell().started();
                    }
                    if (ctx.host().peekNextPid() == pid) {
                        // the job's process holds the pid bash printed, whatever program it ran
                        ctx.host().nextPid();
                    }
                    status = 0;
                } else {
                    status = runJob(ctx, job, job.background() ? Mode.BACKGROUND_JOB : mode, stopAfterNanos, out, err, notes);
                }
                ctx.host().shell().setLastStatus(status);
            }
        } finally {
            detach.run();
        }
        return new Outcome(status, terminal.chunks(), notes, relay != null);
    }

    /** A job's text as bash shows it in its notices: the words as typed, without the '&'. */
    private static String jobText(ShellScript.Job job) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < job.pipelines().size(); i++) {
            if (i > 0) {
                sb.append(' ').append(job.operators().get(i - 1)).append(' ');
            }
            List<SimpleCommand> cmds = job.pipelines().get(i).commands();
            for (int c = 0; c < cmds.size(); c++) {
                if (c > 0) {
                    sb.append(" | ");
                }
                sb.append(String.join(" ", cmds.get(c).words().stream().map(ShellScript.Word::source).toList()));
            }
        }
        return sb.toString();
    }

    private int runJob(Context ctx, ShellScript.Job job, Mode mode, Long stopAfter, Streams.Stream out,
                       Streams.Stream err, List<String> notes) {
        int status = runPipeline(ctx, job.pipelines().get(0), mode, stopAfter, out, err, notes);
        for (int i = 1; i < job.pipelines().size(); i++) {
            String op = job.operators().get(i - 1);
            if (world.interrupted()) {
                break;
            }
            if ((op.equals("&&") && status != 0) || (op.equals("||") && status == 0)) {
                continue;
            }
            status = runPipeline(ctx, job.pipelines().get(i), mode, stopAfter, out, err, notes);
        }
        return status;
    }

    private int runPipeline(Context ctx, ShellScript.Pipeline pipeline, Mode mode, Long stopAfter, Streams.Stream out,
                            Streams.Stream err, List<String> notes) {
        String input = null;
        int status = 0;
        List<SimpleCommand> cmds = pipeline.commands();
        for (int i = 0; i < cmds.size(); i++) {
            boolean last = i == cmds.size() - 1;
            Streams.Stream pipeOut = last ? out : new Streams().out;
            status = runSimple(ctx, cmds.get(i), input, mode, stopAfter, pipeOut, err, notes);
            input = last ? null : pipeOut.toString();
        }
        return status;
    }

    private int runSimple(Context ctx, SimpleCommand cmd, String pipedInput, Mode mode, Long stopAfter,
                          Streams.Stream out, Streams.Stream err, List<String> notes) {
        SimHost host = ctx.host();
        Map<String, String> vars = ctx.variables();
        List<String> words = new ArrayList<>();
        for (ShellScript.Word w : cmd.words()) {
            words.addAll(w.expand(n -> lookup(ctx, n)));
        }
        Map<String, String> commandEnv = new LinkedHashMap<>();
        for (ShellScript.Assignment a : cmd.assignments()) {
            commandEnv.put(a.name(), a.value().expandToOne(n -> lookup(ctx, n)));
        }
        if (words.isEmpty()) {
            vars.putAll(commandEnv);
            return 0;
        }
        // redirections
        String stdin = pipedInput;
        Target stdoutTarget = Target.TERMINAL;
        Target stderrTarget = Target.ERRORS;
        VirtualFs fs = host.fs();
        for (Redirect r : cmd.redirects()) {
            String op = r.operator();
            if (op.startsWith("<<")) {
                String body = r.heredoc();
                if (r.heredocExpands()) {
                    body = expandText(ctx, body);
                }
                stdin = body;
            } else if (op.equals("<")) {
                String path = VirtualFs.normalize(host.shell().cwd(), r.target().expandToOne(n -> lookup(ctx, n)));
                String content = fs.read(path);
                if (content == null) {
                    err.append(shellName(ctx)).append(": ").append(r.target().literal())
                            .append(": No such file or directory\n");
                    return 1;
                }
                stdin = content;
            } else if (op.equals(">&")) {
                Target dup = r.dupFd() == 1 ? stdoutTarget : stderrTarget;
                if (r.fd() == 2) {
                    stderrTarget = dup;
                } else {
                    stdoutTarget = dup;
                }
            } else if (op.equals(">") || op.equals(">>")) {
                String target = r.target().expandToOne(n -> lookup(ctx, n));
                Target t = target.equals("/dev/null") ? Target.NULL
                        : new Target(VirtualFs.normalize(host.shell().cwd(), target), op.equals(">>"));
                if (r.fd() == 2) {
                    stderrTarget = t;
                } else {
                    stdoutTarget = t;
                }
            }
        }
        for (Target t : List.of(stdoutTarget, stderrTarget)) {
            if (t.file() != null && t != Target.NULL && !t.append()) {
                fs.write(t.file(), "");
            }
        }
        // wrappers: sudo, nohup, env
        boolean root = ctx.root();
        int p = 0;
        boolean nohup = false;
        while (p < words.size()) {
            String w = words.get(p);
            if (w.equals("sudo") && ctx.userland() == Userland.HOST) {
                root = true;
                p++;
                while (p < words.size() && (words.get(p).startsWith("-") || Programs.isAssignment(words.get(p)))) {
                    String opt = words.get(p++);
                    if (Programs.isAssignment(opt)) {
                        int eq = opt.indexOf('=');
                        commandEnv.put(opt.substring(0, eq), opt.substring(eq + 1));
                    } else if ((opt.equals("-u") || opt.equals("-g")) && p < words.size()) {
                        p++;
                    }
                }
            } else if (w.equals("nohup") && ctx.userland() == Userland.HOST) {
                nohup = true;
                p++;
            } else if (w.equals("env")) {
                p++;
                while (p < words.size() && Programs.isAssignment(words.get(p))) {
                    String a = words.get(p++);
                    int eq = a.indexOf('=');
                    commandEnv.put(a.substring(0, eq), a.substring(eq + 1));
                }
            } else if (w.equals("time") || w.equals("exec")) {
                p++;
            } else {
                break;
            }
        }
        if (p >= words.size()) {
            return 0;
        }
        List<String> args = new ArrayList<>(words.subList(p, words.size()));
        if (nohup) {
            if (stdoutTarget == Target.TERMINAL) {
                err.append("nohup: ignoring input and appending output to 'nohup.out'\n");
                stdoutTarget = new Target(VirtualFs.normalize(host.shell().cwd(), "nohup.out"), true);
                if (stderrTarget == Target.ERRORS) {
                    stderrTarget = stdoutTarget;
                }
            } else {
                err.append("nohup: ignoring input\n");
            }
        }
        Map<String, String> env = new LinkedHashMap<>(vars);
        env.putAll(commandEnv);

        Streams printed = new Streams();
        Target toOut = stdoutTarget;
        Target toErr = stderrTarget;
        printed.listen(c -> deliver(fs, c.error() ? toErr : toOut, c.text(), out, err));
        return dispatch(ctx, args, env, stdin, root, mode, stopAfter, printed.out, printed.err, notes,
                root != ctx.root());
    }

    private static void deliver(VirtualFs fs, Target target, String text, Streams.Stream out, Streams.Stream err) {
        if (target == Target.TERMINAL) {
            out.append(text);
        } else if (target == Target.ERRORS) {
            err.append(text);
        } else if (target != Target.NULL && target.file() != null) {
            fs.append(target.file(), text);
        }
    }

    private int dispatch(Context ctx, List<String> args, Map<String, String> env, String stdin, boolean root, Mode mode,
                         Long stopAfter, Streams.Stream out, Streams.Stream err, List<String> notes, boolean viaSudo) {
        String name = args.get(0);
        SimHost host = ctx.host();
        // builtins of the shell itself
        switch (name) {
            case "cd" -> {
                return builtinCd(ctx, args, err);
            }
            case "source", "." -> {
                return builtinSource(ctx, args, err);
            }
            case "export" -> {
                for (String a : args.subList(1, args.size())) {
                    int eq = a.indexOf('=');
                    if (eq > 0) {
                        ctx.variables().put(a.substring(0, eq), a.substring(eq + 1));
                    }
                }
                return 0;
            }
            default -> { }
        }
        String programName;
        if (ctx.userland() == Userland.HOST) {
            String resolved = resolveOnHost(host, name);
            if (resolved == null && !name.contains("/") && programs.find(name) instanceof NotSimulated stub) {
                // a known program the simulated VM does not have: say it is not modelled, not that it is missing
                return printStub(stub, err);
            }
            if (resolved == null) {
                if (name.contains("/")) {
                    String path = VirtualFs.normalize(host.shell().cwd(), name);
                    if (host.fs().isFile(path) && !host.fs().file(path).executable()) {
                        err.append(viaSudo ? "sudo: " + name + ": command not found\n" : "bash: " + name + ": Permission denied\n");
                        return viaSudo ? 1 : 126;
                    }
                    err.append(viaSudo ? "sudo: " + name + ": command not found\n"
                            : "bash: " + name + ": No such file or directory\n");
                    return viaSudo ? 1 : 127;
                }
                err.append(viaSudo ? "sudo: " + name + ": command not found\n" : name + ": command not found\n");
                return viaSudo ? 1 : 127;
            }
            programName = resolved;
        } else {
            String base = name.substring(name.lastIndexOf('/') + 1);
            Set<String> have = ctx.userland() == Userland.BUSYBOX ? BUSYBOX : CENTOS;
            if (!have.contains(base)) {
                if (ctx.script()) {
                    // busybox's ash and CentOS's bash (run as sh) word it differently
                    err.append(ctx.userland() == Userland.BUSYBOX ? "sh: " + name + ": not found\n"
                            : "sh: " + name + ": command not found\n");
                    return 127;
                }
                return -127;
            }
            programName = base.equals("bash") ? "sh" : base;
        }
        Program program = programs.find(programName);
        if (program == null) {
            err.append(name).append(": command not found\n");
            return 127;
        }
        Invocation inv = new Invocation(world, host, ctx.ns(), args, env, stdin, root, mode, stopAfter,
                ctx.userland(), ctx.container());
        inv.streams.listen(c -> (c.error() ? err : out).append(c.text()));
        int status = program.run(inv);
        notes.addAll(inv.notes);
        world.settle();
        return status;
    }

    private static int printStub(NotSimulated stub, Streams.Stream err) {
        err.append(org.overlaylab.model.lab.KnownPrograms.notSimulated(stub.name())).append('\n');
        return 1;
    }

    /** The simulated program a command name runs on the host, looked up like bash does, or null. */
    public String resolveOnHost(SimHost host, String name) {
        VirtualFs fs = host.fs();
        if (name.contains("/")) {
            String path = VirtualFs.normalize(host.shell().cwd(), name);
            if (fs.isFile(path) && fs.file(path).executable()) {
                return fs.programOf(path);
            }
            return null;
        }
        for (String dir : Packages.PATH) {
            String path = dir + "/" + name;
            if (fs.isFile(path) && fs.file(path).executable()) {
                return fs.programOf(path);
            }
        }
        return null;
    }

    private int builtinCd(Context ctx, List<String> args, Streams.Stream err) {
        SimHost host = ctx.host();
        String target = args.size() > 1 ? args.get(1) : host.shell().get("HOME");
        String path = VirtualFs.normalize(host.shell().cwd(), target);
        if (!host.fs().isDirectory(path)) {
            err.append(shellName(ctx)).append(": cd: ").append(target).append(": No such file or directory\n");
            return 1;
        }
        host.shell().cd(path);
        return 0;
    }

    private int builtinSource(Context ctx, List<String> args, Streams.Stream err) {
        SimHost host = ctx.host();
        if (args.size() < 2) {
            err.append(shellName(ctx)).append(": source: filename argument required\n");
            return 2;
        }
        String path = VirtualFs.normalize(host.shell().cwd(), args.get(1));
        String content = host.fs().read(path);
        if (content == null) {
            err.append(shellName(ctx)).append(": ").append(args.get(1)).append(": No such file or directory\n");
            return 1;
        }
        for (String line : content.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("export ")) {
                t = t.substring(7).strip();
            }
            int eq = t.indexOf('=');
            if (eq > 0 && Programs.isAssignment(t)) {
                String value = t.substring(eq + 1);
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                ctx.variables().put(t.substring(0, eq), value);
            }
        }
        return 0;
    }

    private static String shellName(Context ctx) {
        return ctx.userland() == Userland.HOST ? "bash" : "sh";
    }

    private static String lookup(Context ctx, String name) {
        if (name.equals("?")) {
            return String.valueOf(ctx.host().shell().get("?"));
        }
        return ctx.variables().get(name);
    }

    /** Parameter expansion inside an unquoted here-document body. */
    private static String expandText(Context ctx, String body) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && (body.charAt(i + 1) == '$' || body.charAt(i + 1) == '\\')) {
                sb.append(body.charAt(++i));
            } else if (c == '$' && i + 1 < body.length()) {
                int j = i + 1;
                String name;
                if (body.charAt(j) == '{') {
                    int close = body.indexOf('}', j);
                    if (close < 0) {
                        sb.append(c);
                        continue;
                    }
                    name = body.substring(j + 1, close);
                    i = close;
                } else {
                    int k = j;
                    while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) {
                        k++;
                    }
                    if (k == j) {
                        sb.append(c);
                        continue;
                    }
                    name = body.substring(j, k);
                    i = k - 1;
                }
                String v = lookup(ctx, name);
                sb.append(v == null ? "" : v);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
