/*
 * The inspector: for the host or device selected on the canvas, tables of addresses, routes,
 * neighbours, forwarding entries, bridge ports, OVS ports, containers, daemons and Docker networks,
 * and the etcd key tree with values shown as formatted JSON. Every row is compared with the state
 * before the last step: new rows are marked, rows that went away are kept and marked as removed.
 * When a selected frame changed state (a BGP UPDATE installing a route, a Serf event programming a
 * neighbour and an FDB entry), the rows it changed are marked as caused by it, so the message and
 * its effect are seen together.
 */
package org.overlaylab.app.ui.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Topology;

public final class InspectorViewModel {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public enum RowState { SAME, NEW, REMOVED, CHANGED }

    /** A table row; `caused` when the selected frame made it (the route a BGP UPDATE installed). */
    public record Row(List<String> cells, RowState state, boolean caused) {
        public Row(List<String> cells, RowState state) {
            this(cells, state, false);
        }
    }

    /** Title of the routes table, which the routes a frame installs or removes are marked in. */
    public static final String ROUTES = "Routes (ip route)";

    public record Table(String title, List<String> columns, List<Row> rows) {
        public long newRows() {
            return rows.stream().filter(r -> r.state() == RowState.NEW || r.state() == RowState.CHANGED).count();
        }
    }

    /** A node of the etcd key tree: a directory (value null) or a key with its value, pretty-printed if JSON. */
    public record EtcdNode(String name, String key, String value, RowState state, List<EtcdNode> children) {}

    private final Value<String> subject = new Value<>("");
    private final ListValue<Table> tables = new ListValue<>();
    private final Value<EtcdNode> etcd = new Value<>(null);
    private Topology now = Topology.EMPTY;
    private Topology before = Topology.EMPTY;
    private String selection;
    private List<StateChange> causes = List.of();
    private final Value<List<String>> causedRows = new Value<>(List.of());

    /** What the tables are about: "node1", "node1 · vxlan0 (overlay sandbox 1-deb07aeb48)". */
    public ReadOnlyValue<String> subject() {
        return subject.readOnly();
    }

    public ListValue<Table> tables() {
        return tables;
    }

    public ReadOnlyValue<EtcdNode> etcdTree() {
        return etcd.readOnly();
    }

    /**
     * Marks the rows the selected frame changed (its effects); an empty list clears the marks. The
     * marks show when the inspector is on the host the change happened on.
     */
    public void highlight(List<StateChange> effects) {
        causes = effects == null ? List.of() : List.copyOf(effects);
        refresh();
    }

    /** The changes marked now, as given to {@link #highlight}. */
    public List<StateChange> highlighted() {
        return causes;
    }

    /** The rows marked as caused by the selected frame in the tables shown ("10.20.238.128/26 via … dev tunl0 …"). */
    public ReadOnlyValue<List<String>> causedRows() {
        return causedRows.readOnly();
    }

    /** The current state and the state before the last step (for marking rows). */
    public void setState(Topology current, Topology previous) {
        now = current;
        before = previous;
        refresh();
    }

    /** The element selected on the canvas (a diagram id), or null for the first host. */
    public void select(String diagramId) {
        selection = diagramId;
        refresh();
    }

