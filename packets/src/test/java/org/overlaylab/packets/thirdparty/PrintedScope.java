/*
 * Which frames of a third-party capture the tcpdump-style printer models, told from the frame's
 * bytes alone (never from how well it prints them): the link layers it reads, Ethernet with VLAN
 * tags, ARP, IPv4, IPv6 with its extension headers, ICMP, ICMPv6 (the types it decodes), UDP, TCP,
 * DNS and mDNS, BGP, HTTP and the other text protocols on tcpdump's ports, SSH, VXLAN, OTV, GRE
 * and IP-in-IP. A frame whose walk meets a protocol tcpdump decodes with a printer this project
 * does not have (STP, SCTP, NTP, DHCP, SNMP, Geneve ...) is out of scope: for it the printer shows
 * what tcpdump shows for a payload without a printer, which is not tcpdump's text. Each frame in
 * scope gets the labels of what it crosses, for the per-protocol figures.
 */
package org.overlaylab.packets.thirdparty;

import java.util.Set;
import java.util.TreeSet;

final class PrintedScope {
    /** UDP ports of tcpdump 4.99's udp_print chain, in its order; DNS, mDNS, OTV and VXLAN are modelled. */
    private static final int[][] UDP_CHAIN = {
        {53}, {5353}, {525}, {69}, {67, 68}, {520}, {654}, {500}, {4500}, {7500, 8500}, {161, 162}, {123},
        {88, 750}, {1701}, {137}, {138},
    };
    private static final int[][] UDP_CHAIN_AFTER_RX = {
        {521}, {546, 547}, {5359}, {6696, 6697}, {8231}, {496},
        {1645, 1812, 1646, 1813, 1700, 3799}, {921}, {646}, {698}, {3503}, {701}, {1589}, {6343}, {12222},
        {5060}, {514}, {8472}, {4789}, {6081}, {4342}, {4790}, {17754}, {6635},
    };
    private static final Set<Integer> ICMP6_TYPES = Set.of(1, 2, 3, 4, 128, 129, 130, 131, 132, 133, 134, 135, 136,
            137, 143);

    private final byte[] b;
    private final int end;
    private final Set<String> labels = new TreeSet<>();

    private PrintedScope(byte[] b, int end) {
        this.b = b;
        this.end = end;
    }

    /** The labels of a frame the printer models, or null when some part of it is out of scope. */
    static Set<String> of(int linkType, byte[] frame, int caplen) {
        PrintedScope s = new PrintedScope(frame, Math.min(caplen, frame.length));
        try {
            return s.link(linkType) ? s.labels : null;
        } catch (ArrayIndexOutOfBoundsException e) {
            // a frame cut short inside a header: the printer's truncation paths are modelled
            return s.labels;
        }
    }

    /** Adds a label; the frame stays in scope. */
    private boolean in(String label) {
        labels.add(label);
        return true;
    }

    private int u8(int p) {
        if (p >= end) {
            throw new ArrayIndexOutOfBoundsException(p);
        }
        return b[p] & 0xff;
    }

    private int u16(int p) {
        return (u8(p) << 8) | u8(p + 1);
    }

