/*
 * etcd's peer traffic on 2380 between two running members, as etcd 3.4.23 on this machine sends it
 * (captured on the netns backend's docker-overlay-etcd lab): each member opens two stream
 * connections to its peer (GET /raft/stream/message/<own ID> and /raft/stream/msgapp/<own ID>,
 * answered 200 with chunked bodies that stay open); the leader's MsgHeartbeat goes every 100 ms on
 * the follower's message stream and the follower's MsgHeartbeatResp comes back on the leader's;
 * each stream writer sends a link heartbeat every 5/3 s (an empty raft message on a message stream,
 * one zero byte on a msgapp stream); every 4 s each member probes its peer (GET /raft/probing, on a
 * kept connection and on a fresh one) and the leader asks for the peer's /version. Raft messages are
 * protobuf (raftpb.Message) behind an 8-byte length, each in its own HTTP chunk.
 * Rates are etcd's own, so an idle two-member cluster puts about 40 frames a second on the wire;
 * the bound is the same as etcd's: nothing here is sent more often than etcd sends it, and a
 * member's traffic stops when either member stops.
 */
package org.overlaylab.simulator.etcd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class EtcdPeerTraffic {
    static final long HEARTBEAT_INTERVAL = 100 * VirtualClock.MILLIS;
    static final long LINK_HEARTBEAT_INTERVAL = 5 * VirtualClock.SECONDS / 3;
    static final long PROBE_INTERVAL = 4 * VirtualClock.SECONDS;
    /** From a heartbeat's arrival to the follower's response. */
    static final long RESPONSE_DELAY = 600_000;
    static final long ANSWER_DELAY = 300_000;
    static final String VERSION = "3.4.23";
    static final int MSG_HEARTBEAT = 8;
    static final int MSG_HEARTBEAT_RESP = 9;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final SimWorld world;
    private final EtcdMember local;
    private final EtcdMember peer;
    private final SimHost localHost;
    private final SimHost peerHost;
    private final int localAddress;
    private final int peerAddress;
    private TcpConnection messageStream;
    private TcpConnection msgappStream;
    private TcpConnection probeConnection;
    private TcpConnection versionConnection;

    private EtcdPeerTraffic(SimWorld world, EtcdMember local, EtcdMember peer, int localAddress, int peerAddress) {
        this.world = world;
        this.local = local;
        this.peer = peer;
        this.localHost = world.host(local.host());
        this.peerHost = world.host(peer.host());
        this.localAddress = localAddress;
        this.peerAddress = peerAddress;
    }

    /** From a member's start until its streams and its peers' are open. */
    public static final long STREAMS_OPEN = 40 * VirtualClock.MILLIS;

    /** A member started: it and each running peer open their streams to each other and start their timers; true if any. */
    public static boolean memberStarted(SimWorld world, EtcdMember m) {
        boolean any = false;
        for (EtcdMember p : world.etcd().members()) {
            if (p == m || !p.running() || !m.running()) {
                continue;
            }
            Integer a = peerAddress(m);
            Integer b = peerAddress(p);
            if (a == null || b == null || world.host(m.host()) == null || world.host(p.host()) == null) {
                continue;
            }
            EtcdPeerTraffic mine = new EtcdPeerTraffic(world, m, p, a, b);
            EtcdPeerTraffic theirs = new EtcdPeerTraffic(world, p, m, b, a);
            mine.reverse = theirs;
            theirs.reverse = mine;
            mine.start(0);
            theirs.start(200_000);
            any = true;
        }
        return any;
    }

    private static Integer peerAddress(EtcdMember m) {
        if (m.peerUrls().isEmpty()) {
            return null;
        }
        String hostPort = m.peerUrls().get(0).replaceFirst("^https?://", "");
        String ip = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        return Ipv4.isValid(ip) ? Ipv4.parse(ip) : null;
    }

    private boolean bothRunning() {
        return local.running() && peer.running();
    }

    /** This member's side: its two streams to the peer, and its timers. */
    private void start(long delay) {
        world.clock().schedule(delay, () -> {
            messageStream = stream("message");
            world.clock().schedule(1_300_000, () -> msgappStream = stream("msgapp"));
            long heartbeatPhase = world.random().nextInt("etcd-heartbeat:" + local.name(), 100) * VirtualClock.MILLIS;
            every(HEARTBEAT_INTERVAL, heartbeatPhase + HEARTBEAT_INTERVAL, this::heartbeat);
            every(LINK_HEARTBEAT_INTERVAL, LINK_HEARTBEAT_INTERVAL, this::linkHeartbeats);
            long probePhase = world.random().nextInt("etcd-probe:" + local.name(), 4000) * VirtualClock.MILLIS;
            every(PROBE_INTERVAL, probePhase + PROBE_INTERVAL, this::probe);
        });
    }

    private void every(long interval, long first, Runnable r) {
        world.clock().schedule(first, new Runnable() {
            @Override
            public void run() {
                if (!bothRunning()) {
                    return;
                }
                r.run();
                world.clock().schedule(interval, this);
            }
        });
    }

    /**
     * A stream this member opens to the peer: the peer answers 200 with a chunked body it keeps
     * writing to, so what flows on it goes from the peer to this member.
     */
    private TcpConnection stream(String kind) {
        String purpose = "etcd-stream-" + kind + ":" + local.name() + ">" + peer.name() + ":" + world.clock().now();
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        byte[] request = ascii("GET /raft/stream/" + kind + "/" + local.idHex() + " HTTP/1.1\r\n"
                + "Host: " + Ipv4.format(peerAddress) + ":2380\r\n"
                + "User-Agent: Go-http-client/1.1\r\n"
                + "X-Etcd-Cluster-Id: " + world.etcd().clusterIdHex() + "\r\n"
                + "X-Min-Cluster-Version: 3.0.0\r\n"
                + "X-Peerurls: " + String.join(",", local.peerUrls()) + "\r\n"
                + "X-Raft-To: " + peer.idHex() + "\r\n"
                + "X-Server-From: " + local.idHex() + "\r\n"
                + "X-Server-Version: " + VERSION + "\r\n"
                + "Accept-Encoding: gzip\r\n\r\n");
        TcpConnection c = new TcpConnection(world, new TcpConnection.Application() {
            @Override
            public void connected(TcpConnection t) {
                world.clock().schedule(150_000, () -> t.send(true, request, List.of()));
            }

            @Override
            public void received(TcpConnection t, boolean atClient, byte[] data) {
                if (!atClient && new String(data, StandardCharsets.US_ASCII).startsWith("GET ")) {
                    world.clock().schedule(ANSWER_DELAY, () -> t.send(false, ascii("HTTP/1.1 200 OK\r\n"
                            + "X-Etcd-Cluster-Id: " + world.etcd().clusterIdHex() + "\r\n"
                            + "X-Server-Version: " + VERSION + "\r\n"
                            + "Date: " + date() + "\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"), List.of()));
                } else if (atClient && kind.equals("message") && isHeartbeat(data)) {
                    // a follower answers the leader's heartbeat on the stream the leader opened to it
                    EtcdPeerTraffic back = reverse;
                    if (back != null && back.messageStream != null) {
                        world.clock().schedule(RESPONSE_DELAY, () -> back.messageStream.send(false,
                                chunk(framed(raftMessage(MSG_HEARTBEAT_RESP, back.local.id(), back.peer.id(), 0))),
                                List.of()));
                    }
                }
            }
        }, localHost.root(), localAddress, port, peerHost.root(), peerAddress, 2380, 0, purpose);
        c.connect();
        return c;
    }

    /** The same pair seen from the peer's side: its streams carry this side's answers. */
    private EtcdPeerTraffic reverse;

    /** The leader's heartbeat: on the follower's message stream, written by the leader (the stream's server). */
    private void heartbeat() {
        EtcdMember leader = world.etcd().leader();
        if (leader != peer || messageStream == null) {
            return;
        }
        // this member follows: the stream it opened carries the leader's heartbeats to it
        long commit = world.etcd().v2().index() + world.etcd().v2().raftOnlyEntries();
        messageStream.send(false, chunk(framed(raftMessage(MSG_HEARTBEAT, local.id(), peer.id(), commit))), List.of());
    }

    /** Each stream writer's keepalive: an empty raft message on a message stream, a zero byte on a msgapp stream. */
    private void linkHeartbeats() {
        if (messageStream != null) {
            messageStream.send(false, chunk(framed(emptyRaftMessage())), List.of());
        }
        if (msgappStream != null) {
            msgappStream.send(false, chunk(new byte[] {0}), List.of());
        }
    }

    /** The prober: GET /raft/probing on a kept connection and on a fresh one; the leader also reads /version. */
    private void probe() {
        probeConnection = request(probeConnection, "/raft/probing", true);
        request(null, "/raft/probing", false);
        if (world.etcd().leader() == local) {
            versionConnection = request(versionConnection, "/version", true);
        }
    }

    private TcpConnection request(TcpConnection kept, String path, boolean keepAlive) {
        byte[] req = ascii("GET " + path + " HTTP/1.1\r\nHost: " + Ipv4.format(peerAddress) + ":2380\r\n"
                + "User-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
        if (kept != null && !kept.closed()) {
            kept.send(true, req, List.of());
            return kept;
        }
        String purpose = "etcd-peer-get" + path + ":" + local.name() + ">" + peer.name() + ":" + world.clock().now();
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        TcpConnection c = new TcpConnection(world, new TcpConnection.Application() {
            @Override
            public void connected(TcpConnection t) {
                world.clock().schedule(100_000, () -> t.send(true, req, List.of()));
            }

            @Override
            public void received(TcpConnection t, boolean atClient, byte[] data) {
                if (!atClient) {
                    world.clock().schedule(ANSWER_DELAY, () -> t.send(false, answer(path), List.of()));
                } else if (!keepAlive) {
                    // a prober without keep-alive closes its connection once it has the answer
                    world.clock().schedule(200_000, () -> t.finish(true));
                }
            }

            @Override
            public void closedBy(TcpConnection t, boolean client) {
                if (client) {
                    world.clock().schedule(100_000, () -> t.finish(false));
                }
            }
        }, localHost.root(), localAddress, port, peerHost.root(), peerAddress, 2380, 0, purpose);
        c.connect();
        return c;
    }

    private byte[] answer(String path) {
        if (path.equals("/version")) {
            String body = "{\"etcdserver\":\"" + VERSION + "\",\"etcdcluster\":\"3.4.0\"}";
            return ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: " + date() + "\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
        }
        String body = "{\"OK\":true,\"Now\":\"" + V2HttpAnswers.goRfc3339Nano(world.clock().now()) + "\"}\n";
        return ascii("HTTP/1.1 200 OK\r\nDate: " + date() + "\r\nContent-Length: " + body.length()
                + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body);
    }

    private String date() {
        return HTTP_DATE.format(Times.instant(world.clock().now()));
    }

    private static boolean isHeartbeat(byte[] chunk) {
        // "<hex>\r\n", 8 bytes of length, then the message: field 1 (type) first
        int at = 0;
        while (at < chunk.length && chunk[at] != '\n') {
            at++;
        }
        at += 1 + 8;
        return at + 1 < chunk.length && chunk[at] == 0x08 && chunk[at + 1] == MSG_HEARTBEAT;
    }

    /** raftpb.Message as gogo/protobuf marshals it: every non-nullable field, the empty snapshot included. */
    static byte[] raftMessage(int type, long to, long from, long commit) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        field(m, 1, type);
        field(m, 2, to);
        field(m, 3, from);
        field(m, 4, V2HttpAnswers.RAFT_TERM);
        field(m, 5, 0);
        field(m, 6, 0);
        field(m, 8, commit);
        emptySnapshotAndFlags(m);
        return m.toByteArray();
    }

    static byte[] emptyRaftMessage() {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int f : new int[] {1, 2, 3, 4, 5, 6, 8}) {
            field(m, f, 0);
        }
        emptySnapshotAndFlags(m);
        return m.toByteArray();
    }

    private static void emptySnapshotAndFlags(ByteArrayOutputStream m) {
        // field 9, the snapshot: metadata (field 2) with an empty conf state, index 0, term 0
        m.writeBytes(new byte[] {0x4a, 0x0a, 0x12, 0x08, 0x0a, 0x02, 0x28, 0x00, 0x10, 0x00, 0x18, 0x00});
        field(m, 10, 0);
        field(m, 11, 0);
    }

    private static void field(ByteArrayOutputStream m, int number, long value) {
        varint(m, (long) number << 3);
        varint(m, value);
    }

    private static void varint(ByteArrayOutputStream m, long v) {
        while ((v & ~0x7fL) != 0) {
            m.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        m.write((int) v);
    }

    /** A raft message on a message stream: its length as 8 bytes, big-endian, then the message. */
    static byte[] framed(byte[] message) {
        byte[] out = new byte[8 + message.length];
        long n = message.length;
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) n;
            n >>>= 8;
        }
        System.arraycopy(message, 0, out, 8, message.length);
        return out;
    }

    /** One HTTP/1.1 chunk. */
    static byte[] chunk(byte[] data) {
        byte[] head = ascii(Integer.toHexString(data.length) + "\r\n");
        byte[] out = new byte[head.length + data.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