    private void refresh() {
        Scope scope = scope(selection);
        subject.set(scope.title);
        List<Table> out = new ArrayList<>();
        if (scope.host != null) {
            Host h = now.host(scope.host).orElse(null);
            Host b = before.host(scope.host).orElse(null);
            out.add(diff("Addresses", List.of("in", "device", "address", "MAC"),
                    addresses(h, scope), addresses(b, scope)));
            out.add(markCaused(scope.host, diff(ROUTES, List.of("in", "route"), routes(h, scope), routes(b, scope)),
                    StateChange.Kind.ROUTE_ADDED, StateChange.Kind.ROUTE_REMOVED));
            out.add(markCaused(scope.host, diff("Neighbours (ip neigh)", List.of("in", "entry"), neighbours(h, scope),
                    neighbours(b, scope)), StateChange.Kind.NEIGH_ADDED, StateChange.Kind.NEIGH_REMOVED));
            out.add(markCaused(scope.host, diff("Forwarding database (bridge fdb)", List.of("in", "entry"), fdb(h, scope),
                    fdb(b, scope)), StateChange.Kind.FDB_ADDED, StateChange.Kind.FDB_REMOVED));
            out.add(diff("Bridge ports", List.of("in", "bridge", "port", "peer"),
                    bridgePorts(h, scope), bridgePorts(b, scope)));
            out.add(diff("OVS ports", List.of("bridge", "port", "type", "options"), ovsPorts(h, scope), ovsPorts(b, scope)));
            out.add(diff("Containers", List.of("name", "image", "state", "network", "device", "address", "MAC"),
                    containers(h, scope), containers(b, scope)));
            out.add(diff("Docker networks", List.of("name", "driver", "scope", "subnet", "gateway"),
                    networks(h, scope), networks(b, scope)));
            out.add(diff("Daemons", List.of("name", "state", "details"), daemons(h, scope), daemons(b, scope)));
        }
        causedRows.set(out.stream().flatMap(t -> t.rows().stream()).filter(Row::caused)
                .map(r -> r.cells().get(r.cells().size() - 1)).toList());
        tables.setAll(out);
        etcd.set(etcdTree(now.etcdKeys(), before.etcdKeys()));
    }

    /**
     * The table with the rows the marked changes of `kinds` made or took away on `host` marked: a
     * row whose entry starts with the change's subject (a route's destination, a neighbour's
     * "10.0.0.3 dev vxlan0", an FDB entry's MAC).
     */
    private Table markCaused(String host, Table table, StateChange.Kind... kinds) {
        if (causes.isEmpty()) {
            return table;
        }
        List<StateChange.Kind> wanted = List.of(kinds);
        List<Row> rows = new ArrayList<>(table.rows().size());
        for (Row r : table.rows()) {
            String line = r.cells().get(r.cells().size() - 1);
            boolean caused = causes.stream().anyMatch(c -> c.host().equals(host) && wanted.contains(c.kind())
                    && (line.equals(c.subject()) || line.startsWith(c.subject() + " ")));
            rows.add(caused ? new Row(r.cells(), r.state(), true) : r);
        }
        return new Table(table.title(), table.columns(), rows);
    }

    // ------------------------------------------------------------------ what the selection covers

    /** The host, and optionally one namespace and device (or bridge), the tables are limited to. */
    private record Scope(String title, String host, String namespace, String device, String container) {
        boolean wantsNamespace(String ns) {
            return namespace == null || namespace.equals(ns);
        }

        boolean wantsDevice(String dev) {
            return device == null || device.equals(dev);
        }

        boolean whole() {
            return namespace == null && device == null && container == null;
        }
    }

    private Scope scope(String id) {
        if (id == null || now.hosts().isEmpty()) {
            String h = now.hosts().isEmpty() ? null : now.hosts().get(0).name();
            return new Scope(h == null ? "" : h, h, null, null, null);
        }
        String body = id.substring(id.indexOf(':') + 1);
        String[] parts = body.split("/");
        String kind = id.substring(0, id.indexOf(':'));
        return switch (kind) {
            case "host" -> new Scope(parts[0], parts[0], null, null, null);
            case "dev" -> new Scope(parts[0] + " · " + parts[2] + nsNote(parts[0], parts[1]), parts[0], parts[1], parts[2], null);
            case "br" -> new Scope(parts[0] + " · bridge " + parts[2] + nsNote(parts[0], parts[1]), parts[0], parts[1], parts[2], null);
            case "ovs" -> new Scope(parts[0] + " · OVS bridge " + parts[1], parts[0], null, parts[1], null);
            case "ns" -> new Scope(parts[0] + " · namespace " + parts[1], parts[0], parts[1], null, null);
            case "ctr" -> {
                String ns = now.host(parts[0]).flatMap(h -> h.container(parts[1])).map(Container::namespace).orElse("-");
                yield new Scope(parts[0] + " · container " + parts[1], parts[0], ns, null, parts[1]);
            }
            default -> {
                String h = now.hosts().get(0).name();
                yield new Scope(h, h, null, null, null);
            }
        };
    }

