/*
 * One lab host at run time, as the shell, the command mappings and the built-in daemons see it,
 * whatever it is made of: a set of namespaces on this machine (netns) or a machine reached over
 * SSH. It runs scripts and daemons, reads and writes files by the paths the host itself sees,
 * opens TCP connections from inside, and keeps the shell state lab commands carry from line to
 * line (variables set by `source` or `export`, the working directory).
 */
package org.overlaylab.hosts.core;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.hosts.exec.HostProcess;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.lab.HostSpec;

public interface RealHost {

    HostSpec spec();

    default String name() {
        return spec().name();
    }

    /** 1-based position in the lab's host list. */
    int index();

    default String underlayIp() {
        return spec().underlayIp();
    }

    // ------------------------------------------------------------------ shell state

    Map<String, String> variables();

    void setVariables(Map<String, String> vars);

    String cwd();

    void setCwd(String dir);

    /** The environment every program on the host starts with, before the lab's own variables. */
    Map<String, String> baseEnvironment();

    // ------------------------------------------------------------------ where the backend keeps its files

    /** The backend's own folder on the host, as the host sees it: logs, shell state, daemon records. */
    String workDir();

    /** Where a lab line leaves the shell state (working directory, variables) for the next one. */
    default String shellStateFile() {
        return workDir() + "/shell-state";
    }

    default String logFile(String name) {
        return workDir() + "/logs/" + name + ".log";
    }

    /** Names the machine whose files this host's paths are: hosts with the same one share files (netns hosts do). */
    String machine();

    /** Where the busybox image is assembled before `docker import`. */
    default String imageDir() {
        return workDir() + "/image";
    }

    /** A path the lab names, as the host sees it: relative ones are taken from the working directory. */
    default String resolve(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String dir = cwd();
        return (dir.endsWith("/") ? dir : dir + "/") + path;
    }

    // ------------------------------------------------------------------ running programs

    /** Throws, with a message saying why, when commands cannot reach the host. */
    void requireReachable() throws BackendException;

    /** Starts a bash script on the host with the base environment plus extraEnv; stdin null is /dev/null. */
    HostProcess start(String script, Map<String, String> extraEnv, String stdin) throws IOException;

    /**
     * Starts a line of the lab's own (what a person or a lab file typed): a host that confines such
     * lines more than the backend's own scripts says so by overriding this.
     */
    default HostProcess startLabLine(String script, Map<String, String> extraEnv, String stdin) throws IOException {
        return start(script, extraEnv, stdin);
    }

    /** Runs a bash script on the host and waits for it. */
    default Exec.Result sh(String script, Duration deadline) throws IOException {
        return start(script, null, null).await(deadline);
    }

    /** Runs a bash script on the host and throws with its output when it fails. */
    default String check(String script, Duration deadline) throws IOException {
        Exec.Result r = sh(script, deadline);
        if (!r.ok()) {
            String t = script.strip();
            int nl = t.indexOf('\n');
            String first = nl < 0 ? t : t.substring(0, nl) + " ...";
            throw new IOException(name() + ": " + first + (r.timedOut() ? " timed out" : " failed")
                    + (r.text().isEmpty() ? "" : ": " + r.text()));
        }
        return r.stdout();
    }

    /** Starts a program that runs until stopped; its output goes to {@link #logFile}. */
    HostDaemon startDaemon(String name, List<String> argv, Map<String, String> extraEnv, String workDir) throws IOException;

    /**
     * The argv of a daemon that needs no more than a lab line may do, so that the lab's own tools
     * see it as on a real host (`ss -p` and `ps` read a process's files only when it is not more
     * privileged than they are): a host that confines lab lines confines such a daemon alike.
     */
    default List<String> asLabLinePrivileges(List<String> argv) {
        return argv;
    }

    Optional<HostDaemon> daemon(String name);

    /** Every daemon started on the host, by name. */
    Map<String, HostDaemon> daemons();

    // ------------------------------------------------------------------ files, by the host's own paths

    boolean exists(String path) throws IOException;

    String readFile(String path) throws IOException;

    /** Writes a whole file, making its folder first. */
    void writeFile(String path, String text, boolean executable) throws IOException;

    void makeDirectories(String path) throws IOException;

    void delete(String path) throws IOException;

    /** Size in bytes, 0 when the file does not exist. */
    long fileSize(String path) throws IOException;

    /** What a file holds from a byte offset on ("" when it does not exist). */
    String readFrom(String path, long offset) throws IOException;

    // ------------------------------------------------------------------ reaching the host's services

    /** A TCP connection made from inside the host (the lab's etcd listens on its loopback). */
    Socket connect(String address, int port, int timeoutMillis) throws IOException;

    /** Whether the host's Docker daemon answers on /var/run/docker.sock. */
    boolean dockerAnswers();

    /**
     * A dockerd that died hard leaves its containerd running, and the next dockerd then waits for
     * a containerd of its own in vain; a service manager would have ended the whole unit. Ends
     * that containerd (the containers' shims keep running, as they do after a daemon restart).
     */
    void endOrphanedContainerd();
}
