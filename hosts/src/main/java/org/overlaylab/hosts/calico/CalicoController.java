/*
 * Calico v1.6/v2.6 behaviour without calicoctl or the calico/node image (neither is packaged where
 * this machine can reach): `calicoctl node run` registers the node in etcd v2 under /calico and
 * starts BIRD (bird2) with an iBGP full mesh in AS 64512; IP pools and networks live in etcd as
 * Calico keeps them; `docker run --net <calico network>` starts the container with --net none and
 * wires it as Calico's libnetwork plugin does: a cali<id> veth, the container's cali0 with a /32
 * and a default route via 169.254.1.1 answered by proxy ARP, a /32 route on the host, and the
 * host's /26 block as a blackhole route that BIRD exports to its peers. A pool in VXLAN mode
 * (calicoctl 3.7's v3 IPPool with `vxlanMode: Always`) is Felix's VXLAN manager instead: each node
 * that starts takes a tunnel address from the pool for vxlan.calico (VNI 4096, UDP 4789, learning
 * off, MTU 1410, MAC from the node name's SHA-1), and every node gets a permanent ARP and FDB entry
 * for each other node's VTEP and a route to each of its blocks via that VTEP, onlink; BIRD keeps
 * those blocks' BGP routes out of the kernel.
 */
package org.overlaylab.hosts.calico;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.etcd.EtcdAccess;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.core.LabShell.Invocation;
import org.overlaylab.hosts.core.LabShell.Outcome;
import org.overlaylab.hosts.core.RealLab;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.tools.CalicoKeys;
import org.overlaylab.model.tools.CalicoctlTables;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

public final class CalicoController {
    public static final int AS_NUMBER = CalicoKeys.AS_NUMBER;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CMD = Duration.ofSeconds(15);
    private static final String NODE_IMAGE = "quay.io/calico/node:v2.6.12";
    /** BIRD's control socket where Debian's bird2 looks for it by default. */
    private static final String BIRD_SOCKET = "/run/bird/bird.ctl";

    /** A Docker network whose driver is calico. */
    public record CalicoNetwork(String id, String name, String subnet) {}

    /** A container wired by the Calico mapping. */
    public record Workload(String host, String container, String endpointId, String address, String mac,
                           String hostDevice, String network) {}

    private final RealLab lab;
    private final Map<String, CalicoNetwork> networks = new ConcurrentHashMap<>();
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();
    private final Map<String, Cidr> blocks = new ConcurrentHashMap<>();
    private final Map<String, String> etcdEndpoints = new ConcurrentHashMap<>();
    /** Each VXLAN node's tunnel address (vxlan.calico's /32), by host name. */
    private final Map<String, String> vxlanTunnels = new ConcurrentHashMap<>();
    private static final String VXLAN_DEVICE = "vxlan.calico";
    private static final int VXLAN_VNI = 4096;
    private static final int VXLAN_PORT = org.overlaylab.packets.encap.Encapsulations.VXLAN_PORT;
    private static final int VXLAN_MTU = 1410;

    public CalicoController(RealLab lab) {
        this.lab = lab;
    }

    public List<CalicoNetwork> networks() {
        return List.copyOf(networks.values());
    }

    public List<Workload> workloads(String host) {
        return workloads.values().stream().filter(w -> w.host().equals(host)).toList();
    }

    public boolean nodeRunning(RealHost h) {
        return h.daemon("bird").map(HostDaemon::alive).orElse(false);
    }

    // ------------------------------------------------------------------ etcd (v2, as Calico 2.x keeps it)

    private String[] endpoint(RealHost h) {
        String ep = etcdEndpoints.getOrDefault(h.name(), "http://127.0.0.1:2379");
        String hp = ep.split(",")[0].replaceFirst("^https?://", "").replaceAll("/.*", "");
        return hp.contains(":") ? hp.split(":") : new String[] {hp, "2379"};
    }

    private EtcdAccess.HttpAnswer put(RealHost h, String key, String value) throws IOException {
        String[] ep = endpoint(h);
        EtcdAccess.HttpAnswer a = lab.etcd().v2Put(h, ep[0], Integer.parseInt(ep[1]), key, value);
        if (a.status() >= 300) {
            throw new IOException("etcd refused " + key + ": " + a.body().strip());
        }
        return a;
    }

    private Optional<JsonNode> get(RealHost h, String key, boolean recursive) throws IOException {
        String[] ep = endpoint(h);
        EtcdAccess.HttpAnswer a = lab.etcd().v2Get(h, ep[0], Integer.parseInt(ep[1]), key, recursive);
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (a.status() >= 300) {
            throw new IOException("etcd: " + a.body().strip());
        }
        return Optional.of(a.json().path("node"));
    }

    private static String keyName(Cidr c) {
        return CalicoKeys.keyName(c);
    }

    // ------------------------------------------------------------------ calicoctl

