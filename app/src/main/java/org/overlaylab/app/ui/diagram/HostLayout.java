/*
 * Lays out the inside of one host in its own coordinates. Rows from the top: containers (their
 * devices on the bottom edge); the bridges and namespaces they plug into; what is cabled below
 * those (OVS bridges, VXLAN devices, loose veths); and the physical NICs on the host's bottom
 * edge, with the NAT NIC on the top edge towards the outside world. Within a row, items sit under
 * what they are cabled to (least-squares placement), and tunnel devices get a clear corridor down
 * to the host's edge, toward the hosts they tunnel to, so their pipes never cross a device.
 * A flipped host (bottom row of a two-row layout) is the same picture mirrored top to bottom.
 */
package org.overlaylab.app.ui.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.InterfaceAddress;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.OvsBridge;

final class HostLayout {
    static final double CHIP_PAD_X = 9;
    static final double CHIP_PAD_Y = 4;
    static final double ITEM_GAP = 26;
    static final double CHIP_GAP = 14;
    static final double BOX_PAD = 14;
    static final double ROW_GAP = 46;
    static final double TRACK = 9;
    static final double CORRIDOR = 30;
    static final double HOST_PAD = 18;

    /** What the host needs to know about the lab around it. */
    record Context(TextMetrics metrics, DetailLevel detail, Set<String> natNics, Set<String> underlayNics,
                   int inward, boolean flipped) {}

    /** A device placed in the host. Coordinates are the chip's centre. */
    static final class ChipPlan {
        final String id;
        final String host;
        final String namespace;
        final NetInterface device;
        final String name;
        final Diagram.ChipRole role;
        final List<String> lines;
        final double w;
        final double h;
        String parent;
        String peer;
        Diagram.Side side = Diagram.Side.INSIDE;
        double relX;
        double x;
        double y;

        ChipPlan(String id, String host, String namespace, NetInterface device, String name, Diagram.ChipRole role,
                 List<String> lines, TextMetrics m) {
            this.id = id;
            this.host = host;
            this.namespace = namespace;
            this.device = device;
            this.name = name;
            this.role = role;
            this.lines = lines;
            double width = 0;
            for (int i = 0; i < lines.size(); i++) {
                width = Math.max(width, m.width(lines.get(i), i == 0 ? TextStyle.CHIP_NAME : TextStyle.CHIP_DETAIL));
            }
            this.w = Math.ceil(width + 2 * CHIP_PAD_X * m.scale());
            this.h = Math.ceil(m.lineHeight(TextStyle.CHIP_NAME) + (lines.size() - 1)
                    * m.lineHeight(TextStyle.CHIP_DETAIL) + 2 * CHIP_PAD_Y * m.scale());
        }

        boolean isTunnelEnd() {
            return role == Diagram.ChipRole.VTEP || role == Diagram.ChipRole.TUNNEL_PORT;
        }
    }

    /** Something placed in a row: a box with chips on its edges, a loose chip, or a corridor kept free. */
    abstract static class Item {
        double w;
        double h;
        double x;
        double y;
        double desire = Double.NaN;
        double weight = 1;
        int order;

        double cx() {
            return x + w / 2;
        }
    }

    static final class BoxItem extends Item {
        final String id;
        final Diagram.BoxKind kind;
        final List<String> lines;
        final List<ChipPlan> top = new ArrayList<>();
        final List<ChipPlan> bottom = new ArrayList<>();
        /** For a namespace: the bridge drawn inside it, whose ports are the namespace's edge chips. */
        String innerId;
        Diagram.BoxKind innerKind;
        List<String> innerLines = List.of();
        List<Diagram.Badge> badges = List.of();
        boolean inactive;
        double titleH;
        double innerH;
        double topReserve;
        double bottomReserve;

        BoxItem(String id, Diagram.BoxKind kind, List<String> lines) {
            this.id = id;
            this.kind = kind;
            this.lines = lines;
        }

        boolean hasTunnelEnd() {
            return bottom.stream().anyMatch(ChipPlan::isTunnelEnd) || top.stream().anyMatch(ChipPlan::isTunnelEnd);
        }
    }

    static final class ChipItem extends Item {
        final ChipPlan chip;

        ChipItem(ChipPlan chip) {
            this.chip = chip;
            this.w = chip.w;
            this.h = chip.h;
        }
    }

    static final class CorridorItem extends Item {
        CorridorItem(double x, double w) {
            this.w = w;
            this.desire = x;
            this.weight = 1000;
        }
    }

    /** An internal cable between two chips, routed after rows are placed. */
    record Cable(String id, Diagram.LinkKind kind, ChipPlan a, ChipPlan b) {}

    // ------------------------------------------------------------------ results

    final Host host;
    final Context ctx;
    final List<Diagram.Box> boxes = new ArrayList<>();
    final List<Diagram.Chip> chips = new ArrayList<>();
    final List<Diagram.Link> links = new ArrayList<>();
    /** Chips on the host's outer edges, by id: NICs and NAT NIC; and tunnel ends with their corridor exit. */
    final Map<String, ChipPlan> chipsById = new LinkedHashMap<>();
    final List<ChipPlan> tunnelEnds = new ArrayList<>();
    double width;
    double height;
    /** y of the edge that faces the underlay (bottom normally, top when flipped). */
    double underlayEdge;
    double natEdge;

    private final TextMetrics m;
    private final List<BoxItem> rowA = new ArrayList<>();
    private final List<Item> rowB = new ArrayList<>();
    private final List<Item> rowC = new ArrayList<>();
    private final List<Item> rowD = new ArrayList<>();
    private ChipPlan natChip;
    private final List<Cable> cables = new ArrayList<>();
    private final Map<String, Item> itemOfChip = new HashMap<>();
    private String headerTitle;
    private String headerSubtitle;
    private List<Diagram.Badge> headerBadges = List.of();

    HostLayout(Host host, Context ctx) {
        this.host = host;
        this.ctx = ctx;
        this.m = ctx.metrics();
        plan();
        placeHorizontally();
        placeVertically();
        emit();
    }

    // ------------------------------------------------------------------ planning: what goes where

