/*
 * Swarm mode's gossip on the simulated wire: each node's network DB (libnetwork/networkdb, on
 * memberlist, TCP and UDP 7946) starts with the node, joins the manager with a push-pull and then
 * probes and gossips as memberlist does; it stops when the node leaves or its daemon stops.
 * Every packet and TCP message is encrypted with the swarm's gossip keys as real swarm does
 * (memberlist's AES-GCM framing, see MemberlistEncryption); what it encrypts is simulated at the
 * memberlist level only, membership traffic (see SerfAgent): the network DB's table and network
 * events for endpoints and attached networks, its push-pull UserState and its TCP bulk syncs are
 * not modelled, so push-pulls are smaller than real ones and those bulk-sync connections are absent.
 */
package org.overlaylab.simulator.docker;

import org.overlaylab.simulator.docker.gossip.SerfAgent;
import org.overlaylab.simulator.world.SimWorld;

final class SwarmNetworkDbGossip implements SwarmGossip {
    private final SimWorld world;

    SwarmNetworkDbGossip(SimWorld world) {
        this.world = world;
    }

    /** The node's network DB starts under networkdb's node ID, 12 hex digits: the name `network inspect` shows among Peers. */
    void start(SwarmCluster.Node node) {
        String id = world.random().hex("networkdb-name:" + node.engine().host().name(), 6).substring(0, 12);
        node.engine().setSwarmGossipAgent(SerfAgent.networkDb(world, node.engine().host(), node.address(), id));
    }

    @Override
    public void nodeJoined(SwarmCluster.Node node, SwarmCluster.Node via) {
        start(node);
        node.engine().swarmGossipAgent().nodeJoined(via.address());
    }

    @Override
    public void nodeLeft(SwarmCluster.Node node) {
        node.engine().setSwarmGossipAgent(null);
    }
}
