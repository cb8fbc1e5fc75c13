/*
 * The Ethernet and IPv4 header values a frame carries on one hop: MACs, addresses, TTL,
 * identification and the don't-fragment bit. MACs are 48-bit numbers (see Frames.mac), IPv4
 * addresses unsigned 32-bit ints (see org.overlaylab.model.net.Ipv4).
 */
package org.overlaylab.packets.build;

public record Hop(long srcMac, long dstMac, int srcIp, int dstIp, int ttl, int identification,
                  boolean dontFragment, int tos) {

    public Hop {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("TTL out of range: " + ttl);
        }
        if (identification < 0 || identification > 0xffff) {
            throw new IllegalArgumentException("IP identification out of range: " + identification);
        }
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("TOS out of range: " + tos);
        }
    }

    /** TTL 64, identification 0, DF set: what Linux sends for a ping or a tunnel packet by default. */
    public static Hop of(long srcMac, long dstMac, int srcIp, int dstIp) {
        return new Hop(srcMac, dstMac, srcIp, dstIp, 64, 0, true, 0);
    }

    public Hop withTtl(int newTtl) {
        return new Hop(srcMac, dstMac, srcIp, dstIp, newTtl, identification, dontFragment, tos);
    }

    public Hop withIdentification(int id) {
        return new Hop(srcMac, dstMac, srcIp, dstIp, ttl, id, dontFragment, tos);
    }

    public Hop withDontFragment(boolean df) {
        return new Hop(srcMac, dstMac, srcIp, dstIp, ttl, identification, df, tos);
    }

    public Hop withMacs(long newSrcMac, long newDstMac) {
        return new Hop(newSrcMac, newDstMac, srcIp, dstIp, ttl, identification, dontFragment, tos);
    }

    /** The same hop in the other direction (addresses and MACs swapped). */
    public Hop reversed() {
        return new Hop(dstMac, srcMac, dstIp, srcIp, ttl, identification, dontFragment, tos);
    }
}