    public Outcome calicoctl(LabShell shell, Invocation inv) throws IOException {
        RealHost h = shell.host();
        String ep = inv.assignments().get("ETCD_ENDPOINTS");
        if (ep == null) {
            ep = h.variables().get("ETCD_ENDPOINTS");
        }
        if (ep != null) {
            etcdEndpoints.put(h.name(), ep);
        }
        List<String> a = inv.args();
        List<String> notes = new ArrayList<>();
        try {
            if (a.size() >= 2 && a.get(0).equals("node") && a.get(1).equals("run")) {
                return nodeRun(h, notes);
            }
            if (a.size() >= 2 && a.get(0).equals("node") && a.get(1).equals("status")) {
                return nodeStatus(h);
            }
            if (!a.isEmpty() && (a.get(0).equals("create") || a.get(0).equals("apply"))) {
                int f = Math.max(a.indexOf("-f"), a.indexOf("--filename"));
                String file = f >= 0 && f + 1 < a.size() ? a.get(f + 1)
                        : a.stream().filter(x -> x.startsWith("--filename=")).map(x -> x.substring(11)).findFirst().orElse(null);
                if (file == null) {
                    return Outcome.fail(1, "Invalid option: missing -f <FILENAME>\n", notes);
                }
                return create(shell, h, file, a.get(0));
            }
            if (a.size() >= 2 && a.get(0).equals("get")) {
                return getResource(h, a.get(1), a.contains("wide") || a.contains("-o=wide") || a.contains("--output=wide"));
            }
        } catch (IOException e) {
            return Outcome.fail(1, "Error executing command: " + e.getMessage() + "\n",
                    List.of("the built-in calicoctl reads and writes Calico's keys in etcd v2"));
        }
        return Outcome.fail(1, "Invalid option: calicoctl " + String.join(" ", a)
                + "\nThe built-in calicoctl knows: node run, node status, create -f, apply -f, get ipPool, get nodes\n", notes);
    }

