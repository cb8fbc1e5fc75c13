/*
 * A long-running program the backend started inside a host (dockerd, etcd, ovsdb-server,
 * ovs-vswitchd, bird). Its nsenter is a child of this JVM and ends when the program does, so its
 * state is known without guessing; its output goes to a log file whose tail explains a failed
 * start. nsenter forks the program into the host's PID namespace: signals go to that child.
 */
package org.overlaylab.hosts.netns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.overlaylab.hosts.exec.HostDaemon;

public final class DaemonProcess implements HostDaemon {
    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;
    private volatile boolean stopRequested;
    private volatile long programPid = -1;

    private DaemonProcess(String name, Process process, Path log, List<String> command) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = List.copyOf(command);
    }

    static DaemonProcess start(String name, List<String> argv, Map<String, String> env, Path log, List<String> shown)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new DaemonProcess(name, pb.start(), log, shown);
    }

    @Override
    public String name() {
        return name;
    }

    /** The program's pid as this machine sees it (the child nsenter forked), or nsenter's own while it has none yet. */
    @Override
    public long pid() {
        if (programPid > 0) {
            return programPid;
        }
        long own = process.pid();
        try {
            String children = Files.readString(Path.of("/proc", String.valueOf(own), "task", String.valueOf(own), "children")).strip();
            if (!children.isEmpty()) {
                programPid = Long.parseLong(children.split(" ")[0]);
                return programPid;
            }
        } catch (IOException | NumberFormatException e) {
            // nsenter has ended or not forked yet
        }
        return own;
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public List<String> command() {
        return command;
    }

    @Override
    public String state() {
        if (process.isAlive()) {
            return "running";
        }
        return stopRequested ? "stopped" : "failed";
    }

    @Override
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public Path log() {
        return log;
    }

    @Override
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Why a daemon failed, in a few lines: the first line of its log (often the error) and the last ones. */
    @Override
    public String failureSummary() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (all.size() <= 5) {
                return String.join("\n", all);
            }
            return all.get(0) + "\n...\n" + String.join("\n", all.subList(all.size() - 4, all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM, then SIGKILL after the grace time; returns once the process is gone. */
    @Override
    public void stop(Duration grace) {
        stopRequested = true;
        if (!process.isAlive()) {
            return;
        }
        org.overlaylab.hosts.exec.Exec.signal(pid(), "TERM");
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                org.overlaylab.hosts.exec.Exec.signal(pid(), "KILL");
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits until it has died, up to the given time; true if it did. */
    @Override
    public boolean awaitExit(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
