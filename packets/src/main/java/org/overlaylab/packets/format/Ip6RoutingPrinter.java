/*
 * The IPv6 Routing header as tcpdump 4.99's rt6_print shows it without -v: "RT6 (len=.., type=..,
 * segleft=.., [0]addr, ...) " for type 0 (deprecated source routing), type 2 (Mobile IPv6) and
 * type 4 (segment routing), "(unknown type) (invalid)" otherwise.
 */
package org.overlaylab.packets.format;

final class Ip6RoutingPrinter {
    private Ip6RoutingPrinter() {}

    /** Prints the header at p; returns its length, or -1 when tcpdump stops the line there. */
    static int print(TcpdumpPrinter t, int p) {
        t.protocol("rt6");
        StringBuilder sb = t.out();
        sb.append("RT6");
        int len = t.byteAt(p + 1);
        sb.append(" (len=").append(len);
        int type = t.byteAt(p + 2);
        sb.append(", type=").append(type);
        if (type == 0) {
            sb.append(" [Deprecated]");
        }
        sb.append(", segleft=").append(t.byteAt(p + 3));
        switch (type) {
            case 0, 2 -> {
                long reserved = t.intAt(p + 4);
                if (reserved != 0) {
                    sb.append(", rsv=0x").append(Long.toHexString(reserved));
                }
                return addresses(t, p, len, p + 8);
            }
            case 4 -> {
                sb.append(", last-entry=").append(t.byteAt(p + 4));
                int flags = t.byteAt(p + 5);
                if (flags != 0) {
                    sb.append(", flags=0x").append(Integer.toHexString(flags));
                }
                sb.append(", tag=").append(Integer.toHexString(t.shortAt(p + 6)));
                return addresses(t, p, len, p + 8);
            }
            default -> {
                sb.append(" (unknown type)");
                sb.append(" (invalid)");
                return -1;
            }
        }
    }

    private static int addresses(TcpdumpPrinter t, int p, int len, int first) {
        StringBuilder sb = t.out();
        if (len % 2 == 1) {
            sb.append(" (invalid length ").append(len).append(')');
            sb.append(" (invalid)");
            return -1;
        }
        int q = first;
        for (int i = 0; i < len / 2; i++) {
            t.need(q, 16);
            sb.append(", [").append(i).append(']');
            t.printIpv6Address(q);
            q += 16;
        }
        sb.append(") ");
        return (t.byteAt(p + 1) + 1) << 3;
    }
}
