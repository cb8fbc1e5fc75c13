/*
 * HTTP/2 in a TCP segment to or from etcd's client port 2379, as layers of the detail view: the
 * client's connection preface, then one layer per frame with its header (length, type, flags,
 * stream) and what it carries: SETTINGS parameters, PING data, WINDOW_UPDATE increment, the
 * header fields of a HEADERS frame (HPACK-decoded; a block that refers to dynamic-table entries
 * of earlier segments says so), and for DATA the gRPC message prefix. A request's summary names
 * the gRPC method from its :path (e.g. /etcdserverpb.KV/Put). Bytes that are not whole frames
 * (a segment continuing an earlier frame) stay a Data layer.
 */
package org.overlaylab.packets.tree;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.packets.http2.HpackDecoder;
import org.overlaylab.packets.http2.HpackTable;
import org.overlaylab.packets.http2.Http2Frame;

final class Http2Layers {
    static final String HTTP2 = "HTTP/2";
    static final int ETCD_CLIENT_PORT = 2379;

    private Http2Layers() {}

    /** The layers of [p, end), or an empty list when the bytes are not whole HTTP/2 frames. */
    static List<Layer> decode(byte[] b, int p, int end) {
        List<Layer> out = new ArrayList<>();
        int at = p;
        if (Http2Frame.startsWithPreface(b, p, end)) {
            out.add(new Layer(HTTP2, "Connection preface", p, Http2Frame.PREFACE.length,
                    List.of(Field.of("Preface", "PRI * HTTP/2.0", p, Http2Frame.PREFACE.length)), false, null));
            at += Http2Frame.PREFACE.length;
        }
        HpackDecoder hpack = new HpackDecoder();
        while (at < end) {
            if (at + 9 > end) {
                return List.of();
            }
            int length = (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff);
            if (at + 9 + length > end || (b[at + 3] & 0xff) > 9) {
                return List.of();
            }
            Http2Frame f = Http2Frame.parse(b, at, at + 9 + length).get(0);
            out.add(frame(b, at, f, hpack));
            at += 9 + length;
        }
        return out;
    }

    private static Layer frame(byte[] b, int at, Http2Frame f, HpackDecoder hpack) {
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of("Length", String.valueOf(f.payload().length), at, 3));
        fields.add(Field.of("Type", f.typeName() + " (" + f.type() + ")", at + 3, 1));
        fields.add(Field.of("Flags", flags(f), at + 4, 1));
        fields.add(Field.of("Stream", String.valueOf(f.stream()), at + 5, 4));
        int p = at + 9;
        int n = f.payload().length;
        String summary = f.typeName() + ", stream " + f.stream();
        switch (f.type()) {
            case Http2Frame.SETTINGS -> {
                for (int i = 0; i + 6 <= n; i += 6) {
                    int id = u16(f.payload(), i);
                    long value = u32(f.payload(), i + 2);
                    fields.add(Field.of(settingName(id), Long.toString(value), p + i, 6));
                }
                summary += (f.flags() & Http2Frame.ACK) != 0 ? " (ACK)" : "";
            }
            case Http2Frame.PING -> {
                fields.add(Field.of("Opaque data", hex(f.payload()), p, n));
                summary += (f.flags() & Http2Frame.ACK) != 0 ? " (ACK)" : "";
            }
            case Http2Frame.WINDOW_UPDATE -> {
                long increment = n >= 4 ? u32(f.payload(), 0) & 0x7fffffffL : 0;
                fields.add(Field.of("Window size increment", Long.toString(increment), p, n));
                summary += ", increment " + increment;
            }
            case Http2Frame.HEADERS -> {
                try {
                    List<HpackTable.Field> headers = hpack.decode(f.payload(), 0, n);
                    List<Field> children = new ArrayList<>();
                    String path = null;
                    String status = null;
                    for (HpackTable.Field h : headers) {
                        children.add(Field.of(h.name(), h.value(), p, n));
                        if (h.name().equals(":path")) {
                            path = h.value();
                        } else if (h.name().equals(":status")) {
                            status = h.value();
                        } else if (h.name().equals("grpc-status") && status == null) {
                            status = "grpc-status " + h.value();
                        }
                    }
                    fields.add(new Field("Header block", headers.size() + " fields", p, n, 0, children));
                    summary += path != null ? ": POST " + path : status != null ? ": " + status : "";
                } catch (HpackDecoder.HpackException e) {
                    fields.add(Field.of("Header block", n + " bytes, refers to entries of earlier header blocks", p, n));
                }
            }
            case Http2Frame.DATA -> {
                if (n >= 5) {
                    long messageLength = u32(f.payload(), 1);
                    fields.add(Field.of("gRPC compressed", f.payload()[0] == 0 ? "no" : "yes", p, 1));
                    fields.add(Field.of("gRPC message length", Long.toString(messageLength), p + 1, 4));
                    fields.add(Field.of("gRPC message", (n - 5) + " bytes (protobuf)", p + 5, n - 5));
                    summary += ", gRPC message of " + messageLength + " bytes";
                }
            }
            default -> {
                if (n > 0) {
                    fields.add(Field.of("Payload", n + " bytes", p, n));
                }
            }
        }
        return new Layer(HTTP2, summary, at, 9 + n, fields, false, null);
    }

    private static String flags(Http2Frame f) {
        List<String> set = new ArrayList<>();
        boolean control = f.type() == Http2Frame.SETTINGS || f.type() == Http2Frame.PING;
        if ((f.flags() & 0x1) != 0) {
            set.add(control ? "ACK" : "END_STREAM");
        }
        if ((f.flags() & 0x4) != 0 && (f.type() == Http2Frame.HEADERS || f.type() == 9)) {
            set.add("END_HEADERS");
        }
        if ((f.flags() & 0x8) != 0) {
            set.add("PADDED");
        }
        if ((f.flags() & 0x20) != 0 && f.type() == Http2Frame.HEADERS) {
            set.add("PRIORITY");
        }
        return String.format("0x%02x", f.flags()) + (set.isEmpty() ? "" : " (" + String.join(", ", set) + ")");
    }

    private static String settingName(int id) {
        return switch (id) {
            case 1 -> "HEADER_TABLE_SIZE";
            case 2 -> "ENABLE_PUSH";
            case 3 -> "MAX_CONCURRENT_STREAMS";
            case 4 -> "INITIAL_WINDOW_SIZE";
            case 5 -> "MAX_FRAME_SIZE";
            case 6 -> "MAX_HEADER_LIST_SIZE";
            default -> "Setting " + id;
        };
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
