/*
 * calico/node 2.6 on one host, as `calicoctl node run` starts it: the calico-node container, BIRD
 * keeping a BGP session (node-to-node mesh, AS 64512) with every other Calico node, Felix
 * programming a /32 route and proxy ARP per workload and the profile rules, and the libnetwork
 * plugin with Calico IPAM handing out /32 addresses from /26 blocks affine to this host.
 * All shared state lives in etcd's v2 keys under /calico, as in that release. With a pool whose
 * IPIP is on, the node takes a tunnel address from the pool when it starts, Felix brings up tunl0
 * (MTU 1440) with it, and BIRD installs the routes to that pool's remote blocks through tunl0,
 * onlink, with the peer as gateway: the packets cross the underlay wrapped in IP-in-IP. With a
 * pool whose VXLAN mode is on (Calico 3.7's `vxlanMode: Always`), Felix's VXLAN manager does the
 * routing instead of BIRD: vxlan.calico (VNI 4096, UDP 4789, no learning, MTU 1410) with a tunnel
 * address from the pool, and for every other node a permanent ARP entry and FDB entry for its VTEP
 * and a route to each of its blocks via its tunnel address, onlink, all read from the datastore.
 */
package org.overlaylab.simulator.calico;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.model.tools.CalicoKeys;
import org.overlaylab.simulator.docker.ContainerRecord;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.Devices;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class CalicoNode {
    public static final String VERSION = "v2.6.12";
    public static final int AS_NUMBER = CalicoKeys.AS_NUMBER;
    public static final String WORKLOAD_MAC = "ee:ee:ee:ee:ee:ee";
    public static final int GATEWAY = Ipv4.parse("169.254.1.1");
    static final String POOLS = CalicoKeys.POOLS;
    static final String BLOCKS = CalicoKeys.BLOCKS;
    static final long SESSION_SETUP = 1600 * VirtualClock.MILLIS;
    /** Felix's IpInIpMtu default: 1500 less the 20-byte outer header and 40 bytes to spare. */
    public static final int TUNL0_MTU = 1440;
    public static final String TUNNEL_DEVICE = "tunl0";
    public static final String VXLAN_DEVICE = "vxlan.calico";
    /** Felix's defaults for VXLAN mode: VXLANVNI, VXLANPort, VXLANMTU (1500 less 50 of headers and 40 to spare). */
    public static final int VXLAN_VNI = 4096;
    public static final int VXLAN_PORT = org.overlaylab.packets.encap.Encapsulations.VXLAN_PORT;
    public static final int VXLAN_MTU = 1410;

    private final SimWorld world;
    private final SimHost host;
    private final String nodeName;
    private final Cidr address;
    private final String addressDevice;
    private final long startedAt;
    private boolean running = true;
    /** BGP sessions with the other nodes, by the peer's address; both ends hold the same session. */
    private final Map<Integer, BirdBgpSession> bgpSessions = new java.util.HashMap<>();

    public CalicoNode(SimWorld world, SimHost host, String nodeName, Cidr address, String addressDevice) {
        this.world = world;
        this.host = host;
        this.nodeName = nodeName;
        this.address = address;
        this.addressDevice = addressDevice;
        this.startedAt = world.clock().now();
    }

    /** BIRD and Felix run while Docker and the calico-node container do. */
    public boolean running() {
        if (!running || host.docker() == null || !host.docker().running()) {
            return false;
        }
        ContainerRecord container = host.docker().container("calico-node");
        return container == null || container.running();
    }

    public void stop() {
        running = false;
    }

    public String nodeName() {
        return nodeName;
    }

    public Cidr address() {
        return address;
    }

    public long startedAt() {
        return startedAt;
    }

    private V2Store store() {
        return world.etcd().available() ? world.etcd().v2() : null;
    }

    /** Registers the node in etcd, and the default pools unless told not to. */
    public void register(boolean defaultPools) throws V2Store.EtcdError {
        V2Store s = world.etcd().v2();
        for (Map.Entry<String, String> k : CalicoKeys.nodeKeys(nodeName, address).entrySet()) {
            s.set(k.getKey(), k.getValue(), 0);
        }
        if (s.find(CalicoKeys.AS_NUMBER_KEY) == null) {
            for (Map.Entry<String, String> k : CalicoKeys.clusterKeys().entrySet()) {
                s.set(k.getKey(), k.getValue(), 0);
            }
        }
        if (defaultPools && s.leaves(POOLS).isEmpty()) {
            createPool(s, Cidr.parse("192.168.0.0/16"), false, true);
        }
        if (pools(s).stream().anyMatch(p -> p[4] != null) && s.find(CalicoKeys.vxlanTunnelAddressKey(nodeName)) == null) {
            // calico-node's start-up allocates vxlan.calico's address from a block of this host
            try {
                int ip = assignAddress(s, "vxlan-tunnel-addr-" + nodeName);
                s.set(CalicoKeys.vxlanTunnelAddressKey(nodeName), Ipv4.format(ip), 0);
            } catch (DockerEngine.DockerError e) {
                // no free block: no VTEP for this node, as with a full pool
            }
        }
        boolean ipipPool = pools(s).stream().anyMatch(p -> (Boolean) p[2]);
        if (ipipPool && s.find(CalicoKeys.ipipTunnelAddressKey(nodeName)) == null) {
            // allocate-ipip-addr at start-up: tunl0's address comes from a block of this host
            try {
                int ip = assignAddress(s, "ipip-tunnel-addr-" + nodeName);
                s.set(CalicoKeys.ipipTunnelAddressKey(nodeName), Ipv4.format(ip), 0);
            } catch (DockerEngine.DockerError e) {
                // no free block: tunl0 comes up without an address, as with a full pool
            }
        }
    }

    /** Felix's VXLAN manager: vxlan.calico as configureVXLANDevice leaves it; null without a VXLAN pool or a tunnel address. */
    private Vxlan ensureVxlan(V2Store s) {
        V2Store.Node addr = s.find(CalicoKeys.vxlanTunnelAddressKey(nodeName));
        if (addr == null || pools(s).stream().noneMatch(p -> p[4] != null)) {
            return null;
        }
        NetNs root = host.root();
        Link existing = root.link(VXLAN_DEVICE).orElse(null);
        try {
            Vxlan dev;
            if (existing instanceof Vxlan x) {
                dev = x;
            } else {
                if (existing != null) {
                    root.delete(existing);
                }
                String mac = CalicoKeys.vxlanMac(nodeName);
                dev = new Vxlan(VXLAN_DEVICE, mac, VXLAN_VNI, address.address(), null, addressDevice, VXLAN_PORT, false,
                        false, false, false, root);
                dev.setMac(mac);
                root.attach(dev);
            }
            if (dev.mtu() != VXLAN_MTU) {
                dev.setMtu(VXLAN_MTU);
            }
            Cidr want = new Cidr(Ipv4.parse(addr.value()), 32);
            if (dev.addresses().stream().noneMatch(a -> a.cidr().equals(want))) {
                root.addAddress(dev, want, null);
            }
            if (!dev.adminUp()) {
                root.setUp(dev, true);
            }
            return dev;
        } catch (KernelException e) {
            return null;
        }
    }

    /**
     * The VXLAN manager's L2 and L3 state for the other nodes: a permanent ARP entry and FDB entry for
     * each node's VTEP, and a route to each of its VXLAN-pool blocks via its tunnel address, onlink.
     * Returns true if anything changed.
     */
    private boolean programVxlan(V2Store s, Vxlan dev, List<Object[]> vxlanPools, Map<Cidr, RouteEntry> want) {
        NetNs root = host.root();
        boolean changed = false;
        for (SimHost other : world.hosts()) {
            CalicoNode n = other.calico();
            if (n == null || other == host) {
                continue;
            }
            V2Store.Node tunnel = s.find(CalicoKeys.vxlanTunnelAddressKey(n.nodeName));
            if (tunnel == null) {
                continue;
            }
            int gw = Ipv4.parse(tunnel.value());
            String mac = CalicoKeys.vxlanMac(n.nodeName);
            Neighbour known = root.neighbour(gw, dev);
            if (known == null || !mac.equals(known.lladdr()) || known.state() != Neighbour.State.PERMANENT) {
                root.putNeighbour(gw, dev, mac, Neighbour.State.PERMANENT, world.clock().now());
                changed = true;
            }
            int remote = n.address.address();
            if (dev.fdb().stream().noneMatch(f -> f.mac().equals(mac) && f.destination() == remote)) {
                dev.replaceFdb(mac, remote, true);
                changed = true;
            }
            for (Cidr block : blocksOf(s, n.nodeName)) {
                if (vxlanPools.stream().anyMatch(p -> ((Cidr) p[0]).contains(block.network()))) {
                    // Felix's route table: protocol boot (not shown by ip route), onlink via the VTEP
                    want.put(block, new RouteEntry(block, gw, dev, null, null, null, "unicast", 0, true));
                }
            }
        }
        return changed;
    }

    /** Felix with IPIP on: tunl0 up with its MTU and the node's tunnel address; null when no pool has IPIP. */
    private Link ensureTunnel(V2Store s) {
        if (pools(s).stream().noneMatch(p -> (Boolean) p[2])) {
            return null;
        }
        NetNs root = host.root();
        Link tunl0 = root.link(TUNNEL_DEVICE).orElse(null);
        try {
            if (tunl0 == null) {
                tunl0 = new org.overlaylab.simulator.kernel.IpipTunnel(TUNNEL_DEVICE);
                root.attach(tunl0);
            }
            if (tunl0.mtu() != TUNL0_MTU) {
                tunl0.setMtu(TUNL0_MTU);
            }
            V2Store.Node addr = s.find(CalicoKeys.ipipTunnelAddressKey(nodeName));
            if (addr != null && tunl0.addresses().isEmpty()) {
                root.addAddress(tunl0, new Cidr(Ipv4.parse(addr.value()), 32), null);
            }
            if (!tunl0.adminUp()) {
                root.setUp(tunl0, true);
            }
        } catch (KernelException e) {
            // Felix tries again on its next pass
        }
        return tunl0;
    }

    // ------------------------------------------------------------------ IP pools

    public static void createPool(V2Store store, Cidr cidr, boolean ipip, boolean natOutgoing) throws V2Store.EtcdError {
        createPool(store, cidr, ipip ? "always" : null, natOutgoing);
    }

    public static void createPool(V2Store store, Cidr cidr, String ipipMode, boolean natOutgoing) throws V2Store.EtcdError {
        createPool(store, cidr, ipipMode, null, natOutgoing);
    }

    /**
     * A pool whose IPIP mode is "always", "cross-subnet" (only between hosts of different subnets), or
     * null: off; and whose VXLAN mode is "always" or null: off (kept as "vxlan_mode" next to the 2.6 fields).
     */
    public static void createPool(V2Store store, Cidr cidr, String ipipMode, String vxlanMode, boolean natOutgoing)
            throws V2Store.EtcdError {
        ObjectNode j = JsonText.object();
        j.put("cidr", cidr.toString());
        if (ipipMode != null) {
            j.put("ipip", "tunl0");
            j.put("ipip_mode", ipipMode);
        }
        if (vxlanMode != null) {
            j.put("vxlan_mode", vxlanMode);
        }
        j.put("masquerade", natOutgoing);
        j.put("ipam", true);
        j.put("disabled", false);
        store.create(CalicoKeys.poolKey(cidr), JsonText.compact(j), 0);
    }

    /** Pools as (cidr, nat-outgoing, ipip, ipip mode or null, vxlan mode or null). */
    public static List<Object[]> pools(V2Store s) {
        List<Object[]> out = new ArrayList<>();
        for (V2Store.Node n : s.leaves(POOLS)) {
            JsonNode j = JsonText.parse(n.value());
            out.add(new Object[] {Cidr.parse(j.path("cidr").asText()), j.path("masquerade").asBoolean(),
                    j.hasNonNull("ipip"), j.hasNonNull("ipip") ? j.path("ipip_mode").asText("always") : null,
                    j.hasNonNull("vxlan_mode") ? j.path("vxlan_mode").asText() : null});
        }
        return out;
    }

    public String checkPoolForNetwork(Cidr subnet) {
        V2Store s = store();
        if (s == null) {
            return "client: etcd cluster is unavailable or misconfigured";
        }
        if (subnet == null) {
            return null;
        }
        for (Object[] p : pools(s)) {
            if (p[0].equals(subnet)) {
                return null;
            }
        }
        return "NetworkDriver.CreateNetwork: The requested subnet must match the CIDR of a configured Calico IP Pool.";
    }

    /** The libnetwork plugin makes a profile per network: members may talk to each other. */
    public void networkCreated(String networkId, String networkName) {
        V2Store s = store();
        if (s == null) {
            return;
        }
        try {
            for (Map.Entry<String, String> k : CalicoKeys.profileKeys(networkName).entrySet()) {
                s.set(k.getKey(), k.getValue(), 0);
            }
        } catch (V2Store.EtcdError e) {
            // the profile is written again on the next workload
        }
    }

    // ------------------------------------------------------------------ workloads

    /** Calico IPAM and the libnetwork plugin for one container: address, veth cali*, routes. */
    public ContainerRecord.Endpoint createWorkload(String containerName, String endpointId, String networkId,
                                                   String networkName, NetNs ns)
            throws KernelException, DockerEngine.DockerError {
        V2Store s = store();
        if (s == null) {
            throw new DockerEngine.DockerError("client: etcd cluster is unavailable or misconfigured");
        }
        int ip = assignAddress(s, endpointId);
        Cidr addr = new Cidr(ip, 32);
        String hostSide = "cali" + endpointId.substring(0, 11);
        NetNs root = host.root();
        Veth[] pair = Devices.vethPair(root, hostSide, Mac.random(world.random().stream("mac:cali:" + host.name())),
                ns, "cali0", WORKLOAD_MAC);
        root.setUp(pair[0], true);
        root.setProxyArp(pair[0], true);
        root.setIpForward(true);
        Devices.addressUp(ns, pair[1], addr);
        ns.addRoute(new RouteEntry(new Cidr(GATEWAY, 32), null, pair[1], null, "link", null, "unicast", 0, false), false);
        ns.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), GATEWAY, pair[1], null, null, null, "unicast", 0, false),
                false);
        root.addRoute(new RouteEntry(addr, null, pair[0], null, "link", null, "unicast", 0, false), true);
        try {
            ObjectNode ep = JsonText.object();
            ep.put("state", "active");
            ep.put("name", hostSide);
            ep.put("mac", WORKLOAD_MAC);
            ep.putArray("profile_ids").add(networkName);
            ep.putArray("ipv4_nets").add(addr.toString());
            ep.putArray("ipv6_nets");
            s.set(workloadKey(endpointId), JsonText.compact(ep), 0);
            networkCreated(networkId, networkName);
        } catch (V2Store.EtcdError e) {
            throw new DockerEngine.DockerError(e.getMessage());
        }
        return new ContainerRecord.Endpoint(networkName, networkId, endpointId, "cali0", addr, WORKLOAD_MAC, GATEWAY,
                hostSide);
    }

    private String workloadKey(String endpointId) {
        return CalicoKeys.workloadKey(nodeName, endpointId);
    }

    public void removeWorkload(ContainerRecord.Endpoint ep) {
        NetNs root = host.root();
        root.link(ep.hostVeth()).ifPresent(root::delete);
        V2Store s = store();
        if (s == null) {
            return;
        }
        try {
            if (s.find(workloadKey(ep.endpointId())) != null) {
                s.delete(workloadKey(ep.endpointId()), false);
            }
            releaseAddress(s, ep.address().address());
        } catch (V2Store.EtcdError e) {
            // already gone
        }
    }

    /** The next free address of a block affine to this host, claiming a new random /26 if needed. */
    private int assignAddress(V2Store s, String handle) throws DockerEngine.DockerError {
        for (Cidr block : blocksOf(s, nodeName)) {
            Integer ip = claimInBlock(s, block, handle);
            if (ip != null) {
                return ip;
            }
        }
        List<Object[]> pools = pools(s);
        if (pools.isEmpty()) {
            throw new DockerEngine.DockerError("IpamDriver.RequestAddress: No configured Calico pools");
        }
        Cidr pool = (Cidr) pools.get(0)[0];
        Set<Integer> taken = new HashSet<>();
        for (V2Store.Node n : s.leaves(BLOCKS)) {
            taken.add(blockOf(n.key()).network());
        }
        for (Cidr block : CalicoKeys.blockSearchOrder(pool, world.random(), nodeName)) {
            if (!taken.contains(block.network())) {
                try {
                    ObjectNode b = JsonText.object();
                    b.put("cidr", block.toString());
                    b.put("affinity", "host:" + nodeName);
                    b.put("strictAffinity", false);
                    ArrayNode alloc = b.putArray("allocations");
                    for (int k = 0; k < 64; k++) {
                        alloc.addNull();
                    }
                    s.set(CalicoKeys.blockKey(block), JsonText.compact(b), 0);
                    s.set(CalicoKeys.hostBlockKey(nodeName, block), "", 0);
                } catch (V2Store.EtcdError e) {
                    throw new DockerEngine.DockerError(e.getMessage());
                }
                Integer ip = claimInBlock(s, block, handle);
                if (ip != null) {
                    return ip;
                }
            }
        }
        throw new DockerEngine.DockerError("IpamDriver.RequestAddress: No more free affine blocks and strict IPAM affinity is set");
    }

    private Integer claimInBlock(V2Store s, Cidr block, String handle) throws DockerEngine.DockerError {
        String key = CalicoKeys.blockKey(block);
        V2Store.Node n = s.find(key);
        if (n == null) {
            return null;
        }
        ObjectNode b = (ObjectNode) JsonText.parse(n.value());
        ArrayNode alloc = (ArrayNode) b.path("allocations");
        for (int k = 0; k < alloc.size(); k++) {
            if (alloc.get(k).isNull()) {
                alloc.set(k, JsonText.MAPPER.getNodeFactory().numberNode(0));
                b.put("handle_" + k, handle);
                try {
                    s.set(key, JsonText.compact(b), 0);
                } catch (V2Store.EtcdError e) {
                    throw new DockerEngine.DockerError(e.getMessage());
                }
                return block.network() + k;
            }
        }
        return null;
    }

    private void releaseAddress(V2Store s, int ip) throws V2Store.EtcdError {
        for (V2Store.Node n : s.leaves(BLOCKS)) {
            Cidr block = blockOf(n.key());
            if (block.contains(ip)) {
                ObjectNode b = (ObjectNode) JsonText.parse(n.value());
                ((ArrayNode) b.path("allocations")).set(ip - block.network(), JsonText.MAPPER.getNodeFactory().nullNode());
                b.remove("handle_" + (ip - block.network()));
                s.set(n.key(), JsonText.compact(b), 0);
            }
        }
    }

    private static Cidr blockOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dash = name.lastIndexOf('-');
        return new Cidr(Ipv4.parse(name.substring(0, dash)), Integer.parseInt(name.substring(dash + 1)));
    }

    public static List<Cidr> blocksOf(V2Store s, String node) {
        List<Cidr> out = new ArrayList<>();
        for (V2Store.Node n : s.leaves(CalicoKeys.hostBlocksDir(node))) {
            out.add(blockOf(n.key()));
        }
        return out;
    }

    // ------------------------------------------------------------------ BGP

    /** A BGP peer as `calicoctl node status` lists it. */
    public record Peer(String address, String type, String state, String since, String info) {}

    public List<Peer> peers() {
        List<Peer> out = new ArrayList<>();
        for (SimHost other : world.hosts()) {
            CalicoNode n = other.calico();
            if (n == null || other == host) {
                continue;
            }
            String ip = Ipv4.format(n.address.address());
            boolean up = sessionUp(n);
            long since = Math.max(startedAt, n.startedAt) + (up ? SESSION_SETUP : 0);
            String info = up ? "Established" : n.address.address() == address.address() ? "Passive" : "Active Socket: Connection refused";
            out.add(new Peer(ip, "node-to-node mesh", up ? "up" : "start",
                    org.overlaylab.simulator.text.Times.clock(n.running() ? since : world.clock().now()), info));
        }
        return out;
    }

    /** A BGP session of this node's BIRD with another Calico node: Established or not, and since when. */
    public record Session(CalicoNode peer, boolean established, long since) {
        /** BIRD's protocol name for the session, as Calico's mesh names it. */
        public String protocolName() {
            return "Mesh_" + Ipv4.format(peer.address.address()).replace('.', '_');
        }
    }

    /** The sessions with every other Calico node, in the order of their addresses (BIRD's config order). */
    public List<Session> sessions() {
        List<Session> out = new ArrayList<>();
        for (SimHost other : world.hosts()) {
            CalicoNode n = other.calico();
            if (n == null || other == host) {
                continue;
            }
            boolean up = sessionUp(n);
            long since = up ? Math.max(startedAt, n.startedAt) + SESSION_SETUP : n.running() ? Math.max(startedAt, n.startedAt)
                    : world.clock().now();
            out.add(new Session(n, up, since));
        }
        out.sort(java.util.Comparator.comparing(x -> Ipv4.format(x.peer().address.address())));
        return out;
    }

    /** The /26 blocks this node owns, and those another node owns, as the cluster store records them. */
    public List<Cidr> blocks(CalicoNode of) {
        V2Store s = store();
        return s == null ? List.of() : blocksOf(s, of.nodeName);
    }

    /** The underlay device the node's address is on (BGP next hops leave through it). */
    public String addressDevice() {
        return addressDevice;
    }

    Map<Integer, BirdBgpSession> bgpSessions() {
        return bgpSessions;
    }

    private boolean sessionUp(CalicoNode other) {
        long since = Math.max(startedAt, other.startedAt) + SESSION_SETUP;
        return world.clock().now() >= since && canPeerWith(other);
    }

    /** Whether the two BIRDs can reach each other: both running, on one subnet, their devices up. */
    boolean canPeerWith(CalicoNode other) {
        if (!running() || !other.running() || other.address.address() == address.address()) {
            return false;
        }
        Link mine = host.root().link(addressDevice).orElse(null);
        Link theirs = other.host.root().link(other.addressDevice).orElse(null);
        return mine != null && theirs != null && mine.running() && theirs.running()
                && address.contains(other.address.address());
    }

    /**
     * Felix and BIRD: blackhole routes for this host's blocks, routes to the blocks every established
     * peer announced over BGP, through that peer, NAT for pools with nat-outgoing. Returns true if routes changed.
     */
    public boolean reconcile() {
        if (!running()) {
            return false;
        }
        V2Store s = store();
        if (s == null) {
            return false;
        }
        NetNs root = host.root();
        boolean changed = BirdBgpSession.reconcile(this, world);
        Map<Cidr, RouteEntry> want = new LinkedHashMap<>();
        for (Cidr block : blocksOf(s, nodeName)) {
            want.put(block, new RouteEntry(block, null, null, "bird", null, null, "blackhole", 0, false));
        }
        Link out = root.link(addressDevice).orElse(null);
        Link tunnel = ensureTunnel(s);
        List<Object[]> ipipPools = pools(s).stream().filter(p -> (Boolean) p[2]).toList();
        List<Object[]> vxlanPools = pools(s).stream().filter(p -> p[4] != null).toList();
        for (SimHost other : world.hosts()) {
            CalicoNode n = other.calico();
            BirdBgpSession session = n == null ? null : bgpSessions.get(n.address.address());
            if (n == null || other == host || !sessionUp(n) || out == null || session == null) {
                continue;
            }
            // the routes are what the peer's UPDATEs brought, not what etcd says it owns
            for (Cidr block : session.learnedBy(this)) {
                if (vxlanPools.stream().anyMatch(p -> ((Cidr) p[0]).contains(block.network()))) {
                    continue; // BIRD leaves VXLAN pools' blocks to Felix
                }
                // BIRD's kernel filter: a block of an IPIP pool goes through tunl0, onlink via the peer;
                // in mode cross-subnet only when the peer is on another subnet than this node
                boolean otherSubnet = !address.contains(n.address.address());
                boolean ipip = tunnel != null && ipipPools.stream().anyMatch(p -> ((Cidr) p[0]).contains(block.network())
                        && ("always".equals(p[3]) || otherSubnet));
                want.put(block, ipip ? new RouteEntry(block, n.address.address(), tunnel, "bird", null, null, "unicast", 0, true)
                        : new RouteEntry(block, n.address.address(), out, "bird", null, null, "unicast", 0, false));
            }
        }
        Vxlan vxlan = ensureVxlan(s);
        if (vxlan != null) {
            changed |= programVxlan(s, vxlan, vxlanPools, want);
        }
        // the routes BIRD and Felix's VXLAN manager own; others (a student's own) are left alone
        List<RouteEntry> current = root.staticRoutes().stream()
                .filter(r -> "bird".equals(r.protocol()) || vxlan != null && r.device() == vxlan).toList();
        for (RouteEntry r : current) {
            if (!r.equals(want.get(r.destination()))) {
                root.removeRoutesIf(x -> x == r);
                changed = true;
            }
        }
        for (RouteEntry r : want.values()) {
            if (!root.staticRoutes().contains(r)) {
                try {
                    root.addRoute(r, true);
                    changed = true;
                } catch (KernelException e) {
                    // BIRD retries on the next scan
                }
            }
        }
        for (Object[] p : pools(s)) {
            if ((Boolean) p[1]) {
                Cidr pool = (Cidr) p[0];
                NetNs.Masquerade m = new NetNs.Masquerade(pool, null, null, pool);
                if (!root.masquerade().contains(m)) {
                    root.addMasquerade(m);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * Felix's FORWARD rules on the host: traffic routed out of a workload's cali interface passes
     * the profile check of {@link #allowsForward}; the hook is registered on the host namespace.
     */
    public String forwardDropReason(Link out, int src, int dst) {
        if (!out.name().startsWith("cali") || allowsForward(src, dst)) {
            return null;
        }
        return "dropped by Calico policy: " + Ipv4.format(src) + " is not in the profile of " + Ipv4.format(dst);
    }

    /**
     * Profile rules for traffic forwarded to a local workload: allowed when the sender is the host
     * itself or a workload whose profiles share one with the destination workload's.
     */
    public boolean allowsForward(int src, int dst) {
        V2Store s = store();
        if (s == null) {
            return true;
        }
        Set<String> dstProfiles = profilesOf(s, dst);
        if (dstProfiles == null) {
            return true;
        }
        Set<String> srcProfiles = profilesOf(s, src);
        if (srcProfiles == null) {
            return true;
        }
        for (String p : srcProfiles) {
            if (dstProfiles.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> profilesOf(V2Store s, int ip) {
        for (V2Store.Node n : s.leaves("/calico/v1/host")) {
            if (!n.key().contains("/workload/")) {
                continue;
            }
            JsonNode ep = JsonText.parse(n.value());
            for (JsonNode net : ep.path("ipv4_nets")) {
                if (Cidr.parse(net.asText()).address() == ip) {
                    Set<String> profiles = new HashSet<>();
                    ep.path("profile_ids").forEach(p -> profiles.add(p.asText()));
                    return profiles;
                }
            }
        }
        return null;
    }

    public SimHost host() {
        return host;
    }
}
