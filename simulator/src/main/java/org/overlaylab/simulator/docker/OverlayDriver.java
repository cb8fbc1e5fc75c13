/*
 * libnetwork's overlay driver on one simulated host: global networks kept in the cluster store
 * (VNIs from 256, subnets from 10.0.0.0/24, the global address pool) or, in swarm mode, in the
 * swarm's replicated state (VNIs from 4096, as swarmkit allocates them), a sandbox namespace 1-<id>
 * with br0 and vxlan0 per network, endpoints written to the store.
 *
 * Remote peers, with a cluster store, come from Serf as in libnetwork 20.10 (ov_serf.go, peerdb.go):
 * each "jl <vtep> <network> <endpoint>" user event of another host ("join|leave <ip> <mask> <mac>")
 * goes into the driver's peer DB of that network; when this host has the network's sandbox, a join
 * writes the peer's permanent neighbour entry (IP -> MAC) and FDB entry (MAC -> VTEP) on vxlan0 and
 * a leave takes them away. Peers heard of before the sandbox exists are programmed when it is made
 * (initSandboxPeerDB); the peer DB lives as long as the daemon and is dropped with the network.
 * A daemon that joins the cluster ignores the events sent before (Serf's ignoreOld), so after each
 * join both daemons announce their local endpoints again (pushLocalDb).
 * Not simulated here: the L2/L3 miss path (libnetwork watches vxlan0's misses and asks the cluster
 * with a Serf "peerlookup" query; gossip reaches every host within a few hundred ms, before a
 * container could miss), and a peer DB holding two endpoints for one IP and MAC at once.
 *
 * In swarm mode the peers come from the network DB's overlay_peer_table in real Docker; here they
 * are still read from the swarm's replicated state, and the network DB's table events are not on
 * the wire.
 */
package org.overlaylab.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.simulator.docker.DockerEngine.DockerError;
import org.overlaylab.simulator.docker.DockerEngine.NetworkView;
import org.overlaylab.simulator.docker.gossip.SerfAgent;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Devices;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

final class OverlayDriver implements NetworkDriver, SerfAgent.EventHandler {
    static final String OVERLAY_PREFIX = "/docker/network/v1.0/overlay/network/";
    static final String ENDPOINT_COUNT_PREFIX = "/docker/network/v1.0/endpoint_count/";
    static final String VXLAN_IDM = "/docker/network/v1.0/idm/vxlan-id";
    static final int FIRST_VNI = 256;
    /** swarmkit's VXLAN ID allocator starts at 4096 and keeps its own record of the VNIs in use. */
    static final int FIRST_SWARM_VNI = 4096;
    static final String SWARM_VXLAN_IDM = "/swarm/allocator/vxlan-id";

    private final DockerEngine engine;
    private final BridgeDriver bridge;
    private final SimWorld world;
    private final SimHost host;
    /** Overlay network id -> this host's sandbox namespace for it. */
    private final Map<String, NetNs> sandboxes = new LinkedHashMap<>();
    /** Overlay network id -> when this host's libnetwork made its local copy of the network (swarm mode). */
    private final Map<String, Long> attachedAt = new LinkedHashMap<>();
    /** The peer DB: overlay network id -> "<ip> <mac>" -> the remote endpoint Serf announced there. */
    private final Map<String, Map<String, Peer>> peerDb = new LinkedHashMap<>();

    /** A remote endpoint as a "jl" event describes it: its endpoint id, address and MAC, and its host's VTEP. */
    private record Peer(String endpointId, int ip, int prefixLength, String mac, int vtep) {
        String key() {
            return Ipv4.format(ip) + " " + mac;
        }
    }

    /** A parsed "jl" event: the action ("join" or "leave"), the network it concerns, and the peer. */
    private record JoinLeave(String action, String networkId, Peer peer) {}

    OverlayDriver(DockerEngine engine, BridgeDriver bridge) {
        this.engine = engine;
        this.bridge = bridge;
        this.world = engine.world();
        this.host = engine.host();
    }

