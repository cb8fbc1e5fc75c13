/*
 * Docker 1.12 as the tutorial drives it: the daemon and its flags (cluster store, --bip, --mtu),
 * the service, overlay networks shared through etcd (subnets, VNIs, names), containers on them
 * (addresses, MACs, MTU, docker_gwbridge, the overlay namespace), ps/stop/rm/exec/inspect, the
 * messages of the client when things go wrong, and another host's daemon over TCP.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.Vxlan;

class DockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_RUNNING = "Cannot connect to the Docker daemon. Is the docker daemon running on this host?\n";
    private static final String HEX64 = "[0-9a-f]{64}\n";

    private final SimLab lab = SimLab.twoHosts();

    @AfterEach
    void close() {
        lab.close();
    }

    private String ok(String host, String line) {
        return lab.ok(host, line);
    }

    private CommandResult run(String host, String line) {
        return lab.run(host, line);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Both daemons on the etcd cluster and the overlay network demo made on node1; returns its ID. */
    private String demoNetwork() {
        lab.etcdCluster().dockerWithClusterStore();
        String id = ok("node1", "sudo docker network create -d overlay demo");
        assertThat(id).matches(HEX64);
        return id.trim();
    }

    // ------------------------------------------------------------------ daemon and service

    @Test
    void theClientNeedsRootAndARunningDaemon() {
        CommandResult user = run("node1", "docker ps");
        assertThat(user.exitCode()).isEqualTo(1);
        assertThat(user.output()).isEqualTo(NOT_RUNNING);
        assertThat(ok("node1", "sudo docker ps")).isEqualTo(
                "CONTAINER ID        IMAGE               COMMAND             CREATED             STATUS              PORTS               NAMES\n");
        assertThat(ok("node1", "sudo service docker status")).contains("   Active: active (running)\n", " (dockerd)\n");

        ok("node1", "sudo service docker stop");
        CommandResult stopped = run("node1", "sudo docker ps");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.output()).isEqualTo(NOT_RUNNING);
        CommandResult status = run("node1", "sudo service docker status");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("   Active: inactive (dead)\n");

        ok("node1", "sudo service docker start");
        ok("node1", "sudo docker ps");
        ok("node1", "sudo systemctl stop docker.service");
        assertThat(run("node1", "sudo docker ps").output()).isEqualTo(NOT_RUNNING);
        ok("node1", "sudo systemctl start docker");
        ok("node1", "sudo docker ps");
        CommandResult unit = run("node1", "sudo service nginx start");
        assertThat(unit.exitCode()).isEqualTo(5);
        assertThat(unit.output()).isEqualTo("Failed to start nginx.service: Unit nginx.service not found.\n");
        CommandResult noRoot = run("node1", "service docker stop");
        assertThat(noRoot.exitCode()).isEqualTo(1);
        assertThat(noRoot.output()).startsWith("Failed to stop docker.service: Interactive authentication required.");
    }

    @Test
    void theDaemonWithTheTutorialsClusterFlags() {
        lab.etcdCluster();
        ok("node1", "sudo service docker stop");
        CommandResult d = run("node1", "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock"
                + " --cluster-store=etcd://192.168.205.10:2379 --cluster-advertise=192.168.205.10:2375");
        assertThat(d.exitCode()).isZero();
        assertThat(d.output()).startsWith("WARN[0000] /!\\ DON'T BIND ON ANY IP ADDRESS WITHOUT setting -tlsverify IF YOU "
                + "DON'T KNOW WHAT YOU'RE DOING /!\\ \n");
        assertThat(d.output()).contains("INFO[0001] Initializing discovery with TLS config: <nil> \n",
                "INFO[0001] Daemon has completed initialization \n",
                "INFO[0001] API listen on [::]:2375 \n", "INFO[0001] API listen on /var/run/docker.sock \n");
        assertThat(d.notes()).anyMatch(n -> n.contains("keeps running"));
        assertThat(ok("node1", "sudo docker info")).contains("Server Version: 1.12.6\n",
                "Cluster Store: etcd://192.168.205.10:2379\n", "Cluster Advertise: 192.168.205.10:2375\n");
        // the daemon announces itself in the store
        assertThat(ok("node1", "./etcdctl ls /docker/nodes")).isEqualTo("/docker/nodes/192.168.205.10:2375\n");

        CommandResult twice = run("node1", "sudo dockerd");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.output()).isEqualTo(
                "FATA[0001] Error starting daemon: pid file found, ensure docker is not running or delete /var/run/docker.pid \n");
    }

    @Test
    void aBipThatDoesNotMatchDocker0StopsTheDaemonLikeLibnetworkDoes() {
        ok("node1", "sudo service docker stop");
        CommandResult bad = run("node1", "sudo docker daemon --bip=10.15.64.1/20 --mtu=1450");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output()).endsWith("FATA[0001] Error starting daemon: Error initializing network controller: "
                + "Error creating default \"bridge\" network: bridge IPv4 (172.17.0.1) does not match requested "
                + "configuration 10.15.64.1 \n");
        assertThat(run("node1", "sudo docker ps").output()).isEqualTo(NOT_RUNNING);

        // the tutorial's way: move docker0 first, then start the daemon inside the new subnet
        ok("node1", "sudo ifconfig docker0 10.15.64.1/20");
        ok("node1", "sudo dockerd --bip=10.15.64.1/20 --mtu=1450 &");
        JsonNode bridge = json(ok("node1", "sudo docker network inspect bridge")).get(0);
        assertThat(bridge.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.15.64.0/20");
        assertThat(bridge.path("IPAM").path("Config").get(0).path("Gateway").asText()).isEqualTo("10.15.64.1");
        assertThat(bridge.path("Options").path("com.docker.network.driver.mtu").asText()).isEqualTo("1450");
        lab.runSleeper("node1", "test1", null);
        assertThat(ok("node1", "sudo docker exec test1 ip addr show eth0")).contains(
                "mtu 1450 qdisc noqueue ", "link/ether 02:42:0a:0f:40:02 ", "inet 10.15.64.2/20 brd 10.15.79.255 scope global eth0");
    }

    @Test
    void badDaemonFlags() {
        ok("node1", "sudo service docker stop");
        CommandResult unknown = run("node1", "sudo docker daemon --bogus");
        assertThat(unknown.exitCode()).isEqualTo(125);
        assertThat(unknown.output()).startsWith("flag provided but not defined: --bogus\n");
        CommandResult advertise = run("node1", "sudo docker daemon --cluster-advertise=192.168.205.10:2375");
        assertThat(advertise.exitCode()).isEqualTo(125);
        assertThat(advertise.output()).startsWith("--cluster-advertise requires --cluster-store configuration\n");
        CommandResult user = run("node1", "docker daemon");
        assertThat(user.exitCode()).isEqualTo(1);
        assertThat(user.output()).contains("permission denied");
        assertThat(run("node1", "sudo docker ps").output()).isEqualTo(NOT_RUNNING);
    }

    // ------------------------------------------------------------------ networks

    @Test
    void overlayNeedsAClusterStore() {
        CommandResult r = run("node1", "sudo docker network create -d overlay demo");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).isEqualTo("Error response from daemon: error getting pools config from store: could not get "
                + "pools config from store: datastore for scope \"global\" is not initialized\n");
    }

    @Test
    void anOverlayNetworkIsGlobalThroughEtcd() {
        String id = demoNetwork();
        for (String host : List.of("node1", "node2")) {
            String ls = ok(host, "sudo docker network ls");
            assertThat(ls).startsWith("NETWORK ID          NAME                DRIVER              SCOPE\n");
            assertThat(ls).contains(id.substring(0, 12) + "        demo                overlay             global\n");
            assertThat(ls.lines().map(l -> l.split(" +")[1]).toList())
                    .containsExactly("ID", "bridge", "demo", "host", "none");
        }
        JsonNode demo = json(ok("node2", "sudo docker network inspect demo")).get(0);
        assertThat(demo.path("Name").asText()).isEqualTo("demo");
        assertThat(demo.path("Id").asText()).isEqualTo(id);
        assertThat(demo.path("Scope").asText()).isEqualTo("global");
        assertThat(demo.path("Driver").asText()).isEqualTo("overlay");
        assertThat(demo.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.0.0.0/24");
        assertThat(demo.path("IPAM").path("Config").get(0).path("Gateway").asText()).isEqualTo("10.0.0.1");
        assertThat(demo.path("Options").path("com.docker.network.driver.overlay.vxlanid_list").asText()).isEqualTo("256");

        // the keys the tutorial lists
        assertThat(ok("node1", "./etcdctl ls /docker")).isEqualTo("/docker/network\n/docker/nodes\n");
        assertThat(ok("node2", "./etcdctl ls /docker/nodes"))
                .isEqualTo("/docker/nodes/192.168.205.10:2375\n/docker/nodes/192.168.205.11:2375\n");
        assertThat(ok("node1", "./etcdctl ls /docker/network/v1.0/network")).isEqualTo("/docker/network/v1.0/network/" + id + "\n");
        JsonNode stored = json(ok("node1", "./etcdctl get /docker/network/v1.0/network/" + id));
        assertThat(stored.path("name").asText()).isEqualTo("demo");
        assertThat(stored.path("networkType").asText()).isEqualTo("overlay");
        assertThat(stored.path("scope").asText()).isEqualTo("global");
        assertThat(stored.path("ipamV4Info").asText()).contains("10.0.0.0/24");
        assertThat(ok("node1", "./etcdctl get /docker/network/v1.0/idm/vxlan-id")).contains("256");

        // names are global: node2 cannot make another demo
        CommandResult dup = run("node2", "sudo docker network create -d overlay demo");
        assertThat(dup.exitCode()).isEqualTo(1);
        assertThat(dup.output()).isEqualTo("Error response from daemon: network with name demo already exists\n");

        JsonNode demo2 = json(ok("node2", "sudo docker network inspect "
                + ok("node2", "sudo docker network create -d overlay demo2").trim())).get(0);
        assertThat(demo2.path("IPAM").path("Config").get(0).path("Subnet").asText()).isEqualTo("10.0.1.0/24");
        assertThat(demo2.path("Options").path("com.docker.network.driver.overlay.vxlanid_list").asText()).isEqualTo("257");
    }

    @Test
    void networkRmAndInspectErrors() {
        demoNetwork();
        CommandResult missing = run("node1", "sudo docker network inspect nosuch");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("[]\nError: No such network: nosuch\n");
        CommandResult predefined = run("node1", "sudo docker network rm bridge");
        assertThat(predefined.exitCode()).isEqualTo(1);
        assertThat(predefined.output()).isEqualTo(
                "Error response from daemon: bridge is a pre-defined network and cannot be removed\n");
        lab.runSleeper("node2", "test2", "demo");
        CommandResult busy = run("node1", "sudo docker network rm demo");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.output()).isEqualTo("Error response from daemon: network demo has active endpoints\n");
        ok("node2", "sudo docker rm -f test2");
        assertThat(ok("node1", "sudo docker network rm demo")).isEqualTo("demo\n");
        assertThat(ok("node2", "sudo docker network ls")).doesNotContain("demo");
    }

    // ------------------------------------------------------------------ containers on the overlay

    @Test
    void containersOnTheOverlayGetAddressesMacsAndTheWayOut() {
        String nid = demoNetwork();
        assertThat(lab.runSleeper("node1", "test1", "demo")).matches(HEX64);

        String eth0 = ok("node1", "sudo docker exec test1 ip addr show eth0");
        assertThat(eth0).contains("mtu 1450 ", "link/ether 02:42:0a:00:00:02 ", "inet 10.0.0.2/24 brd 10.0.0.255 scope global eth0");
        assertThat(eth0.lines().findFirst().orElseThrow()).matches("\\d+: eth0@if\\d+: .*");
        assertThat(ok("node1", "sudo docker exec test1 ip addr show eth1")).contains("mtu 1500 ",
                "link/ether 02:42:ac:12:00:02 ", "inet 172.18.0.2/16 brd 172.18.255.255 scope global eth1");
        assertThat(ok("node1", "sudo docker exec test1 ip route")).isEqualTo("""
                default via 172.18.0.1 dev eth1 \n\
                10.0.0.0/24 dev eth0 scope link  src 10.0.0.2 \n\
                172.18.0.0/16 dev eth1 scope link  src 172.18.0.2 \n""");
        assertThat(ok("node1", "ip addr show docker_gwbridge")).contains("inet 172.18.0.1/16 brd 172.18.255.255 scope global");
        assertThat(ok("node1", "sudo docker network ls")).contains(" docker_gwbridge     bridge              local\n");

        // the overlay namespace 1-<first 10 hex of the network ID> with br0 and vxlan0
        String sandbox = "1-" + nid.substring(0, 10);
        assertThat(ok("node1", "sudo ls /var/run/docker/netns")).contains(sandbox);
        NetNs ns = lab.host("node1").namespace(sandbox);
        assertThat(ns).isNotNull();
        Link br0 = ns.link("br0").orElseThrow();
        assertThat(br0).isInstanceOf(Bridge.class);
        assertThat(br0.primaryAddress()).hasToString("10.0.0.1/24");
        Vxlan vxlan0 = (Vxlan) ns.link("vxlan0").orElseThrow();
        assertThat(vxlan0.vni()).isEqualTo(256);
        assertThat(vxlan0.dstPort()).isEqualTo(4789);
        assertThat(vxlan0.proxy() && vxlan0.l2miss() && vxlan0.l3miss()).isTrue();
        assertThat(vxlan0.master()).isSameAs(br0);
        assertThat(ok("node1", "sudo ip netns list")).isEmpty();

        // the endpoint as libnetwork stores it
        String keys = ok("node1", "./etcdctl ls /docker/network/v1.0/endpoint/" + nid);
        JsonNode ep = json(ok("node1", "./etcdctl get " + keys.trim()));
        assertThat(ep.path("name").asText()).isEqualTo("test1");
        assertThat(ep.path("ep_iface").path("addr").asText()).isEqualTo("10.0.0.2/24");
        assertThat(ep.path("ep_iface").path("mac").asText()).isEqualTo("02:42:0a:00:00:02");
        assertThat(ep.path("locator").asText()).isEqualTo("192.168.205.10");
    }

    @Test
    void containerNamesAreGlobalOnTheOverlay() {
        String nid = demoNetwork();
        lab.runSleeper("node1", "test1", "demo");
        CommandResult dup = run("node2", "sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"");
        assertThat(dup.exitCode()).isEqualTo(125);
        assertThat(dup.stderr()).endsWith("docker: Error response from daemon: service endpoint with name test1 already exists.\n");
        assertThat(dup.stdout()).isEmpty();
        lab.runSleeper("node2", "test2", "demo");
        assertThat(ok("node2", "sudo docker exec test2 ip addr show eth0")).contains("inet 10.0.0.3/24 ",
                "link/ether 02:42:0a:00:00:03 ");

        // node1's daemon programs node2's container into the overlay namespace: no flooding needed
        NetNs ns = lab.host("node1").namespace("1-" + nid.substring(0, 10));
        Vxlan vxlan0 = (Vxlan) ns.link("vxlan0").orElseThrow();
        Neighbour n = ns.neighbour(Ipv4.parse("10.0.0.3"), vxlan0);
        assertThat(n.lladdr()).isEqualTo("02:42:0a:00:00:03");
        assertThat(n.state()).isEqualTo(Neighbour.State.PERMANENT);
        assertThat(vxlan0.destinationsFor("02:42:0a:00:00:03")).containsExactly(Ipv4.parse("192.168.205.11"));

        // names resolve across hosts through Docker's embedded DNS
        String ping = ok("node1", "sudo docker exec test1 ping -c 1 test2");
        assertThat(ping).startsWith("PING test2 (10.0.0.3): 56 data bytes\n64 bytes from 10.0.0.3: seq=0 ttl=64 time=");
    }

    @Test
    void aStoppedContainerLeavesTheStoreAndTheOtherHostsEntries() {
        String nid = demoNetwork();
        lab.runSleeper("node1", "test1", "demo");
        lab.runSleeper("node2", "test2", "demo");
        NetNs ns = lab.host("node1").namespace("1-" + nid.substring(0, 10));
        Vxlan vxlan0 = (Vxlan) ns.link("vxlan0").orElseThrow();
        assertThat(ns.neighbour(Ipv4.parse("10.0.0.3"), vxlan0)).isNotNull();

        ok("node2", "sudo docker stop test2");
        assertThat(ok("node1", "./etcdctl ls /docker/network/v1.0/endpoint/" + nid).lines().count()).isEqualTo(1);
        assertThat(ns.neighbour(Ipv4.parse("10.0.0.3"), vxlan0)).isNull();
        assertThat(vxlan0.fdb()).isEmpty();
        CommandResult ping = run("node1", "sudo docker exec test1 ping -c 2 10.0.0.3");
        assertThat(ping.exitCode()).isEqualTo(1);
        assertThat(ping.output()).contains("2 packets transmitted, 0 packets received, 100% packet loss");
        // with no local container left on the network, node2 drops its overlay namespace
        assertThat(ok("node2", "sudo ls /var/run/docker/netns")).doesNotContain("1-" + nid.substring(0, 10));
    }

    // ------------------------------------------------------------------ container lifecycle

    @Test
    void psStopRmAndTheExitStatusOfAKilledContainer() {
        String id = lab.runSleeper("node1", "test1", null).trim();
        String ps = ok("node1", "sudo docker ps");
        assertThat(ps).startsWith("CONTAINER ID        IMAGE               COMMAND                  CREATED             STATUS  ");
        assertThat(ps.lines().toList().get(1)).matches(id.substring(0, 12)
                + " {8}busybox {13}\"sh -c while true; do\" {3}\\d+ seconds ago +Up \\d+ seconds +test1");

        assertThat(ok("node1", "sudo docker stop test1")).isEqualTo("test1\n");
        assertThat(ok("node1", "sudo docker ps").lines().count()).isEqualTo(1);
        // sh as PID 1 ignores SIGTERM; after 10 s docker stop kills it
        assertThat(ok("node1", "sudo docker ps -a")).containsPattern("Exited \\(137\\) \\d+ seconds ago +test1\n");
        assertThat(ok("node1", "sudo docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' test1"))
                .isEqualTo("exited 137\n");

        assertThat(ok("node1", "sudo docker start test1")).isEqualTo("test1\n");
        CommandResult running = run("node1", "sudo docker rm test1");
        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.output()).isEqualTo("Error response from daemon: You cannot remove a running container " + id
                + ". Stop the container before attempting removal or use -f\n");
        assertThat(ok("node1", "sudo docker rm -f test1")).isEqualTo("test1\n");
        CommandResult gone = run("node1", "sudo docker rm test1");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.output()).isEqualTo("Error response from daemon: No such container: test1\n");
        assertThat(ok("node1", "sudo docker ps -a").lines().count()).isEqualTo(1);
    }

    @Test
    void runInTheForegroundAndTheNameConflict() {
        CommandResult echo = run("node1", "sudo docker run --name hello busybox echo hi");
        assertThat(echo.exitCode()).isZero();
        assertThat(echo.stdout()).isEqualTo("hi\n");
        assertThat(echo.stderr()).startsWith("Unable to find image 'busybox:latest' locally\nlatest: Pulling from library/busybox\n")
                .contains("Status: Downloaded newer image for busybox:latest\n");
        assertThat(ok("node1", "sudo docker ps -a")).containsPattern("\"echo hi\" .* Exited \\(0\\) .* hello\n");

        String id = ok("node1", "sudo docker inspect --format '{{.Id}}' hello").trim();
        CommandResult conflict = run("node1", "sudo docker run -d --name hello busybox true");
        assertThat(conflict.exitCode()).isEqualTo(125);
        assertThat(conflict.output()).isEqualTo("docker: Error response from daemon: Conflict. The name \"/hello\" is already "
                + "in use by container " + id + ". You have to remove (or rename) that container to be able to reuse that name.\n"
                + "See 'docker run --help'.\n");
        // the image is there now: no second pull
        assertThat(run("node1", "sudo docker run --name again busybox true").stderr()).isEmpty();
    }

    @Test
    void execInsideAContainer() {
        String id = lab.runSleeper("node1", "test1", null).trim();
        assertThat(ok("node1", "sudo docker exec test1 hostname")).isEqualTo(id.substring(0, 12) + "\n");
        CommandResult missing = run("node1", "sudo docker exec test1 bash");
        assertThat(missing.exitCode()).isEqualTo(126);
        assertThat(missing.output()).isEqualTo("rpc error: code = 2 desc = oci runtime error: exec failed: exec: \"bash\": "
                + "executable file not found in $PATH\n");
        CommandResult noSuch = run("node1", "sudo docker exec nosuch ls");
        assertThat(noSuch.exitCode()).isEqualTo(1);
        assertThat(noSuch.output()).isEqualTo("Error response from daemon: No such container: nosuch\n");
        ok("node1", "sudo docker stop test1");
        CommandResult stopped = run("node1", "sudo docker exec test1 ls");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.output()).isEqualTo("Error response from daemon: Container " + id + " is not running\n");
        // a CentOS image has bash but not the network tools
        ok("node1", "sudo docker run -d --name c7 centos:7 bash -c \"while true;do sleep 3600;done\"");
        assertThat(ok("node1", "sudo docker exec c7 ping -c 1 172.17.0.1")).contains(
                "64 bytes from 172.17.0.1: icmp_seq=1 ttl=64 time=");
        assertThat(run("node1", "sudo docker exec c7 ifconfig").exitCode()).isEqualTo(126);
    }

    @Test
    void inspectFormatTemplates() {
        lab.runSleeper("node1", "container1", null);
        assertThat(ok("node1", "sudo docker inspect --format '{{ .NetworkSettings.IPAddress }}' container1")).isEqualTo("172.17.0.2\n");
        assertThat(ok("node1", "sudo docker inspect -f '{{.NetworkSettings.MacAddress}}' container1")).isEqualTo("02:42:ac:11:00:02\n");
        assertThat(ok("node1", "sudo docker inspect --format '{{json .NetworkSettings.Networks.bridge.Gateway}}' container1"))
                .isEqualTo("\"172.17.0.1\"\n");
        assertThat(ok("node1", "sudo docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' container1"))
                .isEqualTo("172.17.0.2\n");
        assertThat(ok("node1", "sudo docker inspect --format '{{.Name}} {{.State.Running}} {{.HostConfig.NetworkMode}}' container1"))
                .isEqualTo("/container1 true default\n");
        JsonNode full = json(ok("node1", "sudo docker inspect container1")).get(0);
        assertThat(full.path("Config").path("Image").asText()).isEqualTo("busybox");
        assertThat(full.path("NetworkSettings").path("Networks").path("bridge").path("IPPrefixLen").asInt()).isEqualTo(16);
        CommandResult missing = run("node1", "sudo docker inspect nosuch");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).isEqualTo("[]\n");
        assertThat(missing.stderr()).isEqualTo("Error: No such image, container or task: nosuch\n");
    }

    @Test
    void anotherHostsDaemonOverTcp() {
        lab.etcdCluster().dockerWithClusterStore();
        lab.runSleeper("node2", "test2", null);
        CommandResult remote = run("node1", "docker -H tcp://192.168.205.11:2375 ps");
        assertThat(remote.exitCode()).isZero();
        assertThat(remote.output()).contains(" test2\n");
        assertThat(remote.notes()).anyMatch(n -> n.contains("no authentication"));
        assertThat(ok("node1", "sudo docker ps")).doesNotContain("test2");

        ok("node2", "sudo service docker start");
        try (SimLab fresh = SimLab.twoHosts()) {
            CommandResult closed = fresh.run("node1", "docker -H tcp://192.168.205.11:2375 ps");
            assertThat(closed.exitCode()).isEqualTo(1);
            assertThat(closed.output()).isEqualTo(
                    "Cannot connect to the Docker daemon at tcp://192.168.205.11:2375. Is the docker daemon running?\n");
        }
    }
}
