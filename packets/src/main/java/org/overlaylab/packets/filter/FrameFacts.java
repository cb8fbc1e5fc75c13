/*
 * What a display filter asks about a frame, gathered in one walk over its bytes including the
 * frames inside tunnels (any encapsulation of the registry): which protocols and encapsulations
 * occur, the IP (and ARP) addresses, the UDP/TCP ports and the tunnel keys (VNIs, GRE keys).
 * Truncated or odd frames yield what could be read.
 */
package org.overlaylab.packets.filter;

import java.util.Arrays;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

final class FrameFacts {
    static final int ARP = 1;
    static final int IP = 2;
    static final int IP6 = 4;
    static final int ICMP = 8;
    static final int UDP = 16;
    static final int TCP = 32;
    static final int ICMP6 = 64;

    int protocols;
    /** Source/destination address pairs: 16 bytes each (IPv4 as ::ffff:a.b.c.d). */
    byte[][] srcAddrs = new byte[4][];
    byte[][] dstAddrs = new byte[4][];
    int addrCount;
    int[] srcPorts = new int[4];
    int[] dstPorts = new int[4];
    int portCount;
    /** The encapsulations seen, one bit per position in Encapsulations.all(). */
    int encapsulations;
    /** The tunnel keys seen (VNIs, GRE keys), each with the encapsulation whose header held it. */
    long[] keys = new long[2];
    Encapsulation[] keyOwners = new Encapsulation[2];
    int keyCount;

    /** The IP protocol numbers seen (IPv4 protocol, IPv6 next header after extension headers). */
    int[] ipProtocols = new int[2];
    int ipProtocolCount;

    private byte[] b;
    private int end;
    /** How deep to look into tunnels: 0 for tcpdump's capture filters, which see outer headers only. */
    private int maxDepth = 8;

    static FrameFacts of(byte[] frame) {
        return of(frame, true);
    }

    static FrameFacts of(byte[] frame, boolean intoTunnels) {
        FrameFacts f = new FrameFacts();
        f.maxDepth = intoTunnels ? 8 : 0;
        f.b = frame;
        f.end = frame.length;
        try {
            f.ethernet(0, 0);
        } catch (RuntimeException e) {
            // a frame too odd to walk further: keep what was found
        }
        f.b = null;
        return f;
    }

    private boolean has(int p, int n) {
        return p >= 0 && p + n <= end;
    }

    private int u8(int p) {
        return b[p] & 0xff;
    }

    private int u16(int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private void ethernet(int p, int depth) {
        if (depth > maxDepth || !has(p, 14)) {
            return;
        }
        int type = u16(p + 12);
        int q = p + 14;
        while ((type == 0x8100 || type == 0x88a8) && has(q, 4)) {
            type = u16(q + 2);
            q += 4;
        }
        switch (type) {
            case 0x0800 -> ipv4(q, depth);
            case 0x86dd -> ipv6(q, depth);
            case 0x0806 -> arp(q);
            default -> { }
        }
    }

    private void arp(int p) {
        protocols |= ARP;
        if (has(p, 28) && u8(p + 4) == 6 && u8(p + 5) == 4) {
            addAddresses(mapped(p + 14), mapped(p + 24));
        }
    }

    private byte[] mapped(int p) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        System.arraycopy(b, p, a, 12, 4);
        return a;
    }

    private void addAddresses(byte[] src, byte[] dst) {
        if (addrCount == srcAddrs.length) {
            srcAddrs = Arrays.copyOf(srcAddrs, addrCount * 2);
            dstAddrs = Arrays.copyOf(dstAddrs, addrCount * 2);
        }
        srcAddrs[addrCount] = src;
        dstAddrs[addrCount] = dst;
        addrCount++;
    }

    private void addPorts(int src, int dst) {
        if (portCount == srcPorts.length) {
            srcPorts = Arrays.copyOf(srcPorts, portCount * 2);
            dstPorts = Arrays.copyOf(dstPorts, portCount * 2);
        }
        srcPorts[portCount] = src;
        dstPorts[portCount] = dst;
        portCount++;
    }

