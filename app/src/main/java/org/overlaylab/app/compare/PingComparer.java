/*
 * Runs a lab step by step until a container pings a container on another host, and measures that
 * ping from the frames it produced. The step is found, not named: among the steps that run
 * `docker exec ... ping`, the first whose ICMP echo request left a container on one host and
 * arrived in a container on another. On the simulator every device's frames are there; on netns the
 * real lab runs (real dockerd, OVS, etcd) and tcpdump captures each host's underlay NIC from the
 * start and, during each candidate step, the devices the ping can pass. Everything reported comes
 * from the captured bytes (decoded by the packets module's layer tree) and the topology the backend
 * shows after the step.
 */
package org.overlaylab.app.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Neighbour;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public final class PingComparer {
    /** The MTU of the tutorial's underlay NICs, the budget every encapsulation must fit in. */
    public static final int UNDERLAY_MTU = 1500;
    /** The backends a comparison runs on: the simulator, and the real lab in network namespaces. */
    public static final List<String> BACKENDS = List.of("sim", "netns");
    public static final String SIM = "sim";

    static final Pattern CONTAINER_PING = Pattern.compile("docker\\s+exec\\s+(-\\S+\\s+)*\\S+\\s+ping\\b");
    static final int ETH = 14;

    /** Told what a comparison is doing; asked between steps whether to stop. */
    public interface Progress {
        Progress NONE = new Progress() {};

        /** Step `number` of `count` of the lab starts (0: the hosts are being brought up). */
        default void step(String labId, int number, int count, String title) {}

        /** True to stop after the current step: the comparison then ends with a CancellationException. */
        default boolean cancelled() {
            return false;
        }
    }

    private PingComparer() {}

    /** Whether a step runs ping inside a container: a candidate for the cross-host ping. */
    static boolean runsContainerPing(Step step) {
        return step.commands().stream().anyMatch(c -> CONTAINER_PING.matcher(c.line()).find());
    }

    /**
     * Runs the lab on a fresh simulator with its own seed and measures its first cross-host
     * container ping.
     *
     * @throws ComparisonException when the simulator cannot run the lab or no step pings across hosts
     */
    public static LabComparison compare(Lab lab) throws ComparisonException {
        return compare(lab, SIM, Progress.NONE);
    }

    /**
     * Each lab in turn on the backend: its comparison, or why it has none, so one lab that cannot run
     * there leaves the others compared.
     *
     * @throws CancellationException when progress asked to stop
     */
    public static List<LabOutcome> compareAll(List<Lab> labs, String backendKind, Progress progress) {
        List<LabOutcome> out = new ArrayList<>();
        for (Lab lab : labs) {
            try {
                out.add(LabOutcome.measured(compare(lab, backendKind, progress)));
            } catch (ComparisonException e) {
                out.add(LabOutcome.notCompared(lab.id(), e.reason()));
            }
        }
        return out;
    }

    /**
     * Runs the lab on the backend ("sim" or "netns") with its own seed and measures its first
     * cross-host container ping.
     *
     * @throws ComparisonException when the backend cannot run the lab or no step pings across hosts
     * @throws CancellationException when progress asked to stop
     */
    public static LabComparison compare(Lab lab, String backendKind, Progress progress) throws ComparisonException {
        BackendFactory factory;
        try {
            factory = BackendRegistry.load().require(backendKind);
        } catch (BackendException e) {
            throw new ComparisonException(lab.id(), e.getMessage());
        }
        String refusal = lab.backendRefusal(factory.kind());
        if (refusal != null) {
            throw new ComparisonException(lab.id(), refusal);
        }
        if (factory.kind().equals(SIM)) {
            return onSimulator(lab, factory, progress);
        }
        if (!BACKENDS.contains(factory.kind())) {
            throw new ComparisonException(lab.id(), "compare runs on " + String.join(" or ", BACKENDS) + ", not " + backendKind);
        }
        String why;
        try {
            why = factory.unavailableReason();
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        if (why != null) {
            throw notRun(lab, backendKind, why);
        }
        return RealPing.measure(lab, factory, progress);
    }

    static ComparisonException notRun(Lab lab, String backendKind, String why) {
        return new ComparisonException(lab.id(), "not run on " + backendKind + ": " + why);
    }

    private static LabComparison onSimulator(Lab lab, BackendFactory factory, Progress progress) throws ComparisonException {
        Backend backend = factory.create();
        List<CapturedFrame> frames = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (LabSession session = new LabSession(lab, backend, BackendOptions.withSeed(lab.seed()))) {
            session.setSolveTasks(true);
            session.start();
            try (CaptureHandle capture = backend.capture(CapturePoint.ANY, f -> {
                synchronized (frames) {
                    frames.add(f);
                }
            })) {
                List<Step> steps = lab.steps();
                for (int n = 1; n <= steps.size(); n++) {
                    if (progress.cancelled()) {
                        throw new CancellationException("cancelled before step " + n + " of " + lab.id());
                    }
                    progress.step(lab.id(), n, steps.size(), steps.get(n - 1).title());
                    int before;
                    synchronized (frames) {
                        before = frames.size();
                    }
                    noteOutcome(lab, SIM, session.runNext(), failed);
                    Step step = steps.get(n - 1);
                    if (!runsContainerPing(step)) {
                        continue;
                    }
                    List<CapturedFrame> all;
                    synchronized (frames) {
                        all = List.copyOf(frames);
                    }
                    Optional<LabComparison> found = measure(lab, n, step, all, before, session.topology());
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
        } catch (BackendException e) {
            throw new ComparisonException(lab.id(), "the simulator could not run the lab: " + e.getMessage());
        }
        throw noCrossHostPing(lab, SIM, failed);
    }

    /** A step the backend could not carry out ends the lab's run; a step that failed is noted with what failed. */
    static void noteOutcome(Lab lab, String kind, StepResult r, List<String> failed) throws ComparisonException {
        String step = "step " + r.number() + " (" + r.step().title() + ")";
        if (r.error() != null) {
            throw notRun(lab, kind, step + ": " + r.error());
        }
        for (CommandOutcome c : r.commands()) {
            if (!c.passed()) {
                String said = firstLine(c.result().output());
                failed.add(step + " fails there: " + c.spec().host() + "$ " + c.spec().line() + (said.isEmpty() ? "" : ": " + said));
                return;
            }
        }
        r.checks().stream().filter(c -> !c.passed()).findFirst()
                .ifPresent(c -> failed.add(step + " fails there: check " + c.description()
                        + (c.detail().isEmpty() ? "" : ": " + firstLine(c.detail()))));
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
    }

    /** No ping crossed: the first step that failed on the backend says why, else the lab has no such ping. */
    static ComparisonException noCrossHostPing(Lab lab, String kind, List<String> failed) {
        if (!failed.isEmpty()) {
            return notRun(lab, kind, failed.get(0));
        }
        return noCrossHostPing(lab);
    }

    static ComparisonException noCrossHostPing(Lab lab) {
        return new ComparisonException(lab.id(), "no step pings from a container on one host to a container on another");
    }

    /** The step's cross-host ping measured, or empty when its echo requests stayed on one host. */
    static Optional<LabComparison> measure(Lab lab, int number, Step step, List<CapturedFrame> all, int stepStart,
                                           Topology topology) {
        List<CapturedFrame> ofStep = all.subList(stepStart, all.size());
        for (CapturedFrame sent : ofStep) {
            if (sent.direction() != CapturedFrame.Direction.OUT || !isEchoRequest(sent.data())
                    || kind(topology, sent) != NetNamespace.Kind.CONTAINER) {
                continue;
            }
            CapturedFrame received = null;
            CapturedFrame underlay = null;
            Set<String> innerDevices = new LinkedHashSet<>();
            for (CapturedFrame f : ofStep) {
                if (f.traceId() != sent.traceId() || f.dropped()) {
                    continue;
                }
                if (f.direction() == CapturedFrame.Direction.IN && !f.host().equals(sent.host())
                        && kind(topology, f) == NetNamespace.Kind.CONTAINER && isEchoRequest(f.data())
                        // a bridge floods a frame for a MAC it has not learnt to every port; the
                        // receiver is the namespace that holds the destination address
                        && (received == null || holdsAddress(topology, f, ipv4Text(f.data(), ETH + 16)))) {
                    received = f;
                }
                if (f.host().equals(sent.host())) {
                    if (underlay == null && f.direction() == CapturedFrame.Direction.OUT
                            && isUnderlayNic(lab, topology, f)) {
                        underlay = f;
                    }
                    if (f.originalLength() == sent.originalLength()) {
                        innerDevices.add(f.namespace() + "\u0000" + f.device());
                    }
                }
            }
            if (received == null || underlay == null) {
                continue;
            }
            return Optional.of(build(lab, number, step, controlTraffic(all, true), sent, received, underlay,
                    innerDevices, topology, SIM, "every device of every host"));
        }
        return Optional.empty();
    }

    static LabComparison build(Lab lab, int number, Step step, List<LabComparison.ControlTraffic> control,
                               CapturedFrame sent, CapturedFrame received, CapturedFrame underlay,
                               Set<String> innerDevices, Topology topology, String backendKind, String capturedAt) {
        List<LabComparison.Header> headers = new ArrayList<>();
        for (Layer layer : LayerTree.of(underlay.data()).layers()) {
            boolean data = layer.name().equals(LayerTree.DATA);
            headers.add(new LabComparison.Header(data ? LabComparison.DATA : layer.name(), layer.length(),
                    layer.isTunnel()));
        }
        String innerDevice = null;
        int innerMtu = Integer.MAX_VALUE;
        Host senderHost = topology.host(sent.host()).orElseThrow();
        for (String key : innerDevices) {
            String[] nsAndDevice = key.split("\u0000", 2);
            Optional<NetInterface> dev = senderHost.namespace(nsAndDevice[0]).flatMap(ns -> ns.iface(nsAndDevice[1]));
            if (dev.isPresent() && dev.get().mtu() < innerMtu) {
                innerMtu = dev.get().mtu();
                innerDevice = nsAndDevice[1];
            }
        }
        String receiverIp = ipv4Text(received.data(), ETH + 16);
        String senderIp = ipv4Text(sent.data(), ETH + 12);
        int receivedTtl = received.data()[ETH + 8] & 0xff;
        String command = step.commands().stream().filter(c -> CONTAINER_PING.matcher(c.line()).find())
                .map(c -> c.host() + "$ " + c.line()).findFirst().orElse("");
        return new LabComparison(lab.id(), lab.title(), number, step.title(), command,
                sent.host() + "/" + containerOf(topology, sent) + " " + senderIp,
                received.host() + "/" + containerOf(topology, received) + " " + receiverIp,
                headers, underlay.originalLength(), sent.originalLength(), UNDERLAY_MTU, innerDevice,
                innerMtu == Integer.MAX_VALUE ? UNDERLAY_MTU : innerMtu, receivedTtl,
                control, forwardingState(topology, senderHost, receiverIp,
                        topology.host(received.host()).orElseThrow()), underlay.host() + " " + underlay.device(),
                backendKind, capturedAt, ipv4Text(received.data(), ETH + 12));
    }

    /**
     * Control-plane packets seen from the lab's start through the ping's step, by protocol. With
     * `byTrace`, a packet is counted once however many devices saw it (one trace), with its size
     * where it was first seen, and a frame without a trace (0) counts alone; without it every frame
     * counts (the caller kept one frame per packet).
     */
    static List<LabComparison.ControlTraffic> controlTraffic(List<CapturedFrame> frames, boolean byTrace) {
        Map<String, long[]> byProtocol = new LinkedHashMap<>();
        Set<Long> seen = new java.util.HashSet<>();
        for (CapturedFrame f : frames) {
            if (f.dropped() || f.plane() != Plane.CONTROL || (byTrace && f.traceId() != 0 && !seen.add(f.traceId()))) {
                continue;
            }
            long[] counts = byProtocol.computeIfAbsent(controlProtocol(f.data()), k -> new long[2]);
            counts[0]++;
            counts[1] += f.originalLength();
        }
        List<LabComparison.ControlTraffic> out = new ArrayList<>();
        byProtocol.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new LabComparison.ControlTraffic(e.getKey(), (int) e.getValue()[0], e.getValue()[1])));
        return out;
    }

    /**
     * ARP, BGP, Serf, swarm's join and Raft with its managers (2377, TLS), etcd's members among themselves (peer port 2380: Raft's heartbeats and log) or
     * etcd's clients (2379: Docker's, flannel's and Calico's reads, writes and watches), from the
     * ports Plane counts as control.
     */
    static String controlProtocol(byte[] frame) {
        int type = u16(frame, 12);
        if (type == 0x0806) {
            return "ARP";
        }
        int l4 = ETH + (frame[ETH] & 0x0f) * 4;
        int sport = u16(frame, l4);
        int dport = u16(frame, l4 + 2);
        if (sport == 179 || dport == 179) {
            return "BGP";
        }
        if (sport == 7946 || dport == 7946) {
            return "Serf";
        }
        if (sport == 2380 || dport == 2380) {
            return "etcd peers";
        }
        if (sport == 2377 || dport == 2377) {
            return "swarm managers (TLS)";
        }
        return "etcd clients";
    }

    /**
     * What on the sending host points the ping at the receiver: routes (outside containers) covering
     * the receiver's address, neighbour entries for the next hop on those routes, FDB entries and
     * OVS tunnel ports aimed at the receiving host's addresses.
     */
    static List<String> forwardingState(Topology topology, Host sender, String receiverIp, Host receiver) {
        Set<String> receiverAddresses = new LinkedHashSet<>();
        for (NetNamespace ns : receiver.namespaces()) {
            if (ns.kind() == NetNamespace.Kind.HOST) {
                ns.interfaces().forEach(i -> i.addresses().forEach(a -> receiverAddresses.add(a.address())));
            }
        }
        List<String> out = new ArrayList<>();
        for (NetNamespace ns : sender.namespaces()) {
            if (ns.kind() == NetNamespace.Kind.CONTAINER) {
                continue;
            }
            String where = sender.name() + (ns.kind() == NetNamespace.Kind.HOST ? "" : " [" + ns.name() + "]");
            Set<String> nextHops = new LinkedHashSet<>();
            ns.routes().stream()
                    .filter(r -> !r.destination().equals("default") && Cidr.isValid(cidrOf(r.destination()))
                            && Cidr.parse(cidrOf(r.destination())).contains(receiverIp))
                    .sorted(Comparator.comparingInt((Route r) -> -Cidr.parse(cidrOf(r.destination())).prefixLength()))
                    .forEach(r -> {
                        out.add(where + " route: " + routeText(r));
                        nextHops.add(r.gateway() == null ? receiverIp : r.gateway());
                    });
            for (Neighbour n : ns.neighbours()) {
                if (nextHops.contains(n.address()) && n.lladdr() != null && !n.lladdr().isEmpty()) {
                    out.add(where + " neighbour: " + n.address() + " dev " + n.device() + " lladdr " + n.lladdr()
                            + (n.state() == null ? "" : " " + n.state()));
                }
            }
            for (FdbEntry f : ns.fdb()) {
                if (f.destination() != null && receiverAddresses.contains(f.destination())) {
                    out.add(where + " fdb: " + f.mac() + " dev " + f.device() + " dst " + f.destination()
                            + (f.self() ? " self" : "") + (f.state() == null || f.state().isEmpty() ? "" : " " + f.state()));
                }
            }
        }
        for (OvsBridge bridge : sender.ovsBridges()) {
            for (OvsBridge.Port port : bridge.ports()) {
                String remote = port.options().get("remote_ip");
                if (remote != null && receiverAddresses.contains(remote)) {
                    out.add(sender.name() + " ovs port: " + bridge.name() + " " + port.name() + " type " + port.type()
                            + " remote_ip " + remote);
                }
            }
        }
        return out;
    }

    private static String cidrOf(String destination) {
        return destination.contains("/") ? destination : destination + "/32";
    }

    /** A route as `ip route` prints it. */
    static String routeText(Route r) {
        StringBuilder sb = new StringBuilder(r.destination());
        if (r.gateway() != null && !r.gateway().isEmpty()) {
            sb.append(" via ").append(r.gateway());
        }
        if (r.device() != null && !r.device().isEmpty()) {
            sb.append(" dev ").append(r.device());
        }
        if (r.protocol() != null && !r.protocol().isEmpty() && !r.protocol().equals("boot")) {
            sb.append(" proto ").append(r.protocol());
        }
        if (r.scope() != null && !r.scope().isEmpty() && !r.scope().equals("global")) {
            sb.append(" scope ").append(r.scope());
        }
        if (r.source() != null && !r.source().isEmpty()) {
            sb.append(" src ").append(r.source());
        }
        if (r.onlink()) {
            sb.append(" onlink");
        }
        return sb.toString();
    }

    /** A lab host's NIC on any underlay segment (a lab with routers has more than one). */
    private static boolean isUnderlayNic(Lab lab, Topology topology, CapturedFrame f) {
        List<Cidr> segments = lab.segments().stream().map(Cidr::parse).toList();
        if (segments.isEmpty()) {
            return false;
        }
        return topology.host(f.host()).flatMap(h -> h.namespace(f.namespace()))
                .filter(ns -> ns.kind() == NetNamespace.Kind.HOST)
                .flatMap(ns -> ns.iface(f.device()))
                .map(dev -> dev.addresses().stream().anyMatch(a -> segments.stream().anyMatch(s -> s.contains(a.address()))))
                .orElse(false);
    }

    private static NetNamespace.Kind kind(Topology topology, CapturedFrame f) {
        return topology.host(f.host()).flatMap(h -> h.namespace(f.namespace())).map(NetNamespace::kind).orElse(null);
    }

    private static boolean holdsAddress(Topology topology, CapturedFrame f, String address) {
        return topology.host(f.host()).flatMap(h -> h.namespace(f.namespace()))
                .map(ns -> ns.interfaces().stream().anyMatch(i -> i.addresses().stream().anyMatch(a -> a.address().equals(address))))
                .orElse(false);
    }

    private static String containerOf(Topology topology, CapturedFrame f) {
        Host host = topology.host(f.host()).orElseThrow();
        String name = host.namespace(f.namespace()).map(NetNamespace::container).orElse(null);
        if (name != null && !name.isEmpty()) {
            return host.containers().stream().filter(c -> c.name().equals(name) || c.id().equals(name))
                    .map(Container::name).findFirst().orElse(name);
        }
        return f.namespace();
    }

    /** An untagged Ethernet frame carrying IPv4 ICMP echo request (type 8). */
    static boolean isEchoRequest(byte[] b) {
        if (b.length < ETH + 20 + 8 || u16(b, 12) != 0x0800 || (b[ETH + 9] & 0xff) != 1) {
            return false;
        }
        int icmp = ETH + (b[ETH] & 0x0f) * 4;
        return b.length > icmp && (b[icmp] & 0xff) == 8;
    }

    static String ipv4Text(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    /** A lab that cannot be compared, with the reason in one line. */
    public static final class ComparisonException extends Exception {
        private final String reason;

        public ComparisonException(String labId, String reason) {
            super(labId + ": " + reason);
            this.reason = reason;
        }

        /** Why, without the lab's id: "not run on netns: ...". */
        public String reason() {
            return reason;
        }
    }
}
