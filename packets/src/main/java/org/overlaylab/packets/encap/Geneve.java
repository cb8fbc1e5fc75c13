/*
 * Geneve (RFC 8926), over UDP to 6081: 8 fixed bytes (version, options length in 4-byte words, O
 * and C flags, a protocol type that is an EtherType, 24-bit VNI) and then up to 252 bytes of
 * options (class, type, length, data each), then the packet the protocol type names: an Ethernet
 * frame for 0x6558 as OVS and OVN send, or a bare IPv4/IPv6 packet.
 */
package org.overlaylab.packets.encap;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.packets.tree.Field;

public final class Geneve extends Encapsulation {
    public static final int FIXED_LENGTH = 8;
    public static final int FLAG_OAM = 0x80;
    public static final int FLAG_CRITICAL = 0x40;
    /** Option lengths are counted in 4-byte words in a 6-bit field. */
    public static final int MAX_OPTIONS_LENGTH = 63 * 4;

    Geneve() {
        super("Geneve", "geneve", Carrier.UDP_PORT, FIXED_LENGTH, "VNI", Encapsulations.GENEVE_PORT);
    }

    public static int version(byte[] b, int p) {
        return u8(b, p) >> 6;
    }

    public static int optionsLength(byte[] b, int p) {
        return (u8(b, p) & 0x3f) * 4;
    }

    @Override
    public int headerLength(byte[] b, int p) {
        return FIXED_LENGTH + optionsLength(b, p);
    }

    /** The protocol type; -1 for a version this parser does not know (its layout may differ). */
    @Override
    public int payloadType(byte[] b, int p) {
        return version(b, p) == 0 ? u16(b, p + 2) : -1;
    }

    @Override
    public long key(byte[] b, int p) {
        return vni(b, p);
    }

    public static int vni(byte[] b, int p) {
        return u24(b, p + 4);
    }

    @Override
    public String summary(byte[] b, int p) {
        int opts = optionsLength(b, p);
        return "VNI " + vni(b, p) + (opts > 0 ? ", " + opts + " bytes of options" : "");
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        int first = u8(b, p);
        int flags = u8(b, p + 1);
        int opts = optionsLength(b, p);
        List<Field> f = new ArrayList<>();
        f.add(Field.bits("Version", String.valueOf(first >> 6), p, 1, 0xc0));
        f.add(Field.bits("Options length", opts + " bytes (" + (opts / 4) + ")", p, 1, 0x3f));
        f.add(new Field("Flags", hex(flags, 2), p + 1, 1, 0, List.of(
                Field.bits("OAM packet (O)", setOrNot((flags & FLAG_OAM) != 0), p + 1, 1, FLAG_OAM),
                Field.bits("Critical options present (C)", setOrNot((flags & FLAG_CRITICAL) != 0), p + 1, 1,
                        FLAG_CRITICAL),
                Field.bits("Reserved", hex(flags & 0x3f, 2), p + 1, 1, 0x3f))));
        f.add(Field.of("Protocol type", etherTypeText(u16(b, p + 2)), p + 2, 2));
        f.add(Field.of("VNI", String.valueOf(vni(b, p)), p + 4, 3));
        f.add(Field.of("Reserved", hex(u8(b, p + 7), 2), p + 7, 1));
        int q = p + FIXED_LENGTH;
        int end = Math.min(p + length, b.length);
        while (q + 4 <= end) {
            int optClass = u16(b, q);
            int type = u8(b, q + 2);
            int optLen = 4 + (u8(b, q + 3) & 0x1f) * 4;
            int shown = Math.min(optLen, end - q);
            List<Field> parts = new ArrayList<>();
            parts.add(Field.of("Class", optionClassName(optClass) + " (" + hex(optClass, 4) + ")", q, 2));
            parts.add(Field.of("Type", hex(type, 2) + ((type & 0x80) != 0 ? " (critical)" : ""), q + 2, 1));
            parts.add(Field.bits("Length", optLen + " bytes", q + 3, 1, 0x1f));
            if (shown > 4) {
                parts.add(Field.of("Data", (shown - 4) + " bytes", q + 4, shown - 4));
            }
            f.add(new Field("Option", optionClassName(optClass) + ", type " + hex(type, 2), q, shown, 0, parts));
            q += optLen;
        }
        return f;
    }

    /** Option class names from IANA's Geneve option class registry, as tcpdump spells them. */
    public static String optionClassName(int optClass) {
        return switch (optClass) {
            case 0x0100 -> "Linux";
            case 0x0101 -> "Open vSwitch";
            case 0x0102 -> "Open Virtual Networking (OVN)";
            case 0x0103 -> "In-band Network Telemetry (INT)";
            case 0x0104 -> "VMware";
            default -> optClass <= 0x00ff ? "Standard" : optClass >= 0xfff0 ? "Experimental" : "Unknown";
        };
    }

    /**
     * A Geneve header: version 0, the given flags ({@link #FLAG_OAM}, {@link #FLAG_CRITICAL}),
     * protocol type, VNI and options (already encoded, a multiple of 4 bytes, at most 252).
     */
    public static byte[] header(int vni, int protocolType, int flags, byte[] options) {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range: " + vni);
        }
        if (options.length % 4 != 0 || options.length > MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("Geneve options must be a multiple of 4 bytes, at most "
                    + MAX_OPTIONS_LENGTH + ": " + options.length);
        }
        byte[] h = new byte[FIXED_LENGTH + options.length];
        h[0] = (byte) (options.length / 4);
        h[1] = (byte) flags;
        h[2] = (byte) (protocolType >>> 8);
        h[3] = (byte) protocolType;
        h[4] = (byte) (vni >>> 16);
        h[5] = (byte) (vni >>> 8);
        h[6] = (byte) vni;
        System.arraycopy(options, 0, h, FIXED_LENGTH, options.length);
        return h;
    }

    /** One encoded option: class, type, and data padded to a multiple of 4 bytes (at most 124). */
    public static byte[] option(int optClass, int type, byte[] data) {
        int padded = (data.length + 3) / 4 * 4;
        if (padded > 31 * 4) {
            throw new IllegalArgumentException("Geneve option data is at most 124 bytes: " + data.length);
        }
        byte[] o = new byte[4 + padded];
        o[0] = (byte) (optClass >>> 8);
        o[1] = (byte) optClass;
        o[2] = (byte) type;
        o[3] = (byte) (padded / 4);
        System.arraycopy(data, 0, o, 4, data.length);
        return o;
    }
}
