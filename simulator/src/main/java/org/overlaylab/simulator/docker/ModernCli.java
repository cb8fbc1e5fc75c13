/*
 * The docker client of Docker 20.10 (Debian 12's docker.io) where its output differs from 1.12's:
 * `docker swarm init/join/join-token/leave`, `docker node ls`, `docker info` with its Swarm lines,
 * `docker network ls` and `docker network inspect` (swarm scope, Attachable, Ingress, Peers), and
 * the version. Texts and table layouts are those of docker.io 20.10.24 on this machine.
 */
package org.overlaylab.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.simulator.docker.DockerEngine.DockerError;
import org.overlaylab.simulator.docker.DockerEngine.NetworkView;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;

final class ModernCli {
    private ModernCli() {}

    static final String BUILD = "297e128";

    // ------------------------------------------------------------------ docker swarm

    static int swarm(Invocation inv, DockerEngine engine, List<String> a) throws DockerError {
        String sub = a.isEmpty() ? "" : a.remove(0);
        switch (sub) {
            case "init" -> {
                String advertise = option(a, "--advertise-addr");
                SwarmCluster c = engine.swarmInit(advertise);
                inv.print("Swarm initialized: current node (" + engine.swarmNode().id() + ") is now a manager.\n\n"
                        + joinInstructions(c, SwarmCluster.Role.WORKER)
                        + "To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.\n\n");
                return 0;
            }
            case "join" -> {
                String token = option(a, "--token");
                List<String> rest = positional(a, List.of("--token", "--advertise-addr", "--listen-addr", "--data-path-addr",
                        "--availability"));
                if (rest.size() != 1) {
                    return inv.fail(1, "\"docker swarm join\" requires exactly 1 argument.\nSee 'docker swarm join --help'.\n\n"
                            + "Usage:  docker swarm join [OPTIONS] HOST:PORT\n\nJoin a swarm as a node and/or manager");
                }
                SwarmCluster.Node n = engine.swarmJoin(token == null ? "" : token, rest.get(0));
                inv.println(n.role() == SwarmCluster.Role.MANAGER ? "This node joined a swarm as a manager."
                        : "This node joined a swarm as a worker.");
                return 0;
            }
            case "join-token" -> {
                boolean quiet = a.remove("-q") | a.remove("--quiet");
                if (a.size() != 1 || !(a.get(0).equals("worker") || a.get(0).equals("manager"))) {
                    return inv.fail(1, "\"docker swarm join-token\" requires exactly 1 argument.\n"
                            + "See 'docker swarm join-token --help'.\n\nUsage:  docker swarm join-token [OPTIONS] (worker|manager)\n\n"
                            + "Manage join tokens");
                }
                engine.requireManager();
                SwarmCluster.Role role = a.get(0).equals("worker") ? SwarmCluster.Role.WORKER : SwarmCluster.Role.MANAGER;
                SwarmCluster c = engine.swarm();
                if (quiet) {
                    inv.println(c.token(role));
                } else {
                    inv.print(joinInstructions(c, role));
                }
                return 0;
            }
            case "leave" -> {
                engine.swarmLeave(a.contains("-f") || a.contains("--force"));
                inv.println("Node left the swarm.");
                return 0;
            }
            default -> {
                return inv.fail(1, "'docker swarm " + sub + "' is not simulated here; it runs on the netns and ssh backends");
            }
        }
    }

    private static String joinInstructions(SwarmCluster c, SwarmCluster.Role role) {
        return "To add a " + (role == SwarmCluster.Role.WORKER ? "worker" : "manager")
                + " to this swarm, run the following command:\n\n    docker swarm join --token " + c.token(role) + " "
                + c.managerAddress() + "\n\n";
    }

    // ------------------------------------------------------------------ docker node

    static int node(Invocation inv, DockerEngine engine, List<String> a) throws DockerError {
        String sub = a.isEmpty() ? "" : a.remove(0);
        if (!sub.equals("ls") && !sub.equals("list")) {
            return inv.fail(1, "'docker node " + sub + "' is not simulated here; it runs on the netns and ssh backends");
        }
        engine.requireManager();
        SwarmCluster c = engine.swarm();
        long now = inv.world.clock().now();
        boolean quiet = a.contains("-q") || a.contains("--quiet");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ENGINE VERSION"});
        for (SwarmCluster.Node n : c.nodes()) {
            if (quiet) {
                inv.println(n.id());
                continue;
            }
            String managerStatus = n.role() != SwarmCluster.Role.MANAGER ? ""
                    : n == c.leader() ? "Leader" : n.member() ? "Reachable" : "Unreachable";
            rows.add(new String[] {n.id() + (n == engine.swarmNode() ? " *" : ""), n.hostname(), n.status(now), "Active",
                    managerStatus, n.engine().version()});
        }
        if (!quiet) {
            inv.print(table(rows));
        }
        return 0;
    }

    // ------------------------------------------------------------------ networks