    private Outcome nodeRun(RealHost h, List<String> notes) throws IOException {
        String hostname = h.spec().hostname();
        if (nodeRunning(h)) {
            return Outcome.fail(1, "Error executing command: calico-node is already running on " + hostname + "\n", notes);
        }
        StringBuilder out = new StringBuilder();
        out.append("Running command to load modules: modprobe -a xt_set ip6_tables\n");
        out.append("Enabling IPv4 forwarding\nEnabling IPv6 forwarding\nIncreasing conntrack limit\n");
        out.append("Removing old calico-node container (if running).\n");
        out.append("Running the following command to start calico-node:\n\n");
        String[] ep = endpoint(h);
        out.append("docker run --net=host --privileged --name=calico-node -d --restart=always -e NODENAME=").append(hostname)
                .append(" -e CALICO_NETWORKING_BACKEND=bird -e CALICO_LIBNETWORK_ENABLED=true -e ETCD_ENDPOINTS=http://")
                .append(ep[0]).append(':').append(ep[1]).append(" -v /var/log/calico:/var/log/calico -v /var/run/calico:/var/run/calico")
                .append(" -v /lib/modules:/lib/modules -v /run:/run -v /run/docker/plugins:/run/docker/plugins")
                .append(" -v /var/run/docker.sock:/var/run/docker.sock ").append(NODE_IMAGE).append("\n\n");
        out.append("Image may take a short time to download if it is not available locally.\n");
        out.append("Container started, checking progress logs.\n\n");
        // the keys calico/node 2.6 writes when it starts
        String underlay = h.spec().underlayAddress().contains("/") ? h.spec().underlayAddress() : h.spec().underlayAddress() + "/24";
        for (Map.Entry<String, String> k : CalicoKeys.nodeKeys(hostname, Cidr.parse(underlay)).entrySet()) {
            put(h, k.getKey(), k.getValue());
        }
        if (get(h, CalicoKeys.AS_NUMBER_KEY, false).isEmpty()) {
            for (Map.Entry<String, String> k : CalicoKeys.clusterKeys().entrySet()) {
                put(h, k.getKey(), k.getValue());
            }
        }
        out.append("Skipping datastore connection test\n");
        out.append("Using autodetected IPv4 address on interface ").append(h.spec().underlayInterface()).append(": ")
                .append((h.spec().underlayAddress().contains("/") ? h.spec().underlayAddress() : h.spec().underlayAddress() + "/24")).append('\n');
        out.append("No AS number configured on node resource, using global value\n");
        out.append("Using node name: ").append(hostname).append('\n');
        startVxlan(h);
        h.writeFile("/run/calico/bird.cfg", birdConfig(h, peers(h)), false);
        h.check("sysctl -qw net.ipv4.ip_forward=1", CMD);
        // the control socket at BIRD's default path, so birdc and birdcl need no -s; the folder is
        // what Debian's service makes for it
        h.makeDirectories("/run/bird");
        List<String> argv = List.of("bird", "-f", "-c", "/run/calico/bird.cfg");
        HostDaemon bird = h.startDaemon("bird", h.asLabLinePrivileges(argv), null, "/");
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!h.exists(BIRD_SOCKET)) {
            if (!bird.alive()) {
                throw new IOException("BIRD exited: " + bird.logTail(5));
            }
            if (System.nanoTime() > until) {
                throw new IOException("BIRD did not start: " + bird.logTail(5));
            }
            sleep(50);
        }
        reconfigureOthers(h);
        awaitSessions(h, Duration.ofSeconds(8));
        programVxlan();
        out.append("Calico node started successfully\n");
        notes.add("ran: bird -f -c /run/calico/bird.cfg (iBGP AS " + AS_NUMBER
                + " full mesh with the other Calico nodes), node registered under /calico in etcd v2;"
                + " no calico/node container: the image is not available here");
        return Outcome.ok(out.toString(), notes);
    }

    /** Waits until every BGP session of the host is Established (BIRD connects within a few seconds). */
    private void awaitSessions(RealHost h, Duration max) throws IOException {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until) {
            String p = h.check("birdc show protocols", CMD);
            boolean all = true;
            for (String line : p.split("\n")) {
                if (line.startsWith("Mesh_") && !line.contains("Established")) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            sleep(200);
        }
    }

    /**
     * Felix's part of a profile: traffic routed to a workload is accepted only from members of
     * the same Calico network, in one iptables chain per host rebuilt whenever a workload comes.
     */
    private void applyPolicy() throws IOException {
        for (RealHost h : lab.hosts().values()) {
            List<Workload> local = workloads(h.name());
            if (local.isEmpty()) {
                continue;
            }
            StringBuilder sh = new StringBuilder();
            sh.append("iptables -w -N cali-profiles 2>/dev/null || iptables -w -F cali-profiles\n");
            sh.append("iptables -w -C FORWARD -j cali-profiles 2>/dev/null || iptables -w -I FORWARD 1 -j cali-profiles\n");
            for (Workload w : local) {
                for (Workload m : workloads.values()) {
                    if (m.network().equals(w.network())) {
                        sh.append("iptables -w -A cali-profiles -o ").append(w.hostDevice()).append(" -s ").append(m.address())
                                .append(" -j ACCEPT\n");
                    }
                }
                sh.append("iptables -w -A cali-profiles -o ").append(w.hostDevice()).append(" -j DROP\n");
            }
            h.check(sh.toString(), CMD);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The other Calico nodes' addresses, as registered in etcd. */
    private List<String> peers(RealHost h) throws IOException {
        List<String> out = new ArrayList<>();
        Optional<JsonNode> hosts = get(h, "/calico/bgp/v1/host", true);
        if (hosts.isEmpty()) {
            return out;
        }
        for (JsonNode host : hosts.get().path("nodes")) {
            for (JsonNode leaf : host.path("nodes")) {
                if (leaf.path("key").asText().endsWith("/ip_addr_v4")) {
                    String ip = leaf.path("value").asText();
                    if (!ip.isEmpty() && !ip.equals(h.underlayIp())) {
                        out.add(ip);
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    private String birdConfig(RealHost h, List<String> peers) throws IOException {
        List<Cidr> vxlan = vxlanPools(h);
        StringBuilder c = new StringBuilder();
        c.append("# Calico-style BIRD configuration written by the OverlayLab netns backend\n");
        c.append("router id ").append(h.underlayIp()).append(";\n\n");
        c.append("protocol device {\n  scan time 2;\n}\n\n");
        c.append("# the host's IPAM blocks, blackholed here and announced to the mesh\n");
        c.append("protocol static {\n  ipv4;\n");
        Cidr block = blocks.get(h.name());
        if (block != null) {
            c.append("  route ").append(block).append(" blackhole;\n");
        }
        c.append("}\n\n");
        // calico/node's BIRD 1.x gave its kernel routes no metric; BIRD 2 would give them 32
        String export = "all";
        if (!vxlan.isEmpty()) {
            // Felix routes VXLAN pools' blocks through vxlan.calico: BIRD keeps their BGP routes out of the kernel
            export = "filter {\n      if source = RTS_BGP && net ~ [ " + String.join(", ", vxlan.stream().map(p -> p + "+").toList())
                    + " ] then reject;\n      accept;\n    }";
        }
        c.append("protocol kernel {\n  ipv4 {\n    import none;\n    export ").append(export)
                .append(";\n  };\n  metric 0;\n  scan time 2;\n  graceful restart;\n}\n\n");
        for (String peer : peers) {
            c.append("protocol bgp Mesh_").append(peer.replace('.', '_')).append(" {\n");
            c.append("  description \"Connection to BGP peer\";\n");
            c.append("  local ").append(h.underlayIp()).append(" as ").append(AS_NUMBER).append(";\n");
            c.append("  neighbor ").append(peer).append(" as ").append(AS_NUMBER).append(";\n");
            c.append("  direct;\n");
            c.append("  connect delay time 1;\n  connect retry time 2;\n  error wait time 1, 5;\n");
            c.append("  ipv4 {\n    import all;\n    export where source = RTS_STATIC;\n    next hop self;\n    gateway direct;\n  };\n}\n\n");
        }
        return c.toString();
    }

    private void reconfigure(RealHost h) throws IOException {
        if (!nodeRunning(h)) {
            return;
        }
        h.writeFile("/run/calico/bird.cfg", birdConfig(h, peers(h)), false);
        String out = h.check("birdc configure", CMD);
        if (!out.contains("Reconfigured") && !out.contains("Reconfiguration in progress")) {
            throw new IOException("BIRD refused its configuration on " + h.name() + ": " + out.strip());
        }
    }

    private void reconfigureOthers(RealHost self) throws IOException {
        for (RealHost other : lab.hosts().values()) {
            if (other != self) {
                reconfigure(other);
            }
        }
    }

    private Outcome nodeStatus(RealHost h) throws IOException {
        if (!nodeRunning(h)) {
            return Outcome.fail(1, "Calico process is not running.\n", List.of());
        }
        String protocols = h.check("birdc show protocols", CMD);
        List<String[]> rows = new ArrayList<>();
        for (String line : protocols.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].startsWith("Mesh_") && f[1].equals("BGP")) {
                String peer = f[0].substring(5).replace('_', '.');
                String since = f.length > 4 ? f[4] : "";
                String info = f.length > 5 ? String.join(" ", java.util.Arrays.copyOfRange(f, 5, f.length)) : "";
                if (since.contains(".")) {
                    since = since.substring(0, since.indexOf('.'));
                }
                rows.add(new String[] {peer, "node-to-node mesh", f[3], since, info});
            }
        }
        StringBuilder out = new StringBuilder("Calico process is running.\n\nIPv4 BGP status\n");
        if (rows.isEmpty()) {
            out.append("No IPv4 peers found.\n");
        } else {
            out.append(CalicoctlTables.borderedTable(List.of("PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO"), rows));
        }
        out.append("\nIPv6 BGP status\nNo IPv6 peers found.\n\n");
        return Outcome.ok(out.toString(), List.of("ran: birdc show protocols"));
    }

    private Outcome create(LabShell shell, RealHost h, String file, String verb) throws IOException {
        String p = h.resolve(file);
        if (!h.exists(p)) {
            return Outcome.fail(1, "Failed to execute command: open " + file + ": no such file or directory\n", List.of());
        }
        Load load = new Load(LoadSettings.builder().build());
        List<Map<?, ?>> resources = new ArrayList<>();
        for (Object doc : load.loadAllFromString(h.readFile(p))) {
            if (doc instanceof Map<?, ?> m) {
                if ("list".equalsIgnoreCase(String.valueOf(m.get("kind"))) && m.get("items") instanceof List<?> items) {
                    items.forEach(i -> resources.add((Map<?, ?>) i));
                } else {
                    resources.add(m);
                }
            } else if (doc instanceof List<?> l) {
                l.forEach(i -> resources.add((Map<?, ?>) i));
            }
        }
        int n = 0;
        String kind = "ipPool";
        for (Map<?, ?> r : resources) {
            kind = String.valueOf(r.get("kind"));
            if (kind.equals("IPPool") && "projectcalico.org/v3".equals(String.valueOf(r.get("apiVersion")))) {
                String refused = putV3Pool(h, r);
                if (refused != null) {
                    return Outcome.fail(1, refused + "\n", List.of());
                }
                n++;
                continue;
            }
            if (!kind.equalsIgnoreCase("ipPool")) {
                return Outcome.fail(1, "Failed to create '" + kind + "' resource: the built-in calicoctl creates ipPool only\n", List.of());
            }
            Map<?, ?> meta = (Map<?, ?>) r.get("metadata");
            Map<?, ?> spec = r.get("spec") instanceof Map<?, ?> s ? s : Map.of();
            Cidr cidr = Cidr.parse(String.valueOf(meta.get("cidr")));
            ObjectNode v = JSON.createObjectNode();
            v.put("cidr", cidr.toString());
            Object ipip = spec.get("ipip");
            if (ipip instanceof Map<?, ?> ip && Boolean.TRUE.equals(ip.get("enabled"))) {
                v.putObject("ipip").put("enabled", true).put("mode", String.valueOf(ip.get("mode") == null ? "always" : ip.get("mode")));
            }
            v.put("masquerade", Boolean.TRUE.equals(spec.get("nat-outgoing")));
            v.put("ipam", true);
            v.put("disabled", Boolean.TRUE.equals(spec.get("disabled")));
            put(h, CalicoKeys.poolKey(cidr), JSON.writeValueAsString(v));
            n++;
        }
        if (kind.equals("IPPool")) {
            return Outcome.ok("Successfully " + (verb.equals("apply") ? "applied" : "created") + " " + n + " 'IPPool' resource(s)\n",
                    List.of("stored under /calico/v1/ipam/v4/pool in etcd v2 with its VXLAN mode, where this backend's"
                            + " Calico node reads pools; calicoctl 3.7 keeps it in etcd's v3 keyspace"));
        }
        return Outcome.ok("Successfully created " + n + " '" + kind + "' resource(s)\n",
                List.of("stored under /calico/v1/ipam/v4/pool in etcd v2, as calicoctl v1.6 does"));
    }

    /** A v3 IPPool (spec.cidr, vxlanMode Always or Never, ipipMode Never, natOutgoing); the refusal, or null. */
    private String putV3Pool(RealHost h, Map<?, ?> r) throws IOException {
        Map<?, ?> spec = r.get("spec") instanceof Map<?, ?> m ? m : Map.of();
        String cidrText = String.valueOf(spec.get("cidr"));
        if (!Cidr.isValid(cidrText) || !cidrText.contains("/")) {
            return "Failed to execute command: error with field IPPool.Spec.CIDR = '" + cidrText
                    + "' (IP Pool CIDR must be a valid subnet)";
        }
        String vxlan = spec.get("vxlanMode") == null ? "Never" : String.valueOf(spec.get("vxlanMode"));
        String ipip = spec.get("ipipMode") == null ? "Never" : String.valueOf(spec.get("ipipMode"));
        if (!vxlan.equals("Always") && !vxlan.equals("Never")) {
            return "Failed to execute command: vxlanMode '" + vxlan + "': this backend's Calico 3.7 has Always and Never";
        }
        if (!ipip.equals("Never")) {
            return "Failed to execute command: ipipMode '" + ipip + "': IP-in-IP needs the ipip module, which this"
                    + " machine's kernel does not have";
        }
        Cidr cidr = Cidr.parse(cidrText).networkCidr();
        ObjectNode v = JSON.createObjectNode();
        v.put("cidr", cidr.toString());
        v.put("masquerade", Boolean.TRUE.equals(spec.get("natOutgoing")));
        v.put("ipam", true);
        v.put("disabled", Boolean.TRUE.equals(spec.get("disabled")));
        if (vxlan.equals("Always")) {
            v.put("vxlan_mode", "always");
        }
        put(h, CalicoKeys.poolKey(cidr), JSON.writeValueAsString(v));
        return null;
    }

    private List<Cidr> vxlanPools(RealHost h) throws IOException {
        List<Cidr> out = new ArrayList<>();
        for (JsonNode p : pools(h)) {
            if (p.hasNonNull("vxlan_mode")) {
                out.add(Cidr.parse(p.path("cidr").asText()));
            }
        }
        return out;
    }

    /**
     * calico-node's start-up with a VXLAN pool: vxlan.calico's address from this host's block, and
     * the device as Felix's configureVXLANDevice makes it.
     */
    private void startVxlan(RealHost h) throws IOException {
        if (vxlanPools(h).isEmpty() || vxlanTunnels.containsKey(h.name())) {
            return;
        }
        String hostname = h.spec().hostname();
        Cidr block = blockFor(h);
        String tunnel = allocate(h, block, "vxlan-tunnel-addr-" + hostname);
        put(h, CalicoKeys.vxlanTunnelAddressKey(hostname), tunnel);
        h.check(String.join("\n",
                "set -e",
                "ip link add " + VXLAN_DEVICE + " address " + CalicoKeys.vxlanMac(hostname) + " mtu " + VXLAN_MTU
                        + " type vxlan id " + VXLAN_VNI + " local " + h.underlayIp() + " dev " + h.spec().underlayInterface()
                        + " dstport " + VXLAN_PORT + " nolearning",
                "ip addr add " + tunnel + "/32 dev " + VXLAN_DEVICE,
                "ip link set " + VXLAN_DEVICE + " up"), CMD);
        vxlanTunnels.put(h.name(), tunnel);
    }

    /**
     * Felix's VXLAN manager on every VXLAN node: for each other node's VTEP a permanent ARP entry
     * (tunnel address -> VTEP MAC) and FDB entry (VTEP MAC -> underlay address), and a route to each
     * of its blocks via the tunnel address, onlink, with the route table's default protocol.
     */
    private void programVxlan() throws IOException {
        for (RealHost h : lab.hosts().values()) {
            if (!vxlanTunnels.containsKey(h.name())) {
                continue;
            }
            StringBuilder sh = new StringBuilder("set -e\n");
            for (RealHost o : lab.hosts().values()) {
                String gw = vxlanTunnels.get(o.name());
                if (o == h || gw == null) {
                    continue;
                }
                String mac = CalicoKeys.vxlanMac(o.spec().hostname());
                sh.append("ip neigh replace ").append(gw).append(" lladdr ").append(mac).append(" dev ").append(VXLAN_DEVICE)
                        .append(" nud permanent\n");
                sh.append("bridge fdb replace ").append(mac).append(" dev ").append(VXLAN_DEVICE).append(" dst ")
                        .append(o.underlayIp()).append(" self permanent\n");
                Cidr block = blocks.get(o.name());
                if (block != null) {
                    sh.append("ip route replace ").append(block).append(" via ").append(gw).append(" dev ")
                            .append(VXLAN_DEVICE).append(" onlink\n");
                }
            }
            h.check(sh.toString(), CMD);
        }
    }

    private List<JsonNode> pools(RealHost h) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Optional<JsonNode> node = get(h, "/calico/v1/ipam/v4/pool", true);
        if (node.isPresent()) {
            for (JsonNode leaf : node.get().path("nodes")) {
                out.add(JSON.readTree(leaf.path("value").asText()));
            }
        }
        return out;
    }

    private Outcome getResource(RealHost h, String kind, boolean wide) throws IOException {
        switch (kind.toLowerCase()) {
            case "ippool", "ippools" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(wide ? new String[] {"CIDR", "NAT", "IPIP"} : new String[] {"CIDR"});
                for (JsonNode p : pools(h)) {
                    String cidr = p.path("cidr").asText();
                    rows.add(wide ? new String[] {cidr, String.valueOf(p.path("masquerade").asBoolean()),
                            String.valueOf(p.path("ipip").path("enabled").asBoolean(false))} : new String[] {cidr});
                }
                return Outcome.ok(CalicoctlTables.resourceTable(rows), List.of());
            }
            case "node", "nodes" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(wide ? new String[] {"NAME", "ASN", "IPV4", "IPV6"} : new String[] {"NAME"});
                Optional<JsonNode> hosts = get(h, "/calico/bgp/v1/host", true);
                TreeSet<String> names = new TreeSet<>();
                hosts.ifPresent(n -> n.path("nodes").forEach(x -> names.add(x.path("key").asText().replaceFirst(".*/", ""))));
                for (String name : names) {
                    String ip = get(h, "/calico/bgp/v1/host/" + name + "/ip_addr_v4", false).map(n -> n.path("value").asText()).orElse("");
                    String net = get(h, "/calico/bgp/v1/host/" + name + "/network_v4", false).map(n -> n.path("value").asText()).orElse("");
                    String prefix = net.contains("/") ? net.substring(net.indexOf('/')) : "/32";
                    rows.add(wide ? new String[] {name, "(" + AS_NUMBER + ")", ip.isEmpty() ? "" : ip + prefix, ""} : new String[] {name});
                }
                return Outcome.ok(CalicoctlTables.resourceTable(rows), List.of());
            }
            default -> {
                return Outcome.fail(1, "Failed to get resources: resource type '" + kind + "' is not supported by the built-in calicoctl\n", List.of());
            }
        }
    }

    // ------------------------------------------------------------------ docker networks and containers

    private static String driverOf(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-d") || a.equals("--driver")) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (a.startsWith("--driver=") || a.startsWith("-d=")) {
                return a.substring(a.indexOf('=') + 1);
            }
        }
        return null;
    }

    public Outcome createNetwork(LabShell shell, Invocation inv) throws IOException {
        List<String> a = inv.args();
        if (!"calico".equals(driverOf(a))) {
            return null;
        }
        RealHost h = shell.host();
        String name = a.get(a.size() - 1);
        if (!nodeRunning(h)) {
            return Outcome.fail(1, "Error response from daemon: plugin \"calico\" not found\n",
                    List.of("start the Calico node first (calicoctl node run)"));
        }
        if (networks.containsKey(name)) {
            return Outcome.fail(1, "Error response from daemon: network with name " + name + " already exists\n", List.of());
        }
        String subnet = null;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).startsWith("--subnet=")) {
                subnet = a.get(i).substring(9);
            } else if (a.get(i).equals("--subnet") && i + 1 < a.size()) {
                subnet = a.get(i + 1);
            }
        }
        String id = lab.randomHex(64);
        networks.put(name, new CalicoNetwork(id, name, subnet));
        // what Docker keeps in its cluster store for a global network of a remote driver
        ObjectNode dn = JSON.createObjectNode();
        dn.put("addrSpace", "CalicoGlobalAddressSpace");
        dn.put("enableIPv6", false);
        dn.put("id", id);
        dn.put("ipamType", "calico-ipam");
        dn.put("name", name);
        dn.put("networkType", "calico");
        dn.put("persist", true);
        dn.put("scope", "global");
        put(h, "/docker/network/v1.0/network/" + id, JSON.writeValueAsString(dn));
        for (Map.Entry<String, String> k : CalicoKeys.profileKeys(name).entrySet()) {
            put(h, k.getKey(), k.getValue());
        }
        return Outcome.ok(id + "\n", List.of("network " + name + " is kept by the Calico mapping (profile " + name
                + " in etcd v2); Docker itself has no calico driver here"));
    }

    /** `docker network ls` and `inspect` with the Calico networks added to what Docker lists. */
    public Outcome networkCommand(LabShell shell, Invocation inv) throws IOException {
        if (networks.isEmpty()) {
            return null;
        }
        List<String> a = inv.args();
        if (a.get(1).equals("inspect")) {
            List<String> names = a.subList(2, a.size()).stream().filter(x -> !x.startsWith("-")).toList();
            if (names.isEmpty() || !names.stream().allMatch(networks::containsKey)) {
                return null;
            }
            ArrayNode arr = JSON.createArrayNode();
            for (String n : names) {
                CalicoNetwork net = networks.get(n);
                ObjectNode o = arr.addObject();
                o.put("Name", n);
                o.put("Id", net.id());
                o.put("Scope", "global");
                o.put("Driver", "calico");
                o.put("EnableIPv6", false);
                ObjectNode ipam = o.putObject("IPAM");
                ipam.put("Driver", "calico-ipam");
                ArrayNode cfg = ipam.putArray("Config");
                if (net.subnet() != null) {
                    cfg.addObject().put("Subnet", net.subnet());
                }
                o.put("Internal", false);
                ObjectNode containers = o.putObject("Containers");
                for (Workload w : workloads(shell.host().name())) {
                    if (w.network().equals(n)) {
                        ObjectNode c = containers.putObject(w.endpointId());
                        c.put("Name", w.container());
                        c.put("EndpointID", w.endpointId());
                        c.put("MacAddress", w.mac());
                        c.put("IPv4Address", w.address() + "/32");
                        c.put("IPv6Address", "");
                    }
                }
                o.putObject("Options");
                o.putObject("Labels");
            }
            return Outcome.ok(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(arr).replace("\r", "") + "\n",
                    List.of("Calico networks are kept by the Calico mapping"));
        }
        if (a.stream().anyMatch(x -> x.equals("-q") || x.startsWith("--format") || x.startsWith("-f"))) {
            return null;
        }
        Outcome real = shell.bashForHandler("docker " + String.join(" ", a.stream().map(org.overlaylab.hosts.exec.Exec::quote).toList()) + "\n", Duration.ofSeconds(30));
        if (real.exit() != 0) {
            return real;
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : real.stdout().split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.trim().split("\\s{2,}"));
            }
        }
        // Docker itself lists a Calico network once it has read the network's key from the cluster
        // store, which happens some time after the network was made: it is listed once either way
        java.util.Set<String> listed = new java.util.HashSet<>();
        rows.forEach(r -> {
            if (r.length > 1) {
                listed.add(r[1]);
            }
        });
        for (CalicoNetwork n : networks.values()) {
            if (!listed.contains(n.name())) {
                rows.add(new String[] {n.id().substring(0, 12), n.name(), "calico", "global"});
            }
        }
        int cols = 4;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < Math.min(cols, r.length); i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < Math.min(cols, r.length); i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(w[i] - r[i].length() + 3));
                }
            }
            sb.append('\n');
        }
        return new Outcome(0, sb.toString(), real.stderr(), List.of("Calico networks are kept by the Calico mapping"));
    }

    private static String netOf(List<String> args, int[] where) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--net") || a.equals("--network")) && i + 1 < args.size()) {
                where[0] = i + 1;
                return args.get(i + 1);
            }
            if (a.startsWith("--net=") || a.startsWith("--network=")) {
                where[0] = i;
                return a.substring(a.indexOf('=') + 1);
            }
        }
        return null;
    }

    public Outcome run(LabShell shell, Invocation inv) throws IOException {
        int[] where = {-1};
        String netName = netOf(inv.args(), where);
        if (netName == null || !networks.containsKey(netName)) {
            return null;
        }
        RealHost h = shell.host();
        List<String> args = new ArrayList<>(inv.args());
        args.set(where[0], args.get(where[0]).contains("=") ? "--net=none" : "none");
        boolean detached = args.stream().anyMatch(x -> x.equals("-d") || x.equals("--detach") || x.matches("-[a-z]*d[a-z]*"));
        if (!detached) {
            args.add(1, "-d");
        }
        String line = "docker " + String.join(" ", args.stream().map(org.overlaylab.hosts.exec.Exec::quote).toList()) + "\n";
        Outcome started = shell.bashForHandler(line, Duration.ofSeconds(60));
        List<String> notes = new ArrayList<>();
        notes.add("ran: " + line.strip());
        if (started.exit() != 0) {
            return new Outcome(started.exit(), started.stdout(), started.stderr(), notes);
        }
        String id = started.stdout().strip();
        String name = h.check("docker inspect -f '{{.Name}}' " + id, CMD).strip().replaceFirst("^/", "");
        Cidr block = blockFor(h);
        String endpointId = lab.randomHex(64);
        String address = allocate(h, block, endpointId);
        Workload w = wire(h, name, endpointId, address, netName);
        notes.add("wired as Calico's libnetwork plugin does: " + w.hostDevice() + " <-> cali0 " + address
                + "/32 in " + name + ", default via 169.254.1.1 (proxy ARP on " + w.hostDevice() + "), route " + address
                + "/32 dev " + w.hostDevice() + ", block " + block + " blackholed and announced by BIRD; profile " + netName
                + " as iptables rules (chain cali-profiles) letting in only members of " + netName);
        return new Outcome(0, started.stdout(), started.stderr(), notes);
    }

    /**
     * Gives a running container its Calico endpoint, as the plugin's Join does: a cali<id> veth whose
     * container end becomes cali0 with the /32, the default route via 169.254.1.1, proxy ARP and a
     * /32 route on the host; the profile's rules and the endpoint's key in etcd.
     */
    private Workload wire(RealHost h, String name, String endpointId, String address, String netName) throws IOException {
        String pid = h.check("docker inspect -f '{{.State.Pid}}' " + name, CMD).strip();
        String hostDev = "cali" + endpointId.substring(0, 11);
        String script = String.join("\n",
                "set -e",
                "ip link add " + hostDev + " type veth peer name tmp" + endpointId.substring(0, 11),
                // Calico's plugin (libnetwork-plugin 1.1) gives the container's end its fixed MAC;
                // the host's end keeps the one the kernel made
                "ip link set tmp" + endpointId.substring(0, 11) + " address ee:ee:ee:ee:ee:ee",
                "ip link set tmp" + endpointId.substring(0, 11) + " netns " + pid,
                "nsenter -t " + pid + " -n ip link set tmp" + endpointId.substring(0, 11) + " name cali0",
                "nsenter -t " + pid + " -n ip addr add " + address + "/32 dev cali0",
                "nsenter -t " + pid + " -n ip link set cali0 up",
                "nsenter -t " + pid + " -n ip route add 169.254.1.1 dev cali0 scope link",
                "nsenter -t " + pid + " -n ip route add default via 169.254.1.1 dev cali0",
                "sysctl -qw net.ipv4.conf." + hostDev + ".proxy_arp=1",
                "sysctl -qw net.ipv4.neigh." + hostDev + ".proxy_delay=0",
                "sysctl -qw net.ipv4.conf." + hostDev + ".forwarding=1",
                "ip link set " + hostDev + " up",
                "ip route add " + address + "/32 dev " + hostDev + " scope link",
                "cat /proc/" + pid + "/root/sys/class/net/cali0/address 2>/dev/null || nsenter -t " + pid
                        + " -n cat /sys/class/net/cali0/address");
        String mac = h.check(script, CMD).strip();
        if (mac.contains("\n")) {
            mac = mac.substring(mac.lastIndexOf('\n') + 1);
        }
        Workload w = new Workload(h.name(), name, endpointId, address, mac, hostDev, netName);
        workloads.put(h.name() + "/" + name, w);
        applyPolicy();
        ObjectNode ep = JSON.createObjectNode();
        ep.put("state", "active");
        ep.put("name", hostDev);
        ep.put("mac", mac);
        ep.putArray("profile_ids").add(netName);
        ep.putArray("ipv4_nets").add(address + "/32");
        ep.putArray("ipv6_nets");
        put(h, endpointKey(h, endpointId), JSON.writeValueAsString(ep));
        return w;
    }

    private static String endpointKey(RealHost h, String endpointId) {
        return CalicoKeys.workloadKey(h.spec().hostname(), endpointId);
    }

    /**
     * `docker stop` and `docker start` (or `restart`) of Calico workloads: Docker has the plugin take
     * the endpoint down when the container stops (its veth goes with the container's namespace, the
     * endpoint's key leaves etcd) and make a new one when it starts, with the address Calico's IPAM
     * hands out again. Null when no named container is a Calico workload of this host.
     */
    public Outcome stopOrStart(LabShell shell, Invocation inv) throws IOException {
        RealHost h = shell.host();
        List<String> a = inv.args();
        List<Workload> named = new ArrayList<>();
        for (String word : a.subList(1, a.size())) {
            Workload w = workloads.get(h.name() + "/" + word);
            if (w != null) {
                named.add(w);
            }
        }
        if (named.isEmpty()) {
            return null;
        }
        String line = "docker " + String.join(" ", a.stream().map(org.overlaylab.hosts.exec.Exec::quote).toList()) + "\n";
        Outcome real = shell.bashForHandler(line, Duration.ofSeconds(60));
        List<String> notes = new ArrayList<>(real.notes());
        for (Workload w : named) {
            delete(h, endpointKey(h, w.endpointId()));
            boolean running = "true".equals(h.check("docker inspect -f '{{.State.Running}}' " + w.container(), CMD).strip());
            if (running) {
                Workload again = wire(h, w.container(), lab.randomHex(64), w.address(), w.network());
                notes.add(w.container() + " rejoined " + w.network() + " as Calico's plugin has it do: endpoint "
                        + again.hostDevice() + " with " + w.address() + "/32");
            } else {
                notes.add(w.container() + " left " + w.network() + ": its endpoint's key is gone from etcd");
            }
        }
        return new Outcome(real.exit(), real.stdout(), real.stderr(), notes);
    }

    private void delete(RealHost h, String key) throws IOException {
        String[] ep = endpoint(h);
        lab.etcd().v2Delete(h, ep[0], Integer.parseInt(ep[1]), key);
    }

    /** The host's affine /26 block, claimed in etcd on first use; BIRD is told to announce it. */
    private synchronized Cidr blockFor(RealHost h) throws IOException {
        Cidr b = blocks.get(h.name());
        if (b != null) {
            return b;
        }
        List<JsonNode> pools = pools(h);
        if (pools.isEmpty()) {
            throw new IOException("no IP pool: create one with calicoctl create -f");
        }
        Cidr pool = Cidr.parse(pools.get(0).path("cidr").asText());
        Optional<JsonNode> claimed = get(h, "/calico/ipam/v2/assignment/ipv4/block", true);
        java.util.Set<String> taken = new java.util.HashSet<>();
        claimed.ifPresent(n -> n.path("nodes").forEach(x -> taken.add(x.path("key").asText().replaceFirst(".*/", ""))));
        // a random free block, drawn as the simulator draws it: a start from the stream
        // "calico-block:<node>", then the first free block from there on
        for (Cidr c : CalicoKeys.blockSearchOrder(pool, lab.choices(), h.spec().hostname())) {
            if (!taken.contains(keyName(c))) {
                ObjectNode v = JSON.createObjectNode();
                v.put("cidr", c.toString());
                v.put("affinity", "host:" + h.spec().hostname());
                v.put("strictAffinity", false);
                ArrayNode alloc = v.putArray("allocations");
                for (int k = 0; k < 64; k++) {
                    alloc.addNull();
                }
                put(h, CalicoKeys.blockKey(c), JSON.writeValueAsString(v));
                put(h, CalicoKeys.hostBlockKey(h.spec().hostname(), c), "");
                blocks.put(h.name(), c);
                reconfigure(h);
                if (!vxlanTunnels.isEmpty()) {
                    programVxlan();
                }
                return c;
            }
        }
        throw new IOException("IP pool " + pool + " has no free /26 block");
    }

    /** The block's first free ordinal, recorded in the block's allocations with the endpoint as handle. */
    private String allocate(RealHost h, Cidr block, String handle) throws IOException {
        String key = CalicoKeys.blockKey(block);
        JsonNode node = get(h, key, false).orElseThrow(() -> new IOException("block " + block + " vanished from etcd"));
        ObjectNode b = (ObjectNode) JSON.readTree(node.path("value").asText());
        ArrayNode alloc = b.withArray("allocations");
        for (int k = 0; k < 64; k++) {
            if (k >= alloc.size() || alloc.get(k).isNull()) {
                while (alloc.size() <= k) {
                    alloc.addNull();
                }
                alloc.set(k, JSON.getNodeFactory().numberNode(0));
                b.put("handle_" + k, handle);
                put(h, key, JSON.writeValueAsString(b));
                return Ipv4.format(block.network() + k);
            }
        }
        throw new IOException("block " + block + " is full");
    }

    /** Node name -> "running" for the topology's daemon list. */
    public Map<String, String> daemonStates(RealHost h) {
        Map<String, String> m = new LinkedHashMap<>();
        h.daemon("bird").ifPresent(d -> {
            m.put("calico-node", d.state());
            m.put("bird", d.state());
        });
        return m;
    }

    public void close() {
        networks.clear();
        workloads.clear();
        blocks.clear();
        vxlanTunnels.clear();
    }

    static String now() {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }
}
