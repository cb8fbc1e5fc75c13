/*
 * What a Docker daemon tells its gossip layer (Serf over memberlist on 7946): another daemon
 * joined the cluster, an endpoint of an overlay network came or went on this host, the daemon
 * stopped. The classic overlay driver (cluster store) and swarm mode both call these.
 */
package org.overlaylab.simulator.docker.gossip;

import org.overlaylab.model.net.Cidr;

public interface DockerGossip {
    /** Serf's Join: a push-pull over TCP to the daemon advertising `peerAddress`, then gossip with it. */
    void nodeJoined(String peerAddress);

    /** libnetwork's "join" user event for an endpoint of network `networkId` on this host. */
    void endpointAdded(String networkId, String endpointId, Cidr address, String mac);

    /** libnetwork's "leave" user event for that endpoint. */
    void endpointRemoved(String networkId, String endpointId, Cidr address, String mac);

    /** The daemon stopped: its gossip stops and its port closes. */
    void stop();
}
