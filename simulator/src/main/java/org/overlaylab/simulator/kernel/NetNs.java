/*
 * A simulated network namespace: its devices (by ifindex, in creation order), the main routing
 * table, the ARP table, the sysctls that matter (ip_forward, proxy_arp) and the NAT rules. All
 * changes go through methods that keep Linux's invariants: kernel routes follow addresses and
 * link state, deleting a veth deletes its peer, a device moved keeps its index when it can.
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;

public final class NetNs {
    public enum Kind { HOST, CONTAINER, OVERLAY, NAMED, WORLD }

    /**
     * Source NAT (MASQUERADE) for traffic from `source` leaving through `outDevice` (or any device
     * but `notOutDevice`), unless it is addressed to `notDestination` (Calico's nat-outgoing).
     */
    public record Masquerade(Cidr source, String outDevice, String notOutDevice, Cidr notDestination) {
        public Masquerade(Cidr source, String outDevice, String notOutDevice) {
            this(source, outDevice, notOutDevice, null);
        }
    }

    private final String name;
    private final Kind kind;
    private final String hostName;
    private final Map<Integer, Link> links = new LinkedHashMap<>();
    private final List<RouteEntry> routes = new ArrayList<>();
    private final List<Neighbour> neighbours = new ArrayList<>();
    private final Set<String> proxyArp = new HashSet<>();
    private final List<Masquerade> masquerade = new ArrayList<>();
    private int nextIndex = 1;
    /** The sorted main table, rebuilt only after something it depends on changed. */
    private List<RouteEntry> routeCache;
    private boolean ipForward;
    private String containerName;
    /** The namespace's own name resolution, as /etc/hosts and resolv.conf would give it. */
    private final Map<String, Integer> hosts = new LinkedHashMap<>();
    private Integer nameserver;

    public NetNs(String name, Kind kind, String hostName) {
        this.name = name;
        this.kind = kind;
        this.hostName = hostName;
        Loopback lo = new Loopback();
        attach(lo);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public String hostName() {
        return hostName;
    }

    public String containerName() {
        return containerName;
    }

    public void setContainerName(String containerName) {
        this.containerName = containerName;
    }

    public boolean ipForward() {
        return ipForward;
    }

    public void setIpForward(boolean on) {
        ipForward = on;
    }

    public Map<String, Integer> hostsFile() {
        return hosts;
    }

    public Integer nameserver() {
        return nameserver;
    }

    public void setNameserver(Integer ns) {
        nameserver = ns;
    }

    // ------------------------------------------------------------------ devices

    public List<Link> links() {
        return List.copyOf(links.values());
    }

    public Optional<Link> link(String ifName) {
        return links.values().stream().filter(l -> l.name().equals(ifName)).findFirst();
    }

    public Link linkByIndex(int index) {
        return links.get(index);
    }

    public Loopback loopback() {
        return (Loopback) links.get(1);
    }

    /** Adds a device with the next free index. */
    public void attach(Link link) {
        int idx = nextIndex++;
        while (links.containsKey(idx)) {
            idx = nextIndex++;
        }
        place(link, idx);
    }

    private void place(Link link, int idx) {
        routeCache = null;
        link.setIndex(idx);
        link.setNs(this);
        links.put(idx, link);
        nextIndex = Math.max(nextIndex, idx + 1);
    }

    public void checkNameFree(String ifName) throws KernelException {
        if (link(ifName).isPresent()) {
            throw new KernelException("RTNETLINK answers: File exists");
        }
    }

    /** Moves a device into another namespace, keeping its index if free there (`ip link set X netns Y`). */
    public void moveTo(Link link, NetNs target) throws KernelException {
        routeCache = null;
        if (target.link(link.name()).isPresent()) {
            throw new KernelException("RTNETLINK answers: File exists");
        }
        detach(link, false);
        link.setAdminUp(false);
        link.addresses.clear();
        if (target.links.containsKey(link.index())) {
            target.attach(link);
        } else {
            target.place(link, link.index());
        }
    }

    /** Deletes a device; a veth takes its peer with it, wherever the peer is. */
    public void delete(Link link) {
        detach(link, true);
        if (link instanceof Veth v && v.peer() != null && v.peer().ns() != null) {
            Veth peer = v.peer();
            peer.ns().detach(peer, true);
        }
    }

    private void detach(Link link, boolean deleting) {
        routeCache = null;
        links.remove(link.index());
        if (link.master() != null) {
            link.master().forgetPort(link);
            link.setMaster(null);
        }
        if (link instanceof Bridge b) {
            for (Link port : b.ports()) {
                port.setMaster(null);
            }
        }
        routes.removeIf(r -> r.device() == link);
        neighbours.removeIf(n -> n.device() == link);
        proxyArp.remove(link.name());
        if (deleting) {
            link.setNs(null);
        }
    }

    public void setMaster(Link port, Bridge bridge) throws KernelException {
        routeCache = null;
        if (bridge != null && bridge.ns() != this) {
            throw new KernelException("Cannot find device \"" + bridge.name() + "\"");
        }
        Bridge old = port.master();
        if (old != null) {
            old.forgetPort(port);
        }
        port.setMaster(bridge);
        if (old != null) {
            old.refreshFromPorts();
        }
        if (bridge != null) {
            bridge.refreshFromPorts();
        }
    }

    public void setUp(Link link, boolean up) {
        routeCache = null;
        if (up && !link.adminUp() && link instanceof Bridge && !link.carrier()) {
            // a bridge that opens joins the all-snoopers group 224.0.0.106 for its multicast snooping
            // and sends two IGMPv3 reports for it; without a running port they are dropped
            link.txDropped += 2;
        }
        link.setAdminUp(up);
        if (up && link instanceof Loopback && link.addresses.isEmpty()) {
            // the kernel gives lo its address the first time it comes up
            link.addresses.add(new Link.Address(Cidr.parse("127.0.0.1/8"), null, "host", link.name()));
        }
        if (!up) {
            routes.removeIf(r -> r.device() == link);
            neighbours.removeIf(n -> n.device() == link && n.state() != Neighbour.State.PERMANENT);
        }
    }

    // ------------------------------------------------------------------ addresses

    public void addAddress(Link link, Cidr cidr, Integer broadcast) throws KernelException {
        routeCache = null;
        if (link.addresses.stream().anyMatch(a -> a.cidr().equals(cidr))) {
            throw new KernelException("RTNETLINK answers: File exists");
        }
        String scope = (cidr.address() >>> 24) == 127 ? "host" : "global";
        link.addresses.add(new Link.Address(cidr, broadcast, scope, link.name()));
    }

    public boolean deleteAddress(Link link, Cidr cidr) {
        routeCache = null;
        return link.addresses.removeIf(a -> a.cidr().address() == cidr.address()
                && (cidr.prefixLength() == 32 || a.cidr().prefixLength() == cidr.prefixLength()));
    }

    /** Replaces every address of a device (what `ifconfig dev addr` does). */
    public void setOnlyAddress(Link link, Cidr cidr, Integer broadcast) {
        routeCache = null;
        link.addresses.clear();
        link.addresses.add(new Link.Address(cidr, broadcast, "global", link.name()));
    }

    public boolean isLocalAddress(int ip) {
        if ((ip >>> 24) == 127) {
            // 127/8 is local through lo's address, and only while lo is up
            Loopback lo = loopback();
            return lo.adminUp() && lo.addresses.stream().anyMatch(a -> a.cidr().contains(ip));
        }
        for (Link l : links.values()) {
            if (l.hasAddress(ip)) {
                return true;
            }
        }
        return false;
    }

    public Link deviceWithAddress(int ip) {
        return links.values().stream().filter(l -> l.hasAddress(ip)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ routes

    /** The main table as `ip route` lists it: static routes and the kernel routes of up devices. */
    public List<RouteEntry> routes() {
        if (routeCache != null && !anyCarrierChanged()) {
            return routeCache;
        }
        List<RouteEntry> all = new ArrayList<>(routes);
        for (Link l : links.values()) {
            if (!l.adminUp() || l instanceof Loopback) {
                continue;
            }
            for (Link.Address a : l.addresses) {
                if (a.cidr().prefixLength() == 32) {
                    continue;
                }
                all.add(new RouteEntry(a.cidr().networkCidr(), null, l, "kernel", "link", a.cidr().address(),
                        "unicast", 0, false));
            }
        }
        all.sort(ROUTE_ORDER);
        routeCache = List.copyOf(all);
        carrierSnapshot = carriers();
        return routeCache;
    }

    /** Carrier of every device when the cache was built: a peer going down elsewhere changes it. */
    private long carrierSnapshot;

    private long carriers() {
        long h = 17;
        for (Link l : links.values()) {
            h = h * 31 + (l.carrier() ? 1 : 0) + (l.adminUp() ? 2 : 0);
        }
        return h;
    }

    private boolean anyCarrierChanged() {
        return carriers() != carrierSnapshot;
    }

    /** iproute2 lists the main table in kernel order: default first, then by prefix. */
    private static final Comparator<RouteEntry> ROUTE_ORDER = Comparator
            .comparing((RouteEntry r) -> !r.isDefault())
            .thenComparing(r -> Integer.toUnsignedLong(r.destination().network()))
            .thenComparing(r -> -r.destination().prefixLength())
            .thenComparing(RouteEntry::metric);

    public List<RouteEntry> staticRoutes() {
        return List.copyOf(routes);
    }

    public void addRoute(RouteEntry route, boolean replace) throws KernelException {
        routeCache = null;
        if (route.device() != null && !route.device().adminUp() && !route.blackhole()) {
            throw new KernelException("Error: Device for nexthop is not up.");
        }
        if (route.gateway() != null && !route.onlink() && !route.blackhole()) {
            boolean reachable = routes().stream().anyMatch(r -> r.gateway() == null && r.device() != null
                    && r.destination().contains(route.gateway())
                    && (route.device() == null || r.device() == route.device()));
            if (!reachable) {
                throw new KernelException("Error: Nexthop has invalid gateway.");
            }
        }
        Optional<RouteEntry> same = routes().stream()
                .filter(r -> r.destination().equals(route.destination()) && r.metric() == route.metric())
                .findFirst();
        if (same.isPresent()) {
            if (!replace) {
                throw new KernelException("RTNETLINK answers: File exists");
            }
            // replacing a connected route leaves the address, so only a stored route can go
            routes.remove(same.get());
        }
        routes.add(route);
        routeCache = null;
    }

    public boolean deleteRoute(Cidr destination) {
        routeCache = null;
        return routes.removeIf(r -> r.destination().equals(destination.networkCidr()));
    }

    public void removeRoutesIf(java.util.function.Predicate<RouteEntry> p) {
        routeCache = null;
        routes.removeIf(p);
    }

    /**
     * Longest-prefix match over the main table; null when nothing matches. Routes through a device
     * without carrier (linkdown) still match, as with Linux's default ignore_routes_with_linkdown=0.
     */
    public RouteEntry lookup(int dst) {
        RouteEntry best = null;
        for (RouteEntry r : routes()) {
            if (!r.destination().contains(dst)) {
                continue;
            }
            if (r.device() != null && !r.device().adminUp() && !r.blackhole()) {
                continue;
            }
            if (best == null || r.destination().prefixLength() > best.destination().prefixLength()
                    || (r.destination().prefixLength() == best.destination().prefixLength() && r.metric() < best.metric())) {
                best = r;
            }
        }
        return best;
    }

    /**
     * The route a socket bound to a device gets (flowi4_oif, as a VXLAN device's `dev` sets it):
     * only routes through that device count, and when none holds the destination the kernel
     * assumes it is on the device's link ("Apparently, routing tables are wrong", route.c) and
     * ARPs for it there.
     */
    public RouteEntry lookup(int dst, Link oif) {
        RouteEntry best = null;
        for (RouteEntry r : routes()) {
            if (r.device() != oif || r.blackhole() || !r.destination().contains(dst) || !oif.adminUp()) {
                continue;
            }
            if (best == null || r.destination().prefixLength() > best.destination().prefixLength()
                    || (r.destination().prefixLength() == best.destination().prefixLength() && r.metric() < best.metric())) {
                best = r;
            }
        }
        return best != null ? best : new RouteEntry(new Cidr(dst, 32), null, oif, null, "link", null, "unicast", 0, false);
    }

    /** The source address Linux picks for a route: prefsrc, else the first address on the device in scope. */
    public Integer sourceFor(RouteEntry route, int dst) {
        if (route.preferredSource() != null) {
            return route.preferredSource();
        }
        Link dev = route.device();
        if (dev != null) {
            for (Link.Address a : dev.addresses) {
                if (a.cidr().contains(route.gateway() == null ? dst : route.gateway())) {
                    return a.cidr().address();
                }
            }
            if (!dev.addresses.isEmpty()) {
                return dev.addresses.get(0).cidr().address();
            }
        }
        for (Link l : links.values()) {
            if (!(l instanceof Loopback) && !l.addresses.isEmpty()) {
                return l.addresses.get(0).cidr().address();
            }
        }
        return null;
    }

    private final Netfilter netfilter = new Netfilter();
    /** Daemons' FORWARD hooks by owner, asked in the order they were first registered. */
    private final Map<String, ForwardHook> forwardHooks = new LinkedHashMap<>();

    /** Registers `owner`'s FORWARD hook, replacing the one it registered before. */
    public void setForwardHook(String owner, ForwardHook hook) {
        forwardHooks.put(owner, hook);
    }

    /** The first hook's reason to drop a forwarded packet, or null when every hook lets it pass. */
    public String forwardDropReason(Link out, int source, int destination) {
        for (ForwardHook hook : forwardHooks.values()) {
            String reason = hook.dropReason(out, source, destination);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    /** The iptables filter table of this namespace. */
    public Netfilter netfilter() {
        return netfilter;
    }

    /** Removes a MASQUERADE rule (iptables -t nat -D); false when none is the same. */
    public boolean removeMasquerade(Masquerade rule) {
        return masquerade.remove(rule);
    }

    // ------------------------------------------------------------------ path MTU

    /** Path MTUs learnt per destination (an ICMP "frag needed", a tunnel's own check), with expiry. */
    private final Map<Integer, long[]> pathMtus = new java.util.HashMap<>();

    /** Remembers a smaller path MTU towards `dst` for 10 minutes, as the kernel's route exceptions do. */
    public void learnPathMtu(int dst, int mtu, long now) {
        if (mtu >= 68) {
            pathMtus.put(dst, new long[] {mtu, now + 600L * 1_000_000_000L});
        }
    }

    /** The learnt path MTU towards `dst`, or null when none (or it expired). */
    public Integer learntPathMtu(int dst, long now) {
        long[] e = pathMtus.get(dst);
        if (e == null) {
            return null;
        }
        if (now > e[1]) {
            pathMtus.remove(dst);
            return null;
        }
        return (int) e[0];
    }

    // ------------------------------------------------------------------ neighbours

    public List<Neighbour> neighbours() {
        return List.copyOf(neighbours);
    }

    public Neighbour neighbour(int ip, Link dev) {
        for (Neighbour n : neighbours) {
            if (n.address() == ip && n.device() == dev) {
                return n;
            }
        }
        return null;
    }

    public Neighbour putNeighbour(int ip, Link dev, String mac, Neighbour.State state, long now) {
        Neighbour n = neighbour(ip, dev);
        if (n == null) {
            n = new Neighbour(ip, dev, mac, state, now);
            neighbours.add(n);
        } else {
            n.update(mac, state, now);
        }
        return n;
    }

    public boolean deleteNeighbour(int ip, Link dev) {
        return neighbours.removeIf(n -> n.address() == ip && (dev == null || n.device() == dev));
    }

    // ------------------------------------------------------------------ sysctls and NAT

    public boolean proxyArp(Link dev) {
        return proxyArp.contains(dev.name());
    }

    public void setProxyArp(Link dev, boolean on) {
        if (on) {
            proxyArp.add(dev.name());
        } else {
            proxyArp.remove(dev.name());
        }
    }

    public List<Masquerade> masquerade() {
        return masquerade;
    }

    public void addMasquerade(Masquerade rule) {
        if (!masquerade.contains(rule)) {
            masquerade.add(rule);
        }
    }

    @Override
    public String toString() {
        return hostName + "/" + name;
    }

    public static String ip(int address) {
        return Ipv4.format(address);
    }
}
