/*
 * One netns lab host at run time: how to enter it (its network, mount, UTS and PID namespaces), its
 * folder in the run folder (mounted over /tmp, /run, /var inside it, so a path the host sees maps
 * onto a file here; other paths are reached through the host's own view of its files, read-only
 * where the machine's are), the shell state lab commands keep between lines, and the daemons the
 * backend started on it as children of this JVM. Lab command lines run as the host's root: uid 0 of
 * the host's user namespace (the machine's uid 100000), which owns its network namespace but none
 * of the machine's files, and without the capabilities that could undo the sandbox (mounts,
 * modules, raw devices, tracing). So do the daemons that need no more (etcd, BIRD); the others run
 * as the machine's root in the host's namespaces, their sockets opened to the host's root's group.
 */
package org.overlaylab.hosts.netns;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
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

public final class NetnsHost implements RealHost {
    private final HostSpec spec;
    private final int index;
    private final LabLayout layout;
    private final NetnsSockets sockets;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Map<String, HostDaemon> daemons = new ConcurrentHashMap<>();
    private final java.util.function.BooleanSupplier closing;
    private String cwd;
    private DockerClient docker;
    private volatile long initPid = -1;

    /**
     * Capabilities a lab command line runs without: with them a line could remount the machine's
     * files writable, enter other namespaces, load modules, write raw devices or trace the daemons.
     */
    static final String DROPPED_CAPABILITIES = "-sys_admin,-sys_module,-sys_rawio,-sys_ptrace,-sys_boot,-sys_time,"
            + "-mknod,-sys_pacct,-linux_immutable,-mac_admin,-mac_override,-syslog,-audit_control,-audit_read,"
            + "-wake_alarm,-block_suspend,-bpf,-perfmon,-checkpoint_restore,-setfcap,-sys_chroot";

    /**
     * Daemons that run as the host's root, measured to work there: etcd (a data folder and TCP
     * ports) and BIRD (routes and BGP on the host's network namespace, which its user namespace
     * owns). dockerd and containerd mount and make namespaces, cgroups and devices for containers,
     * and ovs-vswitchd's userspace datapath opens /dev/net/tun, which the host's root may not: they
     * stay the machine's root's, and so does ovsdb-server with them.
     */
    static final java.util.Set<String> HOST_ROOT_DAEMONS = java.util.Set.of("etcd", "bird");

    public NetnsHost(HostSpec spec, int index, LabLayout layout, NetnsSockets sockets) {
        this(spec, index, layout, sockets, () -> false);
    }

    public NetnsHost(HostSpec spec, int index, LabLayout layout, NetnsSockets sockets, java.util.function.BooleanSupplier closing) {
        this.spec = spec;
        this.index = index;
        this.layout = layout;
        this.sockets = sockets;
        this.closing = closing;
        this.cwd = layout.homeDir(spec.name()).toString();
    }

    @Override
    public HostSpec spec() {
        return spec;
    }

    @Override
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

    /** The lab shell's state file, in a folder of the host's root's (the line writes it as that root). */
    @Override
    public String shellStateFile() {
        return layout.shellDir(spec.name()).resolve("state").toString();
    }

    /** The host folder: the same path inside the host's mount namespace as outside. */
    @Override
    public String workDir() {
        return dir().toString();
    }

    /** Every netns host's files are this machine's. */
    @Override
    public String machine() {
        return "localhost";
    }

    /** One image for every host of the lab, built once. */
    @Override
    public String imageDir() {
        return layout.imageDir().toString();
    }

    /** The words that run a program inside this host as the machine's root. */
    public List<String> enter() {
        return layout.enter(spec.name());
    }

    /** The words that run a program inside this host as its own root (in its user namespace). */
    public List<String> enterAsHostRoot() {
        return layout.enterAsHostRoot(spec.name());
    }

    @Override
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

    @Override
    public void requireReachable() throws BackendException {
        Path mnt = layout.mountNamespaceFile(spec.name());
        if (!Files.exists(netnsPath()) || Sweeper.nsInode(mnt) <= 0 || !Files.exists(mnt)) {
            throw new BackendException("host " + spec.name() + " does not answer: its namespaces are gone (" + netnsPath() + ")");
        }
    }

    @Override
    public Exec.Running start(String script, Map<String, String> extraEnv, String stdin) throws IOException {
        return start(script, extraEnv, stdin, false);
    }

    /** A lab command line: as the host's root, without the capabilities that could undo the sandbox. */
    @Override
    public Exec.Running startLabLine(String script, Map<String, String> extraEnv, String stdin) throws IOException {
        return start(script, extraEnv, stdin, true);
    }

