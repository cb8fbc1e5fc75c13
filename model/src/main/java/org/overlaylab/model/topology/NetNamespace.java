/*
 * A network namespace: the host's own (always named "host"), a container's, Docker's overlay
 * sandbox (1-<id>) or one made with `ip netns add`. Holds devices, the main routing table,
 * neighbours and bridge FDB.
 */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Optional;

public record NetNamespace(
        String name,
        Kind kind,
        String container,
        List<NetInterface> interfaces,
        List<Route> routes,
        List<Neighbour> neighbours,
        List<FdbEntry> fdb) {

    public enum Kind { HOST, CONTAINER, OVERLAY, NAMED }

    public NetNamespace {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        neighbours = List.copyOf(neighbours);
        fdb = List.copyOf(fdb);
    }

    public Optional<NetInterface> iface(String ifName) {
        return interfaces.stream().filter(i -> i.name().equals(ifName)).findFirst();
    }

    public Optional<NetInterface> ifaceByIndex(int index) {
        return interfaces.stream().filter(i -> i.index() == index).findFirst();
    }
}
