/*
 * What one lab does to the same container-to-container ping, measured from the frames a backend
 * moved (the simulator's, or the real ones tcpdump saw on netns): the underlay frame's header
 * stack, its overhead over the container's own frame, the largest ICMP payload that fits, the TTL
 * the receiver sees and the source address it sees (a masquerading host rewrites it), the
 * control-plane traffic that came first and the forwarding state that carried the ping; with the
 * backend and where its frames were captured.
 */
package org.overlaylab.app.compare;

import java.util.List;

public record LabComparison(String labId, String labTitle, int stepNumber, String stepTitle, String pingCommand,
                            String sender, String receiver, List<Header> underlayHeaders, int underlayFrameBytes,
                            int containerFrameBytes, int underlayMtu, String innerDevice, int innerMtu,
                            int receivedTtl, List<ControlTraffic> controlTraffic, List<String> forwardingState,
                            String underlayCapturePoint, String backend, String capturedAt,
                            String sourceAtReceiver) {

    /** One header of the underlay frame (or the ICMP data at its end) and its size in bytes. */
    public record Header(String name, int bytes, boolean tunnel) {}

    /** Control-plane packets of one protocol seen up to the ping, each packet counted once. */
    public record ControlTraffic(String protocol, int packets, long bytes) {}

    public LabComparison {
        underlayHeaders = List.copyOf(underlayHeaders);
        controlTraffic = List.copyOf(controlTraffic);
        forwardingState = List.copyOf(forwardingState);
    }

    /** Bytes the underlay frame carries beyond the frame the container sent. */
    public int overheadBytes() {
        return underlayFrameBytes - containerFrameBytes;
    }

    /**
     * The largest ICMP echo payload whose packet fits the underlay MTU once wrapped: the underlay IP
     * packet is the container's IP packet plus the overhead, and 28 bytes go to IPv4 and ICMP headers.
     */
    public int maxPayloadOnUnderlay() {
        return underlayMtu - overheadBytes() - IPV4_AND_ICMP;
    }

    /** The largest ICMP echo payload the container's path lets out unfragmented (its smallest MTU). */
    public int maxPayloadInside() {
        return innerMtu - IPV4_AND_ICMP;
    }

    /** The sender's own address, from `sender` ("node1/test1 10.15.64.2"). */
    public String senderAddress() {
        return sender.substring(sender.lastIndexOf(' ') + 1);
    }

    public int controlPackets() {
        return controlTraffic.stream().mapToInt(ControlTraffic::packets).sum();
    }

    public long controlBytes() {
        return controlTraffic.stream().mapToLong(ControlTraffic::bytes).sum();
    }

    /** The header stack as text: `Ethernet 14 + IPv4 20 + UDP 8 + ...`, the ICMP data apart. */
    public String headerStack() {
        StringBuilder sb = new StringBuilder();
        for (Header h : underlayHeaders) {
            if (h.name().equals(DATA)) {
                continue;
            }
            sb.append(sb.isEmpty() ? "" : " + ").append(h.name()).append(' ').append(h.bytes());
        }
        return sb.toString();
    }

    static final int IPV4_AND_ICMP = 28;
    /** The name of the last segment: the ICMP echo data, not a header. */
    public static final String DATA = "data";
}
