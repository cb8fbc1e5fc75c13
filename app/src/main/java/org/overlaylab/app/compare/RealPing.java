/*
 * The Compare measurement on a real backend (netns): the lab runs for real, tcpdump captures each
 * host's underlay NIC from the start, and during each step that pings from a container also every
 * device of the pinging host and every container's devices on the others. The real capture is
 * noisy (ARP, Serf gossip, etcd's heartbeats, TCP acknowledgements, several echo requests, the same
 * packet on every device it crosses), so the ping is picked by its own bytes: an ICMP echo request
 * leaving a container, told apart from every other by its destination, ICMP identifier and sequence
 * number (looked for inside any tunnel; not by its source, which a masquerading host rewrites on
 * the way), that reached a container on another host and was seen on the sender's underlay NIC.
 */
package org.overlaylab.app.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

final class RealPing {
    /** How long a real command may take: image imports and daemon starts are slow on a busy machine. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    /** tcpdump writes each packet at once (-U); this lets the step's last ones reach the reader. */
    private static final long FLUSH_MILLIS = 300;
    /** tcpdumps started at once for a ping step: each start waits on a shell in the host. */
    private static final int CAPTURE_STARTERS = 4;

    private RealPing() {}

    /**
     * An ICMP echo request told apart from every other of the step: destination, identifier, sequence
     * number. Not the source: Docker masquerades what leaves docker0 for another device (flannel.100),
     * so the same request has another source on the underlay than in the container.
     */
    record EchoKey(String destination, int identifier, int sequence) {}

    /** Frames as several tcpdumps deliver them, in arrival order. */
    private static final class FrameLog implements FrameListener {
        private final List<CapturedFrame> frames = new ArrayList<>();

        @Override
        public synchronized void onFrame(CapturedFrame frame) {
            frames.add(frame);
        }

        synchronized int size() {
            return frames.size();
        }

        synchronized List<CapturedFrame> from(int index) {
            return List.copyOf(frames.subList(Math.min(index, frames.size()), frames.size()));
        }
    }

    static LabComparison measure(Lab lab, BackendFactory factory, PingComparer.Progress progress)
            throws PingComparer.ComparisonException {
        String kind = factory.kind();
        Backend backend = factory.create();
        BackendOptions options = new BackendOptions(lab.seed(), null, COMMAND_TIMEOUT, Map.of());
        FrameLog nics = new FrameLog();
        List<CaptureHandle> nicCaptures = new ArrayList<>();
        List<Step> steps = lab.steps();
        List<String> failed = new ArrayList<>();
        try (LabSession session = new LabSession(lab, backend, options)) {
            session.setSolveTasks(true);
            progress.step(lab.id(), 0, steps.size(), "bringing the hosts up");
            session.start();
            try {
                for (HostSpec h : lab.hosts()) {
                    nicCaptures.add(backend.capture(CapturePoint.of(h.name(), h.underlayInterface()), nics));
                }
                for (int n = 1; n <= steps.size(); n++) {
                    if (progress.cancelled()) {
                        throw new CancellationException("cancelled before step " + n + " of " + lab.id());
                    }
                    Step step = steps.get(n - 1);
                    progress.step(lab.id(), n, steps.size(), step.title());
                    if (!PingComparer.runsContainerPing(step)) {
                        PingComparer.noteOutcome(lab, kind, session.runNext(), failed);
                        continue;
                    }
                    FrameLog inside = new FrameLog();
                    List<String> pingHosts = pingHosts(step);
                    List<CapturePoint> points = alongThePing(lab, session.topology(), pingHosts);
                    List<CaptureHandle> stepCaptures = startAll(backend, points, inside);
                    int nicStart = nics.size();
                    StepResult result;
                    try {
                        result = session.runNext();
                        Thread.sleep(FLUSH_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted in step " + n + " of " + lab.id());
                    } finally {
                        closeAll(stepCaptures);
                    }
                    PingComparer.noteOutcome(lab, kind, result, failed);
                    String capturedAt = capturedAt(lab, pingHosts, stepCaptures.size(), n);
                    Optional<LabComparison> found = measureStep(lab, n, step, inside.from(0), nics.from(nicStart),
                            nics.from(0), result.topology(), kind, capturedAt);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            } finally {
                closeAll(nicCaptures);
            }
        } catch (BackendException e) {
            throw PingComparer.notRun(lab, kind, e.getMessage());
        }
        throw PingComparer.noCrossHostPing(lab, kind, failed);
    }

    private static List<String> pingHosts(Step step) {
        return step.commands().stream().filter(c -> PingComparer.CONTAINER_PING.matcher(c.line()).find())
                .map(CommandSpec::host).distinct().toList();
    }

    /**
     * Where the ping can pass, from the state before its step: every device that is up on a host
     * that pings (its own namespace, Docker's overlay namespaces, its containers) and every
     * container's devices on the other hosts. The underlay NICs are captured already, loopbacks never.
     */
    static List<CapturePoint> alongThePing(Lab lab, Topology topology, List<String> pingHosts) {
        List<CapturePoint> points = new ArrayList<>();
        for (Host host : topology.hosts()) {
            boolean pings = pingHosts.contains(host.name());
            String nic = lab.host(host.name()).map(HostSpec::underlayInterface).orElse(null);
            for (NetNamespace ns : host.namespaces()) {
                boolean wanted = ns.kind() == NetNamespace.Kind.CONTAINER
                        || (pings && (ns.kind() == NetNamespace.Kind.HOST || ns.kind() == NetNamespace.Kind.OVERLAY));
                if (!wanted) {
                    continue;
                }
                for (NetInterface i : ns.interfaces()) {
                    boolean theNic = ns.kind() == NetNamespace.Kind.HOST && i.name().equals(nic);
                    if (!i.up() || i.name().equals("lo") || theNic) {
                        continue;
                    }
                    points.add(new CapturePoint(host.name(), ns.kind() == NetNamespace.Kind.HOST ? null : ns.name(), i.name()));
                }
            }
        }
        return points;
    }

    /**
     * Starts a tcpdump on each point, a few at a time. A device tcpdump cannot open (one that went
     * away since it was observed) is left out: the ping is then looked for on the others.
     */
    private static List<CaptureHandle> startAll(Backend backend, List<CapturePoint> points, FrameListener listener) {
        ExecutorService starters = Executors.newFixedThreadPool(CAPTURE_STARTERS, r -> {
            Thread t = new Thread(r, "compare-capture-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<CaptureHandle>> started = new ArrayList<>();
            for (CapturePoint p : points) {
                started.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return backend.capture(p, listener);
                    } catch (BackendException e) {
                        return null;
                    }
                }, starters));
            }
            return started.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
        } finally {
            starters.shutdown();
        }
    }

