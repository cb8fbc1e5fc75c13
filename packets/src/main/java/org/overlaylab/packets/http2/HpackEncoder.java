/*
 * A header block as Go's x/net/http2/hpack Encoder writes it (the encoder of grpc-go and of etcd's
 * server): a field found whole in a table is indexed; any other is a literal with incremental
 * indexing (it enters the dynamic table), its name indexed when a table has it; a string is
 * Huffman-coded only when that is strictly shorter. The same field sequence on a fresh connection
 * gives the same octets, which is what a capture of etcdctl shows.
 */
package org.overlaylab.packets.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

public final class HpackEncoder {
    private final HpackTable table = new HpackTable();

    /** One header block for the fields in order; the dynamic table keeps what they added. */
    public byte[] encode(List<HpackTable.Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HpackTable.Field f : fields) {
            int[] found = table.search(f);
            if (found[1] == 1) {
                integer(out, 0x80, 7, found[0]);
                continue;
            }
            boolean indexing = f.size() <= table.maxSize();
            if (indexing) {
                table.add(f);
            }
            // Go's encoder only writes "with incremental indexing" (0x40) or "without indexing" (0x00)
            int pattern = indexing ? 0x40 : 0x00;
            int prefix = indexing ? 6 : 4;
            if (found[0] == 0) {
                out.write(pattern);
                string(out, f.name());
            } else {
                integer(out, pattern, prefix, found[0]);
            }
            string(out, f.value());
        }
        return out.toByteArray();
    }

    /** RFC 7541 5.1: an integer in an N-bit prefix, continued in 7-bit groups. */
    static void integer(ByteArrayOutputStream out, int pattern, int prefixBits, long value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(pattern | (int) value);
            return;
        }
        out.write(pattern | max);
        value -= max;
        while (value >= 128) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void string(ByteArrayOutputStream out, String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        int huffman = HpackHuffman.encodedLength(raw);
        if (huffman < raw.length) {
            integer(out, 0x80, 7, huffman);
            out.writeBytes(HpackHuffman.encode(raw));
        } else {
            integer(out, 0x00, 7, raw.length);
            out.writeBytes(raw);
        }
    }
}
