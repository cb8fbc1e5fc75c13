/*
 * Builds pcapng files byte by byte in either byte order, blocks the project's writer never makes
 * included (simple and obsolete packet blocks, binary timestamp resolutions, a second section),
 * so the reader can be tested on what other tools write.
 */
package org.overlaylab.packets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

final class PcapngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean big;

    /** Starts a section in the given byte order. */
    PcapngBytes section(boolean bigEndian) {
        big = bigEndian;
        Body b = new Body();
        b.u32(0x1A2B3C4D).u16(1).u16(0).u32(-1).u32(-1);
        return block(0x0A0D0D0A, b);
    }

    /** An interface; tsresol is the raw if_tsresol byte (-1 for none). */
    PcapngBytes idb(int linkType, int snaplen, String name, int tsresol) {
        Body b = new Body();
        b.u16(linkType).u16(0).u32(snaplen);
        if (name != null) {
            b.option(2, name.getBytes(StandardCharsets.UTF_8));
        }
        if (tsresol >= 0) {
            b.option(9, new byte[] {(byte) tsresol});
        }
        b.u32(0);
        return block(1, b);
    }

    PcapngBytes epb(int iface, long timestamp, byte[] data, String comment) {
        Body b = new Body();
        b.u32(iface).u32((int) (timestamp >>> 32)).u32((int) timestamp).u32(data.length).u32(data.length);
        b.bytes(data).pad();
        if (comment != null) {
            b.option(1, comment.getBytes(StandardCharsets.UTF_8)).u32(0);
        }
        return block(6, b);
    }

    PcapngBytes spb(byte[] data) {
        Body b = new Body();
        b.u32(data.length).bytes(data).pad();
        return block(3, b);
    }

    /** The obsolete packet block: 16-bit interface id and a drops count. */
    PcapngBytes pb(int iface, long timestamp, byte[] data) {
        Body b = new Body();
        b.u16(iface).u16(0).u32((int) (timestamp >>> 32)).u32((int) timestamp).u32(data.length).u32(data.length);
        b.bytes(data).pad();
        return block(2, b);
    }

    /** A block the reader must skip (e.g. interface statistics, type 5). */
    PcapngBytes other(int type, int bodyLength) {
        Body b = new Body();
        b.bytes(new byte[bodyLength]);
        return block(type, b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private PcapngBytes block(int type, Body body) {
        byte[] content = body.b.toByteArray();
        int total = content.length + 12;
        Body whole = new Body();
        whole.u32(type).u32(total).bytes(content).u32(total);
        byte[] w = whole.b.toByteArray();
        out.write(w, 0, w.length);
        return this;
    }

    private final class Body {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Body u32(int v) {
            if (big) {
                b.write(v >>> 24);
                b.write(v >>> 16);
                b.write(v >>> 8);
                b.write(v);
            } else {
                b.write(v);
                b.write(v >>> 8);
                b.write(v >>> 16);
                b.write(v >>> 24);
            }
            return this;
        }

        Body u16(int v) {
            if (big) {
                b.write(v >>> 8);
                b.write(v);
            } else {
                b.write(v);
                b.write(v >>> 8);
            }
            return this;
        }

        Body bytes(byte[] d) {
            b.write(d, 0, d.length);
            return this;
        }

        Body pad() {
            while (b.size() % 4 != 0) {
                b.write(0);
            }
            return this;
        }

        Body option(int code, byte[] value) {
            u16(code).u16(value.length).bytes(value).pad();
            return this;
        }
    }
}