    private void plan() {
        headerTitle = host.name();
        headerSubtitle = host.hostname() == null || host.hostname().equals(host.name()) ? "" : host.hostname();
        List<Diagram.Badge> badges = new ArrayList<>();
        for (Daemon d : host.daemons()) {
            badges.add(new Diagram.Badge(d.name(), d.state()));
        }
        headerBadges = badges;

        NetNamespace root = host.root();
        Map<String, NetNamespace> byName = new HashMap<>();
        host.namespaces().forEach(ns -> byName.put(ns.name(), ns));

        // containers and their devices
        Map<String, String> containerOfNs = new HashMap<>();
        for (Container c : host.containers()) {
            if (c.namespace() != null) {
                containerOfNs.put(c.namespace(), c.name());
            }
        }
        for (NetNamespace ns : host.namespaces()) {
            if (ns.kind() == NetNamespace.Kind.CONTAINER && ns.container() != null) {
                containerOfNs.putIfAbsent(ns.name(), ns.container());
            }
        }
        for (Container c : host.containers()) {
            BoxItem box = new BoxItem(Diagram.containerId(host.name(), c.name()), Diagram.BoxKind.CONTAINER,
                    containerLines(c));
            box.inactive = !c.running();
            NetNamespace ns = c.namespace() == null ? null : byName.get(c.namespace());
            if (ns != null) {
                for (NetInterface dev : visible(ns)) {
                    ChipPlan chip = chip(ns, dev, Diagram.ChipRole.VETH);
                    chip.parent = box.id;
                    chip.side = Diagram.Side.BOTTOM;
                    box.bottom.add(chip);
                    itemOfChip.put(chip.id, box);
                }
            }
            rowA.add(box);
        }

        // Docker's overlay sandboxes and other named namespaces: a box around their bridge
        List<BoxItem> namespaceBoxes = new ArrayList<>();
        for (NetNamespace ns : host.namespaces()) {
            if (ns.kind() != NetNamespace.Kind.OVERLAY && ns.kind() != NetNamespace.Kind.NAMED) {
                continue;
            }
            if (containerOfNs.containsKey(ns.name())) {
                continue;
            }
            namespaceBoxes.add(namespaceBox(ns, containerOfNs));
        }

        // the root namespace: bridges, OVS bridges, loose devices, NICs
        Map<String, BoxItem> linuxBridges = new LinkedHashMap<>();
        for (NetInterface dev : visible(root)) {
            if (dev.isKind("bridge")) {
                linuxBridges.put(dev.name(), new BoxItem(Diagram.bridgeId(host.name(), root.name(), dev.name()),
                        Diagram.BoxKind.LINUX_BRIDGE, bridgeLines(dev)));
            }
        }
        Map<String, BoxItem> ovsBridges = new LinkedHashMap<>();
        Map<String, BoxItem> ovsPortOwner = new HashMap<>();
        Map<String, OvsBridge.Port> ovsPorts = new HashMap<>();
        for (OvsBridge b : host.ovsBridges()) {
            BoxItem box = new BoxItem(Diagram.ovsBridgeId(host.name(), b.name()), Diagram.BoxKind.OVS_BRIDGE,
                    ovsLines(b));
            ovsBridges.put(b.name(), box);
            for (OvsBridge.Port p : b.ports()) {
                ovsPortOwner.put(p.name(), box);
                ovsPorts.put(p.name(), p);
            }
        }
        List<ChipItem> looseB = new ArrayList<>();
        List<ChipItem> looseC = new ArrayList<>();
        Set<String> placedOvsPorts = new java.util.HashSet<>();
        for (NetInterface dev : visible(root)) {
            if (dev.isKind("bridge")) {
                continue;
            }
            boolean nic = isNic(dev);
            if (nic && ctx.natNics().contains(dev.name())) {
                natChip = chip(root, dev, Diagram.ChipRole.NAT_NIC);
                natChip.parent = Diagram.hostId(host.name());
                continue;
            }
            if (nic) {
                ChipPlan c = chip(root, dev, Diagram.ChipRole.NIC);
                c.parent = Diagram.hostId(host.name());
                ChipItem item = new ChipItem(c);
                rowD.add(item);
                itemOfChip.put(c.id, item);
                continue;
            }
            BoxItem ovsOwner = ovsPortOwner.get(dev.name());
            if (ovsOwner != null) {
                OvsBridge.Port p = ovsPorts.get(dev.name());
                ChipPlan c = chip(root, dev, roleOfOvsPort(p, dev));
                attachPort(ovsOwner, c, containerOfNs);
                placedOvsPorts.add(dev.name());
                continue;
            }
            if (dev.master() != null && linuxBridges.containsKey(dev.master())) {
                ChipPlan c = chip(root, dev, roleOf(dev));
                attachPort(linuxBridges.get(dev.master()), c, containerOfNs);
                continue;
            }
            if (dev.isKind("openvswitch")) {
                continue;
            }
            ChipPlan c = chip(root, dev, roleOf(dev));
            c.parent = Diagram.hostId(host.name());
            ChipItem item = new ChipItem(c);
            itemOfChip.put(c.id, item);
            boolean peerInContainer = dev.peer() != null && containerOfNs.containsKey(dev.peer().namespace());
            (peerInContainer ? looseB : looseC).add(item);
        }
        // OVS ports without a kernel device of their own (GRE and VXLAN ports)
        for (OvsBridge b : host.ovsBridges()) {
            for (OvsBridge.Port p : b.ports()) {
                if (placedOvsPorts.contains(p.name()) || root.iface(p.name()).isPresent()) {
                    continue;
                }
                ChipPlan c = ovsOnlyChip(root, p);
                attachPort(ovsBridges.get(b.name()), c, containerOfNs);
            }
        }

        // veth cables between chips of this host
        Map<String, ChipPlan> all = new HashMap<>();
        chipsById.values().forEach(c -> all.put(c.id, c));
        for (ChipPlan c : List.copyOf(chipsById.values())) {
            NetInterface.Peer peer = c.device == null ? null : c.device.peer();
            if (peer == null) {
                continue;
            }
            String ns = peer.namespace() == null || peer.namespace().isEmpty() ? c.namespace : peer.namespace();
            String peerId = Diagram.deviceId(host.name(), ns, peer.name());
            ChipPlan other = all.get(peerId);
            if (other == null) {
                continue;
            }
            c.peer = other.id;
            if (c.id.compareTo(other.id) < 0) {
                cables.add(new Cable("veth:" + c.id + "|" + other.id, Diagram.LinkKind.VETH, c, other));
            }
        }

        // rows B and C: what containers plug into sits right under them
        List<Item> bCandidates = new ArrayList<>();
        bCandidates.addAll(namespaceBoxes);
        List<Item> cCandidates = new ArrayList<>();
        for (BoxItem b : linuxBridges.values()) {
            boolean idle = b.top.isEmpty() && b.bottom.isEmpty();
            // a bridge nothing is plugged into goes below, out of the way of the ones in use
            (idle || (b.top.isEmpty() && cabledToRow(b, namespaceBoxes, linuxBridges.values())) ? cCandidates
                    : bCandidates).add(b);
        }
        for (BoxItem b : ovsBridges.values()) {
            (b.top.stream().anyMatch(c -> c.peer != null && isContainerChip(c.peer)) ? bCandidates : cCandidates).add(b);
        }
        bCandidates.addAll(looseB);
        cCandidates.addAll(looseC);
        rowB.addAll(bCandidates);
        rowC.addAll(cCandidates);
        for (Item i : rowB) {
            register(i);
        }
        for (Item i : rowC) {
            register(i);
        }
        // a bridge's ports face what they are cabled to: containers above, the rest below
        for (Item i : rowB) {
            if (i instanceof BoxItem b) {
                facePorts(b, true);
            }
        }
        for (Item i : rowC) {
            if (i instanceof BoxItem b) {
                facePorts(b, false);
            }
        }
        orderRows();
        for (Item i : rowB) {
            if (i instanceof BoxItem b) {
                sizeBox(b);
            }
        }
        for (Item i : rowC) {
            if (i instanceof BoxItem b) {
                sizeBox(b);
            }
        }
        for (BoxItem b : rowA) {
            sizeBox(b);
        }
    }