    private boolean link(int linkType) {
        switch (linkType) {
            case 1 -> {
                labels.add("Ethernet");
                return ethernet(0);
            }
            case 0, 108 -> {
                labels.add("NULL/loopback");
                long family = (u8(0) & 0xffL) | ((long) u8(1) << 8) | ((long) u8(2) << 16) | ((long) u8(3) << 24);
                if ((family & 0xffff0000L) != 0) {
                    family = Integer.reverseBytes((int) family) & 0xffffffffL;
                }
                return family == 2 ? ipv4(4) : (family == 24 || family == 28 || family == 30) && ipv6(4);
            }
            case 12, 101, 228, 229 -> {
                labels.add("raw IP");
                int v = u8(0) >> 4;
                return v == 4 ? ipv4(0) : v != 6 || ipv6(0);
            }
            case 113 -> {
                labels.add("Linux SLL");
                return u16(2) != 803 && etherType(u16(14), 16);
            }
            case 276 -> {
                labels.add("Linux SLL2");
                return u16(8) != 803 && etherType(u16(0), 20);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean ethernet(int p) {
        int type = u16(p + 12);
        int q = p + 14;
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200) {
            labels.add("802.1Q");
            type = u16(q + 2);
            q += 4;
        }
        return etherType(type, q);
    }

    private boolean etherType(int type, int p) {
        return switch (type) {
            case 0x0800 -> ipv4(p);
            case 0x86dd -> ipv6(p);
            case 0x0806 -> {
                labels.add("ARP");
                yield true;
            }
            default -> false;
        };
    }

    private boolean ipv4(int p) {
        labels.add("IPv4");
        if (u8(p) >> 4 != 4) {
            return true;
        }
        int hlen = (u8(p) & 0xf) * 4;
        int off = u16(p + 6);
        if ((off & 0x1fff) != 0) {
            labels.add("IP fragments");
            return true;
        }
        if ((off & 0x2000) != 0) {
            labels.add("IP fragments");
        }
        int total = u16(p + 2);
        int limit = total >= hlen ? Math.min(end, p + total) : end;
        return transport(u8(p + 9), p + hlen, limit, false);
    }

    private boolean ipv6(int p) {
        labels.add("IPv6");
        if (u8(p) >> 4 != 6) {
            return true;
        }
        int nh = u8(p + 6);
        int q = p + 40;
        while (true) {
            switch (nh) {
                case 0, 60, 43 -> {
                    labels.add("IPv6 extension headers");
                    if (nh == 0 && u16(p + 4) == 0) {
                        labels.add("IPv6 jumbogram");
                    }
                    int next = u8(q);
                    q += (u8(q + 1) + 1) * 8;
                    nh = next;
                }
                case 44 -> {
                    labels.add("IPv6 extension headers");
                    labels.add("IP fragments");
                    if ((u16(q + 2) & 0xfff8) != 0) {
                        return true;
                    }
                    nh = u8(q);
                    q += 8;
                }
                default -> {
                    return transport(nh, q, end, true);
                }
            }
        }
    }

    private boolean transport(int proto, int p, int limit, boolean v6) {
        switch (proto) {
            case 1 -> {
                return in("ICMP");
            }
            case 58 -> {
                labels.add("ICMPv6");
                return !v6 || ICMP6_TYPES.contains(u8(p));
            }
            case 6 -> {
                return tcp(p, limit);
            }
            case 17 -> {
                return udp(p, limit);
            }
            case 47 -> {
                return gre(p, limit);
            }
            case 4 -> {
                labels.add("IP in IP");
                return ipv4(p);
            }
            case 41 -> {
                labels.add("IP in IP");
                return ipv6(p);
            }
            case 59 -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean tcp(int p, int limit) {
        labels.add("TCP");
        int sport = u16(p);
        int dport = u16(p + 2);
        int hlen = (u8(p + 12) >> 4) * 4;
        for (int o = p + 20; o < p + hlen && o < end; ) {
            int kind = u8(o);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (kind == 30) {
                labels.add("MPTCP");
            } else if (kind == 34 || (kind == 254 && o + 3 < end && u16(o + 2) == 0xf989)) {
                labels.add("TCP Fast Open");
            }
            int len = o + 1 < end ? u8(o + 1) : 0;
            if (len < 2) {
                break;
            }
            o += len;
        }
        int payload = limit - p - hlen;
        if (payload <= 0 || hlen < 20) {
            return true;
        }
        int[][] chain = {{23}, {25}, {43}, {179}, {1723}, {6379}, {22}, {139}, {445}, {10288}, {6633, 6653}, {21},
            {80, 8080}, {554, 8554}, {53}, {639}, {323}, {646}, {2049}};
        for (int[] ports : chain) {
            for (int port : ports) {
                if (sport == port || dport == port) {
                    return switch (ports[0]) {
                        case 179 -> in("BGP");
                        case 80 -> in("HTTP");
                        case 25, 43, 21, 554 -> in("text protocols (FTP, SMTP, RTSP, WHOIS)");
                        case 22 -> in("SSH");
                        case 53 -> in("DNS");
                        default -> false;
                    };
                }
            }
        }
        return true;
    }

    private boolean udp(int p, int limit) {
        labels.add("UDP");
        int sport = u16(p);
        int dport = u16(p + 2);
        int first = firstUdpPort(sport, dport, p);
        return switch (first) {
            case -1 -> true;
            case 53 -> in("DNS");
            case 5353 -> in("mDNS");
            case 8472 -> {
                labels.add("OTV");
                yield ethernet(p + 16);
            }
            case 4789 -> {
                labels.add("VXLAN");
                yield ethernet(p + 16);
            }
            default -> false;
        };
    }

    /** The port of the printer tcpdump's udp_print picks, -1 for none, 0 for one picked by content. */
    private int firstUdpPort(int sport, int dport, int p) {
        if (dport == 2049 || sport == 2049) {
            // NFS is tried on its port before the chain, when the payload looks like RPC
            if (p + 16 <= end) {
                return 0;
            }
        }
        Integer hit = match(UDP_CHAIN, sport, dport);
        if (hit != null) {
            return hit;
        }
        if (dport == 3456) {
            return 0;
        }
        if (sport == 2103 || dport == 2103 || sport == 2104 || dport == 2104) {
            return 0;
        }
        if ((sport >= 7000 && sport <= 7009) || (dport >= 7000 && dport <= 7009)) {
            return 0;
        }
        hit = match(UDP_CHAIN_AFTER_RX, sport, dport);
        if (hit != null) {
            return hit;
        }
        if (dport == 4567 || dport == 1985 || sport == 49152 || dport == 3784 || dport == 4784 || dport == 6784
                || dport == 3785 || dport == 12223 || sport == 12223) {
            return 0;
        }
        if (p + 10 < end && u8(p + 10) == 2 && (atalk(sport) || atalk(dport))) {
            return 0;
        }
        if (sport == 319 || dport == 319 || sport == 320 || dport == 320 || sport == 30490 || dport == 30490) {
            return 0;
        }
        return -1;
    }

    private static Integer match(int[][] chain, int sport, int dport) {
        for (int[] ports : chain) {
            for (int port : ports) {
                if (sport == port || dport == port) {
                    return ports[0];
                }
            }
        }
        return null;
    }

    private static boolean atalk(int port) {
        return (port - 16512 >= 0 && port - 16512 < 128) || (port - 200 >= 0 && port - 200 < 128)
                || (port - 768 >= 0 && port - 768 < 128);
    }

    private boolean gre(int p, int limit) {
        labels.add("GRE");
        int flags = u16(p);
        int proto = u16(p + 2);
        if ((flags & 7) != 0) {
            return false;
        }
        int q = p + 4 + ((flags & 0xc000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0)
                + ((flags & 0x1000) != 0 ? 4 : 0);
        if ((flags & 0x4000) != 0) {
            return false;
        }
        return switch (proto) {
            case 0x0800 -> ipv4(q);
            case 0x86dd -> ipv6(q);
            case 0x6558 -> ethernet(q);
            default -> false;
        };
    }
}
