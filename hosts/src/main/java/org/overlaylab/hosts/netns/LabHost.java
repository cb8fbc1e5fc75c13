/*
 * One lab host at run time: how to enter it (its network, mount and UTS namespaces), the shell
 * state lab commands keep between lines (variables set by `source` or `export`, the working
 * directory), and the daemons the backend started on it.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.lab.HostSpec;

public final class LabHost {
    private final HostSpec spec;
    private final int index;
    private final LabLayout layout;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, DaemonProcess> daemons = new ConcurrentHashMap<>();
    private String cwd;

    public LabHost(HostSpec spec, int index, LabLayout layout) {
        this.spec = spec;
        this.index = index;
        this.layout = layout;
        this.cwd = layout.homeDir(spec.name()).toString();
    }

    public HostSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** 1-based position in the lab's host list. */
    public int index() {
        return index;
    }

    public LabLayout layout() {
        return layout;
    }

    public String netns() {
        return layout.hostNetns(spec.name());
    }

    public Path netnsPath() {
        return LabLayout.netnsPath(netns());
    }

    public Path dir() {
        return layout.hostDir(spec.name());
    }

    public String underlayIp() {
        return spec.underlayIp();
    }

    public synchronized Map<String, String> variables() {
        return new LinkedHashMap<>(variables);
    }

    public synchronized void setVariables(Map<String, String> vars) {
        variables.clear();
        variables.putAll(vars);
    }

    public synchronized String cwd() {
        return cwd;
    }

    public synchronized void setCwd(String dir) {
        this.cwd = dir;
    }

    /** The words that run a program inside this host. */
    public List<String> enter() {
        return List.of("nsenter", "--net=" + netnsPath(), "--mount=" + layout.mountNamespaceFile(spec.name()),
                "--uts=" + layout.utsNamespaceFile(spec.name()), "--");
    }

    /** The environment every program on the host starts with, before the lab's own variables. */
    public Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", layout.binDir(spec.name()) + ":/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", layout.homeDir(spec.name()).toString());
        env.put("USER", "root");
        env.put("LOGNAME", "root");
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    public Exec.Running start(String script, Map<String, String> extraEnv, String stdin) throws IOException {
        List<String> argv = new ArrayList<>(enter());
        argv.addAll(List.of("bash", "-c", script));
        Map<String, String> env = baseEnvironment();
        if (extraEnv != null) {
            env.putAll(extraEnv);
        }
        return Exec.start(argv, env, stdin, false);
    }

    /** Runs a bash script inside the host and waits for it. */
    public Exec.Result sh(String script, Duration deadline) throws IOException {
        return start(script, null, null).await(deadline);
    }

    /** Runs a bash script inside the host and throws with its output when it fails. */
    public String check(String script, Duration deadline) throws IOException {
        Exec.Result r = sh(script, deadline);
        if (!r.ok()) {
            throw new IOException(name() + ": " + firstLine(script) + (r.timedOut() ? " timed out" : " failed")
                    + (r.text().isEmpty() ? "" : ": " + r.text()));
        }
        return r.stdout();
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }

    public Optional<DaemonProcess> daemon(String name) {
        return Optional.ofNullable(daemons.get(name));
    }

    public Map<String, DaemonProcess> daemons() {
        return daemons;
    }

    /** Starts a program inside the host that runs until stopped; its output goes to logs/NAME.log. */
    public DaemonProcess startDaemon(String name, List<String> argv, Map<String, String> extraEnv, String workDir)
            throws IOException {
        DaemonProcess old = daemons.get(name);
        if (old != null && old.alive()) {
            throw new IOException(name + " is already running on " + spec.name() + " (pid " + old.pid() + ")");
        }
        Path log = dir().resolve("logs").resolve(name + ".log");
        List<String> full = new ArrayList<>(enter());
        full.add(full.size() - 1, "--wd=" + (workDir == null ? cwd() : workDir));
        full.addAll(argv);
        Map<String, String> env = baseEnvironment();
        if (extraEnv != null) {
            env.putAll(extraEnv);
        }
        DaemonProcess d = DaemonProcess.start(name, full, env, log, argv);
        daemons.put(name, d);
        return d;
    }
}
