/* VXLAN as tcpdump 4.99's vxlan_print shows it: flags and VNI, then the inner frame on its own line. */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Vxlan;

final class VxlanPrinter implements TunnelPrinter {

    @Override
    public void print(TunnelCursor c, int p, int length) {
        StringBuilder sb = c.out();
        c.protocol("vxlan");
        sb.append("VXLAN");
        if (length < Vxlan.HEADER_LENGTH) {
            sb.append(" (invalid)");
            return;
        }
        int flags = c.u8(p);
        // bittok2str_nosep lists only the I bit; without it the flags read "invalid"
        sb.append(", flags [").append((flags & Vxlan.FLAG_VNI) != 0 ? "I" : "invalid").append("] (0x");
        TextBits.hex2(sb, flags);
        sb.append("), ");
        int vni = c.u24(p + 4);
        sb.append("vni ").append(vni).append('\n');
        c.u8(p + 7);
        c.nextEthernet(p + Vxlan.HEADER_LENGTH, length - Vxlan.HEADER_LENGTH);
    }
}
