/*
 * What a lab file's command line may do, checked before anything runs. Lab files are shared like
 * documents and their commands run as root on the netns backend, so every program a line runs is
 * found (through sudo/nohup/env, $(...), `...`, <(...), >(...), sh -c and bash -c bodies,
 * `docker exec C ...`, `ip netns exec NS ...`) and must be a known program; every path the line
 * writes, sources or mounts must stay in the lab's folders; Docker options that reach the machine
 * are refused. The rules are listed in docs/lab-format.md ("What a lab command may do").
 */
package org.overlaylab.model.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.Redirect;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellScript.Substitution;
import org.overlaylab.model.shell.ShellScript.Word;

public final class LabCommandRules {

    /** Something a line may not do; `offset` is the character of the line it is about. */
    public record Refusal(int offset, String message) {}

    /**
     * Absolute folders that belong to the lab host itself: the netns backend binds a folder of
     * the lab over each of them inside the host's mount namespace (hosts/NETNS.md), and the ssh
     * backend's hosts are machines the user named for the lab.
     */
    public static final List<String> LAB_FOLDERS = List.of("/run/", "/var/run/", "/var/lib/", "/var/log/",
            "/etc/docker/", "/etc/openvswitch/");

    /** Devices a redirect may name. */
    public static final Set<String> HARMLESS_DEVICES = Set.of("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/zero",
            "/dev/urandom", "/dev/random");

    /** Where a known program is installed on a Debian or Ubuntu machine: /usr/bin/docker is docker. */
    public static final List<String> SYSTEM_BIN = List.of("/usr/local/sbin/", "/usr/local/bin/", "/usr/sbin/",
            "/usr/bin/", "/sbin/", "/bin/");

    /** The tutorial installs tools here (wget -O /usr/local/bin/calicoctl; chmod +x ...). */
    public static final String TOOL_FOLDER = "/usr/local/bin/";

