/*
 * Compares two observed topologies (the simulator's and a real kernel's, after the same step) and
 * lists what differs: devices and their properties, addresses, routes, neighbours, FDB, bridge and
 * OVS ports, containers, Docker networks, daemons and etcd keys. What is random by nature is
 * ignored: MACs, Docker/etcd IDs (64 and 12 hex digits), veth and cali device names (matched by
 * what they connect instead), namespace names of containers and overlay sandboxes (matched by the
 * container or by being Docker's overlay namespace), and interface indexes.
 */
package org.overlaylab.model.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.InterfaceAddress;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Neighbour;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Topology;

public final class TopologyDiff {
    private TopologyDiff() {}

    /** One difference: where, what kind of thing, which one, and the value on each side ("-" = absent). */
    public record Difference(String host, String category, String item, String left, String right) {
        @Override
        public String toString() {
            return (host == null ? "" : host + ": ") + category + " " + item + ": " + left + " | " + right;
        }
    }

    /** What the comparison ignores, for the report's own words. */
    public static final List<String> IGNORED = List.of(
            "MAC addresses (random per run; Docker's 02:42+IP MACs are compared through the container's address)",
            "Docker and etcd IDs (64 and 12 hex digits) inside names and values",
            "names of veth and cali* devices (random), matched by the namespace and device at their other end",
            "names of container and overlay namespaces, matched by the container and by being the overlay sandbox",
            "interface indexes, neighbour states other than PERMANENT, etcd TTLs and the etcd API (v2/v3) a key lives in",
            "kernel multicast and local FDB entries",
            "fields an etcd JSON value has on one side only (releases add fields); allocator bitmaps (idm, ipam data)"
                    + " are compared by presence");

    private static final Pattern HEX64 = Pattern.compile("\\b[0-9a-f]{64}\\b");
    private static final Pattern HEX12 = Pattern.compile("\\b[0-9a-f]{10,12}\\b");
    private static final Pattern MAC = Pattern.compile("\\b[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\\b");
    private static final Pattern CALI = Pattern.compile("\\bcali[0-9a-f]{11}\\b");

    static String scrub(String s) {
        if (s == null) {
            return null;
        }
        String r = HEX64.matcher(s).replaceAll("<id>");
        r = CALI.matcher(r).replaceAll("cali<id>");
        r = MAC.matcher(r).replaceAll("<mac>");
        return HEX12.matcher(r).replaceAll("<id>");
    }