    private boolean cabledToRow(BoxItem bridge, List<BoxItem> nsBoxes, java.util.Collection<BoxItem> bridges) {
        // a bridge without container ports goes below the bridges its cables reach
        for (ChipPlan c : bridge.bottom) {
            if (c.peer == null) {
                continue;
            }
            for (BoxItem other : bridges) {
                if (other != bridge && (other.top.stream().anyMatch(p -> p.id.equals(c.peer))
                        || other.bottom.stream().anyMatch(p -> p.id.equals(c.peer)))) {
                    return !other.top.isEmpty();
                }
            }
        }
        return false;
    }

    private boolean isContainerChip(String chipId) {
        Item owner = itemOfChip.get(chipId);
        return owner instanceof BoxItem b && b.kind == Diagram.BoxKind.CONTAINER;
    }

    private void register(Item item) {
        if (item instanceof BoxItem b) {
            b.top.forEach(c -> itemOfChip.put(c.id, b));
            b.bottom.forEach(c -> itemOfChip.put(c.id, b));
        } else if (item instanceof ChipItem ci) {
            itemOfChip.put(ci.chip.id, ci);
        }
    }

    private void attachPort(BoxItem box, ChipPlan c, Map<String, String> containerOfNs) {
        c.parent = box.innerId != null ? box.innerId : box.id;
        boolean up = c.device != null && c.device.peer() != null && containerOfNs.containsKey(c.device.peer().namespace());
        c.side = up ? Diagram.Side.TOP : Diagram.Side.BOTTOM;
        (up ? box.top : box.bottom).add(c);
        itemOfChip.put(c.id, box);
    }

    /** Ports move to the edge facing their cable's other end once all rows are known. */
    private void facePorts(BoxItem b, boolean rowBItem) {
        List<ChipPlan> everything = new ArrayList<>(b.top);
        everything.addAll(b.bottom);
        b.top.clear();
        b.bottom.clear();
        for (ChipPlan c : everything) {
            boolean up;
            if (c.peer == null) {
                up = false;
            } else {
                Item other = itemOfChip.get(c.peer);
                up = other != null && (rowA.contains(other) || (!rowBItem ? rowB.contains(other) : false));
            }
            if (c.isTunnelEnd() || c.role == Diagram.ChipRole.INTERNAL) {
                up = false;
            }
            c.side = up ? Diagram.Side.TOP : Diagram.Side.BOTTOM;
            (up ? b.top : b.bottom).add(c);
        }
    }

    private BoxItem namespaceBox(NetNamespace ns, Map<String, String> containerOfNs) {
        String kind = ns.kind() == NetNamespace.Kind.OVERLAY ? "overlay sandbox" : "network namespace";
        BoxItem box = new BoxItem(Diagram.namespaceId(host.name(), ns.name()), Diagram.BoxKind.NAMESPACE,
                List.of(kind + " " + ns.name()));
        NetInterface bridge = visible(ns).stream().filter(d -> d.isKind("bridge")).findFirst().orElse(null);
        if (bridge != null) {
            box.innerId = Diagram.bridgeId(host.name(), ns.name(), bridge.name());
            box.innerKind = Diagram.BoxKind.LINUX_BRIDGE;
            box.innerLines = bridgeLines(bridge);
        }
        for (NetInterface dev : visible(ns)) {
            if (bridge != null && dev == bridge) {
                continue;
            }
            ChipPlan c = chip(ns, dev, roleOf(dev));
            attachPort(box, c, containerOfNs);
            if (bridge == null || !bridge.name().equals(dev.master())) {
                c.parent = box.id;
            }
        }
        return box;
    }