    static int networkLs(Invocation inv, DockerEngine engine, List<String> a) {
        List<NetworkView> nets = new ArrayList<>(engine.networks());
        nets.sort((x, y) -> x.name().compareTo(y.name()));
        if (a.contains("-q") || a.contains("--quiet")) {
            nets.forEach(n -> inv.println(shortId(n.id())));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NETWORK ID", "NAME", "DRIVER", "SCOPE"});
        for (NetworkView n : nets) {
            rows.add(new String[] {shortId(n.id()), n.name(), n.driver(), n.scope()});
        }
        inv.print(table(rows));
        return 0;
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * A network as 20.10's `network inspect` prints it. A swarm network this host has no local copy
     * of comes from the cluster (no containers, no labels, no peers); once attached, libnetwork's
     * copy answers: its own Created time, the local endpoints and the peers of the network's gossip.
     */
    static ObjectNode networkJson(DockerEngine engine, NetworkView n) {
        JsonNode stored = n.global() ? engine.storedNetwork(n.id()) : null;
        Long attached = n.swarm() ? engine.attachedAt(n.id()) : null;
        boolean local = !n.swarm() || attached != null;
        ObjectNode j = JsonText.object();
        j.put("Name", n.name());
        j.put("Id", n.id());
        long created = attached != null ? attached : stored != null ? stored.path("created").asLong(engine.startedAt())
                : engine.startedAt();
        j.put("Created", rfc3339Nano(created));
        j.put("Scope", n.scope());
        j.put("Driver", n.driver());
        j.put("EnableIPv6", false);
        ObjectNode ipam = j.putObject("IPAM");
        ipam.put("Driver", n.ipamDriver());
        if (n.global()) {
            ipam.putNull("Options");
        } else {
            ipam.putObject("Options");
        }
        ArrayNode cfg = ipam.putArray("Config");
        if (n.subnet() != null) {
            ObjectNode c = cfg.addObject();
            c.put("Subnet", n.subnet().toString());
            if (n.gateway() != null && engine.showsConfiguredGateway(n)) {
                c.put("Gateway", Ipv4.format(n.gateway()));
            }
        }
        j.put("Internal", false);
        j.put("Attachable", n.attachable());
        j.put("Ingress", n.name().equals("ingress") && n.swarm());
        j.putObject("ConfigFrom").put("Network", "");
        j.put("ConfigOnly", false);
        if (!local) {
            j.putNull("Containers");
        } else {
            ObjectNode containers = j.putObject("Containers");
            for (ContainerRecord c : engine.attachedRecords()) {
                ContainerRecord.Endpoint ep = c.endpoints().get(n.name());
                if (ep != null && c.running()) {
                    ObjectNode e = containers.putObject(c.id());
                    e.put("Name", c.name());
                    e.put("EndpointID", ep.endpointId());
                    e.put("MacAddress", ep.mac());
                    e.put("IPv4Address", ep.address().toString());
                    e.put("IPv6Address", "");
                }
            }
        }
        ObjectNode opts = j.putObject("Options");
        n.options().forEach(opts::put);
        if (!local) {
            j.putNull("Labels");
        } else {
            j.putObject("Labels");
        }
        if (n.swarm() && local) {
            ArrayNode peers = j.putArray("Peers");
            for (Map.Entry<String, String> p : peers(engine, n).entrySet()) {
                ObjectNode o = peers.addObject();
                o.put("Name", p.getValue());
                o.put("IP", p.getKey());
            }
        }
        return j;
    }

    /** The nodes with endpoints on the network (the members of its gossip group): address -> network DB name. */
    private static Map<String, String> peers(DockerEngine engine, NetworkView n) {
        Map<String, String> out = new LinkedHashMap<>();
        V2Store store = engine.reachableStore();
        if (store == null) {
            return out;
        }
        List<String> locators = new ArrayList<>();
        for (V2Store.Node ep : store.leaves(DockerEngine.ENDPOINT_PREFIX + n.id())) {
            String locator = JsonText.parse(ep.value()).path("locator").asText();
            if (!locators.contains(locator)) {
                locators.add(locator);
            }
        }
        locators.sort((x, y) -> Long.compare(Ipv4.parse(x) & 0xffffffffL, Ipv4.parse(y) & 0xffffffffL));
        for (String ip : locators) {
            SimHost h = engine.world().hostWithUnderlayIp(ip);
            out.put(ip, engine.world().random().hex("networkdb-name:" + (h == null ? ip : h.name()), 6)
                    .substring(0, 12));
        }
        return out;
    }

    // ------------------------------------------------------------------ info, version

    static void info(Invocation inv, DockerEngine engine) {
        long running = engine.containers().stream().filter(ContainerRecord::running).count();
        long images = engine.containers().stream().map(c -> DockerEngine.normalizeImage(c.image())).distinct().count();
        StringBuilder sb = new StringBuilder();
        sb.append("Client:\n Context:    default\n Debug Mode: false\n\nServer:\n");
        sb.append(" Containers: ").append(engine.containers().size()).append('\n');
        sb.append("  Running: ").append(running).append('\n');
        sb.append("  Paused: 0\n");
        sb.append("  Stopped: ").append(engine.containers().size() - running).append('\n');
        sb.append(" Images: ").append(images).append('\n');
        sb.append(" Server Version: ").append(DockerEngine.MODERN_VERSION).append('\n');
        sb.append(" Storage Driver: overlay2\n  Backing Filesystem: extfs\n  Supports d_type: true\n"
                + "  Native Overlay Diff: true\n  userxattr: false\n");
        sb.append(" Logging Driver: json-file\n Cgroup Driver: systemd\n Cgroup Version: 2\n Plugins:\n  Volume: local\n"
                + "  Network: bridge host ipvlan macvlan null overlay\n"
                + "  Log: awslogs fluentd gcplogs gelf journald json-file local logentries splunk syslog\n");
        SwarmCluster.Node self = engine.swarmNode();
        if (self == null) {
            sb.append(" Swarm: inactive\n");
        } else {
            SwarmCluster c = engine.swarm();
            sb.append(" Swarm: active\n  NodeID: ").append(self.id()).append('\n');
            sb.append("  Is Manager: ").append(engine.swarmManager()).append('\n');
            if (engine.swarmManager()) {
                long managers = c.nodes().stream().filter(n -> n.role() == SwarmCluster.Role.MANAGER).count();
                sb.append("  ClusterID: ").append(c.clusterId()).append('\n');
                sb.append("  Managers: ").append(managers).append('\n');
                sb.append("  Nodes: ").append(c.nodes().size()).append('\n');
                sb.append("  Default Address Pool: 10.0.0.0/8  \n  SubnetSize: 24\n  Data Path Port: ")
                        .append(Encapsulations.VXLAN_PORT).append('\n');
                sb.append("  Orchestration:\n   Task History Retention Limit: 5\n  Raft:\n   Snapshot Interval: 10000\n"
                        + "   Number of Old Snapshots to Retain: 0\n   Heartbeat Tick: 1\n   Election Tick: 10\n"
                        + "  Dispatcher:\n   Heartbeat Period: 5 seconds\n  CA Configuration:\n   Expiry Duration: 3 months\n"
                        + "   Force Rotate: 0\n  Autolock Managers: false\n  Root Rotation In Progress: false\n");
            }
            sb.append("  Node Address: ").append(self.address()).append('\n');
            sb.append("  Manager Addresses:\n   ").append(c.managerAddress()).append('\n');
        }
        sb.append(" Runtimes: runc io.containerd.runc.v2 io.containerd.runtime.v1.linux\n Default Runtime: runc\n"
                + " Init Binary: docker-init\n containerd version: 1.6.20~ds1-1+deb12u1\n runc version: 1.1.5+ds1-1+deb12u1\n"
                + " init version: \n Security Options:\n  apparmor\n  seccomp\n   Profile: default\n  cgroupns\n");
        sb.append(" Kernel Version: 6.1.0-13-amd64\n Operating System: Debian GNU/Linux 12 (bookworm)\n OSType: linux\n"
                + " Architecture: x86_64\n CPUs: 1\n Total Memory: 983.3MiB\n");
        sb.append(" Name: ").append(inv.host.hostname()).append('\n');
        sb.append(" ID: ").append(engineId(engine)).append('\n');
        sb.append(" Docker Root Dir: /var/lib/docker\n Debug Mode: false\n Registry: https://index.docker.io/v1/\n"
                + " Labels:\n Experimental: false\n Insecure Registries:\n  127.0.0.0/8\n Live Restore Enabled: false\n\n");
        inv.print(sb.toString());
    }

    /** The engine ID 20.10 derives from its key.json: twelve groups of four base32 characters. */
    private static String engineId(DockerEngine engine) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var r = engine.world().random().stream("docker-engine-id:" + engine.host().name());
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 12; g++) {
            if (g > 0) {
                sb.append(':');
            }
            for (int i = 0; i < 4; i++) {
                sb.append(alphabet.charAt(r.nextInt(32)));
            }
        }
        return sb.toString();
    }