    private Exec.Running start(String script, Map<String, String> extraEnv, String stdin, boolean confined) throws IOException {
        refuseWhenClosing();
        List<String> argv = new ArrayList<>(confined ? enterAsHostRoot() : enter());
        if (confined) {
            argv.addAll(List.of("setpriv", "--bounding-set=" + DROPPED_CAPABILITIES, "--inh-caps=" + DROPPED_CAPABILITIES, "--"));
        }
        argv.addAll(List.of("bash", "-c", script));
        Map<String, String> env = baseEnvironment();
        if (extraEnv != null) {
            env.putAll(extraEnv);
        }
        return Exec.start(argv, env, stdin, false);
    }

    /** The daemon runs without the capabilities lab lines lack, so `ss -p` in a lab line may read its sockets. */
    @Override
    public List<String> asLabLinePrivileges(List<String> argv) {
        List<String> out = new ArrayList<>(List.of("setpriv", "--bounding-set=" + DROPPED_CAPABILITIES,
                "--inh-caps=" + DROPPED_CAPABILITIES, "--"));
        out.addAll(argv);
        return out;
    }

    @Override
    public Optional<HostDaemon> daemon(String name) {
        return Optional.ofNullable(daemons.get(name));
    }

    @Override
    public Map<String, HostDaemon> daemons() {
        return daemons;
    }

    @Override
    public DaemonProcess startDaemon(String name, List<String> argv, Map<String, String> extraEnv, String workDir)
            throws IOException {
        refuseWhenClosing();
        HostDaemon old = daemons.get(name);
        if (old != null && old.alive()) {
            throw new IOException(name + " is already running on " + spec.name() + " (pid " + old.pid() + ")");
        }
        Path log = dir().resolve("logs").resolve(name + ".log");
        List<String> full = new ArrayList<>(HOST_ROOT_DAEMONS.contains(name) ? enterAsHostRoot() : enter());
        full.add(full.size() - 1, "--wd=" + (workDir == null ? cwd() : workDir));
        full.addAll(openToHostRoot(name, argv));
        Map<String, String> env = baseEnvironment();
        if (extraEnv != null) {
            env.putAll(extraEnv);
        }
        DaemonProcess d = DaemonProcess.start(name, full, env, log, argv);
        daemons.put(name, d);
        return d;
    }

