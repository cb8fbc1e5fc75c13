/*
 * Tab completion from what the lab knows: program names (the programs a lab may call), their
 * sub-commands and keywords, and the names on the host as last observed: interfaces, Linux and OVS
 * bridges, containers, Docker networks, hosts. After `dev`, `master` or `-i` only interfaces are
 * offered, after `docker exec` only containers, and so on.
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Topology;

public final class TopologyCompleter implements Completer {

    /** Sub-commands by the words that lead to them ("ip", "ip link", "docker network"...). */
    static final Map<String, List<String>> SUBCOMMANDS = Map.ofEntries(
            Map.entry("ip", List.of("-d", "-j", "-s", "-4", "addr", "address", "link", "neigh", "netns", "route")),
            Map.entry("ip link", List.of("add", "del", "delete", "set", "show")),
            Map.entry("ip addr", List.of("add", "del", "flush", "show")),
            Map.entry("ip address", List.of("add", "del", "flush", "show")),
            Map.entry("ip route", List.of("add", "del", "get", "replace", "show")),
            Map.entry("ip neigh", List.of("add", "del", "flush", "replace", "show")),
            Map.entry("ip netns", List.of("add", "del", "exec", "list")),
            Map.entry("bridge", List.of("fdb", "link")),
            Map.entry("bridge fdb", List.of("add", "append", "del", "replace", "show")),
            Map.entry("brctl", List.of("addbr", "addif", "delbr", "delif", "show")),
            Map.entry("docker", List.of("daemon", "exec", "info", "inspect", "logs", "network", "ps", "rm", "run",
                    "start", "stop", "version")),
            Map.entry("docker network", List.of("connect", "create", "disconnect", "inspect", "ls", "rm")),
            Map.entry("ovs-vsctl", List.of("add-br", "add-port", "del-br", "del-port", "list-br", "list-ports", "set",
                    "show")),
            Map.entry("etcdctl", List.of("cluster-health", "del", "get", "ls", "member", "mkdir", "put", "rm", "set")),
            Map.entry("service", List.of("docker")),
            Map.entry("service docker", List.of("restart", "start", "status", "stop")),
            Map.entry("systemctl", List.of("restart", "start", "status", "stop")),
            Map.entry("calicoctl", List.of("create", "get", "node")),
            Map.entry("tcpdump", List.of("-e", "-i", "-n", "-nn", "-v")),
            Map.entry("ping", List.of("-I", "-M", "-c", "-i", "-s")));

    /** Words after which a keyword, not a name, follows. */
    private static final Map<String, List<String>> KEYWORDS = Map.of(
            "type", List.of("bridge", "gre", "veth", "vxlan"),
            "peer", List.of("name"),
            "dstport", List.of("4789", "8472"));

    private static final Set<String> BEFORE_INTERFACE = Set.of("dev", "master", "-i", "-I", "name", "link", "addif",
            "delif", "del-port");
    private static final Set<String> DOCKER_ON_CONTAINER = Set.of("exec", "inspect", "logs", "rm", "start", "stop");

    private final Supplier<Topology> topology;

    public TopologyCompleter(Supplier<Topology> topology) {
        this.topology = topology;
    }

    @Override
    public List<String> candidates(String hostName, String container, String beforeCaret) {
        List<String> words = words(beforeCaret);
        String prefix = beforeCaret.isEmpty() || Character.isWhitespace(beforeCaret.charAt(beforeCaret.length() - 1))
                ? "" : words.remove(words.size() - 1);
        int lastSeparator = Math.max(words.lastIndexOf("|"), Math.max(words.lastIndexOf("&&"), words.lastIndexOf(";")));
        List<String> command = new ArrayList<>(words.subList(lastSeparator + 1, words.size()));
        while (!command.isEmpty() && KnownPrograms.WRAPPERS.contains(command.get(0))) {
            command.remove(0);
        }
        Set<String> out = new TreeSet<>();
        if (command.isEmpty()) {
            out.addAll(KnownPrograms.ALL.keySet());
            out.add("sudo");
            out.remove(".");
        } else {
            String program = KnownPrograms.baseName(command.get(0));
            String last = command.get(command.size() - 1);
            List<String> sub = command.size() <= 2 ? SUBCOMMANDS.get(
                    command.size() == 1 ? program : program + " " + command.get(1)) : null;
            Host host = topology.get().host(hostName).orElse(null);
            if (KEYWORDS.containsKey(last)) {
                out.addAll(KEYWORDS.get(last));
            } else if (sub != null) {
                out.addAll(sub);
            } else if (host != null && BEFORE_INTERFACE.contains(last)) {
                out.addAll(interfaces(host, container));
            } else if (host != null && program.equals("docker") && DOCKER_ON_CONTAINER.contains(command.get(1))) {
                host.containers().forEach(c -> out.add(c.name()));
            } else if (host != null && program.equals("docker") && command.get(1).equals("network")) {
                host.dockerNetworks().forEach(n -> out.add(n.name()));
            } else if (host != null && program.equals("ovs-vsctl")) {
                host.ovsBridges().forEach(b -> out.add(b.name()));
                out.addAll(interfaces(host, container));
            } else if (host != null) {
                out.addAll(interfaces(host, container));
                host.ovsBridges().forEach(b -> out.add(b.name()));
                host.containers().forEach(c -> out.add(c.name()));
                host.dockerNetworks().forEach(n -> out.add(n.name()));
                topology.get().hosts().forEach(h -> out.add(h.name()));
            }
        }
        return out.stream().filter(w -> w.startsWith(prefix)).toList();
    }

    private static List<String> interfaces(Host host, String container) {
        List<String> names = new ArrayList<>();
        for (NetNamespace ns : host.namespaces()) {
            boolean mine = container == null ? ns.kind() == NetNamespace.Kind.HOST : container.equals(ns.container());
            if (mine) {
                ns.interfaces().stream().map(NetInterface::name).forEach(names::add);
            }
        }
        if (container != null && names.isEmpty()) {
            host.container(container).ifPresent(c -> c.endpoints().forEach(e -> names.add(e.device())));
        }
        return names;
    }

    /** The blank-separated words; quotes are not taken apart, as the word being typed may be open. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
