/*
 * Geneve (RFC 8926) as a Pcap4J packet: an immutable header (version, O and C flags, protocol
 * type, 24-bit VNI, the options kept as raw bytes) followed by the packet the protocol type
 * names, an Ethernet frame for 0x6558. Lengths and offsets come from the encapsulation registry's
 * Geneve entry; decoded for UDP port 6081 once the provider in this package is active.
 */
package org.overlaylab.packets.pcap4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.pcap4j.packet.AbstractPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.util.ByteArrays;

public final class GenevePacket extends AbstractPacket {
    private static final long serialVersionUID = 8926L;

    private final GeneveHeader header;
    private final Packet payload;

    /**
     * Pcap4J's factory entry point.
     *
     * @throws IllegalRawDataException when the fixed header or the options it announces do not fit
     */
    public static GenevePacket newPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        ByteArrays.validateBounds(rawData, offset, length);
        return new GenevePacket(rawData, offset, length);
    }

    private GenevePacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        this.header = new GeneveHeader(rawData, offset, length);
        int payloadLength = length - header.length();
        if (payloadLength > 0) {
            int at = offset + header.length();
            if ((header.protocolType.value() & 0xffff) == Encapsulations.ETHERTYPE_TEB) {
                this.payload = PacketFactories.getFactory(Packet.class, DataLinkType.class)
                        .newInstance(rawData, at, payloadLength, DataLinkType.EN10MB);
            } else {
                this.payload = PacketFactories.getFactory(Packet.class, EtherType.class)
                        .newInstance(rawData, at, payloadLength, header.protocolType);
            }
        } else {
            this.payload = null;
        }
    }

    private GenevePacket(Builder builder) {
        if (builder.protocolType == null) {
            throw new NullPointerException("builder.protocolType");
        }
        if (builder.vni < 0 || builder.vni > 0xffffff) {
            throw new IllegalArgumentException("VNI out of range: " + builder.vni);
        }
        if (builder.options.length % 4 != 0 || builder.options.length > Geneve.MAX_OPTIONS_LENGTH) {
            throw new IllegalArgumentException("Geneve options must be a multiple of 4 bytes, at most "
                    + Geneve.MAX_OPTIONS_LENGTH + ": " + builder.options.length);
        }
        this.payload = builder.payloadBuilder != null ? builder.payloadBuilder.build() : null;
        this.header = new GeneveHeader(builder);
    }

    @Override
    public GeneveHeader getHeader() {
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
        private int version;
        private int flags;
        private EtherType protocolType;
        private int vni;
        private byte reserved;
        private byte[] options = new byte[0];
        private Packet.Builder payloadBuilder;

        public Builder() {}

        private Builder(GenevePacket packet) {
            GeneveHeader h = packet.header;
            this.version = h.version;
            this.flags = h.flags;
            this.protocolType = h.protocolType;
            this.vni = h.vni;
            this.reserved = h.reserved;
            this.options = h.options.clone();
            this.payloadBuilder = packet.payload != null ? packet.payload.getBuilder() : null;
        }

        /** The whole flags byte: O (0x80), C (0x40) and the six reserved bits. */
        public Builder flags(int flags) {
            this.flags = flags & 0xff;
            return this;
        }

        public Builder protocolType(EtherType protocolType) {
            this.protocolType = protocolType;
            return this;
        }

        public Builder vni(int vni) {
            this.vni = vni;
            return this;
        }

        /** The options, already encoded (see {@link Geneve#option}); a multiple of 4 bytes. */
        public Builder options(byte[] options) {
            this.options = options.clone();
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
        public GenevePacket build() {
            return new GenevePacket(this);
        }
    }

    public static final class GeneveHeader extends AbstractHeader {
        /*
         *  0                   1                   2                   3
         *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |        Virtual Network Identifier (VNI)       |    Reserved   |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |                    Variable-Length Options                    |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         */
        private static final long serialVersionUID = 6081L;

        private final int version;
        private final int flags;
        private final EtherType protocolType;
        private final int vni;
        private final byte reserved;
        private final byte[] options;

        private GeneveHeader(byte[] rawData, int offset, int length) throws IllegalRawDataException {
            if (length < Geneve.FIXED_LENGTH) {
                throw new IllegalRawDataException("The data is too short to build a Geneve header ("
                        + Geneve.FIXED_LENGTH + " bytes): " + length + " bytes");
            }
            int total = Encapsulations.GENEVE.headerLength(rawData, offset);
            if (length < total) {
                throw new IllegalRawDataException("The data is too short for the Geneve options its header announces ("
                        + total + " bytes): " + length + " bytes");
            }
            this.version = Geneve.version(rawData, offset);
            this.flags = rawData[offset + 1] & 0xff;
            this.protocolType = EtherType.getInstance(ByteArrays.getShort(rawData, offset + 2));
            this.vni = Geneve.vni(rawData, offset);
            this.reserved = rawData[offset + 7];
            this.options = Arrays.copyOfRange(rawData, offset + Geneve.FIXED_LENGTH, offset + total);
        }

        private GeneveHeader(Builder builder) {
            this.version = builder.version;
            this.flags = builder.flags;
            this.protocolType = builder.protocolType;
            this.vni = builder.vni;
            this.reserved = builder.reserved;
            this.options = builder.options.clone();
        }

        public int getVersion() {
            return version;
        }

        public int getFlags() {
            return flags;
        }

        /** The O flag: an OAM packet, not data. */
        public boolean isOam() {
            return (flags & Geneve.FLAG_OAM) != 0;
        }

        /** The C flag: some option is critical. */
        public boolean hasCriticalOptions() {
            return (flags & Geneve.FLAG_CRITICAL) != 0;
        }

        public EtherType getProtocolType() {
            return protocolType;
        }

        public int getVni() {
            return vni;
        }

        /** The options as they were on the wire (class, type, length and data each). */
        public byte[] getOptions() {
            return options.clone();
        }

        @Override
        protected List<byte[]> getRawFields() {
            List<byte[]> fields = new ArrayList<>();
            fields.add(new byte[] {(byte) ((version << 6) | (options.length / 4)), (byte) flags});
            fields.add(ByteArrays.toByteArray(protocolType.value()));
            fields.add(new byte[] {(byte) (vni >>> 16), (byte) (vni >>> 8), (byte) vni, reserved});
            fields.add(options);
            return fields;
        }

        @Override
        public int length() {
            return Geneve.FIXED_LENGTH + options.length;
        }

        @Override
        protected String buildString() {
            String ls = System.lineSeparator();
            return "[Geneve Header (" + length() + " bytes)]" + ls
                    + "  Version: " + version + ls
                    + "  Flags: 0x" + String.format("%02x", flags) + (isOam() ? " (O)" : "")
                    + (hasCriticalOptions() ? " (C)" : "") + ls
                    + "  Protocol Type: " + String.format("0x%04x", protocolType.value() & 0xffff) + ls
                    + "  VNI: " + vni + ls
                    + "  Options: " + options.length + " bytes" + ls;
        }

        @Override
        public boolean equals(Object obj) {
            if (obj == this) {
                return true;
            }
            if (!(obj instanceof GeneveHeader other)) {
                return false;
            }
            return version == other.version && flags == other.flags && protocolType.equals(other.protocolType)
                    && vni == other.vni && reserved == other.reserved && Arrays.equals(options, other.options);
        }

        @Override
        protected int calcHashCode() {
            int result = 17;
            result = 31 * result + version;
            result = 31 * result + flags;
            result = 31 * result + protocolType.hashCode();
            result = 31 * result + vni;
            result = 31 * result + Arrays.hashCode(options);
            return result;
        }
    }
}
