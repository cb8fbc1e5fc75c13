/*
 * flanneld 0.6.2 with the vxlan backend as the tutorial starts it: the lease it takes from the
 * configured range (10.15.64.0/20 and 10.13.48.0/20 with the tutorial's seed), subnet.env, the
 * flannel.100 device, the route, neighbour and FDB entries towards the other lease, waiting for a
 * configuration that is not there yet, and following leases that come and go.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;

class FlanneldTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String macOf(SimLab lab, String host, String dev) {
        return lab.ok(host, "ip link show " + dev).lines().toList().get(1).trim().split(" ")[1];
    }

    @Test
    void theTutorialsLeasesAndSubnetEnv() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning();
            assertThat(lab.ok("node1", "cat /run/flannel/subnet.env")).isEqualTo("""
                    FLANNEL_NETWORK=10.0.0.0/8
                    FLANNEL_SUBNET=10.15.64.1/20
                    FLANNEL_MTU=1450
                    FLANNEL_IPMASQ=false
                    """);
            assertThat(lab.ok("node2", "cat /run/flannel/subnet.env")).contains("FLANNEL_SUBNET=10.13.48.1/20\n");
            assertThat(lab.ok("node1", "./etcdctl ls /coreos.com/network/subnets")).isEqualTo(
                    "/coreos.com/network/subnets/10.13.48.0-20\n/coreos.com/network/subnets/10.15.64.0-20\n");
            JsonNode lease = JSON.readTree(lab.ok("node2", "./etcdctl get /coreos.com/network/subnets/10.15.64.0-20"));
            assertThat(lease.path("PublicIP").asText()).isEqualTo("192.168.205.10");
            assertThat(lease.path("BackendType").asText()).isEqualTo("vxlan");
            assertThat(lease.path("BackendData").path("VtepMAC").asText()).isEqualTo(macOf(lab, "node1", "flannel.100"));
        }
    }

    @Test
    void theVxlanDeviceAsFlannel06MakesIt() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning();
            String details = lab.ok("node1", "ip -d link show flannel.100");
            assertThat(details).contains("flannel.100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN",
                    "    vxlan id 100 local 192.168.205.10 dev enp0s8 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 ");
            // flannel 0.6 puts the subnet's first address on the device with the mask of the whole network
            assertThat(lab.ok("node1", "ifconfig flannel.100")).startsWith("flannel.100 Link encap:Ethernet  HWaddr ")
                    .contains("          inet addr:10.15.64.0  Bcast:0.0.0.0  Mask:255.0.0.0\n");
            assertThat(lab.ok("node1", "ip route")).contains("10.0.0.0/8 dev flannel.100 proto kernel scope link src 10.15.64.0 \n");
        }
    }

    @Test
    void routeNeighbourAndFdbEntryTowardsTheOtherLease() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning();
            String node2Vtep = macOf(lab, "node2", "flannel.100");
            String node1Vtep = macOf(lab, "node1", "flannel.100");
            assertThat(lab.ok("node1", "ip route")).contains("10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink \n");
            assertThat(lab.ok("node1", "ip neigh show dev flannel.100")).isEqualTo("10.13.48.0 lladdr " + node2Vtep + " PERMANENT \n");
            assertThat(lab.ok("node1", "bridge fdb show dev flannel.100"))
                    .isEqualTo(node2Vtep + " dst 192.168.205.11 self permanent\n");
            assertThat(lab.ok("node2", "ip route")).contains("10.15.64.0/20 via 10.15.64.0 dev flannel.100 onlink \n");
            assertThat(lab.ok("node2", "bridge fdb show dev flannel.100"))
                    .isEqualTo(node1Vtep + " dst 192.168.205.10 self permanent\n");
        }
    }

    @Test
    void waitsForTheConfigurationThenLeases() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster();
            lab.ok("node1", "wget " + SimLab.FLANNEL_URL + " -O flanneld && chmod 755 flanneld");
            CommandResult start = lab.run("node1", "nohup sudo ./flanneld -iface=192.168.205.10 &");
            assertThat(start.exitCode()).isZero();
            assertThat(start.stderr()).matches("\\[\\d\\] \\d+\nnohup: ignoring input and appending output to 'nohup.out'\n");
            assertThat(lab.run("node1", "ip link show flannel.100").exitCode()).isEqualTo(1);
            assertThat(lab.run("node1", "cat /run/flannel/subnet.env").exitCode()).isEqualTo(1);
            String log = lab.ok("node1", "cat nohup.out");
            assertThat(log).containsPattern("(?m)^I1024 \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ main\\.go:188\\] Using 192.168.205.10 "
                    + "as external interface$");
            assertThat(log).containsPattern("main\\.go:235\\] Couldn't fetch network config: 100: Key not found "
                    + "\\(/coreos.com\\) \\[\\d+\\]");

            lab.ok("node1", "cat > flannel-network-config.json <<EOF\n" + SimLab.FLANNEL_CONFIG + "EOF");
            lab.ok("node1", "./etcdctl set /coreos.com/network/config < flannel-network-config.json");
            assertThat(lab.ok("node1", "cat /run/flannel/subnet.env")).contains("FLANNEL_SUBNET=10.15.64.1/20");
            assertThat(lab.ok("node1", "cat nohup.out")).contains("local_manager.go:179] Picking subnet in range 10.10.0.0 ... 10.99.0.0\n",
                    "local_manager.go:155] Created lease 10.15.64.0/20 (TTL 24h)\n");
        }
    }

    @Test
    void leasesStayInsideTheConfiguredRangeForAnySeed() {
        Cidr min = Cidr.parse("10.10.0.0/20");
        Cidr max = Cidr.parse("10.99.0.0/20");
        for (long seed = 1; seed <= 6; seed++) {
            try (SimLab lab = SimLab.twoHosts(seed)) {
                lab.etcdCluster().flannelConfigured().flannelRunning();
                Cidr a = lease(lab, "node1");
                Cidr b = lease(lab, "node2");
                for (Cidr c : new Cidr[] {a, b}) {
                    assertThat(c.prefixLength()).isEqualTo(20);
                    assertThat(c.address()).isEqualTo(c.network());
                    assertThat(Integer.toUnsignedLong(c.network())).isBetween(Integer.toUnsignedLong(min.network()),
                            Integer.toUnsignedLong(max.network()));
                }
                assertThat(a.overlaps(b)).as("seed %d: %s and %s", seed, a, b).isFalse();
            }
        }
    }

    private static Cidr lease(SimLab lab, String host) {
        String env = lab.ok(host, "cat /run/flannel/subnet.env");
        String subnet = env.replaceAll("(?s).*FLANNEL_SUBNET=([0-9./]+)\n.*", "$1");
        Cidr c = Cidr.parse(subnet);
        return new Cidr(c.address() - 1, c.prefixLength());
    }

    @Test
    void aLeaseThatGoesAwayTakesItsRouteAndEntriesWithIt() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning();
            lab.ok("node1", "./etcdctl rm /coreos.com/network/subnets/10.13.48.0-20");
            assertThat(lab.ok("node1", "ip route")).doesNotContain("10.13.48.0/20");
            assertThat(lab.ok("node1", "ip neigh show dev flannel.100")).isEmpty();
            assertThat(lab.ok("node1", "bridge fdb show dev flannel.100")).isEmpty();
            assertThat(lab.world().host("node1").root().neighbour(Ipv4.parse("10.13.48.0"),
                    lab.ns("node1").link("flannel.100").orElseThrow())).isNull();
        }
    }

    @Test
    void refusals() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured();
            CommandResult user = lab.run("node1", "./flanneld -iface=192.168.205.10");
            assertThat(user.exitCode()).isEqualTo(1);
            assertThat(user.output()).matches("E1024 [0-9:.]+ +\\d+ main\\.go:153\\] Error registering network: operation not permitted\n");
            CommandResult foreign = lab.run("node1", "sudo ./flanneld -iface=192.168.205.11");
            assertThat(foreign.exitCode()).isEqualTo(1);
            assertThat(foreign.output()).contains("main.go:127] Failed to find interface to use that matches the interfaces "
                    + "and/or regexes provided\n");
            lab.flannelRunning();
            CommandResult twice = lab.run("node1", "sudo ./flanneld -iface=192.168.205.10");
            assertThat(twice.exitCode()).isEqualTo(1);
            assertThat(lab.ok("node1", "./flanneld --version")).isEqualTo("0.6.2\n");
        }
    }
}
