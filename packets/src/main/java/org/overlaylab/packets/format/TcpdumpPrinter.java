/*
 * The printing engine behind TcpdumpFormatter: walks a frame's bytes once and writes the text
 * `tcpdump -nn` 4.99 prints for it. Like tcpdump, a read past the captured bytes ends the walk
 * and the line gets " [|proto]" for the protocol being printed at that moment.
 */
package org.overlaylab.packets.format;

import java.util.HashMap;
import java.util.Map;

final class TcpdumpPrinter {

    /** Thrown internally when a read passes the captured bytes; never leaves the printer. */
    private static final class Truncated extends RuntimeException {
        Truncated() {
            super(null, null, false, false);
        }
    }

    private static final Truncated TRUNCATED = new Truncated();

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int PROTO_SCTP = 132;
    private static final int PROTO_DCCP = 33;
    private static final int DNS_PORT = 53;
    private static final int MDNS_PORT = 5353;

    private final boolean linkLevel;
    private final Map<Long, long[]> tcpSeq4 = new HashMap<>();
    private final Map<String, long[]> tcpSeq6 = new HashMap<>();

    private byte[] b;
    private int snapend;
    private StringBuilder sb;
    private String protocol;

    /*
     * A tunnel's inner packet (IP in IP, GRE, VXLAN, Geneve ...) is the last thing its outer layer
     * prints, so instead of calling the inner printer, which would nest one call per header and
     * overflow the stack on a frame wrapped thousands of times, the outer layer leaves it here
     * and printFrame's loop prints it once the outer layer has returned. The tunnel headers
     * themselves are printed by the encapsulations' printers (TunnelPrinters), through `cursor`.
     */
    private static final int NEXT_NONE = 0;
    private static final int NEXT_IP = 1;
    private static final int NEXT_IP6 = 2;
    private static final int NEXT_TUNNEL = 3;
    private static final int NEXT_ETHER = 4;
    private int nextKind;
    private TunnelPrinter nextPrinter;
    private int nextOffset;
    private int nextLength;
    private int nextCaplen;
    private int nextSnapend;

    /** `tcpdump -n` prints well-known ports by their /etc/services name; `-nn` prints numbers. */
    private final boolean portNames;

    TcpdumpPrinter(boolean linkLevel) {
        this(linkLevel, false);
    }

    TcpdumpPrinter(boolean linkLevel, boolean portNames) {
        this.linkLevel = linkLevel;
        this.portNames = portNames;
    }

    /** The ports Debian's /etc/services names that the labs' traffic uses, TCP and UDP alike. */
    private static String serviceName(int port, boolean udp) {
        return switch (port) {
            case 22 -> "ssh";
            case 53 -> "domain";
            case 67 -> udp ? "bootps" : null;
            case 68 -> udp ? "bootpc" : null;
            case 80 -> "http";
            case 123 -> udp ? "ntp" : null;
            case 179 -> udp ? null : "bgp";
            case 443 -> "https";
            default -> null;
        };
    }

    private void port(int port, boolean udp) {
        String name = portNames ? serviceName(port, udp) : null;
        if (name != null) {
            sb.append(name);
        } else {
            sb.append(port);
        }
    }

    /** Prints one Ethernet frame (everything after the timestamp). */
    void printFrame(byte[] data, int offset, int caplen, int length, StringBuilder out) {
        b = data;
        sb = out;
        snapend = offset + caplen;
        protocol = "";
        nextKind = NEXT_NONE;
        try {
            firstLayer(offset, length, caplen);
            while (nextKind != NEXT_NONE) {
                int kind = nextKind;
                nextKind = NEXT_NONE;
                snapend = nextSnapend;
                switch (kind) {
                    case NEXT_IP -> ip(nextOffset, nextLength);
                    case NEXT_IP6 -> ip6(nextOffset, nextLength);
                    case NEXT_TUNNEL -> nextPrinter.print(cursor, nextOffset, nextLength);
                    default -> ether(nextOffset, nextLength, nextCaplen);
                }
            }
        } catch (Truncated t) {
            trunc();
        } catch (StopLine s) {
            // the printer already wrote its own ending
        } finally {
            b = null;
            sb = null;
        }
    }

    /** Leaves a tunnel's inner packet for printFrame's loop; the caller must print nothing after it. */
    private void printNext(int kind, int p, int length, int caplen) {
        nextKind = kind;
        nextOffset = p;
        nextLength = length;
        nextCaplen = caplen;
        nextSnapend = snapend;
    }

    // ---------------------------------------------------------------- byte access

    private int u8(int p) {
        if (p < 0 || p >= snapend) {
            throw TRUNCATED;
        }
        return b[p] & 0xff;
    }

    private int u16(int p) {
        if (p < 0 || p + 2 > snapend) {
            throw TRUNCATED;
        }
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private int u24(int p) {
        if (p < 0 || p + 3 > snapend) {
            throw TRUNCATED;
        }
        return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
    }

    private long u32(int p) {
        if (p < 0 || p + 4 > snapend) {
            throw TRUNCATED;
        }
        return (((long) (b[p] & 0xff)) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8)
                | (b[p + 3] & 0xff);
    }

    private boolean has(int p, int len) {
        return p >= 0 && len >= 0 && (long) p + len <= snapend;
    }

    private void check(int p, int len) {
        if (!has(p, len)) {
            throw TRUNCATED;
        }
    }

    private int available(int p) {
        return snapend > p ? snapend - p : 0;
    }

    private void trunc() {
        sb.append(" [|").append(protocol).append(']');
    }

    // ---------------------------------------------------------------- text helpers

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private void ipv4(int p) {
        check(p, 4);
        sb.append(b[p] & 0xff).append('.').append(b[p + 1] & 0xff).append('.')
                .append(b[p + 2] & 0xff).append('.').append(b[p + 3] & 0xff);
    }

    private void mac(int p) {
        check(p, 6);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int v = b[p + i] & 0xff;
            sb.append(HEX[v >> 4]).append(HEX[v & 15]);
        }
    }

    private void hex(long v) {
        sb.append(Long.toHexString(v));
    }

    private void hex2(int v) {
        sb.append(HEX[(v >> 4) & 15]).append(HEX[v & 15]);
    }

    private void hex4(int v) {
        hex2(v >> 8);
        hex2(v);
    }

    /** IPv6 text as tcpdump's own formatter writes it (longest zero run of two or more words as ::). */
    private void ipv6(int p) {
        check(p, 16);
        Ip6Text.append(sb, b, p);
    }

    // ---------------------------------------------------------------- Ethernet

