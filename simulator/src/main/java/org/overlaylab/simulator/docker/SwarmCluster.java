/*
 * Docker's swarm mode across the simulated hosts (Docker 20.10, swarmkit): the cluster the first
 * `docker swarm init` makes, its nodes with their roles and states, the join tokens, and the
 * cluster state the managers replicate with Raft. That state (networks, their VNIs and address
 * pools, every endpoint and the node it lives on) is held in one key tree, laid out as libnetwork
 * lays out a cluster store, so the overlay driver programs its peers from it whichever way the
 * networks are shared: in swarm mode the endpoints really travel in the gossip-based network DB,
 * which SwarmGossip is the hook for.
 */
package org.overlaylab.simulator.docker;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class SwarmCluster {
    /** The manager's Raft and control API port: TCP 2377. */
    public static final int MANAGER_PORT = 2377;
    /** memberlist's gossip port, TCP and UDP 7946. */
    public static final int GOSSIP_PORT = 7946;
    /** swarmkit's dispatcher heartbeat period (5 s) times its grace multiplier (3): a silent node is Down after it. */
    static final long NODE_DOWN_AFTER = 15 * VirtualClock.SECONDS;

    public enum Role { MANAGER, WORKER }

    /** One node as the managers record it; a node that leaves keeps its entry, Down, until `docker node rm`. */
    public static final class Node {
        final String id;
        final DockerEngine engine;
        final String hostname;
        final Role role;
        final String address;
        long leftAt = -1;

        Node(String id, DockerEngine engine, String hostname, Role role, String address) {
            this.id = id;
            this.engine = engine;
            this.hostname = hostname;
            this.role = role;
            this.address = address;
        }

        public String id() {
            return id;
        }

        public String hostname() {
            return hostname;
        }

        public Role role() {
            return role;
        }

        public String address() {
            return address;
        }

        public DockerEngine engine() {
            return engine;
        }

        /** Ready while it is a member; Down once its missing heartbeats outlast the grace period. */
        public String status(long now) {
            return leftAt >= 0 && now - leftAt >= NODE_DOWN_AFTER ? "Down" : "Ready";
        }

        public boolean member() {
            return leftAt < 0;
        }
    }

    private final SimWorld world;
    private final String clusterId;
    private final String workerToken;
    private final String managerToken;
    private final String managerAddress;
    private final V2Store state;
    private final List<Node> nodes = new ArrayList<>();
    private SwarmGossip gossip = SwarmGossip.SILENT;
    private String ingressId;

    private SwarmCluster(SimWorld world, String managerAddress) {
        this.world = world;
        this.managerAddress = managerAddress;
        this.clusterId = newId(world, "swarm-cluster-id");
        // SWMTKN-1-<the root CA's digest, base36, 50 digits>-<a random secret, base36, 25 digits>
        String caDigest = base36(world.random().stream("swarm-ca-digest"), 32, 50);
        this.workerToken = "SWMTKN-1-" + caDigest + "-" + newId(world, "swarm-worker-secret");
        this.managerToken = "SWMTKN-1-" + caDigest + "-" + newId(world, "swarm-manager-secret");
        this.state = new V2Store(world.clock()::now);
    }

    /** `docker swarm init` on `engine`: a cluster of one manager, which is also the Raft leader. */
    static SwarmCluster init(SimWorld world, DockerEngine engine, String advertiseAddress) {
        SwarmCluster c = new SwarmCluster(world, advertiseAddress + ":" + MANAGER_PORT);
        c.nodes.add(new Node(newId(world, "swarm-node-id"), engine, engine.host().hostname(), Role.MANAGER,
                advertiseAddress));
        return c;
    }

    /** A node joins with a token; null when the token is not this cluster's. */
    Node join(DockerEngine engine, String token, String advertiseAddress) {
        Role role = token.equals(managerToken) ? Role.MANAGER : token.equals(workerToken) ? Role.WORKER : null;
        if (role == null) {
            return null;
        }
        Node n = new Node(newId(world, "swarm-node-id"), engine, engine.host().hostname(), role, advertiseAddress);
        nodes.add(n);
        gossip.nodeJoined(n, leader());
        return n;
    }

    /** The node leaves: it stops its heartbeats; the managers keep its entry and mark it Down later. */
    void leave(Node n) {
        n.leftAt = world.clock().now();
        gossip.nodeLeft(n);
    }

    public Node leader() {
        return nodes.get(0);
    }

    /** Nodes as `docker node ls` lists them: by hostname, then by ID. */
    public List<Node> nodes() {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(Node::hostname).thenComparing(Node::id));
        return sorted;
    }

    public Node nodeOf(DockerEngine engine) {
        for (Node n : nodes) {
            if (n.engine == engine && n.member()) {
                return n;
            }
        }
        return null;
    }

    public String clusterId() {
        return clusterId;
    }

    public String token(Role role) {
        return role == Role.MANAGER ? managerToken : workerToken;
    }

    public String managerAddress() {
        return managerAddress;
    }

    /** The replicated cluster state: networks, VNIs, address pools and endpoints, by libnetwork's keys. */
    public V2Store state() {
        return state;
    }

    public SwarmGossip gossip() {
        return gossip;
    }

    /** Where gossip events go: the default sends nothing; a memberlist/serf simulation plugs in here. */
    public void setGossip(SwarmGossip gossip) {
        this.gossip = gossip == null ? SwarmGossip.SILENT : gossip;
    }

    String ingressId() {
        return ingressId;
    }

    void setIngressId(String id) {
        this.ingressId = id;
    }

    /** swarmkit's identity.NewID: 128 random bits in base 36, zero-padded to 25 digits. */
    static String newId(SimWorld world, String purpose) {
        return base36(world.random().stream(purpose), 16, 25);
    }

    private static String base36(SplittableRandom r, int bytes, int digits) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        String s = new BigInteger(1, b).toString(36);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
