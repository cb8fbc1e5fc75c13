/*
 * Byte-level construction of wire-exact Ethernet frames for the simulator: ARP, IPv4 with header
 * checksum, ICMP echo and errors, UDP, TCP, and VXLAN, Geneve, VXLAN-GPE and GRE encapsulation of
 * an existing frame or packet (tunnel headers written by the registry's encapsulation classes).
 * Each method allocates the finished frame once and fills it in place.
 */
package org.overlaylab.packets.build;

import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Gre;
import org.overlaylab.packets.encap.Vxlan;
import org.overlaylab.packets.encap.VxlanGpe;

public final class Frames {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    /** GRE protocol type for a whole Ethernet frame (transparent Ethernet bridging), as OVS sends. */
    public static final int ETHERTYPE_TEB = Encapsulations.ETHERTYPE_TEB;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_GRE = Encapsulations.IP_PROTO_GRE;
    /** The registry's VXLAN port, under the name the frame builders' callers know. */
    public static final int VXLAN_PORT = Encapsulations.VXLAN_PORT;
    /** The port flannel's VXLAN backend (and the Linux default before IANA's) uses. */
    public static final int FLANNEL_VXLAN_PORT = Encapsulations.VXLAN_LINUX_PORT;
    public static final long BROADCAST_MAC = 0xffffffffffffL;

    public static final int ICMP_ECHO_REPLY = 0;
    public static final int ICMP_UNREACHABLE = 3;
    public static final int ICMP_ECHO_REQUEST = 8;
    public static final int ICMP_TIME_EXCEEDED = 11;
    public static final int UNREACH_NET = 0;
    public static final int UNREACH_HOST = 1;
    public static final int UNREACH_PROTOCOL = 2;
    public static final int UNREACH_PORT = 3;
    public static final int UNREACH_NEED_FRAG = 4;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    static final int ETH = 14;
    static final int IP = 20;
    /** Linux quotes at most this much of the offending packet in an ICMP error (576 - 20 - 8). */
    private static final int ICMP_QUOTE_LIMIT = 548;

    private Frames() {}

    // ---------------------------------------------------------------- addresses