    private String nsNote(String host, String ns) {
        if (ns.equals("host")) {
            return "";
        }
        return " (" + nsLabel(now.host(host).orElse(null), ns) + ")";
    }

    private static String nsLabel(Host h, String ns) {
        if (ns == null || ns.equals("host")) {
            return "host";
        }
        if (h != null) {
            for (Container c : h.containers()) {
                if (ns.equals(c.namespace())) {
                    return c.name();
                }
            }
        }
        return ns;
    }

    // ------------------------------------------------------------------ rows

    /**
     * Rows from every namespace the scope covers, each led by the namespace's label; `rowsOf` gives
     * a namespace's rows without it.
     */
    private static List<List<String>> perNamespace(Host h, Scope s, Function<NetNamespace, Stream<List<String>>> rowsOf) {
        List<List<String>> rows = new ArrayList<>();
        if (h == null) {
            return rows;
        }
        for (NetNamespace ns : h.namespaces()) {
            if (s.wantsNamespace(ns.name())) {
                String label = nsLabel(h, ns.name());
                rowsOf.apply(ns).forEach(r -> {
                    List<String> row = new ArrayList<>(r.size() + 1);
                    row.add(label);
                    row.addAll(r);
                    rows.add(List.copyOf(row));
                });
            }
        }
        return rows;
    }

    /** Whether a row about `device` (and optionally the bridge it hangs on) belongs to the scope. */
    private static boolean aboutDevice(Scope s, String device, String master) {
        return s.device == null || s.device.equals(device) || (master != null && s.device.equals(master));
    }

    private static List<List<String>> addresses(Host h, Scope s) {
        return perNamespace(h, s, ns -> ns.interfaces().stream()
                .filter(d -> s.wantsDevice(d.name()) && !d.isKind("loopback"))
                .flatMap(d -> {
                    String name = d.name() + (d.up() ? "" : " (down)");
                    if (d.addresses().isEmpty()) {
                        return Stream.of(List.of(name, "", nz(d.mac())));
                    }
                    return d.addresses().stream().map(a -> List.of(name, a.cidr(), nz(d.mac())));
                }));
    }

    /** Routes as `ip route` prints them. */
    private static List<List<String>> routes(Host h, Scope s) {
        return perNamespace(h, s, ns -> ns.routes().stream()
                .filter(r -> aboutDevice(s, r.device(), null))
                .map(r -> List.of(routeLine(r))));
    }

    private static String routeLine(Route r) {
        StringBuilder sb = new StringBuilder();
        if (r.type() != null && !r.type().isEmpty() && !r.type().equals("unicast")) {
            sb.append(r.type()).append(' ');
        }
        sb.append(r.destination());
        if (r.gateway() != null) {
            sb.append(" via ").append(r.gateway());
        }
        if (r.device() != null) {
            sb.append(" dev ").append(r.device());
        }
        if (r.protocol() != null && !r.protocol().equals("boot")) {
            sb.append(" proto ").append(r.protocol());
        }
        if (r.scope() != null && !r.scope().equals("global")) {
            sb.append(" scope ").append(r.scope());
        }
        if (r.source() != null) {
            sb.append(" src ").append(r.source());
        }
        if (r.onlink()) {
            sb.append(" onlink");
        }
        return sb.toString();
    }

