/*
 * Turns the simulator's state into the Topology value every backend produces. Naming follows
 * what the real backends observe: the host's own namespace is "host", Docker's sandboxes keep
 * their names, multicast and local bridge FDB entries are left out (only VXLAN entries and
 * learned MACs say where traffic goes).
 */
package org.overlaylab.simulator.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.EtcdMember;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.InterfaceAddress;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Neighbour;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.simulator.docker.ContainerRecord;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.etcd.EtcdCluster;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.etcd.V3Store;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Ether;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.OvsPort;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.ovs.OvsSwitch;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class SimWorldTopologyBuilder {
    private SimWorldTopologyBuilder() {}

    public static Topology build(SimWorld world) {
        long now = world.clock().now();
        List<Host> hosts = new ArrayList<>();
        for (SimHost h : world.hosts()) {
            hosts.add(host(h, now));
        }
        List<Segment> segments = new ArrayList<>();
        for (org.overlaylab.simulator.kernel.Segment s : world.segments()) {
            List<Segment.Attachment> att = new ArrayList<>();
            for (Ether e : s.ports()) {
                NetNs ns = e.ns();
                if (ns == null) {
                    continue;
                }
                att.add(new Segment.Attachment(ns.kind() == NetNs.Kind.WORLD ? SimWorld.OUTSIDE : ns.hostName(),
                        ns.kind() == NetNs.Kind.WORLD ? ns.name() + ":" + e.name() : e.name()));
            }
            segments.add(new Segment(s.name(), s.cidr().toString(), att));
        }
        EtcdCluster etcd = world.etcd();
        List<EtcdMember> members = new ArrayList<>();
        for (EtcdCluster.MemberView m : etcd.memberList()) {
            members.add(new EtcdMember(m.idHex(), m.name(), m.host(), m.peerUrls(), m.clientUrls(),
                    m.running() && etcd.available()));
        }
        List<EtcdKey> keys = new ArrayList<>();
        if (!etcd.members().isEmpty()) {
            for (V2Store.Node n : etcd.v2().all("/")) {
                keys.add(new EtcdKey(n.key(), n.dir() ? null : n.value(), "v2", etcd.v2().ttlOf(n)));
            }
            for (V3Store.KeyValue kv : etcd.v3().all()) {
                keys.add(new EtcdKey(kv.key(), kv.value(), "v3", 0));
            }
        }
        return new Topology(hosts, segments, members, keys);
    }

    public static String namespaceName(NetNs ns) {
        return ns.kind() == NetNs.Kind.HOST ? CapturePoint.HOST_NAMESPACE : ns.name();
    }

    private static Host host(SimHost h, long now) {
        List<NetNamespace> namespaces = new ArrayList<>();
        for (NetNs ns : h.allNamespaces()) {
            namespaces.add(namespace(ns, now));
        }
        List<OvsBridge> ovs = new ArrayList<>();
        if (h.ovs() != null) {
            for (OvsSwitch.Bridge b : h.ovs().bridges()) {
                List<OvsBridge.Port> ports = new ArrayList<>();
                for (OvsSwitch.Port p : b.ports()) {
                    ports.add(new OvsBridge.Port(p.name(), p.type(), p.options()));
                }
                ovs.add(new OvsBridge(b.name(), b.datapathType(), ports));
            }
        }
        List<DockerNetwork> networks = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        DockerEngine d = h.docker();
        if (d != null) {
            if (d.running()) {
                for (DockerEngine.NetworkView n : d.networks()) {
                    networks.add(new DockerNetwork(n.id(), n.name(), n.driver(), n.scope(),
                            n.subnet() == null ? List.of() : List.of(n.subnet().toString()),
                            n.gateway() == null ? List.of() : List.of(Ipv4.format(n.gateway())), n.options()));
                }
            }
            for (ContainerRecord c : d.containers()) {
                List<Container.Endpoint> eps = new ArrayList<>();
                for (ContainerRecord.Endpoint e : c.endpoints().values()) {
                    eps.add(new Container.Endpoint(e.networkName(), e.device(), e.address().addressText(),
                            e.address().prefixLength(), e.mac(), e.gateway() == null ? null : Ipv4.format(e.gateway())));
                }
                containers.add(new Container(c.id(), c.name(), c.image(), c.state(), c.sandboxId(), eps));
            }
        }
        return new Host(h.name(), h.hostname(), namespaces, ovs, networks, containers, daemons(h));
    }

    private static List<Daemon> daemons(SimHost h) {
        List<Daemon> out = new ArrayList<>();
        if (h.etcd() != null) {
            out.add(new Daemon("etcd", h.etcd().running() ? "running" : "stopped",
                    Map.of("name", h.etcd().name(), "member-id", h.etcd().idHex(), "pid", String.valueOf(h.etcd().pid()))));
        }
        if (h.docker() != null) {
            Map<String, String> details = new LinkedHashMap<>();
            if (h.docker().running()) {
                details.put("pid", String.valueOf(h.docker().pid()));
                if (h.docker().config().clusterStore() != null) {
                    details.put("cluster-store", h.docker().config().clusterStore());
                }
                if (h.docker().config().clusterAdvertise() != null) {
                    details.put("cluster-advertise", h.docker().config().clusterAdvertise());
                }
            }
            out.add(new Daemon("dockerd", h.docker().running() ? "running" : "stopped", details));
        }
        if (h.ovs() != null) {
            out.add(new Daemon("ovs-vswitchd", "running", Map.of("version", OvsSwitch.VERSION)));
        }
        if (h.flannel() != null) {
            out.add(new Daemon("flanneld", h.flannel().running() ? "running" : "stopped",
                    h.flannel().lease() == null ? Map.of() : Map.of("lease", h.flannel().lease().toString())));
        }
        if (h.calico() != null) {
            out.add(new Daemon("calico-node", h.calico().running() ? "running" : "stopped",
                    Map.of("ip", h.calico().address().toString())));
        }
        return out;
    }

    private static NetNamespace namespace(NetNs ns, long now) {
        List<NetInterface> ifs = new ArrayList<>();
        for (Link l : ns.links()) {
            ifs.add(iface(l));
        }
        List<Route> routes = new ArrayList<>();
        for (RouteEntry r : ns.routes()) {
            routes.add(new Route(r.isDefault() ? "default" : r.destination().toString(),
                    r.gateway() == null ? null : Ipv4.format(r.gateway()), r.device() == null ? null : r.device().name(),
                    r.protocol(), r.scope(), r.preferredSource() == null ? null : Ipv4.format(r.preferredSource()),
                    r.type(), r.metric(), r.onlink()));
        }
        List<Neighbour> neigh = new ArrayList<>();
        for (org.overlaylab.simulator.kernel.Neighbour n : ns.neighbours()) {
            neigh.add(new Neighbour(Ipv4.format(n.address()), n.device().name(), n.lladdr(), n.stateAt(now).name()));
        }
        List<FdbEntry> fdb = new ArrayList<>();
        for (Link l : ns.links()) {
            if (l instanceof Vxlan x) {
                for (Vxlan.FdbRecord f : x.fdb()) {
                    fdb.add(new FdbEntry(f.mac(), l.name(), null, Ipv4.format(f.destination()), true,
                            f.permanent() ? "permanent" : ""));
                }
            }
            if (l instanceof Bridge b) {
                b.fdb().forEach((mac, learned) -> {
                    if (now - learned.seenAt() <= Bridge.AGEING_NANOS && learned.port().master() == b
                            && !mac.equals(learned.port().mac())) {
                        fdb.add(new FdbEntry(mac, learned.port().name(), b.name(), null, false, ""));
                    }
                });
            }
        }
        NetNamespace.Kind kind = switch (ns.kind()) {
            case HOST -> NetNamespace.Kind.HOST;
            case CONTAINER -> NetNamespace.Kind.CONTAINER;
            case OVERLAY -> NetNamespace.Kind.OVERLAY;
            default -> NetNamespace.Kind.NAMED;
        };
        return new NetNamespace(namespaceName(ns), kind, ns.containerName(), ifs, routes, neigh, fdb);
    }

    private static NetInterface iface(Link l) {
        NetInterface.Peer peer = null;
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() != null) {
            peer = new NetInterface.Peer(v.peer().name(), v.peer().index(), namespaceName(v.peer().ns()));
        }
        List<InterfaceAddress> addrs = new ArrayList<>();
        for (Link.Address a : l.addresses()) {
            addrs.add(new InterfaceAddress(a.cidr().addressText(), a.cidr().prefixLength(),
                    a.broadcast() == null ? null : Ipv4.format(a.broadcast()), a.scope()));
        }
        NetInterface.Vxlan vx = null;
        if (l instanceof Vxlan x) {
            vx = new NetInterface.Vxlan(x.vni(), x.local() == null ? null : Ipv4.format(x.local()),
                    x.remote() == null ? null : Ipv4.format(x.remote()), x.underlayDevice(), x.dstPort(), x.learning(),
                    x.proxy(), x.l2miss(), x.l3miss());
        }
        String master = l.master() != null ? l.master().name()
                : l.ovsBridge() != null && !(l instanceof OvsPort) ? "ovs-system" : null;
        return new NetInterface(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.adminUp(), l.operState(), master, peer,
                addrs, vx);
    }
}