    /** Orders rows B and C (tunnel ends toward the hosts they reach), then A and D by what they cable to. */
    private void orderRows() {
        int inward = ctx.inward() == 0 ? 1 : ctx.inward();
        Comparator<Item> byTunnel = Comparator.comparingInt(i -> tunnelScore(i) * inward);
        List<Item> b = new ArrayList<>(rowB);
        for (int k = 0; k < b.size(); k++) {
            b.get(k).order = k;
        }
        b.sort(byTunnel.thenComparingInt(i -> i.order));
        rowB.clear();
        rowB.addAll(b);
        for (int k = 0; k < rowB.size(); k++) {
            rowB.get(k).order = k;
        }
        // containers follow the row-B items they plug into
        for (BoxItem c : rowA) {
            double sum = 0;
            int n = 0;
            for (ChipPlan chip : c.bottom) {
                Item other = chip.peer == null ? null : itemOfChip.get(chip.peer);
                if (other != null && rowB.contains(other)) {
                    sum += other.order;
                    n++;
                }
            }
            c.desire = n == 0 ? Double.MAX_VALUE : sum / n;
        }
        List<BoxItem> a = new ArrayList<>(rowA);
        a.sort(Comparator.comparingDouble((BoxItem i) -> i.desire).thenComparing(i -> i.id));
        rowA.clear();
        rowA.addAll(a);
        for (int k = 0; k < rowA.size(); k++) {
            rowA.get(k).order = k;
            rowA.get(k).desire = Double.NaN;
        }
        // row C under what it cables up to; tunnel ends toward the peers
        List<Item> c = new ArrayList<>(rowC);
        for (Item i : c) {
            double sum = 0;
            int n = 0;
            for (ChipPlan chip : chipsOf(i)) {
                Item other = chip.peer == null ? null : itemOfChip.get(chip.peer);
                if (other != null && rowB.contains(other)) {
                    sum += other.order;
                    n++;
                }
            }
            i.desire = n == 0 ? (tunnelScore(i) > 0 ? (inward > 0 ? 1e6 : -1e6) : rowB.size()) : sum / n;
        }
        c.sort(Comparator.comparingDouble((Item i) -> i.desire));
        rowC.clear();
        rowC.addAll(c);
        for (int k = 0; k < rowC.size(); k++) {
            rowC.get(k).order = k;
            rowC.get(k).desire = Double.NaN;
        }
        // NICs: the underlay NIC on the outer side of the tunnel corridors
        rowD.sort(Comparator.comparingInt((Item i) -> {
            ChipPlan chip = ((ChipItem) i).chip;
            return ctx.underlayNics().contains(chip.name) ? 1 : 0;
        }).thenComparing(i -> ((ChipItem) i).chip.name));
        if (inward < 0) {
            java.util.Collections.reverse(rowD);
        }
    }

    private int tunnelScore(Item i) {
        if (i instanceof BoxItem b) {
            return b.hasTunnelEnd() ? 1 : 0;
        }
        if (i instanceof ChipItem ci) {
            return ci.chip.isTunnelEnd() ? 1 : 0;
        }
        return 0;
    }

    private static List<ChipPlan> chipsOf(Item i) {
        if (i instanceof BoxItem b) {
            List<ChipPlan> all = new ArrayList<>(b.top);
            all.addAll(b.bottom);
            return all;
        }
        if (i instanceof ChipItem ci) {
            return List.of(ci.chip);
        }
        return List.of();
    }

    // ------------------------------------------------------------------ sizes

    private void sizeBox(BoxItem b) {
        double titleW = 0;
        for (int i = 0; i < b.lines.size(); i++) {
            titleW = Math.max(titleW, m.width(b.lines.get(i), i == 0 ? titleStyle(b.kind) : TextStyle.BOX_SUBTITLE));
        }
        double innerW = 0;
        for (int i = 0; i < b.innerLines.size(); i++) {
            innerW = Math.max(innerW, m.width(b.innerLines.get(i), i == 0 ? TextStyle.BOX_TITLE : TextStyle.BOX_SUBTITLE));
        }
        double pad = BOX_PAD * m.scale();
        double gap = CHIP_GAP * m.scale();
        double topW = rowWidth(b.top, gap);
        double bottomW = rowWidth(b.bottom, gap);
        b.titleH = linesHeight(b.lines, titleStyle(b.kind));
        b.innerH = b.innerLines.isEmpty() ? 0 : linesHeight(b.innerLines, TextStyle.BOX_TITLE) + 2 * pad * 0.6;
        b.topReserve = b.top.stream().mapToDouble(c -> c.h / 2).max().orElse(0);
        b.bottomReserve = b.bottom.stream().mapToDouble(c -> c.h / 2).max().orElse(0);
        b.w = Math.ceil(Math.max(Math.max(titleW, innerW + 2 * pad), Math.max(topW, bottomW)) + 2 * pad);
        b.w = Math.max(b.w, 90 * m.scale());
        double inner = b.innerH > 0 ? b.innerH + pad * 0.5 : 0;
        if (b.kind == Diagram.BoxKind.CONTAINER) {
            b.h = Math.ceil(pad * 0.8 + b.titleH + pad * 0.7 + Math.max(b.bottomReserve, pad * 0.3));
        } else {
            b.h = Math.ceil(Math.max(b.topReserve, pad * 0.4) + pad * 0.5 + inner + b.titleH + pad * 0.6
                    + Math.max(b.bottomReserve, pad * 0.4));
        }
    }

    private static TextStyle titleStyle(Diagram.BoxKind kind) {
        return kind == Diagram.BoxKind.NAMESPACE ? TextStyle.BOX_SUBTITLE : TextStyle.BOX_TITLE;
    }

    private double linesHeight(List<String> lines, TextStyle first) {
        double h = 0;
        for (int i = 0; i < lines.size(); i++) {
            h += m.lineHeight(i == 0 ? first : TextStyle.BOX_SUBTITLE);
        }
        return h;
    }

    private static double rowWidth(List<ChipPlan> chips, double gap) {
        double w = 0;
        for (ChipPlan c : chips) {
            w += c.w;
        }
        return w + Math.max(0, chips.size() - 1) * gap;
    }

    // ------------------------------------------------------------------ horizontal placement

