/*
 * A Docker container (or a Calico workload) on a host: identity, image, state, the namespace that
 * holds its devices, and one endpoint per network it is attached to.
 */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Optional;

public record Container(String id, String name, String image, String state, String namespace,
                        List<Endpoint> endpoints) {

    public Container {
        endpoints = List.copyOf(endpoints);
    }

    /** The container's attachment to one network: its device inside the container, address and MAC. */
    public record Endpoint(String network, String device, String address, int prefixLength, String mac, String gateway) {}

    public boolean running() {
        return "running".equals(state);
    }

    public Optional<Endpoint> endpoint(String network) {
        return endpoints.stream().filter(e -> e.network().equals(network)).findFirst();
    }
}
