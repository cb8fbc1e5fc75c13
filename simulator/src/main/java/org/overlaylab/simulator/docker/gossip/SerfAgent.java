/*
 * One Docker daemon's Serf agent on the simulated wire (memberlist's LAN settings, as libnetwork
 * configures it): a push-pull over TCP 7946 when it joins a peer (the peer answers with its own
 * state, then closes) and every 30 s, a probe every second (UDP ping, the peer's ack carrying its
 * Vivaldi coordinate), and gossip every 200 ms while broadcasts wait: memberlist's alive messages,
 * Serf's join intents and libnetwork's "jl" user events, each sent 4 times (memberlist's
 * retransmit multiplier 4 times ceil(log10(n+1)) for a cluster of 2 or 3) by every node that
 * learns it. Messages are built by MemberlistMessages; timings are those of Docker 20.10 on this
 * machine: 1 ms from a ping to its ack, from a connection to its push-pull and to the answer.
 *
 * A user event the agent had not seen (from gossip or a push-pull; not those older than its own
 * join, as libnetwork joins with Serf's ignoreOld) goes, as in Serf, through the
 * user-event coalescer libnetwork configures (quiescent 50 ms, at most 1 s; the newest event of
 * each name is kept) to the daemon's overlay driver (its {@link EventHandler}). The frame or
 * segment that brings a node an event it had not seen carries what the driver will change for
 * it as its effects, asked of the driver when the frame leaves.
 *
 * The same machinery runs swarm mode's network DB (libnetwork/networkdb), which uses memberlist
 * directly, without Serf: there the agent is named by the swarm node and sends memberlist's own
 * messages only (push-pull, ping and a payload-less ack, alive, with empty node meta), no Serf
 * join intent or user events. As on a real swarm, every packet and TCP message it sends is
 * encrypted with the swarm's gossip keys (MemberlistEncryption: memberlist's AES-GCM framing, the
 * sealed bytes seeded random, each as long as what memberlist would seal); what it encrypts is
 * simulated at the memberlist level, and the network DB above it (SwarmNetworkDbGossip) sends its
 * own messages through this agent: user messages over UDP, and over TCP connections of their own
 * for bulk syncs, handed to it on receipt. The network DB's state in the push-pull is not sent: the
 * push-pull carries the members with UserStateLen 0, so it is smaller than the real one.
 * Serf's gossip (the cluster-store setup above) is not encrypted, as libnetwork leaves it.
 */
