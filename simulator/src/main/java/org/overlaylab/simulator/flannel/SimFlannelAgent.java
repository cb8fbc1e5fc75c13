/*
 * flanneld (0.6.2 or 0.10.0) with the vxlan or host-gw backend on one host. It reads the network
 * configuration from etcd (v2 keys under /coreos.com/network), leases a free subnet (picked at
 * random among the first 100 free ones, as flannel's local manager does), publishes it with its
 * underlay IP (and VTEP MAC for vxlan), writes /run/flannel/subnet.env, and for every other lease
 * programs the host: vxlan creates flannel.<VNI> and adds a route, a permanent neighbour entry and
 * an FDB entry towards each host; host-gw adds only a route via the host's underlay address; 0.10's
 * vxlan with DirectRouting does the latter for hosts its underlay reaches without a gateway.
 */
package org.overlaylab.simulator.flannel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.model.tools.FlannelLeases;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.simulator.etcd.V2HttpAnswers;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class SimFlannelAgent {
    public static final String PREFIX = FlannelLeases.PREFIX;
    public static final long LEASE_TTL = FlannelLeases.LEASE_TTL_SECONDS;
    public static final String SUBNET_ENV = FlannelLeases.SUBNET_ENV;

    private final SimWorld world;
    private final SimHost host;
    private final String publicIp;
    private final Link underlay;
    private final String logFile;
    private final int pid;
    /** The etcd endpoint flanneld talks to, host:port (127.0.0.1:2379 by default: this host's member). */
    private final String etcdEndpoint;
    /** "0.6.2" (the tutorial's) or "0.10.0" (the first with DirectRouting): log lines and flannel.<VNI>'s address differ. */
    private final String version;
    private boolean running = true;
    /** The config's Backend.Type: "vxlan" or "host-gw". */
    private String backendType = "vxlan";
    /** vxlan's DirectRouting (0.10 on): peers reachable without a gateway get a plain route, no VXLAN. */
    private boolean directRouting;
    /** Peer subnets routed straight via the peer's underlay address (host-gw, or vxlan's direct routes). */
    private final java.util.Set<Cidr> directRoutes = new java.util.HashSet<>();
    private Cidr network;
    private Cidr lease;
    private int vni;
    private int port;
    private String vtepMac;
    private boolean waitingLogged;
    /** The store's index when the peers were last programmed: nothing to do until it moves. */
    private long programmedAt = -1;
    /** Leases already read, by key and modification index: {subnet, public IP, VTEP MAC}. */
    private final Map<String, Object[]> parsedLeases = new java.util.HashMap<>();
    /** flanneld's HTTP connection to etcd's client port, opened when it first reads its config. */
    private FlannelEtcdSession etcdSession;
    private V2HttpAnswers etcdAnswers;
    /** The store's index when flanneld listed the leases: later leases reach it through its watch. */
    private long listedAt;

    public SimFlannelAgent(SimWorld world, SimHost host, String publicIp, Link underlay, String logFile, int pid) {
        this(world, host, publicIp, underlay, logFile, pid, "127.0.0.1:2379");
    }

    public SimFlannelAgent(SimWorld world, SimHost host, String publicIp, Link underlay, String logFile, int pid,
                        String etcdEndpoint) {
        this(world, host, publicIp, underlay, logFile, pid, etcdEndpoint, "0.6.2", false);
    }

    /** `ifaceGivenAsAddress`: flanneld was started with -iface=<address>, which 0.10 logs looking up. */
    public SimFlannelAgent(SimWorld world, SimHost host, String publicIp, Link underlay, String logFile, int pid,
                        String etcdEndpoint, String version, boolean ifaceGivenAsAddress) {
        this.version = version;
        this.etcdEndpoint = etcdEndpoint;
        this.world = world;
        this.host = host;
        this.publicIp = publicIp;
        this.underlay = underlay;
        this.logFile = logFile;
        this.pid = pid;
        if (modern()) {
            if (ifaceGivenAsAddress) {
                log("main.go:417] Searching for interface using " + publicIp);
            }
            log("main.go:488] Using interface with name " + underlay.name() + " and address " + publicIp);
            log("main.go:505] Defaulting external address to interface address (" + publicIp + ")");
            log("main.go:235] Created subnet manager: Etcd Local Manager with Previous Subnet: None");
            log("main.go:238] Installing signal handlers");
        } else {
            log("main.go:275] Installing signal handlers");
            log("main.go:188] Using " + publicIp + " as external interface");
            log("main.go:189] Using " + publicIp + " as external endpoint");
        }
    }

    /** flannel 0.10.0 rather than the tutorial's 0.6.2. */
    private boolean modern() {
        return version.equals("0.10.0");
    }

    public String backendType() {
        return backendType;
    }

    public boolean running() {
        return running;
    }

    public int pid() {
        return pid;
    }

    public Cidr lease() {
        return lease;
    }

    public String vtepMac() {
        return vtepMac;
    }

    public String deviceName() {
        return "flannel." + vni;
    }

    public void stop() {
        running = false;
        if (etcdSession != null) {
            etcdSession.close();
        }
    }

    private void log(String text) {
        log('I', text);
    }

    /** A glog line: severity, date and time, the thread ID right-aligned in seven columns, source, message. */
    private void log(char severity, String text) {
        if (logFile != null) {
            host.fs().append(logFile, severity + Times.glog(world.clock().now()) + " " + String.format("%7d", pid)
                    + " " + text + "\n");
        }
    }

    private V2Store store() {
        if (!world.etcd().available()) {
            return null;
        }
        boolean local = etcdEndpoint.startsWith("127.") || etcdEndpoint.startsWith("localhost");
        boolean served = world.etcd().members().stream().anyMatch(m -> m.running()
                && (local ? m.host().equals(host.name()) && m.listensOn(etcdEndpoint.replace("localhost", "127.0.0.1"))
                : m.listensOn(etcdEndpoint)));
        return served ? world.etcd().v2() : null;
    }

    /** One pass of flanneld's loops: config, lease, device, peers. Returns true if anything changed. */
    public boolean reconcile() {
        if (!running) {
            return false;
        }
        V2Store store = store();
        if (store == null) {
            return false;
        }
        boolean changed = false;
        if (network == null) {
            V2Store.Node cfg = store.find(PREFIX + "/config");
            if (cfg == null) {
                if (!waitingLogged) {
                    log("main.go:235] Couldn't fetch network config: 100: Key not found (/coreos.com) [" + store.index() + "]");
                    waitingLogged = true;
                }
                return false;
            }
            JsonNode c;
            try {
                c = JsonText.parse(cfg.value());
            } catch (IllegalArgumentException e) {
                log("main.go:235] Couldn't fetch network config: invalid character in network config: " + e.getMessage());
                return false;
            }
            String type = c.path("Backend").path("Type").asText("udp");
            if (!type.equals("vxlan") && !type.equals("host-gw")) {
                log('E', "main.go:272] Error fetching backend: '" + type + "' backend is not simulated here; this"
                        + " flanneld has the vxlan and host-gw backends");
                running = false;
                return true;
            }
            backendType = type;
            // flannel 0.6 reads the backend config into a struct without the field, so it ignores it
            directRouting = modern() && type.equals("vxlan") && c.path("Backend").path("DirectRouting").asBoolean(false);
            if (modern()) {
                log("main.go:353] Found network config - Backend type: " + type);
            }
            // what etcd answers flanneld's first two reads, before its own lease exists
            etcdAnswers = new V2HttpAnswers(store, world.etcd().clusterIdHex());
            long now = world.clock().now();
            byte[] configAnswer = etcdAnswers.get(cfg, now);
            V2Store.Node subnets = store.find(PREFIX + "/subnets");
            byte[] subnetsAnswer = subnets == null ? etcdAnswers.keyNotFound(PREFIX + "/subnets", now)
                    : etcdAnswers.get(subnets, now);
            etcdSession = openEtcdSession();
            network = Cidr.parse(c.path("Network").asText()).networkCidr();
            int subnetLen = c.path("SubnetLen").asInt(24);
            Cidr min = c.hasNonNull("SubnetMin") ? new Cidr(Ipv4.parse(c.path("SubnetMin").asText()), subnetLen)
                    : new Cidr(network.network() + (1 << (32 - subnetLen)), subnetLen);
            Cidr max = c.hasNonNull("SubnetMax") ? new Cidr(Ipv4.parse(c.path("SubnetMax").asText()), subnetLen)
                    : new Cidr(network.broadcast() & Ipv4.mask(subnetLen), subnetLen);
            vni = c.path("Backend").path("VNI").asInt(1);
            port = c.path("Backend").path("Port").asInt(Encapsulations.VXLAN_LINUX_PORT);
            if (modern() && vxlan()) {
                log("vxlan.go:120] VXLAN config: VNI=" + c.path("Backend").path("VNI").asInt(1) + " Port="
                        + c.path("Backend").path("Port").asInt(0) + " GBP=" + c.path("Backend").path("GBP").asBoolean(false)
                        + " DirectRouting=" + directRouting);
            }
            log((modern() ? "local_manager.go:234" : "local_manager.go:179") + "] Picking subnet in range "
                    + Ipv4.format(min.network()) + " ... " + Ipv4.format(max.network()));
            lease = pickSubnet(store, min, max, subnetLen);
            changed = true;
            if (lease == null) {
                log("main.go:235] Failed to acquire lease: out of subnets");
                return true;
            }
            vtepMac = vxlan() ? Mac.random(world.random().stream("mac:flannel:" + host.name())) : null;
            String leaseKey = FlannelLeases.leaseKey(PREFIX, lease);
            String leaseValue = vxlan() ? FlannelLeases.leaseValue(publicIp, vtepMac) : FlannelLeases.hostGwLeaseValue(publicIp);
            V2Store.Node leaseNode;
            try {
                leaseNode = store.set(leaseKey, leaseValue, LEASE_TTL);
            } catch (V2Store.EtcdError e) {
                log("main.go:235] Failed to acquire lease: " + e.getMessage());
                return true;
            }
            Map<Cidr, List<StateChange>> learned = new LinkedHashMap<>();
            if (etcdSession != null) {
                byte[] created = etcdAnswers.created(leaseNode, world.clock().now());
                startBackend();
                // flanneld's lease watch starts by listing the leases again (its "watch reset"); the
                // leases already there are programmed from that listing's answer
                byte[] relisted = etcdAnswers.get(store.find(PREFIX + "/subnets"), world.clock().now());
                listedAt = store.index();
                programPeers(store, learned);
                programmedAt = store.index();
                List<StateChange> fromListing = new ArrayList<>();
                learned.values().forEach(fromListing::addAll);
                etcdSession.get(PREFIX + "/config", false, configAnswer, List.of());
                etcdSession.get(PREFIX + "/subnets", true, subnetsAnswer, List.of());
                etcdSession.create(leaseKey, leaseValue, LEASE_TTL, created);
                etcdSession.get(PREFIX + "/subnets", true, relisted, fromListing);
                etcdSession.watch(PREFIX + "/subnets", listedAt,
                        () -> etcdAnswers.watchHeaders(world.clock().now()));
                return true;
            }
            startBackend();
        } else if (lease != null) {
            store.refresh(FlannelLeases.leaseKey(PREFIX, lease), LEASE_TTL);
        }
        if (lease != null && (store.index() != programmedAt || changed)) {
            Map<Cidr, List<StateChange>> learned = new LinkedHashMap<>();
            changed |= programPeers(store, learned);
            programmedAt = store.index();
            announceOnWatch(store, learned);
        }
        return changed;
    }

    private boolean vxlan() {
        return backendType.equals("vxlan");
    }

    /** What flanneld does once it holds its lease, with the log lines of its version and backend. */
    private void startBackend() {
        if (!modern()) {
            log("local_manager.go:155] Created lease " + lease + " (TTL 24h)");
            if (vxlan()) {
                createDevice();
            }
            writeSubnetEnv();
            if (vxlan()) {
                log("vxlan.go:153] Watching for L3 misses");
                log("vxlan.go:159] Watching for L2 misses");
                log("vxlan.go:165] Watching for new subnet leases");
            } else {
                log("network.go:51] Watching for new subnet leases");
            }
            return;
        }
        // 0.10 logs the allocation with a space at the end of the line, as its format string has
        log("local_manager.go:220] Allocated lease (" + lease + ") to current node (" + publicIp + ") ");
        if (vxlan()) {
            createDevice();
        }
        writeSubnetEnv();
        log("main.go:300] Wrote subnet file to " + SUBNET_ENV);
        log("main.go:304] Running backend.");
        log(vxlan() ? "vxlan_network.go:60] watching for new subnet leases" : "route_network.go:53] Watching for new subnet leases");
    }

    /**
     * flanneld's connection to etcd's client port: over lo to its own member for a 127.0.0.1
     * endpoint, else from its routed source address to the member that listens on the endpoint.
     */
    private FlannelEtcdSession openEtcdSession() {
        String[] hostPort = etcdEndpoint.replace("localhost", "127.0.0.1").split(":");
        if (!Ipv4.isValid(hostPort[0])) {
            return null;
        }
        int server = Ipv4.parse(hostPort[0]);
        int port = hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 2379;
        NetNs root = host.root();
        SimHost serverHost = host;
        if (!etcdEndpoint.startsWith("127.") && !etcdEndpoint.startsWith("localhost")) {
            serverHost = world.etcd().members().stream().filter(m -> m.running() && m.listensOn(etcdEndpoint))
                    .map(m -> world.host(m.host())).findFirst().orElse(null);
        }
        Integer client = world.forwarder().sourceFor(root, server);
        if (serverHost == null || client == null) {
            return null;
        }
        return new FlannelEtcdSession(world, host.name(), root, client, serverHost.root(), server, port, etcdEndpoint);
    }

    /** Leases other hosts wrote after flanneld listed them arrive as its watch's answers, each with what it programmed. */
    private void announceOnWatch(V2Store store, Map<Cidr, List<StateChange>> learned) {
        if (etcdSession == null || learned.isEmpty()) {
            return;
        }
        List<V2Store.Node> fresh = new ArrayList<>();
        for (V2Store.Node n : store.leaves(PREFIX + "/subnets")) {
            if (n.createdIndex() > listedAt && n.createdIndex() == n.modifiedIndex()
                    && learned.containsKey(FlannelLeases.subnetOfLeaseKey(n.key()))) {
                fresh.add(n);
            }
        }
        fresh.sort(java.util.Comparator.comparingLong(V2Store.Node::modifiedIndex));
        for (V2Store.Node n : fresh) {
            etcdSession.event(n.modifiedIndex(), etcdAnswers.watchCreateEvent(n),
                    learned.get(FlannelLeases.subnetOfLeaseKey(n.key())));
        }
    }

    private Cidr pickSubnet(V2Store store, Cidr min, Cidr max, int subnetLen) {
        List<Cidr> taken = new ArrayList<>();
        for (V2Store.Node n : store.leaves(PREFIX + "/subnets")) {
            taken.add(FlannelLeases.subnetOfLeaseKey(n.key()));
        }
        return FlannelLeases.pick(taken, min.network(), max.network(), subnetLen, world.random(), host.hostname());
    }

    private void createDevice() {
        NetNs root = host.root();
        String name = deviceName();
        try {
            root.link(name).ifPresent(root::delete);
            Vxlan dev = new Vxlan(name, vtepMac, vni, Ipv4.parse(publicIp), null, underlay.name(), port, false, false,
                    false, false, root);
            dev.setMac(vtepMac);
            dev.setMtu(underlay.mtu() - 50);
            root.attach(dev);
            // 0.6 gives the device the network's prefix; 0.10 a /32, so that no broadcast route is made
            root.addAddress(dev, new Cidr(lease.network(), modern() ? 32 : network.prefixLength()), null);
            root.setUp(dev, true);
            root.setIpForward(true);
        } catch (KernelException e) {
            log("main.go:235] Failed to create VXLAN device: " + e.getMessage());
        }
    }

    private void writeSubnetEnv() {
        host.fs().write(SUBNET_ENV, FlannelLeases.subnetEnv(network, lease, vxlan() ? underlay.mtu() - 50 : underlay.mtu()));
    }

    /** Programs every other host's lease; `learned` gets what each newly routed subnet added. */
    private boolean programPeers(V2Store store, Map<Cidr, List<StateChange>> learned) {
        NetNs root = host.root();
        Vxlan dev = vxlan() ? (Vxlan) root.link(deviceName()).orElse(null) : null;
        if (vxlan() && dev == null) {
            return false;
        }
        boolean changed = false;
        long now = world.clock().now();
        Map<Cidr, String[]> remote = new LinkedHashMap<>();
        for (V2Store.Node n : store.leaves(PREFIX + "/subnets")) {
            String cacheKey = n.key() + "@" + n.modifiedIndex();
            boolean fresh = !parsedLeases.containsKey(cacheKey);
            Object[] lease = parsedLeases.computeIfAbsent(cacheKey, k -> {
                JsonNode j = JsonText.parse(n.value());
                Cidr subnet = FlannelLeases.subnetOfLeaseKey(n.key());
                return new Object[] {subnet, j.path("PublicIP").asText(), j.path("BackendData").path("VtepMAC").asText(),
                        j.path("BackendType").asText()};
            });
            if (lease[1].equals(publicIp)) {
                continue;
            }
            if (!backendType.equals(lease[3])) {
                // flannel skips a lease another backend wrote, with a warning each time it hears of it
                if (fresh) {
                    log('W', vxlan() ? "vxlan_network.go:95] ignoring non-vxlan subnet(" + lease[0] + "): type=" + lease[3]
                            : (modern() ? "route_network.go:88" : "network.go:86") + "] Ignoring non-host-gw subnet: type="
                                    + lease[3]);
                }
                continue;
            }
            remote.put((Cidr) lease[0], new String[] {(String) lease[1], (String) lease[2]});
        }
        java.util.Set<Cidr> routed = new java.util.HashSet<>();
        for (RouteEntry r : root.staticRoutes()) {
            if (dev != null && r.device() == dev && r.gateway() != null && r.gateway() == r.destination().network()) {
                routed.add(r.destination());
            }
        }
        for (Map.Entry<Cidr, String[]> e : remote.entrySet()) {
            Cidr subnet = e.getKey();
            int publicAddr = Ipv4.parse(e.getValue()[0]);
            if (!vxlan() || directRoutingTo(publicAddr)) {
                changed |= programDirectRoute(subnet, publicAddr, learned);
                continue;
            }
            int gw = subnet.network();
            String mac = e.getValue()[1];
            String where = " on " + dev.name() + " of " + host.name();
            List<StateChange> added = new ArrayList<>();
            Neighbour n = root.neighbour(gw, dev);
            if (n == null || !mac.equals(n.lladdr())) {
                root.putNeighbour(gw, dev, mac, Neighbour.State.PERMANENT, now);
                changed = true;
                added.add(new StateChange(host.name(), StateChange.Kind.NEIGH_ADDED, Ipv4.format(gw),
                        "adds neighbour " + Ipv4.format(gw) + " lladdr " + mac + where));
            }
            if (dev.fdb().stream().noneMatch(f -> f.mac().equals(mac) && f.destination() == publicAddr)) {
                dev.replaceFdb(mac, publicAddr, true);
                changed = true;
                added.add(new StateChange(host.name(), StateChange.Kind.FDB_ADDED, mac,
                        "adds FDB entry " + mac + " dst " + e.getValue()[0] + where));
            }
            if (!routed.contains(subnet)) {
                try {
                    root.addRoute(new RouteEntry(subnet, gw, dev, null, null, null, "unicast", 0, true), true);
                    changed = true;
                    added.add(0, new StateChange(host.name(), StateChange.Kind.ROUTE_ADDED, subnet.toString(),
                            "installs " + subnet + " via " + Ipv4.format(gw) + " dev " + dev.name() + " on "
                                    + host.name()));
                    learned.put(subnet, added);
                    if (!modern()) {
                        log("vxlan.go:262] Subnet added: " + subnet);
                    }
                } catch (KernelException ex) {
                    log('E', modern() ? "vxlan_network.go:158] failed to add vxlanRoute (" + subnet + " -> "
                            + Ipv4.format(gw) + "): " + ex.getMessage()
                            : "vxlan.go:270] Failed to add route " + subnet + ": " + ex.getMessage());
                }
            }
        }
        // leases that went away take their entries with them
        for (RouteEntry r : root.staticRoutes()) {
            if (dev != null && r.device() == dev && !remote.containsKey(r.destination())) {
                root.deleteRoute(r.destination());
                root.deleteNeighbour(r.destination().network(), dev);
                changed = true;
                if (!modern()) {
                    log("vxlan.go:290] Subnet removed: " + r.destination());
                }
            }
        }
        for (Cidr gone : List.copyOf(directRoutes)) {
            if (!remote.containsKey(gone)) {
                directRoutes.remove(gone);
                root.deleteRoute(gone);
                changed = true;
                if (!vxlan()) {
                    log((modern() ? "route_network.go:119" : "network.go:122") + "] Subnet removed: " + gone);
                }
            }
        }
        if (dev != null) {
            for (Vxlan.FdbRecord f : List.copyOf(dev.fdb())) {
                if (remote.values().stream().noneMatch(v -> v[1].equals(f.mac()))) {
                    dev.removeFdb(f.mac());
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * flannel 0.10's ip.DirectRouting: the kernel's route to the peer's underlay address is one
     * without a gateway, so the peer shares a link with this host and needs no tunnel.
     */
    private boolean directRoutingTo(int publicAddr) {
        if (!directRouting) {
            return false;
        }
        RouteEntry r = host.root().lookup(publicAddr);
        return r != null && r.gateway() == null && r.device() != null;
    }

    /**
     * host-gw's route, and vxlan's direct route: the peer's subnet via its underlay address, on the
     * device the kernel reaches that address by. Added once per lease, as flannel does on the lease's
     * event; a route someone changes later stays changed.
     */
    private boolean programDirectRoute(Cidr subnet, int publicAddr, Map<Cidr, List<StateChange>> learned) {
        if (directRoutes.contains(subnet)) {
            return false;
        }
        NetNs root = host.root();
        RouteEntry toPeer = root.lookup(publicAddr);
        Link out = toPeer == null ? underlay : toPeer.device();
        String via = Ipv4.format(publicAddr);
        directRoutes.add(subnet);
        if (!vxlan()) {
            log((modern() ? "route_network.go:85" : "network.go:83") + "] Subnet added: " + subnet + " via " + via);
        }
        try {
            root.addRoute(new RouteEntry(subnet, publicAddr, out, null, null, null, "unicast", 0, false), vxlan());
        } catch (KernelException ex) {
            log('E', vxlan() ? "vxlan_network.go:134] Error adding route to " + subnet + " via " + via + ": " + ex.getMessage()
                    : (modern() ? "route_network.go:114] Error adding route to " + subnet + " via " + via + " dev index "
                            + out.index() + ": " : "network.go:116] Error adding route to " + subnet + " via " + via + ": ")
                            + ex.getMessage());
            return true;
        }
        learned.put(subnet, new ArrayList<>(List.of(new StateChange(host.name(), StateChange.Kind.ROUTE_ADDED,
                subnet.toString(), "installs " + subnet + " via " + via + " dev " + out.name() + " on " + host.name()))));
        return true;
    }
}
