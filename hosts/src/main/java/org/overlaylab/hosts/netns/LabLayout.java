/*
 * Where one netns lab run keeps things: the names of the namespaces it makes (all start with the
 * run's own prefix, "olab-<run id>-", so two runs never touch each other's), and the run's folder
 * with one folder per host. Inside a host's mount namespace the machine's files are read-only;
 * the host folder's tmp, run and var are mounted over /tmp, /run and /var, /etc is an overlay whose
 * upper layer is the host folder's etc, and the run folder itself stays writable at its own path.
 */
package org.overlaylab.hosts.netns;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

public record LabLayout(Path root, String prefix) {

    /** Every netns name the backend makes starts with this, then the run id and a dash. */
    public static final String PREFIX = "olab-";
    public static final String MARKER = ".overlaylab-netns";
    public static final Path DEFAULT_PARENT = Path.of("/var/tmp/overlaylab-netns");

    /** A run id: six lowercase hex digits. */
    public static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{6}");

    /** The writable folders of a host folder mounted over the same path inside the host. */
    public static final List<String> WRITABLE_DIRS = List.of("tmp", "run", "var");

    /** The host folder's upper layer of the /etc overlay. */
    public static final String ETC_UPPER = "etc";

    /**
     * A host's user namespace maps its uids and gids 0..65535 onto the machine's 100000..165535: its
     * root is uid 100000 outside, which owns nothing of the machine's. One range serves every host
     * and run: a lab line can only reach what its own mount namespace shows writable (its host's
     * folders) and only see its own PID namespace's processes, so a shared uid opens nothing more.
     */
    public static final int MAPPED_ROOT = 100000;
    public static final int MAPPED_COUNT = 65536;

    private static final SecureRandom IDS = new SecureRandom();

    /** A fresh run under the given folder: a new run id, the folder parent/<id>, namespaces olab-<id>-... */
    public static LabLayout newRun(Path parent) {
        String id = String.format("%06x", IDS.nextInt(1 << 24));
        return forRun(parent, id);
    }

    public static LabLayout forRun(Path parent, String runId) {
        return new LabLayout(parent.resolve(runId), PREFIX + runId + "-");
    }

    /** The run id of a prefix "olab-<id>-", or null for one of another shape. */
    public String runId() {
        String p = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String id = p.startsWith(PREFIX) ? p.substring(PREFIX.length()) : p;
        return RUN_ID.matcher(id).matches() ? id : null;
    }

    public String hostNetns(String host) {
        return prefix + host;
    }

    public String natNetns(String host) {
        return prefix + host + "-nat";
    }

    /** A lab router's namespace: "rt-" keeps it apart from a host of the same name. */
    public String routerNetns(String router) {
        return prefix + "rt-" + router;
    }

    public String switchNetns() {
        return prefix + "sw";
    }

    public String internetNetns() {
        return prefix + "inet";
    }

    public String googleNetns() {
        return prefix + "google";
    }

    public static Path netnsPath(String netns) {
        return Path.of("/run/netns", netns);
    }

    public Path nsDir() {
        return root.resolve("ns");
    }

    public Path mountNamespaceFile(String host) {
        return nsDir().resolve(host + ".mnt");
    }

    public Path utsNamespaceFile(String host) {
        return nsDir().resolve(host + ".uts");
    }

    /** The host's PID namespace: its programs see only each other, so `pkill -x etcd` reaches only this host's etcd. */
    public Path pidNamespaceFile(String host) {
        return nsDir().resolve(host + ".pid");
    }

    /** The user namespace that owns the host's network namespace; its root is {@link #MAPPED_ROOT} outside. */
    public Path userNamespaceFile(String host) {
        return nsDir().resolve(host + ".user");
    }

    /** The words that run a program inside a host as the machine's root: its network, mount, UTS and PID namespaces. */
    public List<String> enter(String host) {
        return List.of("nsenter", "--net=" + netnsPath(hostNetns(host)), "--mount=" + mountNamespaceFile(host),
                "--uts=" + utsNamespaceFile(host), "--pid=" + pidNamespaceFile(host), "--");
    }

    /**
     * The same namespaces, then the host's user namespace as its root (uid and gid 0 inside,
     * {@link #MAPPED_ROOT} outside). nsenter joins the user namespace last, so the mount, UTS and
     * PID namespaces (owned by the machine's) are joined while it still has the machine's root.
     */
    public List<String> enterAsHostRoot(String host) {
        return List.of("nsenter", "--net=" + netnsPath(hostNetns(host)), "--mount=" + mountNamespaceFile(host),
                "--uts=" + utsNamespaceFile(host), "--pid=" + pidNamespaceFile(host), "--user=" + userNamespaceFile(host), "--");
    }

    public Path hostDir(String host) {
        return root.resolve("hosts").resolve(host);
    }

    /** The host's working directory for lab commands (its home). */
    public Path homeDir(String host) {
        return hostDir(host).resolve("home");
    }

    /** Programs the host finds first on its PATH: sudo, the etcdctl that speaks v2 by default. */
    public Path binDir(String host) {
        return hostDir(host).resolve("bin");
    }

    /** The folder of the lab shell's state file: the host's root writes it, so it is the host's root's. */
    public Path shellDir(String host) {
        return hostDir(host).resolve("shell");
    }

    /** Where the host's /etc overlay keeps what the host wrote. */
    public Path etcUpper(String host) {
        return hostDir(host).resolve(ETC_UPPER);
    }

    /**
     * A path as the host sees it, mapped onto the host folder when it lies in one of the host's
     * writable folders or in the run folder; null for any other path (the machine's own files,
     * read-only inside the host, and /etc, which only the host's own view merges).
     */
    public Path insideHost(String host, String path) {
        String p = Path.of(path).normalize().toString();
        if (p.startsWith("/var/run/") || p.equals("/var/run")) {
            p = "/run" + p.substring("/var/run".length());
        }
        String r = root.toString();
        if (p.equals(r) || p.startsWith(r + "/")) {
            return Path.of(p);
        }
        for (String d : WRITABLE_DIRS) {
            String prefix = "/" + d + "/";
            if (p.startsWith(prefix) || p.equals("/" + d)) {
                return hostDir(host).resolve(p.substring(1));
            }
        }
        return null;
    }

    public Path imageDir() {
        return root.resolve("image");
    }

    /** The file naming the process that owns the run: pid and start time. */
    public Path ownerFile() {
        return root.resolve("owner");
    }
}
