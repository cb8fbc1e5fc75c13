/*
 * One lab host (a VM in the tutorial, a network namespace or SSH target on the real backends):
 * its network namespaces (the first is the host's own), Open vSwitch bridges, Docker networks and
 * containers, and the daemons that run on it.
 */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Optional;

public record Host(
        String name,
        String hostname,
        List<NetNamespace> namespaces,
        List<OvsBridge> ovsBridges,
        List<DockerNetwork> dockerNetworks,
        List<Container> containers,
        List<Daemon> daemons) {

    public Host {
        namespaces = List.copyOf(namespaces);
        ovsBridges = List.copyOf(ovsBridges);
        dockerNetworks = List.copyOf(dockerNetworks);
        containers = List.copyOf(containers);
        daemons = List.copyOf(daemons);
    }

    /** The host's own (root) namespace. */
    public NetNamespace root() {
        return namespaces.stream().filter(ns -> ns.kind() == NetNamespace.Kind.HOST).findFirst()
                .orElseThrow(() -> new IllegalStateException("host " + name + " has no root namespace"));
    }

    public Optional<NetNamespace> namespace(String nsName) {
        return namespaces.stream().filter(ns -> ns.name().equals(nsName)).findFirst();
    }

    public Optional<Container> container(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    public Optional<Daemon> daemon(String daemonName) {
        return daemons.stream().filter(d -> d.name().equals(daemonName)).findFirst();
    }

    public Optional<OvsBridge> ovsBridge(String bridgeName) {
        return ovsBridges.stream().filter(b -> b.name().equals(bridgeName)).findFirst();
    }

    public Optional<DockerNetwork> dockerNetwork(String networkName) {
        return dockerNetworks.stream().filter(n -> n.name().equals(networkName)).findFirst();
    }
}
