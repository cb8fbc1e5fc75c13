/*
 * Allocation-free reads (and the few in-place writes forwarding needs) on raw Ethernet frames,
 * so the simulator can switch and route without a full decode. Every method takes the frame and
 * the offset where its Ethernet header starts, so the same calls work on the inner frame of a
 * tunnel packet (see innerFrameOffset; tunnel headers are read through the encapsulation
 * registry). Offset finders return -1 when the frame is not of that
 * kind or too short; field getters expect a frame those finders accepted.
 */
package org.overlaylab.packets.build;

import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Gre;

public final class FrameFields {
    private FrameFields() {}

    public static long dstMac(byte[] f, int off) {
        return mac(f, off);
    }

    public static long srcMac(byte[] f, int off) {
        return mac(f, off + 6);
    }

    /** The ethertype after any 802.1Q tags, or -1 if the frame is too short. */
    public static int etherType(byte[] f, int off) {
        int p = off + 12;
        while (p + 2 <= f.length) {
            int t = u16(f, p);
            if (t != 0x8100 && t != 0x88a8) {
                return t;
            }
            p += 4;
        }
        return -1;
    }

    /** Offset of the layer-3 header (after 802.1Q tags), or -1. */
    public static int l3Offset(byte[] f, int off) {
        int p = off + 12;
        while (p + 2 <= f.length) {
            int t = u16(f, p);
            if (t != 0x8100 && t != 0x88a8) {
                return p + 2;
            }
            p += 4;
        }
        return -1;
    }

    /** Offset of a complete IPv4 header (version 4, IHL >= 5, all of it present), or -1. */
    public static int ipv4Offset(byte[] f, int off) {
        if (etherType(f, off) != Frames.ETHERTYPE_IPV4) {
            return -1;
        }
        int l3 = l3Offset(f, off);
        if (l3 + 20 > f.length || (f[l3] & 0xf0) != 0x40) {
            return -1;
        }
        int ihl = (f[l3] & 0x0f) * 4;
        if (ihl < 20 || l3 + ihl > f.length) {
            return -1;
        }
        return l3;
    }

    /** Offset of the IPv4 payload (the ICMP/UDP/TCP header) of a first fragment, or -1. */
    public static int l4Offset(byte[] f, int off) {
        int l3 = ipv4Offset(f, off);
        if (l3 < 0 || (u16(f, l3 + 6) & 0x1fff) != 0) {
            return -1;
        }
        return l3 + (f[l3] & 0x0f) * 4;
    }

    public static int ipv4Src(byte[] f, int off) {
        return i32(f, l3Offset(f, off) + 12);
    }

    public static int ipv4Dst(byte[] f, int off) {
        return i32(f, l3Offset(f, off) + 16);
    }

    public static int ipv4Ttl(byte[] f, int off) {
        return f[l3Offset(f, off) + 8] & 0xff;
    }

    public static int ipv4Protocol(byte[] f, int off) {
        return f[l3Offset(f, off) + 9] & 0xff;
    }

    public static int ipv4TotalLength(byte[] f, int off) {
        return u16(f, l3Offset(f, off) + 2);
    }

    public static int ipv4Identification(byte[] f, int off) {
        return u16(f, l3Offset(f, off) + 4);
    }

    public static boolean ipv4DontFragment(byte[] f, int off) {
        return (u16(f, l3Offset(f, off) + 6) & 0x4000) != 0;
    }

    public static int icmpType(byte[] f, int off) {
        return f[l4Offset(f, off)] & 0xff;
    }

    public static int icmpCode(byte[] f, int off) {
        return f[l4Offset(f, off) + 1] & 0xff;
    }

    public static int icmpIdentifier(byte[] f, int off) {
        return u16(f, l4Offset(f, off) + 4);
    }

    public static int icmpSequence(byte[] f, int off) {
        return u16(f, l4Offset(f, off) + 6);
    }

    /** Source port of a UDP or TCP header. */
    public static int srcPort(byte[] f, int off) {
        return u16(f, l4Offset(f, off));
    }

    /** Destination port of a UDP or TCP header. */
    public static int dstPort(byte[] f, int off) {
        return u16(f, l4Offset(f, off) + 2);
    }

    /** The VNI of a VXLAN frame (UDP to one of VXLAN's ports, with the I flag), or -1. */
    public static int vxlanVni(byte[] f, int off) {
        return tunnel(f, off) == Encapsulations.VXLAN ? (int) tunnelKey(f, off) : -1;
    }

    /**
     * The encapsulation of an IPv4 frame, from the registry (UDP named by its destination port,
     * or the IP protocol), when its whole header is present; else null.
     */
    public static Encapsulation tunnel(byte[] f, int off) {
        int l4 = l4Offset(f, off);
        if (l4 < 0) {
            return null;
        }
        Encapsulation e;
        int p;
        if (ipv4Protocol(f, off) == Frames.PROTO_UDP) {
            if (l4 + 8 > f.length) {
                return null;
            }
            e = Encapsulations.forUdpPort(u16(f, l4 + 2));
            p = l4 + 8;
        } else {
            e = Encapsulations.forIpProtocol(ipv4Protocol(f, off));
            p = l4;
        }
        if (e == null || p + e.minLength() > f.length || p + e.headerLength(f, p) > f.length) {
            return null;
        }
        return e;
    }