    public static List<Difference> compare(Topology left, Topology right) {
        List<Difference> out = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        left.hosts().forEach(h -> hosts.add(h.name()));
        right.hosts().forEach(h -> hosts.add(h.name()));
        for (String name : hosts) {
            Host a = left.host(name).orElse(null);
            Host b = right.host(name).orElse(null);
            if (a == null || b == null) {
                out.add(new Difference(name, "host", name, a == null ? "-" : "present", b == null ? "-" : "present"));
                continue;
            }
            compareHost(a, b, out);
        }
        Map<String, String> ka = etcdKeys(left);
        Map<String, String> kb = etcdKeys(right);
        Set<String> keys = new LinkedHashSet<>(ka.keySet());
        keys.addAll(kb.keySet());
        for (String k : keys) {
            String x = ka.get(k);
            String y = kb.get(k);
            if (x == null || y == null || !sameValue(x, y)) {
                out.add(new Difference(null, "etcd-key", k, x == null ? "-" : x, y == null ? "-" : y));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ per host

    private static void compareHost(Host a, Host b, List<Difference> out) {
        Map<String, NetNamespace> na = namespaces(a);
        Map<String, NetNamespace> nb = namespaces(b);
        Set<String> keys = new LinkedHashSet<>(na.keySet());
        keys.addAll(nb.keySet());
        for (String k : keys) {
            NetNamespace x = na.get(k);
            NetNamespace y = nb.get(k);
            if (x == null || y == null) {
                out.add(new Difference(a.name(), "namespace", k, x == null ? "-" : "present", y == null ? "-" : "present"));
                continue;
            }
            compareMaps(a.name(), "device", devices(x, a), devices(y, b), out, k);
            compareMaps(a.name(), "route", routes(x, a), routes(y, b), out, k);
            compareMaps(a.name(), "neighbour", neighbours(x, a), neighbours(y, b), out, k);
            compareMaps(a.name(), "fdb", fdb(x, a), fdb(y, b), out, k);
        }
        compareMaps(a.name(), "ovs-port", ovs(a), ovs(b), out);
        compareMaps(a.name(), "container", containers(a), containers(b), out);
        compareMaps(a.name(), "docker-network", networks(a), networks(b), out);
        compareMaps(a.name(), "daemon", daemons(a), daemons(b), out);
    }

    private static void compareMaps(String host, String category, Map<String, String> a, Map<String, String> b,
                                    List<Difference> out) {
        compareMaps(host, category, a, b, out, null);
    }

    private static void compareMaps(String host, String category, Map<String, String> a, Map<String, String> b,
                                    List<Difference> out, String namespace) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.get(k);
            String y = b.get(k);
            if (x == null || y == null || !x.equals(y)) {
                String item = namespace == null || namespace.equals("host") ? k : namespace + "/" + k;
                out.add(new Difference(host, category, item, x == null ? "-" : x, y == null ? "-" : y));
            }
        }
    }

    /** Namespaces keyed by what they are: "host", "container:test1", "overlay", or their name. */
    private static Map<String, NetNamespace> namespaces(Host h) {
        Map<String, NetNamespace> m = new LinkedHashMap<>();
        int overlays = 0;
        for (NetNamespace ns : h.namespaces()) {
            String key = switch (ns.kind()) {
                case HOST -> "host";
                case CONTAINER -> "container:" + (ns.container() == null ? ns.name() : ns.container());
                case OVERLAY -> overlays++ == 0 ? "overlay" : "overlay" + overlays;
                case NAMED -> ns.name();
            };
            m.put(key, ns);
        }
        return m;
    }

    private static String nsKey(Host h, String nsName) {
        for (Map.Entry<String, NetNamespace> e : namespaces(h).entrySet()) {
            if (e.getValue().name().equals(nsName)) {
                return e.getKey();
            }
        }
        return nsName;
    }

    /** A device's stable name: veth and cali names are random, so they are named by their peer. */
    private static String deviceKey(NetInterface d, Host h) {
        boolean random = d.name().matches("veth[0-9a-f]{7}") || d.name().matches("cali[0-9a-f]{11}");
        if (random && d.peer() != null) {
            return "veth-to(" + nsKey(h, d.peer().namespace()) + ":" + d.peer().name() + ")";
        }
        return d.name();
    }

    private static String deviceKey(NetNamespace ns, String name, Host h) {
        return ns.iface(name).map(d -> deviceKey(d, h)).orElse(name);
    }

    private static Map<String, String> devices(NetNamespace ns, Host h) {
        Map<String, String> m = new TreeMap<>();
        for (NetInterface d : ns.interfaces()) {
            StringBuilder sb = new StringBuilder(d.kind());
            sb.append(" mtu ").append(d.mtu()).append(d.up() ? " up" : " down");
            if (d.master() != null) {
                sb.append(" master ").append(deviceKey(ns, d.master(), h));
            }
            List<String> addrs = new ArrayList<>();
            for (InterfaceAddress a : d.addresses()) {
                addrs.add(a.cidr());
            }
            addrs.sort(null);
            if (!addrs.isEmpty()) {
                sb.append(" addr ").append(String.join(",", addrs));
            }
            if (d.vxlan() != null) {
                sb.append(" vni ").append(d.vxlan().vni()).append(" port ").append(d.vxlan().dstPort());
            }
            m.put(deviceKey(d, h), sb.toString());
        }
        return m;
    }

    private static Map<String, String> routes(NetNamespace ns, Host h) {
        Map<String, String> m = new TreeMap<>();
        for (Route r : ns.routes()) {
            String key = (r.type() == null || r.type().equals("unicast") ? "" : r.type() + " ") + r.destination();
            String value = "via " + (r.gateway() == null ? "-" : r.gateway()) + " dev "
                    + (r.device() == null ? "-" : deviceKey(ns, r.device(), h))
                    + (r.protocol() == null ? "" : " proto " + r.protocol());
            m.merge(key, value, (x, y) -> x.compareTo(y) <= 0 ? x + "; " + y : y + "; " + x);
        }
        return m;
    }

    private static Map<String, String> neighbours(NetNamespace ns, Host h) {
        Map<String, String> m = new TreeMap<>();
        for (Neighbour n : ns.neighbours()) {
            if (!"PERMANENT".equals(n.state())) {
                continue;
            }
            m.put(n.address() + " dev " + deviceKey(ns, n.device(), h), "PERMANENT");
        }
        return m;
    }

    private static Map<String, String> fdb(NetNamespace ns, Host h) {
        Map<String, String> m = new TreeMap<>();
        for (FdbEntry f : ns.fdb()) {
            if (f.destination() == null) {
                continue;
            }
            String mac = f.mac().startsWith("02:42:") ? f.mac() : "<mac>";
            m.merge(deviceKey(ns, f.device(), h) + " dst " + f.destination(), mac, (x, y) -> x.equals(y) ? x : x + "," + y);
        }
        return m;
    }

    private static Map<String, String> ovs(Host h) {
        Map<String, String> m = new TreeMap<>();
        for (OvsBridge b : h.ovsBridges()) {
            for (OvsBridge.Port p : b.ports()) {
                m.put(b.name() + "/" + p.name(), (p.type().isEmpty() ? "system" : p.type())
                        + (p.options().containsKey("remote_ip") ? " remote_ip=" + p.options().get("remote_ip") : ""));
            }
        }
        return m;
    }

    private static Map<String, String> containers(Host h) {
        Map<String, String> m = new TreeMap<>();
        for (Container c : h.containers()) {
            List<String> eps = new ArrayList<>();
            for (Container.Endpoint e : c.endpoints()) {
                eps.add(e.network() + " " + e.device() + " " + e.address() + "/" + e.prefixLength());
            }
            eps.sort(null);
            m.put(c.name(), c.state() + (eps.isEmpty() ? "" : " " + String.join(", ", eps)));
        }
        return m;
    }

    private static Map<String, String> networks(Host h) {
        Map<String, String> m = new TreeMap<>();
        for (DockerNetwork n : h.dockerNetworks()) {
            m.put(n.name(), n.driver() + " " + n.scope() + " " + String.join(",", n.subnets()));
        }
        return m;
    }

    private static Map<String, String> daemons(Host h) {
        Map<String, String> m = new TreeMap<>();
        for (Daemon d : h.daemons()) {
            m.put(d.name(), d.state());
        }
        return m;
    }

    private static Map<String, String> etcdKeys(Topology t) {
        Map<String, List<EtcdKey>> byScrubbedKey = new TreeMap<>();
        for (EtcdKey k : t.etcdKeys()) {
            if (!k.isDirectory()) {
                byScrubbedKey.computeIfAbsent(scrub(k.key()), x -> new ArrayList<>()).add(k);
            }
        }
        Map<String, String> m = new TreeMap<>();
        byScrubbedKey.forEach((key, keys) -> {
            List<String> values = new ArrayList<>();
            for (EtcdKey k : keys) {
                values.add(k.key().contains("/idm/") || k.key().contains("/ipam/default/data/")
                        ? "(allocator bitmap)" : scrub(k.value()));
            }
            // keys that differ only by IDs are compared as a set of values, in a stable order
            values.sort(null);
            for (int i = 0; i < values.size(); i++) {
                m.put(values.size() == 1 ? key : key + " [" + (i + 1) + "]", values.get(i));
            }
        });
        return m;
    }

    /** Two etcd values are the same when equal, or, for JSON objects, when the fields both have agree. */
    static boolean sameValue(String a, String b) {
        return a.equals(b) || JsonFields.agreeOnSharedFields(a, b);
    }
}
