/*
 * Arranges a whole topology: hosts side by side (two facing rows from five hosts on, more bands of
 * two rows beyond eight), each underlay segment's switch as a bar between the rows with its hosts'
 * underlay NICs cabled straight to it, the lab's routers below the bars, their links cabled up to
 * the segments they join, tunnel pipes on lanes just above the switch (so a pipe visibly rides over
 * the underlay), BGP sessions on lanes too, and the outside world as a cloud beyond the NAT NICs.
 * Hosts, the switch and the cloud can be moved by offsets (the user dragging them); cables follow.
 */
package org.overlaylab.app.ui.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.model.topology.Tunnel;
import org.overlaylab.packets.encap.Encapsulations;

public final class DiagramLayout {
    static final double HOST_GAP = 80;
    static final double LANE = 30;
    static final double MARGIN = 24;
    static final double BAR_H = 34;
    static final double CLOUD_W = 250;
    static final double CLOUD_H = 84;

    /** How to lay out: label detail, text metrics, and where the user moved hosts, the switch or the cloud. */
    public record Options(DetailLevel detail, TextMetrics metrics, Map<String, Point> offsets) {
        public Options {
            offsets = Map.copyOf(offsets);
        }

        public static Options defaults() {
            return new Options(DetailLevel.ADDRESSES, TextMetrics.approximate(1), Map.of());
        }
    }

    private DiagramLayout() {}

    public static Diagram layout(Topology topology, LabHints hints, Options options) {
        return new Run(topology, hints, options).build();
    }

    /** Rows of hosts: one row up to four, two facing rows up to eight, then bands of two rows of ten. */
    static List<List<Host>> rows(List<Host> hosts) {
        int n = hosts.size();
        List<List<Host>> rows = new ArrayList<>();
        if (n <= 4) {
            rows.add(hosts);
            return rows;
        }
        int perRow = n <= 8 ? (n + 1) / 2 : 10;
        for (int i = 0; i < n; i += perRow) {
            rows.add(hosts.subList(i, Math.min(n, i + perRow)));
        }
        return rows;
    }

    private static final class Run {
        final Topology topology;
        final LabHints hints;
        final Options options;
        final TextMetrics m;
        final double s;
        final List<Diagram.Box> boxes = new ArrayList<>();
        final List<Diagram.Chip> chips = new ArrayList<>();
        final List<Diagram.Link> links = new ArrayList<>();
        final Map<String, Diagram.Chip> chipById = new HashMap<>();
        final Map<String, Set<String>> natNics = new HashMap<>();
        final Map<String, Set<String>> underlayNics = new HashMap<>();
        final Map<String, String> underlaySegmentOf = new HashMap<>();
        final Map<String, Segment> switches = new LinkedHashMap<>();
        final Map<String, Integer> rowOf = new HashMap<>();
        final Map<String, Integer> colOf = new HashMap<>();
        final Map<String, Rect> hostRect = new HashMap<>();

        Run(Topology topology, LabHints hints, Options options) {
            this.topology = topology;
            this.hints = hints;
            this.options = options;
            this.m = options.metrics();
            this.s = m.scale();
        }

