/*
 * A Docker daemon's etcd traffic on the wire, as libkv's etcd v2 client sends it for a daemon with
 * --cluster-store=etcd://...: after syncing the member list, Go's etcd client pins one member at
 * random (any member's advertised client URL, so often the other host's), keeps one keep-alive
 * HTTP/1.1 connection to it for requests and one more for the discovery watch. The requests follow
 * the daemon's writes to the store: the folders it makes at start (PUT ...?dir=true), its discovery
 * key (PUT /docker/nodes/<advertise> with ttl=60), each libnetwork object as an atomic write (a
 * new key with prevExist=false; an existing one read first, then written with prevExist=true and
 * prevIndex), each removal as DELETE with prevIndex, and the watch on /docker/nodes as a long-poll
 * (?recursive=true&wait=true&waitIndex=N) whose answer is the next daemon that registers. Keys end
 * in "/" as libkv writes them (discovery's key does not). Answers are etcd 3.4's (V2HttpAnswers),
 * rendered when the store changed; the pauses are etcd's on this machine: about 1 ms to read, 4 ms
 * to commit a write between two members.
 */
package org.overlaylab.simulator.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.overlaylab.simulator.etcd.V2HttpRequests;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.etcd.EtcdMember;
import org.overlaylab.simulator.etcd.V2HttpAnswers;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

final class LibkvEtcdClient {
    static final long READ_ANSWER_DELAY = 1_100_000;
    static final long WRITE_ANSWER_DELAY = 4_000_000;
    static final long WATCH_HEADERS_DELAY = 400_000;
    /** From one answer to the client's next request. */
    static final long CLIENT_TURNAROUND = 150_000;
    static final String NODES_DIR = "/docker/nodes";

    /** One HTTP/1.1 connection carrying one request at a time. */
    private final class Session implements TcpConnection.Application {
        private final TcpConnection tcp;
        private final Deque<byte[][]> queued = new ArrayDeque<>();
        private final Deque<Long> delays = new ArrayDeque<>();
        private byte[][] inFlight;
        private long inFlightDelay;
        private boolean connected;
        private boolean watching;

        Session(String purpose) {
            int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
            tcp = new TcpConnection(world, this, clientNs, clientAddress, port, serverNs, serverAddress, 2379, 0, purpose);
            tcp.connect();
        }

        void exchange(byte[] request, byte[] answer, long delay) {
            queued.add(new byte[][] {request, answer});
            delays.add(delay);
            sendNext();
        }

        private void sendNext() {
            if (!connected || inFlight != null || queued.isEmpty() || watching) {
                return;
            }
            inFlight = queued.poll();
            inFlightDelay = delays.poll();
            tcp.send(true, inFlight[0], List.of());
        }

        @Override
        public void connected(TcpConnection c) {
            connected = true;
            world.clock().schedule(CLIENT_TURNAROUND, this::sendNext);
        }

        @Override
        public void received(TcpConnection c, boolean atClient, byte[] data) {
            byte[][] e = inFlight;
            if (e == null) {
                return;
            }
            if (!atClient) {
                world.clock().schedule(inFlightDelay, () -> tcp.send(false, e[1], List.of()));
                return;
            }
            if (e[1].length > 0 && isWatchHeaders(e[1])) {
                // a watch: its headers came, its event comes when the watched folder changes
                watching = true;
                inFlight = null;
                return;
            }
            inFlight = null;
            world.clock().schedule(CLIENT_TURNAROUND, this::sendNext);
        }

        /** The watched folder changed: the event ends this watch, and the client watches again after it. */
        void event(byte[] chunk, long modifiedIndex) {
            if (!watching) {
                return;
            }
            watching = false;
            tcp.send(false, chunk, List.of());
            world.clock().schedule(CLIENT_TURNAROUND, () -> watchNodes(modifiedIndex + 1));
        }

        void close() {
            tcp.finish(true);
        }
    }

    private final SimWorld world;
    /** The member this client pinned: its writes reach etcd there (a follower forwards them to the leader). */
    private EtcdMember pinned;
    private final V2Store store;
    private final V2HttpAnswers answers;
    private final String hostHeader;
    private final NetNs clientNs;
    private final int clientAddress;
    private final NetNs serverNs;
    private final int serverAddress;
    private final Session requests;
    private Session watch;