    /** Capabilities that give a container the machine: refused in --cap-add. */
    public static final Set<String> HOST_CAPABILITIES = Set.of("ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO",
            "SYS_PTRACE", "SYS_BOOT", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_TIME", "MKNOD");

    /** Services `service`/`systemctl` may touch, and what they may do to them. */
    public static final Set<String> SERVICES = Set.of("docker", "docker.service", "openvswitch-switch", "etcd",
            "flanneld", "bird", "calico-node");
    public static final Set<String> SERVICE_ACTIONS = Set.of("start", "stop", "restart", "status", "reload",
            "is-active", "force-reload");

    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ash", "busybox");

    /**
     * The working folder of one lab host as commands change it with cd: how many folders below
     * the host's own working folder it is. A relative path that climbs above it is refused.
     */
    public static final class Folder {
        private int depth;

        public int depth() {
            return depth;
        }
    }

    private final List<Refusal> refusals = new ArrayList<>();
    /** Every program the line runs, found or refused, in order: what a person is asked to trust. */
    private final java.util.LinkedHashSet<String> programs = new java.util.LinkedHashSet<>();
    private final Folder folder;

    private LabCommandRules(Folder folder) {
        this.folder = folder;
    }

    /** Checks one lab command line; `folder` carries the host's working folder from line to line. */
    public static List<Refusal> check(String line, Folder folder) {
        LabCommandRules rules = new LabCommandRules(folder);
        rules.placeholdersOutsideQuotes(line);
        ShellScript script;
        try {
            script = ShellParser.parse(line);
        } catch (ShellSyntaxException e) {
            rules.refusals.add(new Refusal(e.offset(), "command: " + e.getMessage()));
            return rules.refusals;
        }
        rules.script(script, 0, 0);
        return rules.refusals;
    }

    public static List<Refusal> check(String line) {
        return check(line, new Folder());
    }

    /**
     * The programs a line runs, however deep (substitutions, sh -c, docker exec, ip netns exec),
     * as written (./etcdctl, /usr/bin/docker, rm); a line that does not parse gives none.
     */
    public static List<String> programs(String line) {
        LabCommandRules rules = new LabCommandRules(new Folder());
        try {
            rules.script(ShellParser.parse(line), 0, 0);
        } catch (ShellSyntaxException e) {
            return List.of();
        }
        return List.copyOf(rules.programs);
    }

    // ------------------------------------------------------------------ walk

    private void refuse(int offset, String message) {
        refusals.add(new Refusal(offset, message));
    }

    /** `base`: where the script's text starts in the line; `depth`: sh -c levels so far. */
    private void script(ShellScript script, int base, int depth) {
        for (ShellScript.Job job : script.jobs()) {
            for (Pipeline p : job.pipelines()) {
                for (SimpleCommand c : p.commands()) {
                    command(c, base, depth);
                }
            }
        }
    }

    /** Variables that change which program runs or what a shell reads first. */
    public static final Set<String> PROTECTED_VARIABLES = Set.of("PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT",
            "BASH_ENV", "ENV", "IFS", "PROMPT_COMMAND", "SHELLOPTS", "PS4");

    private void command(SimpleCommand c, int base, int depth) {
        for (ShellScript.Assignment a : c.assignments()) {
            substitutions(a.value(), depth);
            if (PROTECTED_VARIABLES.contains(a.name())) {
                refuse(base + a.value().offset() - a.name().length() - 1, "setting " + a.name()
                        + " changes which program runs; a lab may not set it");
            }
        }
        for (Word w : c.words()) {
            substitutions(w, depth);
        }
        for (Redirect r : c.redirects()) {
            redirect(r, base, depth);
        }
        invocation(c.words(), base, depth);
    }

    /** Every $(...), `...`, <(...) and >(...) in a word runs a script: check it too. */
    private void substitutions(Word w, int depth) {
        for (Substitution s : w.substitutions()) {
            script(s.script(), s.bodyOffset(), depth);
        }
    }

    private void redirect(Redirect r, int base, int depth) {
        if (r.operator().startsWith("<<")) {
            if (r.heredocExpands() && r.heredoc() != null) {
                // a here-document body has no place in the line's offsets: point at its delimiter
                int at = base + r.target().offset();
                try {
                    for (Substitution s : ShellParser.substitutionsInHeredoc(r.heredoc())) {
                        LabCommandRules inner = new LabCommandRules(folder);
                        inner.script(s.script(), 0, depth);
                        inner.refusals.forEach(x -> refuse(at, x.message() + " (in the here-document)"));
                    }
                } catch (ShellSyntaxException e) {
                    refuse(at, "here-document: " + e.getMessage());
                }
            }
            return;
        }
        if (r.operator().equals(">&") || r.operator().equals("<&")) {
            return;
        }
        substitutions(r.target(), depth);
        String why = pathProblem(r.target(), r.operator().startsWith(">"));
        if (why != null) {
            refuse(base + r.target().offset(), "redirect " + r.operator() + " " + r.target().source() + ": " + why);
        }
    }

    /** The words of a simple command: wrappers, then the program and what it does with its arguments. */
    private void invocation(List<Word> words, int base, int depth) {
        int i = Programs.indexOfProgram(words);
        if (i < 0) {
            return;
        }
        for (Word w : words.subList(0, i)) {
            environment(w, base);
        }
        Word programWord = words.get(i);
        String program = programName(programWord, base);
        if (program == null) {
            return;
        }
        List<Word> args = words.subList(i + 1, words.size());
        switch (program) {
            case "sh", "bash", "dash", "ash" -> shell(program, args, base, depth, base + programWord.offset());
            case "busybox" -> {
                if (!args.isEmpty() && SHELLS.contains(args.get(0).literal())) {
                    shell(args.get(0).literal(), args.subList(1, args.size()), base, depth, base + programWord.offset());
                } else if (!args.isEmpty()) {
                    invocation(args, base, depth);
                }
            }
            case "cd" -> cd(args, base);
            case "source", "." -> {
                if (!args.isEmpty()) {
                    pathArgument(args.get(0), base, false, "source");
                }
            }
            case "wget" -> wget(args, base);
            case "curl" -> curl(args, base);
            case "tar" -> tar(args, base);
            case "chmod" -> {
                Word mode = firstNonOption(args);
                for (Word a : args) {
                    if (!a.literal().startsWith("-") && a != mode) {
                        toolPath(a, base, "chmod");
                    }
                }
            }
            case "mkdir" -> {
                for (Word a : args) {
                    if (!a.literal().startsWith("-")) {
                        pathArgument(a, base, false, "mkdir");
                    }
                }
            }
            case "export" -> {
                for (Word a : args) {
                    environment(a, base);
                }
            }
            case "docker" -> docker(args, base, depth);
            case "dockerd" -> daemonOptions(args, base);
            case "ip" -> ip(args, base, depth);
            case "tcpdump" -> tcpdump(args, base);
            case "etcd" -> optionPaths(args, base, "etcd", Set.of("--data-dir", "--wal-dir"));
            case "flanneld" -> optionPaths(args, base, "flanneld", Set.of("-subnet-file", "--subnet-file"));
            case "service", "systemctl" -> service(program, args, base);
            case "apt-get" -> aptGet(args, base);
            default -> { }
        }
    }

    /** The program a word names, or null (and a refusal) when it is not one a lab may run. */
    private String programName(Word w, int base) {
        int at = base + w.offset();
        if (w.hasExpansion()) {
            programs.add(w.source());
            refuse(at, "the program '" + w.source() + "' depends on a variable or a substitution; write its name out");
            return null;
        }
        String path = w.literal();
        programs.add(path);
        String name = KnownPrograms.baseName(path);
        if (!KnownPrograms.isKnown(name) && !SHELLS.contains(name)) {
            refuse(at, "unknown command '" + name + "'; supported commands: " + String.join(", ", KnownPrograms.ALL.keySet()));
            return null;
        }
        if (path.indexOf('/') < 0) {
            return name;
        }
        if (path.startsWith("/")) {
            boolean clean = !hasDotSegment(path);
            boolean system = SYSTEM_BIN.stream().anyMatch(d -> path.equals(d + name));
            if (!clean || !system) {
                refuse(at, "runs " + path + ", outside the lab; a program is a bare name (" + name
                        + "), a path inside the lab's folder (./" + name + ") or a system one (/usr/bin/" + name + ")");
                return null;
            }
            return name;
        }
        String why = relativeProblem(path);
        if (why != null) {
            refuse(at, "runs " + path + ": " + why + "; a program is a bare name (" + name
                    + ") or a path inside the lab's folder (./" + name + ")");
            return null;
        }
        return name;
    }

    /** NAME=value given to sudo, env or export. */
    private void environment(Word w, int base) {
        String text = w.literal();
        int eq = text.indexOf('=');
        String name = eq > 0 ? text.substring(0, eq) : text;
        if (PROTECTED_VARIABLES.contains(name) && (eq > 0 || !text.startsWith("-"))) {
            refuse(base + w.offset(), "setting " + name + " changes which program runs; a lab may not set it");
        }
    }

    // ------------------------------------------------------------------ paths

    private static boolean hasDotSegment(String path) {
        for (String seg : path.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** Null when a relative path stays inside the working folder, else why not. */
    private String relativeProblem(String path) {
        if (path.startsWith("~")) {
            return "a home folder is outside the lab";
        }
        int d = folder.depth;
        for (String seg : path.split("/")) {
            if (seg.equals("..")) {
                d--;
                if (d < 0) {
                    return "'..' climbs out of the lab's folder";
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                d++;
            }
        }
        return null;
    }

    /** Null when a path a command names may be used, else why not. */
    private String pathProblem(Word w, boolean writes) {
        if (w.hasExpansion()) {
            return "the path depends on a variable or a substitution; write it out";
        }
        return pathProblem(w.literal(), writes, false);
    }

    private String pathProblem(String path, boolean writes, boolean toolInstall) {
        if (path.startsWith("/")) {
            if (HARMLESS_DEVICES.contains(path)) {
                return null;
            }
            if (hasDotSegment(path)) {
                return "'.' and '..' are not allowed in an absolute path";
            }
            if (LAB_FOLDERS.stream().anyMatch(path::startsWith)) {
                return null;
            }
            if (toolInstall && path.startsWith(TOOL_FOLDER) && path.indexOf('/', TOOL_FOLDER.length()) < 0
                    && KnownPrograms.isKnown(path.substring(TOOL_FOLDER.length()))) {
                return null;
            }
            return path + " is outside the lab's folders (relative paths, " + String.join(", ", LAB_FOLDERS) + ")";
        }
        String why = relativeProblem(path);
        if (why != null) {
            return why;
        }
        if (writes) {
            String name = KnownPrograms.baseName(path);
            if (KnownPrograms.isKnown(name) && !name.equals(".")) {
                return "a lab may not write a file named after a program (" + name + "): running it would run the lab's own text";
            }
        }
        return null;
    }

    private void pathArgument(Word w, int base, boolean writes, String what) {
        String why = pathProblem(w, writes);
        if (why != null) {
            refuse(base + w.offset(), what + " " + w.source() + ": " + why);
        }
    }

    private void toolPath(Word w, int base, String what) {
        String why = w.hasExpansion() ? "the path depends on a variable or a substitution; write it out"
                : pathProblem(w.literal(), false, true);
        if (why != null) {
            refuse(base + w.offset(), what + " " + w.source() + ": " + why);
        }
    }

    private static Word firstNonOption(List<Word> args) {
        for (Word a : args) {
            if (!a.literal().startsWith("-") || a.literal().matches("-[rwxXstugo,+=-]+")) {
                return a;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ programs

    private void shell(String name, List<Word> args, int base, int depth, int at) {
        int c = -1;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).literal();
            if (a.equals("-c")) {
                c = i;
                break;
            }
            if (!a.startsWith("-")) {
                break;
            }
        }
        if (c < 0 || c + 1 >= args.size()) {
            refuse(at, name + " may only run a command given with -c (a script file or standard input cannot be checked)");
            return;
        }
        Word body = args.get(c + 1);
        if (body.hasExpansion()) {
            refuse(base + body.offset(), "the " + name + " -c command depends on a variable or a substitution; write it out");
            return;
        }
        if (depth >= ShellParser.MAX_NESTING) {
            refuse(base + body.offset(), name + " -c nested more than " + ShellParser.MAX_NESTING + " deep");
            return;
        }
        // a body written in one pair of quotes maps back to the line exactly; otherwise point at the word
        String src = body.source();
        boolean oneQuoted = src.length() >= 2 && (src.charAt(0) == '\'' || src.charAt(0) == '"')
                && src.charAt(src.length() - 1) == src.charAt(0) && body.parts().size() == 1;
        int bodyBase = base + body.offset() + (oneQuoted ? 1 : 0);
        try {
            ShellScript inner = ShellParser.parse(body.literal());
            if (oneQuoted) {
                script(inner, bodyBase, depth + 1);
            } else {
                LabCommandRules sub = new LabCommandRules(folder);
                sub.script(inner, 0, depth + 1);
                sub.refusals.forEach(r -> refuse(bodyBase, r.message()));
            }
        } catch (ShellSyntaxException e) {
            refuse(bodyBase + (oneQuoted ? e.offset() : 0), name + " -c: " + e.getMessage());
        }
    }

    private void cd(List<Word> args, int base) {
        if (args.isEmpty()) {
            refuse(base, "cd without a folder goes to the home folder, outside the lab");
            return;
        }
        Word w = args.get(0);
        if (w.hasExpansion()) {
            refuse(base + w.offset(), "cd " + w.source() + ": the folder depends on a variable; write it out");
            return;
        }
        String path = w.literal();
        if (path.startsWith("/") || path.equals("-")) {
            refuse(base + w.offset(), "cd " + path + ": a lab changes folder only within its own folder (a relative path)");
            return;
        }
        String why = relativeProblem(path);
        if (why != null) {
            refuse(base + w.offset(), "cd " + path + ": " + why);
            return;
        }
        int d = folder.depth;
        for (String seg : path.split("/")) {
            if (seg.equals("..")) {
                d--;
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                d++;
            }
        }
        folder.depth = d;
    }

    /** Each option in `names` that takes a path, as `-o F`, `-oF`, `--opt=F` or `--opt F`. */
    private interface PathOption {
        void found(String option, Word value, String valueText, int offset);
    }

    private static void options(List<Word> args, Set<String> names, PathOption action) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).literal();
            for (String n : names) {
                if (a.equals(n) && i + 1 < args.size()) {
                    action.found(n, args.get(i + 1), args.get(i + 1).literal(), args.get(i + 1).offset());
                } else if (n.startsWith("--") && a.startsWith(n + "=")) {
                    action.found(n, args.get(i), a.substring(n.length() + 1), args.get(i).offset());
                } else if (!n.startsWith("--") && n.length() == 2 && a.startsWith(n) && a.length() > 2 && !a.startsWith("--")) {
                    action.found(n, args.get(i), a.substring(2), args.get(i).offset());
                } else if (n.startsWith("-") && !n.startsWith("--") && n.length() > 2 && a.startsWith(n + "=")) {
                    action.found(n, args.get(i), a.substring(n.length() + 1), args.get(i).offset());
                }
            }
        }
    }

    private void optionPaths(List<Word> args, int base, String program, Set<String> names) {
        options(args, names, (opt, w, value, off) -> {
            String why = w.hasExpansion() ? "the path depends on a variable; write it out" : pathProblem(value, true, false);
            if (why != null) {
                refuse(base + off, program + " " + opt + " " + value + ": " + why);
            }
        });
    }

    private void wget(List<Word> args, int base) {
        options(args, Set.of("-O", "--output-document"), (opt, w, value, off) -> {
            if (!value.equals("-")) {
                String why = w.hasExpansion() ? "the path depends on a variable; write it out" : pathProblem(value, false, true);
                if (why != null) {
                    refuse(base + off, "wget " + opt + " " + value + ": " + why);
                }
            }
        });
        optionPaths(args, base, "wget", Set.of("-o", "--output-file", "-a", "--append-output", "-P", "--directory-prefix"));
    }

    private void curl(List<Word> args, int base) {
        options(args, Set.of("-o", "--output"), (opt, w, value, off) -> {
            if (!value.equals("-")) {
                String why = w.hasExpansion() ? "the path depends on a variable; write it out" : pathProblem(value, false, true);
                if (why != null) {
                    refuse(base + off, "curl " + opt + " " + value + ": " + why);
                }
            }
        });
        optionPaths(args, base, "curl", Set.of("--output-dir", "-D", "--dump-header", "-c", "--cookie-jar", "--trace",
                "--trace-ascii", "--stderr", "-K", "--config"));
    }

    private void tar(List<Word> args, int base) {
        optionPaths(args, base, "tar", Set.of("-C", "--directory"));
        for (Word a : args) {
            String s = a.literal();
            if (s.equals("-P") || s.equals("--absolute-names") || (s.startsWith("-") && !s.startsWith("--") && s.indexOf('P') > 0)) {
                refuse(base + a.offset(), "tar " + s + " unpacks to absolute paths, outside the lab");
            }
            if (s.startsWith("--to-command") || s.startsWith("--use-compress-program") || s.startsWith("-I")
                    || s.startsWith("--checkpoint-action") || s.startsWith("--info-script") || s.startsWith("--new-volume-script")
                    || s.equals("-F")) {
                refuse(base + a.offset(), "tar " + s + " runs a program the lab names; not allowed");
            }
        }
    }

    private void tcpdump(List<Word> args, int base) {
        optionPaths(args, base, "tcpdump", Set.of("-w"));
        for (Word a : args) {
            if (a.literal().equals("-z")) {
                refuse(base + a.offset(), "tcpdump -z runs a program on each saved file; not allowed");
            }
        }
    }

    private void ip(List<Word> args, int base, int depth) {
        // ip [options] netns exec NAME PROGRAM ARGS...: the program is checked like any other
        int i = 0;
        while (i < args.size() && args.get(i).literal().startsWith("-")) {
            String o = args.get(i).literal();
            if (o.equals("-b") || o.equals("-batch") || o.equals("-force")) {
                refuse(base + args.get(i).offset(), "ip " + o + " reads commands from a file; write them as lab commands");
            }
            i++;
            if ((o.equals("-n") || o.equals("-netns") || o.equals("-f") || o.equals("-family")) && i < args.size()) {
                i++;
            }
        }
        String object = i < args.size() ? args.get(i).literal() : "";
        if (object.length() >= 3 && "netns".startsWith(object) && i + 3 < args.size()
                && args.get(i + 1).literal().equals("exec")) {
            invocation(args.subList(i + 3, args.size()), base, depth);
        }
    }

    private void service(String program, List<Word> args, int base) {
        List<Word> plain = args.stream().filter(w -> !w.literal().startsWith("-")).toList();
        if (plain.isEmpty()) {
            return;
        }
        String unit;
        String action;
        if (program.equals("service")) {
            unit = plain.get(0).literal();
            action = plain.size() > 1 ? plain.get(1).literal() : "status";
        } else {
            action = plain.get(0).literal();
            unit = plain.size() > 1 ? plain.get(1).literal() : "";
        }
        if (!SERVICE_ACTIONS.contains(action)) {
            refuse(base + plain.get(0).offset(), program + " " + action + ": a lab may only " + String.join(", ",
                    SERVICE_ACTIONS.stream().sorted().toList()) + " a service");
        } else if (!SERVICES.contains(unit)) {
            refuse(base + plain.get(program.equals("service") ? 0 : Math.min(1, plain.size() - 1)).offset(),
                    program + ": a lab may only manage " + String.join(", ", SERVICES.stream().sorted().toList())
                            + ", not '" + unit + "'");
        }
    }

    private void aptGet(List<Word> args, int base) {
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i).literal();
            if (s.equals("-o") || s.startsWith("-o") && s.length() > 2 && !s.startsWith("--") || s.startsWith("--option")
                    || s.equals("-c") || s.startsWith("--config-file")) {
                refuse(base + args.get(i).offset(), "apt-get " + s + " sets apt options, which can run programs; not allowed");
            }
        }
    }

