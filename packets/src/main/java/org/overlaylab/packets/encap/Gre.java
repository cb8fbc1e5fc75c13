/*
 * GRE, IP protocol 47 (RFC 2784 with RFC 2890's key and sequence number; RFC 1701's routing bit
 * and PPTP's version 1 only as far as their lengths go): 4 bytes of flags, version and protocol
 * type (an EtherType: 0x6558 carries a whole Ethernet frame, as OVS GRE ports send), then the
 * optional checksum, key and sequence number.
 */
package org.overlaylab.packets.encap;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.packets.tree.Field;

public final class Gre extends Encapsulation {
    public static final int FIXED_LENGTH = 4;
    public static final int FLAG_CHECKSUM = 0x8000;
    /** RFC 1701's routing bit: it also brings the checksum/offset word. */
    public static final int FLAG_ROUTING = 0x4000;
    public static final int FLAG_KEY = 0x2000;
    public static final int FLAG_SEQUENCE = 0x1000;
    /** PPTP's enhanced GRE (version 1) acknowledgment number. */
    public static final int FLAG_ACK = 0x0080;
    /** No key: {@link #wrap} leaves the K flag clear. */
    public static final long NO_KEY = -1;
    /** No sequence number: {@link #wrap} leaves the S flag clear. */
    public static final long NO_SEQUENCE = -1;

    Gre() {
        super("GRE", "gre", Carrier.IP_PROTOCOL, FIXED_LENGTH, "Key", Encapsulations.IP_PROTO_GRE);
    }

    public static int flags(byte[] b, int p) {
        return u16(b, p);
    }

    public static int version(byte[] b, int p) {
        return u16(b, p) & 7;
    }

    public static int protocolType(byte[] b, int p) {
        return u16(b, p + 2);
    }

    @Override
    public int headerLength(byte[] b, int p) {
        int flags = flags(b, p);
        int len = FIXED_LENGTH;
        if (version(b, p) == 1) {
            len += (flags & FLAG_KEY) != 0 ? 4 : 0;
            len += (flags & FLAG_SEQUENCE) != 0 ? 4 : 0;
            return len + ((flags & FLAG_ACK) != 0 ? 4 : 0);
        }
        len += (flags & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0 ? 4 : 0;
        len += (flags & FLAG_KEY) != 0 ? 4 : 0;
        return len + ((flags & FLAG_SEQUENCE) != 0 ? 4 : 0);
    }

    @Override
    public int payloadType(byte[] b, int p) {
        return protocolType(b, p);
    }

    /** The key of a version-0 header with the K flag, else -1 (version 1 puts a call ID there). */
    @Override
    public long key(byte[] b, int p) {
        int flags = flags(b, p);
        if ((flags & 7) != 0 || (flags & FLAG_KEY) == 0) {
            return -1;
        }
        return u32(b, p + FIXED_LENGTH + ((flags & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0 ? 4 : 0));
    }

    @Override
    public String summary(byte[] b, int p) {
        return "protocol " + hex(protocolType(b, p), 4);
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        int flags = flags(b, p);
        int proto = protocolType(b, p);
        List<Field> f = new ArrayList<>();
        f.add(new Field("Flags and version", hex(flags, 4), p, 2, 0, List.of(
                Field.bits("Checksum present", (flags & FLAG_CHECKSUM) != 0 ? "yes" : "no", p, 2, FLAG_CHECKSUM),
                Field.bits("Key present", (flags & FLAG_KEY) != 0 ? "yes" : "no", p, 2, FLAG_KEY),
                Field.bits("Sequence number present", (flags & FLAG_SEQUENCE) != 0 ? "yes" : "no", p, 2,
                        FLAG_SEQUENCE),
                Field.bits("Version", String.valueOf(flags & 7), p, 2, 0x0007))));
        f.add(Field.of("Protocol type", etherTypeText(proto), p + 2, 2));
        int q = p + FIXED_LENGTH;
        boolean v1 = (flags & 7) == 1;
        if (!v1 && (flags & (FLAG_CHECKSUM | FLAG_ROUTING)) != 0) {
            f.add(Field.of("Checksum", hex(u16(b, q), 4), q, 2));
            f.add(Field.of((flags & FLAG_ROUTING) != 0 ? "Offset" : "Reserved", hex(u16(b, q + 2), 4), q + 2, 2));
            q += 4;
        }
        if ((flags & FLAG_KEY) != 0) {
            if (v1) {
                f.add(Field.of("Payload length", String.valueOf(u16(b, q)), q, 2));
                f.add(Field.of("Call ID", String.valueOf(u16(b, q + 2)), q + 2, 2));
            } else {
                f.add(Field.of("Key", String.valueOf(u32(b, q)), q, 4));
            }
            q += 4;
        }
        if ((flags & FLAG_SEQUENCE) != 0) {
            f.add(Field.of("Sequence number", String.valueOf(u32(b, q)), q, 4));
            q += 4;
        }
        if (v1 && (flags & FLAG_ACK) != 0) {
            f.add(Field.of("Acknowledgment number", String.valueOf(u32(b, q)), q, 4));
        }
        return f;
    }

    /** Writes a basic 4-byte header (no checksum, key or sequence number) at {@code p}. */
    public static void writeHeader(byte[] f, int p, int protocolType) {
        f[p] = 0;
        f[p + 1] = 0;
        f[p + 2] = (byte) (protocolType >>> 8);
        f[p + 3] = (byte) protocolType;
    }

    /** A basic GRE packet: the 4-byte header and the payload. */
    public static byte[] wrap(int protocolType, byte[] payload) {
        return wrap(protocolType, payload, 0, payload.length, false, NO_KEY, NO_SEQUENCE);
    }

    /**
     * A GRE packet with the optional fields asked for: the checksum (RFC 2784, over the GRE header
     * and payload), a 32-bit key ({@link #NO_KEY} for none), a sequence number ({@link #NO_SEQUENCE}
     * for none).
     */
    public static byte[] wrap(int protocolType, byte[] payload, int off, int len, boolean checksum, long key,
                              long sequence) {
        int flags = (checksum ? FLAG_CHECKSUM : 0) | (key != NO_KEY ? FLAG_KEY : 0)
                | (sequence != NO_SEQUENCE ? FLAG_SEQUENCE : 0);
        int hlen = FIXED_LENGTH + (checksum ? 4 : 0) + (key != NO_KEY ? 4 : 0) + (sequence != NO_SEQUENCE ? 4 : 0);
        byte[] g = new byte[hlen + len];
        g[0] = (byte) (flags >>> 8);
        g[1] = (byte) flags;
        g[2] = (byte) (protocolType >>> 8);
        g[3] = (byte) protocolType;
        int q = FIXED_LENGTH + (checksum ? 4 : 0);
        if (key != NO_KEY) {
            put32(g, q, key);
            q += 4;
        }
        if (sequence != NO_SEQUENCE) {
            put32(g, q, sequence);
        }
        System.arraycopy(payload, off, g, hlen, len);
        if (checksum) {
            int c = Checksums.internet(g, 0, g.length);
            g[4] = (byte) (c >>> 8);
            g[5] = (byte) c;
        }
        return g;
    }

    private static void put32(byte[] f, int p, long v) {
        f[p] = (byte) (v >>> 24);
        f[p + 1] = (byte) (v >>> 16);
        f[p + 2] = (byte) (v >>> 8);
        f[p + 3] = (byte) v;
    }
}