    /** Offset of the tunnel header of a frame {@link #tunnel} accepts, or -1. */
    public static int tunnelHeaderOffset(byte[] f, int off) {
        Encapsulation e = tunnel(f, off);
        if (e == null) {
            return -1;
        }
        int l4 = l4Offset(f, off);
        return e.carrier() == Encapsulation.Carrier.UDP_PORT ? l4 + 8 : l4;
    }

    /** The tunnel key (VXLAN or Geneve VNI, GRE key) of a frame {@link #tunnel} accepts, or -1. */
    public static long tunnelKey(byte[] f, int off) {
        int p = tunnelHeaderOffset(f, off);
        return p < 0 ? -1 : tunnel(f, off).key(f, p);
    }

    /** What follows the tunnel header, as an EtherType (0x6558 for an Ethernet frame), or -1. */
    public static int tunnelPayloadType(byte[] f, int off) {
        int p = tunnelHeaderOffset(f, off);
        return p < 0 ? -1 : tunnel(f, off).payloadType(f, p);
    }

    /** Offset of the packet after the tunnel header (options included), or -1. */
    public static int tunnelPayloadOffset(byte[] f, int off) {
        int p = tunnelHeaderOffset(f, off);
        return p < 0 ? -1 : p + tunnel(f, off).headerLength(f, p);
    }

    /**
     * Where the encapsulated Ethernet frame of a tunnel frame starts (VXLAN with its I flag, Geneve,
     * VXLAN-GPE or GRE carrying Ethernet), or -1 for anything else. A tunnel carrying a bare IP
     * packet has no inner Ethernet header: see {@link #tunnelPayloadType} and
     * {@link #tunnelPayloadOffset}.
     */
    public static int innerFrameOffset(byte[] f, int off) {
        Encapsulation e = tunnel(f, off);
        if (e == null || tunnelPayloadType(f, off) != Encapsulations.ETHERTYPE_TEB
                || (e == Encapsulations.VXLAN && tunnelKey(f, off) < 0)) {
            return -1;
        }
        int p = tunnelPayloadOffset(f, off);
        return p + 14 <= f.length ? p : -1;
    }

    /** The GRE protocol type of a GRE frame, or -1. */
    public static int greProtocol(byte[] f, int off) {
        int l4 = l4Offset(f, off);
        if (l4 < 0 || ipv4Protocol(f, off) != Frames.PROTO_GRE || l4 + Gre.FIXED_LENGTH > f.length) {
            return -1;
        }
        return Gre.protocolType(f, l4);
    }

    /** Offset of the GRE payload (after checksum, key and sequence fields), or -1. */
    public static int grePayloadOffset(byte[] f, int off) {
        int l4 = l4Offset(f, off);
        if (l4 < 0 || ipv4Protocol(f, off) != Frames.PROTO_GRE || l4 + Gre.FIXED_LENGTH > f.length) {
            return -1;
        }
        int p = l4 + Encapsulations.GRE.headerLength(f, l4);
        return p <= f.length ? p : -1;
    }

    // ---------------------------------------------------------------- in-place writes

    public static void setMacs(byte[] f, int off, long srcMac, long dstMac) {
        Frames.putMac(f, off, dstMac);
        Frames.putMac(f, off + 6, srcMac);
    }

    /**
     * Decrements the IPv4 TTL and patches the header checksum incrementally (RFC 1624), as a
     * router does. Returns the new TTL.
     */
    public static int decrementTtl(byte[] f, int off) {
        int l3 = l3Offset(f, off);
        int ttl = f[l3 + 8] & 0xff;
        int newTtl = (ttl - 1) & 0xff;
        setTtlAt(f, l3, newTtl);
        return newTtl;
    }

    public static void setTtl(byte[] f, int off, int ttl) {
        setTtlAt(f, l3Offset(f, off), ttl);
    }

    private static void setTtlAt(byte[] f, int l3, int ttl) {
        int oldWord = u16(f, l3 + 8);
        f[l3 + 8] = (byte) ttl;
        int newWord = u16(f, l3 + 8);
        int sum = ~u16(f, l3 + 10) & 0xffff;
        sum += (~oldWord & 0xffff) + newWord;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        Frames.put16(f, l3 + 10, ~sum & 0xffff);
    }

    // ---------------------------------------------------------------- bytes

    static int u16(byte[] f, int p) {
        return ((f[p] & 0xff) << 8) | (f[p + 1] & 0xff);
    }

    static int i32(byte[] f, int p) {
        return ((f[p] & 0xff) << 24) | ((f[p + 1] & 0xff) << 16) | ((f[p + 2] & 0xff) << 8) | (f[p + 3] & 0xff);
    }

    static long mac(byte[] f, int p) {
        return ((long) (f[p] & 0xff) << 40) | ((long) (f[p + 1] & 0xff) << 32) | ((long) (f[p + 2] & 0xff) << 24)
                | ((f[p + 3] & 0xff) << 16) | ((f[p + 4] & 0xff) << 8) | (f[p + 5] & 0xff);
    }
}