    private void placeHorizontally() {
        double gap = ITEM_GAP * m.scale();
        double chipGap = CHIP_GAP * m.scale();
        // row B packed
        packRow(rowB, gap);
        // provisional ports on row B and C items: spread evenly
        for (Item i : rowB) {
            spreadPorts(i, chipGap);
        }
        // row A under... over the ports it plugs into
        for (BoxItem c : rowA) {
            spreadPorts(c, chipGap);
        }
        for (BoxItem c : rowA) {
            orderByPeers(c, c.bottom, chipGap);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (BoxItem c : rowA) {
                c.desire = desireFromPeers(c, c.bottom);
            }
            placeRow(rowA, gap);
            for (Item i : rowB) {
                if (i instanceof BoxItem b) {
                    alignPorts(b, b.top, chipGap);
                }
            }
        }
        // loose chips of row B (a container's veth peer) move right under the container
        for (Item i : rowB) {
            i.desire = i instanceof ChipItem ci ? desireFromPeers(i, List.of(ci.chip)) : i.cx();
            i.weight = i instanceof ChipItem ? 1 : 0.5;
        }
        placeRow(rowB, gap);
        for (Item i : rowB) {
            i.weight = 1;
        }
        // row C under the row-B ports it is cabled to, tunnel ends keep their own corridor
        for (Item i : rowC) {
            spreadPorts(i, chipGap);
        }
        for (int pass = 0; pass < 2; pass++) {
            double[] span = span(rowA, rowB);
            for (Item i : rowC) {
                i.desire = desireFromPeers(i, topChips(i));
                if (Double.isNaN(i.desire) && tunnelScore(i) > 0) {
                    // a lone tunnel device sits toward the hosts it tunnels to
                    i.desire = ctx.inward() >= 0 ? span[1] - i.w / 2 : span[0] + i.w / 2;
                    i.weight = 0.3;
                }
            }
            List<Item> withCorridors = new ArrayList<>(rowC);
            for (ChipPlan t : tunnelEndsIn(rowB)) {
                withCorridors.add(corridorFor(t, withCorridors));
            }
            placeRow(withCorridors, gap);
            rowC.removeIf(i -> i instanceof CorridorItem);
            rowC.clear();
            withCorridors.stream().filter(i -> !(i instanceof CorridorItem)).forEach(rowC::add);
            corridorsC = withCorridors.stream().filter(i -> i instanceof CorridorItem).toList();
            for (Item i : rowB) {
                if (i instanceof BoxItem b) {
                    alignPorts(b, b.bottom, chipGap);
                }
            }
        }
        // row D: NICs beside the corridors of every tunnel end above
        List<Item> d = new ArrayList<>();
        List<ChipPlan> ends = new ArrayList<>(tunnelEndsIn(rowB));
        ends.addAll(tunnelEndsIn(rowC));
        ends.sort(Comparator.comparingDouble(c -> c.x));
        List<Item> corridors = new ArrayList<>();
        for (ChipPlan t : ends) {
            CorridorItem ci = new CorridorItem(t.x, CORRIDOR * m.scale());
            corridors.add(ci);
        }
        int inward = ctx.inward() == 0 ? 1 : ctx.inward();
        if (inward > 0) {
            d.addAll(rowD);
            d.addAll(corridors);
        } else {
            d.addAll(corridors);
            d.addAll(rowD);
        }
        double centre = centreOf(rowB, rowC, rowA);
        for (Item i : rowD) {
            i.desire = corridors.isEmpty() ? centre
                    : (inward > 0 ? corridors.get(0).desire - 1 : corridors.get(corridors.size() - 1).desire + 1);
            i.weight = 0.2;
        }
        placeRow(d, gap);
        for (Item i : rowD) {
            ((ChipItem) i).chip.x = i.cx();
        }
        tunnelEnds.addAll(ends);
    }

    private List<Item> corridorsC = List.of();

    private CorridorItem corridorFor(ChipPlan tunnelEnd, List<Item> row) {
        return new CorridorItem(tunnelEnd.x, CORRIDOR * m.scale());
    }

    private List<ChipPlan> tunnelEndsIn(List<Item> row) {
        List<ChipPlan> out = new ArrayList<>();
        for (Item i : row) {
            for (ChipPlan c : chipsOf(i)) {
                if (c.isTunnelEnd() && (i instanceof ChipItem || c.side == Diagram.Side.BOTTOM)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static List<ChipPlan> topChips(Item i) {
        if (i instanceof BoxItem b) {
            return b.top;
        }
        if (i instanceof ChipItem ci) {
            return List.of(ci.chip);
        }
        return List.of();
    }

    /** Leftmost and rightmost extent of the given rows (0, 0 when empty). */
    @SafeVarargs
    private static double[] span(List<? extends Item>... rows) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<? extends Item> r : rows) {
            for (Item i : r) {
                lo = Math.min(lo, i.x);
                hi = Math.max(hi, i.x + i.w);
            }
        }
        return lo == Double.MAX_VALUE ? new double[] {0, 0} : new double[] {lo, hi};
    }

    @SafeVarargs
    private double centreOf(List<? extends Item>... rows) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<? extends Item> r : rows) {
            for (Item i : r) {
                lo = Math.min(lo, i.x);
                hi = Math.max(hi, i.x + i.w);
            }
        }
        return lo == Double.MAX_VALUE ? 0 : (lo + hi) / 2;
    }

    private double desireFromPeers(Item item, List<ChipPlan> chips) {
        double sum = 0;
        int n = 0;
        for (ChipPlan c : chips) {
            if (c.peer == null) {
                continue;
            }
            ChipPlan other = chipsById.get(c.peer);
            Item owner = itemOfChip.get(c.peer);
            if (other == null || owner == null || owner == item) {
                continue;
            }
            sum += other.x - (c.relX - item.w / 2);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static void packRow(List<Item> row, double gap) {
        double x = 0;
        for (Item i : row) {
            i.x = x;
            x += i.w + gap;
        }
        updateChipX(row);
    }

    private static void placeRow(List<? extends Item> row, double gap) {
        int n = row.size();
        double[] w = new double[n];
        double[] d = new double[n];
        double[] wt = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = row.get(k).w;
            d[k] = row.get(k).desire;
            wt[k] = row.get(k).weight;
        }
        double[] c = Placement.place(w, d, wt, gap);
        for (int k = 0; k < n; k++) {
            row.get(k).x = c[k] - w[k] / 2;
        }
        updateChipX(row);
    }

    private static void updateChipX(List<? extends Item> row) {
        for (Item i : row) {
            if (i instanceof BoxItem b) {
                b.top.forEach(c -> c.x = b.x + c.relX);
                b.bottom.forEach(c -> c.x = b.x + c.relX);
            } else if (i instanceof ChipItem ci) {
                ci.chip.relX = ci.w / 2;
                ci.chip.x = ci.cx();
            }
        }
    }

    private void spreadPorts(Item i, double gap) {
        if (!(i instanceof BoxItem b)) {
            updateChipX(List.of(i));
            return;
        }
        spread(b, b.top, gap);
        spread(b, b.bottom, gap);
    }

    private void spread(BoxItem b, List<ChipPlan> chips, double gap) {
        double total = rowWidth(chips, gap);
        double x = (b.w - total) / 2;
        for (ChipPlan c : chips) {
            c.relX = x + c.w / 2;
            c.x = b.x + c.relX;
            x += c.w + gap;
        }
    }

    /** Orders a box's edge chips like the chips they are cabled to, so cables do not cross. */
    private void orderByPeers(BoxItem b, List<ChipPlan> chips, double gap) {
        chips.sort(Comparator.comparingDouble(c -> {
            ChipPlan other = c.peer == null ? null : chipsById.get(c.peer);
            return other == null ? Double.MAX_VALUE : other.x;
        }));
        spread(b, chips, gap);
    }

    /** Moves a box's edge chips under (or over) what they are cabled to, inside the box. */
    private void alignPorts(BoxItem b, List<ChipPlan> chips, double gap) {
        if (chips.isEmpty()) {
            return;
        }
        chips.sort(Comparator.comparingDouble(c -> {
            ChipPlan other = c.peer == null ? null : chipsById.get(c.peer);
            return other == null ? (c.isTunnelEnd() ? (ctx.inward() >= 0 ? 1e9 : -1e9) : c.x) : other.x;
        }));
        int n = chips.size();
        double[] w = new double[n];
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            ChipPlan c = chips.get(k);
            w[k] = c.w;
            ChipPlan other = c.peer == null ? null : chipsById.get(c.peer);
            d[k] = other == null ? Double.NaN : other.x;
        }
        double pad = BOX_PAD * m.scale();
        double[] centres = Placement.placeWithin(w, d, gap, b.x + pad, b.x + b.w - pad);
        boolean anyWish = false;
        for (double v : d) {
            anyWish |= !Double.isNaN(v);
        }
        if (!anyWish) {
            spread(b, chips, gap);
            return;
        }
        for (int k = 0; k < n; k++) {
            chips.get(k).x = centres[k];
            chips.get(k).relX = centres[k] - b.x;
        }
    }

