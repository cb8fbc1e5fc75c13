/*
 * calicoctl v1.6.1: `node run` (starts the calico-node container with BIRD, Felix and the
 * libnetwork plugin), `node status` (BIRD's BGP peers), `create -f`/`apply -f` of an ipPool, and
 * `get` of ipPool, nodes, profiles and workload endpoints. It reaches etcd at ETCD_ENDPOINTS.
 */
package org.overlaylab.simulator.calico;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.tools.CalicoctlTables;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.simulator.docker.ContainerRecord;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.etcd.EtcdMember;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.Loopback;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.VirtualFs;

public final class CalicoctlProgram implements Program {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Override
    public int run(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        if (a.isEmpty()) {
            inv.print("Usage:\n  calicoctl [options] <command> [<args>...]\n\n    create    Create a resource by filename or stdin.\n"
                    + "    replace   Replace a resource by filename or stdin.\n    apply     Apply a resource by filename or stdin.\n"
                    + "    delete    Delete a resource identified by file, stdin or resource type and name.\n"
                    + "    get       Get a resource identified by file, stdin or resource type and name.\n"
                    + "    config    Manage system-wide and low-level node configuration options.\n"
                    + "    ipam      IP address management.\n    node      Calico node management.\n"
                    + "    version   Display the version of calicoctl.\n");
            return 0;
        }
        String cmd = a.remove(0);
        if (cmd.equals("version")) {
            inv.println("Client Version:    v1.6.1\nBuild date:        2017-09-28T01:12:35+0000\nGit commit:        1724e011");
            return 0;
        }
        String endpoints = inv.env.getOrDefault("ETCD_ENDPOINTS", "http://127.0.0.1:2379");
        String problem = etcdProblem(inv, endpoints);
        if (cmd.equals("node") && !a.isEmpty() && a.get(0).equals("status")) {
            return status(inv);
        }
        if (problem != null) {
            return inv.fail(1, "Error executing command: " + problem);
        }
        return switch (cmd) {
            case "node" -> a.isEmpty() ? inv.fail(1, "Usage:\n  calicoctl node <command> [<args>...]")
                    : a.get(0).equals("run") ? nodeRun(inv, a.subList(1, a.size()), endpoints)
                    : inv.fail(1, "Invalid option: 'calicoctl node " + a.get(0) + "'.");
            case "create", "apply", "replace" -> create(inv, a, cmd);
            case "get" -> get(inv, a);
            default -> inv.fail(1, "Invalid option: 'calicoctl " + cmd + "'. Use flag '--help' to read about a specific subcommand.");
        };
    }

    /** Null when etcd answers at the first endpoint from this host; otherwise the client's error. */
    private static String etcdProblem(Invocation inv, String endpoints) {
        String first = endpoints.split(",")[0];
        String hp = first.replaceFirst("^[a-z]+://", "").replaceFirst("/.*", "");
        boolean served = false;
        for (EtcdMember m : inv.world.etcd().members()) {
            if (!m.running()) {
                continue;
            }
            if (hp.startsWith("127.0.0.1") || hp.startsWith("localhost")) {
                served |= m.host().equals(inv.host.name()) && m.listensOn(hp.replace("localhost", "127.0.0.1"));
            } else {
                served |= m.listensOn(hp);
            }
        }
        if (!served || !inv.world.etcd().available()) {
            return "client: etcd cluster is unavailable or misconfigured; error #0: dial tcp " + hp
                    + ": getsockopt: connection refused";
        }
        return null;
    }

