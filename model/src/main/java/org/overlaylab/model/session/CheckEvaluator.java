/*
 * Evaluates a step's state checks against an observed topology. Each kind finds the thing it names
 * (a device, a route, a container...) and compares the fields the lab gave; the description reads
 * like the check in the lab file, the detail says what was there instead.
 */
package org.overlaylab.model.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.EtcdMember;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Neighbour;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.model.topology.Tunnel;

public final class CheckEvaluator {
    private final Topology topology;

    public CheckEvaluator(Topology topology) {
        this.topology = topology;
    }

    public CheckResult evaluate(Check check) {
        String description = describe(check);
        try {
            String problem = switch (check.kind()) {
                case "interface" -> checkInterface(check);
                case "route" -> checkRoute(check);
                case "neighbour" -> checkNeighbour(check);
                case "fdb" -> checkFdb(check);
                case "bridge-port" -> checkBridgePort(check);
                case "ovs-port" -> checkOvsPort(check);
                case "container" -> checkContainer(check);
                case "docker-network" -> checkDockerNetwork(check);
                case "namespace" -> checkNamespace(check);
                case "daemon" -> checkDaemon(check);
                case "etcd-key" -> checkEtcdKey(check);
                case "etcd-member" -> checkEtcdMember(check);
                case "tunnel" -> checkTunnel(check);
                default -> "unknown check kind " + check.kind();
            };
            return problem == null ? CheckResult.pass(description) : CheckResult.fail(description, problem);
        } catch (Missing m) {
            return CheckResult.fail(description, m.getMessage());
        }
    }

