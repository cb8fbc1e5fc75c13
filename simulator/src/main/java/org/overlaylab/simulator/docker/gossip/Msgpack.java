/*
 * The msgpack subset memberlist and Serf write through go-codec's MsgpackHandle as Docker links
 * them: the old spec (byte slices and strings both as raw "str": fixstr, str16, str32; no str8, no
 * bin), maps with their keys sorted (canonical mode), unsigned integers in the smallest form,
 * float64 for Vivaldi coordinates. Writes only; the simulator reads its own frames by position.
 */
package org.overlaylab.simulator.docker.gossip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

final class Msgpack {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    byte[] bytes() {
        return out.toByteArray();
    }

    Msgpack map(int entries) {
        if (entries < 16) {
            out.write(0x80 | entries);
        } else {
            out.write(0xde);
            u16(entries);
        }
        return this;
    }

    Msgpack array(int items) {
        if (items < 16) {
            out.write(0x90 | items);
        } else {
            out.write(0xdc);
            u16(items);
        }
        return this;
    }

    Msgpack str(String s) {
        return raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A byte slice or string: go-codec's old-spec raw type. */
    Msgpack raw(byte[] b) {
        if (b.length < 32) {
            out.write(0xa0 | b.length);
        } else if (b.length < 65536) {
            out.write(0xda);
            u16(b.length);
        } else {
            out.write(0xdb);
            u32(b.length);
        }
        out.writeBytes(b);
        return this;
    }

    Msgpack uint(long v) {
        if (v < 128) {
            out.write((int) v);
        } else if (v < 256) {
            out.write(0xcc);
            out.write((int) v);
        } else if (v < 65536) {
            out.write(0xcd);
            u16((int) v);
        } else {
            out.write(0xce);
            u32((int) v);
        }
        return this;
    }

    Msgpack bool(boolean b) {
        out.write(b ? 0xc3 : 0xc2);
        return this;
    }

    Msgpack nil() {
        out.write(0xc0);
        return this;
    }

    Msgpack float64(double d) {
        out.write(0xcb);
        long bits = Double.doubleToRawLongBits(d);
        u32((int) (bits >>> 32));
        u32((int) bits);
        return this;
    }

    private void u16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private void u32(int v) {
        u16(v >>> 16);
        u16(v);
    }
}