    private int nodeRun(Invocation inv, List<String> args, String endpoints) {
        if (!inv.root) {
            return inv.fail(1, "calicoctl node run must be run as root.");
        }
        SimHost host = inv.host;
        DockerEngine docker = host.docker();
        if (docker == null || !docker.running()) {
            return inv.fail(1, "Unable to connect to the Docker daemon: Cannot connect to the Docker daemon. "
                    + "Is the docker daemon running on this host?");
        }
        String image = "quay.io/calico/node:latest";
        String method = "first-found";
        String ip = null;
        boolean defaultPools = true;
        String nodeName = host.hostname();
        for (String w : args) {
            if (w.startsWith("--node-image=")) {
                image = w.substring(13);
            } else if (w.startsWith("--ip-autodetection-method=")) {
                method = w.substring(26);
            } else if (w.startsWith("--ip=")) {
                ip = w.substring(5);
            } else if (w.equals("--no-default-ippools")) {
                defaultPools = false;
            } else if (w.startsWith("--name=")) {
                nodeName = w.substring(7);
            }
        }
        if (host.calico() != null && host.calico().running()) {
            return inv.fail(1, "Removing old calico-node container (if running).\nError: calico-node is already running");
        }
        Link dev = null;
        Cidr address = null;
        if (ip != null && !ip.equals("autodetect")) {
            address = Cidr.parse(ip.contains("/") ? ip : ip + "/32");
            dev = host.root().deviceWithAddress(address.address());
        } else if (method.startsWith("interface=")) {
            String name = method.substring(10);
            dev = host.root().links().stream().filter(l -> l.name().matches(name) && l.primaryAddress() != null)
                    .findFirst().orElse(null);
        } else {
            dev = host.root().links().stream().filter(l -> !(l instanceof Loopback) && l.primaryAddress() != null
                    && !l.name().startsWith("docker") && !l.name().startsWith("cali") && !l.name().startsWith("flannel")
                    && l.kind().equals("ether")).findFirst().orElse(null);
        }
        if (dev != null && address == null) {
            address = dev.primaryAddress();
        }
        StringBuilder out = new StringBuilder();
        out.append("Running command to load modules: modprobe -a xt_set ip6_tables\n")
                .append("Enabling IPv4 forwarding\nEnabling IPv6 forwarding\nIncreasing conntrack limit\n")
                .append("Removing old calico-node container (if running).\n")
                .append("Running the following command to start calico-node:\n\n")
                .append("docker run --net=host --privileged --name=calico-node -d --restart=always -e NODENAME=")
                .append(nodeName).append(" -e CALICO_NETWORKING_BACKEND=bird -e CALICO_LIBNETWORK_ENABLED=true -e ETCD_ENDPOINTS=")
                .append(endpoints);
        if (!method.equals("first-found")) {
            out.append(" -e IP_AUTODETECTION_METHOD=").append(method);
        }
        if (!defaultPools) {
            out.append(" -e NO_DEFAULT_POOLS=true");
        }
        out.append(" -v /var/log/calico:/var/log/calico -v /var/run/calico:/var/run/calico -v /lib/modules:/lib/modules"
                + " -v /run:/run -v /run/docker/plugins:/run/docker/plugins -v /var/run/docker.sock:/var/run/docker.sock ")
                .append(image).append("\n\nImage may take a short time to download if it is not available locally.\n")
                .append("Container started, checking progress logs.\n\n");
        StringBuilder pull = new StringBuilder();
        docker.ensureImage(image, pull::append);
        long now = inv.world.clock().now();
        String ts = Times.calico(now);
        out.append(ts).append(" [INFO][8] startup.go 173: Early log level set to info\n")
                .append(ts).append(" [INFO][8] client.go 202: Loading config from environment\n")
                .append(ts).append(" [INFO][8] startup.go 83: Skipping datastore connection test\n")
                .append(ts).append(" [INFO][8] startup.go 259: Building new node resource Name=\"").append(nodeName).append("\"\n")
                .append(ts).append(" [INFO][8] startup.go 273: Initialise BGP data\n");
        if (address == null) {
            out.append(ts).append(" [WARNING][8] startup.go 443: Unable to auto-detect an IPv4 address: no valid IPv4 addresses found on the host interfaces\n")
                    .append(ts).append(" [WARNING][8] startup.go 292: Couldn't autodetect a management IPv4 address.\n")
                    .append("Error executing command: calico-node has terminated\n");
            inv.print(out.toString());
            return 1;
        }
        out.append(ts).append(" [INFO][8] autodetection_methods.go 162: Using autodetected IPv4 address on interface ")
                .append(dev == null ? "unknown" : dev.name()).append(": ").append(address).append('\n')
                .append(ts).append(" [INFO][8] startup.go 348: Node IPv4 changed, will check for conflicts\n")
                .append(ts).append(" [INFO][8] startup.go 530: No AS number configured on node resource, using global value\n");
        for (SimHost other : inv.world.hosts()) {
            if (other != host && other.calico() != null && other.calico().address().address() == address.address()) {
                out.append(ts).append(" [WARNING][8] startup.go 367: Calico node '").append(other.calico().nodeName())
                        .append("' is already using the IPv4 address ").append(address.addressText()).append(".\n")
                        .append(ts).append(" [WARNING][8] startup.go 368: Terminating\n")
                        .append("Error executing command: calico-node has terminated\n");
                inv.print(out.toString());
                return 1;
            }
        }
        CalicoNode node = new CalicoNode(inv.world, host, nodeName, address, dev == null ? host.spec().underlayInterface()
                : dev.name());
        try {
            node.register(defaultPools);
        } catch (V2Store.EtcdError e) {
            return inv.fail(1, "Error executing command: " + e.getMessage());
        }
        host.setCalico(node);
        // the node's libnetwork plugin socket appears: dockerd finds the calico driver through it
        docker.registerNetworkPlugin(new CalicoNetworkDriver(docker, node));
        // the node's BIRD runs on the host, as the netns backend runs Debian's bird2 there: its
        // clients come with it and find its control socket at BIRD's default path
        for (String client : List.of("birdc", "birdcl")) {
            host.fs().write("/usr/sbin/" + client, VirtualFs.PROGRAM_MARKER + client + "\n", 0755);
        }
        try {
            ContainerRecord c = docker.create("calico-node", image, List.of("start_runit"), "host");
            docker.start(c);
        } catch (DockerEngine.DockerError e) {
            return inv.fail(1, "Error executing command: " + e.getMessage());
        }
        out.append(ts).append(defaultPools ? " [INFO][8] startup.go 432: Default IPv4 pool created" : " [INFO][8] startup.go 419: Skipping IP pool configuration")
                .append('\n')
                .append(ts).append(" [INFO][8] startup.go 131: Using node name: ").append(nodeName).append('\n')
                .append("Starting libnetwork service\nCalico node started successfully\n");
        inv.print(out.toString());
        inv.note("calico/node " + image.substring(image.lastIndexOf(':') + 1)
                + " runs BIRD (BGP on TCP 179), Felix and the Docker libnetwork plugin on this host");
        return 0;
    }

