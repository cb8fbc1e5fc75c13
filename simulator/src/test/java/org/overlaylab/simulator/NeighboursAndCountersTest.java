/*
 * The kernel's neighbour state machine as `ip neigh` (host) and busybox's `ip neigh` (container)
 * show it, and device counters as this machine's kernel keeps them: checked against what the
 * netns backend printed for the same steps (ExplorationAgainstKernelTest).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;

class NeighboursAndCountersTest {

    @Test
    void anEntryGoesStaleThenIsProbedByUnicastWhenUsedAgain() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.ok("node1", "ping -c 1 192.168.205.11");
            String mac2 = lab.ns("node2").link("enp0s8").orElseThrow().mac();
            String mac1 = lab.ns("node1").link("enp0s8").orElseThrow().mac();
            assertThat(lab.ok("node1", "ip neigh show dev enp0s8")).isEqualTo("192.168.205.11 lladdr " + mac2 + " REACHABLE \n");
            // node2 learned node1 from the request, unconfirmed (STALE), and its echo reply used the
            // entry: DELAY, until the probe 5 s on
            assertThat(lab.ok("node2", "ip neigh show dev enp0s8")).isEqualTo("192.168.205.10 lladdr " + mac1 + " DELAY \n");
            // past the longest reachable time the kernel draws (45 s)
            lab.ok("node1", "sleep 46");
            assertThat(lab.ok("node1", "ip neigh show dev enp0s8")).isEqualTo("192.168.205.11 lladdr " + mac2 + " STALE \n");

            BackgroundCommand capture = lab.background("node2", "sudo tcpdump -i enp0s8 -nn -e arp");
            lab.ok("node1", "ping -c 1 192.168.205.11");
            assertThat(lab.ok("node1", "ip neigh show dev enp0s8")).isEqualTo("192.168.205.11 lladdr " + mac2 + " DELAY \n");
            lab.ok("node1", "sleep 6");
            String arp = capture.stop().stdout();
            // after delay_first_probe_time the entry is probed where it was, not broadcast
            assertThat(arp.lines().filter(l -> l.contains("Request who-has 192.168.205.11 tell 192.168.205.10")).toList())
                    .singleElement().asString().contains(mac1 + " > " + mac2 + ", ethertype ARP (0x0806)");
            assertThat(lab.ok("node1", "ip neigh show dev enp0s8")).isEqualTo("192.168.205.11 lladdr " + mac2 + " REACHABLE \n");
        }
    }

    @Test
    void busyboxShowsTheCacheInfoAndTheTimersReference() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        SimulatorBackend backend = (SimulatorBackend) run.session().backend();
        // past the longest reachable time the kernel draws (45 s) since test1 last heard test2
        backend.run(new CommandRequest("node1", "sleep 46", java.time.Duration.ofSeconds(60), false));
        CommandResult neigh = backend.run(new CommandRequest("node1", "sudo docker exec test1 ip neigh",
                java.time.Duration.ofSeconds(3), false));
        // resolved by one broadcast probe (the kernel starts counting at ucast_probes, 3); long
        // since confirmed, so STALE and without the reference a running timer holds
        assertThat(neigh.output()).isEqualTo("10.0.0.3 dev eth0 lladdr 02:42:0a:00:00:03 used 0/0/0 probes 4 STALE\n");
        backend.run(new CommandRequest("node1", "sudo docker exec test1 ping -c 1 10.0.0.3", java.time.Duration.ofSeconds(3), false));
        CommandResult again = backend.run(new CommandRequest("node1", "sudo docker exec test1 ip neigh show dev eth0",
                java.time.Duration.ofSeconds(3), false));
        assertThat(again.output()).isEqualTo("10.0.0.3 lladdr 02:42:0a:00:00:03 ref 1 used 0/0/0 probes 4 DELAY\n");
        // the etcd members' heartbeats keep the hosts' entries for each other confirmed
        CommandResult underlay = backend.run(new CommandRequest("node1", "ip neigh show dev enp0s8",
                java.time.Duration.ofSeconds(3), false));
        assertThat(underlay.output()).endsWith(" REACHABLE \n");
    }

    @Test
    void aCalicoWorkloadLearnsTheHostFromItsUnicastProbe() throws Exception {
        LabRuns.Run run = LabRuns.run("calico-bgp");
        SimulatorBackend backend = (SimulatorBackend) run.session().backend();
        String arp = backend.run(new CommandRequest("node1", "sudo docker exec workload-a cat /proc/net/arp",
                java.time.Duration.ofSeconds(3), false)).output();
        // cali has no address: the host's probe goes out with the first address of global scope
        // on its devices in the order they were made, enp0s3's
        List<String> lines = arp.lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("169\\.254\\.1\\.1 +0x1 +0x2 +\\S+ +\\* +cali0"));
        assertThat(lines).anyMatch(l -> l.matches("10\\.0\\.2\\.15 +0x1 +0x2 +\\S+ +\\* +cali0"));
    }

    @Test
    void aBridgeOpenedWithoutAPortDropsItsSnoopingReports() throws Exception {
        try (SimLab lab = SimLab.oneHost()) {
            // docker0 came up with no port: the two IGMPv3 reports for 224.0.0.106 had nowhere to go
            assertThat(lab.ok("node1", "ifconfig docker0")).contains("TX packets:0 errors:0 dropped:2 overruns:0 carrier:0");
            lab.ok("node1", "sudo ip link add br9 type bridge");
            lab.ok("node1", "sudo ip link set br9 up");
            lab.ok("node1", "sudo ip link set br9 down");
            lab.ok("node1", "sudo ip link set br9 up");
            List<String> stats = lab.ok("node1", "ip -s link show br9").lines().toList();
            assertThat(stats.get(5).trim().split("\\s+")[3]).isEqualTo("4");
        }
    }

    @Test
    void vxlanCountsTheInnerPacketsAndABridgeTheFramesPassedUp() throws Exception {
        LabRuns.Run flannel = LabRuns.run("flannel-vxlan");
        SimulatorBackend backend = (SimulatorBackend) flannel.session().backend();
        String vxlan = backend.run(new CommandRequest("node1", "ifconfig flannel.100", java.time.Duration.ofSeconds(3), false))
                .output();
        // three echoes of 84 bytes each way: the kernel counts from the inner IP header on
        assertThat(vxlan).contains("RX packets:3 ", "TX packets:3 ", "RX bytes:252 (252.0 B)  TX bytes:252 (252.0 B)");

        LabRuns.Run gre = LabRuns.run("ovs-gre");
        SimulatorBackend b2 = (SimulatorBackend) gre.session().backend();
        String docker0 = b2.run(new CommandRequest("node1", "ifconfig docker0", java.time.Duration.ofSeconds(3), false)).output();
        // the one broadcast that reached node1's docker0, node2's container asking for 172.17.0.3,
        // counted without its Ethernet header
        assertThat(docker0).contains("RX packets:1 ", "RX bytes:28 (28.0 B)", "dropped:2 ");
    }
}
