/*
 * Builds a topology Host from a host probe's output: namespaces with their devices, routes,
 * neighbours and FDB, veth peers matched across namespaces, containers with the device each
 * endpoint has inside the container, Docker networks and OVS bridges. The host's own namespace is
 * named "host", Docker's overlay namespaces keep their names (1-<id>), and a container's
 * namespace is named after the container.
 */
package org.overlaylab.hosts.observe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.OvsBridge;

public final class ProbeTopologyBuilder {
    private ProbeTopologyBuilder() {}

    public static final String HOST_NAMESPACE = "host";

    /** Endpoints the host's container runtime does not report itself (Calico workloads wired by hand). */
    public record ExtraEndpoint(String container, Container.Endpoint endpoint) {}

    public static Host host(String name, String hostname, HostProbe.Output out, List<Daemon> daemons,
                            List<ExtraEndpoint> extraEndpoints, List<DockerNetwork> extraNetworks) throws IOException {
        List<DockerJson.ContainerInfo> containers = out.sections().containsKey("docker-containers")
                ? DockerJson.containers(out.sections().get("docker-containers")) : List.of();
        Map<String, DockerJson.ContainerInfo> bySandbox = new HashMap<>();
        for (DockerJson.ContainerInfo c : containers) {
            if (c.sandbox() != null && c.pid() > 0) {
                bySandbox.put(c.sandbox(), c);
            }
        }
        List<NetNamespace> namespaces = new ArrayList<>();
        for (HostProbe.NsDump d : out.namespaces()) {
            String nsName;
            NetNamespace.Kind kind;
            String container = null;
            if (d.kind().equals("host")) {
                nsName = HOST_NAMESPACE;
                kind = NetNamespace.Kind.HOST;
            } else if (d.name().matches("[0-9]+-[0-9a-f]+")) {
                nsName = d.name();
                kind = NetNamespace.Kind.OVERLAY;
            } else if (bySandbox.containsKey(d.name())) {
                container = bySandbox.get(d.name()).name();
                nsName = d.name();
                kind = NetNamespace.Kind.CONTAINER;
            } else {
                nsName = d.name();
                kind = NetNamespace.Kind.NAMED;
            }
            List<NetInterface> ifaces = IpJson.interfaces(IpJson.links(d.parts().get("link")),
                    IpJson.addresses(d.parts().get("addr")));
            namespaces.add(new NetNamespace(nsName, kind, container, ifaces, IpJson.routes(d.parts().get("route")),
                    IpJson.neighbours(d.parts().get("neigh")), forwarding(IpJson.fdb(d.parts().get("fdb")))));
        }
        namespaces = resolvePeers(namespaces);

        List<Container> result = new ArrayList<>();
        for (DockerJson.ContainerInfo c : containers) {
            NetNamespace ns = namespaces.stream().filter(n -> c.name().equals(n.container())).findFirst().orElse(null);
            List<Container.Endpoint> eps = new ArrayList<>();
            for (DockerJson.EndpointInfo e : c.endpoints()) {
                String dev = ns == null ? null : ns.interfaces().stream()
                        .filter(i -> i.mac() != null && i.mac().equalsIgnoreCase(e.mac())).map(NetInterface::name)
                        .findFirst().orElse(null);
                eps.add(new Container.Endpoint(e.network(), dev, e.address(), e.prefixLength(), e.mac(), e.gateway()));
            }
            if (ns != null) {
                eps.addAll(hiddenBridgeEndpoints(c, ns, eps, namespaces));
            }
            for (ExtraEndpoint x : extraEndpoints) {
                if (x.container().equals(c.name())) {
                    eps.add(x.endpoint());
                }
            }
            result.add(new Container(c.id(), c.name(), c.image(), c.state(), ns == null ? null : ns.name(), eps));
        }
        List<DockerNetwork> networks = new ArrayList<>(out.sections().containsKey("docker-networks")
                ? DockerJson.networks(out.sections().get("docker-networks")) : List.of());
        networks.addAll(extraNetworks);
        List<OvsBridge> bridges = out.sections().containsKey("ovs-bridges")
                ? OvsJson.bridges(out.sections().get("ovs-bridges"), out.sections().get("ovs-ports"),
                out.sections().get("ovs-interfaces")) : List.of();
        return new Host(name, hostname, namespaces, bridges, networks, result, daemons);
    }

