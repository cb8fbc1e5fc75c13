/*
 * The "netns" backend: every lab host is a network namespace (with its own mount and UTS
 * namespaces) on an underlay bridge, and lab commands run there for real against real etcd,
 * dockerd, Open vSwitch and BIRD, plus the built-in flannel agent and Calico mapping. Needs Linux
 * and root. start() first sweeps what an earlier run may have left (everything named "olab-" and
 * the lab directory carrying its marker), so a crash never blocks the next lab.
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
import org.overlaylab.hosts.debian.ImageNames;
import org.overlaylab.hosts.debian.LabShell;
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
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.topology.Topology;

public final class NetnsBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(NetnsBackend.class.getName());

    private Lab labSpec;
    private BackendOptions options;
    private LabLayout layout;
    private NetnsLab lab;
    private final List<LabDns> dns = new CopyOnWriteArrayList<>();
    private final List<CaptureHandle> captures = new CopyOnWriteArrayList<>();

    @Override
    public String kind() {
        return "netns";
    }

    /** The lab directory this backend uses: the options' work directory, else LabLayout.DEFAULT_ROOT. */
    public static LabLayout layoutFor(BackendOptions options) {
        Path root = options == null || options.workDirectory() == null ? LabLayout.DEFAULT_ROOT
                : options.workDirectory().resolve("overlaylab-netns");
        return new LabLayout(root);
    }

    @Override
    public synchronized void start(Lab lab, BackendOptions options) throws BackendException {
        String why = NetnsBackendFactory.whyUnavailable();
        if (why != null) {
            throw new BackendException("the netns backend cannot run here: " + why);
        }
        this.labSpec = lab;
        this.options = options;
        this.layout = layoutFor(options);
        teardown();
        try {
            bringUp();
        } catch (IOException | RuntimeException e) {
            teardown();
            throw new BackendException("could not bring the lab's hosts up: " + e.getMessage(), e);
        }
    }

    private void bringUp() throws IOException {
        lab = new NetnsLab(labSpec, options, layout, ImageNames.fromLab(labSpec));
        new Fabric(layout).up(labSpec.hosts());
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
                    if (packages.contains("docker.io") || packages.contains("docker-ce") || packages.contains("docker")) {
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

    /** The lab directory and namespace names of this backend. */
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
    }
}
