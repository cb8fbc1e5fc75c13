/*
 * Runs a program as its own process group (through setsid) so that Ctrl-C can reach the program and
 * everything it started, with a deadline after which the whole group is killed. Output is read as
 * it comes so a program that never ends still gives back what it printed.
 */
package org.overlaylab.hosts.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

public final class Exec {
    private Exec() {}

    /** How a program ended: exit status (128+signal when killed), output, and whether we stopped it. */
    public record Result(int exit, String stdout, String stderr, boolean timedOut, boolean interrupted, Duration elapsed) {
        public boolean ok() {
            return exit == 0;
        }

        /** stdout then stderr, trimmed, for error messages. */
        public String text() {
            String s = (stdout + (stdout.isEmpty() || stderr.isEmpty() ? "" : "\n") + stderr).strip();
            return s;
        }
    }

    /** A started program; interrupt() is Ctrl-C for its process group. */
    public static final class Running implements HostProcess {
        private final Process process;
        private final long startNanos;
        private final Thread outReader;
        private final Thread errReader;
        private final OutputTap tap = new OutputTap();
        private volatile boolean interrupted;
        private volatile boolean timedOut;

        private Running(Process process) {
            this.process = process;
            this.startNanos = System.nanoTime();
            this.outReader = pump(process.getInputStream(), 0, "out");
            this.errReader = pump(process.getErrorStream(), 1, "err");
        }

        private Thread pump(InputStream in, int stream, String name) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        tap.write(stream, buf, 0, n);
                    }
                } catch (IOException ignored) {
                    // the stream closes when the process group is killed
                }
            }, "exec-" + name + "-" + process.pid());
            t.setDaemon(true);
            t.start();
            return t;
        }

        public long pid() {
            return process.pid();
        }

        @Override
        public boolean alive() {
            return process.isAlive();
        }

        /** What the program printed on stderr so far. */
        @Override
        public String stderrSoFar() {
            return tap.text(1);
        }

        @Override
        public String stdoutSoFar() {
            return tap.text(0);
        }

        @Override
        public void watch(java.util.function.Consumer<String> watcher) {
            tap.watch(watcher);
        }

        /**
         * Sends SIGINT to the process group, as Ctrl-C in a terminal does, but not to its leader when
         * it has others: the leader may be the nsenter that forked the program into a PID namespace,
         * which would die of the signal at once and report 130 where the program itself ends cleanly.
         */
        @Override
        public void interrupt() {
            interrupted = true;
            List<Long> members = groupMembers(process.pid());
            members.remove(process.pid());
            if (members.isEmpty()) {
                signalGroup(process.pid(), "INT");
            } else {
                members.forEach(p -> signal(p, "INT"));
            }
        }

        @Override
        public void kill() {
            signalGroup(process.pid(), "KILL");
            process.destroyForcibly();
        }

        /** Waits for the end; past the deadline the group is killed and the result says so. */
        @Override
        public Result await(Duration deadline) {
            try {
                boolean ended = deadline == null ? waitForever() : process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
                if (!ended) {
                    timedOut = true;
                    kill();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
                // children that inherited stdout (a daemon started with &) may keep the pipes open
                outReader.join(700);
                errReader.join(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            int exit = process.isAlive() ? 137 : process.exitValue();
            String o = tap.text(0);
            String e = tap.text(1);
            return new Result(exit, o, e, timedOut, interrupted, Duration.ofNanos(System.nanoTime() - startNanos));
        }

        /** Ctrl-C after the given time, then a grace period, then the result. */
        @Override
        public Result awaitInterruptingAfter(Duration stopAfter, Duration deadline) {
            try {
                if (!process.waitFor(stopAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                    interrupt();
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        kill();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
            return await(deadline);
        }

        private boolean waitForever() throws InterruptedException {
            process.waitFor();
            return true;
        }
    }

    /** Starts argv in a new session; env entries are added to (null values removed from) this JVM's environment. */
    public static Running start(List<String> argv, Map<String, String> env, String stdin) throws IOException {
        return start(argv, env, stdin, true);
    }

    /** Like {@link #start(List, Map, String)}; without `inherit` the program sees only `env`. */
    public static Running start(List<String> argv, Map<String, String> env, String stdin, boolean inherit)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (!inherit) {
            pb.environment().clear();
        }
        if (env != null) {
            Map<String, String> e = pb.environment();
            env.forEach((k, v) -> {
                if (v == null) {
                    e.remove(k);
                } else {
                    e.put(k, v);
                }
            });
        }
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            try (OutputStream os = p.getOutputStream()) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the program did not read its input
            }
        }
        return new Running(p);
    }

    public static Result run(List<String> argv, Map<String, String> env, String stdin, Duration deadline) throws IOException {
        return start(argv, env, stdin).await(deadline);
    }

    public static Result run(Duration deadline, String... argv) throws IOException {
        return run(List.of(argv), null, null, deadline);
    }

    /** Runs argv and throws with its output when it fails; for setup steps that must work. */
    public static String check(Duration deadline, List<String> argv) throws IOException {
        Result r = run(argv, null, null, deadline);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv).replaceAll("\\s+", " ").strip()
                    + (r.timedOut() ? " timed out" : " failed (" + r.exit() + ")") + ": " + r.text());
        }
        return r.stdout();
    }

    /** kill -SIG -pgid; the group leader's pid is the group id because every program starts through setsid. */
    public static void signalGroup(long pgid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The processes of a process group, from /proc. */
    static List<Long> groupMembers(long pgid) {
        List<Long> out = new ArrayList<>();
        try (var dir = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"))) {
            for (java.nio.file.Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = java.nio.file.Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[2]) == pgid) {
                        out.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // the process went away
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return out;
    }

    public static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // nothing to signal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Quotes a word for sh: 'it'\''s'. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