    /** "02:42:0a:00:00:02" -> 0x02420a000002. */
    public static long mac(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            v = (v << 8) | Integer.parseInt(part, 16);
        }
        return v;
    }

    public static String macText(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int v = (int) (mac >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- Ethernet and ARP

    public static byte[] ethernet(long dstMac, long srcMac, int etherType, byte[] payload) {
        byte[] f = new byte[ETH + payload.length];
        writeEthernet(f, 0, dstMac, srcMac, etherType);
        System.arraycopy(payload, 0, f, ETH, payload.length);
        return f;
    }

    /** Broadcast "who-has targetIp tell senderIp" (28-byte ARP body, no padding, as Linux sends it). */
    public static byte[] arpRequest(long senderMac, int senderIp, int targetIp) {
        return arp(1, BROADCAST_MAC, senderMac, senderIp, 0L, targetIp);
    }

    /** Unicast "senderIp is-at senderMac" to the asker. */
    public static byte[] arpReply(long senderMac, int senderIp, long targetMac, int targetIp) {
        return arp(2, targetMac, senderMac, senderIp, targetMac, targetIp);
    }

    public static byte[] arp(int operation, long ethDst, long senderMac, int senderIp, long targetMac, int targetIp) {
        byte[] f = new byte[ETH + 28];
        writeEthernet(f, 0, ethDst, senderMac, ETHERTYPE_ARP);
        int p = ETH;
        put16(f, p, 1);
        put16(f, p + 2, ETHERTYPE_IPV4);
        f[p + 4] = 6;
        f[p + 5] = 4;
        put16(f, p + 6, operation);
        putMac(f, p + 8, senderMac);
        put32(f, p + 14, senderIp);
        putMac(f, p + 18, targetMac);
        put32(f, p + 24, targetIp);
        return f;
    }

    /** Pads a frame to the Ethernet minimum of 60 bytes (without FCS), as a NIC does on the wire. */
    public static byte[] padToMinimum(byte[] frame) {
        if (frame.length >= 60) {
            return frame;
        }
        byte[] f = new byte[60];
        System.arraycopy(frame, 0, f, 0, frame.length);
        return f;
    }

    // ---------------------------------------------------------------- IPv4

    /** An IPv4 frame around an upper-layer payload that already carries its own checksum. */
    public static byte[] ipv4(Hop hop, int protocol, byte[] payload) {
        byte[] f = new byte[ETH + IP + payload.length];
        writeEthernet(f, 0, hop.dstMac(), hop.srcMac(), ETHERTYPE_IPV4);
        System.arraycopy(payload, 0, f, ETH + IP, payload.length);
        writeIpv4(f, ETH, hop, protocol, payload.length);
        return f;
    }

    /** Echo request (type 8) or reply (type 0) with the given data; Linux ping sends 56 bytes of data. */
    public static byte[] icmpEcho(Hop hop, boolean request, int identifier, int sequence, byte[] data) {
        int icmpLen = 8 + data.length;
        byte[] f = new byte[ETH + IP + icmpLen];
        writeEthernet(f, 0, hop.dstMac(), hop.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        f[p] = (byte) (request ? ICMP_ECHO_REQUEST : ICMP_ECHO_REPLY);
        put16(f, p + 4, identifier);
        put16(f, p + 6, sequence);
        System.arraycopy(data, 0, f, p + 8, data.length);
        put16(f, p + 2, Checksums.internet(f, p, icmpLen));
        writeIpv4(f, ETH, hop, PROTO_ICMP, icmpLen);
        return f;
    }

    /** The 56 data bytes iputils ping puts after the ICMP header: 8 timestamp bytes then 0x10, 0x11, ... */
    public static byte[] pingData(long epochMicros) {
        byte[] d = new byte[56];
        long sec = epochMicros / 1_000_000L;
        long usec = epochMicros % 1_000_000L;
        for (int i = 0; i < 4; i++) {
            d[i] = (byte) (sec >>> (8 * i));
            d[4 + i] = (byte) (usec >>> (8 * i));
        }
        for (int i = 8; i < 56; i++) {
            d[i] = (byte) (i + 8);
        }
        return d;
    }

    /** Destination unreachable quoting the offending IPv4 packet (from its IP header on). */
    public static byte[] icmpUnreachable(Hop hop, int code, byte[] offendingIp, int nextHopMtu) {
        int rest = code == UNREACH_NEED_FRAG ? nextHopMtu & 0xffff : 0;
        return icmpError(hop, ICMP_UNREACHABLE, code, rest, offendingIp);
    }

    /** Time exceeded in transit (code 0) quoting the offending IPv4 packet. */
    public static byte[] icmpTimeExceeded(Hop hop, byte[] offendingIp) {
        return icmpError(hop, ICMP_TIME_EXCEEDED, 0, 0, offendingIp);
    }

    /** An ICMP error whose 4 bytes after the checksum hold {@code rest}; quotes up to 548 bytes like Linux. */
    public static byte[] icmpError(Hop hop, int type, int code, int rest, byte[] offendingIp) {
        int quoted = Math.min(offendingIp.length, ICMP_QUOTE_LIMIT);
        int icmpLen = 8 + quoted;
        byte[] f = new byte[ETH + IP + icmpLen];
        writeEthernet(f, 0, hop.dstMac(), hop.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        f[p] = (byte) type;
        f[p + 1] = (byte) code;
        put32(f, p + 4, rest);
        System.arraycopy(offendingIp, 0, f, p + 8, quoted);
        put16(f, p + 2, Checksums.internet(f, p, icmpLen));
        writeIpv4(f, ETH, hop, PROTO_ICMP, icmpLen);
        return f;
    }

    /** The IPv4 packet inside an Ethernet frame (what an ICMP error quotes). */
    public static byte[] ipPacketOf(byte[] frame) {
        int l3 = FrameFields.l3Offset(frame, 0);
        int total = FrameFields.ipv4TotalLength(frame, 0);
        int len = Math.min(total, frame.length - l3);
        byte[] ip = new byte[len];
        System.arraycopy(frame, l3, ip, 0, len);
        return ip;
    }

    // ---------------------------------------------------------------- UDP and TCP

    /**
     * A UDP datagram. With {@code checksum} false the checksum field is 0, which IPv4 allows and
     * Linux VXLAN devices send by default.
     */
    public static byte[] udp(Hop hop, int srcPort, int dstPort, byte[] payload, boolean checksum) {
        return udp(hop, srcPort, dstPort, payload, 0, payload.length, checksum);
    }

    public static byte[] udp(Hop hop, int srcPort, int dstPort, byte[] payload, int off, int len, boolean checksum) {
        int udpLen = 8 + len;
        byte[] f = new byte[ETH + IP + udpLen];
        writeEthernet(f, 0, hop.dstMac(), hop.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        put16(f, p, srcPort);
        put16(f, p + 2, dstPort);
        put16(f, p + 4, udpLen);
        System.arraycopy(payload, off, f, p + 8, len);
        if (checksum) {
            int c = Checksums.transport4(hop.srcIp(), hop.dstIp(), PROTO_UDP, f, p, udpLen);
            put16(f, p + 6, c == 0 ? 0xffff : c);
        }
        writeIpv4(f, ETH, hop, PROTO_UDP, udpLen);
        return f;
    }

    /**
     * A TCP segment with checksum. {@code options} must be a multiple of 4 bytes (pad with NOPs).
     */
    public static byte[] tcp(Hop hop, int srcPort, int dstPort, long seq, long ack, int flags, int window,
                             byte[] options, byte[] payload) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("TCP options must be a multiple of 4 bytes, at most 40");
        }
        int hlen = 20 + options.length;
        int tcpLen = hlen + payload.length;
        byte[] f = new byte[ETH + IP + tcpLen];
        writeEthernet(f, 0, hop.dstMac(), hop.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        put16(f, p, srcPort);
        put16(f, p + 2, dstPort);
        put32(f, p + 4, (int) seq);
        put32(f, p + 8, (int) ack);
        f[p + 12] = (byte) ((hlen / 4) << 4);
        f[p + 13] = (byte) flags;
        put16(f, p + 14, window);
        System.arraycopy(options, 0, f, p + 20, options.length);
        System.arraycopy(payload, 0, f, p + hlen, payload.length);
        put16(f, p + 16, Checksums.transport4(hop.srcIp(), hop.dstIp(), PROTO_TCP, f, p, tcpLen));
        writeIpv4(f, ETH, hop, PROTO_TCP, tcpLen);
        return f;
    }

    // ---------------------------------------------------------------- tunnels

    /**
     * Wraps an Ethernet frame in VXLAN (flags 0x08, 24-bit VNI) over UDP to {@code dstPort}
     * (4789, or 8472 for flannel), as a Linux VXLAN device does (UDP checksum 0 by default).
     */
    public static byte[] vxlan(Hop outer, int srcPort, int dstPort, int vni, byte[] innerFrame, boolean udpChecksum) {
        int udpLen = 8 + Vxlan.HEADER_LENGTH + innerFrame.length;
        byte[] f = new byte[ETH + IP + udpLen];
        writeEthernet(f, 0, outer.dstMac(), outer.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        put16(f, p, srcPort);
        put16(f, p + 2, dstPort);
        put16(f, p + 4, udpLen);
        Vxlan.writeHeader(f, p + 8, vni);
        System.arraycopy(innerFrame, 0, f, p + 8 + Vxlan.HEADER_LENGTH, innerFrame.length);
        if (udpChecksum) {
            int c = Checksums.transport4(outer.srcIp(), outer.dstIp(), PROTO_UDP, f, p, udpLen);
            put16(f, p + 6, c == 0 ? 0xffff : c);
        }
        writeIpv4(f, ETH, outer, PROTO_UDP, udpLen);
        return f;
    }

    /**
     * Geneve over UDP to 6081 with a UDP checksum of 0, as Linux and OVS send it: the header
     * ({@link Geneve#header}: VNI, protocol type, flags, encoded options) and the payload, an
     * Ethernet frame for {@link #ETHERTYPE_TEB} or an IP packet.
     */
    public static byte[] geneve(Hop outer, int srcPort, int vni, int protocolType, int flags, byte[] options,
                                byte[] payload) {
        byte[] header = Geneve.header(vni, protocolType, flags, options);
        return udp(outer, srcPort, Encapsulations.GENEVE_PORT, concat(header, payload), false);
    }

    /** VXLAN-GPE over UDP to 4790 (I and P flags): the next protocol (1 IPv4, 2 IPv6, 3 Ethernet, 4 NSH) and payload. */
    public static byte[] vxlanGpe(Hop outer, int srcPort, int vni, int nextProtocol, byte[] payload) {
        return udp(outer, srcPort, Encapsulations.VXLAN_GPE_PORT, concat(VxlanGpe.header(vni, nextProtocol), payload),
                false);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * A UDP source port for a VXLAN packet derived from the inner frame's flow, in Linux's default
     * ephemeral range 32768..60999, so one flow keeps one port as the kernel does.
     */
    public static int vxlanSourcePort(byte[] innerFrame) {
        int h = 0x9747b28c;
        int n = Math.min(innerFrame.length, 34 + 4);
        for (int i = 0; i < n; i++) {
            if (i >= 14 && i < 26) {
                continue;
            }
            h = (h ^ (innerFrame[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 15;
        return 32768 + Integer.remainderUnsigned(h, 61000 - 32768);
    }

    /**
     * Basic GRE (RFC 2784, no checksum/key/sequence). For {@link #ETHERTYPE_TEB} the payload is a
     * whole Ethernet frame; for {@link #ETHERTYPE_IPV4} it is an IPv4 packet.
     */
    public static byte[] gre(Hop outer, int protocolType, byte[] payload) {
        return gre(outer, protocolType, payload, 0, payload.length);
    }

    public static byte[] gre(Hop outer, int protocolType, byte[] payload, int off, int len) {
        int greLen = Gre.FIXED_LENGTH + len;
        byte[] f = new byte[ETH + IP + greLen];
        writeEthernet(f, 0, outer.dstMac(), outer.srcMac(), ETHERTYPE_IPV4);
        int p = ETH + IP;
        Gre.writeHeader(f, p, protocolType);
        System.arraycopy(payload, off, f, p + Gre.FIXED_LENGTH, len);
        writeIpv4(f, ETH, outer, PROTO_GRE, greLen);
        return f;
    }

    /**
     * GRE with the optional fields asked for (RFC 2784/2890): the checksum over the GRE packet, a
     * key ({@link Gre#NO_KEY} for none) and a sequence number ({@link Gre#NO_SEQUENCE} for none).
     */
    public static byte[] gre(Hop outer, int protocolType, byte[] payload, boolean checksum, long key, long sequence) {
        return ipv4(outer, PROTO_GRE, Gre.wrap(protocolType, payload, 0, payload.length, checksum, key, sequence));
    }

    /** GRE carrying the IPv4 packet of an Ethernet frame (protocol type 0x0800). */
    public static byte[] greIpv4(Hop outer, byte[] innerFrame) {
        int l3 = FrameFields.l3Offset(innerFrame, 0);
        return gre(outer, ETHERTYPE_IPV4, innerFrame, l3, innerFrame.length - l3);
    }

    // ---------------------------------------------------------------- writers

    /** Writes the 14-byte Ethernet header at {@code off}. */
    public static void writeEthernet(byte[] f, int off, long dstMac, long srcMac, int etherType) {
        putMac(f, off, dstMac);
        putMac(f, off + 6, srcMac);
        put16(f, off + 12, etherType);
    }

    /** Writes a 20-byte IPv4 header at {@code off} with its checksum, for a payload of the given length. */
    public static void writeIpv4(byte[] f, int off, Hop hop, int protocol, int payloadLength) {
        f[off] = 0x45;
        f[off + 1] = (byte) hop.tos();
        put16(f, off + 2, IP + payloadLength);
        put16(f, off + 4, hop.identification());
        put16(f, off + 6, hop.dontFragment() ? 0x4000 : 0);
        f[off + 8] = (byte) hop.ttl();
        f[off + 9] = (byte) protocol;
        f[off + 10] = 0;
        f[off + 11] = 0;
        put32(f, off + 12, hop.srcIp());
        put32(f, off + 16, hop.dstIp());
        put16(f, off + 10, Checksums.internet(f, off, IP));
    }

    static void put16(byte[] f, int p, int v) {
        f[p] = (byte) (v >>> 8);
        f[p + 1] = (byte) v;
    }

    static void put32(byte[] f, int p, int v) {
        f[p] = (byte) (v >>> 24);
        f[p + 1] = (byte) (v >>> 16);
        f[p + 2] = (byte) (v >>> 8);
        f[p + 3] = (byte) v;
    }

    static void putMac(byte[] f, int p, long mac) {
        for (int i = 0; i < 6; i++) {
            f[p + i] = (byte) (mac >>> (8 * (5 - i)));
        }
    }
}
