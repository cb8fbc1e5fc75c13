/*
 * The observed state of a whole lab at one moment: every host with its namespaces, devices,
 * routes, neighbours, FDB, OVS bridges, containers and daemons, the underlay segments between
 * hosts, and the etcd key space. Every backend produces this value; the UI only draws it.
 */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Optional;

public record Topology(List<Host> hosts, List<Segment> segments, List<EtcdMember> etcdMembers, List<EtcdKey> etcdKeys) {

    public static final Topology EMPTY = new Topology(List.of(), List.of(), List.of(), List.of());

    public Topology {
        hosts = List.copyOf(hosts);
        segments = List.copyOf(segments);
        etcdMembers = List.copyOf(etcdMembers);
        etcdKeys = List.copyOf(etcdKeys);
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<EtcdKey> etcdKey(String key) {
        return etcdKeys.stream().filter(k -> k.key().equals(key)).findFirst();
    }

    /** The host whose underlay address is the given IP, if any: how tunnel ends are matched to hosts. */
    public Optional<Host> hostWithAddress(String ip) {
        // plain loops: Tunnel.find calls this for every FDB entry, which adds up with many hosts
        for (Host h : hosts) {
            for (NetNamespace ns : h.namespaces()) {
                for (NetInterface i : ns.interfaces()) {
                    if (i.hasAddress(ip)) {
                        return Optional.of(h);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