    static String versionLine() {
        return "Docker version " + DockerEngine.MODERN_VERSION + ", build " + BUILD;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The 20.10 client's tables: Go's tabwriter with minimum cell width 10 and padding 3, so a
     * column is as wide as its widest cell plus three, and at least ten; the last is not padded.
     */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols - 1; c++) {
                width[c] = Math.max(width[c], Math.max(10, r[c].length() + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                sb.append(r[c]);
                if (c < cols - 1) {
                    sb.append(" ".repeat(width[c] - r[c].length()));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Go's RFC3339Nano: nanoseconds with their trailing zeros trimmed. */
    static String rfc3339Nano(long nanos) {
        Instant t = Instant.ofEpochSecond(0, nanos);
        String base = org.overlaylab.simulator.text.Times.rfc3339(nanos);
        String seconds = base.substring(0, base.indexOf('.'));
        String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return seconds + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }

    private static String option(List<String> a, String name) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals(name) && i + 1 < a.size()) {
                return a.get(i + 1);
            }
            if (a.get(i).startsWith(name + "=")) {
                return a.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }

    private static List<String> positional(List<String> a, List<String> valued) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (valued.contains(w)) {
                i++;
            } else if (!w.startsWith("-")) {
                out.add(w);
            }
        }
        return out;
    }
}
