/*
 * Swarm mode's gossip on the simulated wire: each node's network DB (libnetwork/networkdb, on
 * memberlist, TCP and UDP 7946) starts with the node, joins the manager with a push-pull and then
 * probes and gossips as memberlist does (SerfAgent); it stops when the node leaves or its daemon
 * stops. Every packet and TCP message is encrypted with the swarm's gossip keys as real swarm does
 * (memberlist's AES-GCM framing, see MemberlistEncryption).
 *
 * On top of memberlist, the network DB's own messages, as a real two-node swarm (Docker 20.10 on
 * this machine, src/test/resources/gossip/docker20-swarm-*.pcap) put them on the wire:
 * - a node attaches to an overlay network: its network event (node joined network) is gossiped to
 *   every node of the cluster, 4 times 200 ms apart, and every node that learns it sends it on 4
 *   times (84 bytes sealed each way, as measured); 190 ms after the attach the node bulk-syncs the
 *   network's table with each node already in it over a TCP connection of its own, and each answers
 *   with its own bulk sync on another connection, 4 ms later;
 * - an endpoint is added on a network other nodes are in: its table events (endpoint_table and
 *   overlay_peer_table, in networkdb's compound message) are gossiped to those nodes 4 times, and
 *   each receiver sends them on 4 times, starting 1 s after the network's bulk sync (or 200 ms after
 *   the endpoint, if later), as measured.
 * The messages are laid out as networkdb's protobuf (GossipMessage, NetworkEvent, TableEvent,
 * BulkSyncMessage) with the real node names, network IDs, table names and endpoint keys; what they
 * carry beyond that (endpoint and peer records, the bulk sync's entries) is not modelled beyond its
 * size: seeded filler sized so that the sealed messages have the measured sizes in the lab's
 * situation (bulk syncs without entries, of ingress at a join: 125 bytes from the joiner, 121 back;
 * with one container each on the overlay: 685 and 1031; one container's table events: 510). For
 * other counts of containers each one more adds an estimate (the joiner's measured entries, 560,
 * to a bulk sync; the table events' packet less its framing to a compound). Only containers'
 * endpoints have entries here; the ingress and load-balancer sandboxes have none, and a worker's
 * network DB joins ingress at its join though the simulator gives it no ingress_sbox. Measured but
 * not simulated: the receiver's resend of table events is one byte shorter (509), node2's ingress
 * network event went out 3 times each way (4 here), the table events that follow the ingress join
 * (371 and 374 bytes), those of a swarm leave, an endpoint's removal, and the push-pull's network
 * DB state. Receivers do not program peers from overlay_peer_table: overlay peers stay programmed
 * from the swarm's replicated state, as before, so no frame carries StateChange effects.
 */
package org.overlaylab.simulator.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.docker.gossip.MemberlistEncryption;
import org.overlaylab.simulator.docker.gossip.SerfAgent;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

final class SwarmNetworkDbGossip implements SwarmGossip {
    /** networkdb's GossipMessage types. */
    static final int NETWORK_EVENT = 1;
    static final int TABLE_EVENT = 2;
    static final int BULK_SYNC = 4;
    static final int COMPOUND = 5;
    static final int RETRANSMITS = 4;
    static final long GOSSIP_INTERVAL = 200 * VirtualClock.MILLIS;
    /** Measured: from the manager's assignment of the network (2377) to the node's bulk sync. */
    static final long BULK_SYNC_AFTER_ATTACH = 190 * VirtualClock.MILLIS;
    /** Measured: from the push-pull of a node's join to its bulk sync of the ingress network. */
    static final long BULK_SYNC_AFTER_JOIN = 650 * VirtualClock.MILLIS;
    /** Measured: from the bulk sync to the network event's first packet, and to the table events'. */
    static final long NETWORK_EVENT_AFTER_SYNC = 196 * VirtualClock.MILLIS;
    static final long TABLE_EVENTS_AFTER_SYNC = 996 * VirtualClock.MILLIS;
    /** Measured: from a packet's arrival to the receiver's first resend of it (its gossip tick). */
    static final long RESEND_AFTER = 83 * VirtualClock.MILLIS;
    /** Measured: from the joining node's bulk sync to the answer's connection. */
    static final long ANSWER_AFTER = 4 * VirtualClock.MILLIS;

