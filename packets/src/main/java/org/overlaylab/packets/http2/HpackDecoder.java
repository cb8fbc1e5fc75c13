/*
 * Reads HPACK header blocks (RFC 7541) of one direction of one connection, keeping its dynamic
 * table between blocks: indexed fields, literals with and without indexing, never-indexed
 * literals, table size updates, raw and Huffman strings.
 */
package org.overlaylab.packets.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class HpackDecoder {
    /** A block that cannot be read (an index beyond the tables, a string past the end, bad Huffman). */
    public static final class HpackException extends Exception {
        HpackException(String message) {
            super(message);
        }
    }

    private final HpackTable table = new HpackTable();
    private int at;
    private byte[] in;
    private int end;

    public List<HpackTable.Field> decode(byte[] block, int from, int to) throws HpackException {
        in = block;
        at = from;
        end = to;
        List<HpackTable.Field> out = new ArrayList<>();
        while (at < end) {
            int b = in[at] & 0xff;
            if ((b & 0x80) != 0) {
                out.add(entry(integer(7)));
            } else if ((b & 0xc0) == 0x40) {
                HpackTable.Field f = literal(6);
                table.add(f);
                out.add(f);
            } else if ((b & 0xe0) == 0x20) {
                table.setMaxSize((int) integer(5));
            } else {
                out.add(literal(4));
            }
        }
        return out;
    }

    private HpackTable.Field entry(long index) throws HpackException {
        HpackTable.Field f = index > Integer.MAX_VALUE ? null : table.at((int) index);
        if (f == null) {
            throw new HpackException("HPACK index " + index + " is in neither table");
        }
        return f;
    }

    private HpackTable.Field literal(int prefix) throws HpackException {
        long index = integer(prefix);
        String name = index == 0 ? string() : entry(index).name();
        return new HpackTable.Field(name, string());
    }

    private long integer(int prefixBits) throws HpackException {
        int max = (1 << prefixBits) - 1;
        long value = in[at++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (at >= end || shift > 28) {
                throw new HpackException("HPACK integer runs past the block");
            }
            int b = in[at++] & 0xff;
            value += (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private String string() throws HpackException {
        if (at >= end) {
            throw new HpackException("HPACK string missing at the end of the block");
        }
        boolean huffman = (in[at] & 0x80) != 0;
        long length = integer(7);
        if (at + length > end) {
            throw new HpackException("HPACK string of " + length + " octets runs past the block");
        }
        int from = at;
        at += (int) length;
        if (!huffman) {
            return new String(in, from, (int) length, StandardCharsets.UTF_8);
        }
        byte[] plain = HpackHuffman.decode(in, from, at);
        if (plain == null) {
            throw new HpackException("HPACK Huffman string is not valid");
        }
        return new String(plain, StandardCharsets.UTF_8);
    }
}
