/*
 * etcd and etcdctl as release 3.0.12 behaves: `etcd` starts a member from its flags (refusing
 * addresses the host does not own or a name missing from --initial-cluster), and `etcdctl` speaks
 * API v2 by default (cluster-health, member list, ls, get, set, mk, mkdir, rm, rmdir) or v3 with
 * ETCDCTL_API=3 (put, get, del, member list, endpoint health), through the endpoint it is given.
 * A v3 command's gRPC call goes on the simulated wire as etcdctl 3.4 sends it (V3ClientCall).
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.etcd.EtcdCluster;
import org.overlaylab.simulator.etcd.EtcdMember;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.etcd.Protobuf;
import org.overlaylab.simulator.etcd.V3ClientCall;
import org.overlaylab.simulator.etcd.V3GrpcAnswers;
import org.overlaylab.simulator.etcd.V3GrpcRequests;
import org.overlaylab.simulator.etcd.V3Store;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.VirtualClock;
import org.overlaylab.simulator.world.VirtualFs;

final class EtcdPrograms {
    private EtcdPrograms() {}

    static void register(Map<String, Program> r) {
        r.put("etcd", EtcdPrograms::etcd);
        r.put("etcdctl", EtcdPrograms::etcdctl);
    }

    // ------------------------------------------------------------------ etcd

    private static int etcd(Invocation inv) {
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (!w.startsWith("-")) {
                continue;
            }
            String name = w.replaceFirst("^--?", "");
            String value = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < a.size() && !a.get(i + 1).startsWith("-")) {
                value = a.get(++i);
            }
            if (name.equals("version")) {
                inv.println("etcd Version: 3.0.12\nGit SHA: 2d1e2e8\nGo Version: go1.6.3\nGo OS/Arch: linux/amd64");
                return 0;
            }
            flags.put(name, value == null ? "true" : value);
        }
        SimHost host = inv.host;
        long now = inv.world.clock().now();
        String name = flags.getOrDefault("name", "default");
        List<String> peerUrls = split(flags.getOrDefault("initial-advertise-peer-urls", "http://localhost:2380"));
        List<String> listenPeer = split(flags.getOrDefault("listen-peer-urls", "http://localhost:2380"));
        List<String> listenClient = split(flags.getOrDefault("listen-client-urls", "http://localhost:2379"));
        List<String> advertiseClient = split(flags.getOrDefault("advertise-client-urls", "http://localhost:2379"));
        String token = flags.getOrDefault("initial-cluster-token", "etcd-cluster");
        String dataDir = flags.getOrDefault("data-dir", name + ".etcd");
        Map<String, List<String>> initial = new LinkedHashMap<>();
        for (String part : flags.getOrDefault("initial-cluster", name + "=" + peerUrls.get(0)).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                initial.computeIfAbsent(part.substring(0, eq), k -> new ArrayList<>()).add(part.substring(eq + 1));
            }
        }
        StringBuilder log = new StringBuilder();
        String ts = Times.etcd(now);
        log.append(ts).append(" I | etcdmain: etcd Version: 3.0.12\n")
                .append(ts).append(" I | etcdmain: Git SHA: 2d1e2e8\n")
                .append(ts).append(" I | etcdmain: Go Version: go1.6.3\n")
                .append(ts).append(" I | etcdmain: Go OS/Arch: linux/amd64\n")
                .append(ts).append(" I | etcdmain: setting maximum number of CPUs to 1, total number of available CPUs is 1\n");
        if (host.etcd() != null && host.etcd().running()) {
            log.append(ts).append(" C | etcdmain: listen tcp ").append(hostPort(listenPeer.get(0)))
                    .append(": bind: address already in use\n");
            inv.print(log.toString());
            return 1;
        }
        for (String url : concat(listenPeer, listenClient)) {
            String ip = hostPort(url).replaceFirst(":.*", "");
            if (!ip.equals("localhost") && !ip.equals("0.0.0.0") && Ipv4.isValid(ip)
                    && !host.root().isLocalAddress(Ipv4.parse(ip))) {
                log.append(ts).append(" C | etcdmain: listen tcp ").append(hostPort(url))
                        .append(": bind: cannot assign requested address\n");
                inv.print(log.toString());
                return 1;
            }
        }
        if (!initial.containsKey(name)) {
            log.append(ts).append(" C | etcdmain: couldn't find local name \"").append(name)
                    .append("\" in the initial cluster configuration\n");
            inv.print(log.toString());
            return 1;
        }
        for (String url : listenPeer) {
            log.append(ts).append(" I | etcdmain: listening for peers on ").append(url).append('\n');
        }
        for (String url : listenClient) {
            log.append(ts).append(" I | etcdmain: listening for client requests on ").append(hostPort(url)).append('\n');
        }
        EtcdMember m = new EtcdMember(name, host.name(), peerUrls, listenClient, advertiseClient, token, initial,
                dataDir, host.nextPid(), now);
        log.append(ts).append(" I | etcdserver: name = ").append(name).append('\n')
                .append(ts).append(" I | etcdserver: data dir = ").append(dataDir).append('\n')
                .append(ts).append(" I | etcdserver: member dir = ").append(dataDir).append("/member\n")
                .append(ts).append(" I | etcdserver: heartbeat = 100ms\n")
                .append(ts).append(" I | etcdserver: election = 1000ms\n")
                .append(ts).append(" I | etcdserver: snapshot count = 10000\n")
                .append(ts).append(" I | etcdserver: advertise client URLs = ").append(String.join(",", advertiseClient)).append('\n')
                .append(ts).append(" I | etcdserver: initial advertise peer URLs = ").append(String.join(",", peerUrls)).append('\n')
                .append(ts).append(" I | etcdserver: initial cluster = ").append(flags.getOrDefault("initial-cluster", "")).append('\n')
                .append(ts).append(" I | etcdserver: starting member ").append(m.idHex()).append(" in cluster ");
        EtcdCluster cluster = inv.world.etcd();
        host.setEtcd(m);
        cluster.add(m);
        if (org.overlaylab.simulator.etcd.EtcdPeerTraffic.memberStarted(inv.world, m)) {
            // the members open their raft streams to each other as the new one starts
            inv.world.clock().advance(org.overlaylab.simulator.etcd.EtcdPeerTraffic.STREAMS_OPEN);
        }
        host.fs().mkdirs(VirtualFs.normalize(inv.cwd(), dataDir + "/member"));
        log.append(cluster.clusterIdHex()).append('\n');
        if (cluster.available()) {
            log.append(ts).append(" I | raft: ").append(cluster.leader().idHex()).append(" became leader at term 2\n")
                    .append(ts).append(" I | etcdserver: published {Name:").append(name).append(" ClientURLs:[")
                    .append(String.join(" ", advertiseClient)).append("]} to cluster ").append(cluster.clusterIdHex()).append('\n')
                    .append(ts).append(" I | etcdmain: ready to serve client requests\n");
        } else {
            log.append(ts).append(" I | raft: ").append(m.idHex()).append(" is starting a new election at term 1\n");
        }
        inv.print(log.toString());
        if (inv.mode == Invocation.Mode.FOREGROUND) {
            inv.note("etcd keeps running in this terminal; the lab goes on while it serves");
        }
        return 0;
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String hostPort(String url) {
        String s = url.replaceFirst("^[a-z]+://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    // ------------------------------------------------------------------ etcdctl

    private static int etcdctl(Invocation inv) {
        String api = inv.env.getOrDefault("ETCDCTL_API", "2");
        List<String> args = new ArrayList<>(inv.rest());
        String endpoints = inv.env.getOrDefault("ETCDCTL_ENDPOINTS", inv.env.get("ETCDCTL_ENDPOINT"));
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            if (w.startsWith("--endpoints=") || w.startsWith("--endpoint=") || w.startsWith("--peers=")) {
                endpoints = w.substring(w.indexOf('=') + 1);
                args.remove(i--);
            } else if ((w.equals("--endpoints") || w.equals("--endpoint") || w.equals("--peers") || w.equals("-C"))
                    && i + 1 < args.size()) {
                endpoints = args.get(i + 1);
                args.remove(i);
                args.remove(i--);
            }
        }
        if (api.equals("3")) {
            try {
                return v3(inv, args, endpoints == null ? "127.0.0.1:2379" : endpoints);
            } finally {
                inv.world.etcd().writeVia(null);
            }
        }
        try {
            return v2(inv, args, endpoints == null ? "http://127.0.0.1:2379,http://127.0.0.1:4001" : endpoints);
        } finally {
            inv.world.etcd().writeVia(null);
        }
    }

    /** The running member an endpoint reaches from this host, or null. */
    private static EtcdMember reach(Invocation inv, String endpoint) {
        String hp = hostPort(endpoint);
        String ip = hp.replaceFirst(":.*", "");
        EtcdCluster cluster = inv.world.etcd();
        for (EtcdMember m : cluster.members()) {
            if (!m.running()) {
                continue;
            }
            boolean sameHost = m.host().equals(inv.host.name());
            if (ip.equals("127.0.0.1") || ip.equals("localhost")) {
                if (sameHost && inv.container == null && m.listensOn(hp.replace("localhost", "127.0.0.1"))) {
                    return m;
                }
            } else if (m.listensOn(hp)) {
                return m;
            }
        }
        return null;
    }

    private static String unreachableText(List<String> eps) {
        StringBuilder sb = new StringBuilder();
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < eps.size(); i++) {
            String e = "error #" + i + ": dial tcp " + hostPort(eps.get(i)) + ": getsockopt: connection refused";
            first.append(i == 0 ? "" : "\n; ").append(e);
            sb.append(e).append('\n');
        }
        return "Error:  client: etcd cluster is unavailable or misconfigured; " + first + "\n\n" + sb;
    }

    private static int v2(Invocation inv, List<String> args, String endpointList) {
        List<String> eps = split(endpointList);
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            inv.print("NAME:\n   etcdctl - A simple command line client for etcd.\n\nUSAGE:\n"
                    + "   etcdctl [global options] command [command options] [arguments...]\n\nVERSION:\n   3.0.12\n\n"
                    + "COMMANDS:\n   backup\t\tbackup an etcd directory\n   cluster-health\tcheck the health of the etcd cluster\n"
                    + "   mk\t\t\tmake a new key with a given value\n   mkdir\t\tmake a new directory\n"
                    + "   rm\t\t\tremove a key or a directory\n   rmdir\t\tremoves the key if it is an empty directory or a key-value pair\n"
                    + "   get\t\t\tretrieve the value of a key\n   ls\t\t\tretrieve a directory\n"
                    + "   set\t\t\tset the value of a key\n   setdir\t\tcreate a new directory or update an existing directory TTL\n"
                    + "   update\t\tupdate an existing key with a given value\n   member\t\tmember add, remove and list subcommands\n");
            return 0;
        }
        if (args.get(0).equals("--version") || args.get(0).equals("-v")) {
            inv.println("etcdctl version: 3.0.12\nAPI version: 2");
            return 0;
        }
        String cmd = args.remove(0);
        EtcdMember via = null;
        for (String e : eps) {
            via = reach(inv, e);
            if (via != null) {
                break;
            }
        }
        EtcdCluster cluster = inv.world.etcd();
        if (cmd.equals("cluster-health")) {
            if (via == null) {
                inv.println("cluster may be unhealthy: failed to list members");
                inv.err.append(unreachableText(eps));
                return 4;
            }
            boolean healthy = true;
            for (EtcdCluster.MemberView m : cluster.memberList()) {
                if (m.clientUrls().isEmpty()) {
                    inv.println("member " + m.idHex() + " is unreachable: no available published client urls");
                    healthy = false;
                } else if (m.running() && cluster.available()) {
                    inv.println("member " + m.idHex() + " is healthy: got healthy result from " + m.clientUrls().get(0));
                } else {
                    inv.println("member " + m.idHex() + " is unhealthy: got unhealthy result from " + m.clientUrls().get(0));
                    healthy = false;
                }
            }
            inv.println(healthy ? "cluster is healthy" : "cluster is unhealthy");
            return healthy ? 0 : 5;
        }
        if (via == null) {
            inv.err.append(unreachableText(eps));
            return 4;
        }
        if (cmd.equals("member")) {
            String sub = args.isEmpty() ? "list" : args.get(0);
            if (!sub.equals("list")) {
                return inv.fail(1, "Error:  member " + sub + " is not available in this lab");
            }
            for (EtcdCluster.MemberView m : cluster.memberList()) {
                if (m.name().isEmpty()) {
                    inv.println(m.idHex() + "[unstarted]: peerURLs=" + String.join(",", m.peerUrls()));
                } else {
                    inv.println(m.idHex() + ": name=" + m.name() + " peerURLs=" + String.join(",", m.peerUrls())
                            + " clientURLs=" + String.join(",", m.clientUrls()) + " isLeader=" + m.leader());
                }
            }
            return 0;
        }
        if (!cluster.available()) {
            inv.err.append("Error:  client: etcd cluster is unavailable or misconfigured; error #0: client: endpoint ")
                    .append(eps.get(0)).append(" exceeded header timeout\n\nerror #0: client: endpoint ").append(eps.get(0))
                    .append(" exceeded header timeout\n");
            return 4;
        }
        // a write reaches the member etcdctl talks to; a follower forwards it to the leader
        cluster.writeVia(via);
        V2Store store = cluster.v2();
        boolean recursive = args.remove("--recursive") | args.remove("-r");
        boolean slashDirs = args.remove("-p");
        boolean sort = args.remove("--sort");
        long ttl = 0;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--ttl") && i + 1 < args.size()) {
                ttl = Long.parseLong(args.get(i + 1));
                args.remove(i);
                args.remove(i--);
            } else if (args.get(i).startsWith("--ttl=")) {
                ttl = Long.parseLong(args.get(i).substring(6));
                args.remove(i--);
            }
        }
        if (sort) {
            recursive |= false;
        }
        try {
            switch (cmd) {
                case "ls" -> {
                    String key = args.isEmpty() ? "/" : args.get(0);
                    V2Store.Node n = store.get(key);
                    if (!n.dir()) {
                        inv.println(n.key());
                        return 0;
                    }
                    listChildren(inv, n, recursive, slashDirs);
                    return 0;
                }
                case "watch" -> {
                    if (args.isEmpty()) {
                        return inv.fail(1, "Error:  Key required");
                    }
                    return watchV2(inv, store, args.get(args.size() - 1));
                }
                case "get" -> {
                    if (args.isEmpty()) {
                        return inv.fail(1, "Error:  Key required");
                    }
                    V2Store.Node n = store.get(args.get(0));
                    if (n.dir()) {
                        return inv.fail(1, n.key() + ": is a directory");
                    }
                    inv.println(n.value());
                    return 0;
                }
                case "set", "mk", "update" -> {
                    if (args.isEmpty()) {
                        return inv.fail(1, "Error:  Key required");
                    }
                    // etcdctl v2 takes stdin as it is, final newline included
                    String value = args.size() > 1 ? args.get(1) : inv.stdin;
                    if (args.size() < 2 && inv.stdin.isEmpty()) {
                        return inv.fail(1, "Error:  Value required");
                    }
                    if (cmd.equals("mk")) {
                        store.create(args.get(0), value, ttl);
                    } else if (cmd.equals("update")) {
                        store.get(args.get(0));
                        store.set(args.get(0), value, ttl);
                    } else {
                        store.set(args.get(0), value, ttl);
                    }
                    inv.println(value);
                    return 0;
                }
                case "mkdir", "setdir" -> {
                    if (args.isEmpty()) {
                        return inv.fail(1, "Error:  Key required");
                    }
                    store.mkdir(args.get(0));
                    return 0;
                }
                case "rm", "rmdir" -> {
                    if (args.isEmpty()) {
                        return inv.fail(1, "Error:  Key required");
                    }
                    V2Store.Node n = store.get(args.get(0));
                    if (cmd.equals("rmdir") && n.dir() && !n.children().isEmpty()) {
                        return inv.fail(4, "Error:  108: Directory not empty (" + n.key() + ") [" + store.index() + "]");
                    }
                    store.delete(args.get(0), recursive || (cmd.equals("rmdir") && n.dir()));
                    if (cmd.equals("rm") && !n.dir()) {
                        inv.println("PrevNode.Value: " + n.value());
                    }
                    return 0;
                }
                default -> {
                    return inv.fail(1, "No help topic for '" + cmd + "'");
                }
            }
        } catch (V2Store.EtcdError e) {
            return inv.fail(4, e.etcdctlText());
        }
    }

    private static String trimNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static void listChildren(Invocation inv, V2Store.Node dir, boolean recursive, boolean slashDirs) {
        for (V2Store.Node c : dir.children()) {
            inv.println(c.key() + (slashDirs && c.dir() ? "/" : ""));
            if (recursive && c.dir()) {
                listChildren(inv, c, true, slashDirs);
            }
        }
    }

    /**
     * `etcdctl watch KEY` (v2): waits for the next change of the key and prints its new value. It
     * waits in virtual time until the Ctrl-C that ends a typed command or a step, and ends with the
     * status an interrupted command has when nothing changed.
     */
    private static int watchV2(Invocation inv, V2Store store, String key) {
        if (inv.stopAfterNanos == null) {
            return inv.fail(1, "'etcdctl watch' without a Ctrl-C to end it is not simulated here; "
                    + "it runs on the netns and ssh backends");
        }
        V2Store.Node before = store.find(key);
        long seen = before == null ? -1 : before.modifiedIndex();
        long waited = 0;
        while (waited < inv.stopAfterNanos) {
            long step = Math.min(org.overlaylab.simulator.world.VirtualClock.SECONDS, inv.stopAfterNanos - waited);
            inv.world.clock().advance(step);
            inv.world.settle();
            waited += step;
            V2Store.Node now = store.find(key);
            if (now != null && now.modifiedIndex() != seen && !now.dir()) {
                inv.println(now.value());
                return 0;
            }
        }
        return 130;
    }

    private static int v3(Invocation inv, List<String> args, String endpointList) {
        List<String> eps = split(endpointList);
        if (args.isEmpty()) {
            inv.print("NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl\n\nVERSION:\n\t3.0.12\n\n"
                    + "API VERSION:\n\t3.0\n\nCOMMANDS:\n\tget\t\t\tGets the key or a range of keys\n"
                    + "\tput\t\t\tPuts the given key into the store\n\tdel\t\t\tRemoves the specified key or range of keys [key, range_end)\n"
                    + "\tmember list\t\tLists all members in the cluster\n\tendpoint health\t\tChecks the healthiness of endpoints specified in `--endpoints` flag\n");
            return 0;
        }
        String cmd = args.remove(0);
        EtcdMember via = null;
        for (String e : eps) {
            via = reach(inv, e);
            if (via != null) {
                break;
            }
        }
        EtcdCluster cluster = inv.world.etcd();
        if (via == null || !cluster.available()) {
            if (cmd.equals("endpoint")) {
                for (String e : eps) {
                    inv.err.append(hostPort(e)).append(" is unhealthy: failed to connect: grpc: timed out trying to connect\n");
                }
                return 1;
            }
            return inv.fail(1, "Error:  grpc: timed out trying to connect");
        }
        boolean prefix = args.remove("--prefix");
        boolean keysOnly = args.remove("--keys-only");
        cluster.writeVia(via);
        V3Store store = cluster.v3();
        switch (cmd) {
            case "put" -> {
                if (args.isEmpty()) {
                    return inv.fail(1, "Error:  put command needs 1 argument and input from stdin or 2 arguments.");
                }
                String value = args.size() > 1 ? args.get(1) : trimNewline(inv.stdin);
                store.put(args.get(0), value, 0);
                onWire(inv, eps, via, V3GrpcRequests.PUT, V3GrpcRequests.putRequest(args.get(0), value),
                        V3GrpcAnswers.putResponse(header(cluster, via, store.revision())), V3ClientCall.Kind.WRITE);
                inv.println("OK");
                return 0;
            }
            case "get" -> {
                if (args.isEmpty()) {
                    return inv.fail(1, "Error:  get command needs one argument as key and an optional argument as range_end.");
                }
                List<V3Store.KeyValue> kvs = prefix ? store.prefix(args.get(0))
                        : store.get(args.get(0)) == null ? List.of() : List.of(store.get(args.get(0)));
                onWire(inv, eps, via, V3GrpcRequests.RANGE, V3GrpcRequests.rangeRequest(args.get(0), prefix, keysOnly),
                        V3GrpcAnswers.rangeResponse(header(cluster, via, store.revision()), kvs, keysOnly),
                        V3ClientCall.Kind.READ);
                for (V3Store.KeyValue kv : kvs) {
                    inv.println(kv.key());
                    if (!keysOnly) {
                        inv.println(kv.value());
                    }
                }
                return 0;
            }
            case "del" -> {
                if (args.isEmpty()) {
                    return inv.fail(1, "Error:  del command needs one argument as key and an optional argument as range_end.");
                }
                int deleted = store.delete(args.get(0), prefix);
                onWire(inv, eps, via, V3GrpcRequests.DELETE_RANGE, V3GrpcRequests.deleteRangeRequest(args.get(0), prefix),
                        V3GrpcAnswers.deleteRangeResponse(header(cluster, via, store.revision()), deleted),
                        V3ClientCall.Kind.WRITE);
                inv.println(String.valueOf(deleted));
                return 0;
            }
            case "member" -> {
                onWire(inv, eps, via, V3GrpcRequests.MEMBER_LIST, V3GrpcRequests.memberListRequest(),
                        V3GrpcAnswers.memberListResponse(header(cluster, via, 0), cluster.memberList()),
                        V3ClientCall.Kind.READ);
                for (EtcdCluster.MemberView m : cluster.memberList()) {
                    inv.println(m.idHex() + ", " + (m.name().isEmpty() ? "unstarted" : "started") + ", " + m.name() + ", "
                            + String.join(",", m.peerUrls()) + ", " + String.join(",", m.clientUrls()));
                }
                return 0;
            }
            case "endpoint" -> {
                for (String e : eps) {
                    // each endpoint is checked with a client of its own: a Get of the key "health"
                    EtcdMember member = reach(inv, e);
                    if (member != null) {
                        onWire(inv, List.of(e), member, V3GrpcRequests.RANGE,
                                V3GrpcRequests.rangeRequest("health", false, false),
                                V3GrpcAnswers.rangeResponse(header(cluster, member, store.revision()), List.of(), false),
                                V3ClientCall.Kind.READ);
                    }
                    inv.println(hostPort(e) + " is healthy: successfully committed proposal: took = 1.841623ms");
                }
                return 0;
            }
            default -> {
                return inv.fail(1, "Error: unknown command \"" + cmd + "\" for \"etcdctl\"");
            }
        }
    }

    /** etcd's ResponseHeader for an answer from `member`: the cluster's id, the member's, the revision. */
    private static Protobuf header(EtcdCluster cluster, EtcdMember member, long revision) {
        return V3GrpcAnswers.header(Long.parseUnsignedLong(cluster.clusterIdHex(), 16), member.id(), revision);
    }

    /**
     * Puts the command's gRPC call on the wire, from the namespace etcdctl runs in to the member
     * that listens on the endpoint it reached (over lo for 127.0.0.1), and lets virtual time run
     * until the connection is closed at both ends.
     */
    private static void onWire(Invocation inv, List<String> eps, EtcdMember via, String method, byte[] request,
                               byte[] response, V3ClientCall.Kind kind) {
        String endpoint = eps.stream().filter(e -> reach(inv, e) == via).findFirst().orElse(null);
        if (endpoint == null) {
            return;
        }
        String authority = hostPort(endpoint);
        String[] hp = authority.replace("localhost", "127.0.0.1").split(":");
        if (!Ipv4.isValid(hp[0])) {
            return;
        }
        int server = Ipv4.parse(hp[0]);
        int port = hp.length > 1 ? Integer.parseInt(hp[1]) : 2379;
        boolean loopback = hp[0].startsWith("127.");
        Integer client = loopback ? Integer.valueOf(server) : inv.world.forwarder().sourceFor(inv.ns, server);
        SimHost serverHost = inv.world.host(via.host());
        if (client == null || serverHost == null) {
            return;
        }
        VirtualClock clock = inv.world.clock();
        V3ClientCall call = new V3ClientCall(inv.world, "etcdctl-v3:" + inv.host.name() + ":" + clock.now(), inv.ns,
                client, serverHost.root(), server, port, authority, method, request, response, kind);
        long limit = clock.now() + VirtualClock.SECONDS;
        while (!call.finished() && clock.now() < limit) {
            clock.runUntil(Math.min(limit, clock.now() + VirtualClock.MILLIS));
        }
    }
}
