/*
 * GRE (RFC 2784 with the RFC 2890 key and sequence fields) as a Pcap4J packet: flags, version,
 * protocol type, and the optional checksum, key and sequence number, then the payload —
 * an Ethernet frame for 0x6558 (transparent Ethernet bridging, what OVS GRE ports send), an IPv4
 * packet for 0x0800, and whatever Pcap4J knows for other ethertypes.
 */
package org.overlaylab.packets.pcap4j;

import java.util.ArrayList;
import java.util.List;
import org.pcap4j.packet.AbstractPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.util.ByteArrays;

public final class GrePacket extends AbstractPacket {
    private static final long serialVersionUID = 2784L;

    /** Transparent Ethernet bridging: the payload is a whole Ethernet frame. */
    public static final EtherType TRANSPARENT_ETHERNET_BRIDGING = new EtherType((short) 0x6558, "TEB");

    static {
        // so EtherType.getInstance(0x6558) names it too, and parsed headers equal built ones
        EtherType.register(TRANSPARENT_ETHERNET_BRIDGING);
    }

    private final GreHeader header;
    private final Packet payload;

    /**
     * Pcap4J's factory entry point.
     *
     * @throws IllegalRawDataException when the header (with its optional fields) does not fit
     */
    public static GrePacket newPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        ByteArrays.validateBounds(rawData, offset, length);
        return new GrePacket(rawData, offset, length);
    }

    private GrePacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        this.header = new GreHeader(rawData, offset, length);
        int payloadLength = length - header.length();
        if (payloadLength > 0) {
            int at = offset + header.length();
            if ((header.protocolType.value() & 0xffff) == 0x6558) {
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

    private GrePacket(Builder builder) {
        if (builder.protocolType == null) {
            throw new NullPointerException("builder.protocolType");
        }
        this.payload = builder.payloadBuilder != null ? builder.payloadBuilder.build() : null;
        this.header = new GreHeader(builder);
    }

    @Override
    public GreHeader getHeader() {
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
        private boolean checksumPresent;
        private boolean keyPresent;
        private boolean sequencePresent;
        private int reservedFlags;
        private int version;
        private EtherType protocolType;
        private short checksum;
        private short reserved1;
        private int key;
        private int sequenceNumber;
        private Packet.Builder payloadBuilder;

        public Builder() {}

        private Builder(GrePacket packet) {
            GreHeader h = packet.header;
            this.checksumPresent = h.checksumPresent;
            this.keyPresent = h.keyPresent;
            this.sequencePresent = h.sequencePresent;
            this.reservedFlags = h.reservedFlags;
            this.version = h.version;
            this.protocolType = h.protocolType;
            this.checksum = h.checksum;
            this.reserved1 = h.reserved1;
            this.key = h.key;
            this.sequenceNumber = h.sequenceNumber;
            this.payloadBuilder = packet.payload != null ? packet.payload.getBuilder() : null;
        }

        public Builder protocolType(EtherType protocolType) {
            this.protocolType = protocolType;
            return this;
        }

        /** Sets the C flag and the checksum field (taken as given, not computed). */
        public Builder checksum(short checksum) {
            this.checksumPresent = true;
            this.checksum = checksum;
            return this;
        }

        /** Sets the K flag and the key (OVS: options:key). */
        public Builder key(int key) {
            this.keyPresent = true;
            this.key = key;
            return this;
        }

        public Builder sequenceNumber(int sequenceNumber) {
            this.sequencePresent = true;
            this.sequenceNumber = sequenceNumber;
            return this;
        }

        public Builder version(int version) {
            this.version = version & 0x7;
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
        public GrePacket build() {
            return new GrePacket(this);
        }
    }

    public static final class GreHeader extends AbstractHeader {
        /*
         *  0                   1                   2                   3
         *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |C| |K|S| Reserved0       | Ver |         Protocol Type         |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |      Checksum (optional)      |       Reserved1 (Optional)    |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |                         Key (optional)                        |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         * |                 Sequence Number (Optional)                    |
         * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
         */
        private static final long serialVersionUID = 2890L;

        public static final int FLAGS_AND_VERSION_OFFSET = 0;
        public static final int PROTOCOL_TYPE_OFFSET = 2;
        public static final int OPTIONAL_FIELDS_OFFSET = 4;
        public static final int FLAG_CHECKSUM = 0x8000;
        public static final int FLAG_KEY = 0x2000;
        public static final int FLAG_SEQUENCE = 0x1000;
        public static final int VERSION_MASK = 0x0007;
        public static final int MIN_GRE_HEADER_SIZE = 4;

        private final boolean checksumPresent;
        private final boolean keyPresent;
        private final boolean sequencePresent;
        /** Flag bits other than C, K, S (routing and recursion in RFC 1701), kept for round trips. */
        private final int reservedFlags;
        private final int version;
        private final EtherType protocolType;
        private final short checksum;
        private final short reserved1;
        private final int key;
        private final int sequenceNumber;

        private GreHeader(byte[] rawData, int offset, int length) throws IllegalRawDataException {
            if (length < MIN_GRE_HEADER_SIZE) {
                throw new IllegalRawDataException("The data is too short to build a GRE header ("
                        + MIN_GRE_HEADER_SIZE + " bytes): " + length + " bytes");
            }
            int flags = ByteArrays.getShort(rawData, offset + FLAGS_AND_VERSION_OFFSET) & 0xffff;
            this.checksumPresent = (flags & FLAG_CHECKSUM) != 0;
            this.keyPresent = (flags & FLAG_KEY) != 0;
            this.sequencePresent = (flags & FLAG_SEQUENCE) != 0;
            this.reservedFlags = flags & ~(FLAG_CHECKSUM | FLAG_KEY | FLAG_SEQUENCE | VERSION_MASK);
            this.version = flags & VERSION_MASK;
            this.protocolType = EtherType.getInstance(ByteArrays.getShort(rawData, offset + PROTOCOL_TYPE_OFFSET));
            int need = MIN_GRE_HEADER_SIZE + (checksumPresent ? 4 : 0) + (keyPresent ? 4 : 0)
                    + (sequencePresent ? 4 : 0);
            if (length < need) {
                throw new IllegalRawDataException("The data is too short for the GRE header its flags announce ("
                        + need + " bytes): " + length + " bytes");
            }
            int p = offset + OPTIONAL_FIELDS_OFFSET;
            if (checksumPresent) {
                this.checksum = ByteArrays.getShort(rawData, p);
                this.reserved1 = ByteArrays.getShort(rawData, p + 2);
                p += 4;
            } else {
                this.checksum = 0;
                this.reserved1 = 0;
            }
            if (keyPresent) {
                this.key = ByteArrays.getInt(rawData, p);
                p += 4;
            } else {
                this.key = 0;
            }
            this.sequenceNumber = sequencePresent ? ByteArrays.getInt(rawData, p) : 0;
        }

        private GreHeader(Builder builder) {
            this.checksumPresent = builder.checksumPresent;
            this.keyPresent = builder.keyPresent;
            this.sequencePresent = builder.sequencePresent;
            this.reservedFlags = builder.reservedFlags;
            this.version = builder.version;
            this.protocolType = builder.protocolType;
            this.checksum = builder.checksum;
            this.reserved1 = builder.reserved1;
            this.key = builder.key;
            this.sequenceNumber = builder.sequenceNumber;
        }

        public boolean isChecksumPresent() {
            return checksumPresent;
        }

        public boolean isKeyPresent() {
            return keyPresent;
        }

        public boolean isSequencePresent() {
            return sequencePresent;
        }

        public int getVersion() {
            return version;
        }

        public EtherType getProtocolType() {
            return protocolType;
        }

        public short getChecksum() {
            return checksum;
        }

        public int getKey() {
            return key;
        }

        public int getSequenceNumber() {
            return sequenceNumber;
        }

        private int flagsAndVersion() {
            return (checksumPresent ? FLAG_CHECKSUM : 0) | (keyPresent ? FLAG_KEY : 0)
                    | (sequencePresent ? FLAG_SEQUENCE : 0) | reservedFlags | version;
        }

        @Override
        protected List<byte[]> getRawFields() {
            List<byte[]> fields = new ArrayList<>();
            fields.add(ByteArrays.toByteArray((short) flagsAndVersion()));
            fields.add(ByteArrays.toByteArray(protocolType.value()));
            if (checksumPresent) {
                fields.add(ByteArrays.toByteArray(checksum));
                fields.add(ByteArrays.toByteArray(reserved1));
            }
            if (keyPresent) {
                fields.add(ByteArrays.toByteArray(key));
            }
            if (sequencePresent) {
                fields.add(ByteArrays.toByteArray(sequenceNumber));
            }
            return fields;
        }

        @Override
        public int length() {
            return MIN_GRE_HEADER_SIZE + (checksumPresent ? 4 : 0) + (keyPresent ? 4 : 0) + (sequencePresent ? 4 : 0);
        }

        @Override
        protected String buildString() {
            String ls = System.lineSeparator();
            StringBuilder sb = new StringBuilder();
            sb.append("[GRE Header (").append(length()).append(" bytes)]").append(ls);
            sb.append("  Version: ").append(version).append(ls);
            sb.append("  Protocol Type: ").append(String.format("0x%04x", protocolType.value() & 0xffff)).append(ls);
            if (checksumPresent) {
                sb.append("  Checksum: ").append(String.format("0x%04x", checksum & 0xffff)).append(ls);
            }
            if (keyPresent) {
                sb.append("  Key: ").append(Integer.toUnsignedString(key)).append(ls);
            }
            if (sequencePresent) {
                sb.append("  Sequence Number: ").append(Integer.toUnsignedString(sequenceNumber)).append(ls);
            }
            return sb.toString();
        }

        @Override
        public boolean equals(Object obj) {
            if (obj == this) {
                return true;
            }
            if (!(obj instanceof GreHeader other)) {
                return false;
            }
            return flagsAndVersion() == other.flagsAndVersion() && protocolType.equals(other.protocolType)
                    && checksum == other.checksum && reserved1 == other.reserved1 && key == other.key
                    && sequenceNumber == other.sequenceNumber;
        }

        @Override
        protected int calcHashCode() {
            int result = 17;
            result = 31 * result + flagsAndVersion();
            result = 31 * result + protocolType.hashCode();
            result = 31 * result + checksum;
            result = 31 * result + key;
            result = 31 * result + sequenceNumber;
            return result;
        }
    }
}
