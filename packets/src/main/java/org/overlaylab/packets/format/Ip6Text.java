/*
 * IPv6 address text in tcpdump's own style: lower-case hex words, the longest run of two or more
 * zero words as "::" (the first such run on a tie), and ::a.b.c.d / ::ffff:a.b.c.d for embedded IPv4.
 */
package org.overlaylab.packets.format;

public final class Ip6Text {
    private Ip6Text() {}

    public static String format(byte[] b, int p) {
        StringBuilder sb = new StringBuilder(39);
        append(sb, b, p);
        return sb.toString();
    }

    public static void append(StringBuilder sb, byte[] b, int p) {
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            int w = ((b[p + 2 * i] & 0xff) << 8) | (b[p + 2 * i + 1] & 0xff);
            if (w == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            int w5 = ((b[p + 10] & 0xff) << 8) | (b[p + 11] & 0xff);
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w5 == 0xffff))) {
                sb.append(b[p + 12] & 0xff).append('.').append(b[p + 13] & 0xff).append('.')
                        .append(b[p + 14] & 0xff).append('.').append(b[p + 15] & 0xff);
                return;
            }
            int w = ((b[p + 2 * i] & 0xff) << 8) | (b[p + 2 * i + 1] & 0xff);
            sb.append(Integer.toHexString(w));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
    }
}
