/*
 * One frame as seen at one device: its bytes from the Ethernet header on, when (nanoseconds since
 * the epoch; virtual time in the simulator), where, in which direction, and which packet it belongs
 * to. `traceId` is shared by every hop of one packet, including the outer frame that carries it
 * through a tunnel, so the UI can follow a ping from container to container. `hop` counts the
 * devices the packet has passed. Drops carry the kernel's reason and the frame that was dropped.
 * `effects` are the changes of state the frame caused on a host (the route a BGP UPDATE installed);
 * most frames cause none.
 */
package org.overlaylab.model.backend;

public record CapturedFrame(long sequence, long timeNanos, String host, String namespace, String device,
                            Direction direction, byte[] data, int originalLength, long traceId, int hop,
                            String dropReason, java.util.List<StateChange> effects) {

    public enum Direction { IN, OUT, DROP }

    public CapturedFrame {
        effects = effects == null ? java.util.List.of() : java.util.List.copyOf(effects);
    }

    /** A frame that changed nothing beyond itself. */
    public CapturedFrame(long sequence, long timeNanos, String host, String namespace, String device,
                         Direction direction, byte[] data, int originalLength, long traceId, int hop,
                         String dropReason) {
        this(sequence, timeNanos, host, namespace, device, direction, data, originalLength, traceId, hop, dropReason,
                java.util.List.of());
    }

    /** Control plane (BGP, etcd, gossip, ARP) or data plane, from the frame's protocol. */
    public Plane plane() {
        return Plane.of(data);
    }

    public boolean dropped() {
        return direction == Direction.DROP;
    }
}
