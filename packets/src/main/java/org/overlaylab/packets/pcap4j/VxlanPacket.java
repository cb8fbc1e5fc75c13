/*
 * VXLAN (RFC 7348) as a Pcap4J packet: an immutable 8-byte header (flags, 24-bit VNI) followed by
 * the encapsulated Ethernet frame, with a Builder like Pcap4J's own packets. Decoded for UDP
 * ports 4789 (IANA) and 8472 (Linux default, flannel) once the provider in this package is active.
 */
package org.overlaylab.packets.pcap4j;

import java.util.ArrayList;
import java.util.List;
import org.pcap4j.packet.AbstractPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.util.ByteArrays;

public final class VxlanPacket extends AbstractPacket {
    private static final long serialVersionUID = 4789L;

    private final VxlanHeader header;
    private final Packet payload;

    /**
     * Pcap4J's factory entry point.
     *
     * @throws IllegalRawDataException when fewer than 8 bytes are given
     */
    public static VxlanPacket newPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        ByteArrays.validateBounds(rawData, offset, length);
        return new VxlanPacket(rawData, offset, length);
    }

    private VxlanPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        this.header = new VxlanHeader(rawData, offset, length);
        int payloadLength = length - header.length();
        if (payloadLength > 0) {
            this.payload = PacketFactories.getFactory(Packet.class, DataLinkType.class)
                    .newInstance(rawData, offset + header.length(), payloadLength, DataLinkType.EN10MB);
        } else {
            this.payload = null;
        }
    }

    private VxlanPacket(Builder builder) {
        if (builder.vni < 0 || builder.vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range: " + builder.vni);
        }
        this.payload = builder.payloadBuilder != null ? builder.payloadBuilder.build() : null;
        this.header = new VxlanHeader(builder);
    }

    @Override
    public VxlanHeader getHeader() {
        return header;
    }

    @Override
    public Packet getPayload() {
        return payload;
    }

    @Override
    public Builder getBuilder() {
        return new Builder(this);
    }

    public static final class Builder extends AbstractBuilder {
        private byte flags = VxlanHeader.FLAG_VNI_VALID;
        private int reserved1;
        private int vni;
        private byte reserved2;
        private Packet.Builder payloadBuilder;

        public Builder() {}

        private Builder(VxlanPacket packet) {
            this.flags = packet.header.flags;
            this.reserved1 = packet.header.reserved1;
            this.vni = packet.header.vni;
            this.reserved2 = packet.header.reserved2;
            this.payloadBuilder = packet.payload != null ? packet.payload.getBuilder() : null;
        }

        public Builder flags(byte flags) {
            this.flags = flags;
            return this;
        }

        /** The 24 reserved bits after the flags. */
        public Builder reserved1(int reserved1) {
            this.reserved1 = reserved1 & 0xffffff;
            return this;
        }

        public Builder vni(int vni) {
            this.vni = vni;
            return this;
        }

        public Builder reserved2(byte reserved2) {
            this.reserved2 = reserved2;
            return this;
        }

        @Override
        public Builder payloadBuilder(Packet.Builder payloadBuilder) {
            this.payloadBuilder = payloadBuilder;
            return this;
        }

        @Override
        public Packet.Builder getPayloadBuilder() {
            return payloadBuilder;
        }

        @Override
        public VxlanPacket build() {
            return new VxlanPacket(this);
        }
    }

    public static final class VxlanHeader extends AbstractHeader {
        /*
         *  0                   1                   2                   3
         *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |R|R|R|R|I|R|R|R|            Reserved                           |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |                VXLAN Network Identifier (VNI) |   Reserved    |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         */
        private static final long serialVersionUID = 7348L;

        /** The I flag: the VNI field is valid. */
        public static final byte FLAG_VNI_VALID = 0x08;
        public static final int FLAGS_OFFSET = 0;
        public static final int RESERVED1_OFFSET = 1;
        public static final int VNI_OFFSET = 4;
        public static final int RESERVED2_OFFSET = 7;
        public static final int VXLAN_HEADER_SIZE = 8;

        private final byte flags;
        private final int reserved1;
        private final int vni;
        private final byte reserved2;

        private VxlanHeader(byte[] rawData, int offset, int length) throws IllegalRawDataException {
            if (length < VXLAN_HEADER_SIZE) {
                throw new IllegalRawDataException("The data is too short to build a VXLAN header ("
                        + VXLAN_HEADER_SIZE + " bytes): " + length + " bytes");
            }
            this.flags = rawData[offset + FLAGS_OFFSET];
            this.reserved1 = u24(rawData, offset + RESERVED1_OFFSET);
            this.vni = u24(rawData, offset + VNI_OFFSET);
            this.reserved2 = rawData[offset + RESERVED2_OFFSET];
        }

        private VxlanHeader(Builder builder) {
            this.flags = builder.flags;
            this.reserved1 = builder.reserved1;
            this.vni = builder.vni;
            this.reserved2 = builder.reserved2;
        }

        private static int u24(byte[] b, int p) {
            return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
        }

        public byte getFlags() {
            return flags;
        }

        /** Whether the I flag is set, as every VXLAN sender must. */
        public boolean isVniValid() {
            return (flags & FLAG_VNI_VALID) != 0;
        }

        public int getReserved1() {
            return reserved1;
        }

        public int getVni() {
            return vni;
        }

        public byte getReserved2() {
            return reserved2;
        }

        @Override
        protected List<byte[]> getRawFields() {
            List<byte[]> fields = new ArrayList<>();
            fields.add(new byte[] {flags});
            fields.add(new byte[] {(byte) (reserved1 >>> 16), (byte) (reserved1 >>> 8), (byte) reserved1});
            fields.add(new byte[] {(byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni});
            fields.add(new byte[] {reserved2});
            return fields;
        }

        @Override
        public int length() {
            return VXLAN_HEADER_SIZE;
        }

        @Override
        protected String buildString() {
            String ls = System.lineSeparator();
            return "[VXLAN Header (" + length() + " bytes)]" + ls
                    + "  Flags: 0x" + String.format("%02x", flags & 0xff) + (isVniValid() ? " (I)" : "") + ls
                    + "  VNI: " + vni + ls;
        }

        @Override
        public boolean equals(Object obj) {
            if (obj == this) {
                return true;
            }
            if (!(obj instanceof VxlanHeader other)) {
                return false;
            }
            return flags == other.flags && reserved1 == other.reserved1 && vni == other.vni
                    && reserved2 == other.reserved2;
        }

        @Override
        protected int calcHashCode() {
            int result = 17;
            result = 31 * result + flags;
            result = 31 * result + reserved1;
            result = 31 * result + vni;
            result = 31 * result + reserved2;
            return result;
        }
    }
}
