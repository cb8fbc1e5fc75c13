/*
 * The Network Service Header as tcpdump 4.99's nsh_print shows it without -v: flags, service path
 * and index, then the IPv4, IPv6 or Ethernet packet after the context headers, on the same line.
 */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Nsh;

final class NshPrinter implements TunnelPrinter {

    @Override
    public void print(TunnelCursor c, int p, int length) {
        StringBuilder sb = c.out();
        c.protocol("nsh");
        if (length < Nsh.FIXED_LENGTH) {
            sb.append(" (packet length ").append(length).append(" < ").append(Nsh.FIXED_LENGTH).append(')');
            sb.append(" (invalid)");
            return;
        }
        long base = c.u32(p);
        int version = (int) (base >>> 30);
        int words = (int) ((base >>> 16) & 0x3f);
        int next = (int) (base & 0xff);
        sb.append("NSH, ");
        if (version != 0) {
            return;
        }
        sb.append("flags [").append((base & 0x20000000L) != 0 ? "O" : "none").append("], ");
        if (length < words * 4) {
            sb.append(" (too many headers for packet length ").append(length).append(')');
            sb.append(" (invalid)");
            return;
        }
        int spi = c.u24(p + 4);
        sb.append("service-path-id 0x");
        TextBits.hex2(sb, spi >> 16);
        TextBits.hex4(sb, spi);
        sb.append(", ");
        int index = c.u8(p + 7);
        sb.append("service-index 0x");
        TextBits.hex(sb, index);
        if (words < 2) {
            sb.append(" (less than two headers)");
            sb.append(" (invalid)");
            return;
        }
        c.check(p + Nsh.FIXED_LENGTH, (words - 2) * 4);
        sb.append(": ");
        int q = p + words * 4;
        int len = length - words * 4;
        switch (next) {
            case Nsh.NEXT_IPV4 -> c.nextIpv4(q, len);
            case Nsh.NEXT_IPV6 -> c.nextIpv6(q, len);
            case Nsh.NEXT_ETHERNET -> c.nextEthernet(q, len);
            default -> sb.append("ERROR: unknown-next-protocol");
        }
    }
}
