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
 * Log replication, as captured between two etcd 3.4.23 members on a veth: each write to the v2 or
 * v3 store (etcdctl, Docker's libkv, flannel, Calico) is one raft entry at the sim's raft index
 * (X-Raft-Index, the heartbeats' commit; term 2). A write sent to a follower (etcdctl's endpoint,
 * Docker's pinned member) goes first as MsgProp on the leader's message stream; 0.2 ms later the
 * leader sends each follower MsgApp on its msgapp stream in msgappv2's encoding (type 1, entries
 * and commit only, when it follows on from the stream's last MsgApp; type 2, the whole message,
 * otherwise), the entry's data being the etcdserverpb.Request (v2) or InternalRaftRequest (v3);
 * the follower answers MsgAppResp 0.55 ms later, then the leader sends the new commit in an
 * entry-less MsgApp, answered too. Once a key has a TTL the leader proposes a SYNC request every
 * 500 ms, replicated the same way. Not simulated: the entries etcd writes at start (members,
 * cluster version) take raft indexes but are not sent, nor are indexes the sim's store takes for
 * a key's missing folders (the next MsgApp after such a gap is a type 2); TTL refreshes are not
 * proposed (the sim's store gives them no index); a v2 request's PrevValue and PrevIndex, and
 * libkv's PrevExist on atomic writes, are sent empty; writes in the same instant are not batched
 * into one MsgApp; flannel's and Calico's writes are taken as sent to the leader; the exchange
 * starts when the store changes, not when the client's request reaches the member, and client
 * answers are not held back for the commit.
 * Rates are etcd's own, so an idle two-member cluster puts about 40 frames a second on the wire (more with SYNC);
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
    static final int MSG_PROP = 2;
    static final int MSG_APP = 3;
    static final int MSG_APP_RESP = 4;
    static final int MSG_HEARTBEAT = 8;
    /** Measured on a veth between two etcd 3.4.23 members: MsgProp to the leader's MsgApp. */
    static final long PROPOSE_DELAY = 200_000;
    /** MsgApp to the follower's MsgAppResp (the follower appends to its WAL first). */
    static final long APPEND_DELAY = 550_000;
    /** MsgAppResp to the leader's commit-carrying MsgApp. */
    static final long COMMIT_DELAY = 450_000;
    /** A commit-only MsgApp to the follower's MsgAppResp. */
    static final long COMMIT_ANSWER_DELAY = 130_000;
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
    /** msgappv2's encoder state on this side's msgapp stream: term and index of the last MsgApp it carried. */
    private long encodedTerm;
    private long encodedIndex;

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
            world.etcd().peerLinks.add(mine);
            world.etcd().peerLinks.add(theirs);
            attachRaft(world);
            mine.start(0);
            theirs.start(200_000);
            any = true;
        }
        return any;
    }

    /** Once per cluster: each store write becomes a raft entry replicated to the followers. */
    private static void attachRaft(SimWorld world) {
        EtcdCluster cluster = world.etcd();
        if (cluster.raftAttached) {
            return;
        }
        cluster.raftAttached = true;
        cluster.v2().onWrite(w -> replicate(world, v2Request(w, requestId(cluster), 0)));
        cluster.v2().onFirstTtl(() -> world.clock().schedule(V2Store.SYNC_INTERVAL, new Runnable() {
            @Override
            public void run() {
                // etcd 3.4's leader proposes SYNC every 500 ms (the sim counts them in the raft index from the first TTL on)
                EtcdMember leader = cluster.leader();
                if (leader != null) {
                    cluster.writeVia(leader);
                    try {
                        replicate(world, v2Request(new V2Store.Write("SYNC", null, "", false, 0, false, null, null),
                                requestId(cluster), cluster.v2().unixNanosAt(world.clock().now())));
                    } finally {
                        cluster.writeVia(null);
                    }
                }
                if (cluster.members().stream().anyMatch(EtcdMember::running)) {
                    world.clock().schedule(V2Store.SYNC_INTERVAL, this);
                }
            }
        }));
        cluster.v3().onWrite(w -> {
            cluster.v2().countV3Entry();
            replicate(world, v3Request(w, requestId(cluster)));
        });
    }

    /** etcd's idutil generator of the member that receives the write: its ID's low 16 bits, start time in ms, a count. */
    private static long requestId(EtcdCluster cluster) {
        EtcdMember m = cluster.writeTarget();
        if (m == null) {
            return 0;
        }
        long next = cluster.requestIdSuffixes.getOrDefault(m.name(),
                ((m.startedAt() / VirtualClock.MILLIS) & 0xff_ffff_ffffL) << 8) + 1;
        cluster.requestIdSuffixes.put(m.name(), next);
        return (m.id() & 0xffff) << 48 | (next & 0xffff_ffff_ffffL);
    }

    /** etcdserverpb.Request, a v2 write's raft entry: every non-nullable field in order, PrevExist and Refresh when set. */
    static byte[] v2Request(V2Store.Write w, long id, long time) {
        Protobuf p = new Protobuf().requiredVarint(1, id).requiredString(2, w.method())
                .requiredString(3, w.key() == null ? "" : "/1" + w.key())
                .requiredString(4, w.value()).requiredVarint(5, w.dir() ? 1 : 0).requiredString(6, "")
                .requiredVarint(7, 0);
        if (w.prevExist() != null) {
            p.requiredVarint(8, w.prevExist() ? 1 : 0);
        }
        p.requiredVarint(9, w.expiration()).requiredVarint(10, 0).requiredVarint(11, 0)
                .requiredVarint(12, w.recursive() ? 1 : 0).requiredVarint(13, 0).requiredVarint(14, 0)
                .requiredVarint(15, time).requiredVarint(16, 0);
        if (w.refresh() != null) {
            p.requiredVarint(17, w.refresh() ? 1 : 0);
        }
        return p.toByteArray();
    }

    /** etcdserverpb.InternalRaftRequest, a v3 write's raft entry: the request (put 4, delete_range 5), then header (100) with its ID. */
    static byte[] v3Request(V3Store.Write w, long id) {
        return new Protobuf().bytes(w.field(), w.request()).message(100, new Protobuf().varint(1, id)).toByteArray();
    }

    /**
     * A write the cluster committed at raft index (the sim's X-Raft-Index after it): the member
     * that got it forwards it to the leader (MsgProp) if it follows; the leader sends each follower
     * the entry (MsgApp, previous commit), the follower acknowledges (MsgAppResp), then the leader
     * sends the new commit index (an entry-less MsgApp), which the follower acknowledges too.
     */
    private static void replicate(SimWorld world, byte[] data) {
        EtcdCluster cluster = world.etcd();
        EtcdMember leader = cluster.leader();
        EtcdMember origin = cluster.writeTarget();
        if (leader == null || origin == null) {
            return;
        }
        long index = cluster.v2().index() + cluster.v2().raftOnlyEntries();
        long term = V2HttpAnswers.RAFT_TERM;
        long delay = 0;
        if (origin != leader) {
            EtcdPeerTraffic toLeader = link(cluster, leader, origin);
            if (toLeader == null || toLeader.messageStream == null || !toLeader.bothRunning()) {
                return;
            }
            // the follower writes on the stream the leader opened to it
            toLeader.messageStream.send(false, chunk(framed(raftMessage(MSG_PROP, leader.id(), origin.id(), 0, 0, 0,
                    new Entry(0, 0, data), 0))), List.of());
            delay = PROPOSE_DELAY;
        }
        for (EtcdPeerTraffic follower : cluster.peerLinks) {
            if (follower.peer != leader || !follower.bothRunning() || follower.msgappStream == null
                    || follower.reverse == null || follower.reverse.messageStream == null) {
                continue;
            }
            world.clock().schedule(delay, () -> follower.append(term, index, data));
        }
    }

    private static EtcdPeerTraffic link(EtcdCluster cluster, EtcdMember local, EtcdMember peer) {
        for (EtcdPeerTraffic t : cluster.peerLinks) {
            if (t.local == local && t.peer == peer) {
                return t;
            }
        }
        return null;
    }

    /** This member follows: the leader sends it the entry on its msgapp stream, and the commit after its answer. */
    private void append(long term, long index, byte[] data) {
        if (!bothRunning()) {
            return;
        }
        msgappStream.send(false, chunk(msgAppV2(term, index - 1, new Entry(term, index, data), index - 1)), List.of());
        TcpConnection answers = reverse.messageStream;
        world.clock().schedule(APPEND_DELAY, () -> {
            if (!bothRunning()) {
                return;
            }
            answers.send(false, chunk(framed(appResp(term, index))), List.of());
            world.clock().schedule(COMMIT_DELAY, () -> {
                if (!bothRunning()) {
                    return;
                }
                // the commit goes in a MsgApp that follows on from the last entry sent, which may be a later write's
                msgappStream.send(false, chunk(msgAppV2(term, Math.max(index, encodedIndex), null, index)), List.of());
                world.clock().schedule(COMMIT_ANSWER_DELAY, () -> {
                    if (bothRunning()) {
                        answers.send(false, chunk(framed(appResp(term, index))), List.of());
                    }
                });
            });
        });
    }

    private byte[] appResp(long term, long index) {
        return raftMessage(MSG_APP_RESP, peer.id(), local.id(), term, 0, index, null, 0);
    }

    /**
     * A MsgApp from the leader (peer) to this member as rafthttp's msgappv2 encoder writes it: type
     * 1 (the entries, each behind its 8-byte size, then the commit) when term and previous index
     * follow on from the last MsgApp on this stream, type 2 (the whole raftpb.Message behind its
     * size) otherwise.
     */
    byte[] msgAppV2(long term, long prevIndex, Entry entry, long commit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (term == encodedTerm && prevIndex == encodedIndex) {
            out.write(1);
            out.writeBytes(uint64(entry == null ? 0 : 1));
            if (entry != null) {
                byte[] e = entry.bytes();
                out.writeBytes(uint64(e.length));
                out.writeBytes(e);
            }
            out.writeBytes(uint64(commit));
        } else {
            byte[] m = raftMessage(MSG_APP, local.id(), peer.id(), term, term, prevIndex, entry, commit);
            out.write(2);
            out.writeBytes(uint64(m.length));
            out.writeBytes(m);
            encodedTerm = term;
        }
        encodedIndex = entry == null ? prevIndex : entry.index();
        return out.toByteArray();
    }

    private static byte[] uint64(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** raftpb.Entry: type (0, normal), term, index, data. */
    record Entry(long term, long index, byte[] data) {
        byte[] bytes() {
            return fields().toByteArray();
        }

        Protobuf fields() {
            return new Protobuf().requiredVarint(1, 0).requiredVarint(2, term).requiredVarint(3, index).requiredBytes(4, data);
        }
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
            world.clock().schedule(1_300_000, () -> {
                msgappStream = stream("msgapp");
                // the cluster's first entries (the leader's empty entry, members' attributes) went
                // on this stream as etcd starts: the next MsgApp follows on from the last index
                encodedTerm = V2HttpAnswers.RAFT_TERM;
                encodedIndex = world.etcd().v2().index() + world.etcd().v2().raftOnlyEntries();
            });
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
        return raftMessage(type, to, from, V2HttpAnswers.RAFT_TERM, 0, 0, null, commit);
    }

    static byte[] raftMessage(int type, long to, long from, long term, long logTerm, long index, Entry entry,
                              long commit) {
        Protobuf m = new Protobuf().requiredVarint(1, type).requiredVarint(2, to).requiredVarint(3, from)
                .requiredVarint(4, term).requiredVarint(5, logTerm).requiredVarint(6, index);
        if (entry != null) {
            m.message(7, entry.fields());
        }
        m.requiredVarint(8, commit);
        return emptySnapshotAndFlags(m).toByteArray();
    }

    static byte[] emptyRaftMessage() {
        Protobuf m = new Protobuf();
        for (int f : new int[] {1, 2, 3, 4, 5, 6, 8}) {
            m.requiredVarint(f, 0);
        }
        return emptySnapshotAndFlags(m).toByteArray();
    }

    private static Protobuf emptySnapshotAndFlags(Protobuf m) {
        // field 9, the snapshot: metadata (field 2) with an empty conf state (auto_leave false), index 0, term 0
        Protobuf confState = new Protobuf().requiredVarint(5, 0);
        Protobuf metadata = new Protobuf().message(1, confState).requiredVarint(2, 0).requiredVarint(3, 0);
        return m.message(9, new Protobuf().message(2, metadata)).requiredVarint(10, 0).requiredVarint(11, 0);
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
