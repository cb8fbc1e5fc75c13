/*
 * flanneld's conversation with etcd's v2 keys API on the wire: one keep-alive HTTP/1.1 connection
 * from its Go etcd client to the client port, carrying in turn the GET of the network config, the
 * recursive GET of the subnets folder, the lease as a PUT with prevExist=false and a TTL, and then
 * the watch long-poll on the subnets folder. The watch's headers come back at once; its body is
 * the event of the next lease another host writes, and that answer names the route, neighbour and
 * FDB entries flanneld programs from it. Requests are written as Go's net/http client writes them
 * (Host, User-Agent, Content-Length, Content-Type, Accept-Encoding: gzip), answers as etcd 3.4
 * writes them (V2HttpAnswers). The pauses are those of etcd 3.4 on this machine: 1.1 ms for a GET,
 * 14 ms for a write to commit, 0.4 ms to register a watch.
 */
package org.overlaylab.simulator.flannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.overlaylab.simulator.etcd.V2HttpRequests;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.simulator.etcd.V2HttpAnswers;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.world.SimWorld;

final class FlannelEtcdSession implements TcpConnection.Application {
    static final long READ_ANSWER_DELAY = 1_100_000;
    static final long WRITE_ANSWER_DELAY = 14_000_000;
    static final long WATCH_HEADERS_DELAY = 400_000;
    /** From one answer to flanneld's next request: the Go client's turnaround. */
    static final long CLIENT_TURNAROUND = 100_000;

    /** One request and what etcd answers it with; a watch's event is filled in when it happens. */
    private static final class Exchange {
        final byte[] request;
        final Supplier<byte[]> answer;
        final long answerDelay;
        final List<StateChange> effects;
        final boolean watch;

        Exchange(byte[] request, Supplier<byte[]> answer, long answerDelay, List<StateChange> effects, boolean watch) {
            this.request = request;
            this.answer = answer;
            this.answerDelay = answerDelay;
            this.effects = effects;
            this.watch = watch;
        }
    }

    /** A lease event waiting for a watch to carry it, with what it makes flanneld program. */
    private record Event(byte[] chunk, long modifiedIndex, List<StateChange> effects) {}

    private final SimWorld world;
    private final String hostHeader;
    private final TcpConnection tcp;
    private final Deque<Exchange> queued = new ArrayDeque<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private Exchange inFlight;
    private boolean connected;
    /** A watch whose headers went out and whose event has not yet. */
    private boolean watchOpen;
    private long watchIndex;
    private String watchKey;
    private Supplier<byte[]> watchHeaders;
    /** The index of the last event a watch answered with: the next watch waits for what follows. */
    private long lastEventIndex;

    FlannelEtcdSession(SimWorld world, String hostName, NetNs clientNs, int clientAddress, NetNs serverNs,
                       int serverAddress, int serverPort, String hostHeader) {
        this.world = world;
        this.hostHeader = hostHeader;
        String purpose = "etcd-v2:flanneld:" + hostName;
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        this.tcp = new TcpConnection(world, this, clientNs, clientAddress, port, serverNs, serverAddress, serverPort, 0,
                purpose);
        tcp.connect();
    }

    /** GET of a key, with the Go client's default options (not recursive, not sorted, not a quorum read). */
    void get(String key, boolean recursive, byte[] answer, List<StateChange> effects) {
        enqueue(new Exchange(request("GET", key + "?quorum=false&recursive=" + recursive + "&sorted=false", null),
                () -> answer, READ_ANSWER_DELAY, effects, false));
    }

    /** The lease write: PUT with prevExist=false, the TTL and the value form-encoded in the body. */
    void create(String key, String value, long ttlSeconds, byte[] answer) {
        String form = "ttl=" + ttlSeconds + "&value=" + V2HttpRequests.formEscape(value);
        enqueue(new Exchange(request("PUT", key + "?prevExist=false", form), () -> answer, WRITE_ANSWER_DELAY, List.of(),
                false));
    }

    /** The long-poll on a folder for changes after `afterIndex`; etcd writes its headers when it registers it. */
    void watch(String key, long afterIndex, Supplier<byte[]> headers) {
        watchKey = key;
        watchHeaders = headers;
        long waitIndex = afterIndex + 1;
        enqueue(new Exchange(request("GET", key + "?recursive=true&wait=true&waitIndex=" + waitIndex, null), () -> {
            watchIndex = waitIndex;
            return headers.get();
        }, WATCH_HEADERS_DELAY, List.of(), true));
    }

    /** A key the watch covers was created: its event goes out on the open watch, or on the next one. */
    void event(long modifiedIndex, byte[] chunk, List<StateChange> effects) {
        if (modifiedIndex <= lastEventIndex) {
            return;
        }
        events.add(new Event(chunk, modifiedIndex, effects));
        deliverEvent();
    }

    private void enqueue(Exchange e) {
        queued.add(e);
        sendNext();
    }

    private void sendNext() {
        if (!connected || inFlight != null || queued.isEmpty()) {
            return;
        }
        inFlight = queued.poll();
        tcp.send(true, inFlight.request, List.of());
    }

    private void deliverEvent() {
        if (!watchOpen || events.isEmpty() || events.peek().modifiedIndex < watchIndex) {
            return;
        }
        Event e = events.poll();
        watchOpen = false;
        lastEventIndex = e.modifiedIndex;
        tcp.send(false, e.chunk, e.effects);
    }

    private byte[] request(String method, String pathAndQuery, String form) {
        return V2HttpRequests.request(hostHeader, method, pathAndQuery, form);
    }

    @Override
    public void connected(TcpConnection c) {
        connected = true;
        world.clock().schedule(CLIENT_TURNAROUND, this::sendNext);
    }

    @Override
    public void received(TcpConnection c, boolean atClient, byte[] data) {
        Exchange e = inFlight;
        if (e == null) {
            return;
        }
        if (!atClient) {
            // etcd answers the request in flight
            world.clock().schedule(e.answerDelay, () -> {
                tcp.send(false, e.answer.get(), e.effects);
                if (e.watch) {
                    watchOpen = true;
                    deliverEvent();
                }
            });
            return;
        }
        if (e.watch && !endsWithLastChunk(data)) {
            return; // the watch's headers: the body comes with the event
        }
        if (e.watch) {
            // flanneld watches again, after the event it just read
            watch(watchKey, lastEventIndex, watchHeaders);
        }
        inFlight = null;
        world.clock().schedule(CLIENT_TURNAROUND, this::sendNext);
    }

    private static boolean endsWithLastChunk(byte[] data) {
        return new String(data, StandardCharsets.US_ASCII).endsWith("\r\n0\r\n\r\n");
    }

    /** flanneld closed its socket: etcd's server closes its side of the connection in turn. */
    @Override
    public void closedBy(TcpConnection c, boolean client) {
        if (client) {
            world.clock().schedule(CLIENT_TURNAROUND, () -> tcp.finish(false));
        }
    }

    /** flanneld stopped: its socket closes. */
    void close() {
        tcp.finish(true);
    }
}