    /** Neighbours as `ip neigh` prints them. */
    private static List<List<String>> neighbours(Host h, Scope s) {
        return perNamespace(h, s, ns -> ns.neighbours().stream()
                .filter(n -> aboutDevice(s, n.device(), null))
                .map(n -> List.of(n.address() + " dev " + n.device() + (n.lladdr() == null ? "" : " lladdr " + n.lladdr())
                        + (n.state() == null ? "" : " " + n.state()))));
    }

    /** Forwarding entries as `bridge fdb` prints them. */
    private static List<List<String>> fdb(Host h, Scope s) {
        return perNamespace(h, s, ns -> ns.fdb().stream()
                .filter(f -> aboutDevice(s, f.device(), f.master()))
                .map(f -> List.of(fdbLine(f))));
    }

    private static String fdbLine(FdbEntry f) {
        StringBuilder sb = new StringBuilder(f.mac()).append(" dev ").append(f.device());
        if (f.destination() != null) {
            sb.append(" dst ").append(f.destination());
        }
        if (f.master() != null) {
            sb.append(" master ").append(f.master());
        }
        if (f.self()) {
            sb.append(" self");
        }
        if (f.state() != null && !f.state().isEmpty()) {
            sb.append(' ').append(f.state());
        }
        return sb.toString();
    }

    private static List<List<String>> bridgePorts(Host h, Scope s) {
        return perNamespace(h, s, ns -> ns.interfaces().stream()
                .filter(d -> d.master() != null && !d.master().equals("ovs-system") && aboutDevice(s, d.name(), d.master()))
                .map(d -> List.of(d.master(), d.name(),
                        d.peer() == null ? "" : d.peer().name() + " (" + nsLabel(h, d.peer().namespace()) + ")")));
    }

    private static List<List<String>> ovsPorts(Host h, Scope s) {
        List<List<String>> rows = new ArrayList<>();
        if (h == null || (s.namespace != null && !s.namespace.equals("host"))) {
            return rows;
        }
        for (OvsBridge b : h.ovsBridges()) {
            for (OvsBridge.Port p : b.ports()) {
                if (s.device != null && !s.device.equals(b.name()) && !s.device.equals(p.name())) {
                    continue;
                }
                rows.add(List.of(b.name(), p.name(), p.type().isEmpty() ? "system" : p.type(), options(p.options())));
            }
        }
        return rows;
    }

