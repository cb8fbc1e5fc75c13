/*
 * What a `docker swarm join` puts on the wire to the manager's port 2377: swarmkit's gRPC runs over
 * TLS 1.3, so the underlay carries TLS records only. The joining node makes three connections in
 * turn, as docker.io 20.10.24 did on this machine: the first fetches the root CA (the token's digest
 * vouches for it), the second has the node's certificate signed, the third, now with that
 * certificate (mutual TLS), is the node's lasting session with the dispatcher. Each connection
 * replays the record sizes of that real capture, record by record and in the same turns: the
 * ClientHello and ServerHello laid out as TLS defines them (x25519 key share, ALPN h2, the
 * ClientHello's remaining length as a padding extension), the compatibility ChangeCipherSpec, and
 * every encrypted record as opaque application data of the captured length, filled with seeded
 * random bytes. A dissector reads them as TLS 1.3; what they encrypt is not modelled.
 *
 * After the join, the same capture shows the dispatcher session busy once more: when a container on
 * the attachable overlay starts on the worker, the worker asks the manager for a network attachment
 * and the manager sends the network and the attachment task down, then the task's status goes back
 * up (NETWORK_ATTACHMENT: every record at its captured time and size, over about 1 s). Creating the
 * network on the manager sends nothing to the worker (the lab's only manager is the whole raft
 * group, and a worker hears of a network only when it needs it), nor does starting a container on
 * the manager. Heartbeats and the leave's closing records are not sent.
 */
package org.overlaylab.simulator.docker;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

final class SwarmRaftTls implements TcpConnection.Application {
    static final int HANDSHAKE = 0x16;
    static final int CHANGE_CIPHER_SPEC = 0x14;
    static final int APPLICATION_DATA = 0x17;
    /** The largest TCP payload on a 1500-byte Ethernet path with timestamps. */
    static final int MSS = 1448;
    /** Go's turnaround between a record arriving and its answer, and a signature's cost. */
    static final long TURNAROUND = 60_000;
    static final long SIGNING = 1_200_000;

    /**
     * The three connections of a join, each a list of turns: C or S (who sends), then the records
     * of that segment by their length, `h` a hello, `c` ChangeCipherSpec, a bare number application data.
     */
    static final List<String> JOIN = List.of(
            // the root CA, fetched without a client certificate
            "C:243h S:122h/1c/32/91/600/96/53 C:1c/25/53 C:41 C:26 S:32 C:26 C:146 S:26 S:47 C:34 S:640 C:47 C:19",
            // the node's certificate signing request, answered with its certificate
            "C:260h S:122h/1c/32/91/600/95/53 C:1c/25/53 C:41 C:26 S:32 C:570 S:56 C:34 S:116 C:149 S:64 C:34 S:1237 "
                    + "C:47 C:19 S:19",
            // the dispatcher session with the node's own certificate: registration, assignments, heartbeats
            "C:265h S:122h/1c/32/91/600/97/53 C:1c/586/97/53 C:41 C:26 S:32 C:26 C:1151 S:56 C:34 S:3451 C:47 C:84 "
                    + "C:210 S:64 C:34 S:85 C:47 S:34 S:45 C:47 S:34 C:41 C:58 S:93 C:34 C:47 S:34 C:81 C:106 S:47 C:34 "
                    + "S:80 C:47 S:34 S:3651 C:47 S:34 S:536 C:30 C:34 S:34");

    /**
     * The dispatcher session's records when the worker attaches a container to a swarm network, as
     * the real capture's (docker20-swarm-node1-enp0s8.pcap): C or S, the microseconds since the worker's request,
     * then the record's length.
     */
    static final String NETWORK_ATTACHMENT = "C0:170 S358:47 C1267:34 S2074:80 C2261:47 S2354:34 S4335:3643 C4891:47 "
            + "S5319:34 S157384:534 C157711:47 S158103:34 C160582:166 S161085:83 C161388:64 C161547:132 S161792:64 "
            + "S161949:53 C162047:64 S162098:34 C162496:133 S162677:47 S162783:53 C163053:64 S163124:34 C336051:83 "
            + "S336527:93 C337182:64 S337337:34 C1023631:131 S1024300:47 C1024533:34 S1024974:53 C1025461:161 "
            + "S1025733:64 S1025891:53 C1026164:64 S1026227:34 C1028047:130 S1028243:47 S1029511:53 C1032413:64 "
            + "S1032503:34";

    private record Turn(boolean client, List<String> records) {}

