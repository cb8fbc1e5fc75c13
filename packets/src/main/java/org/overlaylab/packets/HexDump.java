/*
 * Hex dump for the detail view: one line per 16 bytes with the offset, the bytes in hex (an extra
 * space after the eighth) and their printable ASCII, e.g.
 * "0000  02 42 0a 00 00 03 02 42  0a 00 00 02 08 00 45 00   .B.....B......E."
 * Line and column helpers let a UI map a highlighted byte range to text positions.
 */
package org.overlaylab.packets;

import java.util.ArrayList;
import java.util.List;

public final class HexDump {
    public static final int BYTES_PER_LINE = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDump() {}

    /** All lines, joined with '\n'. */
    public static String format(byte[] data) {
        return String.join("\n", lines(data));
    }

    public static List<String> lines(byte[] data) {
        List<String> out = new ArrayList<>((data.length + 15) / 16);
        for (int off = 0; off < data.length; off += BYTES_PER_LINE) {
            out.add(line(data, off));
        }
        return out;
    }

    /** The line holding bytes off .. off+15. */
    public static String line(byte[] data, int off) {
        StringBuilder sb = new StringBuilder(74);
        String o = Integer.toHexString(off);
        for (int i = o.length(); i < 4; i++) {
            sb.append('0');
        }
        sb.append(o).append("  ");
        for (int i = 0; i < BYTES_PER_LINE; i++) {
            if (i == 8) {
                sb.append(' ');
            }
            if (off + i < data.length) {
                int v = data[off + i] & 0xff;
                sb.append(HEX[v >> 4]).append(HEX[v & 15]).append(' ');
            } else {
                sb.append("   ");
            }
        }
        sb.append("  ");
        for (int i = 0; i < BYTES_PER_LINE && off + i < data.length; i++) {
            int v = data[off + i] & 0xff;
            sb.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
        }
        return sb.toString();
    }

    /** Column of a byte's first hex digit within its line. */
    public static int hexColumn(int byteOffset) {
        int i = byteOffset % BYTES_PER_LINE;
        return 6 + i * 3 + (i >= 8 ? 1 : 0);
    }

    /** Column of a byte's ASCII character within its line. */
    public static int asciiColumn(int byteOffset) {
        return 6 + BYTES_PER_LINE * 3 + 1 + 2 + byteOffset % BYTES_PER_LINE;
    }

    public static int lineOf(int byteOffset) {
        return byteOffset / BYTES_PER_LINE;
    }
}