    /** Sealed sizes measured on the real wire (TCP payloads and UDP payloads). */
    static final int SYNC_EMPTY_JOINER = 125;
    static final int SYNC_EMPTY_ANSWER = 121;
    static final int SYNC_LAB_JOINER = 685;
    static final int SYNC_LAB_ANSWER = 1031;
    /** The lab's containers per node on its overlay when the bulk sync of 685/1031 bytes went out. */
    static final int LAB_ENDPOINTS = 1;
    /** The table events of node2's container endpoint, sealed. */
    static final int TABLE_EVENTS_LAB = 510;
    /** Estimated: one endpoint more in a bulk sync, the joiner's measured entries. */
    static final int SYNC_PER_ENDPOINT = SYNC_LAB_JOINER - SYNC_EMPTY_JOINER;
    /** Estimated: one endpoint more in a compound of table events, the measured packet less its UDP framing and compound header. */
    static final int TABLE_EVENTS_PER_ENDPOINT = TABLE_EVENTS_LAB - MemberlistEncryption.OVERHEAD - 5 - 1 - 4;

    private final SimWorld world;
    private final SplittableRandom filler;
    /** The nodes in each network, in the order they attached. */
    private final Map<String, Set<SwarmCluster.Node>> networkNodes = new HashMap<>();
    /** Each node's endpoints on each network, by endpoint ID. */
    private final Map<SwarmCluster.Node, Map<String, Set<String>>> endpoints = new HashMap<>();
    /** When each node bulk-synced each network. */
    private final Map<SwarmCluster.Node, Map<String, Long>> syncedAt = new HashMap<>();
    /** What each node's network DB has seen of the gossiped messages. */
    private final Map<SwarmCluster.Node, Set<String>> seen = new HashMap<>();
    /** Networks a node attached to before its network DB had joined the cluster. */
    private final Map<SwarmCluster.Node, List<String>> attachedBeforeJoin = new HashMap<>();
    private final Map<SwarmCluster.Node, Long> ltimes = new HashMap<>();
    /** The network each compound of table events is about (each of its events names it). */
    private final Map<String, String> tableNetworks = new HashMap<>();

    SwarmNetworkDbGossip(SimWorld world) {
        this.world = world;
        this.filler = world.random().stream("networkdb-values");
    }

    /** The node's network DB starts under networkdb's node ID, 12 hex digits: the name `network inspect` shows among Peers. */
    void start(SwarmCluster.Node node) {
        String id = world.random().hex("networkdb-name:" + node.engine().host().name(), 6).substring(0, 12);
        SerfAgent agent = SerfAgent.networkDb(world, node.engine().host(), node.address(), id);
        agent.onNetworkDbMessages((message, from) -> received(node, message));
        node.engine().setSwarmGossipAgent(agent);
    }

    @Override
    public void nodeJoined(SwarmCluster.Node node, SwarmCluster.Node via) {
        start(node);
        node.engine().swarmGossipAgent().nodeJoined(via.address());
        // the networks it attached to meanwhile, and ingress: every node's network DB joins it once the
        // manager hands it the network (the simulator gives a worker no ingress_sbox, the network DB joins all the same)
        Set<String> pending = new LinkedHashSet<>(attachedBeforeJoin.getOrDefault(node, List.of()));
        attachedBeforeJoin.remove(node);
        String ingress = world.swarm() == null ? null : world.swarm().ingressId();
        if (ingress != null && !networkNodes.getOrDefault(ingress, Set.of()).contains(node)) {
            pending.add(ingress);
        }
        for (String nid : pending) {
            world.clock().schedule(BULK_SYNC_AFTER_JOIN, () -> announce(node, nid));
        }
    }

    @Override
    public void nodeLeft(SwarmCluster.Node node) {
        node.engine().setSwarmGossipAgent(null);
        networkNodes.values().forEach(s -> s.remove(node));
        endpoints.remove(node);
        syncedAt.remove(node);
        seen.remove(node);
        attachedBeforeJoin.remove(node);
    }

    @Override
    public void networkAttached(SwarmCluster.Node node, String networkId, int vni) {
        if (agent(node) == null) {
            attachedBeforeJoin.computeIfAbsent(node, n -> new ArrayList<>()).add(networkId);
            return;
        }
        world.clock().schedule(BULK_SYNC_AFTER_ATTACH, () -> announce(node, networkId));
    }