    private LibkvEtcdClient(SimWorld world, String hostName, V2Store store, NetNs clientNs, int clientAddress,
                            NetNs serverNs, int serverAddress) {
        this.world = world;
        this.store = store;
        this.answers = new V2HttpAnswers(store, world.etcd().clusterIdHex());
        this.hostHeader = Ipv4.format(serverAddress) + ":2379";
        this.clientNs = clientNs;
        this.clientAddress = clientAddress;
        this.serverNs = serverNs;
        this.serverAddress = serverAddress;
        this.requests = new Session("etcd-v2:dockerd:" + hostName + ":" + world.clock().now());
    }

    /**
     * The client of a daemon on `host`: the member Go's etcd client pins after its sync, chosen at
     * random among the running members; null when no member answers from here.
     */
    static LibkvEtcdClient open(SimWorld world, SimHost host, V2Store store) {
        List<EtcdMember> running = world.etcd().members().stream().filter(EtcdMember::running).toList();
        if (running.isEmpty()) {
            return null;
        }
        EtcdMember pinned = running.get(world.random().nextInt("etcd-pin:dockerd:" + host.name(), running.size()));
        SimHost serverHost = world.host(pinned.host());
        String url = pinned.advertiseClientUrls().isEmpty() ? null : pinned.advertiseClientUrls().get(0);
        if (serverHost == null || url == null) {
            return null;
        }
        String hostPort = url.replaceFirst("^https?://", "");
        String ip = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        if (!Ipv4.isValid(ip)) {
            return null;
        }
        int server = Ipv4.parse(ip);
        Integer client = world.forwarder().sourceFor(host.root(), server);
        if (client == null) {
            return null;
        }
        LibkvEtcdClient c = new LibkvEtcdClient(world, host.name(), store, host.root(), client, serverHost.root(), server);
        c.pinned = pinned;
        return c;
    }

    /**
     * A folder the daemon makes when it is missing: GET it, then PUT ...?dir=true. libnetwork's
     * keys end in "/", discovery's (/docker/nodes) do not.
     */
    void ensureDir(String dir, boolean libnetwork) {
        String path = libnetwork ? dir + "/" : dir;
        V2Store.Node n = store.find(dir);
        byte[] answer = n != null ? answers.get(n, now()) : answers.keyNotFound(firstMissing(dir), now());
        requests.exchange(request("GET", path + "?quorum=true&recursive=false&sorted=false", null), answer,
                READ_ANSWER_DELAY);
        if (n != null) {
            return;
        }
        try {
            world.etcd().writeVia(pinned);
            V2Store.Node made;
            try {
                made = store.mkdir(dir);
            } finally {
                world.etcd().writeVia(null);
            }
            requests.exchange(request("PUT", path + "?dir=true", ""), answers.written("201 Created", "set",
                    answers.nodeJson(made), null, now()), WRITE_ANSWER_DELAY);
        } catch (V2Store.EtcdError e) {
            // made meanwhile by another daemon: nothing more to send
        }
    }

    EtcdMember member() {
        return pinned;
    }

    /** A GET as libkv's Get (not recursive) or List (recursive, sorted) sends it. */
    void read(String key, boolean list) {
        V2Store.Node n = store.find(key);
        String q = list ? "?quorum=true&recursive=true&sorted=true" : "?quorum=true&recursive=false&sorted=false";
        byte[] answer = n != null ? answers.get(n, now()) : answers.keyNotFound(firstMissing(key), now());
        requests.exchange(request("GET", key + "/" + q, null), answer, READ_ANSWER_DELAY);
    }

    /** Discovery's registration: a plain PUT of the key with its TTL (etcd answers "set"). */
    void register(String key, String value, long ttlSeconds, V2Store.Node written, Prior prior) {
        String prevJson = prior == null ? null : prior.json();
        String form = "ttl=" + ttlSeconds + "&value=" + V2HttpRequests.formEscape(value);
        requests.exchange(request("PUT", key, form), answers.written(prevJson == null ? "201 Created" : "200 OK",
                "set", answers.nodeJson(written), prevJson, now()), WRITE_ANSWER_DELAY);
        notifyWatchers(key, "set", written, prevJson);
    }

    /** A key as it was before the daemon writes or removes it: rendered now, since the store changes nodes in place. */
    record Prior(String json, long modifiedIndex, long createdIndex, byte[] getAnswer) {}

