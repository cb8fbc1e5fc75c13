/*
 * A daemon the backend started on a host over SSH (dockerd, etcd, OVS, BIRD on a debian host). It
 * outlives the SSH channel that started it: a small wrapper in its own session starts it with its
 * output going to the host's log file, writes its pid to <workdir>/daemons/NAME.pid, waits for it
 * and writes its exit status to NAME.rc. Those two files tell whether it runs and how it ended,
 * and let a later run (or reset) find what an earlier one left running.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;

final class RemoteDaemon implements HostDaemon {
    private static final Duration CHECK = Duration.ofSeconds(10);

    private final SshHost host;
    private final String name;
    private final long pid;
    private final List<String> command;
    private final String pidFile;
    private final String rcFile;
    private final String log;
    private volatile boolean stopRequested;
    private volatile Integer exitCode;
    private volatile boolean gone;

    private RemoteDaemon(SshHost host, String name, long pid, List<String> command, String pidFile, String rcFile, String log) {
        this.host = host;
        this.name = name;
        this.pid = pid;
        this.command = List.copyOf(command);
        this.pidFile = pidFile;
        this.rcFile = rcFile;
        this.log = log;
    }

    /** Where the pid and exit status of a host's daemons are kept. */
    static String recordDir(SshHost h) {
        return h.workDir() + "/daemons";
    }

    static RemoteDaemon start(SshHost h, String name, List<String> argv, Map<String, String> extraEnv, String workDir)
            throws IOException {
        String dir = recordDir(h);
        String pidFile = dir + "/" + name + ".pid";
        String rcFile = dir + "/" + name + ".rc";
        String log = h.logFile(name);
        List<String> quoted = new ArrayList<>();
        argv.forEach(a -> quoted.add(Exec.quote(a)));
        String inner = String.join(" ", quoted) + " >> " + Exec.quote(log) + " 2>&1 < /dev/null &\n"
                + "echo $! > " + Exec.quote(pidFile) + "\n"
                + "wait $!\n"
                + "echo $? > " + Exec.quote(rcFile) + "\n";
        String script = "mkdir -p " + Exec.quote(dir) + " " + Exec.quote(h.workDir() + "/logs") + "\n"
                + "rm -f " + Exec.quote(pidFile) + " " + Exec.quote(rcFile) + "\n"
                + "cd " + Exec.quote(workDir == null ? h.cwd() : workDir) + " || exit 1\n"
                + "setsid bash -c " + Exec.quote(inner) + " > /dev/null 2>&1 < /dev/null &\n"
                + "for i in $(seq 200); do [ -s " + Exec.quote(pidFile) + " ] && break; sleep 0.01; done\n"
                + "cat " + Exec.quote(pidFile) + "\n";
        Exec.Result r = h.start(script, extraEnv, null).await(CHECK);
        long pid;
        try {
            pid = Long.parseLong(r.stdout().strip());
        } catch (NumberFormatException e) {
            throw new IOException("could not start " + name + " on " + h.name() + (r.text().isEmpty() ? "" : ": " + r.text()));
        }
        return new RemoteDaemon(h, name, pid, argv, pidFile, rcFile, log);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean alive() {
        if (gone) {
            return false;
        }
        try {
            Exec.Result r = host.rootRun("[ -e /proc/" + pid + " ] && [ ! -e " + Exec.quote(rcFile) + " ] && echo alive"
                    + " || cat " + Exec.quote(rcFile) + " 2>/dev/null", CHECK);
            String out = r.stdout().strip();
            if (out.equals("alive")) {
                return true;
            }
            if (r.exit() == 255 && out.isEmpty()) {
                // the host did not answer: nothing is known, so nothing is concluded
                return false;
            }
            gone = true;
            if (!out.isEmpty()) {
                try {
                    exitCode = Integer.parseInt(out);
                } catch (NumberFormatException ignored) {
                    // a wrapper killed before it wrote the status
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<String> command() {
        return command;
    }

    @Override
    public String state() {
        if (alive()) {
            return "running";
        }
        return stopRequested ? "stopped" : "failed";
    }

    /** The state from a status read elsewhere (observation reads every daemon's record in one go). */
    String state(boolean running, Integer rc) {
        if (running) {
            return "running";
        }
        gone = true;
        if (rc != null) {
            exitCode = rc;
        }
        return stopRequested ? "stopped" : "failed";
    }

    @Override
    public Integer exitCode() {
        return alive() ? null : exitCode;
    }

    @Override
    public String logTail(int lines) {
        try {
            return host.rootRun("tail -n " + lines + " " + Exec.quote(log) + " 2>/dev/null", CHECK).stdout().stripTrailing();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String failureSummary() {
        try {
            List<String> all = List.of(host.readFile(log).split("\n"));
            if (all.size() <= 5) {
                return String.join("\n", all);
            }
            return all.get(0) + "\n...\n" + String.join("\n", all.subList(all.size() - 4, all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void stop(Duration grace) {
        stopRequested = true;
        if (gone) {
            return;
        }
        long tenths = Math.max(1, grace.toMillis() / 100);
        try {
            host.rootRun("kill -TERM " + pid + " 2>/dev/null\n"
                    + "for i in $(seq " + tenths + "); do [ -e /proc/" + pid + " ] || exit 0; sleep 0.1; done\n"
                    + "kill -KILL " + pid + " 2>/dev/null; sleep 0.2\n", grace.plusSeconds(10));
        } catch (IOException ignored) {
            // the host went away with the daemon
        }
        alive();
    }

    @Override
    public boolean awaitExit(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (alive()) {
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
