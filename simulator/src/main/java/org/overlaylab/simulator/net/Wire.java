/*
 * Byte-level reading and writing of the headers the forwarding engine touches: Ethernet, ARP,
 * IPv4, ICMP and UDP (tunnel headers come from the packets module's encapsulation registry).
 * The engine builds IP packets before it knows the next hop's MAC,
 * so these work on bare packets and on frames; checksums come from the packets module. Offsets
 * are into a frame that starts with its Ethernet header.
 */
package org.overlaylab.simulator.net;

import org.overlaylab.model.net.Mac;
import org.overlaylab.packets.build.Checksums;

public final class Wire {
    private Wire() {}

    public static final int ETH = 14;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    // ------------------------------------------------------------------ reading

    public static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    public static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    public static int u32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    public static String mac(byte[] b, int o) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int v = b[o + i] & 0xff;
            sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
        }
        return sb.toString();
    }

    public static String dstMac(byte[] f) {
        return mac(f, 0);
    }

    public static String srcMac(byte[] f) {
        return mac(f, 6);
    }

    public static int etherType(byte[] f) {
        return u16(f, 12);
    }

    public static boolean isBroadcastOrMulticast(byte[] f) {
        return (f[0] & 1) != 0;
    }

    /** Offset of the IPv4 payload in a frame (after the variable-length IP header). */
    public static int ipPayload(byte[] f) {
        return ETH + (f[ETH] & 0x0f) * 4;
    }

    public static int ipProto(byte[] f) {
        return u8(f, ETH + 9);
    }

    public static int ipTtl(byte[] f) {
        return u8(f, ETH + 8);
    }

    public static int ipSrc(byte[] f) {
        return u32(f, ETH + 12);
    }

    public static int ipDst(byte[] f) {
        return u32(f, ETH + 16);
    }

    public static int ipTotalLength(byte[] f) {
        return u16(f, ETH + 2);
    }

    // ------------------------------------------------------------------ writing

    public static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    public static void put32(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    public static void putMac(byte[] b, int o, String mac) {
        System.arraycopy(MAC_BYTES.computeIfAbsent(mac, Mac::parse), 0, b, o, 6);
    }

    /** The bytes of MACs already seen: a lab has a few dozen, and every frame writes two. */
    private static final java.util.Map<String, byte[]> MAC_BYTES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The Internet checksum (RFC 1071) over b[o, o+len), starting from a partial sum. */
    public static int checksum(byte[] b, int o, int len, long initial) {
        return Checksums.finish(Checksums.sum(b, o, len, initial));
    }

    /** An Ethernet frame around a payload. */
    public static byte[] ethernet(String dst, String src, int type, byte[] payload) {
        byte[] f = new byte[ETH + payload.length];
        putMac(f, 0, dst);
        putMac(f, 6, src);
        put16(f, 12, type);
        System.arraycopy(payload, 0, f, ETH, payload.length);
        return f;
    }

    /** An ARP request or reply for IPv4 over Ethernet (28 bytes, without padding). */
    public static byte[] arp(int op, String senderMac, int senderIp, String targetMac, int targetIp) {
        byte[] a = new byte[28];
        put16(a, 0, 1);
        put16(a, 2, ETHERTYPE_IPV4);
        a[4] = 6;
        a[5] = 4;
        put16(a, 6, op);
        putMac(a, 8, senderMac);
        put32(a, 14, senderIp);
        putMac(a, 18, targetMac);
        put32(a, 24, targetIp);
        return a;
    }

    /** An IPv4 packet (20-byte header) with its header checksum. */
    public static byte[] ipv4(int src, int dst, int proto, int ttl, int id, boolean dontFragment, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        p[0] = 0x45;
        put16(p, 2, p.length);
        put16(p, 4, id & 0xffff);
        put16(p, 6, dontFragment ? 0x4000 : 0);
        p[8] = (byte) ttl;
        p[9] = (byte) proto;
        put32(p, 12, src);
        put32(p, 16, dst);
        put16(p, 10, checksum(p, 0, 20, 0));
        System.arraycopy(payload, 0, p, 20, payload.length);
        return p;
    }

    /** An ICMP message with its checksum: type, code, then the 4 bytes of "rest of header" and data. */
    public static byte[] icmp(int type, int code, int restOfHeader, byte[] data) {
        byte[] m = new byte[8 + data.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        put32(m, 4, restOfHeader);
        System.arraycopy(data, 0, m, 8, data.length);
        put16(m, 2, checksum(m, 0, m.length, 0));
        return m;
    }

    /** A UDP datagram; with `withChecksum` the checksum over the IPv4 pseudo-header, else 0 as VXLAN sends. */
    public static byte[] udp(int src, int dst, int sport, int dport, byte[] payload, boolean withChecksum) {
        byte[] u = new byte[8 + payload.length];
        put16(u, 0, sport);
        put16(u, 2, dport);
        put16(u, 4, u.length);
        System.arraycopy(payload, 0, u, 8, payload.length);
        if (withChecksum) {
            int c = Checksums.transport4(src, dst, PROTO_UDP, u, 0, u.length);
            put16(u, 6, c == 0 ? 0xffff : c);
        }
        return u;
    }

    /** True when an IPv4 frame's header has the don't-fragment bit. */
    public static boolean ipDontFragment(byte[] f) {
        return (u16(f, ETH + 6) & 0x4000) != 0;
    }

    /** True for a fragment: more fragments follow, or it does not start at offset 0. */
    public static boolean ipIsFragment(byte[] f) {
        return (u16(f, ETH + 6) & 0x3fff) != 0;
    }

    /**
     * Splits an IPv4 frame into fragments that fit `mtu`, as ip_fragment does: each carries the
     * header (options aside) with its offset in 8-byte units and MF on all but the last, and a data
     * length that is a multiple of 8. The Ethernet header is copied; the caller sets the MACs.
     */
    public static java.util.List<byte[]> fragment(byte[] f, int mtu) {
        int ihl = (f[ETH] & 0x0f) * 4;
        int total = Math.min(ipTotalLength(f), f.length - ETH);
        int dataLen = total - ihl;
        int per = ((mtu - ihl) / 8) * 8;
        int flags = u16(f, ETH + 6);
        int baseOffset = (flags & 0x1fff) * 8;
        boolean moreAfter = (flags & 0x2000) != 0;
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int at = 0; at < dataLen; at += per) {
            int len = Math.min(per, dataLen - at);
            byte[] frag = new byte[ETH + ihl + len];
            System.arraycopy(f, 0, frag, 0, ETH + ihl);
            System.arraycopy(f, ETH + ihl + at, frag, ETH + ihl, len);
            boolean last = at + len >= dataLen;
            put16(frag, ETH + 2, ihl + len);
            put16(frag, ETH + 6, ((baseOffset + at) / 8) | (last && !moreAfter ? 0 : 0x2000));
            put16(frag, ETH + 10, 0);
            put16(frag, ETH + 10, checksum(frag, ETH, ihl, 0));
            out.add(frag);
        }
        return out;
    }

    public static byte[] slice(byte[] b, int from, int to) {
        byte[] s = new byte[Math.max(0, to - from)];
        System.arraycopy(b, from, s, 0, s.length);
        return s;
    }

    /** Rewrites an IPv4 address in a frame and fixes the IP header and transport checksums. */
    public static void rewriteAddress(byte[] f, boolean source, int newAddress) {
        int off = ETH + (source ? 12 : 16);
        put32(f, off, newAddress);
        f[ETH + 10] = 0;
        f[ETH + 11] = 0;
        put16(f, ETH + 10, checksum(f, ETH, (f[ETH] & 0x0f) * 4, 0));
        int proto = ipProto(f);
        int l4 = ipPayload(f);
        int l4len = ipTotalLength(f) - (l4 - ETH);
        if (proto == PROTO_UDP && u16(f, l4 + 6) != 0) {
            f[l4 + 6] = 0;
            f[l4 + 7] = 0;
            int c = Checksums.transport4(ipSrc(f), ipDst(f), PROTO_UDP, f, l4, l4len);
            put16(f, l4 + 6, c == 0 ? 0xffff : c);
        }
    }

    /** Decrements the TTL and fixes the header checksum, as a router does. */
    public static void decrementTtl(byte[] f) {
        f[ETH + 8] = (byte) (u8(f, ETH + 8) - 1);
        f[ETH + 10] = 0;
        f[ETH + 11] = 0;
        put16(f, ETH + 10, checksum(f, ETH, (f[ETH] & 0x0f) * 4, 0));
    }

    /** Replaces the Ethernet addresses of a frame in place. */
    public static void setMacs(byte[] f, String dst, String src) {
        putMac(f, 0, dst);
        putMac(f, 6, src);
    }

    /** Ethernet frames shorter than 60 bytes are padded on the wire, as NICs do (ARP: 42 -> 60). */
    public static byte[] padded(byte[] f) {
        if (f.length >= 60) {
            return f;
        }
        byte[] p = new byte[60];
        System.arraycopy(f, 0, p, 0, f.length);
        return p;
    }
}
