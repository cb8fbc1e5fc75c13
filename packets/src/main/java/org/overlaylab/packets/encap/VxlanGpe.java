/*
 * VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe), over UDP to 4790: VXLAN's 8 bytes with a version, more
 * flags (I, P, B, O) and a next-protocol field, so the inner packet may be IPv4, IPv6, Ethernet,
 * NSH or MPLS instead of always Ethernet.
 */
package org.overlaylab.packets.encap;

import java.util.List;
import org.overlaylab.packets.tree.Field;

public final class VxlanGpe extends Encapsulation {
    public static final int HEADER_LENGTH = 8;
    public static final int FLAG_VNI = 0x08;
    public static final int FLAG_NEXT_PROTOCOL = 0x04;
    public static final int FLAG_BUM = 0x02;
    public static final int FLAG_OAM = 0x01;

    public static final int NEXT_IPV4 = 1;
    public static final int NEXT_IPV6 = 2;
    public static final int NEXT_ETHERNET = 3;
    public static final int NEXT_NSH = 4;
    public static final int NEXT_MPLS = 5;

    VxlanGpe() {
        super("VXLAN-GPE", "vxlan-gpe", Carrier.UDP_PORT, HEADER_LENGTH, "VNI", Encapsulations.VXLAN_GPE_PORT);
    }

    @Override
    public int headerLength(byte[] b, int p) {
        return HEADER_LENGTH;
    }

    public static int nextProtocol(byte[] b, int p) {
        return u8(b, p + 3);
    }

    /** The next protocol as an EtherType, or -1 for a number the draft does not define. */
    @Override
    public int payloadType(byte[] b, int p) {
        return switch (nextProtocol(b, p)) {
            case NEXT_IPV4 -> Encapsulations.ETHERTYPE_IPV4;
            case NEXT_IPV6 -> Encapsulations.ETHERTYPE_IPV6;
            case NEXT_ETHERNET -> Encapsulations.ETHERTYPE_TEB;
            case NEXT_NSH -> Encapsulations.ETHERTYPE_NSH;
            case NEXT_MPLS -> 0x8847;
            default -> -1;
        };
    }

    @Override
    public long key(byte[] b, int p) {
        return (u8(b, p) & FLAG_VNI) != 0 ? u24(b, p + 4) : -1;
    }

    @Override
    public String summary(byte[] b, int p) {
        return "VNI " + u24(b, p + 4) + ", next protocol " + nextProtocolName(nextProtocol(b, p));
    }

    static String nextProtocolName(int n) {
        return switch (n) {
            case NEXT_IPV4 -> "IPv4";
            case NEXT_IPV6 -> "IPv6";
            case NEXT_ETHERNET -> "Ethernet";
            case NEXT_NSH -> "NSH";
            case NEXT_MPLS -> "MPLS";
            default -> "unknown";
        };
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        int flags = u8(b, p);
        int next = nextProtocol(b, p);
        return List.of(
                new Field("Flags", hex(flags, 2), p, 1, 0, List.of(
                        Field.bits("Version", String.valueOf((flags >> 4) & 3), p, 1, 0x30),
                        Field.bits("VNI valid (I)", setOrNot((flags & FLAG_VNI) != 0), p, 1, FLAG_VNI),
                        Field.bits("Next protocol present (P)", setOrNot((flags & FLAG_NEXT_PROTOCOL) != 0), p, 1,
                                FLAG_NEXT_PROTOCOL),
                        Field.bits("BUM traffic (B)", setOrNot((flags & FLAG_BUM) != 0), p, 1, FLAG_BUM),
                        Field.bits("OAM packet (O)", setOrNot((flags & FLAG_OAM) != 0), p, 1, FLAG_OAM))),
                Field.of("Reserved", hex(u16(b, p + 1), 4), p + 1, 2),
                Field.of("Next protocol", nextProtocolName(next) + " (" + next + ")", p + 3, 1),
                Field.of("VNI", String.valueOf(u24(b, p + 4)), p + 4, 3),
                Field.of("Reserved", hex(u8(b, p + 7), 2), p + 7, 1));
    }

    /** A VXLAN-GPE header with the I and P flags, the VNI and the next protocol. */
    public static byte[] header(int vni, int nextProtocol) {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range: " + vni);
        }
        byte[] h = new byte[HEADER_LENGTH];
        h[0] = (byte) (FLAG_VNI | FLAG_NEXT_PROTOCOL);
        h[3] = (byte) nextProtocol;
        h[4] = (byte) (vni >>> 16);
        h[5] = (byte) (vni >>> 8);
        h[6] = (byte) vni;
        return h;
    }
}
