/*
 * Which devices a lab's frames are captured on. The simulator sees every device of every host at
 * no cost, so it captures everything. A real backend runs one tcpdump per device, so it captures
 * where the story of the tutorial shows: each host's underlay and NAT cards (the tunnels' outer
 * packets, the way out), every tunnel device (VXLAN, GRE) and every container's and Docker overlay
 * namespace's devices (the inner packets), each lab router's links (frames crossing between
 * underlay segments), plus whatever the user picks in the packet view. The
 * plan follows the topology: new devices get a capture after the step that made them, devices
 * that went away lose theirs, and after a reset (which ends a real backend's captures) every
 * capture starts again. Used by the desktop's runner and by `run --pcap`, each from one thread.
 */
package org.overlaylab.app.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Topology;

public final class CapturePlan {
    /** Device kinds whose frames are a tunnel's inner packets. */
    private static final Set<String> TUNNEL_KINDS = Set.of("vxlan", "gre", "gretap", "ipip");

    private final Backend backend;
    private final Lab lab;
    private final FrameListener listener;
    private final Consumer<String> problem;
    private CaptureHandle everything;
    private boolean everythingTried;
    private final Map<CapturePoint, CaptureHandle> active = new HashMap<>();
    private final Set<CapturePoint> pinned = new LinkedHashSet<>();
    /** Points that failed once; not tried again until a reset, so a step is not slowed down by the same failure. */
    private final Set<CapturePoint> failed = new LinkedHashSet<>();

    public CapturePlan(Backend backend, Lab lab, FrameListener listener, Consumer<String> problem) {
        this.backend = backend;
        this.lab = lab;
        this.listener = listener;
        this.problem = problem;
    }

    /** Brings the captures in line with the lab as it now is. */
    public void follow(Topology topology) {
        if (!everythingTried) {
            everythingTried = true;
            try {
                everything = backend.capture(CapturePoint.ANY, listener);
                return;
            } catch (BackendException e) {
                // a real backend: capture device by device below
            }
        }
        if (everything != null) {
            return;
        }
        Set<CapturePoint> wanted = wanted(topology);
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
        List<String> failures = new ArrayList<>();
        for (CapturePoint p : wanted) {
            if (active.containsKey(p) || failed.contains(p)) {
                continue;
            }
            try {
                active.put(p, backend.capture(p, listener));
            } catch (BackendException e) {
                failed.add(p);
                failures.add(p + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            problem.accept("cannot capture on " + String.join("; ", failures));
        }
    }

    /** The backend went back to the fresh lab and ended its captures: start them again. */
    public void afterReset(Topology topology) {
        active.values().forEach(CaptureHandle::close);
        active.clear();
        failed.clear();
        if (everything != null) {
            everything.close();
            everything = null;
            everythingTried = false;
        }
        follow(topology);
    }

    /** The user asked to see a point: captured from now on (a host's "any" means each of its devices). */
    public void pin(CapturePoint point, Topology topology) {
        if (point == null || point.isAny() || "file".equals(point.host())) {
            return;
        }
        pinned.add(point);
        failed.remove(point);
        follow(topology);
    }

    public void close() {
        if (everything != null) {
            everything.close();
        }
        active.values().forEach(CaptureHandle::close);
        active.clear();
    }

    private Set<CapturePoint> wanted(Topology topology) {
        Set<CapturePoint> out = new LinkedHashSet<>();
        for (Host h : topology.hosts()) {
            HostSpec spec = lab.hosts().stream().filter(s -> s.name().equals(h.name())).findFirst().orElse(null);
            for (NetNamespace ns : h.namespaces()) {
                for (NetInterface dev : ns.interfaces()) {
                    if (dev.isKind("loopback") || !dev.up()) {
                        continue;
                    }
                    CapturePoint p = new CapturePoint(h.name(), ns.name(), dev.name());
                    if (byDefault(spec, ns, dev) || pinnedCovers(h.name(), ns.name(), dev.name())) {
                        out.add(p);
                    }
                }
            }
        }
        if (!topology.hosts().isEmpty()) {
            lab.routers().forEach(r -> r.links().forEach(l ->
                    out.add(new CapturePoint(r.name(), CapturePoint.HOST_NAMESPACE, l.interfaceName()))));
        }
        return out;
    }

    private static boolean byDefault(HostSpec spec, NetNamespace ns, NetInterface dev) {
        return switch (ns.kind()) {
            case HOST -> spec != null && (dev.name().equals(spec.underlayInterface())
                    || dev.name().equals(spec.natInterface())) || TUNNEL_KINDS.contains(dev.kind());
            case CONTAINER, OVERLAY -> true;
            case NAMED -> false;
        };
    }

    private boolean pinnedCovers(String host, String ns, String dev) {
        for (CapturePoint p : pinned) {
            if (p.matches(host, ns, dev)) {
                return true;
            }
        }
        return false;
    }
}