        Diagram build() {
            if (topology.hosts().isEmpty()) {
                return Diagram.EMPTY;
            }
            classifyNics();
            List<List<Host>> rows = rows(topology.hosts());
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    rowOf.put(rows.get(r).get(c).name(), r);
                    colOf.put(rows.get(r).get(c).name(), c);
                }
            }
            List<Tunnel> tunnels = Tunnel.find(topology);
            Map<String, HostLayout> layouts = new LinkedHashMap<>();
            for (List<Host> row : rows) {
                for (Host h : row) {
                    int r = rowOf.get(h.name());
                    boolean flipped = r % 2 == 1;
                    HostLayout.Context ctx = new HostLayout.Context(m, options.detail(),
                            natNics.getOrDefault(h.name(), Set.of()), underlayNics.getOrDefault(h.name(), Set.of()),
                            inward(h, row, tunnels), flipped);
                    layouts.put(h.name(), new HostLayout(h, ctx));
                }
            }
            placeHosts(rows, layouts, tunnels);
            return new Diagram(boxes, chips, links, bounds());
        }

        /** Which NICs face the underlay switch and which the outside world. */
        private void classifyNics() {
            Set<String> labHosts = new HashSet<>();
            topology.hosts().forEach(h -> labHosts.add(h.name()));
            for (Segment seg : topology.segments()) {
                List<Segment.Attachment> mine = seg.attachments().stream().filter(a -> labHosts.contains(a.host())).toList();
                if (mine.size() >= 2 || (mine.size() == 1 && !isNatSegment(seg, mine.get(0)))) {
                    switches.put(seg.name(), seg);
                    for (Segment.Attachment a : mine) {
                        underlayNics.computeIfAbsent(a.host(), k -> new HashSet<>()).add(a.device());
                        underlaySegmentOf.put(a.host() + "/" + a.device(), seg.name());
                    }
                } else if (mine.size() == 1) {
                    natNics.computeIfAbsent(mine.get(0).host(), k -> new HashSet<>()).add(mine.get(0).device());
                }
            }
            if (switches.isEmpty()) {
                // no segments reported: the lab file's underlay NICs share one switch
                List<Segment.Attachment> att = new ArrayList<>();
                for (Host h : topology.hosts()) {
                    String nic = hints.underlayNics().get(h.name());
                    if (nic != null && h.root().iface(nic).isPresent()) {
                        att.add(new Segment.Attachment(h.name(), nic));
                        underlayNics.computeIfAbsent(h.name(), k -> new HashSet<>()).add(nic);
                        underlaySegmentOf.put(h.name() + "/" + nic, "underlay");
                    }
                }
                if (!att.isEmpty()) {
                    switches.put("underlay", new Segment("underlay", hints.underlayCidr(), att));
                }
            }
            for (Host h : topology.hosts()) {
                String nat = hints.natNics().get(h.name());
                if (nat != null && !underlayNics.getOrDefault(h.name(), Set.of()).contains(nat)
                        && h.root().iface(nat).isPresent()) {
                    natNics.computeIfAbsent(h.name(), k -> new HashSet<>()).add(nat);
                }
            }
        }

        private boolean isNatSegment(Segment seg, Segment.Attachment a) {
            String hinted = hints.natNics().get(a.host());
            return seg.name().startsWith("nat") || a.device().equals(hinted);
        }

        /** +1 when the host's tunnels (or, without tunnels, the middle of its row) lie to its right. */
        private int inward(Host h, List<Host> row, List<Tunnel> tunnels) {
            int col = colOf.get(h.name());
            double sum = 0;
            int n = 0;
            for (Tunnel t : tunnels) {
                if (t.fromHost().equals(h.name()) && t.toHost() != null && colOf.containsKey(t.toHost())) {
                    sum += colOf.get(t.toHost()) - col;
                    n++;
                }
            }
            if (n > 0 && sum != 0) {
                return sum > 0 ? 1 : -1;
            }
            double mid = (row.size() - 1) / 2.0;
            return col < mid ? 1 : col > mid ? -1 : 1;
        }

        private void placeHosts(List<List<Host>> rows, Map<String, HostLayout> layouts, List<Tunnel> tunnels) {
            double gap = HOST_GAP * s;
            double lane = LANE * s;
            double barH = BAR_H * s;
            // tunnel pipes and BGP sessions, each on a lane of its own
            List<Pipe> pipes = pipes(layouts, tunnels);
            List<Pipe> bgp = bgpSessions();
            double y = 0;
            boolean topNat = rows.get(0).stream().anyMatch(h -> !natNics.getOrDefault(h.name(), Set.of()).isEmpty());
            double cloudH = CLOUD_H * s;
            if (topNat) {
                y += cloudH + 60 * s;
            }
            List<Double> barYs = new ArrayList<>();
            Map<Integer, Double> rowLaneBase = new HashMap<>();
            Map<Integer, Double> rowCloudY = new HashMap<>();
            if (topNat) {
                rowCloudY.put(0, 0.0);
            }
            double rowWidthMax = 0;
            for (List<Host> row : rows) {
                double w = 0;
                for (Host h : row) {
                    w += layouts.get(h.name()).width;
                }
                rowWidthMax = Math.max(rowWidthMax, w + gap * (row.size() - 1));
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Host> row = rows.get(r);
                boolean flipped = r % 2 == 1;
                double rowH = row.stream().mapToDouble(h -> layouts.get(h.name()).height).max().orElse(0);
                double rowW = row.stream().mapToDouble(h -> layouts.get(h.name()).width).sum() + gap * (row.size() - 1);
                double x = (rowWidthMax - rowW) / 2;
                final int rr = r;
                long lanesHere = pipes.stream().filter(p -> p.row == rr).count() + bgp.stream().filter(p -> p.row == rr).count();
                if (!flipped) {
                    for (Host h : row) {
                        HostLayout hl = layouts.get(h.name());
                        hostRect.put(h.name(), new Rect(x, y + rowH - hl.height, hl.width, hl.height));
                        x += hl.width + gap;
                    }
                    y += rowH;
                    double nicHalf = 16 * s;
                    rowLaneBase.put(r, y + nicHalf + lane * 0.9);
                    y += nicHalf + lane * (lanesHere + 0.8) + 16 * s;
                    barYs.add(y);
                    y += barH;
                } else {
                    double nicHalf = 16 * s;
                    y += 16 * s;
                    rowLaneBase.put(r, y + lane * 0.5);
                    y += lane * (lanesHere + 0.8) + nicHalf;
                    for (Host h : row) {
                        HostLayout hl = layouts.get(h.name());
                        hostRect.put(h.name(), new Rect(x, y, hl.width, hl.height));
                        x += hl.width + gap;
                    }
                    y += rowH;
                    boolean nat = row.stream().anyMatch(h -> !natNics.getOrDefault(h.name(), Set.of()).isEmpty());
                    if (nat) {
                        rowCloudY.put(r, y + 60 * s);
                        y += cloudH + 60 * s;
                    }
                    y += 90 * s;
                }
            }
            // user offsets
            for (Host h : topology.hosts()) {
                Point off = options.offsets().get(Diagram.hostId(h.name()));
                if (off != null) {
                    hostRect.put(h.name(), hostRect.get(h.name()).translate(off.x(), off.y()));
                }
            }
            // the hosts' own elements
            for (Host h : topology.hosts()) {
                HostLayout hl = layouts.get(h.name());
                Rect r = hostRect.get(h.name());
                for (Diagram.Box b : hl.boxes) {
                    boxes.add(b.translate(r.x(), r.y()));
                }
                for (Diagram.Chip c : hl.chips) {
                    Diagram.Chip moved = new Diagram.Chip(c.id(), c.host(), c.namespace(), c.device(), c.kind(), c.role(),
                            c.parent(), c.bounds().translate(r.x(), r.y()), c.side(), c.lines(), c.up());
                    chips.add(moved);
                    chipById.put(moved.id(), moved);
                }
                for (Diagram.Link l : hl.links) {
                    List<Point> pts = l.points().stream().map(p -> p.translate(r.x(), r.y())).toList();
                    links.add(new Diagram.Link(l.id(), l.kind(), l.from(), l.to(), pts, l.label(), l.labelAt()));
                }
            }
            underlay(rows, barYs);
            outsideWorld(rows, rowCloudY);
            lanes(pipes, bgp, rowLaneBase, lane);
        }

        // ------------------------------------------------------------------ the underlay switch

        private void underlay(List<List<Host>> rows, List<Double> barYs) {
            if (switches.isEmpty() || barYs.isEmpty()) {
                return;
            }
            // one bar per segment and band; a segment's bar sits beside the others of its band, or
            // below them where it would overlap one
            Map<String, List<Rect>> barsOf = new LinkedHashMap<>();
            Map<Integer, List<Rect>> placedInBand = new HashMap<>();
            for (Segment seg : switches.values()) {
                barsOf.put(seg.name(), segmentBars(seg, rows, barYs, placedInBand));
            }
            for (Map.Entry<String, List<Rect>> e : barsOf.entrySet()) {
                String id = Diagram.switchId(e.getKey());
                List<Rect> bars = e.getValue();
                for (int i = 1; i < bars.size(); i++) {
                    if (bars.get(i) == null || bars.get(i - 1) == null) {
                        continue;
                    }
                    // bands share one switch: a trunk down the left side joins the bars
                    Rect a = bars.get(i - 1);
                    Rect b = bars.get(i);
                    double x = Math.min(a.x(), b.x()) - 30 * s;
                    links.add(new Diagram.Link("trunk:" + (e.getKey().equals(firstSwitch()) ? "" : e.getKey() + ":") + i,
                            Diagram.LinkKind.UNDERLAY, boxIdOf(id, i - 1), boxIdOf(id, i),
                            List.of(new Point(a.x(), a.cy()), new Point(x, a.cy()), new Point(x, b.cy()),
                                    new Point(b.x(), b.cy())), null, null));
                }
            }
            for (List<Host> row : rows) {
                for (Host h : row) {
                    int band = rowOf.get(h.name()) / 2;
                    for (Diagram.Chip c : nicChips(h)) {
                        String segment = underlaySegmentOf.get(h.name() + "/" + c.device());
                        List<Rect> bars = barsOf.get(segment);
                        if (bars == null || band >= bars.size() || bars.get(band) == null) {
                            continue;
                        }
                        Rect bar = bars.get(band);
                        links.add(new Diagram.Link("underlay:" + c.id(), Diagram.LinkKind.UNDERLAY, c.id(),
                                boxIdOf(Diagram.switchId(segment), band), cable(c.bounds(), bar), null, null));
                    }
                }
            }
            routers(barsOf);
        }

        private String firstSwitch() {
            return switches.keySet().iterator().next();
        }

        /** The segment's bar in each band (null where no host of the band is on it). */
        private List<Rect> segmentBars(Segment seg, List<List<Host>> rows, List<Double> barYs, Map<Integer, List<Rect>> placedInBand) {
            double barH = BAR_H * s;
            String id = Diagram.switchId(seg.name());
            Point off = options.offsets().getOrDefault(id, new Point(0, 0));
            List<Rect> bars = new ArrayList<>();
            for (int band = 0; band < barYs.size(); band++) {
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                for (int r = band * 2; r < Math.min(rows.size(), band * 2 + 2); r++) {
                    for (Host h : rows.get(r)) {
                        for (Diagram.Chip c : nicChips(h)) {
                            if (seg.name().equals(underlaySegmentOf.get(h.name() + "/" + c.device()))) {
                                lo = Math.min(lo, c.bounds().cx());
                                hi = Math.max(hi, c.bounds().cx());
                            }
                        }
                    }
                }
                if (lo == Double.MAX_VALUE) {
                    bars.add(null);
                    continue;
                }
                String label = labelOfSwitch(seg);
                double labelW = m.width(label, TextStyle.SWITCH_LABEL) + 40 * s;
                double w = Math.max(hi - lo + 120 * s, labelW);
                double cx = (lo + hi) / 2;
                Rect bar = new Rect(cx - w / 2 + off.x(), barYs.get(band) + off.y(), w, barH);
                List<Rect> placed = placedInBand.computeIfAbsent(band, k -> new ArrayList<>());
                while (overlapsAny(bar, placed)) {
                    bar = bar.translate(0, barH + 46 * s);
                }
                placed.add(bar);
                bars.add(bar);
                boxes.add(new Diagram.Box(boxIdOf(id, band), Diagram.BoxKind.SWITCH, null, null, bar, List.of(label), List.of(), false));
            }
            return bars;
        }

        private boolean overlapsAny(Rect bar, List<Rect> placed) {
            Rect wide = bar.grow(12 * s);
            return placed.stream().anyMatch(wide::intersects);
        }

        /** A cable from a chip straight to the bar, or to its nearest end when the chip is beyond it. */
        private List<Point> cable(Rect cb, Rect bar) {
            boolean below = cb.cy() < bar.cy();
            Point from = new Point(cb.cx(), below ? cb.maxY() : cb.y());
            double x = Math.max(bar.x() + 4, Math.min(bar.maxX() - 4, cb.cx()));
            Point to = new Point(x, below ? bar.y() : bar.maxY());
            return Math.abs(x - cb.cx()) < 1 ? List.of(from, to) : List.of(from, new Point(cb.cx(), to.y()), to);
        }

        // ------------------------------------------------------------------ the routers between segments

        /**
         * Each lab router under the first band's bars of the segments it joins, midway between them:
         * a box with its links as chips on its top edge (interface and address), each cabled up to
         * its segment's bar.
         */
        private void routers(Map<String, List<Rect>> barsOf) {
            double below = 0;
            for (List<Rect> bars : barsOf.values()) {
                if (!bars.isEmpty() && bars.get(0) != null) {
                    below = Math.max(below, bars.get(0).maxY());
                }
            }
            int n = 0;
            for (LabHints.Router router : hints.routers()) {
                List<LabHints.RouterLink> joined = router.links().stream()
                        .filter(l -> barsOf.containsKey(l.segment()) && !barsOf.get(l.segment()).isEmpty()
                                && barsOf.get(l.segment()).get(0) != null)
                        .sorted(Comparator.comparingDouble(l -> barsOf.get(l.segment()).get(0).cx())).toList();
                if (joined.isEmpty()) {
                    continue;
                }
                List<double[]> sizes = new ArrayList<>();
                double chipsW = 0;
                for (LabHints.RouterLink l : joined) {
                    double w = Math.max(m.width(l.interfaceName(), TextStyle.CHIP_NAME), m.width(l.address(), TextStyle.CHIP_DETAIL)) + 16 * s;
                    double h = m.lineHeight(TextStyle.CHIP_NAME) + m.lineHeight(TextStyle.CHIP_DETAIL) + 8 * s;
                    sizes.add(new double[] {w, h});
                    chipsW += w;
                }
                double gap = 28 * s;
                double boxW = Math.max(chipsW + gap * (joined.size() + 1), m.width(router.name(), TextStyle.BOX_TITLE) + 60 * s);
                double chipH = sizes.get(0)[1];
                double boxH = chipH / 2 + 12 * s + m.lineHeight(TextStyle.BOX_TITLE) + m.lineHeight(TextStyle.BOX_SUBTITLE) + 14 * s;
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                for (LabHints.RouterLink l : joined) {
                    Rect bar = barsOf.get(l.segment()).get(0);
                    lo = Math.min(lo, bar.maxX());
                    hi = Math.max(hi, bar.x());
                }
                double cx = joined.size() == 1 ? barsOf.get(joined.get(0).segment()).get(0).cx() : (lo + hi) / 2;
                String id = Diagram.routerId(router.name());
                Point off = options.offsets().getOrDefault(id, new Point(0, 0));
                Rect box = new Rect(cx - boxW / 2 + off.x(), below + 56 * s + chipH / 2 + n * (boxH + 60 * s) + off.y(), boxW, boxH);
                boxes.add(new Diagram.Box(id, Diagram.BoxKind.ROUTER, null, router.name(), box,
                        List.of(router.name(), "forwards IPv4"), List.of(), false));
                double x = box.x() + (boxW - chipsW - gap * (joined.size() - 1)) / 2;
                for (int i = 0; i < joined.size(); i++) {
                    LabHints.RouterLink l = joined.get(i);
                    double w = sizes.get(i)[0];
                    Rect cr = new Rect(x, box.y() - chipH / 2, w, chipH);
                    String chipId = Diagram.deviceId(router.name(), "host", l.interfaceName());
                    Diagram.Chip chip = new Diagram.Chip(chipId, router.name(), null, l.interfaceName(), "veth", Diagram.ChipRole.NIC,
                            id, cr, Diagram.Side.TOP, List.of(l.interfaceName(), l.address()), true);
                    chips.add(chip);
                    chipById.put(chipId, chip);
                    Rect bar = barsOf.get(l.segment()).get(0);
                    links.add(routerCable(chipId, cr, bar, boxIdOf(Diagram.switchId(l.segment()), 0)));
                    x += w + gap;
                }
                n++;
            }
        }

        private Diagram.Link routerCable(String chipId, Rect cr, Rect bar, String barId) {
            Point from = new Point(cr.cx(), cr.y());
            List<Point> pts;
            if (cr.cx() >= bar.x() + 4 && cr.cx() <= bar.maxX() - 4) {
                pts = List.of(from, new Point(cr.cx(), bar.maxY()));
            } else {
                double x = cr.cx() < bar.x() ? bar.x() + 24 * s : bar.maxX() - 24 * s;
                double midY = (bar.maxY() + cr.y()) / 2;
                pts = List.of(from, new Point(cr.cx(), midY), new Point(x, midY), new Point(x, bar.maxY()));
            }
            return new Diagram.Link("underlay:" + chipId, Diagram.LinkKind.UNDERLAY, chipId, barId, pts, null, null);
        }

        private static String boxIdOf(String id, int band) {
            return band == 0 ? id : id + "#" + band;
        }

        private String labelOfSwitch(Segment seg) {
            String cidr = seg.cidr() != null ? seg.cidr() : hints.underlayCidr();
            return "underlay switch" + (cidr == null ? "" : "  " + cidr);
        }

        private List<Diagram.Chip> nicChips(Host h) {
            List<Diagram.Chip> out = new ArrayList<>();
            for (String nic : underlayNics.getOrDefault(h.name(), Set.of())) {
                Diagram.Chip c = chipById.get(Diagram.deviceId(h.name(), h.root().name(), nic));
                if (c != null) {
                    out.add(c);
                }
            }
            out.sort(Comparator.comparing(Diagram.Chip::id));
            return out;
        }

        // ------------------------------------------------------------------ the outside world

        private void outsideWorld(List<List<Host>> rows, Map<Integer, Double> rowCloudY) {
            double cw = CLOUD_W * s;
            double ch = CLOUD_H * s;
            Point off = options.offsets().getOrDefault(Diagram.CLOUD_ID, new Point(0, 0));
            for (Map.Entry<Integer, Double> e : rowCloudY.entrySet()) {
                int r = e.getKey();
                List<Diagram.Chip> nat = new ArrayList<>();
                for (Host h : rows.get(r)) {
                    for (String nic : natNics.getOrDefault(h.name(), Set.of())) {
                        Diagram.Chip c = chipById.get(Diagram.deviceId(h.name(), h.root().name(), nic));
                        if (c != null) {
                            nat.add(c);
                        }
                    }
                }
                if (nat.isEmpty()) {
                    continue;
                }
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                for (Host h : rows.get(r)) {
                    Rect hr = hostRect.get(h.name());
                    lo = Math.min(lo, hr.x());
                    hi = Math.max(hi, hr.maxX());
                }
                String id = r == 0 ? Diagram.CLOUD_ID : Diagram.CLOUD_ID + "#" + r;
                Rect cloud = new Rect((lo + hi) / 2 - cw / 2 + off.x(), e.getValue() + off.y(), cw, ch);
                boxes.add(new Diagram.Box(id, Diagram.BoxKind.CLOUD, null, null, cloud,
                        List.of("outside world", "NAT · internet · google.com"), List.of(), false));
                for (Diagram.Chip c : nat) {
                    Rect cb = c.bounds();
                    boolean above = cloud.cy() < cb.cy();
                    Point from = new Point(cb.cx(), above ? cb.y() : cb.maxY());
                    List<Point> pts;
                    if (cb.cx() > cloud.x() + 20 * s && cb.cx() < cloud.maxX() - 20 * s) {
                        pts = List.of(from, new Point(cb.cx(), above ? cloud.maxY() : cloud.y()));
                    } else {
                        double ex = cb.cx() < cloud.cx() ? cloud.x() + 8 * s : cloud.maxX() - 8 * s;
                        pts = List.of(from, new Point(cb.cx(), cloud.cy()), new Point(ex, cloud.cy()));
                    }
                    links.add(new Diagram.Link("nat:" + c.id(), Diagram.LinkKind.NAT, c.id(), id, pts, null, null));
                }
            }
        }

        // ------------------------------------------------------------------ tunnels and BGP on lanes

        /** A pipe or session between two hosts, drawn on a lane of the first host's row. */
        private record Pipe(String id, Diagram.LinkKind kind, String fromChip, String toChip, String toHost,
                            String label, int row, double span) {}

        private List<Pipe> pipes(Map<String, HostLayout> layouts, List<Tunnel> tunnels) {
            List<Pipe> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (Tunnel t : tunnels) {
                if (t.toHost() == null || !rowOf.containsKey(t.toHost())) {
                    continue;
                }
                String from = Diagram.deviceId(t.fromHost(), t.fromNamespace(), t.fromDevice());
                Tunnel back = tunnels.stream().filter(o -> o.fromHost().equals(t.toHost())
                        && t.fromHost().equals(o.toHost()) && o.kind().equals(t.kind())).findFirst().orElse(null);
                String to = back == null ? null : Diagram.deviceId(back.fromHost(), back.fromNamespace(), back.fromDevice());
                String key = to == null ? from + ">" + t.toHost() : (from.compareTo(to) < 0 ? from + "|" + to : to + "|" + from);
                if (!done.add(key)) {
                    continue;
                }
                Diagram.LinkKind kind = to == null ? Diagram.LinkKind.HALF_TUNNEL
                        : t.kind().equals("gre") ? Diagram.LinkKind.GRE : Diagram.LinkKind.VXLAN;
                String label = tunnelLabel(t) + (to == null ? " · only " + t.fromHost() + "'s end exists" : "");
                int row = rowOf.get(t.fromHost());
                double span = Math.abs(colOf.get(t.fromHost()) - colOf.get(t.toHost()));
                out.add(new Pipe("tunnel:" + key, kind, from, to, t.toHost(), label, row, span));
            }
            out.sort(Comparator.comparingDouble(Pipe::span).thenComparing(Pipe::id));
            return out;
        }

        private String tunnelLabel(Tunnel t) {
            if (t.kind().equals("gre")) {
                return "GRE tunnel" + (t.key() != 0 ? " · key " + t.key() : "") + " · " + t.fromHost() + " ↔ " + t.toHost();
            }
            boolean geneve = t.kind().equals("geneve");
            // an OVS tunnel port names its UDP port in options:dst_port; a kernel VXLAN device in its own settings
            Integer ovsPort = topology.host(t.fromHost()).stream().flatMap(h -> h.ovsBridges().stream())
                    .flatMap(b -> b.ports().stream()).filter(p -> p.name().equals(t.fromDevice()))
                    .map(p -> p.options().get("dst_port")).filter(v -> v != null && v.matches("\\d{1,5}"))
                    .map(Integer::valueOf).findFirst().orElse(null);
            int port = ovsPort != null ? ovsPort : topology.host(t.fromHost()).flatMap(h -> h.namespace(t.fromNamespace()))
                    .flatMap(ns -> ns.iface(t.fromDevice())).map(NetInterface::vxlan).map(NetInterface.Vxlan::dstPort)
                    .orElse(geneve ? Encapsulations.GENEVE_PORT : Encapsulations.VXLAN_PORT);
            return (geneve ? "Geneve" : "VXLAN") + " tunnel · VNI " + t.key() + " · UDP " + port;
        }

        /** Hosts whose routes were learned by BGP from another lab host. */
        private List<Pipe> bgpSessions() {
            List<Pipe> out = new ArrayList<>();
            Set<String> done = new HashSet<>();
            for (Host h : topology.hosts()) {
                for (Route r : h.root().routes()) {
                    if (r.protocol() == null || !(r.protocol().equals("bird") || r.protocol().equals("bgp"))
                            || r.gateway() == null) {
                        continue;
                    }
                    Host peer = topology.hostWithAddress(r.gateway()).orElse(null);
                    if (peer == null || peer == h || !rowOf.containsKey(peer.name())) {
                        continue;
                    }
                    String a = h.name().compareTo(peer.name()) < 0 ? h.name() : peer.name();
                    String b = a.equals(h.name()) ? peer.name() : h.name();
                    if (!done.add(a + "|" + b)) {
                        continue;
                    }
                    Diagram.Chip ca = nicChips(topology.host(a).orElseThrow()).stream().findFirst().orElse(null);
                    Diagram.Chip cb = nicChips(topology.host(b).orElseThrow()).stream().findFirst().orElse(null);
                    String fa = ca == null ? Diagram.hostId(a) : ca.id();
                    String fb = cb == null ? Diagram.hostId(b) : cb.id();
                    out.add(new Pipe("bgp:" + a + "|" + b, Diagram.LinkKind.BGP, fa, fb, b,
                            "BGP session (bird) · routes learned", rowOf.get(a), Math.abs(colOf.get(a) - colOf.get(b))));
                }
            }
            return out;
        }

        private void lanes(List<Pipe> pipes, List<Pipe> bgp, Map<Integer, Double> rowLaneBase, double lane) {
            Map<Integer, Integer> used = new HashMap<>();
            Map<Integer, Integer> perRow = new HashMap<>();
            List<Pipe> all = new ArrayList<>(pipes);
            all.addAll(bgp);
            all.forEach(p -> perRow.merge(p.row, 1, Integer::sum));
            for (Pipe p : all) {
                int k = used.merge(p.row, 1, Integer::sum) - 1;
                boolean flipped = p.row % 2 == 1;
                double base = rowLaneBase.getOrDefault(p.row, 0.0);
                // a flipped row's lanes fill from the bottom up, nearest lane nearest the hosts
                double laneY = flipped ? base + lane * (perRow.get(p.row) - 1 - k) : base + lane * k;
                Diagram.Chip a = chipById.get(p.fromChip);
                Diagram.Chip b = p.toChip == null ? null : chipById.get(p.toChip);
                if (a == null && p.kind != Diagram.LinkKind.BGP) {
                    continue;
                }
                Point pa = a == null ? hostEdge(p.fromChip, laneY) : chipEdge(a, laneY);
                Point pb;
                String toId = p.toChip;
                if (b != null) {
                    pb = chipEdge(b, laneY);
                } else if (p.kind == Diagram.LinkKind.HALF_TUNNEL) {
                    Diagram.Chip nic = nicChips(topology.host(p.toHost).orElseThrow()).stream().findFirst().orElse(null);
                    if (nic == null) {
                        continue;
                    }
                    pb = chipEdge(nic, laneY);
                    toId = nic.id();
                } else {
                    pb = hostEdge(p.toChip, laneY);
                }
                double shift = p.kind == Diagram.LinkKind.BGP ? 14 * s : 0;
                pa = pa.translate(shift, 0);
                pb = pb.translate(-shift, 0);
                List<Point> pts = List.of(pa, new Point(pa.x(), laneY), new Point(pb.x(), laneY), pb);
                Point labelAt = new Point((pa.x() + pb.x()) / 2, laneY);
                links.add(new Diagram.Link(p.id, p.kind, p.fromChip, toId, pts, p.label, labelAt));
            }
        }

        private Point chipEdge(Diagram.Chip c, double towardY) {
            Rect r = c.bounds();
            return new Point(r.cx(), towardY > r.cy() ? r.maxY() : r.y());
        }

        private Point hostEdge(String hostId, double towardY) {
            Rect r = boxes.stream().filter(b -> b.id().equals(hostId)).findFirst().map(Diagram.Box::bounds)
                    .orElse(new Rect(0, 0, 0, 0));
            return new Point(r.cx(), towardY > r.cy() ? r.maxY() : r.y());
        }

        private Rect bounds() {
            Rect all = null;
            for (Diagram.Box b : boxes) {
                all = all == null ? b.bounds() : all.union(b.bounds());
            }
            for (Diagram.Chip c : chips) {
                all = all == null ? c.bounds() : all.union(c.bounds());
            }
            for (Diagram.Link l : links) {
                for (Point p : l.points()) {
                    Rect r = new Rect(p.x(), p.y(), 0, 0);
                    all = all == null ? r : all.union(r);
                }
            }
            return all == null ? new Rect(0, 0, 0, 0) : all.grow(MARGIN * s);
        }
    }
}
