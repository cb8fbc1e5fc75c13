/*
 * The Network Service Header (RFC 8300), EtherType 0x894f, which VXLAN-GPE (next protocol 4), GRE
 * and Geneve can carry: a base header (version, O flag, TTL, length in 4-byte words, MD type, next
 * protocol), the service path header (24-bit service path identifier, service index), then context
 * headers up to the length; then IPv4, IPv6 or Ethernet. Its key is the service path identifier.
 */
package org.overlaylab.packets.encap;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.packets.tree.Field;

public final class Nsh extends Encapsulation {
    public static final int FIXED_LENGTH = 8;
    public static final int FLAG_OAM = 0x20;
    public static final int NEXT_IPV4 = 1;
    public static final int NEXT_IPV6 = 2;
    public static final int NEXT_ETHERNET = 3;

    Nsh() {
        super("NSH", "nsh", Carrier.ETHERTYPE, FIXED_LENGTH, "Service path", Encapsulations.ETHERTYPE_NSH);
    }

    public static int version(byte[] b, int p) {
        return u8(b, p) >> 6;
    }

    /** The length field: base, service path and context headers, in 4-byte words. */
    public static int lengthWords(byte[] b, int p) {
        return u16(b, p) & 0x3f;
    }

    public static int nextProtocol(byte[] b, int p) {
        return u8(b, p + 3);
    }

    /** The stated length, but never less than the two headers every NSH has. */
    @Override
    public int headerLength(byte[] b, int p) {
        return Math.max(FIXED_LENGTH, lengthWords(b, p) * 4);
    }

    @Override
    public int payloadType(byte[] b, int p) {
        if (version(b, p) != 0) {
            return -1;
        }
        return switch (nextProtocol(b, p)) {
            case NEXT_IPV4 -> Encapsulations.ETHERTYPE_IPV4;
            case NEXT_IPV6 -> Encapsulations.ETHERTYPE_IPV6;
            case NEXT_ETHERNET -> Encapsulations.ETHERTYPE_TEB;
            default -> -1;
        };
    }

    @Override
    public long key(byte[] b, int p) {
        return u24(b, p + 4);
    }

    @Override
    public String summary(byte[] b, int p) {
        return "service path " + u24(b, p + 4) + ", index " + u8(b, p + 7);
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        int word = u16(b, p);
        int md = u8(b, p + 2) & 0x0f;
        int next = nextProtocol(b, p);
        List<Field> f = new ArrayList<>();
        f.add(Field.bits("Version", String.valueOf(word >> 14), p, 2, 0xc000));
        f.add(Field.bits("OAM (O)", setOrNot((word & 0x2000) != 0), p, 2, 0x2000));
        f.add(Field.bits("TTL", String.valueOf((word >> 6) & 0x3f), p, 2, 0x0fc0));
        f.add(Field.bits("Length", lengthWords(b, p) * 4 + " bytes (" + lengthWords(b, p) + ")", p, 2, 0x003f));
        f.add(Field.bits("MD type", String.valueOf(md), p + 2, 1, 0x0f));
        String nextName = switch (next) {
            case NEXT_IPV4 -> "IPv4";
            case NEXT_IPV6 -> "IPv6";
            case NEXT_ETHERNET -> "Ethernet";
            default -> "unknown";
        };
        f.add(Field.of("Next protocol", nextName + " (" + next + ")", p + 3, 1));
        f.add(Field.of("Service path identifier", String.valueOf(u24(b, p + 4)), p + 4, 3));
        f.add(Field.of("Service index", String.valueOf(u8(b, p + 7)), p + 7, 1));
        if (length > FIXED_LENGTH) {
            f.add(Field.of("Context headers", (length - FIXED_LENGTH) + " bytes", p + FIXED_LENGTH,
                    length - FIXED_LENGTH));
        }
        return f;
    }
}
