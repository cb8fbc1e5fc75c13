/* The two hex layouts tcpdump uses inside a line: hex+ASCII (its default printer) and hex only. */
package org.overlaylab.packets.format;

final class HexDumpText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HexDumpText() {}

    /** tcpdump's hex_and_ascii_print with "\n\t" indentation: 8 words then two spaces and the ASCII. */
    static void tcpdumpHexAscii(StringBuilder sb, byte[] b, int p, int length, int offset) {
        StringBuilder hex = new StringBuilder(40);
        StringBuilder ascii = new StringBuilder(16);
        int i = 0;
        int nshorts = length / 2;
        while (nshorts != 0) {
            int s1 = b[p++] & 0xff;
            int s2 = b[p++] & 0xff;
            hex.append(' ').append(HEX[s1 >> 4]).append(HEX[s1 & 15]).append(HEX[s2 >> 4]).append(HEX[s2 & 15]);
            ascii.append(graph(s1)).append(graph(s2));
            i++;
            if (i >= 8) {
                line(sb, offset, hex, ascii);
                i = 0;
                offset += 16;
            }
            nshorts--;
        }
        if ((length & 1) != 0) {
            int s1 = b[p] & 0xff;
            hex.append(' ').append(HEX[s1 >> 4]).append(HEX[s1 & 15]);
            ascii.append(graph(s1));
            i++;
        }
        if (i > 0) {
            line(sb, offset, hex, ascii);
        }
    }

    private static void line(StringBuilder sb, int offset, StringBuilder hex, StringBuilder ascii) {
        sb.append("\n\t0x");
        offset4(sb, offset);
        sb.append(": ").append(hex);
        for (int k = hex.length(); k < 40; k++) {
            sb.append(' ');
        }
        sb.append("  ").append(ascii);
        hex.setLength(0);
        ascii.setLength(0);
    }

    /** tcpdump's hex_print with "\n\t" indentation (no ASCII column). */
    static void tcpdumpHex(StringBuilder sb, byte[] b, int p, int length) {
        int oset = 0;
        int nshorts = length / 2;
        int i = 0;
        while (nshorts != 0) {
            if ((i++ % 8) == 0) {
                sb.append("\n\t0x");
                offset4(sb, oset);
                sb.append(": ");
                oset += 16;
            }
            int s1 = b[p++] & 0xff;
            int s2 = b[p++] & 0xff;
            sb.append(' ').append(HEX[s1 >> 4]).append(HEX[s1 & 15]).append(HEX[s2 >> 4]).append(HEX[s2 & 15]);
            nshorts--;
        }
        if ((length & 1) != 0) {
            if ((i % 8) == 0) {
                sb.append("\n\t0x");
                offset4(sb, oset);
                sb.append(": ");
            }
            int s1 = b[p] & 0xff;
            sb.append(' ').append(HEX[s1 >> 4]).append(HEX[s1 & 15]);
        }
    }

    private static void offset4(StringBuilder sb, int v) {
        String h = Integer.toHexString(v);
        for (int k = h.length(); k < 4; k++) {
            sb.append('0');
        }
        sb.append(h);
    }

    private static char graph(int c) {
        return c > 0x20 && c < 0x7f ? (char) c : '.';
    }
}
