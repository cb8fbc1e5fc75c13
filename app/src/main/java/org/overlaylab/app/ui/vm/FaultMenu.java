/*
 * The faults a right-click on the canvas offers for a device, a cable or tunnel, a host (its
 * daemons) or a container: each a command line typed into the terminal of the host (or container)
 * it belongs to, so it shows there, lands in the history and Back undoes it. Things only the
 * simulator can do (netem delay) say so on a real backend.
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.encap.Encapsulations;

public final class FaultMenu {
    /** Entries of one kind listed at most (FDB entries, routes). */
    static final int MAX_ENTRIES = 6;
    static final String LOSS = "0.3";

    /**
     * One menu item: its label, where the command is typed (container null: the host's shell) and
     * the line; `openShell` items open the container's terminal instead of typing anything.
     */
    public record Item(String label, String host, String container, String line, boolean openShell) {
        static Item typed(String label, String host, String container, String line) {
            return new Item(label, host, container, line, false);
        }
    }

    private FaultMenu() {}

    /** The items for a canvas element (an id as Diagram names them); empty when there is nothing to offer. */
    public static List<Item> forElement(String id, Diagram diagram, Topology topology, boolean simulator) {
        List<Item> out = new ArrayList<>();
        if (id == null) {
            return out;
        }
        Optional<Diagram.Chip> chip = diagram.chip(id);
        Optional<Diagram.Box> box = diagram.box(id);
        Optional<Diagram.Link> link = diagram.link(id);
        if (chip.isPresent()) {
            device(chip.get(), topology, simulator, out);
        } else if (box.isPresent() && box.get().kind() == Diagram.BoxKind.HOST) {
            host(box.get().host(), topology, out);
        } else if (box.isPresent() && box.get().kind() == Diagram.BoxKind.CONTAINER) {
            String name = id.substring(id.indexOf('/') + 1);
            out.add(new Item("Open a shell in " + name + " (docker exec -it " + name + " sh)", box.get().host(), name,
                    null, true));
        } else if (link.isPresent()) {
            cable(link.get(), diagram, topology, simulator, out);
        }
        return out;
    }

    private static void device(Diagram.Chip chip, Topology topology, boolean simulator, List<Item> out) {
        Host host = topology.host(chip.host()).orElse(null);
        if (host == null) {
            return;
        }
        NetNamespace ns = namespaceOf(host, chip.namespace());
        if (ns == null || (ns.kind() != NetNamespace.Kind.HOST && ns.kind() != NetNamespace.Kind.CONTAINER)) {
            return;
        }
        String container = ns.kind() == NetNamespace.Kind.CONTAINER ? ns.container() : null;
        String sudo = container == null ? "sudo " : "";
        String dev = chip.device();
        NetInterface itf = ns.iface(dev).orElse(null);
        boolean up = itf == null || itf.up();
        out.add(Item.typed(up ? "Take " + dev + " down" : "Bring " + dev + " up", host.name(), container,
                sudo + "ip link set " + dev + (up ? " down" : " up")));
        int mtu = itf == null ? 1500 : itf.mtu();
        int smaller = mtu > 1400 ? 1400 : 1280;
        out.add(Item.typed("Set the MTU of " + dev + " to " + smaller, host.name(), container,
                sudo + "ip link set " + dev + " mtu " + smaller));
        if (mtu != 1500) {
            out.add(Item.typed("Set the MTU of " + dev + " back to 1500", host.name(), container,
                    sudo + "ip link set " + dev + " mtu 1500"));
        }
        out.add(Item.typed("Delay 100 ms on " + dev + (simulator ? "" : " (simulator only)"), host.name(), container,
                sudo + "tc qdisc add dev " + dev + " root netem delay 100ms"));
        if (itf != null && itf.vxlan() != null) {
            int port = itf.vxlan().dstPort() == 0 ? Encapsulations.VXLAN_PORT : itf.vxlan().dstPort();
            out.add(Item.typed("Drop VXLAN traffic arriving on UDP " + port, host.name(), null,
                    "sudo iptables -I INPUT -p udp --dport " + port + " -j DROP"));
        }
        int n = 0;
        for (FdbEntry f : ns.fdb()) {
            if (dev.equals(f.device()) && f.destination() != null && !f.destination().isEmpty() && n++ < MAX_ENTRIES) {
                out.add(Item.typed("Delete FDB entry " + f.mac() + " dst " + f.destination(), host.name(), container,
                        sudo + "bridge fdb del " + f.mac() + " dev " + dev + " dst " + f.destination()));
            }
        }
        n = 0;
        for (Route r : ns.routes()) {
            if (dev.equals(r.device()) && !"default".equals(r.destination()) && n++ < MAX_ENTRIES) {
                out.add(Item.typed("Delete route " + r.destination(), host.name(), container,
                        sudo + "ip route del " + r.destination()));
            }
        }
    }

    private static void host(String name, Topology topology, List<Item> out) {
        Host host = topology.host(name).orElse(null);
        if (host == null) {
            return;
        }
        for (Daemon d : host.daemons()) {
            String line = stopLine(d.name());
            if (line != null && d.running()) {
                out.add(Item.typed("Stop " + d.name(), name, null, line));
            }
        }
        out.add(Item.typed("Drop 30% of forwarded packets", name, null,
                "sudo iptables -I FORWARD -m statistic --mode random --probability " + LOSS + " -j DROP"));
        out.add(Item.typed("Drop 30% of packets to this host", name, null,
                "sudo iptables -I INPUT -m statistic --mode random --probability " + LOSS + " -j DROP"));
        boolean gre = host.ovsBridges().stream().flatMap(b -> b.ports().stream()).anyMatch(p -> "gre".equals(p.type()));
        if (gre) {
            out.add(Item.typed("Drop GRE traffic arriving here", name, null, "sudo iptables -I INPUT -p gre -j DROP"));
        }
    }

    private static void cable(Diagram.Link link, Diagram diagram, Topology topology, boolean simulator, List<Item> out) {
        Diagram.Chip from = diagram.chip(link.from()).orElse(null);
        Diagram.Chip to = diagram.chip(link.to()).orElse(null);
        if (link.kind() == Diagram.LinkKind.GRE && to != null) {
            out.add(Item.typed("Drop GRE traffic arriving on " + to.host(), to.host(), null,
                    "sudo iptables -I INPUT -p gre -j DROP"));
            return;
        }
        if (link.isTunnel() && to != null) {
            int port = vxlanPort(to, topology);
            out.add(Item.typed("Drop VXLAN traffic arriving on " + to.host() + " (UDP " + port + ")", to.host(), null,
                    "sudo iptables -I INPUT -p udp --dport " + port + " -j DROP"));
            if (from != null) {
                int back = vxlanPort(from, topology);
                out.add(Item.typed("Drop VXLAN traffic arriving on " + from.host() + " (UDP " + back + ")",
                        from.host(), null, "sudo iptables -I INPUT -p udp --dport " + back + " -j DROP"));
            }
            return;
        }
        for (Diagram.Chip end : new Diagram.Chip[] {from, to}) {
            if (end != null) {
                List<Item> items = new ArrayList<>();
                device(end, topology, simulator, items);
                if (!items.isEmpty()) {
                    out.add(items.get(0));
                }
            }
        }
        if (from != null) {
            List<Item> items = new ArrayList<>();
            device(from, topology, simulator, items);
            items.stream().skip(1).filter(i -> i.line().contains(" mtu ") || i.line().contains("netem"))
                    .forEach(out::add);
        }
    }

    private static int vxlanPort(Diagram.Chip chip, Topology topology) {
        return topology.host(chip.host()).map(h -> namespaceOf(h, chip.namespace())).flatMap(ns ->
                ns == null ? Optional.empty() : ns.iface(chip.device())).map(i -> i.vxlan() == null
                || i.vxlan().dstPort() == 0 ? Encapsulations.VXLAN_PORT : i.vxlan().dstPort())
                .orElse(Encapsulations.VXLAN_PORT);
    }

    private static NetNamespace namespaceOf(Host host, String namespace) {
        if (namespace == null || namespace.equals("host")) {
            return host.root();
        }
        return host.namespace(namespace).orElse(null);
    }

    /** How the tutorial stops each daemon (the canvas shows them as badges on the host). */
    static String stopLine(String daemon) {
        return switch (daemon) {
            case "dockerd", "docker" -> "sudo service docker stop";
            case "etcd" -> "sudo pkill -x etcd";
            case "flanneld" -> "sudo pkill -x flanneld";
            case "calico-node", "bird" -> "sudo pkill -x bird";
            default -> null;
        };
    }
}
