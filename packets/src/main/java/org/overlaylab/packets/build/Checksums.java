/* The Internet checksum (RFC 1071) over byte ranges, with the IPv4 pseudo-header for UDP and TCP. */
package org.overlaylab.packets.build;

public final class Checksums {
    private Checksums() {}

    /** Adds 16-bit big-endian words of the range to a running 32-bit sum. */
    public static long sum(byte[] b, int off, int len, long acc) {
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        return acc;
    }

    /** Folds a running sum and complements it. */
    public static int finish(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) (~acc & 0xffff);
    }

    public static int internet(byte[] b, int off, int len) {
        return finish(sum(b, off, len, 0));
    }

    /** Checksum of a UDP or TCP segment over IPv4, pseudo-header included. */
    public static int transport4(int srcIp, int dstIp, int protocol, byte[] b, int off, int len) {
        long acc = ((srcIp >>> 16) & 0xffff) + (srcIp & 0xffff) + ((dstIp >>> 16) & 0xffff) + (dstIp & 0xffff)
                + protocol + len;
        return finish(sum(b, off, len, acc));
    }
}
