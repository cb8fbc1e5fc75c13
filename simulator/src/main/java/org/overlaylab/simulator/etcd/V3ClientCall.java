/*
 * One `ETCDCTL_API=3 etcdctl` command on the wire: etcdctl 3.4 dials the endpoint, speaks HTTP/2
 * with prior knowledge (h2c) and makes one unary gRPC call on stream 1, then closes the
 * connection. The exchange is the one a capture of etcdctl 3.4 and etcd 3.4 on this machine
 * shows, write by write (each write one segment): preface; SETTINGS; the server's SETTINGS and
 * then its ACK; the client's ACK with the call; for a write the server's WINDOW_UPDATE and BDP
 * PING, the client's PING ACK and the answer once raft has committed, for a read the window, PING
 * and answer in one write; then the client's PING ACK, its own WINDOW_UPDATE and PING for the
 * answer, the server's PING ACK, and the client's FIN about 2.7 ms later (grpc-go sends no
 * GOAWAY when the client closes; etcd closes its side as the FIN arrives). When the client closed
 * before reading that last PING ACK, the real kernel resets instead of sending FIN: timing decides
 * it, the simulator always shows the orderly close. The pauses are those of the capture.
 */
package org.overlaylab.simulator.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.world.SimWorld;

public final class V3ClientCall implements TcpConnection.Application {
    static final long CONNECTED_TO_PREFACE = 690_000;
    static final long PREFACE_TO_SETTINGS = 47_000;
    static final long SERVER_SETTINGS = 470_000;
    static final long SERVER_SETTINGS_ACK = 250_000;
    static final long CLIENT_CALL = 220_000;
    static final long SERVER_FLOW_CONTROL = 610_000;
    static final long READ_ANSWER = 540_000;
    static final long PING_ACK = 80_000;
    static final long WRITE_COMMITTED = 790_000;
    static final long CLIENT_WINDOW_AFTER_ANSWER = 310_000;
    static final long CLIENT_WINDOW_AFTER_PING_ACK = 460_000;
    static final long SERVER_PING_ACK = 90_000;
    static final long CLIENT_CLOSE = 2_700_000;
    static final long SERVER_CLOSE = 100_000;
    /** etcdctl makes the command's context this long before it dials. */
    static final long CONTEXT_BEFORE_DIAL = 670_000;

    /** Whether the answer waits for a raft commit (Put, DeleteRange) or comes at once (Range, MemberList). */
    public enum Kind { WRITE, READ }

    private record Step(boolean fromClient, long delay, Supplier<byte[]> bytes) {}

    private final SimWorld world;
    private final TcpConnection tcp;
    private final List<Step> steps = new ArrayList<>();
    private final int[] sentBy = new int[2];
    private final int[] arrivedAt = new int[2];
    private int next;
    /** A step is waiting out its pause: nobody answers before it is written. */
    private boolean pending;

    /**
     * A call from clientNs (clientAddress, an ephemeral port) to the member listening at
     * serverAddress:serverPort in serverNs; `authority` is the endpoint as etcdctl was given it.
     */
    public V3ClientCall(SimWorld world, String purpose, NetNs clientNs, int clientAddress, NetNs serverNs,
                        int serverAddress, int serverPort, String authority, String method, byte[] request,
                        byte[] response, Kind kind) {
        this.world = world;
        long contextMade = world.clock().now() - CONTEXT_BEFORE_DIAL;
        V3GrpcRequests client = new V3GrpcRequests();
        V3GrpcAnswers server = new V3GrpcAnswers();
        byte[] answer = server.answer(response);
        int answerDataLength = 5 + response.length;
        steps.add(new Step(true, CONNECTED_TO_PREFACE, V3GrpcRequests::preface));
        steps.add(new Step(true, PREFACE_TO_SETTINGS, V3GrpcRequests::settings));
        steps.add(new Step(false, SERVER_SETTINGS, V3GrpcAnswers::settings));
        steps.add(new Step(false, SERVER_SETTINGS_ACK, V3GrpcAnswers::settingsAck));
        steps.add(new Step(true, CLIENT_CALL, () -> client.settingsAckAndCall(authority, method,
                V3GrpcRequests.COMMAND_TIMEOUT_NANOS - (world.clock().now() - contextMade), request)));
        byte[] flowControl = V3GrpcRequests.windowUpdateAndPing(5 + request.length);
        byte[] pingAck = V3GrpcRequests.pingAck(V3GrpcRequests.BDP_PING);
        if (kind == Kind.WRITE) {
            steps.add(new Step(false, SERVER_FLOW_CONTROL, () -> flowControl));
            steps.add(new Step(true, PING_ACK, () -> pingAck));
            steps.add(new Step(false, WRITE_COMMITTED, () -> answer));
            steps.add(new Step(true, CLIENT_WINDOW_AFTER_ANSWER, () -> V3GrpcRequests.windowUpdateAndPing(answerDataLength)));
        } else {
            steps.add(new Step(false, READ_ANSWER, () -> concat(flowControl, answer)));
            steps.add(new Step(true, PING_ACK, () -> pingAck));
            steps.add(new Step(true, CLIENT_WINDOW_AFTER_PING_ACK, () -> V3GrpcRequests.windowUpdateAndPing(answerDataLength)));
        }
        steps.add(new Step(false, SERVER_PING_ACK, () -> pingAck));
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        this.tcp = new TcpConnection(world, this, clientNs, clientAddress, port, serverNs, serverAddress, serverPort, 0,
                purpose);
        tcp.quickAcksOnFirstData(16);
        tcp.connect();
    }

    /** The connection is closed at both ends (the last ACK went out). */
    public boolean finished() {
        return tcp.closed();
    }

    public int clientPort() {
        return tcp.clientPort();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int side(boolean client) {
        return client ? 0 : 1;
    }

    /** Sends the next step after its pause; a step of the same side follows on its own pause. */
    private void sendNext() {
        Step s = steps.get(next++);
        pending = true;
        world.clock().schedule(s.delay(), () -> {
            pending = false;
            tcp.send(s.fromClient(), s.bytes().get(), List.of());
            sentBy[side(s.fromClient())]++;
            if (next < steps.size() && steps.get(next).fromClient() == s.fromClient()) {
                sendNext();
            }
        });
    }

    @Override
    public void connected(TcpConnection c) {
        sendNext();
    }

    @Override
    public void received(TcpConnection c, boolean atClient, byte[] data) {
        arrivedAt[side(atClient)]++;
        if (pending || arrivedAt[side(atClient)] != sentBy[side(!atClient)]) {
            return;
        }
        if (next < steps.size()) {
            // this side's turn once everything the other side wrote has arrived
            if (steps.get(next).fromClient() == atClient) {
                sendNext();
            }
        } else if (atClient) {
            world.clock().schedule(CLIENT_CLOSE, () -> tcp.finish(true));
        }
    }

    @Override
    public void closedBy(TcpConnection c, boolean client) {
        if (client) {
            world.clock().schedule(SERVER_CLOSE, () -> tcp.finish(false));
        }
    }
}