package org.overlaylab.simulator.docker.gossip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.Forwarder;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class SerfAgent implements DockerGossip {
    public static final int PORT = 7946;
    static final long PROBE_INTERVAL = VirtualClock.SECONDS;
    static final long GOSSIP_INTERVAL = 200 * VirtualClock.MILLIS;
    static final long PUSH_PULL_INTERVAL = 30 * VirtualClock.SECONDS;
    /** From a ping's arrival to its ack, and from a connection to its push-pull: the Go runtime's turnaround. */
    static final long TURNAROUND = VirtualClock.MILLIS;
    /** From the answer to the server closing its side. */
    static final long CLOSE_DELAY = 400_000;
    static final int TRANSMIT_LIMIT = 4;
    /** memberlist's UDP buffer: what fits in one gossip packet. */
    static final int PACKET_LIMIT = 1400;
    /** libnetwork's Serf config: user events reach the driver once none came for 50 ms, or 1 s after the first. */
    static final long USER_QUIESCENT_PERIOD = 50 * VirtualClock.MILLIS;
    static final long USER_COALESCE_PERIOD = VirtualClock.SECONDS;

    /** Who receives the user events, as libnetwork's overlay driver reads Serf's event channel. */
    public interface EventHandler {
        /** What handing over this event would change on the host now (none for events it ignores). */
        List<StateChange> effectsOf(String name, String payload);

        /** The event, as the coalescer releases it (ov_serf.go's processEvent). */
        void process(String name, String payload);
    }

    /** Who reads the network DB's own messages (its protobuf in memberlist user messages, UDP or TCP) this agent receives. */
    public interface NetworkDbHandler {
        void received(byte[] message, int from);
    }

    /** A message waiting to be gossiped, and how often it went out. */
    private static final class Broadcast {
        final byte[] message;
        final String key;
        final long id;
        int transmits;

        Broadcast(byte[] message, String key, long id) {
            this.message = message;
            this.key = key;
            this.id = id;
        }
    }

    private final SimWorld world;
    private final SimHost host;
    private final NetNs ns;
    private final int address;
    private final String name;
    private final SplittableRandom random;
    /** The network DB's nonces and ciphertext: a stream of its own, so encryption leaves the agent's timings as they were. */
    private final SplittableRandom sealing;
    private final Vivaldi vivaldi;
    private final Map<String, MemberlistMessages.Member> members = new LinkedHashMap<>();
    private final Map<String, Long> statusLTimes = new LinkedHashMap<>();
    private final List<MemberlistMessages.UserEvent> events = new ArrayList<>();
    private final Set<String> seenEvents = new HashSet<>();
    private final List<Broadcast> memberlistQueue = new ArrayList<>();
    private final List<Broadcast> serfQueue = new ArrayList<>();
    private final Map<Long, Long> pingsSentAt = new LinkedHashMap<>();
    private long broadcastIds;
    private long clock = 1;
    private long eventClock = 1;
    /** Events older than this are ignored: libnetwork joins with Serf's ignoreOld, so the join's push-pull sets it. */
    private long eventMinTime;
    private long sequence;
    private int probeIndex;
    private final List<String> probeOrder = new ArrayList<>();
    private boolean running = true;
    private final boolean networkDb;
    private EventHandler handler;
    private NetworkDbHandler networkDbHandler;
    /** Serf's user-event coalescer: the newest waiting event of each name, and its timers. */
    private final Map<String, MemberlistMessages.UserEvent> coalescing = new LinkedHashMap<>();
    private long coalesceBatch;
    private long lastUserEventAt;

    public SerfAgent(SimWorld world, SimHost host, String advertiseIp) {
        this(world, host, advertiseIp, host.hostname(), false);
    }

    /** swarm's network DB agent: memberlist alone, named `nodeName`; see the class comment for what it leaves out. */
    public static SerfAgent networkDb(SimWorld world, SimHost host, String advertiseIp, String nodeName) {
        return new SerfAgent(world, host, advertiseIp, nodeName, true);
    }

    private SerfAgent(SimWorld world, SimHost host, String advertiseIp, String nodeName, boolean networkDb) {
        this.networkDb = networkDb;
        this.world = world;
        this.host = host;
        this.ns = host.root();
        this.address = Ipv4.parse(advertiseIp);
        this.name = nodeName;
        this.random = world.random().stream("serf:" + host.name());
        this.sealing = world.random().stream("memberlist-encryption:" + host.name());
        this.vivaldi = new Vivaldi(world.random().stream("vivaldi:" + host.name()));
        MemberlistMessages.Member self = new MemberlistMessages.Member(name, Ipv4.toBytes(address), PORT, 1);
        members.put(name, self);
        probeOrder.add(name);
        statusLTimes.put(name, 0L);
        queue(memberlistQueue, aliveOf(self), "alive:" + name);
        world.forwarder().bindUdp(ns, PORT, new Forwarder.UdpSocket() {
            @Override
            public void onDatagram(byte[] frame, int payloadOffset, long now) {
                received(frame, payloadOffset);
            }
        });
        // memberlist's tickers start with the agent, each at its own offset
        every(PROBE_INTERVAL, random.nextLong(PROBE_INTERVAL), this::probe);
        every(GOSSIP_INTERVAL, random.nextLong(GOSSIP_INTERVAL), this::gossip);
        every(PUSH_PULL_INTERVAL, random.nextLong(PUSH_PULL_INTERVAL), this::periodicPushPull);
    }

    public String nodeName() {
        return name;
    }

    /** The daemon's overlay driver, which processes the user events this agent learns. */
    public void onUserEvents(EventHandler handler) {
        this.handler = handler;
    }

    public int address() {
        return address;
    }

    /** The network DB above this agent, which reads the user messages memberlist delivers to it. */
    public void onNetworkDbMessages(NetworkDbHandler handler) {
        this.networkDbHandler = handler;
    }

    /**
     * One of the network DB's own messages as a UDP packet to `to` (memberlist's SendBestEffort: a
     * user message with memberlist's CRC, sealed with the swarm's keys); `effects` are what it will
     * change at the receiver, attached to the frame.
     */
    public void sendNetworkDbPacket(int to, byte[] message, List<StateChange> effects) {
        if (!running || !networkDb) {
            return;
        }
        Forwarder fw = world.forwarder();
        byte[] wire = MemberlistEncryption.packet(world, sealing, MemberlistMessages.withCrc(userMessage(message)));
        long trace = fw.newTrace();
        if (!effects.isEmpty()) {
            world.frames().annotate(trace, effects);
        }
        fw.sendIp(ns, Wire.ipv4(address, to, Wire.PROTO_UDP, 64, fw.nextIpId(ns), true,
                Wire.udp(address, to, PORT, PORT, wire, true)), trace);
    }

    /**
     * One of the network DB's messages over a TCP connection of its own to `to` (memberlist's
     * SendReliable, which the network DB's bulk sync uses): the sealed user message, then the sender
     * closes; `delivered` runs at the receiver once it has read it.
     */
    public void sendNetworkDbStream(int to, byte[] message, Runnable delivered) {
        SerfAgent peer = at(world, to);
        if (!running || !networkDb || peer == null) {
            return;
        }
        int port = 32768 + random.nextInt(60999 - 32768 + 1);
        TcpConnection.Application app = new TcpConnection.Application() {
            @Override
            public void connected(TcpConnection c) {
                world.clock().schedule(TURNAROUND, () -> {
                    c.send(true, MemberlistEncryption.stream(world, sealing, userMessage(message)), List.of());
                    world.clock().schedule(TURNAROUND, () -> c.finish(true));
                });
            }

            @Override
            public void received(TcpConnection c, boolean atClient, byte[] data) {
                if (!atClient) {
                    byte[] plain = MemberlistEncryption.plaintext(world, data);
                    if (plain != null && plain.length > 1 && peer.networkDbHandler != null) {
                        peer.networkDbHandler.received(java.util.Arrays.copyOfRange(plain, 1, plain.length), address);
                    }
                    delivered.run();
                }
            }

            @Override
            public void closedBy(TcpConnection c, boolean client) {
                if (client) {
                    world.clock().schedule(CLOSE_DELAY / 2, () -> c.finish(false));
                }
            }
        };
        new TcpConnection(world, app, ns, address, port, peer.ns, to, PORT, 0,
                "networkdb-stream:" + name + ">" + peer.name + ":" + world.clock().now()).connect();
    }

    private static byte[] userMessage(byte[] message) {
        byte[] out = new byte[1 + message.length];
        out[0] = MemberlistMessages.USER;
        System.arraycopy(message, 0, out, 1, message.length);
        return out;
    }

    public boolean running() {
        return running;
    }

    /** The agent of the running daemon that advertises `address`, if any. */
    static SerfAgent at(SimWorld world, int address) {
        for (SimHost h : world.hosts()) {
            SerfAgent a = agentOf(h);
            if (a != null && a.address == address) {
                return a;
            }
        }
        return null;
    }

    /** The host daemon's running agent: its Serf agent (cluster store), else its swarm network DB agent. */
    private static SerfAgent agentOf(SimHost h) {
        if (h.docker() == null) {
            return null;
        }
        if (h.docker().gossip() instanceof SerfAgent a && a.running) {
            return a;
        }
        SerfAgent s = h.docker().swarmGossipAgent();
        return s != null && s.running ? s : null;
    }

    private byte[] aliveOf(MemberlistMessages.Member m) {
        return networkDb ? MemberlistMessages.alive(m, MemberlistMessages.NETWORKDB_META, MemberlistMessages.NETWORKDB_VSN)
                : MemberlistMessages.alive(m);
    }

    @Override
    public void nodeJoined(String peerAddress) {
        if (!running || !Ipv4.isValid(peerAddress) || Ipv4.parse(peerAddress) == address) {
            return;
        }
        // Serf announces its join intent once memberlist's join (the push-pull) is done
        pushPull(Ipv4.parse(peerAddress), true, () -> {
            if (networkDb) {
                return; // memberlist alone has no join intent
            }
            long ltime = clock++;
            statusLTimes.put(name, ltime);
            queue(serfQueue, MemberlistMessages.serfJoin(ltime, name), "join:" + name);
        });
    }

    @Override
    public void endpointAdded(String networkId, String endpointId, Cidr address, String mac) {
        userEvent(networkId, endpointId, "join", address, mac);
    }

    @Override
    public void endpointRemoved(String networkId, String endpointId, Cidr address, String mac) {
        userEvent(networkId, endpointId, "leave", address, mac);
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            world.forwarder().unbindUdp(ns, PORT);
        }
    }

    /** libnetwork's ov_serf event: "jl <vtep> <network> <endpoint>", payload "<action> <ip> <mask> <mac>". */
    private void userEvent(String networkId, String endpointId, String action, Cidr address, String mac) {
        if (!running) {
            return;
        }
        String eventName = "jl " + Ipv4.format(this.address) + " " + networkId + " " + endpointId;
        String payload = action + " " + Ipv4.format(address.address()) + " " + Ipv4.format(mask(address.prefixLength()))
                + " " + mac;
        MemberlistMessages.UserEvent e = new MemberlistMessages.UserEvent(eventClock++, eventName, payload);
        learnEvent(e);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static String eventKey(MemberlistMessages.UserEvent e) {
        return e.ltime() + " " + e.name() + " " + e.payload();
    }

    /** Records and rebroadcasts an event; false if it was known already. */
    private boolean learnEvent(MemberlistMessages.UserEvent e) {
        if (!seenEvents.add(eventKey(e))) {
            return false;
        }
        eventClock = Math.max(eventClock, e.ltime() + 1);
        events.add(e);
        events.removeIf(x -> x.ltime() <= e.ltime() - MemberlistMessages.EVENT_BUFFER);
        queue(serfQueue, MemberlistMessages.userEvent(e), "event:" + e.ltime() + ":" + e.name() + ":" + e.payload());
        return true;
    }

    /** An event from another node: learned, and handed to the driver through the coalescer. */
    private void learnRemoteEvent(MemberlistMessages.UserEvent e) {
        if (e.ltime() < eventMinTime) {
            return;
        }
        if (learnEvent(e)) {
            coalesce(e);
        }
    }

    /** Serf's userEventCoalescer: keeps the newest event per name, flushes after a quiet spell or the period. */
    private void coalesce(MemberlistMessages.UserEvent e) {
        if (networkDb || handler == null) {
            return;
        }
        MemberlistMessages.UserEvent waiting = coalescing.get(e.name());
        if (waiting != null && waiting.ltime() > e.ltime()) {
            return;
        }
        if (coalescing.isEmpty()) {
            long batch = coalesceBatch;
            world.clock().schedule(USER_COALESCE_PERIOD, () -> {
                if (coalesceBatch == batch) {
                    flushUserEvents();
                }
            });
        }
        coalescing.put(e.name(), e);
        long batch = coalesceBatch;
        lastUserEventAt = world.clock().now();
        world.clock().schedule(USER_QUIESCENT_PERIOD, () -> {
            if (coalesceBatch == batch && world.clock().now() - lastUserEventAt >= USER_QUIESCENT_PERIOD) {
                flushUserEvents();
            }
        });
    }

    private void flushUserEvents() {
        coalesceBatch++;
        List<MemberlistMessages.UserEvent> out = List.copyOf(coalescing.values());
        coalescing.clear();
        if (!running || handler == null) {
            return;
        }
        for (MemberlistMessages.UserEvent e : out) {
            handler.process(e.name(), e.payload());
        }
    }

    /** What `events` would change here if they arrived now: those this agent has not seen, as its driver says. */
    private List<StateChange> effectsOfEvents(List<MemberlistMessages.UserEvent> events) {
        if (networkDb || handler == null || !running) {
            return List.of();
        }
        List<StateChange> out = new ArrayList<>();
        for (MemberlistMessages.UserEvent e : events) {
            if (e.ltime() >= eventMinTime && !seenEvents.contains(eventKey(e))) {
                out.addAll(handler.effectsOf(e.name(), e.payload()));
            }
        }
        return out;
    }

    /** The effects of the user events a gossip packet carries, at the agent it is sent to. */
    private static List<StateChange> effectsAt(SerfAgent target, byte[] payload) {
        if (target == null || target.networkDb || target.handler == null) {
            return List.of();
        }
        List<MemberlistMessages.UserEvent> carried = new ArrayList<>();
        try {
            for (byte[] part : MemberlistMessages.parts(MemberlistMessages.unwrap(payload))) {
                if (part.length > 1 && (part[0] & 0xff) == MemberlistMessages.USER
                        && (part[1] & 0xff) == MemberlistMessages.SERF_USER_EVENT) {
                    String eventName = MemberlistMessages.strAfter(part, "Name");
                    String eventPayload = MemberlistMessages.strAfter(part, "Payload");
                    if (eventName != null && eventPayload != null) {
                        carried.add(new MemberlistMessages.UserEvent(MemberlistMessages.uintAfter(part, "LTime"),
                                eventName, eventPayload));
                    }
                }
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return target.effectsOfEvents(carried);
    }

    private void queue(List<Broadcast> q, byte[] message, String key) {
        q.removeIf(b -> b.key.equals(key));
        q.add(new Broadcast(message, key, broadcastIds++));
    }

    private void every(long interval, long first, Runnable r) {
        world.clock().schedule(first, new Runnable() {
            @Override
            public void run() {
                if (!running) {
                    return;
                }
                r.run();
                world.clock().schedule(interval, this);
            }
        });
    }

    private List<SerfAgent> peers() {
        List<SerfAgent> out = new ArrayList<>();
        for (MemberlistMessages.Member m : members.values()) {
            if (!m.name().equals(name)) {
                SerfAgent a = at(world, Ipv4.fromBytes(m.address(), 0));
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private List<Integer> peerAddresses() {
        List<Integer> out = new ArrayList<>();
        for (MemberlistMessages.Member m : members.values()) {
            if (!m.name().equals(name)) {
                out.add(Ipv4.fromBytes(m.address(), 0));
            }
        }
        return out;
    }

    /** Broadcasts that fit in `room` bytes, fewest transmissions and newest first; each counts one more send. */
    private List<byte[]> takeBroadcasts(int room) {
        List<byte[]> out = new ArrayList<>();
        for (List<Broadcast> q : List.of(memberlistQueue, serfQueue)) {
            List<Broadcast> order = new ArrayList<>(q);
            order.sort(Comparator.comparingInt((Broadcast b) -> b.transmits).thenComparing(b -> -b.id));
            for (Broadcast b : order) {
                if (b.message.length + 2 > room) {
                    continue;
                }
                room -= b.message.length + 2;
                out.add(b.message);
                if (++b.transmits >= TRANSMIT_LIMIT) {
                    q.remove(b);
                }
            }
        }
        return out;
    }

    private void gossip() {
        List<Integer> targets = peerAddresses();
        if (targets.isEmpty() || memberlistQueue.isEmpty() && serfQueue.isEmpty()) {
            return;
        }
        List<byte[]> parts = takeBroadcasts(PACKET_LIMIT);
        if (parts.isEmpty()) {
            return;
        }
        byte[] msg = parts.size() == 1 ? parts.get(0) : MemberlistMessages.compound(parts);
        // gossip to peers that speak protocol 5 carries a CRC over the (compressed) message
        byte[] packet = MemberlistMessages.withCrc(MemberlistMessages.compressIfShorter(msg));
        for (int to : targets) {
            sendUdp(to, packet);
        }
    }

    /**
     * memberlist's probe: the next node of its list (shuffled again at each wrap), skipping itself;
     * a tick that wraps after skipping itself probes nobody, so with one peer some seconds go by
     * without a ping, as on the real wire.
     */
    private void probe() {
        int checked = 0;
        while (checked < probeOrder.size()) {
            if (probeIndex >= probeOrder.size()) {
                shuffle(probeOrder);
                probeIndex = 0;
                checked++;
                continue;
            }
            String next = probeOrder.get(probeIndex++);
            MemberlistMessages.Member target = members.get(next);
            if (next.equals(name) || target == null) {
                checked++;
                continue;
            }
            int to = Ipv4.fromBytes(target.address(), 0);
            long seq = ++sequence;
            byte[] ping = MemberlistMessages.ping(seq, target.name(), Ipv4.toBytes(address), name, PORT);
            pingsSentAt.put(seq, world.clock().now());
            sendUdp(to, withPiggyback(ping));
            return;
        }
    }

    private void shuffle(List<String> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, random.nextInt(i + 1));
        }
    }

    private byte[] withPiggyback(byte[] msg) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(msg);
        parts.addAll(takeBroadcasts(PACKET_LIMIT - msg.length - 2));
        byte[] whole = parts.size() == 1 ? msg : MemberlistMessages.compound(parts);
        return MemberlistMessages.compressIfShorter(whole);
    }

    private void periodicPushPull() {
        List<Integer> targets = peerAddresses();
        if (!targets.isEmpty()) {
            pushPull(targets.get(random.nextInt(targets.size())), false, () -> {});
        }
    }

    private void sendUdp(int to, byte[] payload) {
        if (!running) {
            return;
        }
        Forwarder fw = world.forwarder();
        byte[] wire = networkDb ? MemberlistEncryption.packet(world, sealing, payload) : payload;
        byte[] udp = Wire.udp(address, to, PORT, PORT, wire, true);
        long trace = fw.newTrace();
        List<StateChange> effects = effectsAt(at(world, to), payload);
        if (!effects.isEmpty()) {
            world.frames().annotate(trace, effects);
        }
        fw.sendIp(ns, Wire.ipv4(address, to, Wire.PROTO_UDP, 64, fw.nextIpId(ns), true, udp), trace);
    }

    private void received(byte[] frame, int payloadOffset) {
        if (!running) {
            return;
        }
        int end = Math.min(frame.length, Wire.ETH + Wire.u16(frame, Wire.ETH + 2));
        byte[] data = java.util.Arrays.copyOfRange(frame, payloadOffset, end);
        int from = Wire.ipSrc(frame);
        if (networkDb) {
            data = MemberlistEncryption.plaintext(world, data);
            if (data == null) {
                return; // not sealed with the swarm's keys: memberlist drops it
            }
        }
        byte[] msg;
        try {
            msg = MemberlistMessages.unwrap(data);
        } catch (RuntimeException e) {
            return; // not a memberlist message this agent can read
        }
        for (byte[] part : MemberlistMessages.parts(msg)) {
            handle(part, from);
        }
    }

    private void handle(byte[] part, int from) {
        if (part.length < 2) {
            return;
        }
        switch (part[0] & 0xff) {
            case MemberlistMessages.PING -> {
                long seq = MemberlistMessages.uintAfter(part, "SeqNo");
                world.clock().schedule(TURNAROUND, () -> sendUdp(from, withPiggyback(networkDb
                        ? MemberlistMessages.ackWithoutPayload(seq) : MemberlistMessages.ack(seq, vivaldi.coordinate()))));
            }
            case MemberlistMessages.ACK -> {
                long seq = MemberlistMessages.uintAfter(part, "SeqNo");
                Long sentAt = pingsSentAt.remove(seq);
                SerfAgent peer = at(world, from);
                if (sentAt != null && peer != null && !networkDb) {
                    double rtt = (world.clock().now() - sentAt) / 1e9;
                    vivaldi.update(peer.name, Vivaldi.fromAckPayload(part), rtt);
                }
            }
            case MemberlistMessages.ALIVE -> {
                String node = MemberlistMessages.strAfter(part, "Node");
                SerfAgent a = node == null ? null : agentNamed(node);
                if (a != null && !members.containsKey(node)) {
                    learnMember(a);
                }
            }
            case MemberlistMessages.USER -> {
                if (networkDb) {
                    if (networkDbHandler != null) {
                        networkDbHandler.received(java.util.Arrays.copyOfRange(part, 1, part.length), from);
                    }
                } else {
                    handleSerf(part);
                }
            }
            default -> {
                // suspect, dead and indirect pings do not occur between two healthy daemons
            }
        }
    }

    private void handleSerf(byte[] part) {
        int type = part[1] & 0xff;
        if (type == MemberlistMessages.SERF_JOIN) {
            long ltime = MemberlistMessages.uintAfter(part, "LTime");
            String node = MemberlistMessages.strAfter(part, "Node");
            if (node != null && statusLTimes.getOrDefault(node, -1L) < ltime) {
                statusLTimes.put(node, ltime);
                clock = Math.max(clock, ltime + 1);
                queue(serfQueue, part, "join:" + node);
            }
        } else if (type == MemberlistMessages.SERF_USER_EVENT) {
            long ltime = MemberlistMessages.uintAfter(part, "LTime");
            String eventName = MemberlistMessages.strAfter(part, "Name");
            String payload = MemberlistMessages.strAfter(part, "Payload");
            if (eventName != null && payload != null) {
                learnRemoteEvent(new MemberlistMessages.UserEvent(ltime, eventName, payload));
            }
        }
    }

    private SerfAgent agentNamed(String node) {
        for (SimHost h : world.hosts()) {
            SerfAgent a = agentOf(h);
            if (a != null && a.name.equals(node)) {
                return a;
            }
        }
        return null;
    }

    /** A member this agent had not known: it joins the list and its alive message is gossiped on. */
    private void learnMember(SerfAgent a) {
        MemberlistMessages.Member m = new MemberlistMessages.Member(a.name, Ipv4.toBytes(a.address), PORT, 1);
        members.put(a.name, m);
        // memberlist inserts a new node at a random place of its probe list
        probeOrder.add(random.nextInt(probeOrder.size() + 1), a.name);
        statusLTimes.putIfAbsent(a.name, 0L);
        queue(memberlistQueue, aliveOf(m), "alive:" + a.name);
    }

    /**
     * What a push-pull from `remote` teaches: its members, Serf's clocks (witnessed one below the
     * sent time, as Serf does), each member's status time, and the user events this agent lacks;
     * none of them when this agent is joining (`ignoreOld`), whose minimum event time becomes the remote's.
     */
    private void mergeRemoteState(SerfAgent remote, boolean ignoreOld) {
        if (ignoreOld) {
            eventMinTime = Math.max(eventMinTime, remote.eventClock);
        }
        for (String node : remote.members.keySet()) {
            if (!members.containsKey(node)) {
                SerfAgent a = agentNamed(node);
                if (a != null) {
                    learnMember(a);
                }
            }
        }
        clock = Math.max(clock, remote.clock);
        remote.statusLTimes.forEach((node, t) -> {
            if (statusLTimes.getOrDefault(node, -1L) < t) {
                statusLTimes.put(node, t);
            }
        });
        eventClock = Math.max(eventClock, remote.eventClock);
        for (MemberlistMessages.UserEvent e : List.copyOf(remote.events)) {
            learnRemoteEvent(e);
        }
    }

    private byte[] localState(boolean join) {
        if (networkDb) {
            return MemberlistEncryption.stream(world, sealing, MemberlistMessages.compressIfShorter(
                    MemberlistMessages.pushPullMembersOnly(join, new ArrayList<>(members.values()))));
        }
        return MemberlistMessages.compressIfShorter(MemberlistMessages.pushPull(join, new ArrayList<>(members.values()),
                clock, statusLTimes, eventClock, events, 1));
    }

    /** memberlist's pushPullNode: connect, send the local state, read the peer's, merge it, the peer closes. */
    private void pushPull(int peerAddress, boolean join, Runnable done) {
        SerfAgent peer = at(world, peerAddress);
        if (peer == null) {
            return;
        }
        int port = 32768 + random.nextInt(60999 - 32768 + 1);
        TcpConnection.Application app = new TcpConnection.Application() {
            @Override
            public void connected(TcpConnection c) {
                world.clock().schedule(TURNAROUND, () -> c.send(true, localState(join), peer.effectsOfEvents(events)));
            }

            @Override
            public void received(TcpConnection c, boolean atClient, byte[] data) {
                if (!atClient) {
                    // the peer answers with its own state first, then merges ours
                    world.clock().schedule(TURNAROUND, () -> {
                        c.send(false, peer.localState(join), join ? List.of() : effectsOfEvents(peer.events));
                        peer.mergeRemoteState(SerfAgent.this, false);
                        world.clock().schedule(CLOSE_DELAY, () -> c.finish(false));
                    });
                } else {
                    mergeRemoteState(peer, join);
                    done.run();
                }
            }

            @Override
            public void closedBy(TcpConnection c, boolean client) {
                if (!client) {
                    world.clock().schedule(CLOSE_DELAY / 2, () -> c.finish(true));
                }
            }
        };
        TcpConnection tcp = new TcpConnection(world, app, ns, address, port, peer.ns, peerAddress, PORT, 0,
                "serf-push-pull:" + name + ">" + peer.name + ":" + world.clock().now());
        tcp.connect();
    }
}
