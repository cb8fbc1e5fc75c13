/*
 * One lab host reached over SSH, as the shell and the mappings see any lab host: scripts run in a
 * clean environment (`env -i` with the host's base environment and the lab's variables) under
 * bash, files are read and written by the host's own paths, TCP connections are forwarded over
 * the session. On a debian host everything runs as root; on a tutorial VM the lab's commands run as
 * the login user (with sudo where the tutorial writes it) and only the backend's own work
 * (observation, capture, files, teardown) goes through `sudo -n`.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.lab.HostSpec;

public final class SshHost implements RealHost {
    private static final Duration FILE_OP = Duration.ofSeconds(20);

    private final HostSpec spec;
    private final int index;
    private final HostsFile.Entry entry;
    private final SshLink link;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, HostDaemon> daemons = new ConcurrentHashMap<>();
    private final java.util.Set<String> daemonsSeen = ConcurrentHashMap.newKeySet();
    private DockerTcp dockerTcp;
    private String cwd;
    private String loginHome = "/root";
    private String loginPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    SshHost(HostSpec spec, int index, HostsFile.Entry entry, SshLink link) {
        this.spec = spec;
        this.index = index;
        this.entry = entry;
        this.link = link;
        this.cwd = homeDir();
    }

    @Override
    public HostSpec spec() {
        return spec;
    }

    @Override
    public int index() {
        return index;
    }

    public HostsFile.Entry entry() {
        return entry;
    }

    SshLink link() {
        return link;
    }

    public HostsFile.Flavour flavour() {
        return entry.flavour();
    }

    /** "node1 (192.0.2.10)", as messages name the host. */
    public String where() {
        return spec.name() + " (" + entry.address() + ")";
    }

    // ------------------------------------------------------------------ shell state

    @Override
    public synchronized Map<String, String> variables() {
        return new LinkedHashMap<>(variables);
    }

    @Override
    public synchronized void setVariables(Map<String, String> vars) {
        variables.clear();
        variables.putAll(vars);
    }

    @Override
    public synchronized String cwd() {
        return cwd;
    }

    @Override
    public synchronized void setCwd(String dir) {
        this.cwd = dir;
    }

    @Override
    public String workDir() {
        return entry.workDir();
    }

    @Override
    public String machine() {
        return entry.address() + ":" + entry.port();
    }

    /** Where the lab's commands start: a folder of the backend's, so what the lab downloads goes away with it. */
    public String homeDir() {
        return workDir() + "/home";
    }

    /** The session ids of every command the lab ran here, one a line: what teardown ends. */
    public String sessionsFile() {
        return workDir() + "/sessions";
    }

    public String binDir() {
        return workDir() + "/bin";
    }

    /** Reads the login's HOME and PATH, which a tutorial VM's commands keep. */
    void learnLogin() throws IOException {
        Exec.Result r = link.run("printf '%s\\n' \"$HOME\" \"$PATH\"", null, FILE_OP);
        String[] lines = r.stdout().split("\n");
        if (r.ok() && lines.length >= 2) {
            loginHome = lines[0];
            loginPath = lines[1].contains("/usr/sbin") ? lines[1] : lines[1] + ":/usr/local/sbin:/usr/sbin:/sbin";
        }
    }

    @Override
    public Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (entry.flavour() == HostsFile.Flavour.DEBIAN) {
            env.put("PATH", binDir() + ":/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("HOME", homeDir());
            env.put("USER", "root");
            env.put("LOGNAME", "root");
        } else {
            env.put("PATH", loginPath);
            env.put("HOME", loginHome);
            env.put("USER", entry.user());
            env.put("LOGNAME", entry.user());
        }
        env.put("TERM", "dumb");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    // ------------------------------------------------------------------ running programs

    @Override
    public void requireReachable() throws BackendException {
        link.session();
    }

    /** The command line that runs a bash script in a clean environment, as root or as the login user. */
    String commandLine(String script, Map<String, String> env, boolean root, boolean labCommand) {
        StringBuilder sb = new StringBuilder("exec ");
        if (root) {
            sb.append(link.asRoot());
        }
        sb.append("env -i");
        env.forEach((k, v) -> {
            if (v != null) {
                sb.append(' ').append(Exec.quote(k + "=" + v));
            }
        });
        sb.append(" bash -c ").append(Exec.quote(RemoteProcess.wrapper(labCommand ? sessionsFile() : null) + script));
        return sb.toString();
    }

    /** Lab commands and the mappings' scripts: as root on a debian host, as the login user on a tutorial VM. */
    @Override
    public RemoteProcess start(String script, Map<String, String> extraEnv, String stdin) throws IOException {
        Map<String, String> env = baseEnvironment();
        if (extraEnv != null) {
            env.putAll(extraEnv);
        }
        return RemoteProcess.start(link, commandLine(script, env, entry.flavour() == HostsFile.Flavour.DEBIAN, true), stdin);
    }

    /** The backend's own work (observation, capture, files, daemons' records, teardown): always as root. */
    public RemoteProcess rootStart(String script, String stdin) throws IOException {
        return RemoteProcess.start(link, commandLine(script, baseEnvironment(), true, false), stdin);
    }

    public Exec.Result rootRun(String script, Duration deadline) throws IOException {
        return rootStart(script, null).await(deadline);
    }

    /** Runs a script as root and throws with its output when it fails. */
    public String rootCheck(String script, Duration deadline) throws IOException {
        Exec.Result r = rootRun(script, deadline);
        if (!r.ok()) {
            String t = script.strip();
            int nl = t.indexOf('\n');
            throw new IOException(name() + ": " + (nl < 0 ? t : t.substring(0, nl) + " ...") + (r.timedOut() ? " timed out" : " failed")
                    + (r.text().isEmpty() ? "" : ": " + r.text()));
        }
        return r.stdout();
    }

    @Override
    public HostDaemon startDaemon(String name, List<String> argv, Map<String, String> extraEnv, String workDir) throws IOException {
        HostDaemon old = daemons.get(name);
        if (old != null && old.alive()) {
            throw new IOException(name + " is already running on " + spec.name() + " (pid " + old.pid() + ")");
        }
        RemoteDaemon d = RemoteDaemon.start(this, name, argv, extraEnv, workDir);
        daemons.put(name, d);
        return d;
    }

    @Override
    public Optional<HostDaemon> daemon(String name) {
        return Optional.ofNullable(daemons.get(name));
    }

    @Override
    public Map<String, HostDaemon> daemons() {
        return daemons;
    }

    // ------------------------------------------------------------------ files, as root, by the host's paths

    private static String q(String s) {
        return Exec.quote(s);
    }

    @Override
    public boolean exists(String path) throws IOException {
        Exec.Result r = rootRun("[ -e " + q(path) + " ] && echo yes || echo no", FILE_OP);
        if (!r.stdout().contains("yes") && !r.stdout().contains("no")) {
            throw new IOException("cannot check " + path + " on " + where() + ": " + r.text());
        }
        return r.stdout().contains("yes");
    }

    @Override
    public String readFile(String path) throws IOException {
        Exec.Result r = rootRun("[ -e " + q(path) + " ] || exit 3\ncat -- " + q(path), FILE_OP);
        if (r.exit() == 3) {
            throw new NoSuchFileException(path);
        }
        if (!r.ok()) {
            throw new IOException("cannot read " + path + " on " + where() + ": " + r.text());
        }
        return r.stdout();
    }

    @Override
    public void writeFile(String path, String text, boolean executable) throws IOException {
        int slash = path.lastIndexOf('/');
        String dir = slash > 0 ? path.substring(0, slash) : "/";
        Exec.Result r = rootStart("mkdir -p -- " + q(dir) + " && cat > " + q(path) + (executable ? " && chmod 755 " + q(path) : ""),
                text).await(FILE_OP);
        if (!r.ok()) {
            throw new IOException("cannot write " + path + " on " + where() + ": " + r.text());
        }
    }

    @Override
    public void makeDirectories(String path) throws IOException {
        rootCheck("mkdir -p -- " + q(path), FILE_OP);
    }

    @Override
    public void delete(String path) throws IOException {
        rootCheck("rm -f -- " + q(path), FILE_OP);
    }

    @Override
    public long fileSize(String path) throws IOException {
        String s = rootRun("stat -c %s -- " + q(path) + " 2>/dev/null || echo 0", FILE_OP).stdout().strip();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String readFrom(String path, long offset) throws IOException {
        return rootRun("tail -c +" + (offset + 1) + " -- " + q(path) + " 2>/dev/null", FILE_OP).stdout();
    }

    // ------------------------------------------------------------------ services

    @Override
    public Socket connect(String address, int port, int timeoutMillis) throws IOException {
        return link.connect(address, port, timeoutMillis);
    }

    @Override
    public boolean dockerAnswers() {
        try {
            return rootRun("[ -S /var/run/docker.sock ] && timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1",
                    Duration.ofSeconds(10)).ok();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Ends a containerd that a dockerd of ours left behind when it died: only one whose parent is
     * init and whose configuration is dockerd's own (/var/run/docker/containerd/containerd.toml),
     * never the system's containerd service.
     */
    @Override
    public void endOrphanedContainerd() {
        try {
            rootRun("""
                    f=/var/run/docker/containerd/containerd.pid
                    if [ -f "$f" ] && ! [ -e "/proc/$(cat "$f")" ]; then rm -f "$f"; fi
                    for p in $(pgrep -x containerd); do
                      [ "$(awk '{print $4}' /proc/$p/stat 2>/dev/null)" = 1 ] || continue
                      tr '\\0' ' ' < /proc/$p/cmdline | grep -q /var/run/docker/containerd/containerd.toml || continue
                      kill -KILL "$p"; sleep 0.2
                    done
                    true
                    """, Duration.ofSeconds(15));
        } catch (IOException ignored) {
            // dockerd will say what is wrong
        }
    }

    // ------------------------------------------------------------------ observation's state

    /** The Docker API over TCP (2375, or 2376 with the hosts file's certificates). */
    synchronized DockerTcp dockerTcp() {
        if (dockerTcp == null) {
            dockerTcp = new DockerTcp(entry);
        }
        return dockerTcp;
    }

    /** Remembers the daemons running now; returns those seen running before that are gone. */
    java.util.List<String> daemonsSeen(java.util.Set<String> runningNow) {
        java.util.List<String> gone = new java.util.ArrayList<>();
        for (String d : daemonsSeen) {
            if (!runningNow.contains(d)) {
                gone.add(d);
            }
        }
        daemonsSeen.addAll(runningNow);
        gone.sort(null);
        return gone;
    }

    synchronized void closeClients() {
        if (dockerTcp != null) {
            dockerTcp.close();
            dockerTcp = null;
        }
        link.close();
    }
}
