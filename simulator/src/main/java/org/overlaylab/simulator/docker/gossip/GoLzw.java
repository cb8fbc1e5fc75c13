/*
 * LZW as Go's compress/lzw does it with LSB bit order and 8-bit literals, the compression
 * memberlist applies to its messages (compressMsg, algorithm 0): a clear code first, codes from 9
 * to 12 bits wide, a clear code whenever the table fills, and the end code last. Encoding must
 * match Go's bit for bit, since the frames are compared with a real capture; decoding is here so
 * tests can read real frames.
 */
package org.overlaylab.simulator.docker.gossip;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

final class GoLzw {
    private static final int CLEAR = 256;
    private static final int EOF = 257;
    private static final int MAX_WIDTH = 12;
    private static final int MAX_CODE = (1 << MAX_WIDTH) - 1;

    private GoLzw() {}

    /** Bits written least significant first, as Go's LSB writer packs them. */
    private static final class Bits {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long bits;
        int count;

        void write(int code, int width) {
            bits |= (long) code << count;
            count += width;
            while (count >= 8) {
                out.write((int) (bits & 0xff));
                bits >>>= 8;
                count -= 8;
            }
        }

        byte[] finish() {
            if (count > 0) {
                out.write((int) (bits & 0xff));
            }
            return out.toByteArray();
        }
    }

    static byte[] compress(byte[] in) {
        Bits w = new Bits();
        int width = 9;
        int hi = EOF;
        int overflow = 1 << width;
        Map<Integer, Integer> table = new HashMap<>();
        w.write(CLEAR, width);
        if (in.length == 0) {
            w.write(EOF, width);
            return w.finish();
        }
        int saved = in[0] & 0xff;
        for (int i = 1; i < in.length; i++) {
            int literal = in[i] & 0xff;
            int key = saved << 8 | literal;
            Integer known = table.get(key);
            if (known != null) {
                saved = known;
                continue;
            }
            w.write(saved, width);
            saved = literal;
            // the next free code: the table grows, widening the codes, until it is full
            hi++;
            if (hi == overflow) {
                width++;
                overflow <<= 1;
            }
            if (hi == MAX_CODE) {
                w.write(CLEAR, width);
                width = 9;
                hi = EOF;
                overflow = 1 << width;
                table.clear();
                continue;
            }
            table.put(key, hi);
        }
        w.write(saved, width);
        hi++;
        if (hi == overflow) {
            width++;
        }
        if (hi == MAX_CODE) {
            w.write(CLEAR, width);
            width = 9;
        }
        w.write(EOF, width);
        return w.finish();
    }

    static byte[] decompress(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int width = 9;
        int hi = EOF;
        int overflow = 1 << width;
        byte[][] dictionary = new byte[1 << MAX_WIDTH][];
        for (int i = 0; i < 256; i++) {
            dictionary[i] = new byte[] {(byte) i};
        }
        byte[] last = null;
        long bits = 0;
        int count = 0;
        int pos = 0;
        while (true) {
            while (count < width) {
                if (pos >= in.length) {
                    throw new IllegalArgumentException("LZW data ends without its end code");
                }
                bits |= (long) (in[pos++] & 0xff) << count;
                count += 8;
            }
            int code = (int) (bits & ((1 << width) - 1));
            bits >>>= width;
            count -= width;
            if (code == CLEAR) {
                width = 9;
                hi = EOF;
                overflow = 1 << width;
                last = null;
                continue;
            }
            if (code == EOF) {
                return out.toByteArray();
            }
            byte[] entry;
            if (code < 256 || (code <= hi && dictionary[code] != null)) {
                entry = dictionary[code];
            } else if (code == hi + 1 && last != null) {
                entry = concat(last, last[0]);
            } else {
                throw new IllegalArgumentException("bad LZW code " + code);
            }
            out.writeBytes(entry);
            if (last != null && hi < MAX_CODE) {
                hi++;
                dictionary[hi] = concat(last, entry[0]);
                if (hi + 1 >= overflow && width < MAX_WIDTH) {
                    width++;
                    overflow <<= 1;
                }
            }
            last = entry;
        }
    }

    private static byte[] concat(byte[] a, byte b) {
        byte[] r = new byte[a.length + 1];
        System.arraycopy(a, 0, r, 0, a.length);
        r[a.length] = b;
        return r;
    }
}
