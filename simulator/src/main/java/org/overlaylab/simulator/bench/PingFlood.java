/*
 * Floods ICMP echo requests through the forwarding engine without a ping program in between, to
 * measure how many frames per second the simulator moves. Every request and reply is a real frame
 * at every device it crosses.
 */
package org.overlaylab.simulator.bench;

import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.Forwarder;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class PingFlood {
    private PingFlood() {}

    /** What a flood did: echo requests sent, replies received, frames moved (device hops). */
    public record Result(int sent, int replies, long hops) {}

    /** Sends `count` echo requests from `ns` to `dst`, `gapNanos` apart in virtual time. */
    public static Result run(SimWorld world, NetNs ns, int dst, int count, long gapNanos) {
        Forwarder fw = world.forwarder();
        int id = 0x4242;
        int[] replies = {0};
        fw.bindPing(ns, id, new Forwarder.PingSocket() {
            @Override
            public void onEchoReply(byte[] frame, long now) {
                replies[0]++;
            }

            @Override
            public void onError(String message, int icmpType, int icmpCode, int from, int sequence, long now) {
                // a flood counts replies only
            }
        });
        Integer src = fw.sourceFor(ns, dst);
        if (src == null) {
            throw new IllegalStateException("no route from " + ns + " to " + NetNs.ip(dst));
        }
        long hopsBefore = fw.hops();
        byte[] data = new byte[56];
        try {
            for (int seq = 0; seq < count; seq++) {
                byte[] icmp = Wire.icmp(8, 0, (id << 16) | (seq & 0xffff), data);
                byte[] ip = Wire.ipv4(src, dst, Wire.PROTO_ICMP, 64, fw.nextIpId(ns), true, icmp);
                fw.sendIp(ns, ip, fw.newTrace());
                world.clock().advance(gapNanos);
            }
            world.clock().advance(VirtualClock.SECONDS);
        } finally {
            fw.unbindPing(ns, id);
        }
        return new Result(count, replies[0], fw.hops() - hopsBefore);
    }
}