    private void ipv4(int p, int depth) {
        if (!has(p, 20) || (u8(p) >> 4) != 4) {
            return;
        }
        protocols |= IP;
        addAddresses(mapped(p + 12), mapped(p + 16));
        int ihl = (u8(p) & 15) * 4;
        if (ihl < 20 || (u16(p + 6) & 0x1fff) != 0) {
            return;
        }
        int total = u16(p + 2);
        int payloadEnd = total >= ihl ? Math.min(end, p + total) : end;
        transport(u8(p + 9), p + ihl, payloadEnd, depth);
    }

    private void ipv6(int p, int depth) {
        if (!has(p, 40)) {
            return;
        }
        protocols |= IP6;
        addAddresses(Arrays.copyOfRange(b, p + 8, p + 24), Arrays.copyOfRange(b, p + 24, p + 40));
        int nh = u8(p + 6);
        int q = p + 40;
        int guard = 0;
        while ((nh == 0 || nh == 60 || nh == 43) && has(q, 2) && guard++ < 8) {
            nh = u8(q);
            q += (u8(q + 1) + 1) * 8;
        }
        transport(nh, q, Math.min(end, p + 40 + u16(p + 4)), depth);
    }

    private void transport(int proto, int p, int payloadEnd, int depth) {
        if (ipProtocolCount == ipProtocols.length) {
            ipProtocols = Arrays.copyOf(ipProtocols, ipProtocolCount * 2);
        }
        ipProtocols[ipProtocolCount++] = proto;
        int saved = end;
        end = Math.max(Math.min(saved, payloadEnd), 0);
        try {
            switch (proto) {
                case 1 -> protocols |= ICMP;
                case 58 -> protocols |= ICMP6;
                case 6 -> {
                    protocols |= TCP;
                    if (has(p, 4)) {
                        addPorts(u16(p), u16(p + 2));
                    }
                }
                case 17 -> {
                    protocols |= UDP;
                    if (has(p, 4)) {
                        int sport = u16(p);
                        int dport = u16(p + 2);
                        addPorts(sport, dport);
                        Encapsulation tunnel = Encapsulations.forUdpPorts(sport, dport);
                        if (tunnel != null && has(p + 8, tunnel.minLength())) {
                            tunnel(tunnel, p + 8, depth);
                        }
                    }
                }
                default -> {
                    Encapsulation tunnel = Encapsulations.forIpProtocol(proto);
                    if (tunnel != null) {
                        tunnel(tunnel, p, depth);
                    }
                }
            }
        } finally {
            end = saved;
        }
    }

    /**
     * A tunnel header from the registry: the frame carries it (and its key) even when the header is
     * cut short; the packet inside is looked at while the depth allows.
     */
    private void tunnel(Encapsulation e, int p, int depth) {
        encapsulations |= 1 << Encapsulations.index(e);
        if (!has(p, e.minLength())) {
            return;
        }
        int hlen = e.headerLength(b, p);
        if (!has(p, hlen)) {
            return;
        }
        long key = e.key(b, p);
        if (key >= 0) {
            addKey(e, key);
        }
        if (depth >= maxDepth) {
            return;
        }
        int q = p + hlen;
        int type = e.payloadType(b, p);
        switch (type) {
            case Encapsulations.ETHERTYPE_TEB -> ethernet(q, depth + 1);
            case Encapsulations.ETHERTYPE_IPV4 -> ipv4(q, depth + 1);
            case Encapsulations.ETHERTYPE_IPV6 -> ipv6(q, depth + 1);
            default -> {
                Encapsulation nested = Encapsulations.forEtherType(type);
                if (nested != null) {
                    tunnel(nested, q, depth + 1);
                }
            }
        }
    }

    boolean carries(Encapsulation e) {
        return (encapsulations & (1 << Encapsulations.index(e))) != 0;
    }

    private void addKey(Encapsulation e, long key) {
        if (keyCount == keys.length) {
            keys = Arrays.copyOf(keys, keyCount * 2);
            keyOwners = Arrays.copyOf(keyOwners, keyCount * 2);
        }
        keys[keyCount] = key;
        keyOwners[keyCount] = e;
        keyCount++;
    }
}
