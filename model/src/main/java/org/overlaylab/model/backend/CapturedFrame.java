/*
 * One frame as seen at one device: its bytes from the Ethernet header on, when (nanoseconds since
 * the epoch; virtual time in the simulator), where, in which direction, and which packet it belongs
 * to. `traceId` is shared by every hop of one packet, including the outer frame that carries it
 * through a tunnel, so the UI can follow a ping from container to container. `hop` counts the
 * devices the packet has passed. Drops carry the kernel's reason and the frame that was dropped.
 */
package org.overlaylab.model.backend;

public record CapturedFrame(long sequence, long timeNanos, String host, String namespace, String device,
                            Direction direction, byte[] data, int originalLength, long traceId, int hop,
                            String dropReason) {

    public enum Direction { IN, OUT, DROP }

    public boolean dropped() {
        return direction == Direction.DROP;
    }
}