    // ------------------------------------------------------------------ vertical placement

    private double rowATop;
    private double rowBTop;
    private double rowCTop;
    private double headerH;
    private double labelH;
    private double labelTop;
    private double bottomY;
    private final Map<Cable, Double> trackY = new HashMap<>();

    private void placeVertically() {
        double s = m.scale();
        double natHalf = natChip == null ? 0 : natChip.h / 2;
        double titleH = m.lineHeight(TextStyle.HOST_TITLE);
        double badgeH = headerBadges.isEmpty() ? 0 : m.lineHeight(TextStyle.BADGE) + 8 * s;
        labelH = titleH + (badgeH > 0 ? badgeH + 6 * s : 0);
        labelTop = natHalf + 8 * s;
        headerH = labelTop + labelH + 14 * s;
        double y = headerH;
        // gaps hold horizontal cable runs on tracks
        List<Cable> ab = cablesBetween(rowA, rowB);
        List<Cable> bc = cablesBetween(rowB, rowC);
        double aH = rowA.stream().mapToDouble(i -> i.h).max().orElse(0);
        double bH = rowB.stream().mapToDouble(i -> i.h).max().orElse(0);
        double cH = rowC.stream().mapToDouble(i -> i.h).max().orElse(0);
        double rowGap = ROW_GAP * s;
        double aBelow = reserve(rowA, false);
        double bAbove = reserve(rowB, true);
        double bBelow = reserve(rowB, false);
        double cAbove = reserve(rowC, true);
        rowATop = y;
        if (aH > 0) {
            y += aH + gapFor(ab, rowGap) + aBelow + bAbove;
        }
        rowBTop = y;
        if (bH > 0) {
            y += bH + gapFor(bc, rowGap) + bBelow + cAbove;
        }
        rowCTop = y;
        if (cH > 0) {
            y += cH + rowGap;
        } else if (bH > 0 || aH > 0) {
            y += rowGap * 0.2;
        }
        double nicHalf = rowD.stream().mapToDouble(i -> i.h / 2).max().orElse(0);
        bottomY = y + nicHalf * 0.2 + 10 * s;
        for (BoxItem i : rowA) {
            i.y = rowATop + (aH - i.h);
        }
        for (Item i : rowB) {
            i.y = rowBTop;
        }
        for (Item i : rowC) {
            i.y = rowCTop;
        }
        for (Item i : rowD) {
            i.y = bottomY - i.h / 2;
        }
        assignTracks(ab, rowATop + aH + aBelow, rowBTop - bAbove);
        assignTracks(bc, rowBTop + bH + bBelow, rowCTop - cAbove);
        // chip y: on the edge they sit on
        for (BoxItem b : rowA) {
            placeEdgeChips(b);
        }
        for (Item i : rowB) {
            placeItemChips(i);
        }
        for (Item i : rowC) {
            placeItemChips(i);
        }
        for (Item i : rowD) {
            ((ChipItem) i).chip.y = bottomY;
            ((ChipItem) i).chip.side = Diagram.Side.BOTTOM;
        }
    }

    /** How far chips on the rows' top (or bottom) edges stick out of their boxes. */
    private static double reserve(List<? extends Item> row, boolean top) {
        double r = 0;
        for (Item i : row) {
            if (i instanceof BoxItem b) {
                for (ChipPlan c : top ? b.top : b.bottom) {
                    r = Math.max(r, c.h / 2);
                }
            }
        }
        return r;
    }

    private double gapFor(List<Cable> cables, double base) {
        int tracks = trackCount(cables);
        return base + Math.max(0, tracks - 2) * TRACK * m.scale();
    }

    private List<Cable> cablesBetween(List<? extends Item> upper, List<? extends Item> lower) {
        List<Cable> out = new ArrayList<>();
        for (Cable c : cables) {
            Item a = itemOfChip.get(c.a().id);
            Item b = itemOfChip.get(c.b().id);
            if ((upper.contains(a) && lower.contains(b)) || (upper.contains(b) && lower.contains(a))) {
                out.add(c);
            }
        }
        return out;
    }

    private int trackCount(List<Cable> cs) {
        List<double[]> spans = new ArrayList<>();
        for (Cable c : cs) {
            spans.add(new double[] {Math.min(c.a().x, c.b().x), Math.max(c.a().x, c.b().x)});
        }
        return greedyTracks(spans, new int[spans.size()]);
    }

