/*
 * One host's Docker daemon (1.12, as on the tutorial's Ubuntu 16.04 VMs, or 20.10 where the lab
 * pins docker.io to Debian 12's, with swarm mode and no cluster store): its flags, the default
 * bridge docker0, containers with their namespaces, the embedded DNS names and, with a cluster
 * store, discovery and global networks kept in etcd. What a network is made of is its driver's
 * business, as in libnetwork: BridgeDriver, OverlayDriver, and plugins such as Calico's remote
 * driver that register themselves when they start.
 */
package org.overlaylab.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.docker.gossip.DockerGossip;
import org.overlaylab.simulator.docker.gossip.SerfAgent;
import org.overlaylab.simulator.etcd.EtcdCluster;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.shell.Invocation.Userland;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class DockerEngine {
    /** From a daemon's start to its Serf join, and from that join to the peer's join back (Docker 20.10 here). */
    static final long GOSSIP_JOIN_DELAY = 500 * VirtualClock.MILLIS;
    static final long GOSSIP_JOIN_BACK_DELAY = 8 * VirtualClock.MILLIS;
    /** How long a daemon with a cluster store takes to join the cluster: past its Serf join and the join back. */
    static final long CLUSTER_START = 600 * VirtualClock.MILLIS;
    /** From an overlay endpoint's join to the container running (containerd and runc start its process). */
    static final long CONTAINER_START_AFTER_JOIN = 300 * VirtualClock.MILLIS;
    private DockerGossip gossip;
    private LibkvEtcdClient etcdClient;
    public static final String VERSION = "1.12.6";
    /** Debian 12's docker.io, whose client and daemon the lab hosts of today run. */
    public static final String MODERN_VERSION = "20.10.24+dfsg1";
    /** libnetwork's network objects in the cluster store, one key per global network, by id. */
    public static final String NETWORK_PREFIX = "/docker/network/v1.0/network/";
    static final String ENDPOINT_PREFIX = "/docker/network/v1.0/endpoint/";
    static final String NODES_PREFIX = "/docker/nodes/";
    static final long DISCOVERY_TTL = 60;

    /** How the running daemon was started: by the init system, or by hand in a terminal. */
    public enum Origin { SERVICE, MANUAL }

    /** A Docker network as the client shows it, local or from the cluster store. */
    public record NetworkView(String id, String name, String driver, String scope, Cidr subnet, Integer gateway,
                              String ipamDriver, int vni, Map<String, String> options, boolean attachable) {
        public NetworkView(String id, String name, String driver, String scope, Cidr subnet, Integer gateway,
                           String ipamDriver, int vni, Map<String, String> options) {
            this(id, name, driver, scope, subnet, gateway, ipamDriver, vni, options, false);
        }

        public boolean swarm() {
            return "swarm".equals(scope);
        }

        public boolean global() {
            return "global".equals(scope) || "swarm".equals(scope);
        }
    }

    /** An error the daemon answers with; the client prints "Error response from daemon: " + message. */
    public static final class DockerError extends Exception {
        public DockerError(String message) {
            super(message);
        }
    }

    private final SimWorld world;
    private final SimHost host;
    private boolean running;
    private Origin origin;
    private DaemonConfig config = DaemonConfig.DEFAULT;
    private int pid;
    private long startedAt;
    private String bridgeId;
    private String hostNetId;
    private String noneNetId;
    private final Map<String, ContainerRecord> containers = new LinkedHashMap<>();
    private final Set<String> images = new HashSet<>();
    private final BridgeDriver bridge;
    private final OverlayDriver overlay;
    /** The network drivers by name: the built-in ones, then the plugins that registered. */
    private final Map<String, NetworkDriver> drivers = new LinkedHashMap<>();

    /** Whether this is Docker 20.10 (the lab pins docker.io to it) rather than the tutorial's 1.12. */
    private final boolean modern;
    /** This daemon's node in the swarm while it is a member, else null. */
    private SwarmCluster.Node swarmNode;
    /** The swarm network DB's memberlist agent while this daemon is a swarm node; else null. */
    private SerfAgent swarmGossipAgent;
    /** This worker's lasting TLS session with the manager's dispatcher (port 2377), once joined. */
    SwarmRaftTls dispatcherSession;

    public DockerEngine(SimWorld world, SimHost host) {
        this.world = world;
        this.host = host;
        String pinned = host.spec().pinnedVersion("docker.io");
        this.modern = pinned != null && pinned.startsWith("20.");
        this.bridge = new BridgeDriver(this);
        this.overlay = new OverlayDriver(this, bridge);
        drivers.put(bridge.name(), bridge);
        drivers.put(overlay.name(), overlay);
    }

    /** A plugin's driver (Calico's remote driver) becomes available to `docker network create`. */
    public void registerNetworkPlugin(NetworkDriver driver) {
        drivers.put(driver.name(), driver);
    }

    public boolean running() {
        return running;
    }

    public boolean modern() {
        return modern;
    }

    public String version() {
        return modern ? MODERN_VERSION : VERSION;
    }

    /** The swarm this daemon is a member of, or null. */
    public SwarmCluster swarm() {
        return swarmNode == null ? null : world.swarm();
    }

    public SwarmCluster.Node swarmNode() {
        return swarmNode;
    }

    public boolean swarmManager() {
        return swarmNode != null && swarmNode.role() == SwarmCluster.Role.MANAGER;
    }

    public Origin origin() {
        return origin;
    }

    public DaemonConfig config() {
        return config;
    }

    public int pid() {
        return pid;
    }

    public SimHost host() {
        return host;
    }

    public SimWorld world() {
        return world;
    }

    // ------------------------------------------------------------------ daemon lifecycle

    /** The state of a fresh VM: the packaged service running with default flags. */
    public void startAsService() {
        try {
            start(DaemonConfig.DEFAULT, Origin.SERVICE, new StringBuilder());
        } catch (DockerError e) {
            throw new IllegalStateException("docker service failed to start: " + e.getMessage(), e);
        }
    }

    /** Starts the daemon with `cfg`, appending its log lines; a failure leaves it stopped. */
    public void start(DaemonConfig cfg, Origin how, StringBuilder log) throws DockerError {
        if (running) {
            throw new DockerError("pid file found, ensure docker is not running or delete /var/run/docker.pid");
        }
        NetNs root = host.root();
        long now = world.clock().now();
        if (cfg.listensOnTcp()) {
            log.append("WARN[0000] /!\\ DON'T BIND ON ANY IP ADDRESS WITHOUT setting -tlsverify IF YOU DON'T KNOW WHAT YOU'RE DOING /!\\ \n");
        }
        int newPid = host.nextPid();
        log.append("INFO[0000] libcontainerd: new containerd process, pid: ").append(host.nextPid()).append(" \n");
        log.append("INFO[0001] [graphdriver] using prior storage driver \"aufs\" \n");
        log.append("INFO[0001] Graph migration to content-addressability took 0.00 seconds \n");
        Optional<Link> docker0 = root.link("docker0");
        Cidr bridgeCidr;
        // libnetwork's IPAM config for the default bridge names a gateway when --bip gave one or
        // docker0 already had its address; a first start takes a free pool, whose network address
        // is no gateway, and `network inspect` then shows the subnet alone
        bridgeGatewayConfigured = cfg.bip() != null
                || docker0.isPresent() && docker0.get().primaryAddress() != null;
        if (docker0.isPresent() && docker0.get().primaryAddress() != null) {
            Cidr existing = docker0.get().primaryAddress();
            // libnetwork compares the addresses only and names them without their masks
            if (cfg.bip() != null && existing.address() != cfg.bip().address()) {
                throw new DockerError("Error initializing network controller: Error creating default \"bridge\" network: "
                        + "bridge IPv4 (" + existing.addressText() + ") does not match requested configuration "
                        + cfg.bip().addressText());
            }
            bridgeCidr = existing;
        } else {
            bridgeCidr = cfg.bip() != null ? cfg.bip() : Cidr.parse("172.17.0.1/16");
            try {
                Bridge br;
                if (docker0.isPresent()) {
                    br = (Bridge) docker0.get();
                } else {
                    br = new Bridge("docker0", bridge.dockerBridgeMac("docker0"));
                    br.setTxQueueLen(0); // libnetwork makes its bridges over netlink with txqlen 0; ip and brctl get 1000
                    br.setMac(br.mac());
                    root.attach(br);
                }
                root.addAddress(br, bridgeCidr, bridgeCidr.broadcast());
                root.setUp(br, true);
            } catch (KernelException e) {
                throw new DockerError("Error initializing network controller: " + e.getMessage());
            }
            log.append("INFO[0001] Default bridge (docker0) is assigned with an IP address ")
                    .append(bridgeCidr.networkCidr()).append(". Daemon option --bip can be used to set a preferred IP address \n");
        }
        root.link("docker0").ifPresent(l -> root.setUp(l, true));
        root.setIpForward(true);
        if (cfg.ipMasq()) {
            root.addMasquerade(new NetNs.Masquerade(bridgeCidr.networkCidr(), null, "docker0"));
        }
        this.config = cfg;
        this.origin = how;
        this.pid = newPid;
        this.startedAt = now;
        this.running = true;
        // the default bridge network is made anew at every start; host and none persist in the local store
        this.bridgeId = world.random().hex("docker-net-id:" + host.name(), 32);
        if (hostNetId == null) {
            this.hostNetId = world.random().hex("docker-net-id:" + host.name(), 32);
            this.noneNetId = world.random().hex("docker-net-id:" + host.name(), 32);
        }
        log.append("INFO[0001] Firewalld running: false \n");
        if (cfg.clusterStore() != null) {
            log.append("INFO[0001] Initializing discovery with TLS config: <nil> \n");
            openEtcdClient();
            registerInDiscovery();
            if (etcdClient != null) {
                etcdClient.watchNodes(0);
            }
            startGossip();
        }
        log.append("INFO[0001] Loading containers: start. \n");
        log.append("INFO[0001] Loading containers: done. \n");
        log.append("INFO[0001] Daemon has completed initialization \n");
        log.append("INFO[0001] Docker daemon                                 commit=78d1802 graphdriver=aufs version=")
                .append(VERSION).append(" \n");
        for (String h : cfg.hosts()) {
            String shown = h.startsWith("unix://") ? h.substring(7) : h.startsWith("tcp://0.0.0.0") ? "[::]" + h.substring(13) : h.substring(6);
            log.append("INFO[0001] API listen on ").append(shown).append(" \n");
        }
    }

    /** Stops the daemon: its containers are killed, their endpoints leave the store. */
    public void stop() {
        if (!running) {
            return;
        }
        for (ContainerRecord c : containers.values()) {
            if (c.running()) {
                detachAll(c);
                c.state = "exited";
                c.exitCode = 137;
                c.finishedAt = world.clock().now();
            }
        }
        overlay.removeAllSandboxes();
        if (gossip != null) {
            gossip.stop();
            gossip = null;
        }
        setSwarmGossipAgent(null);
        if (etcdClient != null) {
            etcdClient.close();
            etcdClient = null;
        }
        running = false;
        origin = null;
    }

    public SerfAgent swarmGossipAgent() {
        return swarmGossipAgent;
    }

    /** Replaces the swarm network DB agent, stopping the one before. */
    void setSwarmGossipAgent(SerfAgent agent) {
        if (swarmGossipAgent != null) {
            swarmGossipAgent.stop();
        }
        swarmGossipAgent = agent;
    }

    /** This daemon's Serf agent, while it runs with a cluster store; else null. */
    public DockerGossip gossip() {
        return gossip;
    }

    /**
     * The Serf agent starts with a daemon that has a cluster store and advertises an address. It
     * joins the daemons already registered (half a second in, once discovery has listed them), and
     * each of them joins it back when its discovery watch sees the new node, a few ms later.
     */
    private void startGossip() {
        if (config.clusterAdvertise() == null) {
            return;
        }
        SerfAgent agent = new SerfAgent(world, host, advertiseIp());
        agent.onUserEvents(overlay);
        gossip = agent;
        for (SimHost other : world.hosts()) {
            DockerEngine e = other.docker();
            // discovery lists the daemons registered in the same store
            if (other == host || e == null || !e.running || e.gossip == null || reachableStore() == null
                    || reachableStore() != e.reachableStore()) {
                continue;
            }
            String peer = e.advertiseIp();
            String self = advertiseIp();
            DockerGossip theirs = e.gossip;
            // after each join libnetwork announces its local endpoints again (pushLocalDb), as the
            // joining side ignores the events it did not see itself
            world.clock().schedule(GOSSIP_JOIN_DELAY, () -> {
                if (gossip == agent) {
                    agent.nodeJoined(peer);
                    overlay.pushLocalDb();
                    world.clock().schedule(GOSSIP_JOIN_BACK_DELAY, () -> {
                        if (e.gossip == theirs && theirs != null) {
                            theirs.nodeJoined(self);
                            e.overlay.pushLocalDb();
                        }
                    });
                }
            });
        }
    }

    LibkvEtcdClient etcdClient() {
        return etcdClient;
    }

    /**
     * The daemon's etcd client, when its store answers: it reads and makes the folders Docker keeps
     * (the discovery folder, networks and endpoint counts) and lists the networks.
     */
    private void openEtcdClient() {
        V2Store store = reachableStore();
        etcdClient = store == null ? null : LibkvEtcdClient.open(world, host, store);
        if (etcdClient == null) {
            return;
        }
        etcdClient.read("/docker/network/v1.0/ipam/default/config/GlobalDefault", false);
        etcdClient.ensureDir(NODES_PREFIX.substring(0, NODES_PREFIX.length() - 1), false);
        etcdClient.ensureDir(NETWORK_PREFIX.substring(0, NETWORK_PREFIX.length() - 1), true);
        etcdClient.read(NETWORK_PREFIX.substring(0, NETWORK_PREFIX.length() - 1), true);
        etcdClient.ensureDir("/docker/network/v1.0/endpoint_count", true);
    }

    /** Writes a libnetwork object to the store and, over the daemon's etcd client, to the wire. */
    V2Store.Node storeWrite(V2Store store, String key, String value) throws V2Store.EtcdError {
        LibkvEtcdClient.Prior prior = etcdClient == null ? null : etcdClient.prior(key);
        V2Store.Node n;
        world.etcd().writeVia(etcdClient == null ? null : etcdClient.member());
        try {
            n = store.set(key, value, 0);
        } finally {
            world.etcd().writeVia(null);
        }
        if (etcdClient != null) {
            etcdClient.atomicPut(key, n, prior);
        }
        return n;
    }

    /** Removes a libnetwork object from the store, and says so on the wire. */
    void storeDelete(V2Store store, String key) throws V2Store.EtcdError {
        LibkvEtcdClient.Prior prior = etcdClient == null ? null : etcdClient.prior(key);
        world.etcd().writeVia(etcdClient == null ? null : etcdClient.member());
        try {
            store.delete(key, false);
        } finally {
            world.etcd().writeVia(null);
        }
        if (etcdClient != null) {
            etcdClient.atomicDelete(key, prior);
        }
    }

    private void registerInDiscovery() {
        V2Store store = reachableStore();
        if (store == null || config.clusterAdvertise() == null) {
            return;
        }
        try {
            String key = NODES_PREFIX + config.clusterAdvertise();
            LibkvEtcdClient.Prior prior = etcdClient == null ? null : etcdClient.prior(key);
            V2Store.Node n;
            world.etcd().writeVia(etcdClient == null ? null : etcdClient.member());
            try {
                n = store.set(key, config.clusterAdvertise(), DISCOVERY_TTL);
            } finally {
                world.etcd().writeVia(null);
            }
            if (etcdClient != null) {
                etcdClient.register(key, config.clusterAdvertise(), DISCOVERY_TTL, n, prior);
            }
        } catch (V2Store.EtcdError e) {
            // the node key is refreshed by reconcile() once the store answers
        }
    }

    /** The cluster store if this daemon has one and it answers from this host; else null. */
    public V2Store reachableStore() {
        if (config.clusterStore() == null) {
            return swarmNode != null && running ? world.swarm().state() : null;
        }
        String address = config.storeAddress();
        EtcdCluster etcd = world.etcd();
        if (!etcd.available()) {
            return null;
        }
        String hostPort = address.startsWith("127.0.0.1") ? address : address;
        boolean served = etcd.members().stream().filter(m -> m.running())
                .anyMatch(m -> m.host().equals(host.name()) ? m.listensOn(hostPort)
                        : m.listensOn(hostPort) && !hostPort.startsWith("127."));
        return served ? etcd.v2() : null;
    }

    /** The cluster store for a `scope` network, or the error the daemon answers when it has none that answers. */
    public V2Store requireStore(String scope) throws DockerError {
        if (config.clusterStore() == null && swarmNode != null) {
            return world.swarm().state();
        }
        if (config.clusterStore() == null) {
            throw new DockerError("error getting pools config from store: could not get pools config from store: "
                    + "datastore for scope \"" + scope + "\" is not initialized");
        }
        V2Store store = reachableStore();
        if (store == null) {
            throw new DockerError("error getting pools config from store: could not get pools config from store: "
                    + "client: etcd cluster is unavailable or misconfigured");
        }
        return store;
    }

    // ------------------------------------------------------------------ networks

    private boolean bridgeGatewayConfigured;

    /** Whether `network inspect` shows the network's gateway in its IPAM config. */
    public boolean showsConfiguredGateway(NetworkView n) {
        return !n.name().equals("bridge") || bridgeGatewayConfigured;
    }

    /** The network's record in the cluster state or store (created time, flags), or null for a local network. */
    public JsonNode storedNetwork(String id) {
        V2Store store = reachableStore();
        V2Store.Node n = store == null ? null : store.find(NETWORK_PREFIX + id);
        return n == null ? null : JsonText.parse(n.value());
    }

    /** When this host attached to swarm network `id`, or null while it has no local copy of it. */
    public Long attachedAt(String id) {
        return overlay.attachedAt(id);
    }

    public List<NetworkView> networks() {
        List<NetworkView> all = new ArrayList<>();
        Cidr bridge = host.root().link("docker0").map(Link::primaryAddress).orElse(null);
        Map<String, String> bridgeOptions = new TreeMap<>();
        bridgeOptions.put("com.docker.network.bridge.default_bridge", "true");
        bridgeOptions.put("com.docker.network.bridge.enable_icc", "true");
        bridgeOptions.put("com.docker.network.bridge.enable_ip_masquerade", String.valueOf(config.ipMasq()));
        bridgeOptions.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        bridgeOptions.put("com.docker.network.bridge.name", "docker0");
        bridgeOptions.put("com.docker.network.driver.mtu", String.valueOf(config.mtu()));
        all.add(new NetworkView(bridgeId, "bridge", "bridge", "local", bridge == null ? null : bridge.networkCidr(),
                bridge == null ? null : bridge.address(), "default", 0, bridgeOptions));
        all.add(new NetworkView(hostNetId, "host", "host", "local", null, null, "default", 0, Map.of()));
        all.add(new NetworkView(noneNetId, "none", "null", "local", null, null, "default", 0, Map.of()));
        host.root().link("docker_gwbridge").ifPresent(gw -> {
            Map<String, String> o = new TreeMap<>();
            o.put("com.docker.network.bridge.enable_icc", "false");
            o.put("com.docker.network.bridge.enable_ip_masquerade", "true");
            o.put("com.docker.network.bridge.name", "docker_gwbridge");
            all.add(new NetworkView(this.bridge.gatewayBridgeId(), "docker_gwbridge", "bridge", "local",
                    gw.primaryAddress().networkCidr(), gw.primaryAddress().address(), "default", 0, o));
        });
        all.addAll(globalNetworks());
        return all;
    }

    /** Global networks from the cluster store, when this daemon has one that answers. */
    public List<NetworkView> globalNetworks() {
        return globalNetworks(false);
    }

    /** `everySwarmNetwork`: also the swarm networks a worker has no container on yet (it may attach to them). */
    private List<NetworkView> globalNetworks(boolean everySwarmNetwork) {
        List<NetworkView> out = new ArrayList<>();
        V2Store store = reachableStore();
        if (store == null) {
            return out;
        }
        for (V2Store.Node n : store.leaves(NETWORK_PREFIX)) {
            JsonNode j = JsonText.parse(n.value());
            String id = j.path("id").asText();
            String type = j.path("networkType").asText();
            Cidr subnet = j.hasNonNull("pool") ? Cidr.parse(j.path("pool").asText()) : null;
            Integer gw = j.hasNonNull("gateway") ? Ipv4.parse(j.path("gateway").asText()) : null;
            int vni = 0;
            Map<String, String> options = new TreeMap<>();
            if (type.equals("overlay")) {
                Integer recorded = OverlayDriver.vniOf(store, id);
                if (recorded != null) {
                    vni = recorded;
                    options.put("com.docker.network.driver.overlay.vxlanid_list", String.valueOf(vni));
                }
            }
            String scope = j.path("scope").asText("global");
            // a worker knows a swarm network only while it has a task or container on it; ingress it always has
            if (scope.equals("swarm") && !everySwarmNetwork && !swarmManager() && !id.equals(world.swarm().ingressId())
                    && !overlay.sandboxes().containsKey(id)) {
                continue;
            }
            out.add(new NetworkView(id, j.path("name").asText(), type, scope, subnet, gw,
                    j.path("ipamType").asText("default"), vni, options, j.path("attachable").asBoolean(false)));
        }
        return out;
    }

    public NetworkView network(String nameOrId) {
        List<NetworkView> all = networks();
        for (NetworkView n : all) {
            if (n.name().equals(nameOrId) || n.id().equals(nameOrId)) {
                return n;
            }
        }
        for (NetworkView n : all) {
            if (nameOrId.length() >= 3 && n.id().startsWith(nameOrId)) {
                return n;
            }
        }
        if (swarmNode != null) {
            for (NetworkView n : globalNetworks(true)) {
                if (n.name().equals(nameOrId) || n.id().equals(nameOrId)) {
                    return n;
                }
            }
        }
        return null;
    }

    public NetworkView createNetwork(String name, String driver, String ipamDriver, String subnetText)
            throws DockerError {
        return createNetwork(name, driver, ipamDriver, subnetText, false);
    }

    /** `docker network create`; in swarm mode an overlay network is the cluster's, made by a manager. */
    public NetworkView createNetwork(String name, String driver, String ipamDriver, String subnetText, boolean attachable)
            throws DockerError {
        if (modern && driver.equals("overlay") && config.clusterStore() == null) {
            if (swarmNode != null && !swarmManager()) {
                throw new DockerError("Cannot create a multi-host network from a worker node. Please create the network from a manager node.");
            }
            requireManager();
            if (network(name) != null) {
                throw new DockerError("network with name " + name + " already exists");
            }
            return overlay.createSwarmNetwork(name, subnetText, attachable, false);
        }
        if (network(name) != null) {
            throw new DockerError("network with name " + name + " already exists");
        }
        NetworkDriver d = drivers.get(driver);
        if (d == null) {
            throw new DockerError("plugin not found");
        }
        return d.createNetwork(name, ipamDriver, subnetText);
    }

    /** A `--subnet` value as libnetwork takes it: a CIDR, its host bits cleared. */
    public static Cidr parseSubnet(String text) throws DockerError {
        if (!Cidr.isValid(text) || !text.contains("/")) {
            throw new DockerError("invalid subnet " + text + ": invalid CIDR address: " + text);
        }
        return Cidr.parse(text).networkCidr();
    }

    public void removeNetwork(String nameOrId) throws DockerError {
        NetworkView n = network(nameOrId);
        if (n == null) {
            throw new DockerError("network " + nameOrId + " not found");
        }
        if (!n.global()) {
            throw new DockerError(n.name() + " is a pre-defined network and cannot be removed");
        }
        V2Store store = requireStore("global");
        if (!store.leaves(ENDPOINT_PREFIX + n.id()).isEmpty()) {
            throw new DockerError("network " + n.name() + " has active endpoints");
        }
        try {
            storeDelete(store, NETWORK_PREFIX + n.id());
            NetworkDriver d = drivers.get(n.driver());
            if (d != null) {
                d.networkRemoved(store, n);
            }
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
    }

    // ------------------------------------------------------------------ swarm mode

    /** Sandboxes the daemon itself keeps on overlay networks: ingress_sbox, and one lb_ per network. */
    private final Map<String, ContainerRecord> serviceSandboxes = new LinkedHashMap<>();

    /** The containers and the daemon's own sandboxes that hold endpoints, as `network inspect` lists them. */
    public List<ContainerRecord> attachedRecords() {
        List<ContainerRecord> all = new ArrayList<>(containers.values());
        all.addAll(serviceSandboxes.values());
        return all;
    }

    static final String NOT_IN_SWARM = "This node is not part of a swarm";
    static final String ALREADY_IN_SWARM = "This node is already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.";
    static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.";
    static final String WORKER_NOT_MANAGER = "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager.";

    /** The error a cluster-state command gets on a node that is no manager. */
    public void requireManager() throws DockerError {
        if (swarmNode == null) {
            throw new DockerError(NOT_A_MANAGER);
        }
        if (!swarmManager()) {
            throw new DockerError(WORKER_NOT_MANAGER);
        }
    }

    /**
     * `docker swarm init`: a new cluster with this node as its only manager and Raft leader; the
     * ingress network (VNI 4096, 10.0.0.0/24) and this node's ingress sandbox on it.
     */
    public SwarmCluster swarmInit(String advertiseAddress) throws DockerError {
        if (!modern) {
            throw new DockerError("'docker swarm' of Docker " + VERSION + " is not simulated here; the swarm lab's hosts run docker.io "
                    + MODERN_VERSION);
        }
        if (swarmNode != null) {
            throw new DockerError(ALREADY_IN_SWARM);
        }
        String address = advertiseAddress == null ? host.underlayIp() : advertiseAddress.replaceFirst(":\\d+$", "");
        if (!Ipv4.isValid(address) || !host.root().isLocalAddress(Ipv4.parse(address))) {
            throw new DockerError("advertise address must be a non-zero IP address or network interface (with optional port number)");
        }
        SwarmCluster cluster = SwarmCluster.init(world, this, address);
        world.setSwarm(cluster);
        swarmNode = cluster.leader();
        SwarmNetworkDbGossip networkDb = new SwarmNetworkDbGossip(world);
        cluster.setGossip(networkDb);
        networkDb.start(swarmNode);
        NetworkView ingress = overlay.createSwarmNetwork("ingress", null, false, true);
        cluster.setIngressId(ingress.id());
        attachServiceSandbox("ingress-sbox", "ingress-endpoint", "ingress_sbox", ingress, true);
        return cluster;
    }

    /** `docker swarm join --token T ADDR`: this node becomes a worker (or a manager, by the token's kind). */
    public SwarmCluster.Node swarmJoin(String token, String managerAddress) throws DockerError {
        if (!modern) {
            throw new DockerError("'docker swarm' of Docker " + VERSION + " is not simulated here; the swarm lab's hosts run docker.io "
                    + MODERN_VERSION);
        }
        if (swarmNode != null) {
            throw new DockerError(ALREADY_IN_SWARM);
        }
        SwarmCluster cluster = world.swarm();
        String wanted = managerAddress.contains(":") ? managerAddress : managerAddress + ":" + SwarmCluster.MANAGER_PORT;
        SimHost manager = cluster == null ? null : world.hostWithUnderlayIp(wanted.substring(0, wanted.indexOf(':')));
        if (cluster == null || !cluster.managerAddress().equals(wanted) || manager == null
                || manager.docker() != cluster.leader().engine() || !manager.docker().running()) {
            throw new DockerError("Timeout was reached before node joined. The attempt to join the swarm will continue in the "
                    + "background. Use the \"docker info\" command to see the current swarm status of your node.");
        }
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("SWMTKN-1-([0-9a-z]{50})-[0-9a-z]{25}").matcher(token);
        String clusterDigest = cluster.token(SwarmCluster.Role.WORKER).substring(9, 59);
        if (parts.matches() && !parts.group(1).equals(clusterDigest)) {
            // the joining node checks the manager's CA against the digest its token carries, before anything else
            throw new DockerError("remote CA does not match fingerprint. Expected: "
                    + String.format("%64s", new java.math.BigInteger(parts.group(1), 36).toString(16)).replace(' ', '0'));
        }
        if (!token.startsWith("SWMTKN-1-") || !(token.equals(cluster.token(SwarmCluster.Role.WORKER))
                || token.equals(cluster.token(SwarmCluster.Role.MANAGER)))) {
            throw new DockerError("rpc error: code = InvalidArgument desc = A valid join token is necessary to join this cluster");
        }
        swarmNode = cluster.join(this, token, host.underlayIp());
        SwarmRaftTls.join(world, host, cluster.leader());
        return swarmNode;
    }

    /**
     * `docker swarm leave`: containers leave the attachable networks (the daemon disconnects them
     * and forgets the networks) and the node stops heartbeating; the managers keep its entry.
     */
    public void swarmLeave(boolean force) throws DockerError {
        if (swarmNode == null) {
            throw new DockerError(NOT_IN_SWARM);
        }
        if (swarmManager() && !force) {
            throw new DockerError("You are attempting to leave the swarm on a node that is participating as a manager. "
                    + "Removing the last manager erases all current state of the swarm. Use `--force` to ignore this message.");
        }
        for (ContainerRecord c : attachedRecords()) {
            for (ContainerRecord.Endpoint ep : List.copyOf(c.endpoints.values())) {
                NetworkView net = network(ep.networkName());
                if (net != null && net.swarm()) {
                    overlay.leave(ep, net);
                    overlay.removeEndpointDevice(c, ep);
                    c.endpoints.remove(ep.networkName());
                }
            }
        }
        for (ContainerRecord s : serviceSandboxes.values()) {
            host.removeNamespace(s.sandboxId);
        }
        serviceSandboxes.clear();
        overlay.removeAllSandboxes();
        SwarmCluster cluster = world.swarm();
        cluster.leave(swarmNode);
        swarmNode = null;
        dispatcherSession = null;
        if (lostEveryManager(cluster)) {
            world.setSwarm(null);
        }
    }

    /** Whether the cluster has lost its last manager, and with it its state. */
    private static boolean lostEveryManager(SwarmCluster cluster) {
        return cluster.nodes().stream().noneMatch(n -> n.member() && n.role() == SwarmCluster.Role.MANAGER);
    }

    /**
     * A sandbox of the daemon's own on a swarm network (ingress_sbox, lb_<id>): a namespace whose
     * eth0 takes an address of the network like a container's, shown by `network inspect` as `key`
     * with the endpoint name `endpointName`.
     */
    private void attachServiceSandbox(String key, String endpointName, String nsName, NetworkView net, boolean gateway)
            throws DockerError {
        ContainerRecord r = new ContainerRecord(key, endpointName, "", List.of(), world.clock().now(), List.of(net.name()));
        NetNs ns = new NetNs(nsName, NetNs.Kind.CONTAINER, host.name());
        ns.setUp(ns.loopback(), true);
        try {
            host.addNamespace(ns);
            r.sandboxId = nsName;
            overlay.join(r, ns, net, gateway);
        } catch (KernelException e) {
            host.removeNamespace(nsName);
            throw new DockerError(e.getMessage());
        }
        r.state = "running";
        serviceSandboxes.put(key, r);
    }

    /** The load-balancer endpoint a swarm node keeps on each overlay network it has containers on. */
    void ensureLoadBalancer(NetworkView net) throws DockerError {
        String key = "lb-" + net.name();
        if (swarmNode != null && net.swarm() && !serviceSandboxes.containsKey(key)) {
            attachServiceSandbox(key, net.name() + "-endpoint", "lb_" + net.id().substring(0, 9), net, false);
        }
    }

    /** When the last local container leaves a swarm network, its load balancer goes with it. */
    void dropUnusedLoadBalancers() {
        for (String key : List.copyOf(serviceSandboxes.keySet())) {
            if (!key.startsWith("lb-")) {
                continue;
            }
            ContainerRecord lb = serviceSandboxes.get(key);
            String netName = lb.networks.get(0);
            boolean used = containers.values().stream().anyMatch(c -> c.running() && c.endpoints.containsKey(netName));
            if (!used) {
                for (ContainerRecord.Endpoint ep : lb.endpoints.values()) {
                    NetworkView net = network(ep.networkName());
                    if (net != null) {
                        overlay.leave(ep, net);
                    }
                }
                host.removeNamespace(lb.sandboxId);
                serviceSandboxes.remove(key);
            }
        }
    }

    // ------------------------------------------------------------------ images

    public boolean hasImage(String image) {
        return images.contains(normalizeImage(image));
    }

    /** Pulls an image the first time it is used, printing what `docker run` prints while pulling. */
    public void ensureImage(String image, java.util.function.Consumer<String> err) {
        String ref = normalizeImage(image);
        if (images.contains(ref)) {
            return;
        }
        StringBuilder progress = new StringBuilder();
        String repo = ref.substring(0, ref.lastIndexOf(':'));
        String tag = ref.substring(ref.lastIndexOf(':') + 1);
        progress.append("Unable to find image '").append(ref).append("' locally\n");
        progress.append(tag).append(": Pulling from ").append(repo.contains("/") ? repo : "library/" + repo).append('\n');
        int layers = repo.contains("calico") ? 4 : 1;
        for (int i = 0; i < layers; i++) {
            progress.append(world.random().hex("image-layer:" + ref, 6)).append(": Pull complete\n");
        }
        progress.append("Digest: sha256:").append(world.random().hex("image-digest:" + ref, 32)).append('\n');
        progress.append("Status: Downloaded newer image for ").append(ref).append('\n');
        err.accept(progress.toString());
        images.add(ref);
        world.clock().advance(3 * VirtualClock.SECONDS);
    }

    public static String normalizeImage(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        return last.contains(":") ? image : image + ":latest";
    }

    public static Userland userlandOf(String image) {
        String i = image.toLowerCase();
        if (i.startsWith("centos") || i.startsWith("fedora") || i.startsWith("ubuntu")) {
            return Userland.CENTOS;
        }
        return Userland.BUSYBOX;
    }

    // ------------------------------------------------------------------ containers

    public List<ContainerRecord> containers() {
        return List.copyOf(containers.values());
    }

    public ContainerRecord container(String nameOrId) {
        ContainerRecord c = containers.get(nameOrId);
        if (c != null) {
            return c;
        }
        for (ContainerRecord r : containers.values()) {
            if (r.id.startsWith(nameOrId) && nameOrId.length() >= 3) {
                return r;
            }
        }
        return null;
    }

    public ContainerRecord create(String name, String image, List<String> command, String network) throws DockerError {
        if (name != null && containers.containsKey(name)) {
            ContainerRecord other = containers.get(name);
            throw new DockerError("Conflict. The name \"/" + name + "\" is already in use by container " + other.id
                    + ". You have to remove (or rename) that container to be able to reuse that name.");
        }
        NetworkView net = network(network == null ? "bridge" : network);
        if (net == null) {
            throw new DockerError("network " + network + " not found");
        }
        String id = world.random().hex("docker-container-id:" + host.name(), 32);
        String finalName = name != null ? name : generatedName();
        ContainerRecord c = new ContainerRecord(id, finalName, image, command, world.clock().now(),
                List.of(net.name()));
        containers.put(finalName, c);
        return c;
    }

    private String generatedName() {
        String[] left = {"admiring", "boring", "clever", "elated", "focused", "happy", "jolly", "nostalgic", "stoic", "zen"};
        String[] right = {"babbage", "curie", "einstein", "hopper", "kare", "lovelace", "mccarthy", "noether", "turing", "wozniak"};
        String n;
        do {
            n = left[world.random().nextInt("docker-name:" + host.name(), left.length)] + "_"
                    + right[world.random().nextInt("docker-name:" + host.name(), right.length)];
        } while (containers.containsKey(n));
        return n;
    }

    /** Starts a created or stopped container: namespace, endpoints on its network, routes. */
    public void start(ContainerRecord c) throws DockerError {
        if (c.running()) {
            return;
        }
        NetworkView net = network(c.networks.get(0));
        if (net == null) {
            throw new DockerError("network " + c.networks.get(0) + " not found");
        }
        NetworkDriver driver = drivers.get(net.driver());
        // the container exists by now: a swarm network refuses it only when it starts, leaving it created
        if (net.swarm() && !net.attachable() && !net.name().equals("ingress")) {
            throw new DockerError("Could not attach to network " + net.name() + ": rpc error: code = PermissionDenied desc = "
                    + "network " + net.name() + " not manually attachable.");
        }
        if (net.global() && driver != null) {
            driver.checkJoin(c, net);
        }
        if (net.driver().equals("host")) {
            c.state = "running";
            c.exitCode = 0;
            c.startedAt = world.clock().now();
            c.pid = host.nextPid();
            return;
        }
        String sandboxId = world.random().hex("docker-sandbox:" + host.name(), 6);
        NetNs ns = new NetNs(sandboxId, NetNs.Kind.CONTAINER, host.name());
        // libnetwork makes the directory of its namespace files with the first one; it stays afterwards
        host.fs().mkdirs("/var/run/docker/netns");
        host.fs().mkdirs("/run/docker/netns");
        ns.setContainerName(c.name);
        ns.setUp(ns.loopback(), true);
        try {
            ns.setNameserver(host.root().nameserver());
            host.addNamespace(ns);
            c.sandboxId = sandboxId;
            if (driver != null) {
                driver.join(c, ns, net);
                if (net.swarm()) {
                    ensureLoadBalancer(net);
                }
            } else if (!net.driver().equals("null")) {
                throw new DockerError("plugin not found");
            }
        } catch (KernelException e) {
            host.removeNamespace(sandboxId);
            c.sandboxId = null;
            throw new DockerError(e.getMessage());
        } catch (DockerError e) {
            host.removeNamespace(sandboxId);
            c.sandboxId = null;
            throw e;
        }
        if (gossip != null && net.global()) {
            // the runtime starts the container's process after its endpoint joined the overlay; meanwhile
            // Serf gossips the endpoint's join, which the other daemons program before `docker run` returns
            world.clock().advance(CONTAINER_START_AFTER_JOIN);
        }
        c.state = "running";
        c.exitCode = 0;
        c.startedAt = world.clock().now();
        c.pid = host.nextPid();
    }

    /** The address other daemons reach this one at: the IP part of --cluster-advertise. */
    public String advertiseIp() {
        String adv = config.clusterAdvertise();
        if (adv == null) {
            return host.underlayIp();
        }
        String ip = adv.contains(":") ? adv.substring(0, adv.indexOf(':')) : adv;
        if (!org.overlaylab.model.net.Ipv4.isValid(ip)) {
            return host.root().link(ip).map(l -> Ipv4.format(l.primaryAddress().address())).orElse(host.underlayIp());
        }
        return ip;
    }

    /** Stops a running container the way `docker stop` does: SIGTERM, 10 s grace, SIGKILL. */
    public void stopContainer(ContainerRecord c, boolean graceful) {
        if (!c.running()) {
            return;
        }
        if (graceful) {
            world.clock().advance(10 * VirtualClock.SECONDS);
        }
        detachAll(c);
        c.state = "exited";
        c.exitCode = 137;
        c.finishedAt = world.clock().now();
    }

    private void detachAll(ContainerRecord c) {
        for (ContainerRecord.Endpoint ep : c.endpoints.values()) {
            NetworkView net = network(ep.networkName());
            NetworkDriver driver = net == null ? null : drivers.get(net.driver());
            // the bridge driver keeps nothing outside the namespaces that go with the container
            if (driver != null && driver != bridge) {
                driver.leave(ep, net);
            }
        }
        c.endpoints.clear();
        if (c.sandboxId != null) {
            host.removeNamespace(c.sandboxId);
            c.sandboxId = null;
        }
    }

    public void remove(ContainerRecord c) {
        containers.remove(c.name);
    }

    public NetNs namespaceOf(ContainerRecord c) {
        return c.sandboxId == null ? null : host.namespace(c.sandboxId);
    }

    // ------------------------------------------------------------------ reconciliation

    /**
     * Keeps the daemon's view in line with the store: refreshes its discovery key, removes sandboxes
     * no local container uses and, in swarm mode, programs each sandbox's remote endpoints (with a
     * cluster store they come from Serf's events instead, see OverlayDriver).
     */
    public boolean reconcile() {
        if (!running) {
            return false;
        }
        boolean changed = false;
        V2Store store = reachableStore();
        if (store != null && config.clusterAdvertise() != null) {
            String key = NODES_PREFIX + config.clusterAdvertise();
            if (store.find(key) == null) {
                registerInDiscovery();
                changed = true;
            } else {
                store.refresh(key, DISCOVERY_TTL);
            }
        }
        int sandboxesBefore = serviceSandboxes.size();
        dropUnusedLoadBalancers();
        changed |= sandboxesBefore != serviceSandboxes.size();
        changed |= overlay.reconcile(store);
        if (store != null) {
            changed |= publishNames(store);
        }
        return changed;
    }

    /**
     * Docker's embedded DNS server (127.0.0.11) answers the names of the containers on a
     * user-defined network, wherever they run; each local container gets the names of every
     * endpoint of its overlay networks as its own name table.
     */
    private boolean publishNames(V2Store store) {
        boolean changed = false;
        for (ContainerRecord c : containers.values()) {
            NetNs ns = c.running() ? namespaceOf(c) : null;
            if (ns == null) {
                continue;
            }
            Map<String, Integer> names = new TreeMap<>();
            for (ContainerRecord.Endpoint ep : c.endpoints.values()) {
                if (!overlay.sandboxes().containsKey(ep.networkId())) {
                    continue;
                }
                for (V2Store.Node n : store.leaves(ENDPOINT_PREFIX + ep.networkId())) {
                    JsonNode j = JsonText.parse(n.value());
                    if (j.path("service").asBoolean(false)) {
                        continue;
                    }
                    names.put(j.path("name").asText(), Cidr.parse(j.path("ep_iface").path("addr").asText()).address());
                }
            }
            if (!names.equals(ns.hostsFile())) {
                ns.hostsFile().clear();
                ns.hostsFile().putAll(names);
                changed = true;
            }
        }
        return changed;
    }

    public long startedAt() {
        return startedAt;
    }
}