    /**
     * What lets the host's root reach a daemon that runs as the machine's: dockerd's socket gets
     * the host's root's group (`--group`, unless the line names one); OVS's run folder gets that
     * group and the set-group-id bit, and OVS the umask 0002, so the sockets it makes there (mode
     * 0770) are the group's;
     * BIRD's control socket folder becomes the host's root's, as BIRD runs as it.
     */
    private List<String> openToHostRoot(String name, List<String> argv) throws IOException {
        switch (name) {
            case "dockerd" -> {
                if (argv.stream().noneMatch(a -> a.equals("-G") || a.startsWith("--group") || a.startsWith("-G="))) {
                    List<String> withGroup = new ArrayList<>(argv);
                    withGroup.addAll(1, List.of("--group", String.valueOf(LabLayout.MAPPED_ROOT)));
                    return withGroup;
                }
            }
            case "ovsdb-server", "ovs-vswitchd" -> {
                Path run = local("/run/openvswitch");
                Files.createDirectories(run);
                Files.setAttribute(run, "unix:gid", LabLayout.MAPPED_ROOT, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxr-x"));
                Exec.check(Duration.ofSeconds(5), List.of("chmod", "g+s", run.toString()));
                // OVS makes its sockets with mode 0770 less the umask: 0002 leaves the group its access
                List<String> withUmask = new ArrayList<>(List.of("bash", "-c", "umask 0002 && exec \"$0\" \"$@\""));
                withUmask.addAll(argv);
                return withUmask;
            }
            case "bird" -> {
                // its control socket's folder: the one -s names, else Debian's default /run/bird
                int s = argv.indexOf("-s");
                String socket = s >= 0 && s + 1 < argv.size() ? argv.get(s + 1) : "/run/bird/bird.ctl";
                Path socketDir = unlinked(Path.of(socket).getParent().toString());
                makeOwnedDirectories(socketDir);
                if (!ownedByHostRoot(socketDir)) {
                    Fabric.giveToHostRoot(socketDir);
                }
            }
            default -> {
                // runs as it is
            }
        }
        return argv;
    }

    private void refuseWhenClosing() throws IOException {
        if (closing.getAsBoolean()) {
            throw new IOException("the lab is being torn down");
        }
    }

    // ------------------------------------------------------------------ files: the host folder holds the writable paths

    /**
     * Where this JVM reaches a path the host names: its writable folders directly, anything else
     * through the host's own view (/proc/PID/root of its first process), so /etc shows the host's
     * overlay and the machine's files are read-only there too.
     */
    private Path local(String path) throws IOException {
        Path p = layout.insideHost(spec.name(), path);
        if (p != null) {
            return p;
        }
        return Path.of("/proc", String.valueOf(initPid()), "root").resolve(Path.of(path).normalize().toString().substring(1));
    }

    /** The global pid of the first process of the host's PID namespace (its tini), found by its mount namespace. */
    long initPid() throws IOException {
        long known = initPid;
        if (known > 0 && Sweeper.runningNotZombie(known)) {
            return known;
        }
        long mnt = Sweeper.nsInode(layout.mountNamespaceFile(spec.name()));
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && Sweeper.nsInode(p.resolve("ns/mnt")) == mnt
                        && Sweeper.isNamespaceInit(Long.parseLong(name))) {
                    initPid = Long.parseLong(name);
                    return initPid;
                }
            }
        }
        throw new IOException("host " + spec.name() + " has no running namespaces");
    }

    @Override
    public boolean exists(String path) {
        try {
            return Files.exists(local(path));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The path this JVM (the machine's root) may open for the host: refused when a symbolic link the
     * host's root made lies on the way below the host's folder or root, since this JVM would
     * follow it to the machine's own files.
     */
    private Path unlinked(String path) throws IOException {
        Path p = local(path);
        Path base = p.startsWith(dir()) ? dir() : p.startsWith(layout.root()) ? layout.root()
                : p.getNameCount() >= 3 && p.startsWith("/proc") ? p.getRoot().resolve(p.subpath(0, 3)) : p.getRoot();
        for (Path q = p; q != null && !q.equals(base); q = q.getParent()) {
            if (Files.isSymbolicLink(q) && ownedByHostRoot(q)) {
                throw new IOException(path + ": the backend does not follow the symbolic link " + q.getFileName()
                        + " the host's root made");
            }
        }
        return p;
    }

    private static boolean ownedByHostRoot(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).intValue() == LabLayout.MAPPED_ROOT;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Makes the folder and its missing parents; those made inside a folder of the host's root are its too, as if it had made them. */
    private void makeOwnedDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path q = dir; q != null && !Files.exists(q, java.nio.file.LinkOption.NOFOLLOW_LINKS); q = q.getParent()) {
            missing.add(0, q);
        }
        for (Path q : missing) {
            Files.createDirectories(q);
            if (ownedByHostRoot(q.getParent())) {
                Fabric.giveToHostRoot(q);
            }
        }
    }

    @Override
    public String readFile(String path) throws IOException {
        return new String(Files.readAllBytes(unlinked(path)), StandardCharsets.UTF_8);
    }

    @Override
    public void writeFile(String path, String text, boolean executable) throws IOException {
        Path p = unlinked(path);
        makeOwnedDirectories(p.getParent());
        boolean made = !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.writeString(p, text);
        if (made && ownedByHostRoot(p.getParent())) {
            Fabric.giveToHostRoot(p);
        }
        if (executable) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Override
    public void makeDirectories(String path) throws IOException {
        makeOwnedDirectories(unlinked(path));
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(local(path));
    }

    @Override
    public long fileSize(String path) throws IOException {
        Path p = local(path);
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @Override
    public String readFrom(String path, long offset) {
        try {
            byte[] all = Files.readAllBytes(unlinked(path));
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ services inside the host

    @Override
    public Socket connect(String address, int port, int timeoutMillis) throws IOException {
        return sockets.connect(netnsPath(), address, port, timeoutMillis);
    }

    public Path dockerSocket() {
        return dir().resolve("run/docker.sock");
    }

    /** A docker-java client on the host's own daemon socket. */
    private synchronized DockerClient docker() {
        if (docker == null) {
            String uri = "unix://" + dockerSocket();
            DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri).build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(cfg.getDockerHost())
                    .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(20)).build();
            docker = DockerClientImpl.getInstance(cfg, http);
        }
        return docker;
    }

    @Override
    public boolean dockerAnswers() {
        if (!Files.exists(dockerSocket())) {
            return false;
        }
        try {
            docker().pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    synchronized void closeDockerClient() {
        if (docker != null) {
            try {
                docker.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            docker = null;
        }
    }

    @Override
    public void endOrphanedContainerd() {
        // dockerd reuses the containerd its pid file names while that pid exists, even as a zombie
        // the machine's init has not reaped yet, and then waits for it in vain
        Path pidFile = dir().resolve("run/docker/containerd/containerd.pid");
        try {
            if (Files.exists(pidFile) && !Sweeper.runningNotZombie(Long.parseLong(Files.readString(pidFile).strip()))) {
                Files.delete(pidFile);
            }
        } catch (IOException | NumberFormatException ignored) {
            // dockerd copes with a missing or broken pid file
        }
        long mnt = Sweeper.nsInode(layout.mountNamespaceFile(spec.name()));
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Sweeper.nsInode(p.resolve("ns/mnt")) == mnt && Files.readString(p.resolve("comm")).strip().equals("containerd")
                            && Sweeper.isNamespaceInit(Sweeper.parentOf(Long.parseLong(name)))) {
                        Exec.signal(Long.parseLong(name), "KILL");
                        Sweeper.sleep(200);
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            }
        } catch (IOException ignored) {
            // no /proc: nothing to end
        }
    }
}