    private static String options(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(options).forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append("=\"").append(v).append('"'));
        return sb.append('}').toString();
    }

    private static List<List<String>> containers(Host h, Scope s) {
        List<List<String>> rows = new ArrayList<>();
        if (h == null || !(s.whole() || s.container != null)) {
            return rows;
        }
        for (Container c : h.containers()) {
            if (s.container != null && !s.container.equals(c.name())) {
                continue;
            }
            if (c.endpoints().isEmpty()) {
                rows.add(List.of(c.name(), nz(c.image()), nz(c.state()), "", "", "", ""));
            }
            for (Container.Endpoint e : c.endpoints()) {
                rows.add(List.of(c.name(), nz(c.image()), nz(c.state()), e.network(), nz(e.device()),
                        e.address() == null ? "" : e.address() + "/" + e.prefixLength(), nz(e.mac())));
            }
        }
        return rows;
    }

    private static List<List<String>> networks(Host h, Scope s) {
        List<List<String>> rows = new ArrayList<>();
        if (h == null || !s.whole()) {
            return rows;
        }
        for (DockerNetwork n : h.dockerNetworks()) {
            rows.add(List.of(n.name(), n.driver(), nz(n.scope()), String.join(", ", n.subnets()),
                    String.join(", ", n.gateways())));
        }
        return rows;
    }

    private static List<List<String>> daemons(Host h, Scope s) {
        List<List<String>> rows = new ArrayList<>();
        if (h == null || !s.whole()) {
            return rows;
        }
        for (Daemon d : h.daemons()) {
            StringBuilder details = new StringBuilder();
            new TreeMap<>(d.details()).forEach((k, v) -> details.append(details.length() > 0 ? ", " : "").append(k)
                    .append('=').append(v));
            rows.add(List.of(d.name(), d.state(), details.toString()));
        }
        return rows;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Rows now, marked NEW when they were not there before; rows gone since are appended as REMOVED. */
    static Table diff(String title, List<String> columns, List<List<String>> now, List<List<String>> before) {
        Set<List<String>> was = new LinkedHashSet<>(before);
        Set<List<String>> is = new LinkedHashSet<>(now);
        List<Row> rows = new ArrayList<>();
        for (List<String> r : now) {
            rows.add(new Row(r, was.contains(r) ? RowState.SAME : RowState.NEW));
        }
        for (List<String> r : before) {
            if (!is.contains(r)) {
                rows.add(new Row(r, RowState.REMOVED));
            }
        }
        return new Table(title, columns, rows);
    }

    // ------------------------------------------------------------------ etcd

    static EtcdNode etcdTree(List<EtcdKey> now, List<EtcdKey> before) {
        if (now.isEmpty() && before.isEmpty()) {
            return null;
        }
        Map<String, String> was = new LinkedHashMap<>();
        before.forEach(k -> was.put(k.api() + ":" + k.key(), k.value()));
        Map<String, String> is = new LinkedHashMap<>();
        now.forEach(k -> is.put(k.api() + ":" + k.key(), k.value()));
        MutableNode root = new MutableNode("/", "/");
        for (EtcdKey k : now) {
            String id = k.api() + ":" + k.key();
            RowState st = !was.containsKey(id) ? RowState.NEW
                    : Objects.equals(was.get(id), k.value()) ? RowState.SAME : RowState.CHANGED;
            root.put(k.key(), k.value(), st, k.api());
        }
        for (EtcdKey k : before) {
            if (!is.containsKey(k.api() + ":" + k.key())) {
                root.put(k.key(), k.value(), RowState.REMOVED, k.api());
            }
        }
        return root.freeze();
    }

    private static final class MutableNode {
        final String name;
        final String key;
        String value;
        RowState state = RowState.SAME;
        final Map<String, MutableNode> children = new TreeMap<>();

        MutableNode(String name, String key) {
            this.name = name;
            this.key = key;
        }

        void put(String path, String v, RowState st, String api) {
            String[] parts = path.split("/");
            MutableNode n = this;
            StringBuilder sofar = new StringBuilder();
            for (String p : parts) {
                if (p.isEmpty()) {
                    continue;
                }
                sofar.append('/').append(p);
                String k = sofar.toString();
                n = n.children.computeIfAbsent(p, x -> new MutableNode(p, k));
            }
            n.value = v == null ? null : pretty(v);
            n.state = st;
        }

        EtcdNode freeze() {
            List<EtcdNode> kids = new ArrayList<>();
            for (MutableNode c : children.values()) {
                kids.add(c.freeze());
            }
            RowState st = state;
            if (st == RowState.SAME && kids.stream().anyMatch(k -> k.state() != RowState.SAME)) {
                st = RowState.CHANGED;
            }
            return new EtcdNode(name, key, value, st, kids);
        }
    }

    /** JSON values indented; anything else as it is. */
    static String pretty(String value) {
        String t = value.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return value;
        }
        try {
            JsonNode n = JSON.readTree(t);
            return JSON.writeValueAsString(n);
        } catch (Exception e) {
            return value;
        }
    }

    /** Tables with at least one row, for views that hide empty ones. */
    public List<Table> nonEmpty() {
        return tables.items().stream().filter(Predicate.not(t -> t.rows().isEmpty())).toList();
    }

    /** The diagram id the canvas uses for a host, for selecting the default subject. */
    public static String hostId(String host) {
        return Diagram.hostId(host);
    }
}
