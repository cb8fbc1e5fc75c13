/*
 * ping through the forwarding engine: iputils on the host and in CentOS images, busybox in busybox
 * images, the TTL that tells how many routers a reply crossed, 100% loss and "Destination Host
 * Unreachable" when ARP gets no answer, names, Ctrl-C, and no route at all.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class PingTest {
    private static final String TIME = "time=\\d+\\.\\d+ ms";

    @Test
    void iputilsOnTheHost() {
        try (SimLab lab = SimLab.twoHosts()) {
            CommandResult r = lab.run("node1", "ping -c 3 192.168.205.11");
            assertThat(r.exitCode()).isZero();
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines.get(0)).isEqualTo("PING 192.168.205.11 (192.168.205.11) 56(84) bytes of data.");
            for (int seq = 1; seq <= 3; seq++) {
                assertThat(lines.get(seq)).matches("64 bytes from 192\\.168\\.205\\.11: icmp_seq=" + seq + " ttl=64 " + TIME);
            }
            assertThat(lines.get(4)).isEmpty();
            assertThat(lines.get(5)).isEqualTo("--- 192.168.205.11 ping statistics ---");
            assertThat(lines.get(6)).matches("3 packets transmitted, 3 received, 0% packet loss, time \\d+ms");
            assertThat(lines.get(7)).matches("rtt min/avg/max/mdev = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
            assertThat(lines).hasSize(8);
        }
    }

    @Test
    void busyboxInAContainer() {
        try (SimLab lab = SimLab.oneHost()) {
            lab.runSleeper("node1", "test1", null);
            CommandResult r = lab.run("node1", "sudo docker exec test1 ping -c 2 172.17.0.1");
            assertThat(r.exitCode()).isZero();
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines.get(0)).isEqualTo("PING 172.17.0.1 (172.17.0.1): 56 data bytes");
            assertThat(lines.get(1)).matches("64 bytes from 172\\.17\\.0\\.1: seq=0 ttl=64 time=\\d+\\.\\d{3} ms");
            assertThat(lines.get(2)).matches("64 bytes from 172\\.17\\.0\\.1: seq=1 ttl=64 time=\\d+\\.\\d{3} ms");
            assertThat(lines.subList(3, lines.size())).hasSize(4);
            assertThat(lines.get(3)).isEmpty();
            assertThat(lines.get(4)).isEqualTo("--- 172.17.0.1 ping statistics ---");
            assertThat(lines.get(5)).isEqualTo("2 packets transmitted, 2 packets received, 0% packet loss");
            assertThat(lines.get(6)).matches("round-trip min/avg/max = \\d+\\.\\d{3}/\\d+\\.\\d{3}/\\d+\\.\\d{3} ms");
        }
    }

    @Test
    void theTtlCountsTheRoutersOnTheWay() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
            lab.runSleeper("node1", "test1", null);
            lab.runSleeper("node2", "test2", null);
            // node1 and node2 each route the packet once
            assertThat(lab.ok("node1", "sudo docker exec test1 ping -c 1 10.13.48.2")).contains("64 bytes from 10.13.48.2: seq=0 ttl=62 ");
            // the reply from node2 itself is routed by node1 only
            assertThat(lab.ok("node1", "sudo docker exec test1 ping -c 1 192.168.205.11")).contains("seq=0 ttl=63 ");
            // google.com: the ISP's router, VirtualBox's NAT and node1
            assertThat(lab.ok("node1", "sudo docker exec test1 ping -c 1 google.com"))
                    .startsWith("PING google.com (172.217.22.14): 56 data bytes\n64 bytes from 172.217.22.14: seq=0 ttl=61 ");
            assertThat(lab.ok("node1", "ping -c 1 google.com")).contains("64 bytes from 172.217.22.14: icmp_seq=1 ttl=62 ");
        }
    }

    @Test
    void noArpAnswerMeansDestinationHostUnreachable() {
        try (SimLab lab = SimLab.oneHost()) {
            CommandResult r = lab.run("node1", "ping -c 3 192.168.205.99");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stdout()).contains("From 192.168.205.10 icmp_seq=1 Destination Host Unreachable\n",
                    "From 192.168.205.10 icmp_seq=2 Destination Host Unreachable\n",
                    "From 192.168.205.10 icmp_seq=3 Destination Host Unreachable\n");
            assertThat(r.stdout()).containsPattern("\n3 packets transmitted, 0 received, \\+3 errors, 100% packet loss, time \\d+ms\npipe 3\n$");
            assertThat(lab.ok("node1", "ip neigh show dev enp0s8")).contains("192.168.205.99 FAILED \n");

            // a container on docker0: busybox says nothing about the errors
            lab.runSleeper("node1", "test1", null);
            CommandResult b = lab.run("node1", "sudo docker exec test1 ping -c 2 172.17.0.9");
            assertThat(b.exitCode()).isEqualTo(1);
            assertThat(b.stdout()).isEqualTo("PING 172.17.0.9 (172.17.0.9): 56 data bytes\n\n--- 172.17.0.9 ping statistics ---\n"
                    + "2 packets transmitted, 0 packets received, 100% packet loss\n");
        }
    }

    @Test
    void silentLossEndsTheStatisticsWithAnEmptyLine() {
        try (SimLab lab = SimLab.oneHost()) {
            // a neighbour that never answers: the requests leave, nothing comes back
            lab.ok("node1", "sudo ip neigh add 192.168.205.50 lladdr 08:00:27:00:00:50 dev enp0s8");
            CommandResult r = lab.run("node1", "ping -c 2 192.168.205.50");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stdout()).matches("PING 192\\.168\\.205\\.50 \\(192\\.168\\.205\\.50\\) 56\\(84\\) bytes of data\\.\n\n"
                    + "--- 192\\.168\\.205\\.50 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time \\d+ms\n\n");
        }
    }

    @Test
    void namesAndFailures() {
        try (SimLab lab = SimLab.oneHost()) {
            CommandResult unknown = lab.run("node1", "ping -c 1 nosuch.example");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.output()).isEqualTo("ping: unknown host nosuch.example\n");
            lab.runSleeper("node1", "test1", null);
            CommandResult bad = lab.run("node1", "sudo docker exec test1 ping -c 1 nosuch.example");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.output()).isEqualTo("ping: bad address 'nosuch.example'\n");

            lab.ok("node1", "sudo ip netns add island");
            CommandResult noRoute = lab.run("node1", "sudo ip netns exec island ping -c 1 10.1.1.1");
            assertThat(noRoute.exitCode()).isEqualTo(2);
            assertThat(noRoute.output()).isEqualTo("connect: Network is unreachable\n");
        }
    }

    @Test
    void ctrlCStopsAPingWithoutCount() {
        try (SimLab lab = SimLab.twoHosts()) {
            CommandResult r = lab.runFor("node1", "ping 192.168.205.11", 3);
            assertThat(r.stdout()).contains("icmp_seq=3 ", "--- 192.168.205.11 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss");
            assertThat(r.stdout()).doesNotContain("icmp_seq=4 ");
            assertThat(r.notes()).containsExactly("stopped with Ctrl-C after 3 s");
            assertThat(r.elapsed().toSeconds()).isEqualTo(3);
        }
    }
}
