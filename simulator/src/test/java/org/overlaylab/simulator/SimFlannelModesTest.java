/*
 * The host-gw and vxlan DirectRouting labs on the simulator: the route tables both hosts end with,
 * what flanneld 0.10.0 logs, and the cross-host ping's frames on node1's enp0s8, asserted as
 * FlannelModesLabTest asserts them of the real kernel on the netns backend.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandRequest;

class SimFlannelModesTest {

    private static String run(LabRuns.Run r, String host, String line) throws Exception {
        return ((SimulatorBackend) r.session().backend()).run(new CommandRequest(host, line, Duration.ofSeconds(3), false))
                .output();
    }

    private static List<String> flannelRoutes(LabRuns.Run r, String host) throws Exception {
        return run(r, host, "ip route").lines().filter(l -> l.startsWith("10.15.")).map(String::strip).toList();
    }

    private static List<CapturedFrame> pingFrames(LabRuns.Run r, String to) throws Exception {
        List<CapturedFrame> frames = new ArrayList<>();
        try (CaptureHandle h = ((SimulatorBackend) r.session().backend()).capture(CapturePoint.of("node1", "enp0s8"), frames::add)) {
            run(r, "node1", "sudo docker exec test1 ping -c 2 " + to);
        }
        return frames;
    }

    @Test
    void hostGwRoutesEachSubnetViaTheOtherHostAndThePingCrossesInPlainIp() throws Exception {
        LabRuns.Run r = LabRuns.run("flannel-host-gw");
        assertThat(r.results()).allMatch(s -> s.passed());
        assertThat(flannelRoutes(r, "node1")).containsExactly("10.15.12.0/24 dev docker0 proto kernel scope link src 10.15.12.1",
                "10.15.73.0/24 via 192.168.205.11 dev enp0s8");
        assertThat(flannelRoutes(r, "node2")).contains("10.15.12.0/24 via 192.168.205.10 dev enp0s8",
                "10.15.73.0/24 dev docker0 proto kernel scope link src 10.15.73.1");
        assertThat(run(r, "node1", "ip link show flannel.1")).contains("Device \"flannel.1\" does not exist.");
        assertThat(run(r, "node1", "cat nohup.out")).contains(
                "main.go:353] Found network config - Backend type: host-gw\n",
                "local_manager.go:220] Allocated lease (10.15.12.0/24) to current node (192.168.205.10) \n",
                "route_network.go:53] Watching for new subnet leases\n",
                "route_network.go:85] Subnet added: 10.15.73.0/24 via 192.168.205.11\n");
        assertThat(run(r, "node1", "./flanneld -version")).isEqualTo("v0.10.0\n");
        assertPlainPing(pingFrames(r, "10.15.73.2"), "10.15.12.2", "10.15.73.2");
    }

    @Test
    void directRoutingRoutesTheSameSegmentsHostWithoutTheTunnel() throws Exception {
        LabRuns.Run r = LabRuns.run("flannel-vxlan-directrouting");
        assertThat(r.results()).allMatch(s -> s.passed());
        // node3, behind router1, is the one host node1 tunnels to
        assertThat(flannelRoutes(r, "node1")).containsExactly("10.15.25.0/24 via 192.168.205.11 dev enp0s8",
                "10.15.43.0/24 via 10.15.43.0 dev flannel.1 onlink",
                "10.15.68.0/24 dev docker0 proto kernel scope link src 10.15.68.1");
        assertThat(flannelRoutes(r, "node2")).containsExactly("10.15.25.0/24 dev docker0 proto kernel scope link src 10.15.25.1",
                "10.15.43.0/24 via 10.15.43.0 dev flannel.1 onlink",
                "10.15.68.0/24 via 192.168.205.10 dev enp0s8");
        assertThat(run(r, "node2", "ip neigh show dev flannel.1")).as("node2's one VXLAN neighbour is node3's")
                .startsWith("10.15.43.0 lladdr ").doesNotContain("10.15.68.0");
        assertThat(run(r, "node2", "ip addr show flannel.1")).contains("inet 10.15.25.0/32 scope global flannel.1");
        assertThat(run(r, "node1", "cat nohup.out")).contains(
                "vxlan.go:120] VXLAN config: VNI=1 Port=0 GBP=false DirectRouting=true\n",
                "vxlan_network.go:60] watching for new subnet leases\n");
        List<CapturedFrame> frames = pingFrames(r, "10.15.25.2");
        assertPlainPing(frames, "10.15.68.2", "10.15.25.2");
    }

    @Test
    void flannel062IgnoresDirectRoutingAndTunnels() throws Exception {
        // the tutorial's flanneld predates DirectRouting: the same config gets the VXLAN route, ARP and FDB entries
        try (SimLab lab = SimLab.twoHosts().etcdCluster()) {
            for (String h : List.of("node1", "node2")) {
                lab.ok(h, "wget -q https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64 -O flanneld && chmod 755 flanneld");
            }
            lab.ok("node1", "./etcdctl set /coreos.com/network/config '{\"Network\":\"10.15.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"DirectRouting\":true}}'");
            lab.ok("node1", "nohup sudo ./flanneld -iface=192.168.205.10 &");
            lab.ok("node2", "nohup sudo ./flanneld -iface=192.168.205.11 &");
            String lease2 = lab.ok("node2", "cat /run/flannel/subnet.env").lines().filter(l -> l.startsWith("FLANNEL_SUBNET="))
                    .findFirst().orElseThrow().replaceAll("FLANNEL_SUBNET=(\\d+\\.\\d+\\.\\d+)\\.1/24", "$1.0");
            assertThat(lab.ok("node1", "ip route")).contains(lease2 + "/24 via " + lease2 + " dev flannel.1 onlink");
        }
    }

    @Test
    void directRoutingTunnelsToAHostItReachesThroughAGateway() throws Exception {
        // node1 reaches node2's underlay address through a router (a /32 route via 192.168.205.1), so
        // DirectRouting must fall back to VXLAN for node2, while node2 still routes node1 directly
        try (SimLab lab = SimLab.twoHosts().etcdCluster()) {
            for (String h : List.of("node1", "node2")) {
                lab.ok(h, "wget -q https://github.com/coreos/flannel/releases/download/v0.10.0/flanneld-amd64 -O flanneld && chmod 755 flanneld");
            }
            lab.ok("node1", "sudo ip route add 192.168.205.11/32 via 192.168.205.1");
            lab.ok("node1", "./etcdctl set /coreos.com/network/config '{\"Network\":\"10.15.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"DirectRouting\":true}}'");
            lab.ok("node1", "nohup sudo ./flanneld -iface=192.168.205.10 &");
            lab.ok("node2", "nohup sudo ./flanneld -iface=192.168.205.11 &");
            String lease1 = leaseNetwork(lab, "node1");
            String lease2 = leaseNetwork(lab, "node2");
            String node2Vtep = lab.ok("node2", "ip link show flannel.1").lines().toList().get(1).trim().split(" ")[1];
            assertThat(lab.ok("node1", "ip route")).contains(lease2 + "/24 via " + lease2 + " dev flannel.1 onlink \n");
            assertThat(lab.ok("node1", "ip neigh show dev flannel.1")).isEqualTo(lease2 + " lladdr " + node2Vtep + " PERMANENT \n");
            assertThat(lab.ok("node1", "bridge fdb show dev flannel.1")).isEqualTo(node2Vtep + " dst 192.168.205.11 self permanent\n");
            assertThat(lab.ok("node2", "ip route")).contains(lease1 + "/24 via 192.168.205.10 dev enp0s8 \n");
            assertThat(lab.ok("node2", "ip neigh show dev flannel.1")).isEmpty();
        }
    }

    private static String leaseNetwork(SimLab lab, String host) {
        return lab.ok(host, "cat /run/flannel/subnet.env").lines().filter(l -> l.startsWith("FLANNEL_SUBNET="))
                .findFirst().orElseThrow().replaceAll("FLANNEL_SUBNET=(\\d+\\.\\d+\\.\\d+)\\.1/24", "$1.0");
    }

    /** The same facts FlannelModesLabTest.assertPlainPing checks of the real capture. */
    private static void assertPlainPing(List<CapturedFrame> frames, String from, String to) {
        List<byte[]> requests = frames.stream().map(CapturedFrame::data).filter(d -> icmp(d) && ip(d, 26).equals(from)
                && ip(d, 30).equals(to)).toList();
        List<byte[]> replies = frames.stream().map(CapturedFrame::data).filter(d -> icmp(d) && ip(d, 26).equals(to)
                && ip(d, 30).equals(from)).toList();
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
        assertThat(frames).as("no UDP on port 8472").noneMatch(f -> u16(f.data(), 12) == 0x0800 && (f.data()[23] & 0xff) == 17
                && u16(f.data(), 14 + (f.data()[14] & 0x0f) * 4 + 2) == 8472);
    }

    private static boolean icmp(byte[] d) {
        return d.length >= 35 && u16(d, 12) == 0x0800 && (d[23] & 0xff) == 1;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static String ip(byte[] d, int off) {
        return (d[off] & 0xff) + "." + (d[off + 1] & 0xff) + "." + (d[off + 2] & 0xff) + "." + (d[off + 3] & 0xff);
    }
}
