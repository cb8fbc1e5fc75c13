/*
 * A change of state that a frame caused on a host, such as the route a BGP UPDATE installed, kept
 * with the frame so a view can link the message to its effect and highlight the route it made.
 */
package org.overlaylab.model.backend;

/**
 * @param host        the lab host whose state changed (its name in the lab file)
 * @param kind        what changed, as {@link Kind}
 * @param subject     the thing that changed, in its usual notation (a route's destination, "10.20.5.0/26")
 * @param description the change in words, as the lab would say it ("installs 10.20.5.0/26 via
 *                    192.168.205.11 on node1")
 */
public record StateChange(String host, Kind kind, String subject, String description) {

    /**
     * Routes, and the neighbour (ARP) and forwarding-database entries an overlay agent such as
     * flannel or Docker's overlay driver writes, and takes away again when a peer leaves.
     */
    public enum Kind { ROUTE_ADDED, ROUTE_REMOVED, NEIGH_ADDED, FDB_ADDED, NEIGH_REMOVED, FDB_REMOVED }

    public StateChange {
        if (host == null || kind == null || subject == null || description == null) {
            throw new IllegalArgumentException("a state change names its host, kind, subject and description");
        }
    }
}
