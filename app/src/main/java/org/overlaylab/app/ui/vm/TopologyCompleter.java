/*
 * Tab completion for the desktop terminals: the model's completion engine (programs, then
 * sub-commands and the names on the host as last observed: interfaces, bridges, containers, Docker
 * networks, hosts), given the sub-commands and keywords of the programs labs use. After a keyword
 * that takes a fixed word (`type`, `peer`) only those words are offered; after `dev`, `master` or
 * `-i` only interfaces; after `docker exec` only containers.
 */
package org.overlaylab.app.ui.vm;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.overlaylab.model.shell.Completion;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.encap.Encapsulations;

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

    /** Keywords a command takes after its first three words ("ip link add ..."). */
    static final Map<String, List<String>> OPTIONS = Map.of(
            "ip link add", List.of("dev", "dstport", "id", "local", "mtu", "name", "peer", "remote", "type"),
            "ip link set", List.of("address", "dev", "down", "master", "mtu", "name", "nomaster", "up"),
            "ip addr add", List.of("dev"),
            "ip address add", List.of("dev"),
            "ip route add", List.of("dev", "proto", "scope", "src", "via"),
            "ip route del", List.of("dev", "via"),
            "bridge fdb add", List.of("dev", "dst", "permanent", "self"),
            "bridge fdb append", List.of("dev", "dst", "permanent", "self"),
            "bridge fdb del", List.of("dev", "dst", "self"));

    /** Words after which a keyword, not a name, follows. */
    private static final Map<String, List<String>> KEYWORDS = Map.of(
            "type", List.of("bridge", "gre", "veth", "vxlan"),
            "peer", List.of("name"),
            "dstport", List.of(String.valueOf(Encapsulations.VXLAN_PORT),
                    String.valueOf(Encapsulations.VXLAN_LINUX_PORT)));


    private static final Set<String> BEFORE_INTERFACE = Set.of("dev", "master", "-i", "-I", "link", "addif", "delif",
            "del-port");
    private static final Set<String> DOCKER_ON_CONTAINER = Set.of("exec", "inspect", "logs", "rm", "start", "stop");

    private final Supplier<Topology> topology;
    private final Completion engine = Completion.standard(TopologyCompleter::after);

    public TopologyCompleter(Supplier<Topology> topology) {
        this.topology = topology;
    }

    @Override
    public List<String> candidates(String host, String container, String beforeCaret) {
        Completion.Result r = engine.complete(beforeCaret, beforeCaret.length(), topology.get(), host, container);
        String last = lastWordBefore(beforeCaret, r.wordStart());
        String previous = wordBefore(beforeCaret, r.wordStart(), 2);
        return r.candidates().stream().filter(c -> {
            if (KEYWORDS.containsKey(last)) {
                return c.description().equals("sub-command");
            }
            if (BEFORE_INTERFACE.contains(last)) {
                return c.description().startsWith("interface") || c.description().equals("bridge")
                        || c.description().startsWith("port of") || c.description().startsWith("Open vSwitch");
            }
            if ("docker".equals(previous) && DOCKER_ON_CONTAINER.contains(last)) {
                return c.description().startsWith("container");
            }
            return true;
        }).map(Completion.Candidate::value).sorted().toList();
    }

    /** What the engine asks: the sub-commands (or keywords) after the words of the command so far. */
    static List<String> after(List<String> words) {
        if (words.isEmpty()) {
            return List.of();
        }
        String last = words.get(words.size() - 1);
        if (KEYWORDS.containsKey(last)) {
            return KEYWORDS.get(last);
        }
        if (words.size() == 1) {
            return SUBCOMMANDS.getOrDefault(words.get(0), List.of());
        }
        if (words.size() == 2) {
            return SUBCOMMANDS.getOrDefault(words.get(0) + " " + words.get(1), List.of());
        }
        return OPTIONS.getOrDefault(String.join(" ", words.subList(0, 3)), List.of());
    }

    private static String lastWordBefore(String text, int end) {
        return wordBefore(text, end, 1);
    }

    /** The n-th blank-separated word before `end` (1: the one just before), or "". */
    private static String wordBefore(String text, int end, int n) {
        String[] words = text.substring(0, end).trim().split("\\s+");
        int i = words.length - n;
        return i >= 0 ? words[i] : "";
    }
}