    private static void closeAll(List<CaptureHandle> handles) {
        for (CaptureHandle h : handles) {
            try {
                h.close();
            } catch (RuntimeException e) {
                // the backend's teardown ends the capture's tcpdump anyway
            }
        }
    }

    private static String capturedAt(Lab lab, List<String> pingHosts, int devices, int step) {
        List<String> nics = lab.hosts().stream().map(h -> h.underlayInterface() + " of " + h.name()).toList();
        List<String> others = lab.hosts().stream().map(HostSpec::name).filter(h -> !pingHosts.contains(h)).toList();
        return "tcpdump on " + String.join(", ", nics) + " from the start (the control plane as it left each host);"
                + " in step " + step + " on " + devices + " more devices: every one of " + String.join(", ", pingHosts)
                + (others.isEmpty() ? "" : ", the containers' of " + String.join(", ", others));
    }

    /**
     * The step's cross-host ping, or empty when no echo request went from a container to a container
     * on another host. `inside` holds the step's frames on the devices along the ping, `nicsInStep`
     * the underlay NICs' frames of the step, `nicsSoFar` theirs since the lab started.
     */
    static Optional<LabComparison> measureStep(Lab lab, int number, Step step, List<CapturedFrame> inside,
                                               List<CapturedFrame> nicsInStep, List<CapturedFrame> nicsSoFar,
                                               Topology topology, String kind, String capturedAt) {
        List<CapturedFrame> byTime = inside.stream().sorted(Comparator.comparingLong(CapturedFrame::timeNanos)).toList();
        Map<CapturedFrame, EchoKey> keys = new IdentityHashMap<>();
        for (CapturedFrame f : byTime) {
            keys.put(f, echoRequest(f.data()));
        }
        for (CapturedFrame f : nicsInStep) {
            keys.put(f, echoRequest(f.data()));
        }
        for (CapturedFrame sent : byTime) {
            if (sent.direction() != CapturedFrame.Direction.OUT || !PingComparer.isEchoRequest(sent.data())
                    || kind(topology, sent) != NetNamespace.Kind.CONTAINER) {
                continue;
            }
            EchoKey key = keys.get(sent);
            CapturedFrame received = byTime.stream()
                    .filter(f -> !f.host().equals(sent.host()) && f.direction() == CapturedFrame.Direction.IN
                            && kind(topology, f) == NetNamespace.Kind.CONTAINER && PingComparer.isEchoRequest(f.data())
                            && key.equals(keys.get(f)))
                    .findFirst().orElse(null);
            String nic = lab.host(sent.host()).map(HostSpec::underlayInterface).orElse(null);
            CapturedFrame underlay = nicsInStep.stream()
                    .filter(f -> f.host().equals(sent.host()) && f.device().equals(nic) && key.equals(keys.get(f)))
                    .findFirst().orElse(null);
            if (received == null || underlay == null) {
                continue;
            }
            Set<String> innerDevices = new LinkedHashSet<>();
            for (CapturedFrame f : byTime) {
                if (f.host().equals(sent.host()) && f.originalLength() == sent.originalLength()
                        && key.equals(keys.get(f))) {
                    innerDevices.add(f.namespace() + "\u0000" + f.device());
                }
            }
            // each packet once: a host's NIC sees what it sends and what the others send it
            List<CapturedFrame> leaving = nicsSoFar.stream().filter(f -> f.direction() == CapturedFrame.Direction.OUT).toList();
            return Optional.of(PingComparer.build(lab, number, step, PingComparer.controlTraffic(leaving, false), sent,
                    received, underlay, innerDevices, topology, kind, capturedAt));
        }
        return Optional.empty();
    }

    /** The innermost ICMP echo request a frame carries, through any tunnel, or null. */
    static EchoKey echoRequest(byte[] frame) {
        List<Layer> layers;
        try {
            layers = LayerTree.of(frame).layers();
        } catch (RuntimeException e) {
            return null;
        }
        for (int i = layers.size() - 1; i > 0; i--) {
            Layer icmp = layers.get(i);
            Layer ip = layers.get(i - 1);
            if (!icmp.name().equals(LayerTree.ICMP) || !ip.name().equals(LayerTree.IPV4)) {
                continue;
            }
            int at = icmp.offset();
            if (at + 8 > frame.length || (frame[at] & 0xff) != 8) {
                return null;
            }
            return new EchoKey(PingComparer.ipv4Text(frame, ip.offset() + 16), PingComparer.u16(frame, at + 4),
                    PingComparer.u16(frame, at + 6));
        }
        return null;
    }

    private static NetNamespace.Kind kind(Topology topology, CapturedFrame f) {
        return topology.host(f.host()).flatMap(h -> h.namespace(f.namespace())).map(NetNamespace::kind).orElse(null);
    }
}