    // ------------------------------------------------------------------ docker

    private static final Set<String> DOCKER_GLOBAL_WITH_VALUE = Set.of("-H", "--host", "--config", "-c", "--context",
            "-l", "--log-level", "--tlscacert", "--tlscert", "--tlskey");
    private static final Set<String> RUN_BOOLEAN = Set.of("--rm", "--privileged", "--init", "--detach", "--interactive",
            "--tty", "--read-only", "--publish-all", "--no-healthcheck", "--oom-kill-disable", "--disable-content-trust",
            "--help", "-d", "-i", "-t", "-P", "-q", "--quiet");

    private void docker(List<Word> args, int base, int depth) {
        int i = 0;
        while (i < args.size() && args.get(i).literal().startsWith("-")) {
            String o = args.get(i).literal();
            i++;
            if (DOCKER_GLOBAL_WITH_VALUE.contains(o) && i < args.size()) {
                if (o.equals("--config")) {
                    pathArgument(args.get(i), base, false, "docker --config");
                }
                i++;
            }
        }
        if (i >= args.size()) {
            return;
        }
        String sub = args.get(i).literal();
        i++;
        if ((sub.equals("container") || sub.equals("plugin") || sub.equals("image")) && i < args.size()) {
            if (sub.equals("plugin") && (args.get(i).literal().equals("install") || args.get(i).literal().equals("enable"))) {
                refuse(base + args.get(i).offset(), "docker plugin " + args.get(i).literal()
                        + ": a plugin runs with the machine's privileges; not allowed");
                return;
            }
            sub = args.get(i).literal();
            i++;
        }
        List<Word> rest = args.subList(i, args.size());
        switch (sub) {
            case "run", "create" -> containerOptions(rest, base, sub, false);
            case "exec" -> {
                int cmd = containerOptions(rest, base, sub, true);
                if (cmd >= 0 && cmd < rest.size()) {
                    invocation(rest.subList(cmd, rest.size()), base, depth);
                }
            }
            case "daemon" -> daemonOptions(rest, base);
            case "cp" -> {
                for (Word w : rest) {
                    String s = w.literal();
                    if (!s.startsWith("-") && !s.matches("[A-Za-z0-9][A-Za-z0-9_.-]*:.*")) {
                        pathArgument(w, base, true, "docker cp");
                    }
                }
            }
            case "save", "export" -> optionPaths(rest, base, "docker " + sub, Set.of("-o", "--output"));
            case "update" -> {
                for (Word w : rest) {
                    if (w.literal().startsWith("--device") || w.literal().startsWith("--cap-add")) {
                        refuse(base + w.offset(), "docker update " + w.literal() + " reaches the machine; not allowed");
                    }
                }
            }
            default -> { }
        }
    }

