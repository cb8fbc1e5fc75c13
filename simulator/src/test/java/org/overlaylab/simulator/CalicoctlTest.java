/*
 * calicoctl v1.6.1 with calico/node 2.6: node run and its address autodetection (including the
 * first-found pitfall on VirtualBox, where both VMs have 10.0.2.15), node status with BGP
 * Established, ipPool create/get, workload routes and proxy ARP, profile isolation.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class CalicoctlTest {
    private static final String NODE_IMAGE = "--node-image=quay.io/calico/node:v2.6.12";
    private static final String POOL = """
            apiVersion: v1
            kind: ipPool
            metadata:
              cidr: 10.20.0.0/16
            spec:
              ipip:
                enabled: false
              nat-outgoing: true
            """;

    private final SimLab lab = SimLab.twoHosts();

    @BeforeEach
    void clusterAndCalicoctl() {
        lab.etcdCluster().dockerWithClusterStore();
        for (String h : List.of("node1", "node2")) {
            CommandResult missing = lab.run(h, "calicoctl version");
            assertThat(missing.output()).isEqualTo("calicoctl: command not found\n");
            lab.ok(h, "sudo wget -O /usr/local/bin/calicoctl " + SimLab.CALICOCTL_URL);
            lab.ok(h, "sudo chmod +x /usr/local/bin/calicoctl");
        }
    }

    @AfterEach
    void close() {
        lab.close();
    }

    private static String etcd(String host) {
        return "sudo ETCD_ENDPOINTS=http://192.168.205." + (host.equals("node1") ? "10" : "11") + ":2379 calicoctl ";
    }

    private CommandResult calicoctl(String host, String args) {
        return lab.run(host, etcd(host) + args);
    }

    private String ok(String host, String line) {
        return lab.ok(host, line);
    }

    /** Both nodes running with the underlay address, without the default pool, and the lab's pool made. */
    private void nodesOnTheUnderlay() {
        for (String h : List.of("node1", "node2")) {
            CommandResult r = calicoctl(h, "node run " + NODE_IMAGE + " --ip-autodetection-method=interface=enp0s8 --no-default-ippools");
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
        ok("node1", "cat > ippool.yaml <<EOF\n" + POOL + "EOF");
        assertThat(calicoctl("node1", "create -f ippool.yaml").output()).isEqualTo("Successfully created 1 'ipPool' resource(s)\n");
        ok("node1", "sudo docker network create --driver calico --ipam-driver calico-ipam --subnet=10.20.0.0/16 cal_net1");
    }

    @Test
    void firstFoundPicksTheNatAddressOnBothVmsAndTheSecondNodeGivesUp() {
        CommandResult first = calicoctl("node1", "node run " + NODE_IMAGE);
        assertThat(first.exitCode()).isZero();
        assertThat(first.output()).contains("docker run --net=host --privileged --name=calico-node -d --restart=always "
                        + "-e NODENAME=docker-node1 -e CALICO_NETWORKING_BACKEND=bird -e CALICO_LIBNETWORK_ENABLED=true "
                        + "-e ETCD_ENDPOINTS=http://192.168.205.10:2379 ",
                "autodetection_methods.go 162: Using autodetected IPv4 address on interface enp0s3: 10.0.2.15/24\n",
                "Calico node started successfully\n");
        CommandResult second = calicoctl("node2", "node run " + NODE_IMAGE);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.output()).contains("Using autodetected IPv4 address on interface enp0s3: 10.0.2.15/24\n",
                " [WARNING][8] startup.go 367: Calico node 'docker-node1' is already using the IPv4 address 10.0.2.15.\n",
                "Error executing command: calico-node has terminated\n");
        assertThat(calicoctl("node2", "node status").output()).isEqualTo("Calico process is not running.\n");
        // the default pool overlaps this lab's underlay, which is why the lab makes its own
        assertThat(calicoctl("node1", "get ipPool").output()).isEqualTo("CIDR             \n192.168.0.0/16   \n\n");
    }

    @Test
    void nodeStatusShowsTheMeshPeerEstablished() {
        nodesOnTheUnderlay();
        String status = calicoctl("node1", "node status").output();
        List<String> lines = status.lines().toList();
        assertThat(lines.get(0)).isEqualTo("Calico process is running.");
        assertThat(lines.get(1)).isEmpty();
        assertThat(lines.get(2)).isEqualTo("IPv4 BGP status");
        assertThat(lines.get(3)).isEqualTo("+----------------+-------------------+-------+----------+-------------+");
        assertThat(lines.get(4)).isEqualTo("|  PEER ADDRESS  |     PEER TYPE     | STATE |  SINCE   |    INFO     |");
        assertThat(lines.get(6)).matches("\\| 192\\.168\\.205\\.11 \\| node-to-node mesh \\| up    \\| \\d\\d:\\d\\d:\\d\\d \\| Established \\|");
        assertThat(status).endsWith("IPv6 BGP status\nNo IPv6 peers found.\n\n");
        assertThat(calicoctl("node2", "node status").output()).contains("| 192.168.205.10 | node-to-node mesh | up ");

        CommandResult user = lab.run("node1", "calicoctl node status");
        assertThat(user.exitCode()).isEqualTo(1);
        assertThat(user.output()).isEqualTo("calicoctl node status must be run with root privileges.\n");
    }

    @Test
    void ipPoolCreateAndGet() {
        nodesOnTheUnderlay();
        assertThat(calicoctl("node2", "get ipPool").output()).isEqualTo("CIDR           \n10.20.0.0/16   \n\n");
        assertThat(calicoctl("node2", "get ipPool -o wide").output()).contains("10.20.0.0/16", "true", "false");
        assertThat(ok("node1", "./etcdctl get /calico/v1/ipam/v4/pool/10.20.0.0-16")).contains("\"masquerade\":true");
        CommandResult again = calicoctl("node1", "create -f ippool.yaml");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.output()).isEqualTo(
                "Failed to create 'ipPool' resource: [resource already exists: IPPool(cidr=10.20.0.0/16)]\n");
        CommandResult noFile = calicoctl("node1", "create -f nosuch.yaml");
        assertThat(noFile.exitCode()).isEqualTo(1);
        assertThat(noFile.output()).isEqualTo("Failed to execute command: open nosuch.yaml: no such file or directory\n");
    }

    @Test
    void aNetworkWhoseSubnetIsNoPoolIsRefused() {
        nodesOnTheUnderlay();
        CommandResult r = lab.run("node1",
                "sudo docker network create --driver calico --ipam-driver calico-ipam --subnet=10.30.0.0/16 other");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("Error response from daemon: NetworkDriver.CreateNetwork: The requested subnet "
                + "must match the CIDR of a configured Calico IP Pool.\n");
    }

    @Test
    void workloadsGetSlash32AddressesAndRoutesBgpSpreads() {
        nodesOnTheUnderlay();
        lab.runSleeper("node1", "workload-a", "cal_net1");
        lab.runSleeper("node2", "workload-b", "cal_net1");
        assertThat(ok("node1", "sudo docker exec workload-a ip route"))
                .isEqualTo("default via 169.254.1.1 dev cali0 \n169.254.1.1 dev cali0 scope link \n");
        String cali0 = ok("node2", "sudo docker exec workload-b ifconfig cali0");
        assertThat(cali0).startsWith("cali0     Link encap:Ethernet  HWaddr EE:EE:EE:EE:EE:EE  \n")
                .containsPattern("inet addr:10\\.20\\.\\d+\\.\\d+  Bcast:0\\.0\\.0\\.0  Mask:255\\.255\\.255\\.255\n");

        String node1 = ok("node1", "ip route");
        assertThat(node1).containsPattern("(?m)^10\\.20\\.\\d+\\.\\d+/26 via 192\\.168\\.205\\.11 dev enp0s8 proto bird $");
        assertThat(node1).containsPattern("(?m)^blackhole 10\\.20\\.\\d+\\.\\d+/26 proto bird $");
        assertThat(node1).containsPattern("(?m)^10\\.20\\.\\d+\\.\\d+ dev cali[0-9a-f]{11} scope link $");
        assertThat(ok("node2", "ip route")).containsPattern("(?m)^10\\.20\\.\\d+\\.\\d+/26 via 192\\.168\\.205\\.10 dev enp0s8 proto bird $");
        assertThat(calicoctl("node1", "get workloadendpoint").output()).contains("docker-node1", "docker-node2", "libnetwork");

        String b = cali0.replaceAll("(?s).*inet addr:([0-9.]+) .*", "$1");
        String ping = ok("node1", "sudo docker exec workload-a ping -c 2 " + b);
        // each host routes the packet once
        assertThat(ping).contains("64 bytes from " + b + ": seq=0 ttl=62 time=", "2 packets transmitted, 2 packets received, 0% packet loss");
    }

    @Test
    void birdsClientsShowTheProtocolsAndRoutesAsBird2Does() {
        CommandResult before = lab.run("node1", "sudo birdcl show protocols");
        assertThat(before.output()).isEqualTo("sudo: birdcl: command not found\n");
        nodesOnTheUnderlay();
        lab.runSleeper("node1", "workload-a", "cal_net1");
        lab.runSleeper("node2", "workload-b", "cal_net1");

        String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
        List<String> protocols = ok("node1", "sudo birdcl show protocols").lines().toList();
        assertThat(protocols).hasSize(6);
        assertThat(protocols.get(0)).isEqualTo("BIRD 2.0.12 ready.");
        assertThat(protocols.get(1)).isEqualTo("Name       Proto      Table      State  Since         Info");
        assertThat(protocols.get(2)).matches("device1    Device     ---        up     " + time + "  ");
        assertThat(protocols.get(3)).matches("static1    Static     master4    up     " + time + "  ");
        assertThat(protocols.get(4)).matches("kernel1    Kernel     master4    up     " + time + "  ");
        assertThat(protocols.get(5)).matches("Mesh_192_168_205_11 BGP        ---        up     " + time + "  Established   ");

        // the table in BIRD's hash order, each host's block a blackhole, the other's learned by BGP
        String blocks = ok("node1", "ip route show proto bird");
        String own = blocks.replaceAll("(?s).*blackhole (\\S+) .*", "$1");
        String learned = blocks.replaceAll("(?s).*?(\\S+/26) via .*", "$1");
        List<String> routes = ok("node1", "sudo birdc show route").lines().toList();
        assertThat(routes.get(0)).isEqualTo("BIRD 2.0.12 ready.");
        assertThat(routes.get(1)).isEqualTo("Table master4:");
        assertThat(routes).anyMatch(l -> l.matches(java.util.regex.Pattern.quote(String.format("%-20s", own))
                + " blackhole \\[static1 " + time + "\\] \\* \\(200\\)"));
        int bgp = routes.indexOf(routes.stream().filter(l -> l.startsWith(learned + " ")).findFirst().orElseThrow());
        assertThat(routes.get(bgp)).matches(java.util.regex.Pattern.quote(String.format("%-20s", learned))
                + " unicast \\[Mesh_192_168_205_11 " + time + "\\] \\* \\(100\\) \\[i\\]");
        assertThat(routes.get(bgp + 1)).isEqualTo("\tvia 192.168.205.11 on enp0s8");
        assertThat(ok("node1", "sudo birdcl show status")).contains("Router ID is 192.168.205.10\n", "Daemon is up and running\n");

        CommandResult user = lab.run("node1", "birdcl show protocols");
        assertThat(user.output()).isEqualTo("Unable to connect to server control socket (/run/bird/bird.ctl): Permission denied\n");
        ok("node1", "sudo pkill -x bird");
        assertThat(lab.run("node1", "sudo birdcl show protocols").output())
                .isEqualTo("Unable to connect to server control socket (/run/bird/bird.ctl): No such file or directory\n");
    }

    @Test
    void birdWalksItsTableInFibHashOrder() {
        // the netns backend's BIRD printed node1's own 10.20.33.192/26 before node2's 10.20.238.128/26
        assertThat(org.overlaylab.simulator.calico.BirdProgram.fibHash(org.overlaylab.model.net.Cidr.parse("10.20.33.192/26")))
                .isEqualTo(0xbe7fff40L);
        assertThat(org.overlaylab.simulator.calico.BirdProgram.fibHash(org.overlaylab.model.net.Cidr.parse("10.20.238.128/26")))
                .isEqualTo(0xd800c780L);
    }

    @Test
    void workloadsOfDifferentProfilesCannotTalk() {
        nodesOnTheUnderlay();
        lab.runSleeper("node1", "workload-a", "cal_net1");
        ok("node2", "sudo docker network create --driver calico --ipam-driver calico-ipam --subnet=10.20.0.0/16 cal_net2");
        lab.runSleeper("node2", "workload-c", "cal_net2");
        String c = ok("node2", "sudo docker exec workload-c ifconfig cali0").replaceAll("(?s).*inet addr:([0-9.]+) .*", "$1");
        CommandResult ping = lab.run("node1", "sudo docker exec workload-a ping -c 2 " + c);
        assertThat(ping.exitCode()).isEqualTo(1);
        assertThat(ping.output()).contains("2 packets transmitted, 0 packets received, 100% packet loss");
        assertThat(calicoctl("node1", "get profile").output()).contains("cal_net1", "cal_net2");
    }

    @Test
    void withoutEtcdCalicoctlCannotWork() {
        CommandResult r = lab.run("node1", "sudo ETCD_ENDPOINTS=http://192.168.205.10:2390 calicoctl get ipPool");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).startsWith("Error executing command: client: etcd cluster is unavailable or misconfigured");
    }
}
