/*
 * What kind of traffic a frame carries, for colours (packet list rows, animation markers) and the
 * event list's "type" column: the innermost protocol a person cares about, and the tunnel it
 * travels in, if any. Read straight from the bytes without a full decode.
 */
package org.overlaylab.app.ui.packets;

import org.overlaylab.packets.build.FrameFields;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

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