    /**
     * Checks `docker run/create/exec` options; returns the index in `args` of the word after the
     * image (run/create) or container (exec): where the command in the container starts.
     */
    private int containerOptions(List<Word> args, int base, String sub, boolean exec) {
        int i = 0;
        while (i < args.size()) {
            Word w = args.get(i);
            String a = w.literal();
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            String name = a;
            String value = null;
            Word valueWord = w;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (!a.startsWith("--") && a.length() > 2) {
                // -itd (flags together) or -v/host:/ctr written together
                String letters = a.substring(1);
                if (letters.chars().allMatch(ch -> "ditPq".indexOf(ch) >= 0)) {
                    i++;
                    continue;
                }
                name = a.substring(0, 2);
                value = a.substring(2).startsWith("=") ? a.substring(3) : a.substring(2);
            }
            i++;
            if (value == null && !RUN_BOOLEAN.contains(name)) {
                if (i < args.size()) {
                    valueWord = args.get(i);
                    value = valueWord.literal();
                    i++;
                } else {
                    value = "";
                }
            }
            containerOption(name, value, valueWord, base, sub);
        }
        // exec: the container's name, then its command; run/create: the image, then its command
        return i < args.size() ? i + 1 : -1;
    }

    private void containerOption(String name, String value, Word where, int base, String sub) {
        int at = base + where.offset();
        String v = value == null ? "" : value;
        String lower = v.toLowerCase(Locale.ROOT);
        String what = "docker " + sub + " " + name + (value == null ? "" : " " + v);
        switch (name) {
            case "--privileged" -> {
                if (value == null || !lower.equals("false")) {
                    refuse(at, what + ": a privileged container has every device and capability of the machine; not allowed");
                }
            }
            case "--pid", "--ipc", "--uts", "--userns", "--cgroupns" -> {
                if (lower.equals("host")) {
                    refuse(at, what + ": shares the machine's " + name.substring(2) + " namespace; not allowed");
                }
            }
            case "--net", "--network" -> {
                if (lower.equals("host")) {
                    refuse(at, what + ": the machine's own network is outside the lab; use a lab network");
                }
            }
            case "--cap-add" -> {
                for (String cap : v.split(",")) {
                    String c = cap.trim().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
                    if (HOST_CAPABILITIES.contains(c)) {
                        refuse(at, what + ": capability " + c + " reaches the machine; not allowed");
                    }
                }
            }
            case "--device", "--device-cgroup-rule", "--gpus" -> refuse(at, what + ": gives the container a device of the machine; not allowed");
            case "--security-opt" -> {
                if (lower.contains("unconfined") || lower.startsWith("label=disable") || lower.startsWith("label:disable")) {
                    refuse(at, what + ": turns off the container's confinement; not allowed");
                }
            }
            case "-v", "--volume" -> {
                int colon = v.indexOf(':');
                String source = colon < 0 ? null : v.substring(0, colon);
                if (source != null && (source.startsWith("/") || source.startsWith(".") || source.startsWith("~"))) {
                    String why = where.hasExpansion() ? "the path depends on a variable; write it out" : pathProblem(source, true, false);
                    if (why != null) {
                        refuse(at, what + ": mounts " + source + ": " + why);
                    }
                }
            }
            case "--mount" -> {
                String source = null;
                boolean bind = false;
                for (String kv : v.split(",")) {
                    String[] p = kv.split("=", 2);
                    String k = p[0].trim();
                    String val = p.length > 1 ? p[1].trim() : "";
                    if (k.equals("type") && val.equals("bind")) {
                        bind = true;
                    }
                    if (k.equals("source") || k.equals("src")) {
                        source = val;
                    }
                }
                if (bind && source != null) {
                    String why = where.hasExpansion() ? "the path depends on a variable; write it out" : pathProblem(source, true, false);
                    if (why != null) {
                        refuse(at, what + ": mounts " + source + ": " + why);
                    }
                }
            }
            case "--cidfile" -> {
                String why = pathProblem(v, true, false);
                if (why != null) {
                    refuse(at, what + ": " + why);
                }
            }
            default -> { }
        }
    }

