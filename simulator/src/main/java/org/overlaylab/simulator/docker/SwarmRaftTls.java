/*
 * What a `docker swarm join` puts on the wire to the manager's port 2377: swarmkit's gRPC runs over
 * mutual TLS, so the underlay carries TLS records only. A joining node first dials without a
 * certificate (its token proves it) to have its certificate signing request signed: Go's TLS 1.3
 * handshake (ClientHello with an x25519 key share and ALPN h2; the server's ServerHello, the
 * compatibility ChangeCipherSpec and its encrypted flight), then HTTP/2 carrying the gRPC call,
 * all of it application-data records. The record headers and the ClientHello/ServerHello are laid
 * out as TLS defines them, so a dissector reads them as TLS; what TLS encrypts is random bytes of
 * the sizes Go's records have for swarm's ECDSA P-256 certificates (node certificate plus root CA).
 */
package org.overlaylab.simulator.docker;

import java.io.ByteArrayOutputStream;
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
    /** AES-128-GCM's tag plus the inner content-type byte TLS 1.3 appends to every encrypted record. */
    static final int AEAD_OVERHEAD = 17;
    /** Go's turnaround between a record arriving and its answer: tens of microseconds for TLS, ~1 ms for signing. */
    static final long TURNAROUND = 60_000;
    static final long SIGNING = 1_200_000;

    private final SimWorld world;
    private final SplittableRandom random;
    private final TcpConnection tcp;
    private int serverFlights;

    private SwarmRaftTls(SimWorld world, SimHost joiner, SwarmCluster.Node manager) {
        this.world = world;
        String purpose = "swarm-join:" + joiner.name();
        this.random = world.random().stream("tls:" + purpose);
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        SimHost managerHost = manager.engine().host();
        this.tcp = new TcpConnection(world, this, joiner.root(), Ipv4.parse(joiner.underlayIp()), port,
                managerHost.root(), Ipv4.parse(manager.address()), SwarmCluster.MANAGER_PORT, 0, purpose);
    }

    /** The joining node's first connection to the manager, from its handshake to the signed certificate. */
    static void join(SimWorld world, SimHost joiner, SwarmCluster.Node manager) {
        new SwarmRaftTls(world, joiner, manager).tcp.connect();
    }

    @Override
    public void connected(TcpConnection c) {
        world.clock().schedule(TURNAROUND, () -> tcp.send(true, clientHello(), List.of()));
    }

    @Override
    public void received(TcpConnection c, boolean atClient, byte[] data) {
        if (!atClient) {
            serverFlights++;
            if (serverFlights == 1) {
                // ServerHello, the compatibility ChangeCipherSpec, then EncryptedExtensions, Certificate,
                // CertificateVerify and Finished, each in its own encrypted record
                world.clock().schedule(SIGNING, () -> tcp.send(false, concat(serverHello(),
                        record(CHANGE_CIPHER_SPEC, new byte[] {1}), encrypted(10), encrypted(1012), encrypted(79),
                        encrypted(36)), List.of()));
            } else if (serverFlights == 2) {
                // HTTP/2 SETTINGS and the gRPC answer: the signed node certificate and the CA
                world.clock().schedule(SIGNING, () -> tcp.send(false, concat(encrypted(27), encrypted(1180)), List.of()));
            }
            return;
        }
        if (serverFlights == 1) {
            // the client's ChangeCipherSpec and Finished, then the HTTP/2 preface, SETTINGS and the
            // gRPC IssueNodeCertificate call carrying the certificate signing request and the token
            world.clock().schedule(TURNAROUND, () -> tcp.send(true, concat(record(CHANGE_CIPHER_SPEC, new byte[] {1}),
                    encrypted(36), encrypted(24 + 27 + 9), encrypted(612)), List.of()));
        } else if (serverFlights == 2) {
            world.clock().schedule(TURNAROUND, () -> tcp.finish(true));
        }
    }

    @Override
    public void closedBy(TcpConnection c, boolean client) {
        if (client) {
            tcp.finish(false);
        }
    }

    /** Go 1.19's ClientHello to an address (no server name): TLS 1.3 and 1.2 suites, x25519 key share, ALPN h2. */
    private byte[] clientHello() {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        extension(ext, 0x0005, new byte[] {1, 0, 0, 0, 0});                          // status_request
        extension(ext, 0x000a, new byte[] {0, 8, 0, 0x1d, 0, 0x17, 0, 0x18, 0, 0x19}); // supported_groups
        extension(ext, 0x000b, new byte[] {1, 0});                                    // ec_point_formats
        extension(ext, 0x000d, new byte[] {0, 0x1a, 8, 4, 4, 3, 8, 7, 8, 5, 8, 6, 4, 1, 5, 1, 6, 1, 5, 3, 6, 3,
                2, 1, 2, 3, 8, 8, 8, 9});                                             // signature_algorithms (trimmed list)
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

    /** An encrypted TLS 1.3 record holding `plain` bytes: opaque type application_data, AEAD overhead added. */
    private byte[] encrypted(int plain) {
        byte[] sealed = new byte[plain + AEAD_OVERHEAD];
        fill(sealed, 0, sealed.length);
        return record(APPLICATION_DATA, sealed);
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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
