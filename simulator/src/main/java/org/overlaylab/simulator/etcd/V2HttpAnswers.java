/*
 * etcd 3.4's v2 keys API answers as they go on the wire: the status line, the CORS, cluster and
 * index headers in etcd's order, the JSON body with a trailing newline, and for a watch the
 * headers flushed at once (chunked) with the event as one chunk and the terminating chunk after it.
 * Read off a capture of etcd 3.4 on this machine answering curl with a Go client's requests.
 */
package org.overlaylab.simulator.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.overlaylab.simulator.text.Times;

public final class V2HttpAnswers {
    /** The term of the cluster's first leader (the members elect at term 2 after bootstrapping). */
    static final int RAFT_TERM = 2;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final V2Store store;
    private final String clusterIdHex;

    public V2HttpAnswers(V2Store store, String clusterIdHex) {
        this.store = store;
        this.clusterIdHex = clusterIdHex;
    }

    /** 200 for a GET of a key or (recursive) directory. */
    public byte[] get(V2Store.Node node, long now) {
        return whole("200 OK", true, "{\"action\":\"get\",\"node\":" + nodeJson(node, true) + "}", now);
    }

    /** 201 for a key created with prevExist=false. */
    public byte[] created(V2Store.Node node, long now) {
        return whole("201 Created", true, "{\"action\":\"create\",\"node\":" + nodeJson(node, false) + "}", now);
    }

    /** 404 with error 100 for a key that does not exist (no raft headers: the answer never went through raft). */
    public byte[] keyNotFound(String key, long now) {
        return whole("404 Not Found", false, "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"" + escape(key)
                + "\",\"index\":" + store.index() + "}", now);
    }

    /** A watch's headers, flushed as soon as the watch is registered; the event follows as a chunk. */
    public byte[] watchHeaders(long now) {
        return ascii(head("200 OK", true, now) + "Transfer-Encoding: chunked\r\n\r\n");
    }

    /** The chunk carrying a created key's event, then the last chunk: the watch is over. */
    public byte[] watchCreateEvent(V2Store.Node node) {
        String body = "{\"action\":\"create\",\"node\":" + nodeJson(node, false) + "}\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return (Integer.toHexString(length) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A write's answer as etcd's v2 API sends it: `action` (set, create, compareAndSwap,
     * compareAndDelete), the node after the write and, when the write replaced or removed one, the
     * node before it (both rendered when the write happened, since the store changes them in place).
     */
    public byte[] written(String status, String action, String nodeJson, String prevNodeJson, long now) {
        return whole(status, true, "{\"action\":\"" + action + "\",\"node\":" + nodeJson
                + (prevNodeJson == null ? "" : ",\"prevNode\":" + prevNodeJson) + "}", now);
    }

    /** The chunk carrying a watched change (any action), then the last chunk: the watch is over. */
    public byte[] watchEvent(String action, String nodeJson, String prevNodeJson) {
        String body = "{\"action\":\"" + action + "\",\"node\":" + nodeJson
                + (prevNodeJson == null ? "" : ",\"prevNode\":" + prevNodeJson) + "}\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return (Integer.toHexString(length) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A node as an answer shows it, without its children. */
    public String nodeJson(V2Store.Node n) {
        return nodeJson(n, false);
    }

    /** A removed key as compareAndDelete's "node": its key and indexes only. */
    public static String deletedNodeJson(String key, long modifiedIndex, long createdIndex) {
        return "{\"key\":\"" + escape(key) + "\",\"modifiedIndex\":" + modifiedIndex + ",\"createdIndex\":"
                + createdIndex + "}";
    }

    private byte[] whole(String status, boolean raft, String json, long now) {
        String body = json + "\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        return (head(status, raft, now) + "Content-Length: " + length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private String head(String status, boolean raft, long now) {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n")
                .append("Access-Control-Allow-Headers: accept, content-type, authorization\r\n")
                .append("Access-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n")
                .append("Access-Control-Allow-Origin: *\r\n")
                .append("Content-Type: application/json\r\n")
                .append("X-Etcd-Cluster-Id: ").append(clusterIdHex).append("\r\n")
                .append("X-Etcd-Index: ").append(store.index()).append("\r\n");
        if (raft) {
            h.append("X-Raft-Index: ").append(store.index() + store.raftOnlyEntries()).append("\r\n")
                    .append("X-Raft-Term: ").append(RAFT_TERM).append("\r\n");
        }
        return h.append("Date: ").append(HTTP_DATE.format(Times.instant(now))).append("\r\n").toString();
    }

    /** A node in etcd's field order: key, value or dir, expiration and ttl when it has one, children, indexes. */
    String nodeJson(V2Store.Node n, boolean withChildren) {
        StringBuilder j = new StringBuilder("{\"key\":\"").append(escape(n.key())).append('"');
        if (n.dir()) {
            j.append(",\"dir\":true");
        } else {
            j.append(",\"value\":\"").append(escape(n.value())).append('"');
        }
        if (n.expiresAt() != 0) {
            j.append(",\"expiration\":\"").append(goRfc3339Nano(n.expiresAt())).append("\",\"ttl\":")
                    .append(store.ttlOf(n));
        }
        List<V2Store.Node> children = n.children();
        if (withChildren && n.dir() && !children.isEmpty()) {
            j.append(",\"nodes\":[");
            for (int i = 0; i < children.size(); i++) {
                j.append(i == 0 ? "" : ",").append(nodeJson(children.get(i), true));
            }
            j.append(']');
        }
        return j.append(",\"modifiedIndex\":").append(n.modifiedIndex()).append(",\"createdIndex\":")
                .append(n.createdIndex()).append('}').toString();
    }

    /** Go's time.RFC3339Nano: nanoseconds with trailing zeros dropped. */
    static String goRfc3339Nano(long nanos) {
        Instant t = Times.instant(nanos);
        String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return GO_SECONDS.format(t) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }

    /** Go's encoding/json string escaping, HTML-safe as it is by default. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
