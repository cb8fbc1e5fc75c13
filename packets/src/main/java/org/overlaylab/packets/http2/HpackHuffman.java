/*
 * HPACK's static Huffman code (RFC 7541 Appendix B). The code is canonical, so the bit length of
 * each of the 257 symbols (256 octets and EOS) fixes every code word; the table holds only those.
 */
package org.overlaylab.packets.http2;

import java.io.ByteArrayOutputStream;

public final class HpackHuffman {
    private HpackHuffman() {}

    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };

    private static final int[] CODES = new int[LENGTHS.length];
    /** Symbol by (length << 32 | code), for decoding. */
    private static final java.util.Map<Long, Integer> BY_CODE = new java.util.HashMap<>();

    static {
        // canonical assignment: shorter codes first, equal lengths in symbol order
        Integer[] order = new Integer[LENGTHS.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> LENGTHS[a] != LENGTHS[b] ? LENGTHS[a] - LENGTHS[b] : a - b);
        long code = 0;
        int previous = LENGTHS[order[0]];
        for (int symbol : order) {
            code <<= LENGTHS[symbol] - previous;
            previous = LENGTHS[symbol];
            CODES[symbol] = (int) code++;
            BY_CODE.put(((long) LENGTHS[symbol] << 32) | (CODES[symbol] & 0xffffffffL), symbol);
        }
    }

    /** How many octets `s` takes Huffman-coded (padded to a whole octet). */
    public static int encodedLength(byte[] s) {
        long bits = 0;
        for (byte b : s) {
            bits += LENGTHS[b & 0xff];
        }
        return (int) ((bits + 7) / 8);
    }

    /** `s` Huffman-coded, the last octet padded with the most significant bits of EOS (all ones). */
    public static byte[] encode(byte[] s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long acc = 0;
        int bits = 0;
        for (byte b : s) {
            int sym = b & 0xff;
            acc = (acc << LENGTHS[sym]) | (CODES[sym] & 0xffffffffL);
            bits += LENGTHS[sym];
            while (bits >= 8) {
                bits -= 8;
                out.write((int) (acc >>> bits));
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) {
            out.write((int) ((acc << (8 - bits)) | (0xff >>> bits)));
        }
        return out.toByteArray();
    }

    /** Decodes a Huffman-coded string; null when it is not valid HPACK Huffman (EOS inside, bad padding). */
    public static byte[] decode(byte[] in, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long acc = 0;
        int bits = 0;
        for (int i = from; i < to; i++) {
            acc = (acc << 8) | (in[i] & 0xff);
            bits += 8;
            boolean progressed = true;
            while (progressed && bits >= 5) {
                progressed = false;
                for (int len = 5; len <= Math.min(30, bits); len++) {
                    int candidate = (int) ((acc >>> (bits - len)) & ((1L << len) - 1));
                    int symbol = symbolOf(candidate, len);
                    if (symbol >= 0) {
                        if (symbol == 256) {
                            return null;
                        }
                        out.write(symbol);
                        bits -= len;
                        acc &= (1L << bits) - 1;
                        progressed = true;
                        break;
                    }
                }
            }
        }
        // what is left must be padding: fewer than 8 bits, all ones
        if (bits >= 8 || acc != (1L << bits) - 1) {
            return null;
        }
        return out.toByteArray();
    }

    private static int symbolOf(int code, int length) {
        Integer s = BY_CODE.get(((long) length << 32) | (code & 0xffffffffL));
        return s == null ? -1 : s;
    }
}
