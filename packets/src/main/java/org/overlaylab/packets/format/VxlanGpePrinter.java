/*
 * VXLAN-GPE as tcpdump 4.99's vxlan_gpe_print shows it without -v: flags, VNI, then the packet
 * its next-protocol field names (IPv4, IPv6, Ethernet or NSH) on the same line.
 */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.VxlanGpe;

final class VxlanGpePrinter implements TunnelPrinter {

    @Override
    public void print(TunnelCursor c, int p, int length) {
        StringBuilder sb = c.out();
        c.protocol("vxlan_gpe");
        sb.append("VXLAN-GPE, ");
        if (length < VxlanGpe.HEADER_LENGTH) {
            sb.append(" (len ").append(length).append(" < ").append(VxlanGpe.HEADER_LENGTH).append(')');
            sb.append(" (invalid)");
            return;
        }
        int flags = c.u8(p);
        sb.append("flags [");
        int before = sb.length();
        if ((flags & VxlanGpe.FLAG_VNI) != 0) {
            sb.append('I');
        }
        if ((flags & VxlanGpe.FLAG_NEXT_PROTOCOL) != 0) {
            sb.append('P');
        }
        if ((flags & VxlanGpe.FLAG_BUM) != 0) {
            sb.append('B');
        }
        if ((flags & VxlanGpe.FLAG_OAM) != 0) {
            sb.append('O');
        }
        if (sb.length() == before) {
            sb.append("none");
        }
        sb.append("], ");
        int next = c.u8(p + 3);
        int vni = c.u24(p + 4);
        c.check(p + 7, 1);
        sb.append("vni ").append(vni).append(": ");
        int q = p + VxlanGpe.HEADER_LENGTH;
        int len = length - VxlanGpe.HEADER_LENGTH;
        switch (next) {
            case VxlanGpe.NEXT_IPV4 -> c.nextIpv4(q, len);
            case VxlanGpe.NEXT_IPV6 -> c.nextIpv6(q, len);
            case VxlanGpe.NEXT_ETHERNET -> c.nextEthernet(q, len);
            case VxlanGpe.NEXT_NSH -> c.nextByEtherType(Encapsulations.ETHERTYPE_NSH, q, len);
            default -> sb.append("ERROR: unknown-next-protocol").append(" (invalid)");
        }
    }
}
