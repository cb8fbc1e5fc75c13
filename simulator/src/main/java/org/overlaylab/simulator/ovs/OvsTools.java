/*
 * The two other Open vSwitch tools a student reads a bridge with: `ovs-ofctl dump-flows BR` (the
 * one NORMAL flow a bridge has until someone adds flows, with its counters) and `ovs-appctl
 * fdb/show BR` (the MACs NORMAL learned, by OpenFlow port, with their age), as Open vSwitch 3.1
 * prints them.
 */
package org.overlaylab.simulator.ovs;

import java.util.Map;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.world.VirtualClock;

public final class OvsTools {
    private OvsTools() {}

    private static final String NOT_SIMULATED = "' is not simulated here; it runs on the netns and ssh backends";

    public static int ofctl(Invocation inv) {
        OvsSwitch ovs = inv.host.ovs();
        if (inv.rest().size() < 2) {
            return inv.fail(1, "'ovs-ofctl " + String.join(" ", inv.rest()) + NOT_SIMULATED);
        }
        String cmd = inv.rest().get(0);
        String bridge = inv.rest().get(1);
        if (!cmd.equals("dump-flows") || inv.rest().size() > 2) {
            return inv.fail(1, "'ovs-ofctl " + String.join(" ", inv.rest()) + NOT_SIMULATED);
        }
        if (ovs == null || !inv.root) {
            return inv.fail(1, "ovs-ofctl: " + bridge + " is not a bridge or a socket");
        }
        OvsSwitch.Bridge b = ovs.bridge(bridge).orElse(null);
        if (b == null) {
            return inv.fail(1, "ovs-ofctl: " + bridge + " is not a bridge or a socket");
        }
        long age = inv.world.clock().now() - b.createdAt();
        inv.println(String.format(" cookie=0x0, duration=%.3fs, table=0, n_packets=%d, n_bytes=%d, priority=0 actions=NORMAL",
                age / (double) VirtualClock.SECONDS, b.normalPackets(), b.normalBytes()));
        return 0;
    }

    public static int appctl(Invocation inv) {
        OvsSwitch ovs = inv.host.ovs();
        if (inv.rest().size() != 2 || !inv.rest().get(0).equals("fdb/show")) {
            return inv.fail(1, "'ovs-appctl " + String.join(" ", inv.rest()) + NOT_SIMULATED);
        }
        if (ovs == null || !inv.root) {
            return inv.fail(1, "'ovs-appctl' " + (ovs == null ? "without ovs-vswitchd" : "without root") + NOT_SIMULATED);
        }
        String bridge = inv.rest().get(1);
        OvsSwitch.Bridge b = ovs.bridge(bridge).orElse(null);
        if (b == null) {
            inv.err.append("no such bridge\novs-appctl: ovs-vswitchd: server returned an error\n");
            return 2;
        }
        long now = inv.world.clock().now();
        StringBuilder sb = new StringBuilder(" port  VLAN  MAC                Age\n");
        for (Map.Entry<String, Long> e : b.lastSeen().entrySet()) {
            OvsSwitch.Port p = b.portNamed(b.learned().get(e.getKey()));
            long age = (now - e.getValue()) / VirtualClock.SECONDS;
            if (p == null || age >= 300) {
                continue;
            }
            String port = p.ofport() == 65534 ? "LOCAL" : String.valueOf(p.ofport());
            sb.append(String.format("%5s  %4d  %s  %3d%n", port, 0, e.getKey(), age));
        }
        inv.print(sb.toString());
        return 0;
    }
}
