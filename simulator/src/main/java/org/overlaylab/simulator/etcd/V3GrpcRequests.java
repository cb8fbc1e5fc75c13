/*
 * What etcdctl 3.4 (grpc-go 1.33.3) writes on its connection to an etcd v3 endpoint, as a capture
 * on this machine shows it: the client preface and an empty SETTINGS, the SETTINGS ACK together
 * with the request on stream 1 (HEADERS with POST, http, the method's path, the endpoint as
 * :authority, application/grpc, grpc-go's user agent, te: trailers, the time left of the command's
 * 5 s timeout, client-api-version 3.4; then one DATA frame ending the stream with the protobuf
 * request), and the flow-control answers to what the server sends: a PING ACK, and after the
 * answer's DATA a WINDOW_UPDATE for it with grpc-go's BDP-estimator PING.
 */
package org.overlaylab.simulator.etcd;

import java.util.List;
import org.overlaylab.packets.http2.HpackEncoder;
import org.overlaylab.packets.http2.HpackTable.Field;
import org.overlaylab.packets.http2.Http2Frame;

public final class V3GrpcRequests {
    /** etcdctl's default --command-timeout. */
    public static final long COMMAND_TIMEOUT_NANOS = 5_000_000_000L;
    /** The payload of grpc-go's bandwidth-delay-product PING. */
    static final byte[] BDP_PING = {2, 4, 16, 16, 9, 14, 7, 7};

    public static final String PUT = "/etcdserverpb.KV/Put";
    public static final String RANGE = "/etcdserverpb.KV/Range";
    public static final String DELETE_RANGE = "/etcdserverpb.KV/DeleteRange";
    public static final String MEMBER_LIST = "/etcdserverpb.Cluster/MemberList";

    private final HpackEncoder hpack = new HpackEncoder();

    /** The preface, then (a write of its own) the client's SETTINGS: grpc-go sends no parameters. */
    static byte[] preface() {
        return Http2Frame.PREFACE.clone();
    }

    static byte[] settings() {
        return new Http2Frame(Http2Frame.SETTINGS, 0, 0, new byte[0]).bytes();
    }

    /**
     * The SETTINGS ACK for the server's SETTINGS and the unary call on stream 1, written at once.
     * `timeLeftNanos` is what remains of the command's deadline as the headers are written.
     */
    byte[] settingsAckAndCall(String authority, String method, long timeLeftNanos, byte[] request) {
        byte[] block = hpack.encode(List.of(new Field(":method", "POST"), new Field(":scheme", "http"),
                new Field(":path", method), new Field(":authority", authority),
                new Field("content-type", "application/grpc"), new Field("user-agent", "grpc-go/1.33.3"),
                new Field("te", "trailers"), new Field("grpc-timeout", grpcTimeout(timeLeftNanos)),
                new Field("client-api-version", "3.4")));
        return Http2Frame.concat(new Http2Frame(Http2Frame.SETTINGS, Http2Frame.ACK, 0, new byte[0]),
                new Http2Frame(Http2Frame.HEADERS, Http2Frame.END_HEADERS, 1, block),
                new Http2Frame(Http2Frame.DATA, Http2Frame.END_STREAM, 1, Protobuf.grpcMessage(request)));
    }

    /** grpc-go's timeout header: the largest unit whose count stays within 8 digits, rounded up. */
    static String grpcTimeout(long nanos) {
        if (nanos <= 0) {
            return "0n";
        }
        long[] per = {1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
        String[] unit = {"n", "u", "m", "S", "M", "H"};
        for (int i = 0; i < per.length; i++) {
            long count = (nanos + per[i] - 1) / per[i];
            if (count <= 99_999_999L) {
                return count + unit[i];
            }
        }
        return (nanos / per[per.length - 1]) + "H";
    }

    /** The acknowledgement of a PING from the server (same payload). */
    static byte[] pingAck(byte[] payload) {
        return new Http2Frame(Http2Frame.PING, Http2Frame.ACK, 0, payload).bytes();
    }

    /** After reading a DATA frame: the connection window given back, and a BDP PING. */
    static byte[] windowUpdateAndPing(int dataLength) {
        return Http2Frame.concat(new Http2Frame(Http2Frame.WINDOW_UPDATE, 0, 0, int32(dataLength)),
                new Http2Frame(Http2Frame.PING, 0, 0, BDP_PING.clone()));
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    // ---- request messages (etcdserverpb)

    /** PutRequest: key (1), value (2). */
    public static byte[] putRequest(String key, String value) {
        return new Protobuf().string(1, key).string(2, value).toByteArray();
    }

    /** RangeRequest: key (1), range_end (2) for a prefix, keys_only (8). */
    public static byte[] rangeRequest(String key, boolean prefix, boolean keysOnly) {
        return new Protobuf().bytes(1, keyBytes(key, prefix)).bytes(2, prefix ? prefixEnd(key) : new byte[0])
                .varint(8, keysOnly ? 1 : 0).toByteArray();
    }

    /** DeleteRangeRequest: key (1), range_end (2) for a prefix. */
    public static byte[] deleteRangeRequest(String key, boolean prefix) {
        return new Protobuf().bytes(1, keyBytes(key, prefix)).bytes(2, prefix ? prefixEnd(key) : new byte[0])
                .toByteArray();
    }

    /** The key as sent; clientv3 turns an empty prefix into "\0" (with "\0" as its end: every key). */
    private static byte[] keyBytes(String key, boolean prefix) {
        return prefix && key.isEmpty() ? new byte[] {0} : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** MemberListRequest: no fields. */
    public static byte[] memberListRequest() {
        return new byte[0];
    }

    /** etcdctl's end of a --prefix range: the key with its last byte below 0xff incremented ("\0" for ""). */
    static byte[] prefixEnd(String key) {
        byte[] b = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if ((b[i] & 0xff) < 0xff) {
                b[i]++;
                return java.util.Arrays.copyOf(b, i + 1);
            }
        }
        return new byte[] {0};
    }
}
