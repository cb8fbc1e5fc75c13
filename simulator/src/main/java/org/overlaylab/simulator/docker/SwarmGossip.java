/*
 * The points where swarm-mode Docker daemons gossip (memberlist and serf on TCP/UDP 7946, the
 * network DB on top): a node joins or leaves, a node attaches to an overlay network, a container's
 * endpoint is added or removed. The simulator's swarm calls these; the default sends nothing on
 * the wire, and a gossip simulation implements this interface to put the messages there:
 * SwarmNetworkDbGossip, set at `swarm init`, sends memberlist's membership traffic and the network
 * DB's network events, bulk syncs and table events.
 */
package org.overlaylab.simulator.docker;

public interface SwarmGossip {
    /** Sends nothing: the cluster state is shared without gossip frames on the underlay. */
    SwarmGossip SILENT = new SwarmGossip() {};

    /** `node` joined the cluster through `via` (the manager it dialled): memberlist's push-pull with it. */
    default void nodeJoined(SwarmCluster.Node node, SwarmCluster.Node via) {}

    /** `node` left the cluster: its leave intent is gossiped. */
    default void nodeLeft(SwarmCluster.Node node) {}

    /** `node` attached to overlay network `networkId` (VNI `vni`): it joins the network's gossip group. */
    default void networkAttached(SwarmCluster.Node node, String networkId, int vni) {}

    /** A container's endpoint was added on `node`: the network DB's table events with its name, address and MAC. */
    default void endpointAdded(SwarmCluster.Node node, String networkId, String endpointId, String name, String address,
                               String mac) {}

    /** The endpoint was removed from `node`: the table entry's delete event. */
    default void endpointRemoved(SwarmCluster.Node node, String networkId, String endpointId) {}
}
