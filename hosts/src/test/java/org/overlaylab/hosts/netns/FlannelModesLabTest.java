/*
 * The host-gw and vxlan DirectRouting labs for real: each walked from nothing through its tasks,
 * the ping's frames captured on node1's enp0s8 (and, for DirectRouting, whose node3 sits behind
 * router1, on the router's far link eth2), and the route tables the hosts end with.
 * SimFlannelModesTest asserts the same facts of the simulator.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;

@Tag("netns")
class FlannelModesLabTest {

    private static final CapturePoint NODE1_UNDERLAY = CapturePoint.of("node1", "enp0s8");
    private static final CapturePoint ROUTER_FAR_LINK = CapturePoint.of("router1", "eth2");
    private static final List<String> ROUTES = List.of("node1: ip route", "node2: ip route", "node1: ip link show flannel.1");

    @Test
    void hostGwRoutesEachSubnetViaTheOtherHostAndThePingCrossesInPlainIp() throws Exception {
        LabRun.Outcome o = LabRun.run("flannel-host-gw", List.of(new LabRun.Capture("run-containers", NODE1_UNDERLAY)), ROUTES);
        assertThat(o.failures()).as("flannel-host-gw: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        // the lab's tasks restored flannel's routes; node2 also keeps the student's own route
        assertThat(o.afterwards().get(0).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .containsExactly("10.15.12.0/24 dev docker0 proto kernel scope link src 10.15.12.1",
                        "10.15.73.0/24 via 192.168.205.11 dev enp0s8");
        assertThat(o.afterwards().get(1).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .contains("10.15.12.0/24 via 192.168.205.10 dev enp0s8", "10.15.73.0/24 dev docker0 proto kernel scope link src 10.15.73.1");
        assertThat(o.afterwards().get(2)).as("host-gw makes no device").contains("Device \"flannel.1\" does not exist.");
        assertPlainPing(o.frames(NODE1_UNDERLAY), "10.15.12.2", "10.15.73.2");
        assertThat(o.frames(NODE1_UNDERLAY)).as("no UDP on port 8472").noneMatch(f -> isUdpTo8472(f.data()));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    @Test
    void directRoutingRoutesTheSameSegmentsHostDirectlyAndTunnelsAcrossTheRouter() throws Exception {
        LabRun.Outcome o = LabRun.run("flannel-vxlan-directrouting", List.of(new LabRun.Capture("run-containers", NODE1_UNDERLAY),
                new LabRun.Capture("run-containers", ROUTER_FAR_LINK)), List.of("node1: ip route", "node2: ip route",
                "node1: ip link show flannel.1", "node3: ip route"));
        assertThat(o.failures()).as("flannel-vxlan-directrouting: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        // node2 shares node1's segment: a plain route; node3 is behind router1: flannel.1, onlink
        assertThat(o.afterwards().get(0).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .containsExactly("10.15.25.0/24 via 192.168.205.11 dev enp0s8",
                        "10.15.43.0/24 via 10.15.43.0 dev flannel.1 onlink",
                        "10.15.68.0/24 dev docker0 proto kernel scope link src 10.15.68.1");
        assertThat(o.afterwards().get(1).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .containsExactly("10.15.25.0/24 dev docker0 proto kernel scope link src 10.15.25.1",
                        "10.15.43.0/24 via 10.15.43.0 dev flannel.1 onlink",
                        "10.15.68.0/24 via 192.168.205.10 dev enp0s8");
        assertThat(o.afterwards().get(2)).contains("flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450");
        assertThat(o.afterwards().get(3).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .as("node3 reaches both through the tunnel")
                .containsExactly("10.15.25.0/24 via 10.15.25.0 dev flannel.1 onlink",
                        "10.15.43.0/24 dev docker0 proto kernel scope link src 10.15.43.1",
                        "10.15.68.0/24 via 10.15.68.0 dev flannel.1 onlink");
        assertPlainPing(o.frames(NODE1_UNDERLAY), "10.15.68.2", "10.15.25.2");
        assertThat(o.frames(NODE1_UNDERLAY)).as("no VXLAN to or from node2")
                .noneMatch(f -> isUdpTo8472(f.data()) && (ip(f.data(), 26).equals("192.168.205.11") || ip(f.data(), 30).equals("192.168.205.11")));
        // the ping to test3 leaves the router on eth2 as VXLAN from node1 to node3, one hop down
        List<byte[]> wrapped = o.frames(ROUTER_FAR_LINK).stream().map(CapturedFrame::data)
                .filter(d -> Frames.isVxlan(d, 8472, 1) && ip(d, 26).equals("192.168.205.10") && ip(d, 30).equals("192.168.206.12")
                        && d.length >= 85 && (d[73] & 0xff) == 1 && ip(d, 76).equals("10.15.68.2") && ip(d, 80).equals("10.15.43.2"))
                .toList();
        assertThat(wrapped).as("test1's echo requests to test3 in VXLAN on router1's eth2").isNotEmpty();
        assertThat(wrapped).allSatisfy(d -> {
            assertThat(d[22] & 0xff).as("outer TTL after router1").isEqualTo(63);
            assertThat(d[84] & 0xff).as("inner ICMP type").isEqualTo(8);
            assertThat(d[64 + 8] & 0xff).as("inner TTL: test1's 64 less node1's routing").isEqualTo(63);
        });
        assertThat(o.frames(ROUTER_FAR_LINK)).as("nothing of the ping to test2 crosses the router")
                .noneMatch(f -> Frames.isPlainIcmp(f.data(), "10.15."));
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    /**
     * test1's echo requests on node1's underlay: Ethernet, IPv4 from test1 to test2 with TTL 63
     * (node1 routed it once), ICMP echo request, 98 bytes; the replies come back with TTL 63
     * (node2 routed them once). Nothing wraps them.
     */
    static void assertPlainPing(List<CapturedFrame> frames, String from, String to) {
        List<byte[]> requests = frames.stream().map(CapturedFrame::data)
                .filter(d -> Frames.isPlainIcmp(d, "10.15.") && ip(d, 26).equals(from) && ip(d, 30).equals(to)).toList();
        List<byte[]> replies = frames.stream().map(CapturedFrame::data)
                .filter(d -> Frames.isPlainIcmp(d, "10.15.") && ip(d, 26).equals(to) && ip(d, 30).equals(from)).toList();
        assertThat(requests).as("echo requests from %s to %s on the underlay", from, to).isNotEmpty();
        assertThat(replies).as("echo replies").isNotEmpty();
        assertThat(requests).allSatisfy(d -> {
            assertThat(d.length).isEqualTo(98);
            assertThat(d[22] & 0xff).as("TTL").isEqualTo(63);
            assertThat(d[34] & 0xff).as("ICMP type").isEqualTo(8);
        });
        assertThat(replies).allSatisfy(d -> {
            assertThat(d[22] & 0xff).as("TTL").isEqualTo(63);
            assertThat(d[34] & 0xff).as("ICMP type").isEqualTo(0);
        });
    }

    static boolean isUdpTo8472(byte[] d) {
        return Frames.isIpv4(d) && Frames.protocol(d) == 17 && Frames.u16(d, 14 + (d[14] & 0x0f) * 4 + 2) == 8472;
    }

    private static String ip(byte[] d, int off) {
        return (d[off] & 0xff) + "." + (d[off + 1] & 0xff) + "." + (d[off + 2] & 0xff) + "." + (d[off + 3] & 0xff);
    }
}