    private void ether(int p, int length, int caplen) {
        protocol = "ether";
        if (length < caplen) {
            sb.append("[length ").append(length).append(" < caplen ").append(caplen).append(']');
            sb.append(" (invalid)");
            return;
        }
        if (caplen < 14) {
            trunc();
            return;
        }
        int origLength = length;
        int src = p + 6;
        int dst = p;
        length -= 12;
        caplen -= 12;
        p += 12;
        if (linkLevel) {
            mac(src);
            sb.append(" > ");
            mac(dst);
            sb.append(", ");
        }
        int type = u16(p);
        length -= 2;
        caplen -= 2;
        p += 2;
        boolean printedLength = false;
        while (type == 0x8100 || type == 0x9100 || type == 0x9200 || type == 0x88a8) {
            if (caplen < 4 || length < 4) {
                protocol = "vlan";
                trunc();
                return;
            }
            if (linkLevel) {
                int tag = u16(p);
                etherTypeName(type);
                if (!printedLength) {
                    sb.append(", length ").append(origLength).append(": ");
                    printedLength = true;
                } else {
                    sb.append(", ");
                }
                sb.append("vlan ").append(tag & 0xfff).append(", p ").append(tag >> 13);
                if ((tag & 0x1000) != 0) {
                    sb.append(", DEI");
                }
                sb.append(", ");
            }
            type = u16(p + 2);
            p += 4;
            length -= 4;
            caplen -= 4;
        }
        if (type <= 1500) {
            // 802.3 with LLC: tcpdump's LLC printers are not reproduced; show it as tcpdump does for unknown SAPs.
            int saved = snapend;
            if (type < length) {
                length = type;
            }
            snapend = Math.min(snapend, p + length);
            try {
                llc(p, length, origLength, printedLength, src, dst);
            } finally {
                snapend = saved;
            }
            return;
        }
        if (linkLevel) {
            etherTypeName(type);
            if (!printedLength) {
                sb.append(", length ").append(origLength).append(": ");
            } else {
                sb.append(", ");
            }
        }
        switch (type) {
            case ETHERTYPE_IPV4 -> ip(p, length);
            case ETHERTYPE_IPV6 -> ip6(p, length);
            case ETHERTYPE_ARP -> arp(p, length);
            default -> {
                if (!linkLevel) {
                    mac(src);
                    sb.append(" > ");
                    mac(dst);
                    sb.append(", ");
                    etherTypeName(type);
                    sb.append(", length ").append(origLength).append(": ");
                }
                defaultPrint(p, caplen);
            }
        }
    }

    private void llc(int p, int length, int origLength, boolean printedLength, int src, int dst) {
        if (linkLevel) {
            sb.append("802.3");
            if (!printedLength) {
                sb.append(", length ").append(length).append(": ");
            }
        }
        if (length < 3 || !has(p, 3)) {
            protocol = "llc";
            if (length < 3) {
                sb.append("[|llc]");
                defaultPrint(p, available(p));
                return;
            }
            throw TRUNCATED;
        }
        int dsap = u8(p);
        int ssap = u8(p + 1);
        int control = u8(p + 2);
        if (!linkLevel) {
            mac(src);
            sb.append(" > ");
            mac(dst);
            sb.append(' ');
        }
        sb.append("LLC, dsap ").append(sapName(dsap & 0xfe)).append(" (0x");
        hex2(dsap & 0xfe);
        sb.append(") ").append((dsap & 1) == 0 ? "Individual" : "Group").append(", ssap ")
                .append(sapName(ssap & 0xfe)).append(" (0x");
        hex2(ssap & 0xfe);
        sb.append(") ").append((ssap & 1) == 0 ? "Command" : "Response").append(", ctrl 0x");
        if ((control & 3) == 3) {
            hex2(control);
            sb.append(": ");
            int hdr = 3;
            defaultPrint(p + hdr, Math.max(0, available(p + hdr)));
        } else {
            if (!has(p, 4)) {
                throw TRUNCATED;
            }
            int ctl16 = u16(p + 2);
            hex4(((ctl16 & 0xff) << 8) | (ctl16 >> 8));
            sb.append(": ");
            defaultPrint(p + 4, Math.max(0, available(p + 4)));
        }
    }

    private static String sapName(int sap) {
        return switch (sap) {
            case 0x00 -> "Null";
            case 0x42 -> "STP";
            case 0x06 -> "IP";
            case 0xaa -> "SNAP";
            case 0xe0 -> "IPX";
            case 0xf0 -> "NetBeui";
            case 0xfe -> "OSI";
            default -> "Unknown";
        };
    }

    private void etherTypeName(int type) {
        sb.append("ethertype ").append(EtherTypes.name(type)).append(" (0x");
        hex4(type);
        sb.append(')');
    }

    /** tcpdump's default printer: hex and ASCII lines, each introduced by a newline and a tab. */
    private void defaultPrint(int p, int length) {
        int caplength = available(p);
        boolean truncated = false;
        if (length > caplength) {
            length = caplength;
            truncated = true;
        }
        HexDumpText.tcpdumpHexAscii(sb, b, p, length, 0);
        if (truncated) {
            throw TRUNCATED;
        }
    }

    // ---------------------------------------------------------------- ARP

    private void arp(int p, int length) {
        protocol = "arp";
        check(p, 8);
        int hrd = u16(p);
        int pro = u16(p + 2);
        int hln = u8(p + 4);
        int pln = u8(p + 5);
        int op = u16(p + 6);
        int sha = p + 8;
        int spa = sha + hln;
        int tha = spa + pln;
        int tpa = tha + hln;
        if (hrd == 19) {
            atmArp(p, length);
            return;
        }
        check(tpa, pln);
        if (!linkLevel) {
            sb.append("ARP, ");
        }
        if ((pro != ETHERTYPE_IPV4 && pro != 0x1000) || pln != 4 || hln == 0) {
            sb.append(ArpNames.hardware(hrd)).append(" (len ").append(hln).append("), ");
            String proto = EtherTypes.knownName(pro);
            if (proto == null) {
                sb.append("Unknown Protocol (0x");
                hex4(pro);
                sb.append(')');
            } else {
                sb.append(proto);
            }
            sb.append(" (len ").append(pln).append(')');
            sb.append(", length ").append(length);
            return;
        }
        String opName = ArpNames.operation(op);
        if (opName == null) {
            sb.append("Unknown (").append(op).append(") ");
        } else {
            sb.append(opName).append(' ');
        }
        switch (op) {
            case 1 -> {
                sb.append("who-has ");
                ipv4(tpa);
                if (nonZero(tha, hln)) {
                    sb.append(" (");
                    linkAddr(tha, hln);
                    sb.append(')');
                }
                sb.append(" tell ");
                ipv4(spa);
            }
            case 2 -> {
                ipv4(spa);
                sb.append(" is-at ");
                linkAddr(sha, hln);
            }
            case 3, 8 -> {
                sb.append("who-is ");
                linkAddr(tha, hln);
                sb.append(" tell ");
                linkAddr(sha, hln);
            }
            case 4 -> {
                linkAddr(tha, hln);
                sb.append(" at ");
                ipv4(tpa);
            }
            case 9 -> {
                linkAddr(sha, hln);
                sb.append(" at ");
                ipv4(spa);
            }
            default -> {
                defaultPrint(p, available(p));
                return;
            }
        }
        sb.append(", length ").append(length);
    }

    private void atmArp(int p, int length) {
        AtmArpPrinter.print(this, p, length);
    }

    private boolean nonZero(int p, int len) {
        for (int i = 0; i < len; i++) {
            if (u8(p + i) != 0) {
                return true;
            }
        }
        return false;
    }

