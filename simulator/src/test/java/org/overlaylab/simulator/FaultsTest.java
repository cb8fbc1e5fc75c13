/*
 * The fault commands a student can issue from the canvas, on the simulator, with their real
 * consequences: each breaks the container-to-container ping across flannel (or the GRE tunnel) and
 * its undo brings it back. Link down, random loss and tunnel ports dropped by iptables, a netem
 * delay, a deleted FDB entry or route, and the VXLAN device re-created with a wrong VNI.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.labfile.LabLoader;

class FaultsTest {
    private static final String PING = "sudo docker exec test1 ping -c 2 -W 1 10.13.48.2";

    private static SimLab flannel() {
        SimLab lab = SimLab.twoHosts();
        lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
        lab.runSleeper("node1", "test1", null);
        lab.runSleeper("node2", "test2", null);
        assertThat(lab.run("node1", PING).exitCode()).isZero();
        return lab;
    }

    private static void breaksThenRestores(SimLab lab, String host, String fault, String undo) {
        lab.ok(host, fault);
        CommandResult broken = lab.run("node1", PING);
        assertThat(broken.exitCode()).as("ping after '%s'", fault).isEqualTo(1);
        assertThat(broken.stdout()).contains("2 packets transmitted, 0 packets received, 100% packet loss");
        lab.ok(host, undo);
        assertThat(lab.run("node1", PING).stdout()).as("ping after '%s'", undo)
                .contains("2 packets transmitted, 2 packets received, 0% packet loss");
    }

    @Test
    void underlayLinkDown() {
        try (SimLab lab = flannel()) {
            breaksThenRestores(lab, "node2", "sudo ip link set enp0s8 down", "sudo ip link set enp0s8 up");
        }
    }

    @Test
    void randomLossOnForward() {
        try (SimLab lab = flannel()) {
            breaksThenRestores(lab, "node1", "sudo iptables -I FORWARD -m statistic --mode random --probability 1 -j DROP",
                    "sudo iptables -D FORWARD -m statistic --mode random --probability 1 -j DROP");
        }
    }

    @Test
    void vxlanPortDropped() {
        try (SimLab lab = flannel()) {
            breaksThenRestores(lab, "node2", "sudo iptables -I INPUT -p udp --dport 8472 -j DROP",
                    "sudo iptables -D INPUT -p udp --dport 8472 -j DROP");
        }
    }

    @Test
    void fdbEntryDeleted() {
        try (SimLab lab = flannel()) {
            String mac = lab.world().host("node2").root().link("flannel.100").orElseThrow().mac();
            breaksThenRestores(lab, "node1", "sudo bridge fdb del " + mac + " dev flannel.100 dst 192.168.205.11",
                    "sudo bridge fdb add " + mac + " dev flannel.100 dst 192.168.205.11 self permanent");
        }
    }

    @Test
    void routeDeleted() {
        try (SimLab lab = flannel()) {
            lab.ok("node1", "sudo ip route del 10.13.48.0/20");
            CommandResult broken = lab.run("node1", PING);
            assertThat(broken.exitCode()).isEqualTo(1);
            lab.ok("node1", "sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink");
            assertThat(lab.run("node1", PING).exitCode()).isZero();
        }
    }

    @Test
    void netemDelayShowsInTheRoundTrip() {
        try (SimLab lab = flannel()) {
            CommandResult add = lab.run("node1", "sudo tc qdisc add dev enp0s8 root netem delay 100ms");
            assertThat(add.exitCode()).isZero();
            assertThat(add.notes()).anyMatch(n -> n.contains("only in the simulator"));
            assertThat(lab.ok("node1", "tc qdisc show dev enp0s8")).isEqualTo("qdisc netem 8001: root refcnt 2 limit 1000 delay 100ms\n");
            assertThat(lab.run("node1", PING).stdout()).containsPattern("seq=0 ttl=62 time=100\\.\\d{3} ms");
            lab.ok("node1", "sudo tc qdisc del dev enp0s8 root");
            assertThat(lab.run("node1", PING).stdout()).containsPattern("seq=0 ttl=62 time=0\\.\\d{3} ms");
            assertThat(lab.run("node1", "sudo tc qdisc del dev enp0s8 root").stderr())
                    .isEqualTo("Error: Cannot delete qdisc with handle of zero.\n");
        }
    }

    @Test
    void netemLossOfEverythingBreaksIt() {
        try (SimLab lab = flannel()) {
            breaksThenRestores(lab, "node2", "sudo tc qdisc add dev enp0s8 root netem loss 100%",
                    "sudo tc qdisc del dev enp0s8 root");
        }
    }

    @Test
    void vxlanDeviceRecreatedWithAWrongVni() {
        try (SimLab lab = flannel()) {
            String mac = lab.world().host("node2").root().link("flannel.100").orElseThrow().mac();
            lab.ok("node2", "sudo ip link del flannel.100");
            lab.ok("node2", "sudo ip link add flannel.100 type vxlan id 101 local 192.168.205.11 dev enp0s8 dstport 8472 nolearning");
            lab.ok("node2", "sudo ip link set dev flannel.100 address " + mac);
            lab.ok("node2", "sudo ip addr add 10.13.48.0/32 dev flannel.100");
            lab.ok("node2", "sudo ip link set flannel.100 up");
            lab.ok("node2", "sudo ip route add 10.15.64.0/20 via 10.15.64.0 dev flannel.100 onlink");
            String node1Mac = lab.world().host("node1").root().link("flannel.100").orElseThrow().mac();
            lab.ok("node2", "sudo ip neigh add 10.15.64.0 lladdr " + node1Mac + " dev flannel.100 nud permanent");
            lab.ok("node2", "sudo bridge fdb add " + node1Mac + " dev flannel.100 dst 192.168.205.10 self permanent");
            assertThat(lab.run("node1", PING).exitCode()).isEqualTo(1);
            // the same device with flannel's VNI 100 brings the ping back
            lab.ok("node2", "sudo ip link del flannel.100");
            lab.ok("node2", "sudo ip link add flannel.100 type vxlan id 100 local 192.168.205.11 dev enp0s8 dstport 8472 nolearning");
            lab.ok("node2", "sudo ip link set dev flannel.100 address " + mac);
            lab.ok("node2", "sudo ip addr add 10.13.48.0/32 dev flannel.100");
            lab.ok("node2", "sudo ip link set flannel.100 up");
            lab.ok("node2", "sudo ip route add 10.15.64.0/20 via 10.15.64.0 dev flannel.100 onlink");
            lab.ok("node2", "sudo ip neigh add 10.15.64.0 lladdr " + node1Mac + " dev flannel.100 nud permanent");
            lab.ok("node2", "sudo bridge fdb add " + node1Mac + " dev flannel.100 dst 192.168.205.10 self permanent");
            CommandResult back = lab.run("node1", PING);
            assertThat(back.exitCode()).as(back.output()).isZero();
        }
    }

    @Test
    void greDroppedByIptablesBreaksTheOvsTunnel() throws Exception {
        Lab lab = LabLoader.builtIn("ovs-gre");
        SimulatorBackend backend = new SimulatorBackend();
        LabSession session = new LabSession(lab, backend, BackendOptions.withSeed(lab.seed()));
        session.setSolveTasks(true); // the lab's end as the tutorial leaves it, its tasks solved
        session.start();
        session.runThrough(lab.steps().size());
        // node2's container1 (CentOS, iputils) pings node1's container2 through gre0
        String ping = "sudo docker exec container1 ping -c 2 -W 1 172.17.0.3";
        CommandResult before = backend.run(CommandRequest.of("node2", ping));
        assertThat(before.exitCode()).as(before.output()).isZero();
        assertThat(backend.run(CommandRequest.of("node1", "sudo iptables -I INPUT -p gre -j DROP")).exitCode()).isZero();
        assertThat(backend.run(CommandRequest.of("node2", ping)).stdout()).contains("2 packets transmitted, 0 received, 100% packet loss");
        backend.run(CommandRequest.of("node1", "sudo iptables -D INPUT -p gre -j DROP"));
        assertThat(backend.run(CommandRequest.of("node2", ping)).exitCode()).isZero();
    }
}
