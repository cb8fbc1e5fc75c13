/*
 * Replays the frames of the last step on the canvas, Packet Tracer style. Each captured frame is
 * an event; its marker travels from where the same packet was seen before (same traceId) to where
 * this frame was seen, along the drawn cables. Virtual time is stretched so every hop is visible
 * (a hop takes HOP seconds at speed 1) and long quiet spells are cut short; the order of events is
 * kept. When a packet turns into a tunnel frame the marker grows a capsule at the tunnel device,
 * and sheds it on the other side. Play, pause, step one event, seek, and a speed factor; the view
 * calls advance() once per screen frame and asks for markers(). What a frame carries (each event's
 * header stack, the marker's colour and capsule) comes from its layer tree: the Pcap4J decode the
 * detail view shows, not a second reading of the bytes.
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.diagram.Rect;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.app.ui.session.StepFrame;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public final class AnimationViewModel {
    /** Seconds one hop takes at speed 1. */
    public static final double HOP = 0.6;
    /** Seconds between events at the same device (in and out of a bridge). */
    static final double SAME_PLACE = 0.15;
    /** The longest pause kept between two events. */
    static final double MAX_GAP = 1.0;
    /** Virtual seconds to animation seconds, before the cap. */
    static final double TIME_SCALE = 1.0;
    /** How long a packet stays visible where it ended. */
    static final double LINGER = 0.9;
    /** How long the first frame of a packet takes to appear. */
    static final double APPEAR = 0.3;
    private static final double BUCKET = 0.5;

    /**
     * One row of the event list; {@code headers} is the frame's header stack, outermost first, as
     * the Pcap4J decode of its layer tree names them (Ethernet, IPv4, UDP, VXLAN, Ethernet, ...).
     */
    public record Event(int index, double t, long virtualNanos, int storeIndex, String host, String namespace,
                        String device, CapturedFrame.Direction direction, long trace, Protocol.Kind kind, String at,
                        String from, String type, List<String> headers, Plane plane) {}

    /**
     * A packet on the canvas: where (diagram coordinates), what it carries, how far it is wrapped in
     * a tunnel header (0 bare, 1 fully wrapped), whether it was dropped, its opacity, and whether it
     * is a control-plane frame (BGP, etcd, gossip, ARP), which the canvas paints apart from the data.
     */
    public record Marker(double x, double y, Protocol.Kind kind, double wrap, boolean dropped, double alpha,
                         int event, boolean control) {
        public Marker(double x, double y, Protocol.Kind kind, double wrap, boolean dropped, double alpha, int event) {
            this(x, y, kind, wrap, dropped, alpha, event, false);
        }
    }

    private final ListValue<Event> events = new ListValue<>();
    private final Value<Double> time = new Value<>(0.0);
    private final Value<Double> duration = new Value<>(0.0);
    private final Value<Boolean> playing = new Value<>(false);
    private final Value<Double> speed = new Value<>(1.0);
    private final Value<Integer> current = new Value<>(-1);
    private final Value<Boolean> showControlPlane = new Value<>(true);

    private Diagram diagram = Diagram.EMPTY;
    private Event[] ev = new Event[0];
    private int[] parent = new int[0];
    private boolean[] hasChild = new boolean[0];
    private double[] start = new double[0];
    private double[] end = new double[0];
    private double[] times = new double[0];
    private List<int[]> buckets = new ArrayList<>();
    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, Diagram.Link> vethByEnds = new HashMap<>();
    private final Map<String, Diagram.Link> edgeLinkOf = new HashMap<>();
    private final List<Marker> markers = new ArrayList<>();

    public ListValue<Event> events() {
        return events;
    }

    public ReadOnlyValue<Double> time() {
        return time.readOnly();
    }

    public ReadOnlyValue<Double> duration() {
        return duration.readOnly();
    }

    public ReadOnlyValue<Boolean> playing() {
        return playing.readOnly();
    }

    public ReadOnlyValue<Double> speed() {
        return speed.readOnly();
    }

    /** Whether control-plane frames (BGP, etcd, gossip, ARP) are animated; the data plane always is. */
    public ReadOnlyValue<Boolean> showControlPlane() {
        return showControlPlane.readOnly();
    }

    public void setShowControlPlane(boolean on) {
        showControlPlane.set(on);
    }

    /** Index of the last event at or before the current time, -1 before the first. */
    public ReadOnlyValue<Integer> currentEvent() {
        return current.readOnly();
    }

    // ------------------------------------------------------------------ loading

    /** Takes the frames of a step; `placeLabel` names a place for the event list ("node1 [test1] eth0"). */
    public void load(List<StepFrame> frames, Function<CapturedFrame, String> placeLabel) {
        int n = frames.size();
        List<StepFrame> sorted = new ArrayList<>(frames);
        sorted.sort((a, b) -> {
            int c = Long.compare(a.frame().timeNanos(), b.frame().timeNanos());
            return c != 0 ? c : Long.compare(a.frame().sequence(), b.frame().sequence());
        });
        ev = new Event[n];
        parent = new int[n];
        hasChild = new boolean[n];
        start = new double[n];
        end = new double[n];
        times = new double[n];
        Map<Long, Integer> lastOfTrace = new HashMap<>();
        double t = 0;
        long prevVirtual = n == 0 ? 0 : sorted.get(0).frame().timeNanos();
        long firstVirtual = prevVirtual;
        String[] placeKey = new String[n];
        String[] labels = new String[n];
        Protocol.Kind[] kinds = new Protocol.Kind[n];
        List<List<String>> headers = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            CapturedFrame f = sorted.get(k).frame();
            placeKey[k] = f.host() + "/" + (f.namespace() == null ? "host" : f.namespace()) + "/" + f.device();
            labels[k] = placeLabel.apply(f);
            LayerTree tree = LayerTree.of(f.data());
            kinds[k] = Protocol.of(tree);
            headers.add(tree.layers().stream().map(Layer::name).toList());
            Integer last = f.traceId() == 0 ? null : lastOfTrace.get(f.traceId());
            int p = -1;
            if (last != null) {
                CapturedFrame lf = sorted.get(last).frame();
                // a frame with the same hop count as the one before is a sibling (a bridge flooding): same parent
                p = lf.hop() == f.hop() && !placeKey[last].equals(placeKey[k]) ? parent[last] : last;
            }
            parent[k] = p;
            if (p >= 0) {
                hasChild[p] = true;
            }
            double dv = Math.max(0, (f.timeNanos() - prevVirtual) / 1e9);
            double base = (k == 0 ? APPEAR : t + Math.min(dv * TIME_SCALE, MAX_GAP));
            double tk = base;
            if (p >= 0) {
                tk = Math.max(base, times[p] + (placeKey[p].equals(placeKey[k]) ? SAME_PLACE : HOP));
            }
            times[k] = tk;
            t = tk;
            prevVirtual = f.timeNanos();
            if (f.traceId() != 0) {
                lastOfTrace.put(f.traceId(), k);
            }
        }
        for (int k = 0; k < n; k++) {
            CapturedFrame f = sorted.get(k).frame();
            int p = parent[k];
            start[k] = p >= 0 ? times[p] : times[k] - APPEAR;
            end[k] = hasChild[k] ? times[k] : times[k] + LINGER * (f.direction() == CapturedFrame.Direction.DROP ? 2 : 1);
            String type = kinds[k].label() + " · " + f.direction().name().toLowerCase()
                    + (f.dropReason() != null ? " (dropped: " + f.dropReason() + ")" : "");
            ev[k] = new Event(k, times[k], f.timeNanos() - firstVirtual, sorted.get(k).storeIndex(), f.host(),
                    f.namespace() == null ? "host" : f.namespace(), f.device(), f.direction(), f.traceId(), kinds[k],
                    labels[k], p >= 0 ? labels[p] : "", type, headers.get(k), f.plane());
        }
        buildBuckets();
        events.setAll(Arrays.asList(ev));
        duration.set(n == 0 ? 0.0 : end[n - 1] > 0 ? Arrays.stream(end).max().orElse(0) : 0.0);
        playing.set(false);
        time.set(0.0);
        current.set(-1);
    }

    /** No frames: the animation is empty. */
    public void clear() {
        load(List.of(), f -> "");
    }

    /** The diagram whose cables the markers follow. */
    public void setDiagram(Diagram d) {
        diagram = d;
        routes.clear();
        vethByEnds.clear();
        edgeLinkOf.clear();
        for (Diagram.Link l : d.links()) {
            switch (l.kind()) {
                case VETH -> {
                    vethByEnds.put(l.from() + "|" + l.to(), l);
                    vethByEnds.put(l.to() + "|" + l.from(), l);
                }
                case UNDERLAY, NAT -> edgeLinkOf.put(l.from(), l);
                default -> {
                }
            }
        }
    }

    private void buildBuckets() {
        int n = ev.length;
        double last = 0;
        for (int k = 0; k < n; k++) {
            last = Math.max(last, end[k]);
        }
        int count = (int) Math.ceil(last / BUCKET) + 1;
        List<List<Integer>> tmp = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tmp.add(new ArrayList<>());
        }
        for (int k = 0; k < n; k++) {
            int a = Math.max(0, (int) (start[k] / BUCKET));
            int b = Math.min(count - 1, (int) (end[k] / BUCKET));
            for (int i = a; i <= b; i++) {
                tmp.get(i).add(k);
            }
        }
        buckets = new ArrayList<>(count);
        for (List<Integer> l : tmp) {
            buckets.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    // ------------------------------------------------------------------ playback

    public void play() {
        if (ev.length == 0) {
            return;
        }
        if (time.get() >= duration.get()) {
            seek(0);
        }
        playing.set(true);
    }

    public void pause() {
        playing.set(false);
    }

    public void togglePlay() {
        if (playing.get()) {
            pause();
        } else {
            play();
        }
    }

    /** Speed factor, 0.1 to 16. */
    public void setSpeed(double factor) {
        speed.set(Math.max(0.1, Math.min(16, factor)));
    }

    /** Advances by real seconds times the speed; stops at the end. Returns whether anything moved. */
    public boolean advance(double realSeconds) {
        if (!playing.get()) {
            return false;
        }
        double t = time.get() + realSeconds * speed.get();
        if (t >= duration.get()) {
            t = duration.get();
            playing.set(false);
        }
        seekInternal(t);
        return true;
    }

    public void seek(double t) {
        seekInternal(Math.max(0, Math.min(duration.get(), t)));
    }

    /** Pauses and moves to the next event (one hop forward). */
    public void stepForward() {
        pause();
        int next = current.get() + 1;
        if (next < ev.length) {
            seekInternal(times[next]);
        }
    }

    /**
     * Pauses and moves to the previous event (one hop back). Events of one instant (two devices
     * sending at once) are passed together, as a step forward reaches them together.
     */
    public void stepBack() {
        pause();
        int c = current.get();
        int prev = c - 1;
        if (c >= 0 && times[c] < time.get() - 1e-9) {
            prev = c;
        } else {
            while (c >= 0 && prev >= 0 && times[prev] >= times[c] - 1e-9) {
                prev--;
            }
        }
        seekInternal(prev >= 0 ? times[prev] : 0);
    }

    /** Pauses at an event, as when it is picked in the event list. */
    public void seekToEvent(int index) {
        if (index < 0 || index >= ev.length) {
            return;
        }
        pause();
        seekInternal(times[index]);
    }

    private void seekInternal(double t) {
        time.set(t);
        int i = Arrays.binarySearch(times, t + 1e-9);
        int idx = i >= 0 ? i : -i - 2;
        while (idx + 1 < times.length && times[idx + 1] <= t + 1e-9) {
            idx++;
        }
        current.set(idx);
    }

    public Event event(int index) {
        return ev[index];
    }

    // ------------------------------------------------------------------ markers

    /** The markers at the current time, in diagram coordinates. The list is reused between calls. */
    public List<Marker> markers() {
        markers.clear();
        double t = time.get();
        int b = (int) (t / BUCKET);
        if (ev.length == 0 || b < 0 || b >= buckets.size()) {
            return markers;
        }
        boolean control = showControlPlane.get();
        for (int k : buckets.get(b)) {
            if (t < start[k] || t > end[k] || (!control && ev[k].plane() == Plane.CONTROL)) {
                continue;
            }
            Marker m = markerOf(k, t);
            if (m != null) {
                markers.add(m);
            }
        }
        return markers;
    }

    /** The marker nearest to a diagram point within a radius, for clicks on a packet. */
    public Marker markerNear(double x, double y, double radius) {
        Marker best = null;
        double bestD = radius;
        for (Marker m : markers()) {
            double d = Math.hypot(m.x() - x, m.y() - y);
            if (d <= bestD) {
                best = m;
                bestD = d;
            }
        }
        return best;
    }

    private Marker markerOf(int k, double t) {
        Event e = ev[k];
        int p = parent[k];
        boolean dropped = e.direction() == CapturedFrame.Direction.DROP;
        boolean wrappedHere = e.kind().tunnel() != Protocol.Tunnel.NONE;
        if (t >= times[k]) {
            // arrived: lingers where it was last seen, fading away
            Point at = placeOf(e.host(), e.namespace(), e.device());
            if (at == null) {
                return null;
            }
            double alpha = hasChild[k] ? 1 : Math.max(0, 1 - (t - times[k]) / (end[k] - times[k]));
            return new Marker(at.x(), at.y(), e.kind(), wrappedHere ? 1 : 0, dropped, alpha, k,
                    e.plane() == Plane.CONTROL);
        }
        if (p < 0) {
            Point at = placeOf(e.host(), e.namespace(), e.device());
            if (at == null) {
                return null;
            }
            double grow = Math.max(0.05, (t - start[k]) / APPEAR);
            return new Marker(at.x(), at.y(), e.kind(), wrappedHere ? 1 : 0, false, Math.min(1, grow), k,
                    e.plane() == Plane.CONTROL);
        }
        Event pe = ev[p];
        boolean wrappedBefore = pe.kind().tunnel() != Protocol.Tunnel.NONE;
        Route r = route(p, k);
        if (r == null) {
            return null;
        }
        double moveStart = Math.max(start[k], times[k] - HOP);
        double f = t <= moveStart ? 0 : (t - moveStart) / (times[k] - moveStart);
        f = smooth(f);
        Point at = r.at(f);
        double wrap;
        if (wrappedBefore == wrappedHere) {
            wrap = wrappedHere ? 1 : 0;
        } else {
            // the capsule forms (or falls away) at the tunnel device along the way
            double w = r.tunnelAt < 0 ? f : clamp((f - r.tunnelAt) / 0.25 + 0.5);
            wrap = wrappedHere ? w : 1 - w;
        }
        Protocol.Kind kind = new Protocol.Kind(e.kind().protocol(), wrappedHere ? e.kind().tunnel() : pe.kind().tunnel());
        return new Marker(at.x(), at.y(), kind, wrap, false, 1, p, e.plane() == Plane.CONTROL);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double smooth(double f) {
        f = clamp(f);
        return f * f * (3 - 2 * f);
    }

    // ------------------------------------------------------------------ routes along the drawn cables

    /** A polyline with its length; tunnelAt is the fraction where it passes the tunnel device, or -1. */
    private static final class Route {
        final Point[] pts;
        final double[] cum;
        final double tunnelAt;

        Route(List<Point> points, int tunnelIndex) {
            pts = points.toArray(new Point[0]);
            cum = new double[pts.length];
            for (int i = 1; i < pts.length; i++) {
                cum[i] = cum[i - 1] + pts[i - 1].distance(pts[i]);
            }
            double total = cum[cum.length - 1];
            tunnelAt = tunnelIndex < 0 || total == 0 ? -1 : cum[tunnelIndex] / total;
        }

        Point at(double f) {
            double total = cum[cum.length - 1];
            if (pts.length == 1 || total == 0) {
                return pts[0];
            }
            double d = f * total;
            int i = 1;
            while (i < pts.length - 1 && cum[i] < d) {
                i++;
            }
            double seg = cum[i] - cum[i - 1];
            double u = seg == 0 ? 0 : (d - cum[i - 1]) / seg;
            return new Point(pts[i - 1].x() + (pts[i].x() - pts[i - 1].x()) * u,
                    pts[i - 1].y() + (pts[i].y() - pts[i - 1].y()) * u);
        }
    }

    private Route route(int from, int to) {
        Event a = ev[from];
        Event b = ev[to];
        String key = a.host() + "/" + a.namespace() + "/" + a.device() + ">" + b.host() + "/" + b.namespace() + "/"
                + b.device() + (a.kind().tunnel() == b.kind().tunnel() ? "" : "#" + b.kind().tunnel() + a.kind().tunnel());
        return routes.computeIfAbsent(key, k -> buildRoute(a, b));
    }

    private Route buildRoute(Event a, Event b) {
        Point pa = placeOf(a.host(), a.namespace(), a.device());
        Point pb = placeOf(b.host(), b.namespace(), b.device());
        if (pa == null || pb == null) {
            return null;
        }
        String ca = chipId(a.host(), a.namespace(), a.device());
        String cb = chipId(b.host(), b.namespace(), b.device());
        boolean wraps = a.kind().tunnel() != b.kind().tunnel() && a.host().equals(b.host());
        if (wraps) {
            Protocol.Tunnel t = a.kind().tunnel() != Protocol.Tunnel.NONE ? a.kind().tunnel() : b.kind().tunnel();
            Diagram.Chip vtep = tunnelDevice(a.host(), t);
            if (vtep != null && !vtep.id().equals(ca) && !vtep.id().equals(cb)) {
                List<Point> pts = new ArrayList<>(path(ca, pa, vtep.id(), vtep.bounds().center()));
                int idx = pts.size() - 1;
                List<Point> rest = path(vtep.id(), vtep.bounds().center(), cb, pb);
                pts.addAll(rest.subList(1, rest.size()));
                return new Route(pts, idx);
            }
            boolean aIsVtep = vtep != null && vtep.id().equals(ca);
            return new Route(path(ca, pa, cb, pb), aIsVtep ? 0 : -1);
        }
        return new Route(path(ca, pa, cb, pb), -1);
    }

    /** Points from a to b: along a veth cable, down the underlay and along the switch, into the cloud, or straight. */
    private List<Point> path(String ca, Point pa, String cb, Point pb) {
        List<Point> pts = new ArrayList<>();
        pts.add(pa);
        if (ca.equals(cb) || pa.equals(pb)) {
            pts.add(pb);
            return pts;
        }
        Diagram.Link veth = vethByEnds.get(ca + "|" + cb);
        if (veth != null) {
            List<Point> lp = new ArrayList<>(veth.points());
            if (!veth.from().equals(ca)) {
                java.util.Collections.reverse(lp);
            }
            pts.addAll(lp);
            pts.add(pb);
            return pts;
        }
        Diagram.Link la = edgeLinkOf.get(ca);
        Diagram.Link lb = edgeLinkOf.get(cb);
        boolean aOutside = ca.startsWith("dev:outside/");
        boolean bOutside = cb.startsWith("dev:outside/");
        if (la != null && lb != null && la.kind() == lb.kind()) {
            pts.addAll(la.points());
            List<Point> back = new ArrayList<>(lb.points());
            java.util.Collections.reverse(back);
            pts.addAll(back);
            pts.add(pb);
            return pts;
        }
        if (la != null && la.kind() == Diagram.LinkKind.NAT && bOutside) {
            pts.addAll(la.points());
            pts.add(pb);
            return pts;
        }
        if (lb != null && lb.kind() == Diagram.LinkKind.NAT && aOutside) {
            List<Point> back = new ArrayList<>(lb.points());
            java.util.Collections.reverse(back);
            pts.addAll(back);
            pts.add(pb);
            return pts;
        }
        // inside one host: through the bridge both are ports of, if any
        Diagram.Chip chipA = diagram.chip(ca).orElse(null);
        Diagram.Chip chipB = diagram.chip(cb).orElse(null);
        if (chipA != null && chipB != null && chipA.parent().equals(chipB.parent())) {
            diagram.box(chipA.parent()).ifPresent(box -> {
                if (box.kind() != Diagram.BoxKind.HOST && box.kind() != Diagram.BoxKind.CONTAINER) {
                    pts.add(box.bounds().center());
                }
            });
        }
        pts.add(pb);
        return pts;
    }

    private Diagram.Chip tunnelDevice(String host, Protocol.Tunnel t) {
        for (Diagram.Chip c : diagram.chips()) {
            if (!c.host().equals(host)) {
                continue;
            }
            if (t == Protocol.Tunnel.VXLAN && c.role() == Diagram.ChipRole.VTEP && c.kind().equals("vxlan")) {
                return c;
            }
            if (t == Protocol.Tunnel.GRE && (c.role() == Diagram.ChipRole.TUNNEL_PORT || c.role() == Diagram.ChipRole.VTEP)
                    && !c.kind().equals("vxlan")) {
                return c;
            }
        }
        return null;
    }

    /** Where a capture point is drawn: its chip, else the bridge it names, else its host; the outside world is the cloud. */
    public Point placeOf(String host, String namespace, String device) {
        String ns = namespace == null ? "host" : namespace;
        if (host.equals("outside")) {
            return diagram.box(Diagram.CLOUD_ID).map(b -> b.bounds().center()).orElse(null);
        }
        Diagram.Chip c = diagram.chip(chipId(host, ns, device)).orElse(null);
        if (c != null) {
            return c.bounds().center();
        }
        Diagram.Box box = diagram.box(Diagram.bridgeId(host, ns, device))
                .or(() -> diagram.box(Diagram.ovsBridgeId(host, device)))
                .or(() -> diagram.box(Diagram.hostId(host))).orElse(null);
        if (box == null) {
            return null;
        }
        Rect r = box.bounds();
        return box.kind() == Diagram.BoxKind.HOST ? new Point(r.cx(), r.y() + r.h() * 0.3) : r.center();
    }

    /** The diagram id of the element an event happened at, for selecting it on the canvas. */
    public String elementOf(Event e) {
        if (e.host().equals("outside")) {
            return Diagram.CLOUD_ID;
        }
        String chip = chipId(e.host(), e.namespace(), e.device());
        if (diagram.chip(chip).isPresent()) {
            return chip;
        }
        String br = Diagram.bridgeId(e.host(), e.namespace(), e.device());
        if (diagram.box(br).isPresent()) {
            return br;
        }
        return Diagram.hostId(e.host());
    }

    /**
     * The chip of a device. A router has one namespace, whichever name a backend gives it in its
     * frames: its links are drawn as dev:<router>/host/<link>.
     */
    private String chipId(String host, String namespace, String device) {
        String id = Diagram.deviceId(host, namespace, device);
        if (diagram.chip(id).isEmpty() && diagram.box(Diagram.routerId(host)).isPresent()) {
            return Diagram.deviceId(host, "host", device);
        }
        return id;
    }
}
