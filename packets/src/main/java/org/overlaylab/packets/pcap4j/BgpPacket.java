/*
 * One BGP-4 message (RFC 4271) as a Pcap4J packet: the 19-byte common header (marker, length,
 * type) and the message body, with the next message of the same TCP segment as its payload.
 * Decoded for TCP port 179 once the provider in this package is active; the body's meaning
 * (OPEN capabilities, UPDATE prefixes ...) is described by the layer tree.
 */
package org.overlaylab.packets.pcap4j;

import java.util.List;
import org.pcap4j.packet.AbstractPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.util.ByteArrays;

public final class BgpPacket extends AbstractPacket {
    private static final long serialVersionUID = 179L;

    /** The TCP port BGP speakers listen on. */
    public static final int PORT = 179;

    private final BgpHeader header;
    private final Packet payload;

    /**
     * Pcap4J's factory entry point.
     *
     * @throws IllegalRawDataException when the bytes do not hold a whole message (marker, a length of
     *                                 at least 19, that many bytes)
     */
    public static BgpPacket newPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        ByteArrays.validateBounds(rawData, offset, length);
        return new BgpPacket(rawData, offset, length);
    }

    /** Whether the bytes start with the all-ones marker of a BGP message (else they continue an earlier one). */
    public static boolean startsWithMarker(byte[] rawData, int offset, int length) {
        if (length < BgpHeader.MARKER_SIZE) {
            return false;
        }
        for (int i = 0; i < BgpHeader.MARKER_SIZE; i++) {
            if (rawData[offset + i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    private BgpPacket(byte[] rawData, int offset, int length) throws IllegalRawDataException {
        this.header = new BgpHeader(rawData, offset, length);
        int rest = length - header.length();
        if (rest <= 0) {
            this.payload = null;
        } else if (!startsWithMarker(rawData, offset + header.length(), rest)) {
            this.payload = UnknownPacket.newPacket(rawData, offset + header.length(), rest);
        } else {
            Packet next;
            try {
                next = new BgpPacket(rawData, offset + header.length(), rest);
            } catch (IllegalRawDataException e) {
                next = IllegalPacket.newPacket(rawData, offset + header.length(), rest);
            }
            this.payload = next;
        }
    }

    @Override
    public BgpHeader getHeader() {
        return header;
    }

    @Override
    public Packet getPayload() {
        return payload;
    }

    /** BGP messages are read from captures only; building them is left to the lab's BGP speakers. */
    @Override
    public Packet.Builder getBuilder() {
        throw new UnsupportedOperationException("BGP messages are decoded, not built");
    }

    /** The whole message: common header and body (RFC 4271 section 4.1). */
    public static final class BgpHeader extends AbstractHeader {
        private static final long serialVersionUID = 4271L;

        public static final int MARKER_SIZE = 16;
        public static final int LENGTH_OFFSET = 16;
        public static final int TYPE_OFFSET = 18;
        public static final int COMMON_HEADER_SIZE = 19;

        private final byte[] message;

        private BgpHeader(byte[] rawData, int offset, int length) throws IllegalRawDataException {
            if (length < COMMON_HEADER_SIZE) {
                throw new IllegalRawDataException("BGP header needs " + COMMON_HEADER_SIZE + " bytes, " + length + " left");
            }
            if (!startsWithMarker(rawData, offset, length)) {
                throw new IllegalRawDataException("BGP message without its marker");
            }
            int declared = ByteArrays.getShort(rawData, offset + LENGTH_OFFSET) & 0xffff;
            if (declared < COMMON_HEADER_SIZE) {
                throw new IllegalRawDataException("BGP message length " + declared + " is less than its header");
            }
            if (declared > length) {
                throw new IllegalRawDataException("BGP message of " + declared + " bytes, " + length + " captured");
            }
            this.message = ByteArrays.getSubArray(rawData, offset, declared);
        }

        /** The message length field: header and body in bytes. */
        public int getMessageLength() {
            return ByteArrays.getShort(message, LENGTH_OFFSET) & 0xffff;
        }

        /** 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH. */
        public int getType() {
            return message[TYPE_OFFSET] & 0xff;
        }

        /** The message bytes from the marker on (a copy). */
        public byte[] getMessage() {
            return message.clone();
        }

        @Override
        protected List<byte[]> getRawFields() {
            return List.of(message);
        }

        @Override
        public int length() {
            return message.length;
        }

        @Override
        protected String buildString() {
            return "[BGP Header (" + length() + " bytes)]" + System.lineSeparator()
                    + "  Type: " + getType() + System.lineSeparator();
        }
    }
}
