/*
 * What flanneld (vxlan backend) does on one host, done for real: read the network config from etcd
 * (v3 through jetcd, or the v2 key the tutorial's `etcdctl set` wrote, in which case leases go to v2
 * as flannel 0.6 wrote them), lease a free subnet with a TTL under
 * <prefix>/subnets/<net>-<len> with the host's PublicIP and VtepMAC, create flannel.<VNI> (VXLAN,
 * UDP port from the config, nolearning, MTU 1450, the subnet's .0 with the network's prefix as
 * flannel 0.6 did), write subnet.env, and for every other host's lease program a neighbour entry,
 * an FDB entry and a route, following lease changes through an etcd watch.
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
    public record Settings(String publicIp, String device, String etcdHost, int etcdPort, String prefix, String subnetFile) {
        static Settings parse(List<String> args, RealHost h) {
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
            return new Settings(ip, dev, host, port, prefix, subnetFile);
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

    BuiltInFlannelAgent(RealLab lab, RealHost host, Settings settings) {
        this.lab = lab;
        this.host = host;
        this.settings = settings;
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
    }

    String subnetEnvSummary() {
        return FlannelLeases.subnetEnv(network, subnet, VXLAN_MTU).strip().replace('\n', ' ');
    }

    void start() throws IOException {
        log('I', "main.go:132", "Installing signal handlers");
        log('I', "manager.go:136", "Determining IP address of default interface");
        log('I', "main.go:275", "Using interface with name " + settings.device() + " and address " + settings.publicIp());
        JsonNode config = readConfig();
        network = Cidr.parse(config.path("Network").asText());
        int subnetLen = config.path("SubnetLen").asInt(24);
        int min = config.has("SubnetMin") ? Ipv4.parse(config.get("SubnetMin").asText()) : network.network() + (1 << (32 - subnetLen));
        int max = config.has("SubnetMax") ? Ipv4.parse(config.get("SubnetMax").asText())
                : network.broadcast() - (1 << (32 - subnetLen)) + 1;
        JsonNode backend = config.path("Backend");
        String type = backend.path("Type").asText("udp");
        if (!type.equals("vxlan")) {
            throw new IOException("E the built-in flannel agent only has the vxlan backend, the config asks for " + type);
        }
        vni = backend.path("VNI").asInt(1);
        port = backend.path("Port").asInt(Encapsulations.VXLAN_LINUX_PORT);
        deviceName = "flannel." + vni;
        log('I', "local_manager.go:179", "Picking subnet in range " + Ipv4.format(min) + " ... " + Ipv4.format(max));
        String subnets = settings.prefix() + "/subnets/";
        Map<String, JsonNode> leases = store.list(subnets);
        String mine = null;
        for (Map.Entry<String, JsonNode> e : leases.entrySet()) {
            if (settings.publicIp().equals(e.getValue().path("PublicIP").asText())) {
                mine = e.getKey();
            }
        }
        createDevice();
        subnet = mine != null ? fromKey(mine) : pick(leases.keySet(), min, max, subnetLen);
        String key = FlannelLeases.leaseKey(settings.prefix(), subnet);
        try {
            store.putWithTtl(key, FlannelLeases.leaseValue(settings.publicIp(), vtepMac), LEASE_TTL_SECONDS);
        } catch (IOException e) {
            throw new IOException("E failed to acquire lease: " + e.getMessage());
        }
        log('I', "manager.go:250", "Lease acquired: " + subnet.networkText() + "/" + subnet.prefixLength());
        host.check("ip addr add " + subnet.networkText() + "/" + network.prefixLength() + " dev " + deviceName + "\n"
                + "ip link set " + deviceName + " up", CMD);
        writeSubnetEnv();
        running = true;
        log('I', "network.go:58", "Watching for L3 misses");
        log('I', "network.go:66", "Watching for new subnet leases");
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
        host.writeFile(settings.subnetFile(), FlannelLeases.subnetEnv(network, subnet, VXLAN_MTU), false);
    }

    private void leaseAdded(String key, JsonNode lease) throws IOException {
        String ip = lease.path("PublicIP").asText();
        if (ip.equals(settings.publicIp()) || !running) {
            return;
        }
        Cidr remote = fromKey(key);
        String mac = lease.path("BackendData").path("VtepMAC").asText();
        String gw = remote.networkText();
        host.check("ip neigh replace " + gw + " lladdr " + mac + " dev " + deviceName + " nud permanent\n"
                + "bridge fdb replace " + mac + " dev " + deviceName + " dst " + ip + " self permanent\n"
                + "ip route replace " + remote.networkCidr() + " via " + gw + " dev " + deviceName + " onlink", CMD);
        programmed.add(key);
        log('I', "vxlan_network.go:145", "AddFDB: " + ip + ", " + mac + "; AddARP: " + gw + ", " + mac
                + "; route " + remote.networkCidr() + " via " + gw);
    }

    private void leaseRemoved(String key) {
        if (!programmed.remove(key)) {
            return;
        }
        Cidr remote = fromKey(key);
        try {
            host.sh("ip route del " + remote.networkCidr() + " dev " + deviceName + "\nip neigh del " + remote.networkText()
                    + " dev " + deviceName, CMD);
        } catch (IOException ignored) {
            // the entries stay until teardown
        }
        log('I', "vxlan_network.go:168", "removed subnet " + remote.networkCidr());
    }

    void stop() {
        running = false;
        LeaseStore s = store;
        if (s != null) {
            s.close();
        }
    }
}
