/*
 * The host-gw and vxlan DirectRouting labs for real: each walked from nothing through its tasks,
 * the ping's frames captured on node1's enp0s8, and the route tables both hosts end with.
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
        assertThat(o.leftovers().none()).as("left behind: " + o.leftovers()).isTrue();
    }

    @Test
    void directRoutingRoutesTheSameSegmentsHostWithoutTheTunnel() throws Exception {
        LabRun.Outcome o = LabRun.run("flannel-vxlan-directrouting", List.of(new LabRun.Capture("run-containers", NODE1_UNDERLAY)),
                ROUTES);
        assertThat(o.failures()).as("flannel-vxlan-directrouting: failed expectations, checks and tasks").isEmpty();
        LabRun.assertEveryTaskProven(o);
        assertThat(o.afterwards().get(0).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .containsExactly("10.15.25.0/24 via 192.168.205.11 dev enp0s8",
                        "10.15.68.0/24 dev docker0 proto kernel scope link src 10.15.68.1");
        assertThat(o.afterwards().get(1).lines().filter(l -> l.startsWith("10.15.")).map(String::strip))
                .containsExactly("10.15.25.0/24 dev docker0 proto kernel scope link src 10.15.25.1",
                        "10.15.68.0/24 via 192.168.205.10 dev enp0s8");
        assertThat(o.afterwards().get(2)).as("the VXLAN device exists, idle").contains("flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450");
        assertPlainPing(o.frames(NODE1_UNDERLAY), "10.15.68.2", "10.15.25.2");
        assertThat(o.frames(NODE1_UNDERLAY)).as("no VXLAN on the underlay").noneMatch(f -> Frames.isVxlan(f.data(), 8472, 1));
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
        assertThat(frames).as("no UDP on port 8472").noneMatch(f -> Frames.isIpv4(f.data()) && Frames.protocol(f.data()) == 17
                && Frames.u16(f.data(), 14 + (f.data()[14] & 0x0f) * 4 + 2) == 8472);
    }

    private static String ip(byte[] d, int off) {
        return (d[off] & 0xff) + "." + (d[off + 1] & 0xff) + "." + (d[off + 2] & 0xff) + "." + (d[off + 3] & 0xff);
    }
}