    private int status(Invocation inv) {
        if (!inv.root) {
            return inv.fail(1, "calicoctl node status must be run with root privileges.");
        }
        CalicoNode node = inv.host.calico();
        if (node == null || !node.running()) {
            inv.println("Calico process is not running.");
            return 1;
        }
        inv.println("Calico process is running.\n");
        inv.println("IPv4 BGP status");
        List<CalicoNode.Peer> peers = node.peers();
        if (peers.isEmpty()) {
            inv.println("No IPv4 peers found.\n");
        } else {
            String[] head = {"PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO"};
            List<String[]> rows = new ArrayList<>();
            for (CalicoNode.Peer p : peers) {
                rows.add(new String[] {p.address(), p.type(), p.state(), p.since(), p.info()});
            }
            inv.print(CalicoctlTables.borderedTable(List.of(head), rows));
            inv.println("");
        }
        inv.println("IPv6 BGP status");
        inv.println("No IPv6 peers found.\n");
        return 0;
    }

    private int create(Invocation inv, List<String> a, String verb) {
        String file = null;
        for (int i = 0; i < a.size(); i++) {
            if ((a.get(i).equals("-f") || a.get(i).equals("--filename")) && i + 1 < a.size()) {
                file = a.get(++i);
            } else if (a.get(i).startsWith("--filename=")) {
                file = a.get(i).substring(11);
            }
        }
        if (file == null) {
            return inv.fail(1, "Invalid option: the filename is missing. Use flag '--help' to read about a specific subcommand.");
        }
        String text = file.equals("-") ? inv.stdin : inv.host.fs().read(VirtualFs.normalize(inv.cwd(), file));
        if (text == null) {
            return inv.fail(1, "Failed to execute command: open " + file + ": no such file or directory");
        }
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (java.io.IOException e) {
            return inv.fail(1, "Failed to execute command: error with the specified file: " + firstLine(e.getMessage()));
        }
        if (doc != null && "IPPool".equals(doc.path("kind").asText())) {
            return createV3Pool(inv, doc, verb);
        }
        if (doc == null || !"ipPool".equals(doc.path("kind").asText())) {
            return inv.fail(1, "Failed to execute command: error with the specified file: this lab's calicoctl manages ipPool resources");
        }
        String cidrText = doc.path("metadata").path("cidr").asText();
        if (!Cidr.isValid(cidrText)) {
            return inv.fail(1, "Failed to execute command: error with field CIDR = '" + cidrText + "' (invalid CIDR)");
        }
        Cidr cidr = Cidr.parse(cidrText).networkCidr();
        boolean ipip = doc.path("spec").path("ipip").path("enabled").asBoolean(false);
        String mode = doc.path("spec").path("ipip").path("mode").asText("always");
        if (!mode.equals("always") && !mode.equals("cross-subnet")) {
            return inv.fail(1, "Failed to execute command: error with field IPIP.Mode = '" + mode
                    + "' (must be always or cross-subnet)");
        }
        boolean nat = doc.path("spec").path("nat-outgoing").asBoolean(false);
        V2Store s = inv.world.etcd().v2();
        String key = org.overlaylab.model.tools.CalicoKeys.poolKey(cidr);
        try {
            if (s.find(key) != null) {
                if (verb.equals("create")) {
                    return inv.fail(1, "Failed to create 'ipPool' resource: [resource already exists: IPPool(cidr=" + cidr + ")]");
                }
                s.delete(key, false);
            }
            CalicoNode.createPool(s, cidr, ipip ? mode : null, nat);
        } catch (V2Store.EtcdError e) {
            return inv.fail(1, "Failed to execute command: " + e.getMessage());
        }
        inv.println("Successfully " + (verb.equals("create") ? "created" : verb.equals("apply") ? "applied" : "replaced")
                + " 1 'ipPool' resource(s)");
        return 0;
    }

