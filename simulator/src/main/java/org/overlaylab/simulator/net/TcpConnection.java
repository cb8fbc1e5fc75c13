/*
 * One TCP connection between two simulated sockets, as Linux 6 carries it for a daemon that talks
 * in small messages (BGP): the three-way handshake with Linux's SYN options, data segments with
 * PSH and the timestamp option, and acknowledgements as Linux times them: at once for the first
 * data and after an idle gap (quick-ack mode), else delayed by 40-48 ms unless the receiver answers
 * with data first (which carries the ACK, and puts the socket in "ping-pong" mode until a delayed
 * ACK has to go on its own). Each side writes whole messages; segments go to the forwarder as
 * packets of the sending namespace, so they are routed, ARP-resolved and captured like any other,
 * and each end hears its segments through the forwarder's TCP hook. There is no retransmission:
 * the simulated network neither loses nor reorders these segments.
 * The numbers (windows for a 1500-byte MTU or lo's 65536 with window scale 10, and IP ID 0 on the
 * SYN-ACK) are those of Linux 6.18 on this machine, read off a capture of BIRD 2.
 */
package org.overlaylab.simulator.net;

import java.util.List;
import java.util.SplittableRandom;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class TcpConnection {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    /** How long the kernel takes to answer a segment itself (SYN-ACK, ACK): tens of microseconds. */
    static final long KERNEL_REPLY = 5_000;
    /** Linux's minimum delayed-ACK time; the timer fires on a 4 ms tick after it. */
    static final long DELAYED_ACK = 40 * VirtualClock.MILLIS;
    /** A gap in received data longer than the retransmission timeout puts the receiver back in quick-ack mode. */
    static final long RTO = 200 * VirtualClock.MILLIS;

    /** What the application on either end does with the connection. */
    public interface Application {
        /** The handshake finished at the client (it got the SYN-ACK and sent the ACK). */
        void connected(TcpConnection c);

        /** The handshake finished at the server (the client's ACK arrived). */
        default void accepted(TcpConnection c) {}

        /** Data arrived at one end. */
        void received(TcpConnection c, boolean atClient, byte[] data);

        /** The other end closed its side (a FIN arrived). */
        default void closedBy(TcpConnection c, boolean client) {}
    }

    /** One end: where it lives, its address and port, and the numbers it counts with. */
    private final class End implements Forwarder.TcpSocket {
        final boolean client;
        final NetNs ns;
        final int address;
        final int port;
        final long timestampOffset;
        int ipId;
        int ttl = 64;
        long sendNext;
        long receiveNext;
        long lastAckSent;
        long lastTimestampSeen;
        long lastDataAt = -1;
        boolean pingPong;
        boolean delayedAckPending;
        boolean finSent;
        int window;
        /** Quick ACKs left from the quota Linux grants when the first data arrives (see quickAcksOnFirstData). */
        int quickQuota;

        End(boolean client, NetNs ns, int address, int port, SplittableRandom r) {
            this.client = client;
            this.ns = ns;
            this.address = address;
            this.port = port;
            this.sendNext = r.nextLong(1L << 32);
            this.timestampOffset = r.nextLong(1L << 32);
            this.ipId = r.nextInt(65536);
        }

        End peer() {
            return client ? server : TcpConnection.this.client;
        }

        @Override
        public boolean onSegment(byte[] f, int l4, int end, long now) {
            End from = peer();
            if (closed || Wire.ipSrc(f) != from.address || Wire.ipDst(f) != address || Wire.u16(f, l4) != from.port
                    || Wire.u16(f, l4 + 2) != port) {
                return false;
            }
            int flags = Wire.u8(f, l4 + 13);
            long seq = Wire.u32(f, l4 + 4) & 0xffffffffL;
            int dataAt = l4 + ((Wire.u8(f, l4 + 12) >> 4) * 4);
            lastTimestampSeen = timestampIn(f, l4 + 20, dataAt);
            if ((flags & SYN) != 0 && (flags & ACK) == 0) {
                receiveNext = (seq + 1) & 0xffffffffL;
                later(KERNEL_REPLY, this::sendSynAck);
            } else if ((flags & SYN) != 0) {
                receiveNext = (seq + 1) & 0xffffffffL;
                later(KERNEL_REPLY, () -> {
                    window = loopback ? 64 : 63;
                    plain(ACK);
                    app.connected(TcpConnection.this);
                });
            } else if (dataAt < end) {
                byte[] data = Wire.slice(f, dataAt, end);
                receiveNext = (seq + data.length) & 0xffffffffL;
                if (lastDataAt < 0) {
                    quickQuota = quickAcksOnFirstData;
                }
                boolean quick = !pingPong && (lastDataAt < 0 || now - lastDataAt > RTO || quickQuota > 0);
                if (quick && quickQuota > 0) {
                    quickQuota--;
                }
                lastDataAt = now;
                if (quick) {
                    later(KERNEL_REPLY, () -> {
                        if (lastAckSent != receiveNext) {
                            plain(ACK);
                        }
                    });
                } else if (!delayedAckPending) {
                    delayedAckPending = true;
                    long tick = world.random().stream("tcp-delack:" + port).nextLong(2) * 4 * VirtualClock.MILLIS;
                    later(DELAYED_ACK + tick + 2_500_000L, () -> {
                        delayedAckPending = false;
                        if (lastAckSent != receiveNext && !closed) {
                            plain(ACK);
                            pingPong = false;
                        }
                    });
                }
                app.received(TcpConnection.this, client, data);
            } else if ((flags & FIN) != 0) {
                receiveNext = (seq + 1) & 0xffffffffL;
                if (finSent) {
                    // both sides have closed: the last ACK, and the connection is gone
                    later(KERNEL_REPLY, () -> {
                        plain(ACK);
                        close();
                    });
                } else {
                    app.closedBy(TcpConnection.this, !client);
                }
            } else if (!client && !accepted) {
                accepted = true;
                app.accepted(TcpConnection.this);
            }
            return true;
        }

        void sendSynAck() {
            window = loopback ? 65483 : 65160;
            // with the listening socket's TTL (BIRD sets 255 on it, see setTtl; 64 otherwise)
            segment(this, SYN | ACK, synOptions(this, lastTimestampSeen), new byte[0], List.of(), 0);
            sendNext = (sendNext + 1) & 0xffffffffL;
            window = 64;
        }

        void plain(int flags) {
            segment(this, flags, timestampOptions(this), new byte[0], List.of(), -1);
        }
    }

    private final SimWorld world;
    private final Application app;
    private final End client;
    private final End server;
    private boolean accepted;
    private boolean closed;

    /**
     * A connection from clientAddress:clientPort to serverAddress:serverPort. `tos` is the IP TOS
     * both sockets set (BIRD asks for internetwork control, 0xc0); initial sequence numbers,
     * timestamp offsets and IP IDs are per-connection random values from the world's seeded generator.
     */
    public TcpConnection(SimWorld world, Application app, NetNs clientNs, int clientAddress, int clientPort,
                         NetNs serverNs, int serverAddress, int serverPort, int tos, String purpose) {
        this.world = world;
        this.app = app;
        this.tos = tos;
        SplittableRandom r = world.random().stream("tcp:" + purpose);
        this.client = new End(true, clientNs, clientAddress, clientPort, r);
        this.server = new End(false, serverNs, serverAddress, serverPort, r);
        // over lo (MTU 65536) Linux offers MSS 65495 and opens with windows of 65495 and 65483
        this.loopback = clientNs == serverNs;
        world.forwarder().bindTcp(clientNs, client);
        world.forwarder().bindTcp(serverNs, server);
    }

    private final int tos;
    private final boolean loopback;
    private int quickAcksOnFirstData;

    /**
     * Linux enters quick-ack mode when a socket's first data arrives, with a quota of up to 16
     * segments acknowledged at once while the socket is not in ping-pong mode (tcp_incr_quickack).
     * Connections whose ACKs were checked against such a capture (etcdctl's gRPC calls) ask for
     * it; the others keep acknowledging at once only the first data and data after an idle gap.
     */
    public void quickAcksOnFirstData(int segments) {
        quickAcksOnFirstData = segments;
    }

    public int clientPort() {
        return client.port;
    }

    /** The client's SYN: MSS for a 1500-byte MTU, SACK permitted, timestamps, window scale 10. */
    public void connect() {
        client.window = loopback ? 65495 : 64240;
        segment(client, SYN, synOptions(client, 0), new byte[0], List.of(), 0);
        client.sendNext = (client.sendNext + 1) & 0xffffffffL;
    }

    /** The TTL a side's packets carry from now on (a daemon sets it on its accepted socket). */
    public void setTtl(boolean atClient, int ttl) {
        (atClient ? client : server).ttl = ttl;
    }

    /** Data from one side with PSH and ACK; `effects` are what the bytes change where they arrive. */
    public void send(boolean fromClient, byte[] data, List<StateChange> effects) {
        if (closed) {
            return;
        }
        End from = fromClient ? client : server;
        if (from.lastDataAt >= 0 && world.clock().now() - from.lastDataAt < DELAYED_ACK) {
            from.pingPong = true;
        }
        segment(from, PSH | ACK, timestampOptions(from), data, effects, -1);
        from.sendNext = (from.sendNext + data.length) & 0xffffffffL;
    }

    /** One side closes: FIN with ACK; the other end's application hears of it. */
    public void finish(boolean fromClient) {
        End from = fromClient ? client : server;
        if (closed || from.finSent) {
            return;
        }
        from.plain(FIN | ACK);
        from.finSent = true;
        from.sendNext = (from.sendNext + 1) & 0xffffffffL;
        if (from.peer().finSent) {
            // the second FIN: the other side's last ACK will come, and nobody reads after it
            world.clock().schedule(VirtualClock.SECONDS, this::close);
        }
    }

    /** Forgets the connection: its ends take no more segments and send nothing more. */
    public void close() {
        closed = true;
        world.forwarder().unbindTcp(client.ns, client);
        world.forwarder().unbindTcp(server.ns, server);
    }

    public boolean closed() {
        return closed;
    }

    private void later(long delay, Runnable r) {
        world.clock().schedule(delay, () -> {
            if (!closed) {
                r.run();
            }
        });
    }

    private long timestampNow(End e) {
        long ms = world.clock().now() / VirtualClock.MILLIS;
        return (ms + e.timestampOffset) & 0xffffffffL;
    }

    private static long timestampIn(byte[] f, int at, int end) {
        while (at < end) {
            int kind = Wire.u8(f, at);
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            int len = at + 1 < end ? Wire.u8(f, at + 1) : 0;
            if (len < 2) {
                break;
            }
            if (kind == 8 && len == 10 && at + 10 <= end) {
                return Wire.u32(f, at + 2) & 0xffffffffL;
            }
            at += len;
        }
        return 0;
    }

    private byte[] synOptions(End e, long echo) {
        byte[] o = new byte[20];
        o[0] = 2;
        o[1] = 4;
        Wire.put16(o, 2, loopback ? 65495 : 1460);
        o[4] = 4;
        o[5] = 2;
        o[6] = 8;
        o[7] = 10;
        Wire.put32(o, 8, (int) timestampNow(e));
        Wire.put32(o, 12, (int) echo);
        o[16] = 1;
        o[17] = 3;
        o[18] = 3;
        o[19] = 10;
        return o;
    }

    private byte[] timestampOptions(End e) {
        byte[] o = new byte[12];
        o[0] = 1;
        o[1] = 1;
        o[2] = 8;
        o[3] = 10;
        Wire.put32(o, 4, (int) timestampNow(e));
        Wire.put32(o, 8, (int) e.lastTimestampSeen);
        return o;
    }

    /** Builds and sends one segment; `ipId` 0 for the SYN-ACK (Linux's), -1 for the socket's counter. */
    private void segment(End from, int flags, byte[] options, byte[] data, List<StateChange> effects, int ipId) {
        End to = from.peer();
        int headerLength = 20 + options.length;
        byte[] t = new byte[headerLength + data.length];
        Wire.put16(t, 0, from.port);
        Wire.put16(t, 2, to.port);
        Wire.put32(t, 4, (int) from.sendNext);
        boolean acks = (flags & ACK) != 0;
        Wire.put32(t, 8, acks ? (int) from.receiveNext : 0);
        t[12] = (byte) ((headerLength / 4) << 4);
        t[13] = (byte) flags;
        Wire.put16(t, 14, from.window);
        System.arraycopy(options, 0, t, 20, options.length);
        System.arraycopy(data, 0, t, headerLength, data.length);
        Wire.put16(t, 16, Checksums.transport4(from.address, to.address, Wire.PROTO_TCP, t, 0, t.length));
        if (acks) {
            from.lastAckSent = from.receiveNext;
        }
        int id;
        if (ipId >= 0 && (flags & SYN) != 0 && acks) {
            id = 0;
        } else {
            id = from.ipId;
            from.ipId = (from.ipId + 1) & 0xffff;
        }
        byte[] ip = Wire.ipv4(from.address, to.address, Wire.PROTO_TCP, from.ttl, id, true, t);
        ip[1] = (byte) tos;
        ip[10] = 0;
        ip[11] = 0;
        Wire.put16(ip, 10, Wire.checksum(ip, 0, 20, 0));
        Forwarder fw = world.forwarder();
        long trace = fw.newTrace();
        if (!effects.isEmpty()) {
            world.frames().annotate(trace, effects);
        }
        fw.sendIp(from.ns, ip, trace);
    }
}