    /** networkdb's JoinNetwork: the node is in the network, gossips that, and bulk-syncs with the nodes already there. */
    private void announce(SwarmCluster.Node node, String networkId) {
        SerfAgent agent = agent(node);
        if (agent == null) {
            return;
        }
        List<SwarmCluster.Node> already = new ArrayList<>(networkNodes.computeIfAbsent(networkId, n -> new LinkedHashSet<>()));
        if (already.contains(node)) {
            return;
        }
        networkNodes.get(networkId).add(node);
        syncedAt.computeIfAbsent(node, n -> new HashMap<>()).put(networkId, world.clock().now());
        byte[] event = gossipMessage(NETWORK_EVENT, concat(varintField(1, 1), varintField(2, ltime(node)),
                stringField(3, agent.nodeName()), stringField(4, networkId)));
        world.clock().schedule(NETWORK_EVENT_AFTER_SYNC, () -> broadcast(node, event, null));
        for (SwarmCluster.Node peer : already) {
            SerfAgent peerAgent = agent(peer);
            if (peerAgent == null) {
                continue;
            }
            agent.sendNetworkDbStream(Ipv4.parse(peer.address()), bulkSync(node, networkId, false), () ->
                    world.clock().schedule(ANSWER_AFTER, () -> {
                        SerfAgent answering = agent(peer);
                        if (answering != null) {
                            answering.sendNetworkDbStream(Ipv4.parse(node.address()), bulkSync(peer, networkId, true), () -> {});
                        }
                    }));
        }
        // endpoints added before the network was joined go out with the first table gossip
        Set<String> mine = entriesOf(node, networkId);
        if (!mine.isEmpty() && !already.isEmpty()) {
            world.clock().schedule(TABLE_EVENTS_AFTER_SYNC, () -> broadcast(node, tableEvents(node, networkId, mine), networkId));
        }
    }

    @Override
    public void endpointAdded(SwarmCluster.Node node, String networkId, String endpointId, String name, String address,
                              String mac) {
        endpoints.computeIfAbsent(node, n -> new HashMap<>()).computeIfAbsent(networkId, n -> new LinkedHashSet<>())
                .add(endpointId);
        Long synced = syncedAt.getOrDefault(node, Map.of()).get(networkId);
        Set<SwarmCluster.Node> inNetwork = networkNodes.getOrDefault(networkId, Set.of());
        if (synced == null || inNetwork.stream().noneMatch(n -> n != node) || !entriesOf(node, networkId).contains(endpointId)) {
            return; // not yet announced (the announcement takes it along), nobody to tell, or not a table entry
        }
        long start = Math.max(GOSSIP_INTERVAL, synced + TABLE_EVENTS_AFTER_SYNC - world.clock().now());
        world.clock().schedule(start, () -> {
            if (entriesOf(node, networkId).contains(endpointId)) {
                broadcast(node, tableEvents(node, networkId, Set.of(endpointId)), networkId);
            }
        });
    }

    @Override
    public void endpointRemoved(SwarmCluster.Node node, String networkId, String endpointId) {
        Map<String, Set<String>> mine = endpoints.get(node);
        if (mine != null && mine.containsKey(networkId)) {
            mine.get(networkId).remove(endpointId);
        }
    }

    /** The node's endpoints whose entries the network DB holds; the ingress network's sandboxes are not among them (see the class comment). */
    private Set<String> entriesOf(SwarmCluster.Node node, String networkId) {
        if (world.swarm() != null && networkId.equals(world.swarm().ingressId())) {
            return Set.of();
        }
        return endpoints.getOrDefault(node, Map.of()).getOrDefault(networkId, Set.of());
    }

    private SerfAgent agent(SwarmCluster.Node node) {
        SerfAgent a = node.engine().swarmGossipAgent();
        return a != null && a.running() ? a : null;
    }

    private long ltime(SwarmCluster.Node node) {
        return ltimes.merge(node, 1L, Long::sum);
    }

    /**
     * `from` sends `message` 4 times, 200 ms apart: a network event (`networkId` null) to every
     * other node of the cluster, table events to the other nodes in `networkId`.
     */
    private void broadcast(SwarmCluster.Node from, byte[] message, String networkId) {
        seen.computeIfAbsent(from, n -> new HashSet<>()).add(key(message));
        for (int i = 0; i < RETRANSMITS; i++) {
            world.clock().schedule(i * GOSSIP_INTERVAL, () -> {
                SerfAgent agent = agent(from);
                if (agent == null) {
                    return;
                }
                for (SwarmCluster.Node to : recipients(from, networkId)) {
                    agent.sendNetworkDbPacket(Ipv4.parse(to.address()), message, List.of());
                }
            });
        }
    }

    private List<SwarmCluster.Node> recipients(SwarmCluster.Node from, String networkId) {
        List<SwarmCluster.Node> out = new ArrayList<>();
        Iterable<SwarmCluster.Node> candidates = networkId == null ? world.swarm() == null ? List.of() : world.swarm().nodes()
                : networkNodes.getOrDefault(networkId, Set.of());
        for (SwarmCluster.Node n : candidates) {
            if (n != from && n.member() && agent(n) != null) {
                out.add(n);
            }
        }
        return out;
    }

