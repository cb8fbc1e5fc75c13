/*
 * The kinds of state check a lab step may declare, with the fields each accepts and which of those
 * are required. The lab-file validator and the evaluator both read this table, so a field that is
 * accepted is always evaluated.
 */
package org.overlaylab.model.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class CheckKinds {
    private CheckKinds() {}

    public record Kind(String name, boolean needsHost, Set<String> required, Set<String> optional, String help) {
        public boolean accepts(String field) {
            return required.contains(field) || optional.contains(field) || field.equals("host");
        }
    }

    /** Fields any namespaced check may use to look inside a container or Docker's overlay namespace. */
    private static final List<String> WHERE = List.of("container", "namespace");

    public static final Map<String, Kind> ALL;

    static {
        Map<String, Kind> m = new LinkedHashMap<>();
        add(m, "interface", true, Set.of("name"),
                with(WHERE, "kind", "mtu", "mac", "up", "master", "address", "no-address", "vni", "dstport", "local", "peer",
                        "absent"),
                "a network device and its properties");
        add(m, "route", true, Set.of("destination"),
                with(WHERE, "gateway", "device", "protocol", "type", "scope", "absent"),
                "a route of the main table");
        add(m, "neighbour", true, Set.of("address"),
                with(WHERE, "lladdr", "device", "state", "absent"),
                "an ARP entry");
        add(m, "fdb", true, Set.of("device"),
                with(WHERE, "mac", "destination", "absent"),
                "a bridge or VXLAN forwarding entry");
        add(m, "bridge-port", true, Set.of("bridge", "port"), with(WHERE, "absent"),
                "a device enslaved to a Linux bridge");
        add(m, "ovs-port", true, Set.of("bridge", "port"), Set.of("type", "remote_ip", "absent"),
                "a port of an Open vSwitch bridge");
        add(m, "container", true, Set.of("name"), Set.of("state", "network", "address", "mac", "image", "absent"),
                "a Docker container and its address on a network");
        add(m, "docker-network", true, Set.of("name"), Set.of("driver", "scope", "subnet", "gateway", "absent"),
                "a Docker network as this host sees it");
        add(m, "namespace", true, Set.of(), Set.of("name", "prefix", "kind", "absent"),
                "a network namespace (a container's, Docker's overlay sandbox, or ip netns)");
        add(m, "daemon", true, Set.of("name"), Set.of("state"),
                "a daemon running or stopped on the host");
        add(m, "etcd-key", false, Set.of("key"), Set.of("contains", "value", "absent"),
                "a key in the etcd store");
        add(m, "etcd-member", false, Set.of("name"), Set.of("id", "healthy"),
                "a member of the etcd cluster");
        add(m, "tunnel", true, Set.of("to"), Set.of("kind", "key", "device"),
                "a VXLAN, Geneve or GRE tunnel from this host to another");
        add(m, "command", true, Set.of("run"), Set.of("contains", "absent", "exit"),
                "a read-only command run on the host at each evaluation, and what its output must show");
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    private static Set<String> with(List<String> base, String... more) {
        java.util.Set<String> s = new java.util.LinkedHashSet<>(base);
        s.addAll(List.of(more));
        return s;
    }

    private static void add(Map<String, Kind> m, String name, boolean needsHost, Set<String> required,
                            Set<String> optional, String help) {
        m.put(name, new Kind(name, needsHost, required, optional, help));
    }
}