    /**
     * Endpoints Docker does not list for a container but the kernel shows: a container on an
     * overlay network also has a device on the host's docker_gwbridge (eth1), for the outside.
     */
    static List<Container.Endpoint> hiddenBridgeEndpoints(DockerJson.ContainerInfo c, NetNamespace ns,
                                                          List<Container.Endpoint> known, List<NetNamespace> all) {
        List<Container.Endpoint> out = new ArrayList<>();
        NetNamespace host = all.stream().filter(n -> n.kind() == NetNamespace.Kind.HOST).findFirst().orElse(null);
        if (host == null) {
            return out;
        }
        for (NetInterface i : ns.interfaces()) {
            boolean listed = known.stream().anyMatch(e -> i.name().equals(e.device()));
            if (listed || i.peer() == null || !HOST_NAMESPACE.equals(i.peer().namespace()) || i.addresses().isEmpty()) {
                continue;
            }
            NetInterface hostEnd = host.iface(i.peer().name()).orElse(null);
            if (hostEnd == null || hostEnd.master() == null) {
                continue;
            }
            NetInterface bridge = host.iface(hostEnd.master()).orElse(null);
            String gateway = bridge == null || bridge.addresses().isEmpty() ? null : bridge.addresses().get(0).address();
            var a = i.addresses().get(0);
            out.add(new Container.Endpoint(hostEnd.master(), i.name(), a.address(), a.prefixLength(), i.mac(), gateway));
        }
        return out;
    }

    /** The FDB entries that say where traffic goes: VXLAN destinations and MACs a bridge learned. */
    static List<org.overlaylab.model.topology.FdbEntry> forwarding(List<org.overlaylab.model.topology.FdbEntry> all) {
        List<org.overlaylab.model.topology.FdbEntry> out = new ArrayList<>();
        for (org.overlaylab.model.topology.FdbEntry f : all) {
            boolean multicast = f.mac().length() >= 2 && (Integer.parseInt(f.mac().substring(0, 2), 16) & 1) == 1;
            boolean learned = f.master() != null && !f.state().equals("permanent") && !f.self();
            if (f.destination() != null || (learned && !multicast)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Gives every veth its peer's name and namespace, matching ifindex pairs across namespaces. */
    static List<NetNamespace> resolvePeers(List<NetNamespace> namespaces) {
        List<NetNamespace> out = new ArrayList<>();
        for (NetNamespace ns : namespaces) {
            List<NetInterface> ifaces = new ArrayList<>();
            for (NetInterface i : ns.interfaces()) {
                NetInterface.Peer p = i.peer();
                if (p != null) {
                    NetInterface.Peer resolved = null;
                    NetInterface sameNs = p.name() == null ? null : ns.iface(p.name())
                            .filter(x -> p.index() < 0 || x.index() == p.index()).orElse(null);
                    if (sameNs != null) {
                        // iproute2 names the peer ("link") only when it is in the same namespace
                        resolved = new NetInterface.Peer(sameNs.name(), sameNs.index(), ns.name());
                    } else {
                        for (NetNamespace other : namespaces) {
                            if (other == ns) {
                                continue;
                            }
                            NetInterface cand = other.ifaceByIndex(p.index()).orElse(null);
                            if (cand != null && cand.peer() != null && cand.peer().index() == i.index()) {
                                resolved = new NetInterface.Peer(cand.name(), cand.index(), other.name());
                                break;
                            }
                        }
                    }
                    if (resolved == null) {
                        resolved = new NetInterface.Peer(p.name(), p.index(), null);
                    }
                    i = new NetInterface(i.index(), i.name(), i.kind(), i.mac(), i.mtu(), i.up(), i.operState(), i.master(),
                            resolved, i.addresses(), i.vxlan());
                }
                ifaces.add(i);
            }
            out.add(new NetNamespace(ns.name(), ns.kind(), ns.container(), ifaces, ns.routes(), ns.neighbours(), ns.fdb()));
        }
        return out;
    }

    /**
     * The named devices of the host's own namespace shown as plain Ethernet cards (kind "ether",
     * no peer) when they are veth ends whose peer lies outside the host: how a lab host made of
     * namespaces shows the network cards of the VM it stands for.
     */
    public static Host nicsAsEther(Host host, java.util.Set<String> nics) {
        List<NetNamespace> namespaces = new ArrayList<>();
        for (NetNamespace ns : host.namespaces()) {
            if (ns.kind() != NetNamespace.Kind.HOST) {
                namespaces.add(ns);
                continue;
            }
            List<NetInterface> ifaces = new ArrayList<>();
            for (NetInterface i : ns.interfaces()) {
                boolean nic = nics.contains(i.name()) && i.kind().equals("veth") && (i.peer() == null || i.peer().namespace() == null);
                ifaces.add(nic ? new NetInterface(i.index(), i.name(), "ether", i.mac(), i.mtu(), i.up(), i.operState(), i.master(),
                        null, i.addresses(), i.vxlan()) : i);
            }
            namespaces.add(new NetNamespace(ns.name(), ns.kind(), ns.container(), ifaces, ns.routes(), ns.neighbours(), ns.fdb()));
        }
        return new Host(host.name(), host.hostname(), namespaces, host.ovsBridges(), host.dockerNetworks(), host.containers(),
                host.daemons());
    }
}
