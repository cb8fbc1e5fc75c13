/*
 * Protocol-buffer fields as etcd's gogo/protobuf marshalling writes its v3 API messages (proto3):
 * fields in number order, a zero number, false or empty string/bytes left out, nested messages and
 * strings as length-delimited fields.
 */
package org.overlaylab.simulator.etcd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

public final class Protobuf {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int64, uint64, bool); proto3 leaves 0 out. */
    Protobuf varint(int number, long value) {
        if (value != 0) {
            tag(number, 0);
            raw(value);
        }
        return this;
    }

    /** A string or bytes field; proto3 leaves an empty one out. */
    Protobuf string(int number, String value) {
        return bytes(number, value.getBytes(StandardCharsets.UTF_8));
    }

    Protobuf bytes(int number, byte[] value) {
        if (value.length > 0) {
            lengthDelimited(number, value);
        }
        return this;
    }

    /** A proto2 non-nullable varint field (gogoproto.nullable=false): written even when 0. */
    Protobuf requiredVarint(int number, long value) {
        tag(number, 0);
        raw(value);
        return this;
    }

    /** A non-nullable bytes field (gogo writes a set slice even when empty). */
    Protobuf requiredBytes(int number, byte[] value) {
        return lengthDelimited(number, value);
    }

    /** A proto2 non-nullable string field: written even when empty. */
    Protobuf requiredString(int number, String value) {
        return lengthDelimited(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An element of a repeated string field: written even when empty. */
    Protobuf repeatedString(int number, String value) {
        return lengthDelimited(number, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message, written whenever it is set (even empty). */
    Protobuf message(int number, Protobuf m) {
        return lengthDelimited(number, m.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private Protobuf lengthDelimited(int number, byte[] value) {
        tag(number, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    private void tag(int number, int wireType) {
        raw(((long) number << 3) | wireType);
    }

    private void raw(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A gRPC message on the wire: a compressed flag (0), the 4-octet length, the message. */
    static byte[] grpcMessage(byte[] message) {
        byte[] out = new byte[5 + message.length];
        out[1] = (byte) (message.length >>> 24);
        out[2] = (byte) (message.length >>> 16);
        out[3] = (byte) (message.length >>> 8);
        out[4] = (byte) message.length;
        System.arraycopy(message, 0, out, 5, message.length);
        return out;
    }
}