    private final SimWorld world;
    private final SimHost joiner;
    private final SwarmCluster.Node manager;
    private final SplittableRandom random;
    private final TcpConnection tcp;
    private final List<Turn> turns;
    private final int connection;
    private final boolean lasting;
    private int next;
    private int awaitedBytes;

    private SwarmRaftTls(SimWorld world, SimHost joiner, SwarmCluster.Node manager, int connection) {
        this.world = world;
        this.joiner = joiner;
        this.manager = manager;
        this.connection = connection;
        this.lasting = connection == JOIN.size() - 1;
        String purpose = "swarm-join:" + joiner.name() + ":" + connection;
        this.random = world.random().stream("tls:" + purpose);
        this.turns = parse(JOIN.get(connection));
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        SimHost managerHost = manager.engine().host();
        this.tcp = new TcpConnection(world, this, joiner.root(), Ipv4.parse(joiner.underlayIp()), port,
                managerHost.root(), Ipv4.parse(manager.address()), SwarmCluster.MANAGER_PORT, 0, purpose);
        if (lasting && joiner.docker() != null) {
            joiner.docker().dispatcherSession = this;
        }
    }

    /** The worker attaches a container to a swarm network: its dispatcher session carries NETWORK_ATTACHMENT. */
    static void networkAttachment(SimWorld world, SimHost worker) {
        SwarmRaftTls session = worker.docker() == null ? null : worker.docker().dispatcherSession;
        if (session == null) {
            return;
        }
        for (String r : NETWORK_ATTACHMENT.split(" ")) {
            boolean client = r.charAt(0) == 'C';
            long at = Long.parseLong(r.substring(1, r.indexOf(':'))) * 1000;
            Turn t = new Turn(client, List.of(r.substring(r.indexOf(':') + 1)));
            world.clock().schedule(at, () -> {
                if (!session.tcp.closed()) {
                    session.sendSegment(t);
                }
            });
        }
    }

    /** The joining node's connections to the manager, from the first handshake to the dispatcher session. */
    static void join(SimWorld world, SimHost joiner, SwarmCluster.Node manager) {
        new SwarmRaftTls(world, joiner, manager, 0).tcp.connect();
    }

    private static List<Turn> parse(String script) {
        List<Turn> out = new ArrayList<>();
        for (String t : script.trim().split(" +")) {
            out.add(new Turn(t.charAt(0) == 'C', List.of(t.substring(2).split("/"))));
        }
        return out;
    }

    @Override
    public void connected(TcpConnection c) {
        world.clock().schedule(TURNAROUND, this::sendNext);
    }

    /** Sends the next turn; the one after follows at once from the same side, or waits for this one to arrive. */
    private void sendNext() {
        if (next >= turns.size()) {
            if (!lasting) {
                tcp.finish(true);
                new SwarmRaftTls(world, joiner, manager, connection + 1).tcp.connect();
            }
            return;
        }
        boolean sameSideAsBefore = next > 0 && turns.get(next - 1).client() == turns.get(next).client();
        Turn t = turns.get(next++);
        // what the other side must have received before it answers: every turn of this side since it last spoke
        int length = sendSegment(t);
        awaitedBytes = sameSideAsBefore ? awaitedBytes + length : length;
        boolean sameSideNext = next < turns.size() && turns.get(next).client() == t.client();
        if (sameSideNext || next >= turns.size()) {
            world.clock().schedule(TURNAROUND, this::sendNext);
        }
    }

