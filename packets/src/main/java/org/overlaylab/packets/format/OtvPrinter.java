/*
 * tcpdump 4.99 reads UDP port 8472, Linux's and flannel's VXLAN port, as Cisco OTV (otv_print):
 * the same 8 bytes shown as overlay and instance IDs, then the inner frame on its own line.
 */
package org.overlaylab.packets.format;

final class OtvPrinter implements TunnelPrinter {
    private static final int HEADER_LENGTH = 8;

    @Override
    public void print(TunnelCursor c, int p, int length) {
        StringBuilder sb = c.out();
        c.protocol("otv");
        sb.append("OTV, ");
        if (length < HEADER_LENGTH) {
            sb.append("[length ").append(length).append(" < 8]");
            sb.append(" (invalid)");
            c.check(p, length);
            return;
        }
        int flags = c.u8(p);
        sb.append("flags [").append((flags & 0x08) != 0 ? "I" : ".").append("] (0x");
        TextBits.hex2(sb, flags);
        sb.append("), ");
        int overlay = c.u24(p + 1);
        sb.append("overlay ").append(overlay).append(", ");
        int instance = c.u24(p + 4);
        sb.append("instance ").append(instance).append('\n');
        c.u8(p + 7);
        c.nextEthernet(p + HEADER_LENGTH, length - HEADER_LENGTH);
    }
}