    Prior prior(String key) {
        V2Store.Node n = store.find(key);
        return n == null ? null : new Prior(answers.nodeJson(n), n.modifiedIndex(), n.createdIndex(), answers.get(n, now()));
    }

    /**
     * libkv's AtomicPut of a value the daemon just stored. An object libnetwork updates is read
     * first, then written with the index it read; a new one is written with prevExist=false.
     */
    void atomicPut(String key, V2Store.Node written, Prior prior) {
        String form = "value=" + V2HttpRequests.formEscape(written.value());
        String prevJson = prior == null ? null : prior.json();
        long prevIndex = prior == null ? 0 : prior.modifiedIndex();
        if (prior != null) {
            readBeforeUpdate(key, prior.getAnswer());
        }
        if (prevJson == null) {
            requests.exchange(request("PUT", key + "/?prevExist=false", form),
                    answers.written("201 Created", "create", answers.nodeJson(written), null, now()), WRITE_ANSWER_DELAY);
        } else {
            requests.exchange(request("PUT", key + "/?prevExist=true&prevIndex=" + prevIndex, form),
                    answers.written("200 OK", "compareAndSwap", answers.nodeJson(written), prevJson, now()),
                    WRITE_ANSWER_DELAY);
        }
    }

    /** The GET libnetwork sends before it updates an object it keeps in the store. */
    void readBeforeUpdate(String key, byte[] answer) {
        requests.exchange(request("GET", key + "/?quorum=true&recursive=false&sorted=false", null), answer,
                READ_ANSWER_DELAY);
    }

    /** libkv's AtomicDelete of a key the daemon just removed: DELETE with the index it last saw. */
    void atomicDelete(String key, Prior prior) {
        if (prior == null) {
            return;
        }
        requests.exchange(request("DELETE", key + "/?prevIndex=" + prior.modifiedIndex(), null),
                answers.written("200 OK", "compareAndDelete", V2HttpAnswers.deletedNodeJson(key, store.index(),
                        prior.createdIndex()), prior.json(), now()), WRITE_ANSWER_DELAY);
    }

    /** The discovery watch: a long-poll on /docker/nodes on a connection of its own. */
    void watchNodes(long waitIndex) {
        if (watch == null) {
            watch = new Session("etcd-v2-watch:dockerd:" + hostHeader + ":" + clientAddress + ":" + now());
        }
        watch.exchange(request("GET", NODES_DIR + "?recursive=true&wait=true&waitIndex=" + waitIndex, null),
                answers.watchHeaders(now()), WATCH_HEADERS_DELAY);
    }

    /** Another daemon's registration: every client watching /docker/nodes hears of it. */
    private void notifyWatchers(String key, String action, V2Store.Node node, String prevJson) {
        if (!key.startsWith(NODES_DIR + "/")) {
            return;
        }
        byte[] chunk = answers.watchEvent(action, answers.nodeJson(node), prevJson);
        long index = node.modifiedIndex();
        for (SimHost h : world.hosts()) {
            DockerEngine e = h.docker();
            if (e != null && e.etcdClient() != null && e.etcdClient() != this && e.etcdClient().watch != null) {
                LibkvEtcdClient other = e.etcdClient();
                world.clock().schedule(WRITE_ANSWER_DELAY, () -> other.watch.event(chunk, index));
            }
        }
    }

    void close() {
        requests.close();
        if (watch != null) {
            watch.close();
        }
    }

    /** etcd names the first missing folder of a path as a 404's cause. */
    private String firstMissing(String key) {
        String[] parts = key.substring(1).split("/");
        StringBuilder path = new StringBuilder();
        for (String p : parts) {
            path.append('/').append(p);
            if (store.find(path.toString()) == null) {
                return path.toString();
            }
        }
        return key;
    }

    private long now() {
        return world.clock().now();
    }

    private boolean isWatchHeaders(byte[] answer) {
        return new String(answer, 0, Math.min(answer.length, 400), StandardCharsets.US_ASCII)
                .contains("Transfer-Encoding: chunked\r\n\r\n") && !new String(answer, StandardCharsets.US_ASCII).endsWith("0\r\n\r\n");
    }

    private byte[] request(String method, String pathAndQuery, String form) {
        return V2HttpRequests.request(hostHeader, method, pathAndQuery, form);
    }
}
