/*
 * The "ssh" backend: the lab's hosts are machines reached over SSH (Apache MINA sshd client,
 * public-key login only, host keys checked against known_hosts), given by a hosts file (HostsFile)
 * or, without one and only when the user confirmed it (setting use-lab-addresses=true), the lab's
 * own hosts at their underlay addresses as the current user: a lab file alone never decides which
 * machines the app logs into. Commands
 * run in a per-host shell that keeps variables and the working directory from line to line; a
 * tutorial VM runs them as typed, a debian host maps them as the netns backend does. Observation,
 * capture and teardown go over the same connections. See SSH.md.
 *
 * Settings (BackendOptions.settings): hosts-file, use-lab-addresses=true, known-hosts (overrides the hosts file's),
 * accept-new-host-keys=true (when no HostKeyPrompt is set: trust and remember first-seen keys),
 * connect-timeout (seconds, default 10).
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.overlaylab.hosts.core.HostShims;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.backend.SshSettings;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Topology;

public final class SshBackend implements Backend {
    // the keys live in the model so that whoever starts the backend need not depend on this class
    public static final String KIND = SshSettings.KIND;
    public static final String HOSTS_FILE = SshSettings.HOSTS_FILE;
    public static final String KNOWN_HOSTS = SshSettings.KNOWN_HOSTS;
    public static final String ACCEPT_NEW_HOST_KEYS = SshSettings.ACCEPT_NEW_HOST_KEYS;
    public static final String CONNECT_TIMEOUT = SshSettings.CONNECT_TIMEOUT;
    public static final String USE_LAB_ADDRESSES = SshSettings.USE_LAB_ADDRESSES;

    private static final System.Logger LOG = System.getLogger(SshBackend.class.getName());
    private static final Duration PREPARE = Duration.ofSeconds(30);
    /** `-H tcp://...:2375` (or --host=): the tutorial opening Docker's API without authentication. */
    private static final Pattern PLAIN_DOCKER_TCP = Pattern.compile("(-H|--host)[ =]+tcp://[^ ]*:2375\\b");

    private HostKeyPrompt hostKeyPrompt;
    private PassphrasePrompt passphrasePrompt = PassphrasePrompt.NONE;
    private Lab labSpec;
    private BackendOptions options;
    private SshConnector connector;
    private String connectorFor;
    private SshLab lab;
    private final List<CaptureHandle> captures = new CopyOnWriteArrayList<>();

    @Override
    public String kind() {
        return KIND;
    }

    /** How unknown host keys are decided (the UI's dialog); without one, the accept-new-host-keys setting decides. */
    public synchronized void setHostKeyPrompt(HostKeyPrompt prompt) {
        this.hostKeyPrompt = prompt;
    }

    /** How an encrypted private key's passphrase is asked for; without one such a key fails with a message. */
    public synchronized void setPassphrasePrompt(PassphrasePrompt prompt) {
        this.passphrasePrompt = prompt == null ? PassphrasePrompt.NONE : prompt;
    }

    /** Why the backend does not log into the lab file's own addresses by itself, and what to do instead. */
    static String labAddressesNotConfirmed(Lab lab) {
        StringBuilder a = new StringBuilder();
        lab.hosts().forEach(h -> a.append(a.length() == 0 ? "" : ", ").append(h.name()).append(' ').append(h.underlayIp()));
        return "the ssh backend needs a hosts file naming the machines (--hosts FILE), or your confirmation to log"
                + " into the addresses the lab file names (" + a + ") as " + System.getProperty("user.name")
                + " (--use-lab-addresses)";
    }

    @Override
    public synchronized void start(Lab lab, BackendOptions options) throws BackendException {
        this.labSpec = lab;
        this.options = options;
        teardown(false, h -> true);
        String hostsFile = options.settings().get(HOSTS_FILE);
        if (hostsFile == null && !"true".equals(options.settings().get(USE_LAB_ADDRESSES))) {
            throw new BackendException(labAddressesNotConfirmed(lab));
        }
        HostsFile file;
        Map<String, HostsFile.Entry> entries;
        try {
            file = hostsFile == null ? HostsFile.fromLab(lab) : HostsFile.read(Path.of(hostsFile));
            entries = file.forLab(lab, hostsFile == null ? "the lab" : "the hosts file " + hostsFile);
        } catch (IOException e) {
            throw new BackendException(e.getMessage(), e);
        }
        Path knownHosts = options.settings().containsKey(KNOWN_HOSTS) ? Path.of(options.settings().get(KNOWN_HOSTS)) : file.knownHosts();
        HostKeyPrompt prompt = hostKeyPrompt != null ? hostKeyPrompt
                : "true".equals(options.settings().get(ACCEPT_NEW_HOST_KEYS)) ? HostKeyPrompt.ACCEPT_NEW : HostKeyPrompt.REFUSE;
        String key = knownHosts.toAbsolutePath() + "|" + System.identityHashCode(prompt) + "|" + System.identityHashCode(passphrasePrompt);
        if (connector == null || !key.equals(connectorFor)) {
            if (connector != null) {
                connector.close();
            }
            connector = new SshConnector(knownHosts, prompt, passphrasePrompt);
            connectorFor = key;
        }
        Duration connectTimeout;
        try {
            connectTimeout = Duration.ofSeconds(Long.parseLong(options.setting(CONNECT_TIMEOUT, "10").strip()));
        } catch (NumberFormatException e) {
            throw new BackendException("the setting " + CONNECT_TIMEOUT + " must be a number of seconds, not "
                    + options.setting(CONNECT_TIMEOUT, ""));
        }
        this.lab = new SshLab(lab, options, entries, connector, connectTimeout);
        List<String> failures = new ArrayList<>();
        Map<String, CompletableFuture<Void>> prepared = new LinkedHashMap<>();
        for (SshHost h : this.lab.hosts().values()) {
            prepared.put(h.name(), CompletableFuture.runAsync(() -> {
                try {
                    prepare(h);
                } catch (BackendException | IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        for (Map.Entry<String, CompletableFuture<Void>> e : prepared.entrySet()) {
            try {
                e.getValue().join();
            } catch (java.util.concurrent.CompletionException ex) {
                Throwable c = ex.getCause() == null ? ex : ex.getCause();
                failures.add(c instanceof BackendException ? c.getMessage() : e.getKey() + ": " + c.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            // what the hosts that were reached got ready is undone; the others were never touched
            teardown(false, h -> h.link().connected());
            throw new BackendException(String.join("\n", failures));
        }
    }

    /**
     * Makes one host ready for step 1: connected, able to act as root, what an earlier run left
     * undone, its folder made, the baseline recorded; on a debian host the shims in place and
     * Docker (and Open vSwitch, when the lab's host has it) started as a fresh VM would have them.
     */
    private void prepare(SshHost h) throws BackendException, IOException {
        h.requireReachable();
        h.learnLogin();
        boolean debian = h.flavour() == HostsFile.Flavour.DEBIAN;
        if (!h.entry().user().equals("root")) {
            Exec.Result sudo = h.link().run("sudo -n true", null, PREPARE);
            if (!sudo.ok()) {
                throw new BackendException("user " + h.entry().user() + " on " + h.where() + " cannot use sudo without a password"
                        + " (the backend reads the host's state and captures as root): " + sudo.text());
            }
        }
        String missing = h.rootRun("for p in bash ip nsenter setsid awk tcpdump; do command -v $p >/dev/null || printf '%s ' $p; done",
                PREPARE).stdout().strip();
        if (!missing.isEmpty()) {
            throw new BackendException("host " + h.where() + " lacks " + missing + " (the backend needs bash, iproute2, util-linux,"
                    + " awk and tcpdump there)");
        }
        HostTeardown.undo(h);
        String w = Exec.quote(h.workDir());
        String make = "mkdir -p " + w + " " + w + "/home " + w + "/logs " + w + "/daemons " + w + "/bin && touch " + w + "/"
                + HostTeardown.MARKER;
        Exec.Result made = debian ? h.rootRun(make, PREPARE) : h.link().run(make, null, PREPARE);
        if (!made.ok()) {
            throw new BackendException("cannot make the backend's folder " + h.workDir() + " on " + h.where() + ": " + made.text());
        }
        h.setCwd(h.homeDir());
        if (debian) {
            for (Map.Entry<String, String> shim : HostShims.ALL.entrySet()) {
                h.writeFile(h.binDir() + "/" + shim.getKey(), shim.getValue(), true);
            }
        }
        HostTeardown.record(h);
        if (debian) {
            List<String> packages = h.spec().packages().isEmpty() ? HostSpec.DEFAULT_PACKAGES : h.spec().packages();
            if (HostSpec.hasPackage(packages, "docker.io") || HostSpec.hasPackage(packages, "docker-ce") || HostSpec.hasPackage(packages, "docker")) {
                if (h.dockerAnswers()) {
                    throw new BackendException("host " + h.where() + " already runs a Docker daemon that the backend did not start;"
                            + " a debian host's daemons are the backend's (stop it: systemctl stop docker docker.socket), or"
                            + " use flavour tutorial-vm");
                }
                lab.daemons().startDefaultDocker(h);
            }
            if (packages.contains("openvswitch-switch")) {
                lab.daemons().startOvs(h);
            }
        }
    }

    private SshLab requireLab() throws BackendException {
        if (lab == null) {
            throw new BackendException("the ssh lab is not started");
        }
        return lab;
    }

    private LabShell shell(String host) throws BackendException {
        LabShell s = requireLab().shell(host);
        if (s == null) {
            throw new BackendException("no host " + host + " in lab " + labSpec.id() + "; hosts: " + String.join(", ", lab.hosts().keySet()));
        }
        return s;
    }

    private Duration commandTimeout() {
        return options.commandTimeout() == null ? Duration.ofSeconds(60) : options.commandTimeout();
    }

    @Override
    public CommandResult run(CommandRequest request) throws BackendException {
        CommandResult r = shell(request.host()).run(request.line(), request.stopAfter(), commandTimeout(), request.keepsRunning());
        if (PLAIN_DOCKER_TCP.matcher(request.line()).find()) {
            SshHost h = lab.host(request.host());
            r = r.withNotes(List.of("warning: Docker's API now listens on TCP port 2375 without any authentication: whoever"
                    + " reaches " + h.entry().address() + ":2375 controls " + request.host() + " as root. Keep lab VMs on a"
                    + " host-only network; OverlayLab reads the containers over this port."));
        }
        return r;
    }

    @Override
    public BackgroundCommand startBackground(CommandRequest request) throws BackendException {
        return shell(request.host()).startBackground(request, commandTimeout());
    }

    @Override
    public Topology observe() throws BackendException {
        return SshObserver.observe(requireLab());
    }

    @Override
    public CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException {
        SshCapture c = SshCapture.start(requireLab(), point, listener);
        captures.add(c);
        return c;
    }

    /** Undoes on every host what the lab did (see HostTeardown), then makes the fresh lab again. */
    @Override
    public synchronized void reset() throws BackendException {
        if (labSpec == null) {
            throw new BackendException("the ssh lab is not started");
        }
        List<String> failures = teardown(false, h -> true);
        if (!failures.isEmpty()) {
            throw new BackendException("reset could not undo the lab on every host:\n" + String.join("\n", failures));
        }
        start(labSpec, options);
    }

    /** The lab's own host by name, for tests and the UI's host details. */
    public SshHost host(String name) {
        SshLab l = lab;
        return l == null ? null : l.host(name);
    }

    /** Stops captures, undoes the lab on the chosen hosts it can reach; returns why a host could not be cleaned. */
    private List<String> teardown(boolean closing, java.util.function.Predicate<SshHost> which) {
        captures.forEach(CaptureHandle::close);
        captures.clear();
        List<String> failures = new ArrayList<>();
        SshLab l = lab;
        lab = null;
        if (l == null) {
            return failures;
        }
        l.flannel().stopAll();
        // containers first, on every host, while the cluster store they are registered in still runs
        List<SshHost> reached = new ArrayList<>();
        List<CompletableFuture<Void>> undone = new ArrayList<>();
        for (SshHost h : l.hosts().values()) {
            if (!which.test(h)) {
                continue;
            }
            undone.add(CompletableFuture.runAsync(() -> {
                try {
                    h.requireReachable();
                    HostTeardown.undoContainers(h);
                    synchronized (reached) {
                        reached.add(h);
                    }
                } catch (BackendException | IOException e) {
                    synchronized (failures) {
                        failures.add(e.getMessage());
                    }
                    LOG.log(System.Logger.Level.WARNING, "teardown of " + h.where() + (closing ? " on close" : "") + ": " + e.getMessage());
                }
            }));
        }
        undone.forEach(CompletableFuture::join);
        undone.clear();
        for (SshHost h : reached) {
            undone.add(CompletableFuture.runAsync(() -> {
                try {
                    HostTeardown.undoRest(h);
                } catch (IOException e) {
                    synchronized (failures) {
                        failures.add(e.getMessage());
                    }
                    LOG.log(System.Logger.Level.WARNING, "teardown of " + h.where() + (closing ? " on close" : "") + ": " + e.getMessage());
                }
            }));
        }
        undone.forEach(CompletableFuture::join);
        l.closeInProcess();
        return failures;
    }

    @Override
    public synchronized void close() {
        try {
            teardown(true, h -> true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ssh teardown: " + e.getMessage());
        }
        if (connector != null) {
            connector.close();
            connector = null;
            connectorFor = null;
        }
    }
}
