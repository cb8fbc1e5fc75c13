/*
 * One HTTP/2 frame (RFC 9113 4.1): a 9-octet header (24-bit length, type, flags, 31-bit stream
 * id) and its payload. Writes frames and splits a byte stream into them; also the client's
 * connection preface, which comes before the first frame.
 */
package org.overlaylab.packets.http2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public record Http2Frame(int type, int flags, int stream, byte[] payload) {
    public static final int DATA = 0;
    public static final int HEADERS = 1;
    public static final int RST_STREAM = 3;
    public static final int SETTINGS = 4;
    public static final int PING = 6;
    public static final int GOAWAY = 7;
    public static final int WINDOW_UPDATE = 8;

    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;

    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final String[] NAMES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE",
        "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};

    public String typeName() {
        return type < NAMES.length ? NAMES[type] : "type " + type;
    }

    /** The frame as it goes on the wire. */
    public byte[] bytes() {
        byte[] out = new byte[9 + payload.length];
        out[0] = (byte) (payload.length >>> 16);
        out[1] = (byte) (payload.length >>> 8);
        out[2] = (byte) payload.length;
        out[3] = (byte) type;
        out[4] = (byte) flags;
        out[5] = (byte) (stream >>> 24 & 0x7f);
        out[6] = (byte) (stream >>> 16);
        out[7] = (byte) (stream >>> 8);
        out[8] = (byte) stream;
        System.arraycopy(payload, 0, out, 9, payload.length);
        return out;
    }

    /** Several frames written together (one write, so one segment). */
    public static byte[] concat(Http2Frame... frames) {
        int n = 0;
        for (Http2Frame f : frames) {
            n += 9 + f.payload.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (Http2Frame f : frames) {
            byte[] b = f.bytes();
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    /**
     * The whole frames in `data[from, to)`, after the client preface when it starts there; a frame
     * cut off at the end is left out.
     */
    public static List<Http2Frame> parse(byte[] data, int from, int to) {
        List<Http2Frame> out = new ArrayList<>();
        int at = from;
        if (startsWithPreface(data, from, to)) {
            at += PREFACE.length;
        }
        while (at + 9 <= to) {
            int length = (data[at] & 0xff) << 16 | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff);
            if (at + 9 + length > to) {
                break;
            }
            int stream = (data[at + 5] & 0x7f) << 24 | (data[at + 6] & 0xff) << 16 | (data[at + 7] & 0xff) << 8
                    | (data[at + 8] & 0xff);
            out.add(new Http2Frame(data[at + 3] & 0xff, data[at + 4] & 0xff, stream,
                    Arrays.copyOfRange(data, at + 9, at + 9 + length)));
            at += 9 + length;
        }
        return out;
    }

    public static boolean startsWithPreface(byte[] data, int from, int to) {
        return to - from >= PREFACE.length && Arrays.equals(data, from, from + PREFACE.length, PREFACE, 0, PREFACE.length);
    }
}
