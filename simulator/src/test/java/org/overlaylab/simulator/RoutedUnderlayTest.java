/*
 * The DirectRouting lab's three hosts on two segments: node3 behind router1. flannel routes node2
 * directly and tunnels to node3; the ping to node3 crosses the router as VXLAN (outer TTL 64 on
 * node1's wire, 63 on node3's) and is seen on both of the router's links, the ping to node2 is plain
 * IPv4 that never meets the router.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;

class RoutedUnderlayTest {
    private static LabRuns.Run run;

    /** The lab up to its last step before the tasks, whose solutions add entries by hand. */
    private static LabRuns.Run beforeTasks;

    @BeforeAll
    static void runTheLab() throws Exception {
        run = LabRuns.run("flannel-vxlan-directrouting");
        org.overlaylab.model.lab.Lab lab = run.lab();
        beforeTasks = LabRuns.run(lab.id(), lab.seed(), lab.stepNumber("ping-test3").orElseThrow());
    }

    private static SimulatorBackend backend() {
        return backend(beforeTasks);
    }

    private static SimulatorBackend backend(LabRuns.Run r) {
        return (SimulatorBackend) r.session().backend();
    }

    private static String sh(String host, String line) throws Exception {
        return sh(beforeTasks, host, line);
    }

    private static String sh(LabRuns.Run r, String host, String line) throws Exception {
        return backend(r).run(new CommandRequest(host, line, Duration.ofSeconds(3), false)).output();
    }

    private static List<CapturedFrame> pingFrames(String to, CapturePoint... points) throws Exception {
        return pingFrames(beforeTasks, to, points);
    }

    /** The frames seen at each capture point while test1 pings `to` twice. */
    private static List<CapturedFrame> pingFrames(LabRuns.Run r, String to, CapturePoint... points) throws Exception {
        List<CapturedFrame> frames = new ArrayList<>();
        List<CaptureHandle> handles = new ArrayList<>();
        for (CapturePoint p : points) {
            handles.add(backend(r).capture(p, f -> {
                synchronized (frames) {
                    frames.add(f);
                }
            }));
        }
        try {
            sh(r, "node1", "sudo docker exec test1 ping -c 2 " + to);
        } finally {
            for (CaptureHandle h : handles) {
                h.close();
            }
        }
        return frames;
    }

    @Test
    void everyStepPassesOnTheSimulator() throws Exception {
        for (StepResult s : run.results()) {
            assertThat(s.passed()).as("step %d %s\n%s", s.number(), s.step().id(), run.transcript()).isTrue();
        }
    }

    @Test
    void node2IsRoutedDirectlyAndNode3ThroughTheTunnel() throws Exception {
        assertThat(sh("node1", "ip route").lines().filter(l -> l.startsWith("10.15.") || l.startsWith("192.168."))
                .map(String::strip).toList()).containsExactly(
                "10.15.25.0/24 via 192.168.205.11 dev enp0s8",
                "10.15.43.0/24 via 10.15.43.0 dev flannel.1 onlink",
                "10.15.68.0/24 dev docker0 proto kernel scope link src 10.15.68.1",
                "192.168.205.0/24 dev enp0s8 proto kernel scope link src 192.168.205.10",
                "192.168.206.0/24 via 192.168.205.1 dev enp0s8");
        String vtep3 = sh("node3", "ip link show flannel.1").lines().toList().get(1).trim().split(" ")[1];
        assertThat(sh("node1", "ip neigh show dev flannel.1")).isEqualTo("10.15.43.0 lladdr " + vtep3 + " PERMANENT \n");
        assertThat(sh("node1", "bridge fdb show dev flannel.1")).isEqualTo(vtep3 + " dst 192.168.206.12 self permanent\n");
        assertThat(sh("node3", "ip route").lines().filter(l -> l.startsWith("10.15.")).map(String::strip).toList())
                .containsExactly("10.15.25.0/24 via 10.15.25.0 dev flannel.1 onlink",
                        "10.15.43.0/24 dev docker0 proto kernel scope link src 10.15.43.1",
                        "10.15.68.0/24 via 10.15.68.0 dev flannel.1 onlink");
    }

    @Test
    void thePingToNode3CrossesTheRouterAsVxlan() throws Exception {
        List<CapturedFrame> frames = pingFrames("10.15.43.2", CapturePoint.of("node1", "enp0s8"),
                CapturePoint.of("router1", "eth1"), CapturePoint.of("router1", "eth2"), CapturePoint.of("node3", "enp0s8"));
        for (String[] at : new String[][] {{"node1", "enp0s8", "64"}, {"router1", "eth1", "64"},
                {"router1", "eth2", "63"}, {"node3", "enp0s8", "63"}}) {
            List<byte[]> requests = frames.stream().filter(f -> f.host().equals(at[0]) && f.device().equals(at[1]))
                    .map(CapturedFrame::data)
                    .filter(d -> vxlan(d) && ip(d, 26).equals("192.168.205.10") && ip(d, 30).equals("192.168.206.12"))
                    .toList();
            assertThat(requests).as("VXLAN from node1 to node3 seen at %s:%s", at[0], at[1]).hasSize(2);
            assertThat(requests).allSatisfy(d -> {
                assertThat(d[22] & 0xff).as("outer TTL at %s:%s", at[0], at[1]).isEqualTo(Integer.parseInt(at[2]));
                // the inner frame: Ethernet after outer IP (20) + UDP (8) + VXLAN (8), then IPv4
                int inner = 14 + 20 + 8 + 8 + 14;
                assertThat(ip(d, inner + 12)).isEqualTo("10.15.68.2");
                assertThat(ip(d, inner + 16)).isEqualTo("10.15.43.2");
                assertThat(d[inner + 8] & 0xff).as("inner TTL: the router never sees it").isEqualTo(63);
            });
        }
        assertThat(frames).as("the replies come back through the router, VXLAN from node3 to node1")
                .anyMatch(f -> f.host().equals("router1") && f.device().equals("eth1") && vxlan(f.data())
                        && ip(f.data(), 26).equals("192.168.206.12") && ip(f.data(), 30).equals("192.168.205.10")
                        && (f.data()[22] & 0xff) == 63);
        assertThat(frames).filteredOn(f -> f.host().equals("router1"))
                .allSatisfy(f -> assertThat(f.namespace()).isEqualTo(CapturePoint.HOST_NAMESPACE));
    }

    @Test
    void thePingToNode2IsPlainIpv4AndNeverMeetsTheRouter() throws Exception {
        List<CapturedFrame> frames = pingFrames("10.15.25.2", CapturePoint.of("node1", "enp0s8"),
                CapturePoint.of("router1", "eth1"), CapturePoint.of("router1", "eth2"));
        List<byte[]> requests = frames.stream().filter(f -> f.host().equals("node1")).map(CapturedFrame::data)
                .filter(d -> u16(d, 12) == 0x0800 && (d[23] & 0xff) == 1 && ip(d, 26).equals("10.15.68.2")
                        && ip(d, 30).equals("10.15.25.2"))
                .toList();
        assertThat(requests).hasSize(2);
        assertThat(frames).noneMatch(f -> vxlan(f.data()));
        assertThat(frames).noneMatch(f -> f.host().equals("router1") && u16(f.data(), 12) == 0x0800);
    }

    @Test
    void theTopologyHasTwoUnderlaySegmentsWithTheRouterOnBoth() {
        Topology t = beforeTasks.results().get(beforeTasks.results().size() - 1).topology();
        Segment first = t.segments().stream().filter(s -> s.name().equals("underlay")).findFirst().orElseThrow();
        Segment second = t.segments().stream().filter(s -> s.name().equals("underlay2")).findFirst().orElseThrow();
        assertThat(first.cidr()).isEqualTo("192.168.205.0/24");
        assertThat(first.attachments()).containsExactly(new Segment.Attachment("router1", "eth1"),
                new Segment.Attachment("node1", "enp0s8"), new Segment.Attachment("node2", "enp0s8"));
        assertThat(second.cidr()).isEqualTo("192.168.206.0/24");
        assertThat(second.attachments()).containsExactly(new Segment.Attachment("router1", "eth2"),
                new Segment.Attachment("node3", "enp0s8"));
    }

    @Test
    void node3PingsTheRoutersAddressOnTheOtherSegment() throws Exception {
        assertThat(sh("node3", "ping -c 1 192.168.205.1")).contains("64 bytes from 192.168.205.1: icmp_seq=1 ttl=64");
        assertThat(sh("node1", "ping -c 1 192.168.206.12")).contains("64 bytes from 192.168.206.12: icmp_seq=1 ttl=63");
    }

    @Test
    void aTracerouteThroughTheTunnelDoesNotSeeTheRouter() throws Exception {
        // the router forwards only the outer packet: the inner TTL never expires there
        assertThat(sh("node1", "sudo docker exec test1 traceroute -n 10.15.43.2").lines().skip(1)
                .map(l -> l.trim().split("\\s+")[1]).toList()).containsExactly("10.15.68.1", "10.15.43.0", "10.15.43.2");
    }

    @Test
    void withoutItsRouteToTheOtherSegmentNode3ArpsForNode1OnItsOwnLink() throws Exception {
        // the task's scenario on a run of its own: flannel.1 is bound to enp0s8, so the wrapped
        // replies look for 192.168.205.10 on that link, where nobody answers
        org.overlaylab.model.lab.Lab lab = run.lab();
        LabRuns.Run broken = LabRuns.run(lab.id(), lab.seed(), lab.stepNumber("ping-test3").orElseThrow());
        sh(broken, "node3", "sudo ip route del 192.168.205.0/24");
        assertThat(sh(broken, "node3", "ip route get 192.168.205.10")).startsWith("192.168.205.10 via 10.0.2.2 dev enp0s3");
        List<CapturedFrame> frames = pingFrames(broken, "10.15.43.2", CapturePoint.of("node3", "enp0s8"),
                CapturePoint.of("node3", "enp0s3"));
        assertThat(frames).as("the requests still arrive through the router")
                .anyMatch(f -> f.device().equals("enp0s8") && vxlan(f.data()) && ip(f.data(), 30).equals("192.168.206.12"));
        assertThat(frames).as("node3 asks its own link for 192.168.205.10")
                .anyMatch(f -> f.device().equals("enp0s8") && u16(f.data(), 12) == 0x0806 && u16(f.data(), 20) == 1
                        && ip(f.data(), 38).equals("192.168.205.10"));
        assertThat(frames).as("no reply leaves node3").noneMatch(f -> vxlan(f.data()) && ip(f.data(), 26).equals("192.168.206.12"));
    }

    private static boolean vxlan(byte[] d) {
        return d.length > 42 && u16(d, 12) == 0x0800 && (d[23] & 0xff) == 17 && u16(d, 36) == 8472;
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static String ip(byte[] d, int off) {
        return (d[off] & 0xff) + "." + (d[off + 1] & 0xff) + "." + (d[off + 2] & 0xff) + "." + (d[off + 3] & 0xff);
    }
}