    @Override
    public String name() {
        return "overlay";
    }

    @Override
    public NetworkView createNetwork(String name, String ipamDriver, String subnetText) throws DockerError {
        return create(name, ipamDriver, subnetText, null);
    }

    /** A swarm-scoped overlay network, made by a manager in the cluster state: swarmkit's ID, VNI and pool. */
    NetworkView createSwarmNetwork(String name, String subnetText, boolean attachable, boolean ingress) throws DockerError {
        return create(name, null, subnetText, new boolean[] {attachable, ingress});
    }

    /** `swarm` is null for a global network, else {attachable, ingress}. */
    private NetworkView create(String name, String ipamDriver, String subnetText, boolean[] swarm) throws DockerError {
        V2Store store = engine.requireStore("global");
        List<NetworkView> existing = new ArrayList<>();
        for (V2Store.Node n : store.leaves(DockerEngine.NETWORK_PREFIX)) {
            JsonNode j = JsonText.parse(n.value());
            if (j.hasNonNull("pool")) {
                existing.add(new NetworkView(j.path("id").asText(), j.path("name").asText(), "overlay", "global",
                        Cidr.parse(j.path("pool").asText()), null, "default", 0, Map.of()));
            }
        }
        Cidr subnet;
        if (subnetText != null) {
            subnet = DockerEngine.parseSubnet(subnetText);
            for (NetworkView n : existing) {
                if (n.subnet() != null && n.subnet().overlaps(subnet)) {
                    throw new DockerError("failed to allocate gateway (" + Ipv4.format(subnet.network() + 1)
                            + "): Address already in use");
                }
            }
        } else {
            subnet = null;
            for (int i = 0; i < 256 && subnet == null; i++) {
                Cidr candidate = new Cidr(Ipv4.parse("10.0.0.0") + (i << 8), 24);
                if (existing.stream().noneMatch(n -> n.subnet() != null && n.subnet().overlaps(candidate))) {
                    subnet = candidate;
                }
            }
            if (subnet == null) {
                throw new DockerError("could not find an available, non-overlapping IPv4 address pool among the defaults");
            }
        }
        String id = swarm != null ? SwarmCluster.newId(world, "swarm-network-id")
                : world.random().hex("docker-net-id:" + host.name(), 32);
        int vni = swarm != null ? allocateVni(store, SWARM_VXLAN_IDM, FIRST_SWARM_VNI) : allocateVni(store);
        int gateway = subnet.network() + 1;
        try {
            ObjectNode net = JsonText.object();
            net.put("addrSpace", "GlobalDefault");
            net.put("enableIPv6", false);
            net.put("id", id);
            net.put("inDelete", false);
            net.put("internal", false);
            net.put("ipamType", "default");
            net.put("ipamV4Info", "[{\"IPAMData\":\"{\\\"AddressSpace\\\":\\\"GlobalDefault\\\",\\\"Gateway\\\":\\\""
                    + Ipv4.format(gateway) + "/" + subnet.prefixLength() + "\\\",\\\"Pool\\\":\\\"" + subnet
                    + "\\\"}\",\"PoolID\":\"GlobalDefault/" + subnet + "\"}]");
            net.put("name", name);
            net.put("networkType", "overlay");
            net.put("persist", true);
            net.put("scope", swarm != null ? "swarm" : "global");
            if (swarm != null) {
                net.put("attachable", swarm[0]);
                net.put("ingress", swarm[1]);
                net.put("created", world.clock().now());
            }
            net.put("pool", subnet.toString());
            net.put("gateway", Ipv4.format(gateway));
            engine.storeWrite(store, DockerEngine.NETWORK_PREFIX + id, JsonText.compact(net));
            ObjectNode ov = JsonText.object();
            ov.put("mtu", 0);
            ov.put("secure", false);
            ArrayNode subnets = ov.putArray("subnets");
            ObjectNode s = subnets.addObject();
            s.put("SubnetIP", subnet.toString());
            s.put("GwIP", Ipv4.format(gateway) + "/" + subnet.prefixLength());
            s.put("Vni", vni);
            engine.storeWrite(store, OVERLAY_PREFIX + id, JsonText.compact(ov));
            ObjectNode count = JsonText.object();
            count.put("Count", 0);
            count.put("ID", id);
            engine.storeWrite(store, ENDPOINT_COUNT_PREFIX + id, JsonText.compact(count));
            recordGlobalPool(store, subnet);
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        return engine.network(id);
    }

    /**
     * libnetwork's global address space in the store: the pools in use (config) and, per pool, the
     * allocation bitmap of its addresses (data), which the gateway and every endpoint take bits of.
     */
    private void recordGlobalPool(V2Store store, Cidr subnet) throws V2Store.EtcdError {
        String configKey = "/docker/network/v1.0/ipam/default/config/GlobalDefault";
        V2Store.Node existing = store.find(configKey);
        ObjectNode config = existing == null ? JsonText.object() : (ObjectNode) JsonText.parse(existing.value());
        config.put("Scope", "global");
        ObjectNode subnets = config.has("Subnets") ? (ObjectNode) config.get("Subnets") : config.putObject("Subnets");
        ObjectNode pool = subnets.putObject("GlobalDefault/" + subnet);
        ObjectNode parent = pool.putObject("ParentKey");
        parent.put("AddressSpace", "");
        parent.put("Subnet", "");
        parent.put("ChildSubnet", "");
        pool.put("Pool", subnet.toString());
        pool.put("RefCount", 1);
        engine.storeWrite(store, configKey, JsonText.compact(config));
        ObjectNode data = JsonText.object();
        data.put("id", "GlobalDefault/" + subnet);
        byte[] bitmap = new byte[(int) Math.min(subnet.size() / 8, 32)];
        bitmap[0] = (byte) 0xc0;
        data.put("sequence", java.util.Base64.getEncoder().encodeToString(bitmap));
        engine.storeWrite(store, "/docker/network/v1.0/ipam/default/data/GlobalDefault/" + subnet.networkText() + "/"
                + subnet.prefixLength(), JsonText.compact(data));
    }

    private int allocateVni(V2Store store) throws DockerError {
        return allocateVni(store, VXLAN_IDM, FIRST_VNI);
    }

    private int allocateVni(V2Store store, String idmKey, int first) throws DockerError {
        Set<Integer> used = new HashSet<>();
        V2Store.Node idm = store.find(idmKey);
        if (idm != null) {
            JsonText.parse(idm.value()).path("allocated").forEach(v -> used.add(v.asInt()));
        }
        int vni = first;
        while (used.contains(vni)) {
            vni++;
        }
        used.add(vni);
        ObjectNode j = JsonText.object();
        j.put("start", first);
        j.put("end", 16777215);
        ArrayNode a = j.putArray("allocated");
        used.stream().sorted().forEach(a::add);
        try {
            engine.storeWrite(store, idmKey, JsonText.compact(j));
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        return vni;
    }

    private void releaseVni(V2Store store, int vni) {
        V2Store.Node idm = store.find(VXLAN_IDM);
        if (idm == null) {
            return;
        }
        ObjectNode j = (ObjectNode) JsonText.parse(idm.value());
        ArrayNode a = j.putArray("allocated");
        JsonText.parse(idm.value()).path("allocated").forEach(v -> {
            if (v.asInt() != vni) {
                a.add(v.asInt());
            }
        });
        try {
            engine.storeWrite(store, VXLAN_IDM, JsonText.compact(j));
        } catch (V2Store.EtcdError e) {
            // the identifier stays reserved, as when libnetwork fails to release it
        }
    }

    /** The VNI the store records for network `id`, or null when the driver's key is missing. */
    static Integer vniOf(V2Store store, String id) {
        V2Store.Node ov = store.find(OVERLAY_PREFIX + id);
        return ov == null ? null : JsonText.parse(ov.value()).path("subnets").path(0).path("Vni").asInt();
    }

    @Override
    public void networkRemoved(V2Store store, NetworkView n) throws V2Store.EtcdError {
        if (store.find(OVERLAY_PREFIX + n.id()) != null) {
            engine.storeDelete(store, OVERLAY_PREFIX + n.id());
        }
        if (store.find(ENDPOINT_COUNT_PREFIX + n.id()) != null) {
            engine.storeDelete(store, ENDPOINT_COUNT_PREFIX + n.id());
        }
        if (n.vni() > 0) {
            releaseVni(store, n.vni());
        }
        peerDb.remove(n.id());
    }

    /** A global network's container names are unique across the cluster, as the store's endpoints show. */
    @Override
    public void checkJoin(ContainerRecord c, NetworkView net) throws DockerError {
        V2Store store = engine.requireStore("global");
        for (V2Store.Node ep : store.leaves(DockerEngine.ENDPOINT_PREFIX + net.id())) {
            if (JsonText.parse(ep.value()).path("name").asText().equals(c.name)) {
                throw new DockerError("service endpoint with name " + c.name + " already exists.");
            }
        }
    }

    @Override
    public void join(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        join(c, ns, net, true);
    }

    /** Joins `ns` to the overlay; `gateway`: also to docker_gwbridge, the way out (a load balancer has none). */
    void join(ContainerRecord c, NetNs ns, NetworkView net, boolean gateway) throws KernelException, DockerError {
        V2Store store = engine.requireStore("global");
        NetNs sandbox = ensureSandbox(net);
        Bridge br0 = (Bridge) sandbox.link("br0").orElseThrow();
        Set<Integer> used = new HashSet<>();
        used.add(net.gateway());
        for (V2Store.Node ep : store.leaves(DockerEngine.ENDPOINT_PREFIX + net.id())) {
            used.add(Cidr.parse(JsonText.parse(ep.value()).path("ep_iface").path("addr").asText()).address());
        }
        int ip = -1;
        for (int i = 2; i < net.subnet().size() - 1; i++) {
            if (!used.contains(net.subnet().network() + i)) {
                ip = net.subnet().network() + i;
                break;
            }
        }
        if (ip == -1) {
            throw new DockerError("no available IPv4 addresses on this network's address pools: " + net.name());
        }
        Cidr addr = new Cidr(ip, net.subnet().prefixLength());
        // inside the overlay namespace the sandbox side is named veth0, veth1, ... as libnetwork does
        int n = 0;
        while (sandbox.link("veth" + n).isPresent()) {
            n++;
        }
        String vethName = "veth" + n;
        Veth[] pair = Devices.vethPair(sandbox, vethName, Mac.random(world.random().stream("mac:veth:" + host.name())),
                ns, "eth0", Mac.docker(ip));
        pair[0].setMtu(1450);
        pair[1].setMtu(1450);
        pair[0].setTxQueueLen(0);
        pair[1].setTxQueueLen(0);
        sandbox.setMaster(pair[0], br0);
        sandbox.setUp(pair[0], true);
        Devices.addressWithBroadcastUp(ns, pair[1], addr);
        String eid = world.random().hex("docker-endpoint:" + host.name(), 32);
        c.endpoints.put(net.name(), new ContainerRecord.Endpoint(net.name(), net.id(), eid, "eth0", addr,
                Mac.docker(ip), null, vethName));
        // the way out: docker_gwbridge on the host, eth1 in the container
        if (gateway) {
            bridge.joinGatewayBridge(c, ns);
        }
        writeEndpoint(store, net, c, eid, addr, Mac.docker(ip));
    }

    /** Takes the container's eth0 on `ep`'s network away, and its veth end in the overlay namespace. */
    void removeEndpointDevice(ContainerRecord c, ContainerRecord.Endpoint ep) {
        NetNs ns = engine.namespaceOf(c);
        if (ns == null) {
            ns = host.namespace(c.sandboxId == null ? "" : c.sandboxId);
        }
        if (ns != null) {
            ns.link(ep.device()).ifPresent(ns::delete);
        }
        NetNs sandbox = sandboxes.get(ep.networkId());
        if (sandbox != null && ep.hostVeth() != null) {
            sandbox.link(ep.hostVeth()).ifPresent(sandbox::delete);
        }
    }

    private void writeEndpoint(V2Store store, NetworkView net, ContainerRecord c, String eid, Cidr addr, String mac)
            throws DockerError {
        ObjectNode ep = JsonText.object();
        ep.put("anonymous", false);
        ep.put("disableResolution", false);
        ObjectNode iface = ep.putObject("ep_iface");
        iface.put("addr", addr.toString());
        iface.put("dstPrefix", "eth");
        iface.put("mac", mac);
        iface.putNull("routes");
        iface.put("v4PoolID", "GlobalDefault/" + net.subnet());
        iface.put("v6PoolID", "");
        ep.putArray("exposed_ports");
        ep.put("id", eid);
        ep.put("locator", engine.advertiseIp());
        ep.put("name", c.name);
        ep.put("sandbox", world.random().hex("docker-sandbox-key:" + host.name(), 32));
        // the daemon's own sandboxes (ingress, load balancers) have no name the embedded DNS answers
        ep.put("service", !engine.containers().contains(c));
        try {
            engine.storeWrite(store, DockerEngine.ENDPOINT_PREFIX + net.id() + "/" + eid, JsonText.compact(ep));
            updateEndpointCount(store, net.id(), +1);
            // the network DB's table events the simulator sends are those of containers (see SwarmNetworkDbGossip)
            if (net.swarm() && engine.swarmNode() != null && engine.containers().contains(c)) {
                engine.swarm().gossip().endpointAdded(engine.swarmNode(), net.id(), eid, c.name, addr.toString(), mac);
            }
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        if (engine.gossip() != null) {
            engine.gossip().endpointAdded(net.id(), eid, addr, mac);
        }
    }

    private void updateEndpointCount(V2Store store, String nid, int delta) throws V2Store.EtcdError {
        V2Store.Node n = store.find(ENDPOINT_COUNT_PREFIX + nid);
        int count = n == null ? 0 : JsonText.parse(n.value()).path("Count").asInt();
        ObjectNode j = JsonText.object();
        j.put("Count", Math.max(0, count + delta));
        j.put("ID", nid);
        engine.storeWrite(store, ENDPOINT_COUNT_PREFIX + nid, JsonText.compact(j));
    }

    /** The endpoint leaves the store when the daemon can reach it; else its key stays behind. */
    @Override
    public void leave(ContainerRecord.Endpoint ep, NetworkView net) {
        V2Store store = engine.reachableStore();
        if (store == null) {
            return;
        }
        try {
            engine.storeDelete(store, DockerEngine.ENDPOINT_PREFIX + net.id() + "/" + ep.endpointId());
            updateEndpointCount(store, net.id(), -1);
            if (net.swarm() && engine.swarmNode() != null) {
                engine.swarm().gossip().endpointRemoved(engine.swarmNode(), net.id(), ep.endpointId());
            }
        } catch (V2Store.EtcdError e) {
            // the endpoint key was already gone
        }
        if (engine.gossip() != null) {
            engine.gossip().endpointRemoved(net.id(), ep.endpointId(), ep.address(), ep.mac());
        }
    }

    private NetNs ensureSandbox(NetworkView net) throws KernelException {
        NetNs existing = sandboxes.get(net.id());
        if (existing != null) {
            return existing;
        }
        String name = "1-" + net.id().substring(0, 10);
        NetNs sb = new NetNs(name, NetNs.Kind.OVERLAY, host.name());
        sb.setUp(sb.loopback(), true);
        Bridge br0 = new Bridge("br0", Mac.random(world.random().stream("mac:br0:" + host.name())));
        br0.setTxQueueLen(0); // libnetwork makes its bridges over netlink with txqlen 0; ip and brctl get 1000
        br0.setMac(br0.mac());
        br0.setMtu(1450);
        sb.attach(br0);
        sb.addAddress(br0, new Cidr(net.gateway(), net.subnet().prefixLength()), null);
        sb.setUp(br0, true);
        Vxlan vx = new Vxlan("vxlan0", Mac.random(world.random().stream("mac:vxlan:" + host.name())), net.vni(), null,
                null, null, Encapsulations.VXLAN_PORT, false, true, true, true, host.root());
        host.root().attach(vx);
        host.root().moveTo(vx, sb);
        sb.setMaster(vx, br0);
        sb.setUp(vx, true);
        host.addNamespace(sb);
        sandboxes.put(net.id(), sb);
        attachedAt.put(net.id(), world.clock().now());
        if (net.swarm() && engine.swarmNode() != null) {
            engine.swarm().gossip().networkAttached(engine.swarmNode(), net.id(), net.vni());
            if (!engine.swarmManager()) {
                SwarmRaftTls.networkAttachment(world, host); // the worker had the network assigned by the manager
            }
        }
        // the peers Serf announced before this host had the network are programmed now
        for (Peer p : List.copyOf(peerDb.getOrDefault(net.id(), Map.of()).values())) {
            program(sb, p);
        }
        return sb;
    }

    private void removeSandbox(String nid) {
        NetNs sb = sandboxes.remove(nid);
        if (sb != null) {
            host.removeNamespace(sb.name());
        }
    }

    /** The daemon stops (or leaves the swarm): every sandbox goes with it, and what it heard of its peers. */
    void removeAllSandboxes() {
        for (String nid : new ArrayList<>(sandboxes.keySet())) {
            removeSandbox(nid);
        }
        peerDb.clear();
    }

    /** When this host attached to the network, or null while it has no local copy of it. */
    Long attachedAt(String nid) {
        return sandboxes.containsKey(nid) ? attachedAt.get(nid) : null;
    }

    public Map<String, NetNs> sandboxes() {
        return sandboxes;
    }

    /**
     * Removes the sandboxes no running local container uses and, in swarm mode, programs the
     * others' peers from the swarm's state; true if anything changed.
     */
    boolean reconcile(V2Store store) {
        boolean changed = false;
        for (String nid : new ArrayList<>(sandboxes.keySet())) {
            boolean inUse = engine.attachedRecords().stream().anyMatch(c -> c.running()
                    && c.endpoints.values().stream().anyMatch(e -> e.networkId().equals(nid)));
            if (!inUse) {
                removeSandbox(nid);
                changed = true;
                continue;
            }
            if (store == null || !swarmMode()) {
                continue;
            }
            changed |= programPeers(store, nid, sandboxes.get(nid));
        }
        return changed;
    }

    /** In swarm mode (no cluster store) peers come from the swarm's state; with a store, from Serf. */
    private boolean swarmMode() {
        return engine.config().clusterStore() == null && engine.swarmNode() != null;
    }

    /** Swarm mode: the neighbour and FDB entries of every remote endpoint the swarm's state lists. */
    private boolean programPeers(V2Store store, String nid, NetNs sandbox) {
        Vxlan vx = (Vxlan) sandbox.link("vxlan0").orElse(null);
        if (vx == null) {
            return false;
        }
        boolean changed = false;
        String self = engine.advertiseIp();
        Map<Integer, String> wantNeigh = new LinkedHashMap<>();
        Map<String, Integer> wantFdb = new LinkedHashMap<>();
        for (V2Store.Node n : store.leaves(DockerEngine.ENDPOINT_PREFIX + nid)) {
            JsonNode ep = JsonText.parse(n.value());
            String locator = ep.path("locator").asText();
            if (locator.equals(self)) {
                continue;
            }
            int ip = Cidr.parse(ep.path("ep_iface").path("addr").asText()).address();
            String mac = ep.path("ep_iface").path("mac").asText();
            wantNeigh.put(ip, mac);
            wantFdb.put(mac, Ipv4.parse(locator));
        }
        long now = world.clock().now();
        for (Map.Entry<Integer, String> e : wantNeigh.entrySet()) {
            Neighbour n = sandbox.neighbour(e.getKey(), vx);
            if (n == null || !e.getValue().equals(n.lladdr()) || n.state() != Neighbour.State.PERMANENT) {
                sandbox.putNeighbour(e.getKey(), vx, e.getValue(), Neighbour.State.PERMANENT, now);
                changed = true;
            }
        }
        for (Neighbour n : sandbox.neighbours()) {
            if (n.device() == vx && n.state() == Neighbour.State.PERMANENT && !wantNeigh.containsKey(n.address())) {
                sandbox.deleteNeighbour(n.address(), vx);
                changed = true;
            }
        }
        for (Map.Entry<String, Integer> e : wantFdb.entrySet()) {
            changed |= vx.addFdb(e.getKey(), e.getValue(), true);
        }
        for (Vxlan.FdbRecord f : List.copyOf(vx.fdb())) {
            if (!wantFdb.containsKey(f.mac())) {
                vx.removeFdb(f.mac());
                changed = true;
            }
        }
        return changed;
    }

    // ------------------------------------------------------------------ Serf's join and leave events

    /** pushLocalDb: a "join" event again for every endpoint this host has on a network of the store. */
    void pushLocalDb() {
        if (engine.gossip() == null) {
            return;
        }
        for (ContainerRecord c : engine.attachedRecords()) {
            if (!c.running()) {
                continue;
            }
            for (ContainerRecord.Endpoint ep : c.endpoints.values()) {
                if (sandboxes.containsKey(ep.networkId())) {
                    engine.gossip().endpointAdded(ep.networkId(), ep.endpointId(), ep.address(), ep.mac());
                }
            }
        }
    }

    /** ov_serf.go's processEvent: parses the event, ignores this host's own, then peerAdd or peerDelete. */
    @Override
    public void process(String name, String payload) {
        JoinLeave e = parse(name, payload);
        if (e == null) {
            return;
        }
        Map<String, Peer> peers = peerDb.computeIfAbsent(e.networkId(), k -> new LinkedHashMap<>());
        NetNs sandbox = sandboxes.get(e.networkId());
        if (e.action().equals("join")) {
            peers.put(e.peer().key(), e.peer());
            if (sandbox != null) {
                program(sandbox, e.peer());
            }
            return;
        }
        Peer known = peers.get(e.peer().key());
        // a leave of another endpoint with the same address (an outdated one) leaves the entries as they are
        if (known == null || !known.endpointId().equals(e.peer().endpointId())) {
            return;
        }
        peers.remove(e.peer().key());
        if (sandbox != null) {
            unprogram(sandbox, e.peer());
        }
    }

    /**
     * What process() would change now: the entries a join adds or a leave removes in an existing
     * sandbox, each named as `ip neigh` and `bridge fdb` start its line ("10.0.0.3 dev vxlan0"), so
     * that a view can find the row among the host's other namespaces.
     */
    @Override
    public List<StateChange> effectsOf(String name, String payload) {
        JoinLeave e = parse(name, payload);
        NetNs sandbox = e == null ? null : sandboxes.get(e.networkId());
        Vxlan vx = sandbox == null ? null : (Vxlan) sandbox.link("vxlan0").orElse(null);
        if (vx == null) {
            return List.of();
        }
        Peer p = e.peer();
        String ip = Ipv4.format(p.ip());
        String vtep = Ipv4.format(p.vtep());
        String who = endpointName(e.networkId(), p.endpointId());
        String where = " in " + host.name() + "'s sandbox " + sandbox.name();
        List<StateChange> out = new ArrayList<>();
        if (e.action().equals("join")) {
            if (!neighbourProgrammed(sandbox, vx, p)) {
                out.add(new StateChange(host.name(), StateChange.Kind.NEIGH_ADDED, ip + " dev vxlan0", "adds neighbour " + ip
                        + " lladdr " + p.mac() + " (" + who + ") on vxlan0" + where));
            }
            if (!fdbProgrammed(vx, p)) {
                out.add(new StateChange(host.name(), StateChange.Kind.FDB_ADDED, p.mac() + " dev vxlan0", "programs " + who + "'s MAC "
                        + p.mac() + " at " + vtep + " into vxlan0 on " + host.name()));
            }
            return out;
        }
        Peer known = peerDb.getOrDefault(e.networkId(), Map.of()).get(p.key());
        if (known == null || !known.endpointId().equals(p.endpointId())) {
            return out;
        }
        if (sandbox.neighbour(p.ip(), vx) != null) {
            out.add(new StateChange(host.name(), StateChange.Kind.NEIGH_REMOVED, ip + " dev vxlan0", "removes neighbour " + ip
                    + " (" + who + ") from vxlan0" + where));
        }
        if (vx.fdb().stream().anyMatch(f -> f.mac().equals(p.mac()) && f.destination() == p.vtep())) {
            out.add(new StateChange(host.name(), StateChange.Kind.FDB_REMOVED, p.mac() + " dev vxlan0", "removes " + who + "'s MAC "
                    + p.mac() + " at " + vtep + " from vxlan0 on " + host.name()));
        }
        return out;
    }

    /** The event's fields, or null for a malformed event or one this host sent (libnetwork ignores its own). */
    private JoinLeave parse(String name, String payload) {
        String[] n = name.trim().split("\\s+");
        String[] p = payload.trim().split("\\s+");
        if (n.length != 4 || !n[0].equals("jl") || p.length != 4 || !Ipv4.isValid(n[1]) || !Ipv4.isValid(p[1])
                || !Ipv4.isValid(p[2]) || !(p[0].equals("join") || p[0].equals("leave"))) {
            return null;
        }
        if (n[1].equals(engine.advertiseIp())) {
            return null;
        }
        int prefix = Ipv4.prefixOfMask(p[2]);
        return new JoinLeave(p[0], n[2], new Peer(n[3], Ipv4.parse(p[1]), prefix, p[3].toLowerCase(),
                Ipv4.parse(n[1])));
    }

    private static boolean neighbourProgrammed(NetNs sandbox, Vxlan vx, Peer p) {
        Neighbour n = sandbox.neighbour(p.ip(), vx);
        return n != null && p.mac().equals(n.lladdr()) && n.state() == Neighbour.State.PERMANENT;
    }

    private static boolean fdbProgrammed(Vxlan vx, Peer p) {
        return vx.fdb().stream().anyMatch(f -> f.mac().equals(p.mac()) && f.destination() == p.vtep());
    }

    /** peerAddOp in the sandbox: the permanent neighbour entry, then the FDB entry towards the peer's VTEP. */
    private void program(NetNs sandbox, Peer p) {
        Vxlan vx = (Vxlan) sandbox.link("vxlan0").orElse(null);
        if (vx == null) {
            return;
        }
        if (!neighbourProgrammed(sandbox, vx, p)) {
            sandbox.putNeighbour(p.ip(), vx, p.mac(), Neighbour.State.PERMANENT, world.clock().now());
        }
        if (!fdbProgrammed(vx, p)) {
            vx.replaceFdb(p.mac(), p.vtep(), true);
        }
    }

    /** peerDeleteOp in the sandbox: the FDB entry, then the neighbour entry. */
    private void unprogram(NetNs sandbox, Peer p) {
        Vxlan vx = (Vxlan) sandbox.link("vxlan0").orElse(null);
        if (vx == null) {
            return;
        }
        vx.removeFdb(p.mac(), p.vtep());
        sandbox.deleteNeighbour(p.ip(), vx);
    }

    /** The container behind an endpoint, for the words of an effect: its name where some daemon runs it. */
    private String endpointName(String nid, String eid) {
        for (SimHost h : world.hosts()) {
            if (h.docker() == null) {
                continue;
            }
            for (ContainerRecord c : h.docker().attachedRecords()) {
                for (ContainerRecord.Endpoint ep : c.endpoints.values()) {
                    if (ep.endpointId().equals(eid) && ep.networkId().equals(nid)) {
                        return c.name;
                    }
                }
            }
        }
        return "endpoint " + eid.substring(0, Math.min(12, eid.length()));
    }
}
