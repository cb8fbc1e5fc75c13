/*
 * The topology as the canvas draws it: boxes (hosts, containers, namespaces, bridges, the underlay
 * switches, the routers between them, the outside world), chips (network devices, usually sitting on a box's edge like a port)
 * and links (veth cables, underlay and NAT cables, tunnel pipes, BGP sessions), all placed. Every
 * element has an id that stays the same from one step to the next, so two diagrams can be compared
 * to show what a step added or removed. Plain data: no toolkit.
 */
package org.overlaylab.app.ui.diagram;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class Diagram {

    public enum BoxKind { HOST, CONTAINER, NAMESPACE, LINUX_BRIDGE, OVS_BRIDGE, SWITCH, ROUTER, CLOUD }

    public enum ChipRole { NIC, NAT_NIC, VETH, VTEP, TUNNEL_PORT, INTERNAL, OTHER }

    /** Which edge of its box a chip sits on. */
    public enum Side { TOP, BOTTOM, INSIDE }

    public enum LinkKind { VETH, MEMBER, UNDERLAY, NAT, VXLAN, GRE, HALF_TUNNEL, BGP }

    /** A daemon shown on its host: name and state (running, stopped, failed). */
    public record Badge(String text, String state) {}

    /**
     * A box. `lines` are its label: title first, then smaller lines. `host` names the lab host it
     * belongs to (null for the switch and the cloud); `inactive` marks a stopped container;
     * `labelArea`, when set, is where the label goes (a host's header, a container's title band).
     */
    public record Box(String id, BoxKind kind, String parent, String host, Rect bounds, List<String> lines,
                      List<Badge> badges, boolean inactive, Rect labelArea) {
        public Box {
            lines = List.copyOf(lines);
            badges = List.copyOf(badges);
        }

        /** A box whose label the view centres (or places by kind). */
        public Box(String id, BoxKind kind, String parent, String host, Rect bounds, List<String> lines,
                   List<Badge> badges, boolean inactive) {
            this(id, kind, parent, host, bounds, lines, badges, inactive, null);
        }

        public Box translate(double dx, double dy) {
            return new Box(id, kind, parent, host, bounds.translate(dx, dy), lines, badges, inactive,
                    labelArea == null ? null : labelArea.translate(dx, dy));
        }

        public String title() {
            return lines.isEmpty() ? "" : lines.get(0);
        }
    }

    /** A network device. `lines` are its name then details (addresses, MAC...) as the detail level asks. */
    public record Chip(String id, String host, String namespace, String device, String kind, ChipRole role,
                       String parent, Rect bounds, Side side, List<String> lines, boolean up) {
        public Chip {
            lines = List.copyOf(lines);
        }
    }

    /** A cable, pipe or session between two elements, as a polyline; the label sits at labelAt. */
    public record Link(String id, LinkKind kind, String from, String to, List<Point> points, String label,
                       Point labelAt) {
        public Link {
            points = List.copyOf(points);
        }

        public boolean isTunnel() {
            return kind == LinkKind.VXLAN || kind == LinkKind.GRE || kind == LinkKind.HALF_TUNNEL;
        }
    }

    private final List<Box> boxes;
    private final List<Chip> chips;
    private final List<Link> links;
    private final Rect bounds;
    private final Map<String, Box> boxById = new HashMap<>();
    private final Map<String, Chip> chipById = new HashMap<>();
    private final Map<String, Link> linkById = new LinkedHashMap<>();

    public Diagram(List<Box> boxes, List<Chip> chips, List<Link> links, Rect bounds) {
        this.boxes = List.copyOf(boxes);
        this.chips = List.copyOf(chips);
        this.links = List.copyOf(links);
        this.bounds = bounds;
        boxes.forEach(b -> boxById.put(b.id(), b));
        chips.forEach(c -> chipById.put(c.id(), c));
        links.forEach(l -> linkById.put(l.id(), l));
    }

    public static final Diagram EMPTY = new Diagram(List.of(), List.of(), List.of(), new Rect(0, 0, 0, 0));

    public List<Box> boxes() {
        return boxes;
    }

    public List<Chip> chips() {
        return chips;
    }

    public List<Link> links() {
        return links;
    }

    public Rect bounds() {
        return bounds;
    }

    public Optional<Box> box(String id) {
        return Optional.ofNullable(boxById.get(id));
    }

    public Optional<Chip> chip(String id) {
        return Optional.ofNullable(chipById.get(id));
    }

    public Optional<Link> link(String id) {
        return Optional.ofNullable(linkById.get(id));
    }

    /** Every id in the diagram: boxes, chips and links. */
    public java.util.Set<String> ids() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        all.addAll(boxById.keySet());
        all.addAll(chipById.keySet());
        all.addAll(linkById.keySet());
        return all;
    }

    /** The text an element shows, to tell a changed element from an unchanged one. */
    public String textOf(String id) {
        Box b = boxById.get(id);
        if (b != null) {
            return String.join("\n", b.lines()) + b.badges() + b.inactive();
        }
        Chip c = chipById.get(id);
        if (c != null) {
            return String.join("\n", c.lines()) + c.up();
        }
        Link l = linkById.get(id);
        return l == null ? null : l.kind() + String.valueOf(l.label());
    }

    // ------------------------------------------------------------------ ids, shared with whoever maps frames to places

    public static String hostId(String host) {
        return "host:" + host;
    }

    public static String deviceId(String host, String namespace, String device) {
        return "dev:" + host + "/" + (namespace == null ? "host" : namespace) + "/" + device;
    }

    public static String containerId(String host, String container) {
        return "ctr:" + host + "/" + container;
    }

    public static String namespaceId(String host, String namespace) {
        return "ns:" + host + "/" + namespace;
    }

    public static String ovsBridgeId(String host, String bridge) {
        return "ovs:" + host + "/" + bridge;
    }

    public static String bridgeId(String host, String namespace, String bridge) {
        return "br:" + host + "/" + namespace + "/" + bridge;
    }

    public static final String CLOUD_ID = "cloud:outside";

    public static String switchId(String segment) {
        return "switch:" + segment;
    }

    /** A lab router between underlay segments; its links are chips dev:<router>/host/<interface>. */
    public static String routerId(String router) {
        return "router:" + router;
    }
}