    private static int greedyTracks(List<double[]> spans, int[] assigned) {
        List<Double> trackEnds = new ArrayList<>();
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> spans.get(i)[0]));
        for (int idx : order) {
            double[] s = spans.get(idx);
            int t = 0;
            while (t < trackEnds.size() && trackEnds.get(t) > s[0] - 6) {
                t++;
            }
            if (t == trackEnds.size()) {
                trackEnds.add(s[1]);
            } else {
                trackEnds.set(t, s[1]);
            }
            assigned[idx] = t;
        }
        return trackEnds.size();
    }

    private void assignTracks(List<Cable> cs, double top, double bottom) {
        List<double[]> spans = new ArrayList<>();
        for (Cable c : cs) {
            spans.add(new double[] {Math.min(c.a().x, c.b().x), Math.max(c.a().x, c.b().x)});
        }
        int[] t = new int[cs.size()];
        int n = greedyTracks(spans, t);
        double mid = (top + bottom) / 2;
        double step = TRACK * m.scale();
        for (int i = 0; i < cs.size(); i++) {
            trackY.put(cs.get(i), mid + (t[i] - (n - 1) / 2.0) * step);
        }
    }

    private void placeItemChips(Item i) {
        if (i instanceof BoxItem b) {
            placeEdgeChips(b);
        } else if (i instanceof ChipItem ci) {
            ci.chip.y = i.y + i.h / 2;
            ci.chip.x = i.cx();
        }
    }

    private void placeEdgeChips(BoxItem b) {
        b.top.forEach(c -> c.y = b.y);
        b.bottom.forEach(c -> c.y = b.y + b.h);
    }

    // ------------------------------------------------------------------ output in host coordinates

    private void emit() {
        double s = m.scale();
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        List<Item> everything = new ArrayList<>(rowA);
        everything.addAll(rowB);
        everything.addAll(rowC);
        everything.addAll(rowD);
        everything.addAll(corridorsC);
        for (Item i : everything) {
            lo = Math.min(lo, i.x);
            hi = Math.max(hi, i.x + i.w);
        }
        double titleW = m.width(headerTitle, TextStyle.HOST_TITLE) + 12 * s
                + (headerSubtitle.isEmpty() ? 0 : m.width(headerSubtitle, TextStyle.HOST_SUBTITLE));
        double natW = natChip == null ? 0 : natChip.w + 16 * s;
        double badgesW = 0;
        for (Diagram.Badge b : headerBadges) {
            badgesW += m.width(b.text(), TextStyle.BADGE) + 22 * s;
        }
        double headerW = Math.max(Math.max(titleW, badgesW), natW) + 2 * HOST_PAD * s;
        if (lo == Double.MAX_VALUE) {
            lo = 0;
            hi = 0;
        }
        double pad = HOST_PAD * s;
        double contentW = hi - lo + 2 * pad;
        width = Math.ceil(Math.max(Math.max(contentW, headerW), 220 * s));
        double shift = pad - lo + (width - contentW) / 2;
        height = Math.ceil(bottomY);
        // move everything so the host's left edge is at 0
        for (Item i : everything) {
            i.x += shift;
        }
        for (ChipPlan c : chipsById.values()) {
            c.x += shift;
        }
        int inward = ctx.inward() == 0 ? 1 : ctx.inward();
        if (natChip != null) {
            natChip.x = inward > 0 ? pad + natChip.w / 2 : width - pad - natChip.w / 2;
            natChip.y = 0;
            natChip.side = Diagram.Side.TOP;
        }
        boolean flip = ctx.flipped();
        String hostId = Diagram.hostId(host.name());
        List<String> hostLines = headerSubtitle.isEmpty() ? List.of(headerTitle) : List.of(headerTitle, headerSubtitle);
        double pad2 = HOST_PAD * s;
        Rect header = new Rect(pad2, labelTop, width - 2 * pad2, labelH);
        boxes.add(new Diagram.Box(hostId, Diagram.BoxKind.HOST, null, host.name(), new Rect(0, 0, width, height),
                hostLines, headerBadges, false, flipRect(header, flip)));
        for (Item i : everything) {
            if (i instanceof BoxItem b) {
                Rect r = flipRect(new Rect(b.x, b.y, b.w, b.h), flip);
                String parent = hostId;
                Rect label = null;
                if (b.kind == Diagram.BoxKind.CONTAINER) {
                    label = flipRect(new Rect(b.x, b.y + 10 * s, b.w, b.titleH), flip);
                }
                boxes.add(new Diagram.Box(b.id, b.kind, parent, host.name(), r, b.lines, b.badges, b.inactive, label));
                if (b.innerId != null) {
                    double ip = BOX_PAD * s * 0.7;
                    double top = b.y + Math.max(b.topReserve, BOX_PAD * s * 0.4) + BOX_PAD * s * 0.25;
                    Rect inner = flipRect(new Rect(b.x + ip, top, b.w - 2 * ip, b.innerH), flip);
                    boxes.add(new Diagram.Box(b.innerId, b.innerKind, b.id, host.name(), inner, b.innerLines,
                            List.of(), false));
                }
            }
        }
        for (ChipPlan c : chipsById.values()) {
            if (c.role == Diagram.ChipRole.NAT_NIC && c != natChip) {
                continue;
            }
            double y = flip ? height - c.y : c.y;
            Diagram.Side side = c.side;
            if (flip && side == Diagram.Side.TOP) {
                side = Diagram.Side.BOTTOM;
            } else if (flip && side == Diagram.Side.BOTTOM) {
                side = Diagram.Side.TOP;
            }
            boolean up = c.device == null || c.device.up();
            chips.add(new Diagram.Chip(c.id, host.name(), c.namespace, c.name,
                    c.device == null ? "ovs-port" : c.device.kind(), c.role, c.parent == null ? hostId : c.parent,
                    new Rect(c.x - c.w / 2, y - c.h / 2, c.w, c.h), side, c.lines, up));
        }
        for (Cable cb : cables) {
            links.add(new Diagram.Link(cb.id(), cb.kind(), cb.a().id, cb.b().id, route(cb, flip), null, null));
        }
        underlayEdge = flip ? 0 : height;
        natEdge = flip ? height : 0;
    }

    private Rect flipRect(Rect r, boolean flip) {
        return flip ? new Rect(r.x(), height - r.y() - r.h(), r.w(), r.h()) : r;
    }

    /** An orthogonal route: out of chip a's edge, along its track, into chip b's edge. */
    private List<Point> route(Cable cb, boolean flip) {
        ChipPlan a = cb.a();
        ChipPlan b = cb.b();
        if (a.y > b.y) {
            ChipPlan t = a;
            a = b;
            b = t;
        }
        double ya = a.y + (a.side == Diagram.Side.TOP ? -a.h / 2 : a.h / 2);
        double yb = b.y + (b.side == Diagram.Side.BOTTOM ? b.h / 2 : -b.h / 2);
        List<Point> pts = new ArrayList<>();
        if (Math.abs(a.y - b.y) < 1) {
            // side by side in one row: a U below them
            double yy = Math.max(a.y + a.h / 2, b.y + b.h / 2) + 14 * m.scale();
            pts.add(new Point(a.x, a.y + a.h / 2));
            pts.add(new Point(a.x, yy));
            pts.add(new Point(b.x, yy));
            pts.add(new Point(b.x, b.y + b.h / 2));
        } else if (Math.abs(a.x - b.x) < 1.5) {
            pts.add(new Point(a.x, ya));
            pts.add(new Point(a.x, yb));
        } else {
            Double t = trackY.get(cb);
            double mid = t != null ? t : (ya + yb) / 2;
            pts.add(new Point(a.x, ya));
            pts.add(new Point(a.x, mid));
            pts.add(new Point(b.x, mid));
            pts.add(new Point(b.x, yb));
        }
        if (flip) {
            List<Point> f = new ArrayList<>();
            for (Point p : pts) {
                f.add(new Point(p.x(), height - p.y()));
            }
            return f;
        }
        return pts;
    }

    // ------------------------------------------------------------------ labels

    private static List<NetInterface> visible(NetNamespace ns) {
        List<NetInterface> out = new ArrayList<>();
        for (NetInterface d : ns.interfaces()) {
            if (d.isKind("loopback") || d.name().equals("lo") || d.name().equals("ovs-system")
                    || d.name().equals("ovs-netdev")) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    private static boolean isNic(NetInterface d) {
        return (d.isKind("ether") || d.isKind("device") || d.kind().isEmpty()) && d.peer() == null;
    }

    private static Diagram.ChipRole roleOf(NetInterface d) {
        if (d.vxlan() != null || d.isKind("vxlan") || d.isKind("gretap") || d.isKind("gre")) {
            return Diagram.ChipRole.VTEP;
        }
        if (d.isKind("veth")) {
            return Diagram.ChipRole.VETH;
        }
        if (d.isKind("openvswitch")) {
            return Diagram.ChipRole.INTERNAL;
        }
        return Diagram.ChipRole.OTHER;
    }

    private static Diagram.ChipRole roleOfOvsPort(OvsBridge.Port p, NetInterface dev) {
        if (p != null && (p.type().equals("gre") || p.type().equals("vxlan") || p.type().equals("geneve"))) {
            return Diagram.ChipRole.TUNNEL_PORT;
        }
        if (p != null && p.type().equals("internal")) {
            return Diagram.ChipRole.INTERNAL;
        }
        return roleOf(dev);
    }

    private ChipPlan chip(NetNamespace ns, NetInterface dev, Diagram.ChipRole role) {
        String id = Diagram.deviceId(host.name(), ns.name(), dev.name());
        ChipPlan c = new ChipPlan(id, host.name(), ns.name(), dev, dev.name(), role, deviceLines(dev, role), m);
        chipsById.put(id, c);
        return c;
    }

    private ChipPlan ovsOnlyChip(NetNamespace root, OvsBridge.Port p) {
        String id = Diagram.deviceId(host.name(), root.name(), p.name());
        List<String> lines = new ArrayList<>();
        lines.add(p.name());
        if (ctx.detail() != DetailLevel.NAMES) {
            String remote = p.options().get("remote_ip");
            lines.add(p.type() + (remote == null ? "" : " → " + remote));
        }
        if (ctx.detail() == DetailLevel.FULL && p.options().containsKey("key")) {
            lines.add("key " + p.options().get("key"));
        }
        Diagram.ChipRole role = p.type().equals("internal") ? Diagram.ChipRole.INTERNAL
                : p.type().isEmpty() ? Diagram.ChipRole.OTHER : Diagram.ChipRole.TUNNEL_PORT;
        ChipPlan c = new ChipPlan(id, host.name(), root.name(), null, p.name(), role, lines, m);
        chipsById.put(id, c);
        return c;
    }

    private List<String> deviceLines(NetInterface d, Diagram.ChipRole role) {
        List<String> lines = new ArrayList<>();
        String name = d.name();
        if (ctx.detail() == DetailLevel.FULL && d.peer() != null) {
            name = name + "@" + d.peer().name();
        }
        lines.add(name);
        if (ctx.detail() == DetailLevel.NAMES) {
            return lines;
        }
        for (InterfaceAddress a : d.addresses()) {
            lines.add(a.cidr());
        }
        if (d.vxlan() != null) {
            NetInterface.Vxlan v = d.vxlan();
            lines.add("vxlan " + v.vni() + " :" + v.dstPort());
        }
        if (ctx.detail() == DetailLevel.FULL) {
            if (d.mac() != null && !d.mac().isEmpty()) {
                lines.add(d.mac());
            }
            lines.add("mtu " + d.mtu() + (d.up() ? "" : " · down"));
        }
        return lines;
    }

    private List<String> containerLines(Container c) {
        List<String> lines = new ArrayList<>();
        lines.add(c.name());
        if (c.image() != null && !c.image().isEmpty()) {
            lines.add(c.image());
        }
        String note = c.running() ? (c.namespace() == null ? "host network" : "") : c.state();
        if (ctx.detail() == DetailLevel.FULL && c.id() != null && c.id().length() >= 12) {
            note = note.isEmpty() ? c.id().substring(0, 12) : note + " · " + c.id().substring(0, 12);
        }
        if (!note.isEmpty()) {
            lines.add(note);
        }
        return lines;
    }

    private List<String> bridgeLines(NetInterface d) {
        List<String> lines = new ArrayList<>();
        lines.add(d.name());
        StringBuilder sub = new StringBuilder("Linux bridge");
        if (ctx.detail() != DetailLevel.NAMES) {
            for (InterfaceAddress a : d.addresses()) {
                sub.append(" · ").append(a.cidr());
            }
        }
        lines.add(sub.toString());
        if (ctx.detail() == DetailLevel.FULL && d.mac() != null) {
            lines.add(d.mac() + " · mtu " + d.mtu() + (d.up() ? "" : " · down"));
        }
        return lines;
    }

    private List<String> ovsLines(OvsBridge b) {
        List<String> lines = new ArrayList<>();
        lines.add(b.name());
        String sub = "Open vSwitch bridge";
        if (ctx.detail() == DetailLevel.FULL && b.datapathType() != null && !b.datapathType().isEmpty()) {
            sub += " · datapath " + b.datapathType();
        }
        lines.add(sub);
        return lines;
    }
}