    private void daemonOptions(List<Word> args, int base) {
        optionPaths(args, base, "dockerd", Set.of("-g", "--graph", "--data-root", "--exec-root", "-p", "--pidfile",
                "--config-file"));
        options(args, Set.of("-H", "--host"), (opt, w, value, off) -> {
            if (value.startsWith("unix://")) {
                String why = pathProblem(value.substring("unix://".length()), true, false);
                if (why != null) {
                    refuse(base + off, "dockerd " + opt + " " + value + ": " + why);
                }
            }
        });
    }

    // ------------------------------------------------------------------ {{NAME}}

    /** {{NAME}} is put in as one single-quoted word, so it must not stand inside quotes itself. */
    private void placeholdersOutsideQuotes(String line) {
        Matcher m = CommandSpec.PLACEHOLDER.matcher(line);
        int p = 0;
        char quote = 0;
        while (m.find()) {
            for (; p < m.start(); p++) {
                char c = line.charAt(p);
                if (quote == 0 && c == '\\') {
                    p++;
                } else if (quote == 0 && (c == '\'' || c == '"')) {
                    quote = c;
                } else if (quote == '"' && c == '\\') {
                    p++;
                } else if (c == quote) {
                    quote = 0;
                }
            }
            if (quote != 0) {
                refuse(m.start(), m.group() + " stands inside quotes; it is put in as its own single-quoted word, so write it"
                        + " outside quotes");
            }
        }
    }
}
