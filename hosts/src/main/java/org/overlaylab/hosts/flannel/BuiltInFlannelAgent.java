/*
 * What flanneld (vxlan or host-gw backend) does on one host, done for real: read the network config
 * from etcd (v3 through jetcd, or the v2 key the tutorial's `etcdctl set` wrote, in which case leases
 * go to v2 as flannel 0.6 wrote them), lease a free subnet with a TTL under
 * <prefix>/subnets/<net>-<len> with the host's PublicIP (and VtepMAC for vxlan), write subnet.env,
 * and follow the other hosts' leases through an etcd watch. vxlan creates flannel.<VNI> (UDP port
 * from the config, nolearning, MTU 1450; the subnet's .0 with the network's prefix as flannel 0.6
 * did, or as a /32 as 0.10 does) and programs a neighbour entry, an FDB entry and a route per host;
 * host-gw, and 0.10's vxlan DirectRouting for a host reached without a gateway, add only a route to
 * the host's subnet via its underlay address.
 */
package org.overlaylab.hosts.flannel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.core.RealLab;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.tools.FlannelLeases;
import org.overlaylab.packets.encap.Encapsulations;

public final class BuiltInFlannelAgent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CMD = Duration.ofSeconds(10);
    private static final long LEASE_TTL_SECONDS = FlannelLeases.LEASE_TTL_SECONDS;
    /** flannel.<VNI>'s MTU: the underlay's 1500 less VXLAN's 50 bytes. */
    private static final int VXLAN_MTU = 1450;

    /** flanneld's command-line options that matter here. */
    public record Settings(String publicIp, String device, String etcdHost, int etcdPort, String prefix, String subnetFile,
                           String version) {
        /** `version`: the flanneld release the lab downloaded ("0.10.0" or the tutorial's "0.6.2"). */
        static Settings parse(List<String> args, RealHost h, String version) {
            String iface = null;
            String endpoints = "http://127.0.0.1:2379";
            String prefix = FlannelLeases.PREFIX;
            String subnetFile = FlannelLeases.SUBNET_ENV;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i).replaceFirst("^--", "-");
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.size() ? args.get(i + 1) : "";
                String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                switch (key) {
                    case "-iface" -> iface = value;
                    case "-etcd-endpoints" -> endpoints = value.split(",")[0];
                    case "-etcd-prefix" -> prefix = value;
                    case "-subnet-file" -> subnetFile = value;
                    default -> {
                        continue;
                    }
                }
                if (!a.contains("=")) {
                    i++;
                }
            }
            String ip = h.underlayIp();
            String dev = h.spec().underlayInterface();
            if (iface != null && Ipv4.isValid(iface)) {
                ip = iface;
            } else if (iface != null) {
                dev = iface;
            }
            String hostPort = endpoints.replaceFirst("^https?://", "");
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
            int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1).replaceAll("/.*", "")) : 2379;
            return new Settings(ip, dev, host, port, prefix, subnetFile, version);
        }
    }

    private final RealLab lab;
    private final RealHost host;
    private final Settings settings;
    private final StringBuilder log = new StringBuilder();
    private final Set<String> programmed = ConcurrentHashMap.newKeySet();
    private volatile LeaseStore store;
    private volatile boolean running;
    private Cidr network;
    private Cidr subnet;
    private int vni;
    private int port;
    private String vtepMac;
    private String deviceName;
    /** The config's Backend.Type: "vxlan" or "host-gw". */
    private String backendType = "vxlan";
    private boolean directRouting;
    /** Lease keys whose subnet got a plain route via the peer's underlay address (host-gw or DirectRouting). */
    private final Set<String> routedDirectly = ConcurrentHashMap.newKeySet();
    /** Per tunnelled lease key, the peer's VtepMAC and PublicIP: what its ARP and FDB entries were made of. */
    private final Map<String, String[]> tunnelled = new ConcurrentHashMap<>();
    /** The MTU subnet.env offers: the underlay's, less VXLAN's 50 bytes when packets may be wrapped. */
    private int mtu = VXLAN_MTU;

    /** Where `nohup` sends flanneld's log (the working folder's nohup.out), or null: it goes to the terminal. */
    private final String nohupFile;
    /** What nohup.out held before this flanneld started appending to it. */
    private String nohupBefore = "";

    BuiltInFlannelAgent(RealLab lab, RealHost host, Settings settings, String nohupFile) throws IOException {
        this.lab = lab;
        this.host = host;
        this.settings = settings;
        this.nohupFile = nohupFile;
        if (nohupFile != null && host.exists(nohupFile)) {
            nohupBefore = host.readFile(nohupFile);
        }
    }

    public boolean running() {
        return running;
    }

    synchronized String log() {
        return log.toString();
    }

    private synchronized void log(char level, String where, String msg) {
        String ts = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS"));
        log.append(level).append(ts).append(' ').append(String.format("%7d", ProcessHandle.current().pid()))
                .append(' ').append(where).append("] ").append(msg).append('\n');
        if (nohupFile != null) {
            try {
                host.writeFile(nohupFile, nohupBefore + log, false);
            } catch (IOException e) {
                // the log stays readable through the agent's own notes
            }
        }
    }

    String subnetEnvSummary() {
        return FlannelLeases.subnetEnv(network, subnet, mtu).strip().replace('\n', ' ');
    }

    String backendType() {
        return backendType;
    }

    private boolean modern() {
        return settings.version().equals("0.10.0");
    }

    private boolean vxlan() {
        return backendType.equals("vxlan");
    }

    void start() throws IOException {
        if (modern()) {
            log('I', "main.go:488", "Using interface with name " + settings.device() + " and address " + settings.publicIp());
            log('I', "main.go:505", "Defaulting external address to interface address (" + settings.publicIp() + ")");
            log('I', "main.go:235", "Created subnet manager: Etcd Local Manager with Previous Subnet: None");
            log('I', "main.go:238", "Installing signal handlers");
        } else {
            log('I', "main.go:132", "Installing signal handlers");
            log('I', "manager.go:136", "Determining IP address of default interface");
            log('I', "main.go:275", "Using interface with name " + settings.device() + " and address " + settings.publicIp());
        }
        JsonNode config = readConfig();
        network = Cidr.parse(config.path("Network").asText());
        int subnetLen = config.path("SubnetLen").asInt(24);
        int min = config.has("SubnetMin") ? Ipv4.parse(config.get("SubnetMin").asText()) : network.network() + (1 << (32 - subnetLen));
        int max = config.has("SubnetMax") ? Ipv4.parse(config.get("SubnetMax").asText())
                : network.broadcast() - (1 << (32 - subnetLen)) + 1;
        JsonNode backend = config.path("Backend");
        String type = backend.path("Type").asText("udp");
        if (!type.equals("vxlan") && !type.equals("host-gw")) {
            throw new IOException("E the built-in flannel agent has the vxlan and host-gw backends, the config asks for " + type);
        }
        backendType = type;
        // flannel 0.6 reads the backend config into a struct without the field, so it ignores it
        directRouting = modern() && vxlan() && backend.path("DirectRouting").asBoolean(false);
        if (modern()) {
            log('I', "main.go:353", "Found network config - Backend type: " + type);
            if (vxlan()) {
                log('I', "vxlan.go:120", "VXLAN config: VNI=" + backend.path("VNI").asInt(1) + " Port=" + backend.path("Port").asInt(0)
                        + " GBP=" + backend.path("GBP").asBoolean(false) + " DirectRouting=" + directRouting);
            }
        }
        vni = backend.path("VNI").asInt(1);
        port = backend.path("Port").asInt(Encapsulations.VXLAN_LINUX_PORT);
        deviceName = "flannel." + vni;
        log('I', modern() ? "local_manager.go:234" : "local_manager.go:179", "Picking subnet in range " + Ipv4.format(min) + " ... " + Ipv4.format(max));
        String subnets = settings.prefix() + "/subnets/";
        Map<String, JsonNode> leases = store.list(subnets);
        String mine = null;
        for (Map.Entry<String, JsonNode> e : leases.entrySet()) {
            if (settings.publicIp().equals(e.getValue().path("PublicIP").asText())) {
                mine = e.getKey();
            }
        }
        if (vxlan()) {
            createDevice();
        } else {
            mtu = Integer.parseInt(host.check("cat /sys/class/net/" + settings.device() + "/mtu", CMD).strip());
        }
        subnet = mine != null ? fromKey(mine) : pick(leases.keySet(), min, max, subnetLen);
        String key = FlannelLeases.leaseKey(settings.prefix(), subnet);
        try {
            store.putWithTtl(key, vxlan() ? FlannelLeases.leaseValue(settings.publicIp(), vtepMac)
                    : FlannelLeases.hostGwLeaseValue(settings.publicIp()), LEASE_TTL_SECONDS);
        } catch (IOException e) {
            throw new IOException("E failed to acquire lease: " + e.getMessage());
        }
        if (modern()) {
            // 0.10's format string ends in a space
            log('I', "local_manager.go:220", "Allocated lease (" + subnet + ") to current node (" + settings.publicIp() + ") ");
        } else {
            log('I', "manager.go:250", "Lease acquired: " + subnet.networkText() + "/" + subnet.prefixLength());
        }
        if (vxlan()) {
            // 0.10 gives the device a /32, so that no broadcast route is made; 0.6 the network's prefix
            host.check("ip addr add " + subnet.networkText() + "/" + (modern() ? 32 : network.prefixLength()) + " dev "
                    + deviceName + "\n" + "ip link set " + deviceName + " up", CMD);
        }
        writeSubnetEnv();
        running = true;
        if (modern()) {
            log('I', "main.go:300", "Wrote subnet file to " + settings.subnetFile());
            log('I', "main.go:304", "Running backend.");
            log('I', vxlan() ? "vxlan_network.go:60" : "route_network.go:53",
                    (vxlan() ? "watching" : "Watching") + " for new subnet leases");
        } else if (vxlan()) {
            log('I', "network.go:58", "Watching for L3 misses");
            log('I', "network.go:66", "Watching for new subnet leases");
        } else {
            log('I', "network.go:51", "Watching for new subnet leases");
        }
        for (Map.Entry<String, JsonNode> e : store.list(subnets).entrySet()) {
            leaseAdded(e.getKey(), e.getValue());
        }
        store.watch(subnets, (k, v) -> {
            try {
                leaseAdded(k, v);
            } catch (IOException ex) {
                log('E', "network.go:92", "failed to handle lease " + k + ": " + ex.getMessage());
            }
        }, this::leaseRemoved);
    }

    /** The etcd API the leases go to: the one the config was found in. */
    String api() {
        return store == null ? "" : store.api();
    }

    /** The config from etcd v3, else from the v2 key space the tutorial's etcdctl writes; retried a few seconds. */
    private JsonNode readConfig() throws IOException {
        String key = settings.prefix() + "/config";
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        String last = "Key not found";
        LeaseStore.V2 v2 = new LeaseStore.V2(lab.etcd(), host, settings.etcdHost(), settings.etcdPort());
        while (System.nanoTime() < until) {
            try {
                Client client = lab.etcd().v3(host, settings.etcdHost(), settings.etcdPort());
                LeaseStore.V3 v3 = new LeaseStore.V3(client);
                String text = v3.get(key);
                if (text != null) {
                    store = v3;
                    return JSON.readTree(text);
                }
                text = v2.get(key);
                if (text != null) {
                    store = v2;
                    return JSON.readTree(text);
                }
                last = "100: Key not found (" + settings.prefix() + ")";
            } catch (IOException e) {
                last = "client: etcd cluster is unavailable or misconfigured (" + e.getMessage() + ")";
            }
            log('E', "main.go:344", "Couldn't fetch network config: " + last);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("flanneld gave up: couldn't fetch network config: " + last);
    }

    private static Cidr fromKey(String key) {
        return FlannelLeases.subnetOfLeaseKey(key);
    }

    /**
     * A free subnet between SubnetMin and SubnetMax: one of the first hundred free ones, drawn from
     * the stream "flannel-lease:<hostname>" of the run's seed, as the simulator draws it (the
     * built-in lab's seed gives the tutorial's 10.15.64.0/20 and 10.13.48.0/20).
     */
    private Cidr pick(Set<String> taken, int min, int max, int len) throws IOException {
        List<Cidr> used = new ArrayList<>();
        for (String k : taken) {
            used.add(fromKey(k));
        }
        Cidr picked = FlannelLeases.pick(used, min, max, len, lab.choices(), host.spec().hostname());
        if (picked == null) {
            throw new IOException("out of subnets in " + network);
        }
        return picked;
    }

    private void createDevice() throws IOException {
        host.check("ip link show " + deviceName + " >/dev/null 2>&1 || ip link add " + deviceName + " type vxlan id " + vni
                + " local " + settings.publicIp() + " dev " + settings.device() + " dstport " + port + " nolearning\n"
                + "ip link set " + deviceName + " mtu 1450", CMD);
        vtepMac = host.check("cat /sys/class/net/" + deviceName + "/address", CMD).strip();
    }

    private void writeSubnetEnv() throws IOException {
        host.writeFile(settings.subnetFile(), FlannelLeases.subnetEnv(network, subnet, mtu), false);
    }

    private void leaseAdded(String key, JsonNode lease) throws IOException {
        String ip = lease.path("PublicIP").asText();
        if (ip.equals(settings.publicIp()) || !running) {
            return;
        }
        Cidr remote = fromKey(key);
        String leaseType = lease.path("BackendType").asText();
        if (!leaseType.equals(backendType)) {
            log('W', vxlan() ? "vxlan_network.go:95" : "route_network.go:88", vxlan()
                    ? "ignoring non-vxlan subnet(" + remote + "): type=" + leaseType : "Ignoring non-host-gw subnet: type=" + leaseType);
            return;
        }
        if (!vxlan() || directRoutingTo(ip)) {
            if (!vxlan()) {
                log('I', modern() ? "route_network.go:85" : "network.go:83", "Subnet added: " + remote + " via " + ip);
            }
            // host-gw adds the route on the external interface; vxlan's direct route leaves the device to the kernel
            host.check("ip route replace " + remote.networkCidr() + " via " + ip + (vxlan() ? "" : " dev " + settings.device()), CMD);
            routedDirectly.add(key);
            programmed.add(key);
            return;
        }
        String mac = lease.path("BackendData").path("VtepMAC").asText();
        String gw = remote.networkText();
        // 0.10's order: ARP, then FDB, then the onlink route (the kernel would ARP for the gateway otherwise)
        host.check("ip neigh replace " + gw + " lladdr " + mac + " dev " + deviceName + " nud permanent\n"
                + "bridge fdb replace " + mac + " dev " + deviceName + " dst " + ip + " self permanent\n"
                + "ip route replace " + remote.networkCidr() + " via " + gw + " dev " + deviceName + " onlink", CMD);
        tunnelled.put(key, new String[] {mac, ip});
        programmed.add(key);
        if (modern()) {
            // 0.10 logs its ARP/FDB/route additions only at -v=2 and above
            return;
        }
        log('I', "vxlan_network.go:145", "AddFDB: " + ip + ", " + mac + "; AddARP: " + gw + ", " + mac
                + "; route " + remote.networkCidr() + " via " + gw);
    }

    private void leaseRemoved(String key) {
        if (!programmed.remove(key)) {
            return;
        }
        Cidr remote = fromKey(key);
        if (routedDirectly.remove(key)) {
            try {
                host.sh("ip route del " + remote.networkCidr(), CMD);
            } catch (IOException ignored) {
                // the route stays until teardown
            }
            if (!vxlan()) {
                log('I', modern() ? "route_network.go:119" : "network.go:122", "Subnet removed: " + remote.networkCidr());
            }
            return;
        }
        String[] peer = tunnelled.remove(key);
        try {
            // as 0.10 removes a tunnelled subnet: its ARP entry, its FDB entry, then its route, each tried
            host.sh("ip neigh del " + remote.networkText() + " dev " + deviceName
                    + (peer == null ? "" : "\nbridge fdb del " + peer[0] + " dev " + deviceName + " dst " + peer[1] + " self")
                    + "\nip route del " + remote.networkCidr() + " dev " + deviceName, CMD);
        } catch (IOException ignored) {
            // the entries stay until teardown
        }
        if (modern()) {
            // 0.10 logs the removal only at -v=2 and above
            return;
        }
        log('I', "vxlan_network.go:168", "removed subnet " + remote.networkCidr());
    }

    /**
     * flannel 0.10's ip.DirectRouting: the kernel's route to the peer's underlay address has no
     * gateway, so the peer shares a link with this host and needs no tunnel.
     */
    private boolean directRoutingTo(String peer) throws IOException {
        if (!directRouting) {
            return false;
        }
        String answer = host.check("ip -4 route get " + peer, CMD);
        return !answer.contains(" via ");
    }

    void stop() {
        running = false;
        LeaseStore s = store;
        if (s != null) {
            s.close();
        }
    }
}
