/*
 * What etcd 3.4's gRPC server writes on a client's connection, as a capture on this machine shows
 * it: its SETTINGS (MAX_FRAME_SIZE 16384, MAX_CONCURRENT_STREAMS 2^32-1) and then the ACK of the
 * client's; on a request's DATA a WINDOW_UPDATE for it with a BDP PING; the answer as HEADERS
 * (:status 200, application/grpc), one DATA frame with the protobuf response and the trailers
 * (grpc-status 0, an empty grpc-message) ending the stream. Responses carry etcd's
 * ResponseHeader: cluster id, the id of the member that answers, the store's revision, raft term.
 */
package org.overlaylab.simulator.etcd;

import java.util.List;
import org.overlaylab.packets.http2.HpackEncoder;
import org.overlaylab.packets.http2.HpackTable.Field;
import org.overlaylab.packets.http2.Http2Frame;

public final class V3GrpcAnswers {
    private final HpackEncoder hpack = new HpackEncoder();

    static byte[] settings() {
        byte[] p = {0, 5, 0, 0, 0x40, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        return new Http2Frame(Http2Frame.SETTINGS, 0, 0, p).bytes();
    }

    static byte[] settingsAck() {
        return new Http2Frame(Http2Frame.SETTINGS, Http2Frame.ACK, 0, new byte[0]).bytes();
    }

    /** The answer to the call on stream 1: response headers, the message, the trailers. */
    byte[] answer(byte[] response) {
        byte[] headers = hpack.encode(List.of(new Field(":status", "200"), new Field("content-type", "application/grpc")));
        byte[] trailers = hpack.encode(List.of(new Field("grpc-status", "0"), new Field("grpc-message", "")));
        return Http2Frame.concat(new Http2Frame(Http2Frame.HEADERS, Http2Frame.END_HEADERS, 1, headers),
                new Http2Frame(Http2Frame.DATA, 0, 1, Protobuf.grpcMessage(response)),
                new Http2Frame(Http2Frame.HEADERS, Http2Frame.END_HEADERS | Http2Frame.END_STREAM, 1, trailers));
    }

    // ---- response messages (etcdserverpb)

    /** ResponseHeader: cluster_id (1), member_id (2), revision (3), raft_term (4). */
    public static Protobuf header(long clusterId, long memberId, long revision) {
        return new Protobuf().varint(1, clusterId).varint(2, memberId).varint(3, revision)
                .varint(4, V2HttpAnswers.RAFT_TERM);
    }

    /** PutResponse: header (1). */
    public static byte[] putResponse(Protobuf header) {
        return new Protobuf().message(1, header).toByteArray();
    }

    /** RangeResponse: header (1), kvs (2) with mvccpb.KeyValue, count (4); keys only leaves values out. */
    public static byte[] rangeResponse(Protobuf header, List<V3Store.KeyValue> kvs, boolean keysOnly) {
        Protobuf r = new Protobuf().message(1, header);
        for (V3Store.KeyValue kv : kvs) {
            r.message(2, new Protobuf().string(1, kv.key()).varint(2, kv.createRevision()).varint(3, kv.modRevision())
                    .varint(4, kv.version()).string(5, keysOnly ? "" : kv.value()).varint(6, kv.lease()));
        }
        return r.varint(4, kvs.size()).toByteArray();
    }

    /** DeleteRangeResponse: header (1), deleted (2). */
    public static byte[] deleteRangeResponse(Protobuf header, long deleted) {
        return new Protobuf().message(1, header).varint(2, deleted).toByteArray();
    }

    /** MemberListResponse: header (1), members (2): ID (1), name (2), peerURLs (3), clientURLs (4). */
    public static byte[] memberListResponse(Protobuf header, List<EtcdCluster.MemberView> members) {
        Protobuf r = new Protobuf().message(1, header);
        for (EtcdCluster.MemberView m : members) {
            Protobuf member = new Protobuf().varint(1, m.id()).string(2, m.name());
            m.peerUrls().forEach(u -> member.repeatedString(3, u));
            m.clientUrls().forEach(u -> member.repeatedString(4, u));
            r.message(2, member);
        }
        return r.toByteArray();
    }
}