    /** What a node's network DB does with a message it received: a gossiped event new to it is sent on. */
    private void received(SwarmCluster.Node at, byte[] message) {
        if (message.length < 2 || message[0] != 0x08) {
            return;
        }
        int type = message[1];
        if (type != NETWORK_EVENT && type != COMPOUND) {
            return; // a bulk sync: its entries are taken in, nothing is sent on
        }
        if (!seen.computeIfAbsent(at, n -> new HashSet<>()).add(key(message))) {
            return;
        }
        String networkId = type == COMPOUND ? tableNetworks.get(key(message)) : null;
        if (type == COMPOUND && networkId == null) {
            return;
        }
        world.clock().schedule(RESEND_AFTER, () -> broadcast(at, message, networkId));
    }

    private static String key(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1);
    }

    /** The bulk sync of `networkId` from `node`: its name, the network, and its entries (filler of their size). */
    private byte[] bulkSync(SwarmCluster.Node node, String networkId, boolean unsolicited) {
        int n = entriesOf(node, networkId).size();
        int sealed = n == 0 ? (unsolicited ? SYNC_EMPTY_ANSWER : SYNC_EMPTY_JOINER)
                : (unsolicited ? SYNC_LAB_ANSWER : SYNC_LAB_JOINER) + (n - LAB_ENDPOINTS) * SYNC_PER_ENDPOINT;
        byte[] head = concat(varintField(1, ltime(node)), unsolicited ? varintField(2, 1) : new byte[0],
                stringField(3, agent(node).nodeName()), stringField(4, networkId));
        // the sealed TCP message: header, encryption's overhead, memberlist's user-message type, then this
        return fillTo(BULK_SYNC, head, 5, sealed - MemberlistEncryption.STREAM_HEADER - MemberlistEncryption.OVERHEAD - 1);
    }

    /**
     * A compound of the table events of `endpointIds` (an endpoint_table and an overlay_peer_table
     * entry each), as long as measured: TABLE_EVENTS_LAB sealed for the lab's endpoints, and
     * TABLE_EVENTS_PER_ENDPOINT more or less for each endpoint more or fewer.
     */
    private byte[] tableEvents(SwarmCluster.Node node, String networkId, Set<String> endpointIds) {
        List<byte[]> heads = new ArrayList<>();
        for (String eid : endpointIds) {
            for (String table : List.of("endpoint_table", "overlay_peer_table")) {
                heads.add(concat(varintField(1, 1), varintField(2, ltime(node)), stringField(3, agent(node).nodeName()),
                        stringField(4, networkId), stringField(5, table), stringField(6, eid)));
            }
        }
        int sealed = TABLE_EVENTS_LAB + (endpointIds.size() - LAB_ENDPOINTS) * TABLE_EVENTS_PER_ENDPOINT;
        // the sealed UDP packet: encryption's overhead, memberlist's CRC header and user-message type, then this
        int room = sealed - MemberlistEncryption.OVERHEAD - 5 - 1;
        byte[] best = compound(heads, 0);
        for (int total = room - best.length; total > 0; total--) {
            byte[] m = compound(heads, total);
            if (m.length <= room) {
                best = m;
                break;
            }
        }
        tableNetworks.put(key(best), networkId);
        return best;
    }

    /** The compound with `total` filler bytes shared out as the events' values. */
    private byte[] compound(List<byte[]> heads, int total) {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        SplittableRandom values = filler.split();
        for (int i = 0; i < heads.size(); i++) {
            int n = total / heads.size() + (i == heads.size() - 1 ? total % heads.size() : 0);
            byte[] event = gossipMessage(TABLE_EVENT, n == 0 ? heads.get(i) : concat(heads.get(i), bytesField(7, random(values, n))));
            events.writeBytes(bytesField(1, event));
        }
        return gossipMessage(COMPOUND, events.toByteArray());
    }

    /** GossipMessage{type, data: head + a filler field numbered `fillerField`}, `room` bytes long at most (exactly, where varints allow). */
    private byte[] fillTo(int type, byte[] head, int fillerField, int room) {
        for (int fill = Math.max(0, room - head.length); fill >= 0; fill--) {
            byte[] body = fill == 0 ? head : concat(head, bytesField(fillerField, random(filler, fill)));
            byte[] msg = gossipMessage(type, body);
            if (msg.length <= room) {
                return msg;
            }
        }
        return gossipMessage(type, head);
    }

    private static byte[] random(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] gossipMessage(int type, byte[] data) {
        return concat(varintField(1, type), bytesField(2, data));
    }

    private static byte[] varintField(int field, long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(field << 3);
        varint(out, v);
        return out.toByteArray();
    }

    private static byte[] stringField(int field, String s) {
        return bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytesField(int field, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(field << 3 | 2);
        varint(out, b.length);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
