/*
 * One host's Docker daemon (1.12, as on the tutorial's Ubuntu 16.04 VMs): its flags, the default
 * bridge docker0, containers with their namespaces and veth pairs, and, with a cluster store,
 * global networks kept in etcd. Overlay networks follow libnetwork: a namespace 1-<id> with br0 and
 * vxlan0 per host, VNIs from 256, subnets from 10.0.0.0/24, docker_gwbridge for the way out, and
 * neighbour and FDB entries programmed for every remote endpoint the store lists.
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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.simulator.calico.CalicoNode;
import org.overlaylab.simulator.etcd.EtcdCluster;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Devices;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.shell.Invocation.Userland;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class DockerEngine {
    public static final String VERSION = "1.12.6";
    static final String NETWORK_PREFIX = "/docker/network/v1.0/network/";
    static final String OVERLAY_PREFIX = "/docker/network/v1.0/overlay/network/";
    static final String ENDPOINT_PREFIX = "/docker/network/v1.0/endpoint/";
    static final String ENDPOINT_COUNT_PREFIX = "/docker/network/v1.0/endpoint_count/";
    static final String VXLAN_IDM = "/docker/network/v1.0/idm/vxlan-id";
    static final String NODES_PREFIX = "/docker/nodes/";
    static final int FIRST_VNI = 256;
    static final long DISCOVERY_TTL = 60;

    /** How the running daemon was started: by the init system, or by hand in a terminal. */
    public enum Origin { SERVICE, MANUAL }

    /** A Docker network as the client shows it, local or from the cluster store. */
    public record NetworkView(String id, String name, String driver, String scope, Cidr subnet, Integer gateway,
                              String ipamDriver, int vni, Map<String, String> options) {
        public boolean global() {
            return "global".equals(scope);
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
    /** Overlay network id -> this host's sandbox namespace for it. */
    private final Map<String, NetNs> sandboxes = new LinkedHashMap<>();
    private String gwbridgeId;

    public DockerEngine(SimWorld world, SimHost host) {
        this.world = world;
        this.host = host;
    }

    public boolean running() {
        return running;
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
                    br = new Bridge("docker0", dockerBridgeMac("docker0"));
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
            registerInDiscovery();
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
        for (String nid : new ArrayList<>(sandboxes.keySet())) {
            removeSandbox(nid);
        }
        running = false;
        origin = null;
    }

    private void registerInDiscovery() {
        V2Store store = reachableStore();
        if (store == null || config.clusterAdvertise() == null) {
            return;
        }
        try {
            store.set(NODES_PREFIX + config.clusterAdvertise(), config.clusterAdvertise(), DISCOVERY_TTL);
        } catch (V2Store.EtcdError e) {
            // the node key is refreshed by reconcile() once the store answers
        }
    }

    /** The cluster store if this daemon has one and it answers from this host; else null. */
    V2Store reachableStore() {
        if (config.clusterStore() == null) {
            return null;
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

    private V2Store requireStore(String scope) throws DockerError {
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
            all.add(new NetworkView(gwbridgeId, "docker_gwbridge", "bridge", "local",
                    gw.primaryAddress().networkCidr(), gw.primaryAddress().address(), "default", 0, o));
        });
        all.addAll(globalNetworks());
        return all;
    }

    /** Global networks from the cluster store, when this daemon has one that answers. */
    public List<NetworkView> globalNetworks() {
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
                V2Store.Node ov = store.find(OVERLAY_PREFIX + id);
                if (ov != null) {
                    vni = JsonText.parse(ov.value()).path("subnets").path(0).path("Vni").asInt();
                    options.put("com.docker.network.driver.overlay.vxlanid_list", String.valueOf(vni));
                }
            }
            out.add(new NetworkView(id, j.path("name").asText(), type, "global", subnet, gw,
                    j.path("ipamType").asText("default"), vni, options));
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
        return null;
    }

    public NetworkView createNetwork(String name, String driver, String ipamDriver, String subnetText)
            throws DockerError {
        if (network(name) != null) {
            throw new DockerError("network with name " + name + " already exists");
        }
        switch (driver) {
            case "overlay" -> {
                return createOverlay(name, subnetText);
            }
            case "calico" -> {
                return createCalicoNetwork(name, ipamDriver, subnetText);
            }
            case "bridge" -> throw new DockerError("this simulator creates user-defined bridge networks only through the"
                    + " default bridge; use the default network or an overlay");
            default -> throw new DockerError("plugin not found");
        }
    }

    private NetworkView createOverlay(String name, String subnetText) throws DockerError {
        V2Store store = requireStore("global");
        List<NetworkView> existing = globalNetworks();
        Cidr subnet;
        if (subnetText != null) {
            subnet = parseSubnet(subnetText);
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
        String id = world.random().hex("docker-net-id:" + host.name(), 32);
        int vni = allocateVni(store);
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
            net.put("scope", "global");
            net.put("pool", subnet.toString());
            net.put("gateway", Ipv4.format(gateway));
            store.set(NETWORK_PREFIX + id, JsonText.compact(net), 0);
            ObjectNode ov = JsonText.object();
            ov.put("mtu", 0);
            ov.put("secure", false);
            ArrayNode subnets = ov.putArray("subnets");
            ObjectNode s = subnets.addObject();
            s.put("SubnetIP", subnet.toString());
            s.put("GwIP", Ipv4.format(gateway) + "/" + subnet.prefixLength());
            s.put("Vni", vni);
            store.set(OVERLAY_PREFIX + id, JsonText.compact(ov), 0);
            ObjectNode count = JsonText.object();
            count.put("Count", 0);
            count.put("ID", id);
            store.set(ENDPOINT_COUNT_PREFIX + id, JsonText.compact(count), 0);
            recordGlobalPool(store, subnet);
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        return network(id);
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
        store.set(configKey, JsonText.compact(config), 0);
        ObjectNode data = JsonText.object();
        data.put("id", "GlobalDefault/" + subnet);
        byte[] bitmap = new byte[(int) Math.min(subnet.size() / 8, 32)];
        bitmap[0] = (byte) 0xc0;
        data.put("sequence", java.util.Base64.getEncoder().encodeToString(bitmap));
        store.set("/docker/network/v1.0/ipam/default/data/GlobalDefault/" + subnet.networkText() + "/"
                + subnet.prefixLength(), JsonText.compact(data), 0);
    }

    private int allocateVni(V2Store store) throws DockerError {
        Set<Integer> used = new HashSet<>();
        V2Store.Node idm = store.find(VXLAN_IDM);
        if (idm != null) {
            JsonText.parse(idm.value()).path("allocated").forEach(v -> used.add(v.asInt()));
        }
        int vni = FIRST_VNI;
        while (used.contains(vni)) {
            vni++;
        }
        used.add(vni);
        ObjectNode j = JsonText.object();
        j.put("start", FIRST_VNI);
        j.put("end", 16777215);
        ArrayNode a = j.putArray("allocated");
        used.stream().sorted().forEach(a::add);
        try {
            store.set(VXLAN_IDM, JsonText.compact(j), 0);
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
            store.set(VXLAN_IDM, JsonText.compact(j), 0);
        } catch (V2Store.EtcdError e) {
            // the identifier stays reserved, as when libnetwork fails to release it
        }
    }

    private NetworkView createCalicoNetwork(String name, String ipamDriver, String subnetText) throws DockerError {
        CalicoNode calico = host.calico();
        if (calico == null || !calico.running()) {
            throw new DockerError("plugin not found");
        }
        V2Store store = requireStore("global");
        Cidr subnet = subnetText == null ? null : parseSubnet(subnetText);
        if ("calico-ipam".equals(ipamDriver) || ipamDriver == null) {
            String problem = calico.checkPoolForNetwork(subnet);
            if (problem != null) {
                throw new DockerError(problem);
            }
        }
        String id = world.random().hex("docker-net-id:" + host.name(), 32);
        try {
            ObjectNode net = JsonText.object();
            net.put("addrSpace", "CalicoGlobalAddressSpace");
            net.put("enableIPv6", false);
            net.put("id", id);
            net.put("ipamType", ipamDriver == null ? "default" : ipamDriver);
            net.put("name", name);
            net.put("networkType", "calico");
            net.put("persist", true);
            net.put("scope", "global");
            if (subnet != null) {
                net.put("pool", subnet.toString());
            }
            store.set(NETWORK_PREFIX + id, JsonText.compact(net), 0);
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        calico.networkCreated(id, name);
        return network(id);
    }

    private static Cidr parseSubnet(String text) throws DockerError {
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
            store.delete(NETWORK_PREFIX + n.id(), false);
            if (store.find(OVERLAY_PREFIX + n.id()) != null) {
                store.delete(OVERLAY_PREFIX + n.id(), false);
            }
            if (store.find(ENDPOINT_COUNT_PREFIX + n.id()) != null) {
                store.delete(ENDPOINT_COUNT_PREFIX + n.id(), false);
            }
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        if (n.vni() > 0) {
            releaseVni(store, n.vni());
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
        if (net.global() && net.driver().equals("overlay")) {
            V2Store store = requireStore("global");
            for (V2Store.Node ep : store.leaves(ENDPOINT_PREFIX + net.id())) {
                if (JsonText.parse(ep.value()).path("name").asText().equals(c.name)) {
                    throw new DockerError("service endpoint with name " + c.name + " already exists.");
                }
            }
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
            switch (net.driver()) {
                case "bridge" -> attachBridge(c, ns, net);
                case "overlay" -> attachOverlay(c, ns, net);
                case "calico" -> attachCalico(c, ns, net);
                case "host", "null" -> { }
                default -> throw new DockerError("plugin not found");
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
        c.state = "running";
        c.exitCode = 0;
        c.startedAt = world.clock().now();
        c.pid = host.nextPid();
    }

    private void attachBridge(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        NetNs root = host.root();
        Bridge docker0 = (Bridge) root.link("docker0").orElseThrow(() -> new DockerError("no docker0 bridge"));
        Cidr pool = config.fixedCidr() != null ? config.fixedCidr() : net.subnet();
        int ip = allocateLocal(net, pool);
        Cidr addr = new Cidr(ip, net.subnet().prefixLength());
        String vethName = "veth" + world.random().hex("docker-veth:" + host.name(), 4).substring(0, 7);
        Veth[] pair = Devices.vethPair(root, vethName, Mac.random(world.random().stream("mac:veth:" + host.name())),
                ns, "eth0", Mac.docker(ip));
        pair[1].setMtu(config.mtu());
        pair[0].setMtu(config.mtu());
        pair[0].setTxQueueLen(0);
        pair[1].setTxQueueLen(0);
        root.setMaster(pair[0], docker0);
        root.setUp(pair[0], true);
        Devices.addressWithBroadcastUp(ns, pair[1], addr);
        ns.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), net.gateway(), pair[1], null, null, null, "unicast", 0,
                false), false);
        String eid = world.random().hex("docker-endpoint:" + host.name(), 32);
        c.endpoints.put(net.name(), new ContainerRecord.Endpoint(net.name(), net.id(), eid, "eth0", addr,
                Mac.docker(ip), net.gateway(), vethName));
    }

    private int allocateLocal(NetworkView net, Cidr pool) throws DockerError {
        Set<Integer> used = new HashSet<>();
        if (net.gateway() != null) {
            used.add(net.gateway());
        }
        for (ContainerRecord other : containers.values()) {
            ContainerRecord.Endpoint e = other.endpoints.get(net.name());
            if (e != null) {
                used.add(e.address().address());
            }
        }
        for (int i = 1; i < pool.size() - 1; i++) {
            int candidate = pool.network() + i;
            if (!net.subnet().contains(candidate) || candidate == net.subnet().network()) {
                continue;
            }
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new DockerError("no available IPv4 addresses on this network's address pools: " + net.name());
    }

    private void attachOverlay(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        V2Store store = requireStore("global");
        NetNs sandbox = ensureSandbox(net);
        Bridge br0 = (Bridge) sandbox.link("br0").orElseThrow();
        Set<Integer> used = new HashSet<>();
        used.add(net.gateway());
        for (V2Store.Node ep : store.leaves(ENDPOINT_PREFIX + net.id())) {
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
        Bridge gw = ensureGwBridge();
        NetworkView gwNet = network("docker_gwbridge");
        int gip = allocateLocal(gwNet, gwNet.subnet());
        Cidr gaddr = new Cidr(gip, gwNet.subnet().prefixLength());
        String gwVeth = "veth" + world.random().hex("docker-veth:" + host.name(), 4).substring(0, 7);
        Veth[] gpair = Devices.vethPair(host.root(), gwVeth, Mac.random(world.random().stream("mac:veth:" + host.name())),
                ns, "eth1", Mac.docker(gip));
        gpair[0].setTxQueueLen(0);
        gpair[1].setTxQueueLen(0);
        host.root().setMaster(gpair[0], gw);
        host.root().setUp(gpair[0], true);
        Devices.addressWithBroadcastUp(ns, gpair[1], gaddr);
        ns.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), gwNet.gateway(), gpair[1], null, null, null, "unicast", 0,
                false), false);
        c.endpoints.put("docker_gwbridge", new ContainerRecord.Endpoint("docker_gwbridge", gwNet.id(),
                world.random().hex("docker-endpoint:" + host.name(), 32), "eth1", gaddr, Mac.docker(gip),
                gwNet.gateway(), gwVeth));
        writeEndpoint(store, net, c, eid, addr, Mac.docker(ip));
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
        ep.put("locator", advertiseIp());
        ep.put("name", c.name);
        ep.put("sandbox", world.random().hex("docker-sandbox-key:" + host.name(), 32));
        try {
            store.set(ENDPOINT_PREFIX + net.id() + "/" + eid, JsonText.compact(ep), 0);
            updateEndpointCount(store, net.id(), +1);
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
    }

    private void updateEndpointCount(V2Store store, String nid, int delta) throws V2Store.EtcdError {
        V2Store.Node n = store.find(ENDPOINT_COUNT_PREFIX + nid);
        int count = n == null ? 0 : JsonText.parse(n.value()).path("Count").asInt();
        ObjectNode j = JsonText.object();
        j.put("Count", Math.max(0, count + delta));
        j.put("ID", nid);
        store.set(ENDPOINT_COUNT_PREFIX + nid, JsonText.compact(j), 0);
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
        return sb;
    }

    /** libnetwork gives the bridges it creates a random MAC in Docker's 02:42 range. */
    private String dockerBridgeMac(String bridge) {
        return Mac.randomWithPrefix("02:42", world.random().stream("mac:" + bridge + ":" + host.name()));
    }

    private void removeSandbox(String nid) {
        NetNs sb = sandboxes.remove(nid);
        if (sb != null) {
            host.removeNamespace(sb.name());
        }
    }

    public Map<String, NetNs> sandboxes() {
        return sandboxes;
    }

    private Bridge ensureGwBridge() throws KernelException {
        NetNs root = host.root();
        Optional<Link> existing = root.link("docker_gwbridge");
        if (existing.isPresent()) {
            return (Bridge) existing.get();
        }
        Cidr subnet = null;
        for (int second = 17; second <= 31 && subnet == null; second++) {
            Cidr candidate = Cidr.parse("172." + second + ".0.0/16");
            boolean clash = root.links().stream().flatMap(l -> l.addresses().stream())
                    .anyMatch(a -> a.cidr().overlaps(candidate));
            if (!clash) {
                subnet = candidate;
            }
        }
        if (subnet == null) {
            subnet = Cidr.parse("192.168.16.0/20");
        }
        Bridge gw = new Bridge("docker_gwbridge", dockerBridgeMac("docker_gwbridge"));
        gw.setTxQueueLen(0); // libnetwork makes its bridges over netlink with txqlen 0; ip and brctl get 1000
        gw.setMac(gw.mac());
        root.attach(gw);
        Cidr addr = new Cidr(subnet.network() + 1, subnet.prefixLength());
        root.addAddress(gw, addr, addr.broadcast());
        root.setUp(gw, true);
        root.addMasquerade(new NetNs.Masquerade(subnet, null, "docker_gwbridge"));
        gwbridgeId = world.random().hex("docker-net-id:" + host.name(), 32);
        return gw;
    }

    private void attachCalico(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        CalicoNode calico = host.calico();
        if (calico == null || !calico.running()) {
            throw new DockerError("plugin not found");
        }
        String eid = world.random().hex("docker-endpoint:" + host.name(), 32);
        ContainerRecord.Endpoint ep = calico.createWorkload(c.name, eid, net.id(), net.name(), ns);
        c.endpoints.put(net.name(), ep);
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
        V2Store store = reachableStore();
        for (ContainerRecord.Endpoint ep : c.endpoints.values()) {
            NetworkView net = network(ep.networkName());
            if (net != null && net.driver().equals("overlay") && store != null) {
                try {
                    store.delete(ENDPOINT_PREFIX + net.id() + "/" + ep.endpointId(), false);
                    updateEndpointCount(store, net.id(), -1);
                } catch (V2Store.EtcdError e) {
                    // the endpoint key was already gone
                }
            }
            if (net != null && net.driver().equals("calico") && host.calico() != null) {
                host.calico().removeWorkload(ep);
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
     * Keeps the daemon's view in line with the store: refreshes its discovery key, programs a
     * neighbour and an FDB entry in each overlay sandbox for every remote endpoint, removes entries
     * of endpoints that left, and removes sandboxes no local container uses.
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
        for (String nid : new ArrayList<>(sandboxes.keySet())) {
            boolean inUse = containers.values().stream().anyMatch(c -> c.running()
                    && c.endpoints.values().stream().anyMatch(e -> e.networkId().equals(nid)));
            if (!inUse) {
                removeSandbox(nid);
                changed = true;
                continue;
            }
            if (store == null) {
                continue;
            }
            changed |= programPeers(store, nid, sandboxes.get(nid));
        }
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
                if (!sandboxes.containsKey(ep.networkId())) {
                    continue;
                }
                for (V2Store.Node n : store.leaves(ENDPOINT_PREFIX + ep.networkId())) {
                    JsonNode j = JsonText.parse(n.value());
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

    private boolean programPeers(V2Store store, String nid, NetNs sandbox) {
        Vxlan vx = (Vxlan) sandbox.link("vxlan0").orElse(null);
        if (vx == null) {
            return false;
        }
        boolean changed = false;
        String self = advertiseIp();
        Map<Integer, String> wantNeigh = new LinkedHashMap<>();
        Map<String, Integer> wantFdb = new LinkedHashMap<>();
        for (V2Store.Node n : store.leaves(ENDPOINT_PREFIX + nid)) {
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

    public long startedAt() {
        return startedAt;
    }
}