    /**
     * calicoctl 3.x's IPPool (apiVersion projectcalico.org/v3): spec.cidr, ipipMode, vxlanMode
     * (Always, CrossSubnet or Never) and natOutgoing. The pool is kept where this simulator's Calico
     * node reads pools (the 2.6 layout of the other Calico labs), with its VXLAN mode beside.
     */
    private int createV3Pool(Invocation inv, JsonNode doc, String verb) {
        if (!"projectcalico.org/v3".equals(doc.path("apiVersion").asText())) {
            return inv.fail(1, "Failed to execute command: error with the specified file: kind IPPool needs apiVersion"
                    + " projectcalico.org/v3, not '" + doc.path("apiVersion").asText() + "'");
        }
        String name = doc.path("metadata").path("name").asText("");
        JsonNode spec = doc.path("spec");
        String cidrText = spec.path("cidr").asText();
        if (!Cidr.isValid(cidrText) || !cidrText.contains("/")) {
            return inv.fail(1, "Failed to execute command: error with field IPPool.Spec.CIDR = '" + cidrText
                    + "' (IP Pool CIDR must be a valid subnet)");
        }
        String vxlan = spec.path("vxlanMode").asText("Never");
        String ipip = spec.path("ipipMode").asText("Never");
        for (String[] field : new String[][] {{"VXLANMode", vxlan}, {"IPIPMode", ipip}}) {
            if (!List.of("Always", "CrossSubnet", "Never").contains(field[1])) {
                return inv.fail(1, "Failed to execute command: error with field " + field[0] + " = '" + field[1]
                        + "' (must be Always, CrossSubnet or Never)");
            }
        }
        if (!vxlan.equals("Never") && !ipip.equals("Never")) {
            return inv.fail(1, "Failed to execute command: error with field IPPool.Spec.VXLANMode = '" + vxlan
                    + "' (VXLANMode and IPIPMode cannot both be enabled)");
        }
        if (vxlan.equals("CrossSubnet")) {
            return inv.fail(1, "'vxlanMode: CrossSubnet' is not simulated here; it came with Calico 3.17, and this lab's"
                    + " Calico 3.7 has Always and Never");
        }
        if (name.isEmpty()) {
            return inv.fail(1, "Failed to execute command: error with field Metadata.Name = '' (name is required)");
        }
        Cidr cidr = Cidr.parse(cidrText).networkCidr();
        V2Store s = inv.world.etcd().v2();
        String key = org.overlaylab.model.tools.CalicoKeys.poolKey(cidr);
        try {
            if (s.find(key) != null) {
                if (verb.equals("create")) {
                    return inv.fail(1, "Failed to create 'IPPool' resource: [resource already exists: IPPool(" + name + ")]");
                }
                s.delete(key, false);
            }
            CalicoNode.createPool(s, cidr, ipip.equals("Never") ? null : ipip.equals("Always") ? "always" : "cross-subnet",
                    vxlan.equals("Always") ? "always" : null, spec.path("natOutgoing").asBoolean(false));
        } catch (V2Store.EtcdError e) {
            return inv.fail(1, "Failed to execute command: " + e.getMessage());
        }
        inv.println("Successfully " + (verb.equals("create") ? "created" : verb.equals("apply") ? "applied" : "replaced")
                + " 1 'IPPool' resource(s)");
        return 0;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private int get(Invocation inv, List<String> a) {
        if (a.isEmpty()) {
            return inv.fail(1, "Invalid option: the resource type is missing.");
        }
        String kind = a.get(0).toLowerCase();
        boolean wide = a.contains("wide") || a.contains("-o=wide") || a.contains("--output=wide");
        V2Store s = inv.world.etcd().v2();
        switch (kind) {
            case "ippool", "ippools", "pool", "pools" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(wide ? new String[] {"CIDR", "NAT", "IPIP"} : new String[] {"CIDR"});
                for (Object[] p : CalicoNode.pools(s)) {
                    rows.add(wide ? new String[] {p[0].toString(), String.valueOf(p[1]), String.valueOf(p[2])}
                            : new String[] {p[0].toString()});
                }
                inv.print(CalicoctlTables.resourceTable(rows));
                return 0;
            }
            case "node", "nodes" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(wide ? new String[] {"NAME", "ASN", "IPV4", "IPV6"} : new String[] {"NAME"});
                for (V2Store.Node n : s.leaves("/calico/bgp/v1/host")) {
                    if (n.key().endsWith("/ip_addr_v4")) {
                        String name = n.key().split("/")[5];
                        rows.add(wide ? new String[] {name, "(" + CalicoNode.AS_NUMBER + ")", n.value() + "/24", ""}
                                : new String[] {name});
                    }
                }
                inv.print(CalicoctlTables.resourceTable(rows));
                return 0;
            }
            case "profile", "profiles" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NAME"});
                for (V2Store.Node n : s.leaves("/calico/v1/policy/profile")) {
                    if (n.key().endsWith("/rules")) {
                        rows.add(new String[] {n.key().split("/")[5]});
                    }
                }
                inv.print(CalicoctlTables.resourceTable(rows));
                return 0;
            }
            case "workloadendpoint", "workloadendpoints", "wep" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"NODE", "ORCHESTRATOR", "WORKLOAD", "NAME"});
                for (V2Store.Node n : s.leaves("/calico/v1/host")) {
                    if (n.key().contains("/workload/")) {
                        String[] p = n.key().split("/");
                        rows.add(new String[] {p[4], "libnetwork", "libnetwork", p[p.length - 1]});
                    }
                }
                inv.print(CalicoctlTables.resourceTable(rows));
                return 0;
            }
            default -> {
                return inv.fail(1, "Failed to get resources: resource type '" + a.get(0) + "' is not supported");
            }
        }
    }

    static JsonNode parse(String json) {
        return JsonText.parse(json);
    }
}