    /** "node1: interface flannel.100 kind=vxlan vni=100" */
    public static String describe(Check check) {
        Map<String, String> f = new TreeMap<>(check.fields());
        String ident = switch (check.kind()) {
            case "interface", "container", "docker-network", "daemon", "etcd-member" -> f.remove("name");
            case "route" -> f.remove("destination");
            case "neighbour" -> f.remove("address");
            case "fdb" -> f.remove("device");
            case "bridge-port", "ovs-port" -> f.remove("bridge") + " port " + f.remove("port");
            case "etcd-key" -> f.remove("key");
            case "tunnel" -> "to " + f.remove("to");
            case "namespace" -> f.containsKey("name") ? f.remove("name")
                    : f.containsKey("prefix") ? f.remove("prefix") + "*" : "";
            default -> "";
        };
        boolean absent = "true".equals(f.remove("absent"));
        StringBuilder sb = new StringBuilder();
        if (check.host() != null) {
            sb.append(check.host()).append(": ");
        }
        sb.append(absent ? "no " : "").append(check.kind());
        if (ident != null && !ident.isEmpty()) {
            sb.append(' ').append(ident);
        }
        f.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    private Host host(Check c) {
        return topology.host(c.host()).orElseThrow(() -> new Missing("host " + c.host() + " not found"));
    }

    private NetNamespace namespace(Check c) {
        Host h = host(c);
        String container = c.fields().get("container");
        if (container != null) {
            Container ct = h.container(container)
                    .orElseThrow(() -> new Missing("no container " + container + " on " + h.name()));
            return h.namespace(ct.namespace())
                    .orElseThrow(() -> new Missing("container " + container + " is not running"));
        }
        String ns = c.fields().get("namespace");
        if (ns == null) {
            return h.root();
        }
        if (ns.equals("overlay")) {
            return h.namespaces().stream().filter(n -> n.kind() == NetNamespace.Kind.OVERLAY).findFirst()
                    .orElseThrow(() -> new Missing("no overlay namespace on " + h.name()));
        }
        return h.namespace(ns).orElseThrow(() -> new Missing("no namespace " + ns + " on " + h.name()));
    }

    private static boolean absent(Check c) {
        return "true".equals(c.fields().get("absent"));
    }

    /** Compares wanted fields with actual values; returns a message naming the first difference. */
    private static String compare(Check c, Map<String, String> actual) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String want = c.fields().get(e.getKey());
            if (want != null && !matches(want, e.getValue())) {
                diffs.add(e.getKey() + " is " + (e.getValue() == null || e.getValue().isEmpty() ? "unset" : e.getValue()));
            }
        }
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }

    private static boolean matches(String want, String actual) {
        if (actual == null) {
            return false;
        }
        return want.equalsIgnoreCase(actual);
    }

    private static String v(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private String checkInterface(Check c) {
        NetNamespace ns = namespace(c);
        String name = c.fields().get("name");
        Optional<NetInterface> dev = ns.iface(name);
        if (absent(c)) {
            return dev.isPresent() ? "device " + name + " exists" : null;
        }
        if (dev.isEmpty()) {
            return "no device " + name + " in " + ns.name() + " (devices: "
                    + ns.interfaces().stream().map(NetInterface::name).collect(Collectors.joining(", ")) + ")";
        }
        NetInterface d = dev.get();
        Map<String, String> actual = new TreeMap<>();
        actual.put("kind", d.kind());
        actual.put("mtu", String.valueOf(d.mtu()));
        actual.put("mac", d.mac());
        actual.put("up", String.valueOf(d.up()));
        actual.put("master", v(d.master()));
        actual.put("peer", d.peer() == null ? "" : d.peer().name());
        if (d.vxlan() != null) {
            actual.put("vni", String.valueOf(d.vxlan().vni()));
            actual.put("dstport", String.valueOf(d.vxlan().dstPort()));
            actual.put("local", v(d.vxlan().local()));
        } else {
            actual.put("vni", "");
            actual.put("dstport", "");
            actual.put("local", "");
        }
        String problem = compare(c, actual);
        String wantAddress = c.fields().get("address");
        if (wantAddress != null) {
            boolean found = d.addresses().stream().anyMatch(a -> wantAddress.contains("/")
                    ? a.cidr().equals(wantAddress) : a.address().equals(wantAddress));
            if (!found) {
                String have = d.addresses().stream().map(a -> a.cidr()).collect(Collectors.joining(", "));
                String m = "address is " + (have.isEmpty() ? "unset" : have);
                problem = problem == null ? m : problem + ", " + m;
            }
        }
        String unwanted = c.fields().get("no-address");
        if (unwanted != null && d.addresses().stream().anyMatch(a -> unwanted.contains("/")
                ? a.cidr().equals(unwanted) : a.address().equals(unwanted))) {
            // an address the device must not hold, such as one inside another host's subnet
            String m = "it holds " + unwanted;
            problem = problem == null ? m : problem + ", " + m;
        }
        return problem;
    }

    private String checkRoute(Check c) {
        NetNamespace ns = namespace(c);
        String dst = c.fields().get("destination");
        List<Route> candidates = ns.routes().stream().filter(r -> sameDestination(dst, r.destination())).toList();
        if (absent(c)) {
            return candidates.isEmpty() ? null : "route to " + dst + " exists";
        }
        if (candidates.isEmpty()) {
            return "no route to " + dst + " (routes: "
                    + ns.routes().stream().map(Route::destination).collect(Collectors.joining(", ")) + ")";
        }
        String last = null;
        for (Route r : candidates) {
            Map<String, String> actual = new TreeMap<>();
            actual.put("gateway", v(r.gateway()));
            actual.put("device", v(r.device()));
            actual.put("protocol", v(r.protocol()));
            actual.put("type", v(r.type()));
            actual.put("scope", v(r.scope()));
            last = compare(c, actual);
            if (last == null) {
                return null;
            }
        }
        return last;
    }

    private static boolean sameDestination(String want, String actual) {
        if (want.equals(actual)) {
            return true;
        }
        if (Cidr.isValid(want) && Cidr.isValid(actual)) {
            return Cidr.parse(want).equals(Cidr.parse(actual));
        }
        return false;
    }

    private String checkNeighbour(Check c) {
        NetNamespace ns = namespace(c);
        String addr = c.fields().get("address");
        List<Neighbour> found = ns.neighbours().stream().filter(n -> n.address().equals(addr)).toList();
        if (absent(c)) {
            return found.isEmpty() ? null : "neighbour " + addr + " exists";
        }
        if (found.isEmpty()) {
            return "no neighbour entry for " + addr;
        }
        String last = null;
        for (Neighbour n : found) {
            Map<String, String> actual = new TreeMap<>();
            actual.put("lladdr", v(n.lladdr()));
            actual.put("device", v(n.device()));
            actual.put("state", v(n.state()));
            last = compare(c, actual);
            if (last == null) {
                return null;
            }
        }
        return last;
    }

    private String checkFdb(Check c) {
        NetNamespace ns = namespace(c);
        String device = c.fields().get("device");
        List<FdbEntry> found = ns.fdb().stream().filter(f -> f.device().equals(device)).toList();
        String mac = c.fields().get("mac");
        String dst = c.fields().get("destination");
        List<FdbEntry> matching = found.stream()
                .filter(f -> mac == null || f.mac().equalsIgnoreCase(mac))
                .filter(f -> dst == null || dst.equals(f.destination()))
                .toList();
        if (absent(c)) {
            return matching.isEmpty() ? null : "entry exists";
        }
        if (matching.isEmpty()) {
            return found.isEmpty() ? "no FDB entries on " + device
                    : "entries on " + device + ": " + found.stream()
                    .map(f -> f.mac() + (f.destination() == null ? "" : " dst " + f.destination()))
                    .collect(Collectors.joining(", "));
        }
        return null;
    }

    private String checkBridgePort(Check c) {
        NetNamespace ns = namespace(c);
        String bridge = c.fields().get("bridge");
        String port = c.fields().get("port");
        if (ns.iface(bridge).isEmpty()) {
            return absent(c) ? null : "no bridge " + bridge;
        }
        boolean enslaved = ns.iface(port).map(p -> bridge.equals(p.master())).orElse(false);
        if (absent(c)) {
            return enslaved ? port + " is a port of " + bridge : null;
        }
        if (enslaved) {
            return null;
        }
        return "ports of " + bridge + ": " + ns.interfaces().stream().filter(i -> bridge.equals(i.master()))
                .map(NetInterface::name).collect(Collectors.joining(", "));
    }

    private String checkOvsPort(Check c) {
        Host h = host(c);
        String bridge = c.fields().get("bridge");
        String port = c.fields().get("port");
        Optional<OvsBridge> br = h.ovsBridge(bridge);
        Optional<OvsBridge.Port> p = br.flatMap(b -> b.port(port));
        if (absent(c)) {
            return p.isPresent() ? "port " + port + " exists" : null;
        }
        if (br.isEmpty()) {
            return "no OVS bridge " + bridge;
        }
        if (p.isEmpty()) {
            return "ports of " + bridge + ": "
                    + br.get().ports().stream().map(OvsBridge.Port::name).collect(Collectors.joining(", "));
        }
        Map<String, String> actual = new TreeMap<>();
        actual.put("type", p.get().type());
        actual.put("remote_ip", v(p.get().options().get("remote_ip")));
        return compare(c, actual);
    }

    private String checkContainer(Check c) {
        Host h = host(c);
        String name = c.fields().get("name");
        Optional<Container> ct = h.container(name);
        if (absent(c)) {
            return ct.isPresent() ? "container " + name + " exists" : null;
        }
        if (ct.isEmpty()) {
            return "no container " + name + " on " + h.name();
        }
        Container k = ct.get();
        Map<String, String> actual = new TreeMap<>();
        actual.put("state", k.state());
        actual.put("image", k.image());
        String problem = compare(c, actual);
        String network = c.fields().get("network");
        String address = c.fields().get("address");
        String mac = c.fields().get("mac");
        if (network != null || address != null || mac != null) {
            List<Container.Endpoint> eps = network == null ? k.endpoints()
                    : k.endpoint(network).map(List::of).orElse(List.of());
            if (eps.isEmpty()) {
                String m = "not on network " + network;
                return problem == null ? m : problem + ", " + m;
            }
            boolean ok = eps.stream().anyMatch(e -> (address == null || address.equals(e.address())
                    || address.equals(e.address() + "/" + e.prefixLength()))
                    && (mac == null || mac.equalsIgnoreCase(e.mac())));
            if (!ok) {
                String m = "endpoints: " + eps.stream().map(e -> e.network() + " " + e.address() + "/"
                        + e.prefixLength() + " " + e.mac()).collect(Collectors.joining(", "));
                problem = problem == null ? m : problem + ", " + m;
            }
        }
        return problem;
    }

    private String checkDockerNetwork(Check c) {
        Host h = host(c);
        String name = c.fields().get("name");
        Optional<DockerNetwork> n = h.dockerNetwork(name);
        if (absent(c)) {
            return n.isPresent() ? "network " + name + " exists" : null;
        }
        if (n.isEmpty()) {
            return "no network " + name + " (networks: "
                    + h.dockerNetworks().stream().map(DockerNetwork::name).collect(Collectors.joining(", ")) + ")";
        }
        Map<String, String> actual = new TreeMap<>();
        actual.put("driver", n.get().driver());
        actual.put("scope", n.get().scope());
        actual.put("subnet", String.join(",", n.get().subnets()));
        actual.put("gateway", String.join(",", n.get().gateways()));
        return compare(c, actual);
    }

    private String checkNamespace(Check c) {
        Host h = host(c);
        String name = c.fields().get("name");
        String prefix = c.fields().get("prefix");
        String kind = c.fields().get("kind");
        List<NetNamespace> found = h.namespaces().stream()
                .filter(n -> name == null || n.name().equals(name))
                .filter(n -> prefix == null || n.name().startsWith(prefix))
                .filter(n -> kind == null || n.kind().name().equalsIgnoreCase(kind))
                .toList();
        if (absent(c)) {
            return found.isEmpty() ? null : "found " + found.get(0).name();
        }
        return found.isEmpty() ? "namespaces: " + h.namespaces().stream().map(NetNamespace::name)
                .collect(Collectors.joining(", ")) : null;
    }

    private String checkDaemon(Check c) {
        Host h = host(c);
        String name = c.fields().get("name");
        String state = c.fields().getOrDefault("state", "running");
        String actual = h.daemon(name).map(d -> d.state()).orElse("stopped");
        return state.equals(actual) ? null : name + " is " + actual;
    }

    private String checkEtcdKey(Check c) {
        String key = c.fields().get("key");
        Optional<EtcdKey> k = topology.etcdKey(key);
        if (absent(c)) {
            return k.isPresent() ? "key exists" : null;
        }
        if (k.isEmpty()) {
            return "no key " + key;
        }
        String value = k.get().value();
        String wantValue = c.fields().get("value");
        if (wantValue != null && !wantValue.equals(value)) {
            return "value is " + value;
        }
        String contains = c.fields().get("contains");
        if (contains != null && (value == null || !value.contains(contains))) {
            return "value is " + value;
        }
        return null;
    }

    private String checkEtcdMember(Check c) {
        String name = c.fields().get("name");
        Optional<EtcdMember> m = topology.etcdMembers().stream().filter(e -> e.name().equals(name)).findFirst();
        if (m.isEmpty()) {
            return "no member " + name + " (members: " + topology.etcdMembers().stream().map(EtcdMember::name)
                    .collect(Collectors.joining(", ")) + ")";
        }
        Map<String, String> actual = new TreeMap<>();
        actual.put("id", m.get().id());
        actual.put("healthy", String.valueOf(m.get().healthy()));
        return compare(c, actual);
    }

    private String checkTunnel(Check c) {
        String to = c.fields().get("to");
        List<Tunnel> tunnels = Tunnel.find(topology).stream()
                .filter(t -> t.fromHost().equals(c.host()) && to.equals(t.toHost())).toList();
        if (tunnels.isEmpty()) {
            return "no tunnel from " + c.host() + " to " + to;
        }
        String last = null;
        for (Tunnel t : tunnels) {
            Map<String, String> actual = new TreeMap<>();
            actual.put("kind", t.kind());
            actual.put("key", String.valueOf(t.key()));
            actual.put("device", t.fromDevice());
            last = compare(c, actual);
            if (last == null) {
                return null;
            }
        }
        return last;
    }
}