    private void linkAddr(int p, int len) {
        check(p, len);
        if (len == 6) {
            mac(p);
            return;
        }
        if (len == 0) {
            sb.append("<empty>");
            return;
        }
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(':');
            }
            hex2(b[p + i] & 0xff);
        }
    }

    // ---------------------------------------------------------------- IPv4

    private void ip(int p, int length) {
        protocol = "ip";
        int version = u8(p) >> 4;
        if (version != 4) {
            if (version == 6) {
                sb.append("IP6, wrong link-layer encapsulation");
            } else {
                sb.append("IP").append(version);
            }
            sb.append(" (invalid)");
            return;
        }
        if (!linkLevel) {
            sb.append("IP ");
        }
        check(p, 20);
        if (length < 20) {
            sb.append("truncated-ip ").append(length);
            return;
        }
        int hlen = (u8(p) & 0x0f) * 4;
        if (hlen < 20) {
            sb.append("bad-hlen ").append(hlen);
            return;
        }
        int len = u16(p + 2);
        if (length < len) {
            sb.append("truncated-ip - ").append(len - length).append(" bytes missing! ");
        }
        if (len < hlen) {
            sb.append("bad-len ").append(len);
            return;
        }
        int savedSnapend = snapend;
        snapend = Math.min(snapend, p + len);
        len -= hlen;
        int off = u16(p + 6);
        int proto = u8(p + 9);
        if ((off & 0x1fff) == 0) {
            // SCTP and DCCP print their own addresses in tcpdump; here they fall to the unknown-protocol form, which does not
            if (proto != PROTO_TCP && proto != PROTO_UDP) {
                ipv4(p + 12);
                sb.append(" > ");
                ipv4(p + 16);
                sb.append(": ");
            }
            if (!has(p, hlen)) {
                sb.append(" [remaining caplen(").append(available(p)).append(") < header length(")
                        .append(hlen).append(")]");
                throw TRUNCATED;
            }
            demux(p + hlen, len, 4, (off & 0x2000) != 0, proto, p);
        } else {
            ipv4(p + 12);
            sb.append(" > ");
            ipv4(p + 16);
            sb.append(':');
            sb.append(" ip-proto-").append(proto);
        }
        snapend = savedSnapend;
    }

    private void demux(int p, int length, int ver, boolean fragmented, int proto, int iph) {
        switch (proto) {
            case PROTO_TCP -> tcp(p, length, iph);
            case PROTO_UDP -> udp(p, length, iph, fragmented);
            case PROTO_ICMP -> {
                if (ver == 4) {
                    icmp(p, length);
                } else {
                    sb.append("[ICMP requires IPv4] (invalid)");
                }
            }
            case PROTO_ICMPV6 -> {
                if (ver == 6) {
                    icmp6(p, length, iph);
                } else {
                    sb.append("[ICMPv6 requires IPv6] (invalid)");
                }
            }
            case 143 -> {
                if (ver == 6) {
                    etherInner(p, length);
                } else {
                    sb.append("[Ethernet requires IPv6] (invalid)");
                }
            }
            case 59 -> sb.append("no next header");
            case 77 -> sb.append(" nd ").append(length);
            default -> {
                TunnelPrinter tunnel = TunnelPrinters.forIpProtocol(proto);
                if (tunnel != null) {
                    printNext(tunnel, p, length);
                } else {
                    sb.append(" ip-proto-").append(proto).append(' ').append(Integer.toUnsignedString(length));
                }
            }
        }
    }

    // ---------------------------------------------------------------- UDP

    private void udpAddresses(int iph, int sport, int dport) {
        boolean v6 = (u8(iph) >> 4) == 6;
        if (v6) {
            if (u8(iph + 6) == PROTO_UDP) {
                ipv6(iph + 8);
                if (sport >= 0) {
                    sb.append('.');
                    port(sport, true);
                }
                sb.append(" > ");
                ipv6(iph + 24);
                if (sport >= 0) {
                    sb.append('.');
                    port(dport, true);
                }
                sb.append(": ");
            } else if (sport >= 0) {
                sb.append(sport).append(" > ").append(dport).append(": ");
            }
        } else {
            if (u8(iph + 9) == PROTO_UDP) {
                ipv4(iph + 12);
                if (sport >= 0) {
                    sb.append('.');
                    port(sport, true);
                }
                sb.append(" > ");
                ipv4(iph + 16);
                if (sport >= 0) {
                    sb.append('.');
                    port(dport, true);
                }
                sb.append(": ");
            } else if (sport >= 0) {
                sb.append(sport).append(" > ").append(dport).append(": ");
            }
        }
    }

    private void udp(int p, int length, int iph, boolean fragmented) {
        protocol = "udp";
        if (!has(p + 2, 2)) {
            udpAddresses(iph, -1, -1);
            throw TRUNCATED;
        }
        int sport = u16(p);
        int dport = u16(p + 2);
        if (length < 8) {
            udpAddresses(iph, sport, dport);
            sb.append("truncated-udp ").append(length);
            return;
        }
        if (!has(p + 4, 2)) {
            udpAddresses(iph, sport, dport);
            throw TRUNCATED;
        }
        int ulen = u16(p + 4);
        if (ulen == 0 && length > 65535) {
            ulen = length;
        }
        if (ulen < 8) {
            udpAddresses(iph, sport, dport);
            sb.append("truncated-udplength ").append(ulen);
            return;
        }
        ulen -= 8;
        length -= 8;
        if (ulen < length) {
            length = ulen;
        }
        int cp = p + 8;
        if (cp > snapend) {
            udpAddresses(iph, sport, dport);
            throw TRUNCATED;
        }
        udpAddresses(iph, sport, dport);
        TunnelPrinter tunnel = TunnelPrinters.forUdp(sport, dport);
        if (sport == DNS_PORT || dport == DNS_PORT) {
            dns(cp, length);
        } else if (sport == MDNS_PORT || dport == MDNS_PORT) {
            DnsPrinter.print(this, cp, length, false, true);
        } else if (tunnel != null) {
            tunnel.print(cursor, cp, length);
        } else if (ulen > length && !fragmented) {
            sb.append("UDP, bad length ").append(ulen).append(" > ").append(length);
        } else {
            sb.append("UDP, length ").append(ulen);
        }
    }

    // ---------------------------------------------------------------- DNS (port 53)

    /** DNS on port 53 as tcpdump's domain_print shows it without -v (see DnsPrinter). */
    private void dns(int p, int length) {
        DnsPrinter.print(this, p, length, false, false);
    }

    /** An Ethernet frame carried inside a tunnel: its capture length is what is left of the outer one. */
    private void etherInner(int p, int length) {
        printNext(NEXT_ETHER, p, length, available(p));
    }

    /** Leaves a tunnel header for printFrame's loop, like printNext. */
    private void printNext(TunnelPrinter printer, int p, int length) {
        printNext(NEXT_TUNNEL, p, length, 0);
        nextPrinter = printer;
    }

    /** The encapsulation printers' view of this walk. */
    private final TunnelCursor cursor = new TunnelCursor() {
        @Override
        public StringBuilder out() {
            return sb;
        }

        @Override
        public boolean linkLevel() {
            return linkLevel;
        }

        @Override
        public void protocol(String name) {
            protocol = name;
        }

        @Override
        public int u8(int p) {
            return TcpdumpPrinter.this.u8(p);
        }

        @Override
        public int u16(int p) {
            return TcpdumpPrinter.this.u16(p);
        }

        @Override
        public int u24(int p) {
            return TcpdumpPrinter.this.u24(p);
        }

        @Override
        public long u32(int p) {
            return TcpdumpPrinter.this.u32(p);
        }

        @Override
        public void check(int p, int len) {
            TcpdumpPrinter.this.check(p, len);
        }

        @Override
        public int available(int p) {
            return TcpdumpPrinter.this.available(p);
        }

        @Override
        public RuntimeException truncated() {
            return TRUNCATED;
        }

        @Override
        public void ipv4(int p) {
            TcpdumpPrinter.this.ipv4(p);
        }

        @Override
        public void nextEthernet(int p, int length) {
            etherInner(p, length);
        }

        @Override
        public void nextIpv4(int p, int length) {
            printNext(NEXT_IP, p, length, 0);
        }

        @Override
        public void nextIpv6(int p, int length) {
            printNext(NEXT_IP6, p, length, 0);
        }

        @Override
        public boolean nextByEtherType(int etherType, int p, int length) {
            switch (etherType) {
                case ETHERTYPE_IPV4 -> printNext(NEXT_IP, p, length, 0);
                case ETHERTYPE_IPV6 -> printNext(NEXT_IP6, p, length, 0);
                case ETHERTYPE_ARP -> arp(p, length);
                default -> {
                    TunnelPrinter tunnel = TunnelPrinters.forEtherType(etherType);
                    if (tunnel == null) {
                        return false;
                    }
                    printNext(tunnel, p, length);
                }
            }
            return true;
        }

        @Override
        public void nextTunnel(TunnelPrinter printer, int p, int length) {
            printNext(printer, p, length);
        }
    };

    // ---------------------------------------------------------------- ICMP

    private void icmp(int p, int plen) {
        protocol = "icmp";
        int start = sb.length();
        try {
            icmpBody(p, plen);
        } catch (Truncated t) {
            // tcpdump composes the ICMP text in a buffer and prints none of it when a read runs short
            sb.setLength(start);
            throw t;
        }
    }

    private void icmpBody(int p, int plen) {
        int type = u8(p);
        int code = u8(p + 1);
        sb.append("ICMP ");
        switch (type) {
            case 0, 8 -> {
                int id = u16(p + 4);
                int seq = u16(p + 6);
                sb.append("echo ").append(type == 8 ? "request" : "reply").append(", id ").append(id)
                        .append(", seq ").append(seq);
            }
            case 3 -> icmpUnreachable(p, code);
            case 5 -> {
                switch (code) {
                    case 0, 1 -> sb.append("redirect ");
                    case 2, 3 -> sb.append("redirect-tos ");
                    default -> sb.append("redirect-#").append(code).append(' ');
                }
                ipv4(p + 8 + 16);
                sb.append(code <= 3 ? ((code & 1) == 0 ? " to net " : " to host ") : " to ");
                ipv4(p + 4);
            }
            case 9 -> routerAdvert(p);
            case 11 -> {
                check(p + 8 + 16, 4);
                switch (code) {
                    case 0 -> sb.append("time exceeded in-transit");
                    case 1 -> sb.append("ip reassembly time exceeded");
                    default -> sb.append("time exceeded-#").append(code);
                }
            }
            case 12 -> {
                if (code != 0) {
                    sb.append("parameter problem - code ").append(code);
                } else {
                    int octet = u8(p + 4);
                    sb.append("parameter problem - octet ").append(octet);
                }
            }
            case 18 -> {
                long mask = u32(p + 8);
                sb.append("address mask is 0x");
                String h = Long.toHexString(mask);
                sb.append("00000000", 0, 8 - h.length()).append(h);
            }
            case 13 -> {
                int id = u16(p + 4);
                int seq = u16(p + 6);
                sb.append("time stamp query id ").append(id).append(" seq ").append(seq);
            }
            case 14 -> {
                check(p + 16, 4);
                sb.append("time stamp reply id ").append(u16(p + 4)).append(" seq ").append(u16(p + 6))
                        .append(": org ");
                icmpTimestamp(u32(p + 8));
                sb.append(", recv ");
                icmpTimestamp(u32(p + 12));
                sb.append(", xmit ");
                icmpTimestamp(u32(p + 16));
            }
            case 4 -> sb.append("source quench");
            case 10 -> sb.append("router solicitation");
            case 15 -> sb.append("information request");
            case 16 -> sb.append("information reply");
            case 17 -> sb.append("address mask request");
            default -> sb.append("type-#").append(type);
        }
        sb.append(", length ").append(plen);
    }

    private void icmpTimestamp(long t) {
        if (t > 86400000L) {
            // tcpdump prints out-of-range values as-is with a marker
            sb.append(t & 0x7fffffffL).append("_ms");
            if ((t & 0x80000000L) != 0) {
                sb.append(" (non-standard)");
            }
            return;
        }
        long ms = t % 1000;
        long s = (t / 1000) % 60;
        long m = (t / 60000) % 60;
        long h = t / 3600000;
        two(h);
        sb.append(':');
        two(m);
        sb.append(':');
        two(s);
        sb.append('.');
        if (ms < 100) {
            sb.append('0');
        }
        if (ms < 10) {
            sb.append('0');
        }
        sb.append(ms);
    }

    private void two(long v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }

    private void routerAdvert(int p) {
        check(p + 4, 4);
        sb.append("router advertisement lifetime ");
        int lifetime = u16(p + 6);
        if (lifetime < 60) {
            sb.append(lifetime);
        } else if (lifetime < 3600) {
            sb.append(lifetime / 60).append(':');
            two(lifetime % 60);
        } else {
            sb.append(lifetime / 3600).append(':');
            two((lifetime % 3600) / 60);
            sb.append(':');
            two(lifetime % 60);
        }
        int num = u8(p + 4);
        sb.append(' ').append(num).append(':');
        int size = u8(p + 5);
        if (size != 2) {
            sb.append(" [size ").append(size).append(']');
            return;
        }
        int q = p + 8;
        while (num > 0) {
            check(q, 8);
            sb.append(" {");
            ipv4(q);
            sb.append(' ').append(u32(q + 4)).append('}');
            q += 8;
            num--;
        }
    }

    private void icmpUnreachable(int p, int code) {
        int oip = p + 8;
        int dst = oip + 16;
        {
            switch (code) {
                case 0 -> {
                    sb.append("net ");
                    ipv4(dst);
                    sb.append(" unreachable");
                }
                case 1 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable");
                }
                case 2 -> {
                    check(dst, 4);
                    int proto = u8(oip + 9);
                    ipv4(dst);
                    sb.append(" protocol ").append(proto).append(" unreachable");
                }
                case 3 -> {
                    u8(oip + 9);
                    int hlen = (u8(oip) & 0x0f) * 4;
                    int dport = u16(oip + hlen + 2);
                    int proto = u8(oip + 9);
                    check(dst, 4);
                    ipv4(dst);
                    switch (proto) {
                        case PROTO_TCP -> sb.append(" tcp port ").append(dport).append(" unreachable");
                        case PROTO_UDP -> sb.append(" udp port ").append(dport).append(" unreachable");
                        default -> sb.append(" protocol ").append(proto).append(" port ").append(dport)
                                .append(" unreachable");
                    }
                }
                case 4 -> {
                    int mtu = u16(p + 6);
                    ipv4(dst);
                    sb.append(" unreachable - need to frag");
                    if (mtu != 0) {
                        sb.append(" (mtu ").append(mtu).append(')');
                    }
                }
                case 5 -> {
                    ipv4(dst);
                    sb.append(" unreachable - source route failed");
                }
                case 6 -> {
                    sb.append("net ");
                    ipv4(dst);
                    sb.append(" unreachable - unknown");
                }
                case 7 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - unknown");
                }
                case 8 -> {
                    ipv4(dst);
                    sb.append(" unreachable - source host isolated");
                }
                case 9 -> {
                    sb.append("net ");
                    ipv4(dst);
                    sb.append(" unreachable - admin prohibited");
                }
                case 10 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - admin prohibited");
                }
                case 11 -> {
                    sb.append("net ");
                    ipv4(dst);
                    sb.append(" unreachable - tos prohibited");
                }
                case 12 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - tos prohibited");
                }
                case 13 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - admin prohibited filter");
                }
                case 14 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - host precedence violation");
                }
                case 15 -> {
                    sb.append("host ");
                    ipv4(dst);
                    sb.append(" unreachable - precedence cutoff");
                }
                default -> {
                    ipv4(dst);
                    sb.append(" unreachable - #").append(code);
                }
            }
        }
    }

    // ---------------------------------------------------------------- TCP

    private void tcp(int p, int length, int iph) {
        protocol = "tcp";
        boolean v6 = (u8(iph) >> 4) == 6;
        if (!has(p + 2, 2)) {
            if (v6) {
                ipv6(iph + 8);
                sb.append(" > ");
                ipv6(iph + 24);
            } else {
                ipv4(iph + 12);
                sb.append(" > ");
                ipv4(iph + 16);
            }
            sb.append(':');
            throw TRUNCATED;
        }
        int sport = u16(p);
        int dport = u16(p + 2);
        boolean direct = v6 ? u8(iph + 6) == PROTO_TCP : u8(iph + 9) == PROTO_TCP;
        if (direct) {
            if (v6) {
                ipv6(iph + 8);
            } else {
                ipv4(iph + 12);
            }
            sb.append('.');
            port(sport, false);
            sb.append(" > ");
            if (v6) {
                ipv6(iph + 24);
            } else {
                ipv4(iph + 16);
            }
            sb.append('.');
            port(dport, false);
            sb.append(": ");
        } else {
            sb.append(sport).append(" > ").append(dport).append(": ");
        }
        check(p, 20);
        int hlen = (u8(p + 12) >> 4) * 4;
        if (hlen < 20) {
            sb.append(" tcp ").append(length - hlen).append(" [bad hdr length ").append(hlen)
                    .append(" - too short, < 20]");
            return;
        }
        long seq = u32(p + 4);
        long ack = u32(p + 8);
        int win = u16(p + 14);
        int urp = u16(p + 18);
        int flags = u8(p + 13);
        sb.append("Flags [");
        if (flags == 0) {
            sb.append("none");
        } else {
            if ((flags & 0x01) != 0) {
                sb.append('F');
            }
            if ((flags & 0x02) != 0) {
                sb.append('S');
            }
            if ((flags & 0x04) != 0) {
                sb.append('R');
            }
            if ((flags & 0x08) != 0) {
                sb.append('P');
            }
            if ((flags & 0x10) != 0) {
                sb.append('.');
            }
            if ((flags & 0x20) != 0) {
                sb.append('U');
            }
            if ((flags & 0x40) != 0) {
                sb.append('E');
            }
            if ((flags & 0x80) != 0) {
                sb.append('W');
            }
        }
        sb.append(']');
        boolean rev = false;
        long thseq = 0;
        long thack = 0;
        if ((flags & 0x10) != 0) {
            long[] th;
            boolean fresh;
            if (v6) {
                int cmp = compare(iph + 8, iph + 24, 16);
                rev = sport > dport || (sport == dport && cmp > 0);
                String key = rev ? key6(iph + 24, iph + 8, dport, sport) : key6(iph + 8, iph + 24, sport, dport);
                th = tcpSeq6.get(key);
                fresh = th == null;
                if (fresh) {
                    th = new long[2];
                    tcpSeq6.put(key, th);
                }
            } else {
                int cmp = compare(iph + 12, iph + 16, 4);
                rev = sport > dport || (sport == dport && cmp > 0);
                long src = u32(iph + 12);
                long dst = u32(iph + 16);
                long key = rev ? key4(dst, src, dport, sport) : key4(src, dst, sport, dport);
                Long boxed = key;
                th = tcpSeq4.get(boxed);
                fresh = th == null;
                if (fresh) {
                    th = new long[2];
                    tcpSeq4.put(boxed, th);
                }
            }
            if (fresh || (flags & 0x02) != 0) {
                if (rev) {
                    th[1] = seq;
                    th[0] = (ack - 1) & 0xffffffffL;
                } else {
                    th[0] = seq;
                    th[1] = (ack - 1) & 0xffffffffL;
                }
            } else {
                if (rev) {
                    seq = (seq - th[1]) & 0xffffffffL;
                    ack = (ack - th[0]) & 0xffffffffL;
                } else {
                    seq = (seq - th[0]) & 0xffffffffL;
                    ack = (ack - th[1]) & 0xffffffffL;
                }
            }
            thseq = th[0];
            thack = th[1];
        }
        if (hlen > length) {
            sb.append(" [bad hdr length ").append(hlen).append(" - too long, > ").append(length).append(']');
            return;
        }
        length -= hlen;
        if (length > 0 || (flags & 0x07) != 0) {
            sb.append(", seq ").append(seq);
            if (length > 0) {
                sb.append(':').append((seq + length) & 0xffffffffL);
            }
        }
        if ((flags & 0x10) != 0) {
            sb.append(", ack ").append(ack);
        }
        sb.append(", win ").append(win);
        if ((flags & 0x20) != 0) {
            sb.append(", urg ").append(urp);
        }
        if (hlen > 20) {
            segmentFlags = flags;
            segmentPayloadEnd = (long) p + hlen + length;
            if (!tcpOptions(p + 20, hlen - 20, rev, thseq, thack)) {
                return;
            }
        }
        sb.append(", length ").append(length);
        if (length == 0) {
            return;
        }
        int headerLen = (u8(p + 12) >> 4) * 4;
        if (!has(p, headerLen)) {
            sb.append(" [remaining caplen(").append(available(p)).append(") < header length(")
                    .append(headerLen).append(")]");
            throw TRUNCATED;
        }
        TcpApplicationPrinter.print(this, sport, dport, p + headerLen, length);
    }

    /** The flags of the segment whose options are being printed (MPTCP's checks need them). */
    private int segmentFlags;
    /** Where that segment's payload ends by its length (the MD5 signature option tells whether it was captured). */
    private long segmentPayloadEnd;

    /** Returns false when tcpdump stops the line inside the options ("[bad opt]" or truncation). */
    private boolean tcpOptions(int cp, int hlen, boolean rev, long thseq, long thack) {
        sb.append(", options [");
        char ch = 0;
        {
            while (hlen > 0) {
                if (ch != 0) {
                    sb.append(ch);
                }
                int opt = u8(cp);
                cp++;
                int len;
                boolean zeroLen = opt == 0 || opt == 1;
                if (zeroLen) {
                    len = 1;
                } else {
                    len = u8(cp);
                    cp++;
                    if (len < 2 || len > hlen) {
                        return badOpt(ch);
                    }
                    --hlen;
                }
                --hlen;
                int datalen = 0;
                sb.append(TcpOptionNames.name(opt));
                switch (opt) {
                    case 2 -> {
                        datalen = 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        int mss = u16(cp);
                        sb.append(' ').append(mss);
                    }
                    case 3 -> {
                        datalen = 1;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        int shift = u8(cp);
                        sb.append(' ').append(shift);
                    }
                    case 5 -> {
                        datalen = len - 2;
                        if (datalen % 8 != 0) {
                            sb.append(" invalid sack");
                        } else {
                            sb.append(' ').append(datalen / 8).append(' ');
                            for (int i = 0; i < datalen; i += 8) {
                                if (!lenCheck(cp, i + 4, hlen, ch)) {
                            return false;
                        }
                                long s = u32(cp + i);
                                if (!lenCheck(cp, i + 8, hlen, ch)) {
                            return false;
                        }
                                long e = u32(cp + i + 4);
                                if (rev) {
                                    s -= thseq;
                                    e -= thseq;
                                } else {
                                    s -= thack;
                                    e -= thack;
                                }
                                sb.append('{').append(s & 0xffffffffL).append(':').append(e & 0xffffffffL)
                                        .append('}');
                            }
                        }
                    }
                    case 11, 12, 13, 6, 7 -> {
                        datalen = 4;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        long v = u32(cp);
                        sb.append(' ').append(v);
                    }
                    case 8 -> {
                        datalen = 8;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        sb.append(" val ").append(u32(cp)).append(" ecr ").append(u32(cp + 4));
                    }
                    case 19 -> {
                        datalen = 16;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        sb.append(' ');
                        // Debian's tcpdump has libcrypto: it would check the MD5 signature, but has no secret
                        sb.append(segmentPayloadEnd > snapend ? "snaplen too short, " : "shared secret not supplied with -M, ");
                        sb.append("can't check - ");
                        for (int i = 0; i < 16; i++) {
                            hex2(u8(cp + i));
                        }
                    }
                    case 20 -> {
                        datalen = 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        check(cp, 2);
                        sb.append(" cap ");
                        hex2(u8(cp));
                        sb.append(" id ").append(u8(cp + 1));
                    }
                    case 29 -> {
                        datalen = len - 2;
                        if (datalen < 2) {
                            sb.append(" (invalid)");
                        } else {
                            if (!lenCheck(cp, 1, hlen, ch)) {
                            return false;
                        }
                            sb.append(" keyid ").append(u8(cp));
                            if (!lenCheck(cp, 2, hlen, ch)) {
                            return false;
                        }
                            sb.append(" rnextkeyid ").append(u8(cp + 1));
                            if (datalen > 2) {
                                sb.append(" mac 0x");
                                for (int i = 2; i < datalen; i++) {
                                    if (!lenCheck(cp, i + 1, hlen, ch)) {
                            return false;
                        }
                                    hex2(u8(cp + i));
                                }
                            }
                        }
                    }
                    case 0, 1, 4 -> {
                    }
                    case 28 -> {
                        datalen = 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        int uto = u16(cp);
                        sb.append(" 0x").append(Integer.toHexString(uto));
                        uto = (uto & 1) != 0 ? (uto >> 1) * 60 : uto >> 1;
                        sb.append(' ').append(uto);
                    }
                    case 34 -> {
                        datalen = len - 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        check(cp, datalen);
                        sb.append(' ');
                        fastOpen(cp, datalen, false);
                    }
                    case 254 -> {
                        datalen = len - 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        check(cp, datalen);
                        if (datalen < 2) {
                            return badOpt(ch);
                        }
                        int magic = u16(cp);
                        sb.append('-');
                        if (magic == 0xf989) {
                            fastOpen(cp + 2, datalen - 2, true);
                        } else {
                            hex4(magic);
                        }
                    }
                    case 30 -> {
                        datalen = len - 2;
                        if (!lenCheck(cp, datalen, hlen, ch)) {
                            return false;
                        }
                        // like tcpdump, the protocol named by a later truncation stays "mptcp"
                        if (!MptcpOptionPrinter.print(this, cp - 2, len, segmentFlags)) {
                            return badOpt(ch);
                        }
                    }
                    default -> {
                        datalen = len - 2;
                        if (datalen != 0) {
                            sb.append(" 0x");
                        }
                        for (int i = 0; i < datalen; i++) {
                            if (!lenCheck(cp, i + 1, hlen, ch)) {
                            return false;
                        }
                            hex2(u8(cp + i));
                        }
                    }
                }
                cp += datalen;
                hlen -= datalen;
                ++datalen;
                if (!zeroLen) {
                    ++datalen;
                }
                if (datalen != len) {
                    sb.append("[len ").append(len).append(']');
                }
                ch = ',';
                if (opt == 0) {
                    break;
                }
            }
        }
        sb.append(']');
        return true;
    }

    /** tcpdump's LENCHECK: past the option length is a bad option, past the capture ends the line with '>'. */
    private boolean lenCheck(int cp, int l, int hlen, char ch) {
        if (l > hlen) {
            return badOpt(ch);
        }
        if (!has(cp, l)) {
            trunc();
            if (ch != 0) {
                sb.append('>');
            }
            throw STOP_LINE;
        }
        return true;
    }

    /** Ends the line where tcpdump returns early without its truncation marker. */
    private static final class StopLine extends RuntimeException {
        StopLine() {
            super(null, null, false, false);
        }
    }

    private static final StopLine STOP_LINE = new StopLine();

    /** print_tcp_fastopen_option: the experimental kind names itself "tfo", both then show the cookie or its request. */
    private void fastOpen(int cp, int datalen, boolean exp) {
        if (exp) {
            sb.append("tfo");
        }
        if (datalen == 0) {
            sb.append(" cookiereq");
        } else if (datalen % 2 != 0 || datalen < 4 || datalen > 16) {
            sb.append(" (invalid)");
        } else {
            sb.append(" cookie ");
            for (int i = 0; i < datalen; i++) {
                hex2(u8(cp + i));
            }
        }
    }

    private boolean badOpt(char ch) {
        sb.append("[bad opt]");
        if (ch != 0) {
            sb.append(']');
        }
        return false;
    }

    private int compare(int a, int c, int len) {
        for (int i = 0; i < len; i++) {
            int x = u8(a + i);
            int y = u8(c + i);
            if (x != y) {
                return x - y;
            }
        }
        return 0;
    }

    private static long key4(long src, long dst, int sport, int dport) {
        long h = (src << 32) | dst;
        return h * 31 + (((long) sport << 16) | dport) * 0x9E3779B97F4A7C15L;
    }

    private String key6(int src, int dst, int sport, int dport) {
        StringBuilder k = new StringBuilder(40);
        for (int i = 0; i < 16; i++) {
            k.append((char) (b[src + i] & 0xff));
        }
        for (int i = 0; i < 16; i++) {
            k.append((char) (b[dst + i] & 0xff));
        }
        k.append((char) sport).append((char) dport);
        return k.toString();
    }

    // ---------------------------------------------------------------- IPv6 and ICMPv6

    private void ip6(int p, int length) {
        protocol = "ip6";
        check(p, 40);
        if (length < 40) {
            sb.append("truncated-ip6 ").append(length);
            return;
        }
        if (!linkLevel) {
            sb.append("IP6 ");
        }
        int version = u8(p) >> 4;
        if (version != 6) {
            sb.append("version error: ").append(version).append(" != 6");
            return;
        }
        long payloadLen = u16(p + 4);
        long len;
        if (payloadLen != 0) {
            len = payloadLen + 40;
            if (length < len) {
                sb.append("truncated-ip6 - ").append(len - length).append(" bytes missing!");
            }
        } else {
            len = length + 40L;
        }
        int nh = u8(p + 6);
        int savedSnapend = snapend;
        // nd_push_snaplen: the packet's own length limits what its payload may read
        if (len <= snapend - p) {
            snapend = p + (int) len;
        }
        int cp = p;
        int advance = 40;
        long totalAdvance = 0;
        int ph = 255;
        boolean foundExt = false;
        boolean foundJumbo = false;
        boolean foundHbh = false;
        boolean fragmented = false;
        try {
            while (cp < snapend && advance > 0) {
                if (len < advance) {
                    throw TRUNCATED;
                }
                cp += advance;
                len -= advance;
                totalAdvance += advance;
                if (cp == p + 40 && nh != PROTO_TCP && nh != PROTO_UDP) {
                    ipv6(p + 8);
                    sb.append(" > ");
                    ipv6(p + 24);
                    sb.append(": ");
                }
                switch (nh) {
                    case 0 -> {
                        if (foundHbh) {
                            sb.append("[The Hop-by-Hop Options header was already found] (invalid)");
                            return;
                        }
                        if (ph != 255) {
                            sb.append("[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
                            return;
                        }
                        protocol = "hbhopt";
                        int hbhlen = (u8(cp + 1) + 1) << 3;
                        check(cp, hbhlen);
                        sb.append("HBH ");
                        hbhJumbo = -1;
                        boolean whole = ip6Options(cp + 2, hbhlen - 2, payloadLen);
                        if (hbhJumbo >= 0) {
                            foundJumbo = true;
                            payloadLen = hbhJumbo;
                        }
                        if (!whole) {
                            trunc();
                        }
                        if (payloadLen == 0 && !foundJumbo) {
                            sb.append("[No valid Jumbo Payload Hop-by-Hop option found] (invalid)");
                            return;
                        }
                        if (!whole) {
                            return;
                        }
                        advance = hbhlen;
                        foundExt = true;
                        foundHbh = true;
                        nh = u8(cp);
                    }
                    case 60 -> {
                        protocol = "dstopt";
                        int dstlen = (u8(cp + 1) + 1) << 3;
                        check(cp, dstlen);
                        sb.append("DSTOPT ");
                        advance = dstlen;
                        foundExt = true;
                        nh = u8(cp);
                    }
                    case 44 -> {
                        protocol = "frag6";
                        int off = u16(cp + 2) & 0xfff8;
                        long rest = 40L + u16(p + 4) - (cp - p) - 8;
                        sb.append("frag (").append(off).append('|')
                                .append(Long.toUnsignedString(rest)).append(')');
                        if (off != 0) {
                            return;
                        }
                        sb.append(' ');
                        advance = 8;
                        if (snapend <= cp + advance) {
                            return;
                        }
                        foundExt = true;
                        nh = u8(cp);
                        fragmented = true;
                    }
                    case 43 -> {
                        u8(cp);
                        advance = Ip6RoutingPrinter.print(this, cp);
                        if (advance < 0) {
                            return;
                        }
                        foundExt = true;
                        nh = u8(cp);
                    }
                    default -> {
                        if (foundJumbo) {
                            len = payloadLen + 40;
                            if (len < totalAdvance) {
                                throw TRUNCATED;
                            }
                            if (length < len) {
                                sb.append("truncated-ip6 - ").append(len - length).append(" bytes missing!");
                            }
                            if (len <= snapend - p) {
                                snapend = p + (int) len;
                            }
                            len -= totalAdvance;
                        } else if (payloadLen == 0) {
                            if (foundExt) {
                                throw TRUNCATED;
                            }
                            len = 40;
                            if (len <= snapend - p) {
                                snapend = p + (int) len;
                            }
                            len -= totalAdvance;
                        }
                        // a jumbogram's length may pass 2^31: tcpdump's unsigned length, carried in an int's bits
                        demux(cp, (int) len, 6, fragmented, nh, p);
                        return;
                    }
                }
                ph = nh;
                protocol = "ip6";
            }
        } finally {
            snapend = savedSnapend;
        }
    }

    /** The valid Jumbo Payload length the last Hop-by-Hop header gave, or -1. */
    private long hbhJumbo;

    /**
     * tcpdump's ip6_opt_process without -v: false when an option runs past the options' length
     * (after printing what tcpdump prints then); a valid jumbo payload length goes to hbhJumbo.
     */
    private boolean ip6Options(int bp, int len, long payloadLen) {
        int optlen;
        boolean seenJumbo = false;
        for (int i = 0; i < len; i += optlen) {
            int type = u8(bp + i);
            if (type == 0) {
                optlen = 1;
            } else {
                if (i + 1 < len) {
                    optlen = u8(bp + i + 1) + 2;
                } else {
                    return false;
                }
            }
            if (i + optlen > len) {
                return false;
            }
            switch (type) {
                case 0 -> {
                }
                case 1 -> {
                    if (len - i < 2) {
                        sb.append("(padn: trunc)");
                        return false;
                    }
                }
                case 5 -> {
                    if (len - i < 4) {
                        sb.append("(rtalert: trunc)");
                        return false;
                    }
                    if (u8(bp + i + 1) != 2) {
                        sb.append("(rtalert: invalid len ").append(u8(bp + i + 1)).append(')');
                        return false;
                    }
                }
                case 0xc2 -> {
                    if (len - i < 6) {
                        sb.append("(jumbo: trunc)");
                        return false;
                    }
                    if (u8(bp + i + 1) != 4) {
                        sb.append("(jumbo: invalid len ").append(u8(bp + i + 1)).append(')');
                        return false;
                    }
                    long jumbo = u32(bp + i + 2);
                    if (!seenJumbo) {
                        seenJumbo = true;
                        if (payloadLen == 0 && jumbo >= 65536) {
                            hbhJumbo = jumbo;
                        }
                    }
                }
                case 0xc9 -> {
                    if (len - i < 18) {
                        sb.append("(homeaddr: trunc)");
                        return false;
                    }
                    if (u8(bp + i + 1) < 16) {
                        sb.append("(homeaddr: invalid len ").append(u8(bp + i + 1)).append(')');
                        return false;
                    }
                }
                default -> {
                    if (len - i < 2) {
                        sb.append("(type ").append(type).append(": trunc)");
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void icmp6(int p, int length, int iph) {
        protocol = "icmp6";
        if (length == 0) {
            sb.append("ICMP6, length 0 (invalid)");
            return;
        }
        int type = u8(p);
        sb.append("ICMP6, ");
        String name = Icmp6Names.type(type);
        if (name == null) {
            sb.append("unknown icmp6 type (").append(type).append(')');
        } else {
            sb.append(name);
        }
        int code = u8(p + 1);
        int oip = p + 8;
        switch (type) {
            case 1 -> {
                sb.append(", ");
                String c = Icmp6Names.unreachCode(code);
                if (c == null) {
                    sb.append("unknown unreach code (").append(code).append(')');
                } else {
                    sb.append(c);
                }
                switch (code) {
                    case 0, 1, 3 -> {
                        check(oip + 24, 16);
                        sb.append(' ');
                        ipv6(oip + 24);
                    }
                    case 2 -> {
                        check(oip + 24, 16);
                        check(oip + 8, 16);
                        sb.append(' ');
                        ipv6(oip + 24);
                        sb.append(", source address ");
                        ipv6(oip + 8);
                    }
                    case 4 -> {
                        int[] upper = upperLayer(oip);
                        if (upper == null) {
                            throw TRUNCATED;
                        }
                        int dport = u16(upper[0] + 2);
                        check(oip + 24, 16);
                        sb.append(", ");
                        ipv6(oip + 24);
                        switch (upper[1]) {
                            case PROTO_TCP -> sb.append(" tcp port ").append(dport);
                            case PROTO_UDP -> sb.append(" udp port ").append(dport);
                            default -> sb.append(" protocol ").append(upper[1]).append(" port ").append(dport)
                                    .append(" unreachable");
                        }
                    }
                    default -> {
                        unknownData(p, length);
                        return;
                    }
                }
            }
            case 2 -> {
                long mtu = u32(p + 4);
                sb.append(", mtu ").append(mtu);
            }
            case 3 -> {
                switch (code) {
                    case 0 -> {
                        check(oip + 24, 16);
                        sb.append(" for ");
                        ipv6(oip + 24);
                    }
                    case 1 -> sb.append(" (reassembly)");
                    default -> sb.append(", unknown code (").append(code).append(')');
                }
            }
            case 4 -> {
                check(oip + 24, 16);
                long ptr = u32(p + 4);
                switch (code) {
                    case 0 -> sb.append(", erroneous - octet ").append(ptr);
                    case 1 -> sb.append(", next header - octet ").append(ptr);
                    case 2 -> sb.append(", option - octet ").append(ptr);
                    case 3 -> sb.append(", incomplete header chain - octet ").append(ptr);
                    default -> sb.append(", code-#").append(code);
                }
            }
            case 128, 129 -> {
                int id = u16(p + 4);
                int seq = u16(p + 6);
                sb.append(", id ").append(id).append(", seq ").append(seq);
            }
            case 130 -> {
                if (length == 24) {
                    mld6(p);
                } else if (length >= 28) {
                    sb.append(" v2");
                    mldv2Query(p, length);
                } else {
                    sb.append(" unknown-version (len ").append(length).append(") ");
                }
            }
            case 131, 132 -> mld6(p);
            case 133, 141, 142 -> {
            }
            case 134 -> {
            }
            case 135 -> {
                check(p + 8, 16);
                sb.append(", who has ");
                ipv6(p + 8);
            }
            case 136 -> {
                check(p + 8, 16);
                sb.append(", tgt is ");
                ipv6(p + 8);
            }
            case 137 -> {
                check(p + 24, 16);
                sb.append(", ");
                ipv6(p + 24);
                check(p + 8, 16);
                sb.append(" to ");
                ipv6(p + 8);
            }
            case 143 -> mldv2Report(p, length);
            case 146, 144 -> sb.append(", id 0x").append(hex4String(u16(p + 4)));
            case 145, 147 -> {
            }
            default -> {
                if (name == null || type == 138 || type == 139 || type == 140 || type == 155
                        || type == 200 || type == 201) {
                    sb.append(", length ").append(length);
                    unknownData(p, length);
                    return;
                }
            }
        }
        sb.append(", length ").append(length);
    }

    private String hex4String(int v) {
        String h = Integer.toHexString(v);
        return "0000".substring(h.length()) + h;
    }

    private void unknownData(int p, int length) {
        if (length <= 0) {
            return;
        }
        if (p > snapend) {
            sb.append("\n\tDissector error: print_unknown_data called with pointer past end of packet");
            return;
        }
        HexDumpText.tcpdumpHex(sb, b, p, Math.min(length, available(p)));
    }

    private int[] upperLayer(int oip) {
        if (!has(oip, 40)) {
            return null;
        }
        int nh = u8(oip + 6);
        int hlen = 40;
        int cp = oip + hlen;
        while (true) {
            switch (nh) {
                case PROTO_TCP, PROTO_UDP -> {
                    if (!has(cp, 4)) {
                        return null;
                    }
                    return new int[] {cp, nh};
                }
                case 0, 60, 43 -> {
                    if (!has(cp, 2)) {
                        return null;
                    }
                    nh = u8(cp);
                    hlen = (u8(cp + 1) + 1) << 3;
                }
                case 44 -> {
                    if (!has(cp, 4)) {
                        return null;
                    }
                    if ((u16(cp + 2) & 0xfff8) != 0) {
                        return null;
                    }
                    nh = u8(cp);
                    hlen = 8;
                }
                case 51 -> {
                    if (!has(cp, 2)) {
                        return null;
                    }
                    nh = u8(cp);
                    hlen = (u8(cp + 1) + 2) << 2;
                }
                default -> {
                    return null;
                }
            }
            cp += hlen;
        }
    }

    private void mld6(int p) {
        if (p + 24 > snapend) {
            return;
        }
        sb.append("max resp delay: ").append(u16(p + 4)).append(' ');
        sb.append("addr: ");
        ipv6(p + 8);
    }

    private void mldv2Report(int p, int len) {
        if (len < 8) {
            sb.append(" [invalid len ").append(len).append(']');
            return;
        }
        int groups = u16(p + 6);
        sb.append(", ").append(groups).append(" group record(s)");
    }

    private void mldv2Query(int p, int len) {
        if (len < 28) {
            sb.append(" [invalid len ").append(len).append(']');
            return;
        }
        u16(p + 4);
        sb.append(" [gaddr ");
        ipv6(p + 8);
        int nsrcs = u16(p + 26);
        if (nsrcs > 0) {
            if (len < 28 + nsrcs * 16) {
                sb.append(" [invalid number of sources]");
            } else {
                sb.append(", ").append(nsrcs).append(" source(s)");
            }
        }
        sb.append(']');
    }

    /** LINKTYPE_ value of the frames printed next: 1 for Ethernet, else see LinkLayerPrinter. */
    private int linkType = 1;

    void linkType(int type) {
        linkType = type;
    }

    /** SLL2 names an interface by index; tcpdump asks the machine it runs on (if_indextoname). */
    private java.util.function.IntFunction<String> interfaceNames = LinkLayerPrinter.HOST_INTERFACES;
    private final Map<Integer, String> interfaceNameCache = new HashMap<>();

    void interfaceNames(java.util.function.IntFunction<String> names) {
        interfaceNames = names;
        interfaceNameCache.clear();
    }

    String interfaceName(int index) {
        if (!interfaceNameCache.containsKey(index)) {
            interfaceNameCache.put(index, interfaceNames.apply(index));
        }
        return interfaceNameCache.get(index);
    }

    private void firstLayer(int p, int length, int caplen) {
        if (linkType == 1) {
            ether(p, length, caplen);
        } else {
            LinkLayerPrinter.print(this, linkType, p, length, caplen);
        }
    }

    // ---------------------------------------------------------------- for the printers in their own classes
    // (link layers, DNS, application protocols over TCP, MPTCP, IPv6 routing): the walk's state and
    // the primitives they share with this class, so a short read ends the line the same way.

    int byteAt(int p) {
        return u8(p);
    }

    int shortAt(int p) {
        return u16(p);
    }

    long intAt(int p) {
        return u32(p);
    }

    boolean captured(int p, int len) {
        return has(p, len);
    }

    void need(int p, int len) {
        check(p, len);
    }

    int capturedAfter(int p) {
        return available(p);
    }

    int snapend() {
        return snapend;
    }

    void snapend(int end) {
        snapend = end;
    }

    byte[] bytes() {
        return b;
    }

    StringBuilder out() {
        return sb;
    }

    boolean linkLevel() {
        return linkLevel;
    }

    void protocol(String name) {
        protocol = name;
    }

    /** Leaves the frame at once, ending the line with " [|protocol]" for the protocol set last. */
    RuntimeException truncated() {
        return TRUNCATED;
    }

    /** Leaves the frame at once; the caller already wrote how the line ends. */
    RuntimeException stopLine() {
        return STOP_LINE;
    }

    void printTrunc() {
        trunc();
    }

    void printIpv4Address(int p) {
        ipv4(p);
    }

    void printIpv6Address(int p) {
        ipv6(p);
    }

    void printMac(int p) {
        mac(p);
    }

    void printHex2(int v) {
        hex2(v);
    }

    void printDefault(int p, int length) {
        defaultPrint(p, length);
    }

    void printIp(int p, int length) {
        ip(p, length);
    }

    void printIp6(int p, int length) {
        ip6(p, length);
    }

    void printArp(int p, int length) {
        arp(p, length);
    }
}