    /** The turn's records, in segments of at most the MSS; how many bytes that was. */
    private int sendSegment(Turn t) {
        byte[] bytes = segmentOf(t);
        for (int at = 0; at < bytes.length; at += MSS) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + MSS));
            tcp.send(t.client(), part, List.of());
        }
        return bytes.length;
    }

    @Override
    public void received(TcpConnection c, boolean atClient, byte[] data) {
        if (next == 0 || turns.get(next - 1).client() == atClient) {
            return;
        }
        awaitedBytes -= data.length;
        if (awaitedBytes <= 0 && next < turns.size() && turns.get(next).client() == atClient) {
            // a ServerHello flight costs the server its signature; everything else a turnaround
            boolean afterHello = next == 1;
            world.clock().schedule(afterHello ? SIGNING : TURNAROUND, this::sendNext);
        }
    }

    @Override
    public void closedBy(TcpConnection c, boolean client) {
        if (client) {
            tcp.finish(false);
        }
    }

    private byte[] segmentOf(Turn t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String r : t.records()) {
            if (r.endsWith("h")) {
                int length = Integer.parseInt(r.substring(0, r.length() - 1));
                out.writeBytes(t.client() ? clientHello(length) : serverHello());
            } else if (r.endsWith("c")) {
                out.writeBytes(record(CHANGE_CIPHER_SPEC, new byte[] {1}));
            } else {
                byte[] sealed = new byte[Integer.parseInt(r)];
                fill(sealed, 0, sealed.length);
                out.writeBytes(record(APPLICATION_DATA, sealed));
            }
        }
        return out.toByteArray();
    }

    /**
     * Go's ClientHello to an address (no server name): TLS 1.3 and 1.2 suites, x25519 key share,
     * ALPN h2; a padding extension brings the record's body to the captured `length`.
     */
    private byte[] clientHello(int length) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x0005, new byte[] {1, 0, 0, 0, 0});                          // status_request
        extension(ext, 0x000a, new byte[] {0, 8, 0, 0x1d, 0, 0x17, 0, 0x18, 0, 0x19}); // supported_groups
        extension(ext, 0x000b, new byte[] {1, 0});                                    // ec_point_formats
        extension(ext, 0x000d, new byte[] {0, 0x18, 8, 4, 4, 3, 8, 7, 8, 5, 8, 6, 4, 1, 5, 1, 6, 1, 5, 3, 6, 3,
                2, 1, 2, 3});                                                         // signature_algorithms, Go's twelve
        extension(ext, 0xff01, new byte[] {0});                                       // renegotiation_info
        extension(ext, 0x0010, new byte[] {0, 3, 2, 'h', '2'});                       // ALPN
        extension(ext, 0x0012, new byte[0]);                                          // signed_certificate_timestamp
        extension(ext, 0x002b, new byte[] {4, 3, 4, 3, 3});                           // supported_versions 1.3, 1.2
        byte[] share = new byte[2 + 2 + 2 + 32];
        share[1] = 36;
        share[3] = 0x1d;
        share[5] = 32;
        fill(share, 6, 32);
        extension(ext, 0x0033, share);                                                // key_share x25519
        // record header 5, handshake header 4, version 2, random 32, session 33, suites 2+38, compression 2, extensions 2
        int withoutPadding = 5 + 4 + 2 + 32 + 33 + 2 + 38 + 2 + 2 + ext.size();
        if (length + 5 - withoutPadding >= 4) {
            extension(ext, 0x0015, new byte[length + 5 - withoutPadding - 4]);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        byte[] rand = new byte[32];
        fill(rand, 0, 32);
        body.writeBytes(rand);
        body.write(32);
        byte[] session = new byte[32];
        fill(session, 0, 32);
        body.writeBytes(session);
        int[] suites = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c,
                0x009d, 0x002f, 0x0035, 0xc012, 0x000a, 0x1301, 0x1302, 0x1303};
        u16(body, suites.length * 2);
        for (int s : suites) {
            u16(body, s);
        }
        body.write(1);
        body.write(0);
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        return record(HANDSHAKE, handshake(1, body.toByteArray()), 0x0301);
    }

    /** TLS 1.3's ServerHello: legacy version 1.2, the session ID echoed, TLS_AES_128_GCM_SHA256, key share. */
    private byte[] serverHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        byte[] rand = new byte[32];
        fill(rand, 0, 32);
        body.writeBytes(rand);
        body.write(32);
        byte[] session = new byte[32];
        fill(session, 0, 32);
        body.writeBytes(session);
        u16(body, 0x1301);
        body.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x002b, new byte[] {3, 4});
        byte[] share = new byte[2 + 2 + 32];
        share[1] = 0x1d;
        share[3] = 32;
        fill(share, 4, 32);
        extension(ext, 0x0033, share);
        byte[] e = ext.toByteArray();
        u16(body, e.length);
        body.writeBytes(e);
        return record(HANDSHAKE, handshake(2, body.toByteArray()), 0x0303);
    }

    private static byte[] record(int type, byte[] payload) {
        return record(type, payload, 0x0303);
    }

    private static byte[] record(int type, byte[] payload, int version) {
        byte[] r = new byte[5 + payload.length];
        r[0] = (byte) type;
        r[1] = (byte) (version >> 8);
        r[2] = (byte) version;
        r[3] = (byte) (payload.length >> 8);
        r[4] = (byte) payload.length;
        System.arraycopy(payload, 0, r, 5, payload.length);
        return r;
    }

    private static byte[] handshake(int type, byte[] body) {
        byte[] h = new byte[4 + body.length];
        h[0] = (byte) type;
        h[1] = (byte) (body.length >> 16);
        h[2] = (byte) (body.length >> 8);
        h[3] = (byte) body.length;
        System.arraycopy(body, 0, h, 4, body.length);
        return h;
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private void fill(byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
    }
}
