/*
 * VXLAN (RFC 7348): 8 bytes (flags with the I bit, 24-bit VNI) and then a whole Ethernet frame,
 * over UDP to 4789 (IANA) or 8472 (the Linux default, which flannel uses).
 */
package org.overlaylab.packets.encap;

import java.util.List;
import org.overlaylab.packets.tree.Field;

public final class Vxlan extends Encapsulation {
    public static final int HEADER_LENGTH = 8;
    /** The I flag: the VNI is valid. Linux drops VXLAN packets without it. */
    public static final int FLAG_VNI = 0x08;

    Vxlan() {
        super("VXLAN", "vxlan", Carrier.UDP_PORT, HEADER_LENGTH, "VNI",
                Encapsulations.VXLAN_PORT, Encapsulations.VXLAN_LINUX_PORT);
    }

    @Override
    public int headerLength(byte[] b, int p) {
        return HEADER_LENGTH;
    }

    @Override
    public int payloadType(byte[] b, int p) {
        return Encapsulations.ETHERTYPE_TEB;
    }

    /** The VNI, or -1 when the I flag is clear. */
    @Override
    public long key(byte[] b, int p) {
        return (u8(b, p) & FLAG_VNI) != 0 ? vni(b, p) : -1;
    }

    /** The VNI field whatever the flags say. */
    public static int vni(byte[] b, int p) {
        return u24(b, p + 4);
    }

    @Override
    public String summary(byte[] b, int p) {
        return "VNI " + vni(b, p);
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        int flags = u8(b, p);
        return List.of(
                new Field("Flags", hex(flags, 2), p, 1, 0, List.of(
                        Field.bits("VNI valid (I)", setOrNot((flags & FLAG_VNI) != 0), p, 1, FLAG_VNI))),
                Field.of("Reserved", hex(u24(b, p + 1), 6), p + 1, 3),
                Field.of("VNI", String.valueOf(vni(b, p)), p + 4, 3),
                Field.of("Reserved", hex(u8(b, p + 7), 2), p + 7, 1));
    }

    /** Writes the 8-byte header (I flag, the VNI) at {@code p}, as a Linux VXLAN device sends it. */
    public static void writeHeader(byte[] f, int p, int vni) {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range: " + vni);
        }
        writeFields(f, p, vni);
    }

    private static void writeFields(byte[] f, int p, int vni) {
        f[p] = FLAG_VNI;
        f[p + 1] = 0;
        f[p + 2] = 0;
        f[p + 3] = 0;
        f[p + 4] = (byte) (vni >>> 16);
        f[p + 5] = (byte) (vni >>> 8);
        f[p + 6] = (byte) vni;
        f[p + 7] = 0;
    }

    /**
     * The header followed by the inner Ethernet frame: a VXLAN UDP payload. The VNI field takes the
     * low 24 bits of {@code vni}, as a device configured with a larger id would put on the wire.
     */
    public static byte[] wrap(int vni, byte[] innerFrame) {
        byte[] v = new byte[HEADER_LENGTH + innerFrame.length];
        writeFields(v, 0, vni);
        System.arraycopy(innerFrame, 0, v, HEADER_LENGTH, innerFrame.length);
        return v;
    }
}
