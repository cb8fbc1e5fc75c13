/*
 * What kind of traffic a frame carries, for colours (packet list rows, animation markers) and the
 * event list's "type" column: the innermost protocol a person cares about, and the tunnel it
 * travels in, if any. The packet list reads it straight from the bytes without a full decode
 * (classify), for speed over thousands of rows; the animation reads it from the frame's layer
 * tree, the Pcap4J decode the detail view shows (of), so its markers wrap and colour packets by
 * the same headers the tree lists.
 */
package org.overlaylab.app.ui.packets;

import org.overlaylab.packets.build.FrameFields;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import java.util.List;
import org.overlaylab.packets.tree.Field;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public enum Protocol {
    ARP("ARP"), ICMP("ICMP"), TCP("TCP"), UDP("UDP"), BGP("BGP"), DNS("DNS"), ETCD("etcd"), IPV6("IPv6"), OTHER("other");

    private final String label;

    Protocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The tunnel a frame is wrapped in: the labs' two by name, any other of the encapsulation registry as OTHER. */
    public enum Tunnel {
        NONE, VXLAN, GRE, OTHER;

        static Tunnel of(Encapsulation e) {
            return e == Encapsulations.VXLAN ? VXLAN : e == Encapsulations.GRE ? GRE : OTHER;
        }
    }

    /** A frame's payload protocol and tunnel: a VXLAN frame carrying a ping is (ICMP, VXLAN). */
    public record Kind(Protocol protocol, Tunnel tunnel) {
        public String label() {
            return switch (tunnel) {
                case NONE -> protocol.label();
                case OTHER -> "tunnel (" + protocol.label() + ")";
                default -> tunnel.name() + " (" + protocol.label() + ")";
            };
        }
    }

    public static Kind classify(byte[] frame) {
        try {
            Encapsulation tunnel = FrameFields.tunnel(frame, 0);
            if (tunnel != null) {
                int inner = FrameFields.innerFrameOffset(frame, 0);
                return new Kind(inner >= 0 ? plain(frame, inner) : OTHER, Tunnel.of(tunnel));
            }
            return new Kind(plain(frame, 0), Tunnel.NONE);
        } catch (RuntimeException e) {
            return new Kind(OTHER, Tunnel.NONE);
        }
    }

    /**
     * The kind of a decoded frame: the first tunnel header of its layer tree (an IP header right
     * inside another, IP-in-IP, counts as a tunnel of the registry too) and the innermost protocol.
     */
    public static Kind of(LayerTree tree) {
        List<Layer> layers = tree.layers();
        Tunnel tunnel = Tunnel.NONE;
        int innerStart = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean ipInIp = i > 0 && isIp(l.name()) && isIp(layers.get(i - 1).name());
            if (l.isTunnel() || ipInIp) {
                if (tunnel == Tunnel.NONE) {
                    Encapsulation e = Encapsulations.all().stream().filter(x -> x.name().equals(l.name()))
                            .findFirst().orElse(null);
                    tunnel = e == null ? Tunnel.OTHER : Tunnel.of(e);
                }
                innerStart = i + 1;
            }
        }
        return new Kind(innermost(layers.subList(innerStart, layers.size()), tunnel != Tunnel.NONE), tunnel);
    }

    private static boolean isIp(String name) {
        return name.equals(LayerTree.IPV4) || name.equals(LayerTree.IPV6);
    }

    private static Protocol innermost(List<Layer> layers, boolean tunnelled) {
        if (layers.isEmpty() || (tunnelled && layers.get(0).malformed())) {
            return OTHER;
        }
        Protocol found = OTHER;
        for (Layer l : layers) {
            switch (l.name()) {
                case LayerTree.ARP -> {
                    return ARP;
                }
                case LayerTree.IPV6 -> {
                    return IPV6;
                }
                case LayerTree.ICMP -> {
                    return found == OTHER ? ICMP : found;
                }
                case LayerTree.BGP -> {
                    return BGP;
                }
                case LayerTree.TCP -> found = tcp(l);
                case LayerTree.UDP -> found = udp(l);
                default -> {
                    if (l.name().startsWith(LayerTree.IPV4 + " ")) {
                        // the packet an ICMP error quotes is not what the frame carries
                        return found;
                    }
                }
            }
        }
        return found;
    }

    private static Protocol tcp(Layer l) {
        int[] ports = ports(l);
        if (ports[0] == 179 || ports[1] == 179) {
            return BGP;
        }
        if (ports[0] == 2379 || ports[1] == 2379 || ports[0] == 2380 || ports[1] == 2380) {
            return ETCD;
        }
        return TCP;
    }

    private static Protocol udp(Layer l) {
        int[] ports = ports(l);
        return ports[0] == 53 || ports[1] == 53 ? DNS : UDP;
    }

    private static int[] ports(Layer l) {
        int[] ports = {-1, -1};
        for (Field f : l.fields()) {
            if (f.name().equals("Source port")) {
                ports[0] = Integer.parseInt(f.display());
            } else if (f.name().equals("Destination port")) {
                ports[1] = Integer.parseInt(f.display());
            }
        }
        return ports;
    }

    private static Protocol plain(byte[] f, int off) {
        int type = FrameFields.etherType(f, off);
        if (type == Frames.ETHERTYPE_ARP) {
            return ARP;
        }
        if (type == Frames.ETHERTYPE_IPV6) {
            return IPV6;
        }
        if (type != Frames.ETHERTYPE_IPV4 || FrameFields.ipv4Offset(f, off) < 0) {
            return OTHER;
        }
        int proto = FrameFields.ipv4Protocol(f, off);
        if (proto == Frames.PROTO_ICMP) {
            return ICMP;
        }
        if (proto != Frames.PROTO_TCP && proto != Frames.PROTO_UDP) {
            return OTHER;
        }
        if (FrameFields.l4Offset(f, off) < 0 || FrameFields.l4Offset(f, off) + 4 > f.length) {
            return proto == Frames.PROTO_TCP ? TCP : UDP;
        }
        int sport = FrameFields.srcPort(f, off);
        int dport = FrameFields.dstPort(f, off);
        if (proto == Frames.PROTO_TCP) {
            if (sport == 179 || dport == 179) {
                return BGP;
            }
            if (sport == 2379 || dport == 2379 || sport == 2380 || dport == 2380) {
                return ETCD;
            }
            return TCP;
        }
        if (sport == 53 || dport == 53) {
            return DNS;
        }
        return UDP;
    }
}
