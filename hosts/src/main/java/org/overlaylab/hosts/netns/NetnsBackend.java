/*
 * The "netns" backend: every lab host is a network namespace (with its own mount, UTS and PID
 * namespaces, the machine's files read-only inside) on an underlay bridge, and lab commands run
 * there for real against real etcd, dockerd, Open vSwitch and BIRD, plus the built-in flannel agent
 * and Calico mapping. Needs Linux and root. Each start() is a run of its own ("olab-<run id>-"
 * namespaces, its own folder) recorded with this process as its owner; it first sweeps the runs
 * whose owner died, never one still going. A shutdown hook tears the run down when the JVM ends
 * (Ctrl-C, SIGTERM, the window closed, an uncaught exception).
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.hosts.core.ImageNames;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.hosts.observe.LabObservation;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.topology.Topology;

public final class NetnsBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(NetnsBackend.class.getName());

    private Lab labSpec;
    private BackendOptions options;
    private volatile LabLayout layout;
    private NetnsLab lab;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private Thread shutdownHook;
    private final List<LabDns> dns = new CopyOnWriteArrayList<>();
    private final List<CaptureHandle> captures = new CopyOnWriteArrayList<>();

    @Override
    public String kind() {
        return "netns";
    }

    /** The folder holding one folder per run: the options' work directory, else LabLayout.DEFAULT_PARENT. */
    public static Path runsFolder(BackendOptions options) {
        return options == null || options.workDirectory() == null ? LabLayout.DEFAULT_PARENT
                : options.workDirectory().resolve("overlaylab-netns");
    }

    @Override
    public synchronized void start(Lab lab, BackendOptions options) throws BackendException {
        String why = NetnsBackendFactory.whyUnavailable();
        if (why != null) {
            throw new BackendException("the netns backend cannot run here: " + why);
        }
        this.labSpec = lab;
        this.options = options;
        teardown();
        closing.set(false);
        LabRuns.sweepAbandoned(runsFolder(options));
        LabLayout run = LabLayout.newRun(runsFolder(options));
        try {
            LabRuns.register(run);
        } catch (IOException e) {
            throw new BackendException("could not record the lab run in " + run.root() + ": " + e.getMessage(), e);
        }
        this.layout = run;
        installShutdownHook();
        try {
            bringUp();
        } catch (IOException | RuntimeException e) {
            teardown();
            throw new BackendException("could not bring the lab's hosts up: " + e.getMessage(), e);
        }
    }

    /** Tears the run down when the JVM ends without close(): Ctrl-C, SIGTERM, the window closed, an uncaught exception. */
    private void installShutdownHook() {
        if (shutdownHook != null) {
            return;
        }
        shutdownHook = new Thread(this::teardownAtExit, "netns-teardown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: start() fails on its own
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
        shutdownHook = null;
    }

    /**
     * At JVM exit, without waiting for a start() or command in progress (it may hold the lock for
     * long): no new program starts from now on, everything of the run is swept, and swept again
     * after what was being started at that moment has had a moment to appear.
     */
    private void teardownAtExit() {
        closing.set(true);
        LabLayout l = layout;
        if (l == null) {
            return;
        }
        captures.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the sweep ends the capture's tcpdump anyway
            }
        });
        Sweeper.sweep(l);
        Sweeper.sleep(300);
        Sweeper.sweep(l);
    }

    private void bringUp() throws IOException {
        lab = new NetnsLab(labSpec, options, layout, ImageNames.fromLab(labSpec), closing::get);
        new Fabric(layout, closing::get).up(labSpec);
        for (HostSpec h : labSpec.hosts()) {
            Cidr nat = LabObservation.natCidr(h);
            DatagramSocket s = lab.sockets().bindUdp(LabLayout.netnsPath(layout.natNetns(h.name())), Ipv4.format(nat.host(3)), 53);
            dns.add(new LabDns(s, Map.of("google.com", Fabric.GOOGLE_IP, "www.google.com", Fabric.GOOGLE_IP)));
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (NetnsHost h : lab.hosts().values()) {
            List<String> packages = h.spec().packages().isEmpty() ? HostSpec.DEFAULT_PACKAGES : h.spec().packages();
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    if (HostSpec.hasPackage(packages, "docker.io") || HostSpec.hasPackage(packages, "docker-ce") || HostSpec.hasPackage(packages, "docker")) {
                        lab.daemons().startDefaultDocker(h);
                    }
                    if (packages.contains("openvswitch-switch")) {
                        lab.daemons().startOvs(h);
                    }
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(new IOException(h.name() + ": " + e.getMessage(), e));
                }
            }));
        }
        for (CompletableFuture<Void> f : starts) {
            try {
                f.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    private NetnsLab requireLab() throws BackendException {
        if (lab == null) {
            throw new BackendException("the netns lab is not started");
        }
        return lab;
    }

    private LabShell shell(String host) throws BackendException {
        LabShell s = requireLab().shell(host);
        if (s == null) {
            throw new BackendException("no host " + host + " in lab " + labSpec.id() + "; hosts: "
                    + String.join(", ", lab.hosts().keySet()));
        }
        return s;
    }

    private Duration commandTimeout() {
        return options.commandTimeout() == null ? Duration.ofSeconds(60) : options.commandTimeout();
    }

    @Override
    public CommandResult run(CommandRequest request) throws BackendException {
        return shell(request.host()).run(request.line(), request.stopAfter(), commandTimeout(), request.keepsRunning());
    }

    /** The output as the programs write it; Ctrl-C (live.interrupted()) is SIGINT to what runs. */
    @Override
    public CommandResult run(CommandRequest request, LiveOutput live) throws BackendException {
        return shell(request.host()).run(request.line(), request.stopAfter(), commandTimeout(), request.keepsRunning(), live);
    }

    @Override
    public BackgroundCommand startBackground(CommandRequest request) throws BackendException {
        return shell(request.host()).startBackground(request, commandTimeout());
    }

    @Override
    public Topology observe() throws BackendException {
        return NetnsObserver.observe(requireLab());
    }

    @Override
    public CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException {
        NetnsCapture c = NetnsCapture.start(requireLab(), point, listener);
        captures.add(c);
        return c;
    }

    @Override
    public synchronized void reset() throws BackendException {
        if (labSpec == null) {
            throw new BackendException("the netns lab is not started");
        }
        start(labSpec, options);
    }

    /** The pid of a daemon the backend started on a host, or -1: for tests that make a daemon die. */
    public long daemonPid(String host, String daemon) {
        NetnsLab l = lab;
        if (l == null || l.host(host) == null) {
            return -1;
        }
        return l.host(host).daemon(daemon).filter(HostDaemon::alive).map(HostDaemon::pid).orElse(-1L);
    }

    /** The current run's folder and namespace names (null before the first start). */
    public LabLayout layout() {
        return layout;
    }

    private void teardown() {
        captures.forEach(CaptureHandle::close);
        captures.clear();
        dns.forEach(LabDns::close);
        dns.clear();
        if (lab != null) {
            try {
                lab.closeInProcess();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the lab's clients: " + e.getMessage());
            }
            lab = null;
        }
        if (layout != null) {
            Sweeper.sweep(layout);
        }
    }

    @Override
    public synchronized void close() {
        try {
            teardown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "netns teardown: " + e.getMessage());
        }
        removeShutdownHook();
    }
}
