/*
 * MTU across flannel as the kernel handles it (checked against a real run in namespaces: two
 * hosts, VXLAN id 100 on 8472, docker0 at 1450): iputils' -M do refused locally with the route's
 * MTU, -s 1422 passing, busybox fragmenting a 1500-byte echo at the container's 1450 and the far
 * side reassembling it; with flannel.100 at 1500 the first big echo comes back as "Frag needed"
 * from the far host and the next ones pass in fragments.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;

class MtuTest {

    private static SimLab flannelWithContainers() {
        SimLab lab = SimLab.twoHosts();
        lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
        lab.runSleeper("node1", "test1", null);
        lab.runSleeper("node2", "test2", null);
        return lab;
    }

    @Test
    void dontFragmentBiggerThanTheFlannelMtuFailsLocally() {
        try (SimLab lab = flannelWithContainers()) {
            CommandResult r = lab.run("node1", "ping -c 2 -s 1472 -M do 10.13.48.2");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).isEqualTo("ping: local error: Message too long, mtu=1450\n".repeat(2));
            assertThat(r.stdout()).startsWith("PING 10.13.48.2 (10.13.48.2) 1472(1500) bytes of data.\n")
                    .contains("2 packets transmitted, 0 received, +2 errors, 100% packet loss");
        }
    }

    @Test
    void the1422ByteEchoFitsTheVxlanMtu() {
        try (SimLab lab = flannelWithContainers()) {
            CommandResult r = lab.run("node1", "ping -c 2 -s 1422 -M do 10.13.48.2");
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).contains("1430 bytes from 10.13.48.2: icmp_seq=1 ttl=63 ",
                    "2 packets transmitted, 2 received, 0% packet loss");
        }
    }

    @Test
    void busyboxHasNoDashM() {
        try (SimLab lab = flannelWithContainers()) {
            CommandResult r = lab.run("node1", "sudo docker exec test1 ping -c 1 -s 1472 -M do 10.13.48.2");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).startsWith("ping: invalid option -- 'M'\nBusyBox v1.27.2");
        }
    }

    @Test
    void aBigEchoFromAContainerIsFragmentedAndReassembled() {
        try (SimLab lab = flannelWithContainers()) {
            List<String> atTest2 = new ArrayList<>();
            TcpdumpFormatter fmt = new TcpdumpFormatter(java.time.ZoneOffset.UTC, false, false);
            String test2Ns = lab.world().host("node2").docker().namespaceOf(
                    lab.world().host("node2").docker().container("test2")).name();
            CaptureHandle h = lab.backend().capture(new CapturePoint("node2", test2Ns, "eth0"), (CapturedFrame f) -> {
                if (!f.dropped() && f.direction() == CapturedFrame.Direction.IN) {
                    atTest2.add(fmt.format(PcapRecord.of(f)).substring(16));
                }
            });
            CommandResult r = lab.run("node1", "sudo docker exec test1 ping -c 1 -s 1472 10.13.48.2");
            h.close();
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).contains("1480 bytes from 10.13.48.2: seq=0 ttl=62 ");
            // masqueraded by Docker on the way out of node1; the two fragments as tcpdump -nn prints them: the first with the ICMP header, the rest as ip-proto-1
            assertThat(atTest2).anyMatch(l -> l.matches("IP 10\\.15\\.64\\.0 > 10\\.13\\.48\\.2: ICMP echo request, id \\d+, seq 0, length 1424"));
            assertThat(atTest2).contains("IP 10.15.64.0 > 10.13.48.2: ip-proto-1");
        }
    }

    @Test
    void flannelAt1500TeachesThePathMtuWithFragNeeded() {
        try (SimLab lab = flannelWithContainers()) {
            vxlanAt1500(lab);
            CommandResult r = lab.run("node1", "ping -c 3 -s 1472 10.13.48.2");
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines.get(1)).isEqualTo("From 10.13.48.0 icmp_seq=1 Frag needed and DF set (mtu = 1450)");
            assertThat(lines.get(2)).startsWith("1480 bytes from 10.13.48.2: icmp_seq=2 ttl=63 ");
            assertThat(lines.get(3)).startsWith("1480 bytes from 10.13.48.2: icmp_seq=3 ttl=63 ");
            assertThat(r.stdout()).contains("3 packets transmitted, 2 received, +1 errors, 33% packet loss");
            // now the route cache says 1450, as `ip route get` showed on the kernel ("cache expires 598sec mtu 1450")
            assertThat(lab.run("node1", "ping -c 1 -s 1472 -M do 10.13.48.2").stderr())
                    .isEqualTo("ping: local error: Message too long, mtu=1450\n");
        }
    }

    /**
     * node1's flannel.100 at MTU 1500, the way the kernel allows it: bound to enp0s8 it refuses more
     * than 1450, so the device is made again without a lower device (routed by its local address),
     * with flannel's address, MAC, route, neighbour and FDB entry put back.
     */
    static void vxlanAt1500(SimLab lab) {
        assertThat(lab.run("node1", "sudo ip link set flannel.100 mtu 1500").stderr())
                .isEqualTo("RTNETLINK answers: Invalid argument\n");
        String mac = lab.world().host("node1").root().link("flannel.100").orElseThrow().mac();
        String node2Mac = lab.world().host("node2").root().link("flannel.100").orElseThrow().mac();
        lab.ok("node1", "sudo ip link del flannel.100");
        lab.ok("node1", "sudo ip link add flannel.100 type vxlan id 100 local 192.168.205.10 dstport 8472 nolearning");
        lab.ok("node1", "sudo ip link set dev flannel.100 address " + mac);
        lab.ok("node1", "sudo ip link set flannel.100 mtu 1500");
        lab.ok("node1", "sudo ip addr add 10.15.64.0/32 dev flannel.100");
        lab.ok("node1", "sudo ip link set flannel.100 up");
        lab.ok("node1", "sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink");
        lab.ok("node1", "sudo ip neigh add 10.13.48.0 lladdr " + node2Mac + " dev flannel.100 nud permanent");
        lab.ok("node1", "sudo bridge fdb add " + node2Mac + " dev flannel.100 dst 192.168.205.11 self permanent");
    }
}
