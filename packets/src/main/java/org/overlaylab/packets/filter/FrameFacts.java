/*
 * What a display filter asks about a frame, gathered in one walk over its bytes including the
 * frames inside VXLAN and GRE: which protocols occur, the IP (and ARP) addresses, the UDP/TCP
 * ports and the VNIs. Truncated or odd frames yield what could be read.
 */
package org.overlaylab.packets.filter;

import java.util.Arrays;

final class FrameFacts {
    static final int ARP = 1;
    static final int IP = 2;
    static final int IP6 = 4;
    static final int ICMP = 8;
    static final int UDP = 16;
    static final int TCP = 32;
    static final int VXLAN = 64;
    static final int GRE = 128;
    static final int ICMP6 = 256;

    int protocols;
    /** Source/destination address pairs: 16 bytes each (IPv4 as ::ffff:a.b.c.d). */
    byte[][] srcAddrs = new byte[4][];
    byte[][] dstAddrs = new byte[4][];
    int addrCount;
    int[] srcPorts = new int[4];
    int[] dstPorts = new int[4];
    int portCount;
    int[] vnis = new int[2];
    int vniCount;

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
        if (depth >= maxDepth && (proto == 4 || proto == 41)) {
            return;
        }
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
                        if ((dport == 4789 || dport == 8472 || sport == 4789 || sport == 8472) && has(p + 8, 8)) {
                            protocols |= VXLAN;
                            addVni((u8(p + 12) << 16) | (u8(p + 13) << 8) | u8(p + 14));
                            if (depth < maxDepth) {
                                ethernet(p + 16, depth + 1);
                            }
                        }
                    }
                }
                case 47 -> {
                    protocols |= GRE;
                    if (has(p, 4)) {
                        int flags = u16(p);
                        int type = u16(p + 2);
                        int q = p + 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0)
                                + ((flags & 0x1000) != 0 ? 4 : 0);
                        if (depth >= maxDepth) {
                            return;
                        }
                        if (type == 0x6558) {
                            ethernet(q, depth + 1);
                        } else if (type == 0x0800) {
                            ipv4(q, depth + 1);
                        } else if (type == 0x86dd) {
                            ipv6(q, depth + 1);
                        }
                    }
                }
                case 4 -> ipv4(p, depth + 1);
                case 41 -> ipv6(p, depth + 1);
                default -> { }
            }
        } finally {
            end = saved;
        }
    }

    private void addVni(int vni) {
        if (vniCount == vnis.length) {
            vnis = Arrays.copyOf(vnis, vniCount * 2);
        }
        vnis[vniCount++] = vni;
    }
}
