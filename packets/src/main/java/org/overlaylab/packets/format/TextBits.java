/* Hex digits as tcpdump's %02x, %04x and %x write them, without String.format's cost per frame. */
package org.overlaylab.packets.format;

final class TextBits {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TextBits() {}

    static void hex2(StringBuilder sb, int v) {
        sb.append(HEX[(v >> 4) & 15]).append(HEX[v & 15]);
    }

    static void hex4(StringBuilder sb, int v) {
        hex2(sb, v >> 8);
        hex2(sb, v);
    }

    /** %x: lowercase hex without leading zeros. */
    static void hex(StringBuilder sb, long v) {
        sb.append(Long.toHexString(v));
    }
}
