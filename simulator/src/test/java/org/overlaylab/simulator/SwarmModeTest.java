/*
 * Docker 20.10's swarm mode on the simulator against the real docker.io 20.10.24 of this machine:
 * each golden text below is that Docker's output in the netns lab (captured 2026-12-03, reviewed
 * by eye), with only what is random per run masked: swarm IDs and tokens, 64-hex IDs, short
 * network IDs, times and the network DB's peer names. Also the TLS records of the join on 2377.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.simulator.net.FrameLog;

class SwarmModeTest {
    private final SimLab lab = SimLab.twoModernHosts();

    @AfterEach
    void close() {
        lab.close();
    }

    /** What differs between two runs of the same commands: random IDs, tokens, times, peer names. */
    static String mask(String text) {
        return text.replaceAll("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}", "<TOKEN>")
                .replaceAll("\"[0-9a-f]{64}\"", "\"<HEX64>\"")
                .replaceAll("(?m)^[0-9a-f]{64}$", "<HEX64>")
                .replaceAll("\\b[0-9a-z]{25}\\b", "<ID>")
                .replaceAll("(?m)^[0-9a-z]{12}   ", "<NETID>   ")
                .replaceAll("\"Created\": \"[^\"]*\"", "\"Created\": \"<TIME>\"")
                .replaceAll("\"Name\": \"[0-9a-f]{12}\"", "\"Name\": \"<PEER>\"");
    }

    private String ok(String host, String line) {
        return lab.ok(host, line);
    }

    /** node1 manager, node2 worker; returns the worker token. */
    private String swarmOfTwo() {
        ok("node1", "sudo docker swarm init --advertise-addr 192.168.205.10");
        String token = ok("node1", "sudo docker swarm join-token -q worker").trim();
        ok("node2", "sudo docker swarm join --token " + token + " 192.168.205.10:2377");
        return token;
    }

    @Test
    void initPrintsTheJoinCommandAndJoinTokenRepeatsIt() {
        String init = ok("node1", "sudo docker swarm init --advertise-addr 192.168.205.10");
        assertThat(mask(init)).isEqualTo("""
                Swarm initialized: current node (<ID>) is now a manager.

                To add a worker to this swarm, run the following command:

                    docker swarm join --token <TOKEN> 192.168.205.10:2377

                To add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions.

                """);
        String token = ok("node1", "sudo docker swarm join-token -q worker");
        assertThat(token).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}\n");
        assertThat(init).contains("docker swarm join --token " + token.trim() + " 192.168.205.10:2377");
        assertThat(mask(ok("node1", "sudo docker swarm join-token worker"))).isEqualTo("""
                To add a worker to this swarm, run the following command:

                    docker swarm join --token <TOKEN> 192.168.205.10:2377

                """);
        assertThat(ok("node2", "sudo docker swarm join --token " + token.trim() + " 192.168.205.10:2377"))
                .isEqualTo("This node joined a swarm as a worker.\n");
    }

    @Test
    void nodeLsOnTheManagerAndItsRefusalOnAWorker() {
        swarmOfTwo();
        assertThat(mask(ok("node1", "sudo docker node ls"))).isEqualTo("""
                ID                            HOSTNAME       STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION
                <ID> *   docker-node1   Ready     Active         Leader           20.10.24+dfsg1
                <ID>     docker-node2   Ready     Active                          20.10.24+dfsg1
                """);
        CommandResult worker = lab.run("node2", "sudo docker node ls");
        assertThat(worker.exitCode()).isEqualTo(1);
        assertThat(worker.output()).isEqualTo("Error response from daemon: This node is not a swarm manager. Worker nodes "
                + "can't be used to view or modify cluster state. Please run this command on a manager node or promote the "
                + "current node to a manager.\n");
    }

    @Test
    void infoShowsTheSwarmLinesOfAManagerAndOfAWorker() {
        swarmOfTwo();
        String manager = ok("node1", "sudo docker info");
        assertThat(mask(manager.substring(manager.indexOf(" Swarm:"), manager.indexOf(" Runtimes:")))).isEqualTo("""
                 Swarm: active
                  NodeID: <ID>
                  Is Manager: true
                  ClusterID: <ID>
                  Managers: 1
                  Nodes: 2
                  Default Address Pool: 10.0.0.0/8 \s
                  SubnetSize: 24
                  Data Path Port: 4789
                  Orchestration:
                   Task History Retention Limit: 5
                  Raft:
                   Snapshot Interval: 10000
                   Number of Old Snapshots to Retain: 0
                   Heartbeat Tick: 1
                   Election Tick: 10
                  Dispatcher:
                   Heartbeat Period: 5 seconds
                  CA Configuration:
                   Expiry Duration: 3 months
                   Force Rotate: 0
                  Autolock Managers: false
                  Root Rotation In Progress: false
                  Node Address: 192.168.205.10
                  Manager Addresses:
                   192.168.205.10:2377
                """);
        String worker = ok("node2", "sudo docker info");
        assertThat(mask(worker.substring(worker.indexOf(" Swarm:"), worker.indexOf(" Runtimes:")))).isEqualTo("""
                 Swarm: active
                  NodeID: <ID>
                  Is Manager: false
                  Node Address: 192.168.205.11
                  Manager Addresses:
                   192.168.205.10:2377
                """);
        assertThat(worker).startsWith("Client:\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: 0\n");
    }

    @Test
    void theManagerListsIngressAndListensOnRaftGossipAndVxlanPorts() {
        swarmOfTwo();
        assertThat(mask(ok("node1", "sudo docker network ls"))).isEqualTo("""
                NETWORK ID     NAME              DRIVER    SCOPE
                <NETID>   bridge            bridge    local
                <NETID>   docker_gwbridge   bridge    local
                <NETID>   host              host      local
                <NETID>   ingress           overlay   swarm
                <NETID>   none              null      local
                """);
        assertThat(ok("node1", "sudo ss -ltnu")).isEqualTo("""
                Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
                udp   UNCONN 0      0            0.0.0.0:4789      0.0.0.0:*         \s
                udp   UNCONN 0      0                  *:7946            *:*         \s
                tcp   LISTEN 0      4096               *:2377            *:*         \s
                tcp   LISTEN 0      4096               *:7946            *:*         \s
                """);
    }

    @Test
    void anAttachableNetworkFromTheClusterThenWithLocalEndpointsAndPeers() {
        swarmOfTwo();
        assertThat(ok("node1", "sudo docker network create -d overlay --attachable mynet")).matches("[0-9a-z]{25}\n");
        assertThat(mask(ok("node1", "sudo docker network inspect mynet"))).isEqualTo("""
                [
                    {
                        "Name": "mynet",
                        "Id": "<ID>",
                        "Created": "<TIME>",
                        "Scope": "swarm",
                        "Driver": "overlay",
                        "EnableIPv6": false,
                        "IPAM": {
                            "Driver": "default",
                            "Options": null,
                            "Config": [
                                {
                                    "Subnet": "10.0.1.0/24",
                                    "Gateway": "10.0.1.1"
                                }
                            ]
                        },
                        "Internal": false,
                        "Attachable": true,
                        "Ingress": false,
                        "ConfigFrom": {
                            "Network": ""
                        },
                        "ConfigOnly": false,
                        "Containers": null,
                        "Options": {
                            "com.docker.network.driver.overlay.vxlanid_list": "4097"
                        },
                        "Labels": null
                    }
                ]
                """);
        assertThat(mask(ok("node2", "sudo docker network ls"))).isEqualTo("""
                NETWORK ID     NAME      DRIVER    SCOPE
                <NETID>   bridge    bridge    local
                <NETID>   host      host      local
                <NETID>   ingress   overlay   swarm
                <NETID>   none      null      local
                """);
        ok("node1", "sudo docker run -d --name test1 --network mynet busybox sleep 3600");
        ok("node2", "sudo docker run -d --name test2 --network mynet busybox sleep 3600");
        assertThat(mask(ok("node2", "sudo docker network ls"))).isEqualTo("""
                NETWORK ID     NAME              DRIVER    SCOPE
                <NETID>   bridge            bridge    local
                <NETID>   docker_gwbridge   bridge    local
                <NETID>   host              host      local
                <NETID>   ingress           overlay   swarm
                <NETID>   mynet             overlay   swarm
                <NETID>   none              null      local
                """);
        assertThat(mask(ok("node2", "sudo docker network inspect mynet"))).isEqualTo("""
                [
                    {
                        "Name": "mynet",
                        "Id": "<ID>",
                        "Created": "<TIME>",
                        "Scope": "swarm",
                        "Driver": "overlay",
                        "EnableIPv6": false,
                        "IPAM": {
                            "Driver": "default",
                            "Options": null,
                            "Config": [
                                {
                                    "Subnet": "10.0.1.0/24",
                                    "Gateway": "10.0.1.1"
                                }
                            ]
                        },
                        "Internal": false,
                        "Attachable": true,
                        "Ingress": false,
                        "ConfigFrom": {
                            "Network": ""
                        },
                        "ConfigOnly": false,
                        "Containers": {
                            "<HEX64>": {
                                "Name": "test2",
                                "EndpointID": "<HEX64>",
                                "MacAddress": "02:42:0a:00:01:04",
                                "IPv4Address": "10.0.1.4/24",
                                "IPv6Address": ""
                            },
                            "lb-mynet": {
                                "Name": "mynet-endpoint",
                                "EndpointID": "<HEX64>",
                                "MacAddress": "02:42:0a:00:01:05",
                                "IPv4Address": "10.0.1.5/24",
                                "IPv6Address": ""
                            }
                        },
                        "Options": {
                            "com.docker.network.driver.overlay.vxlanid_list": "4097"
                        },
                        "Labels": {},
                        "Peers": [
                            {
                                "Name": "<PEER>",
                                "IP": "192.168.205.10"
                            },
                            {
                                "Name": "<PEER>",
                                "IP": "192.168.205.11"
                            }
                        ]
                    }
                ]
                """);
        // test1's way out comes after the ingress sandbox's on node1's docker_gwbridge, as on the real manager
        assertThat(ok("node1", "sudo docker exec test1 ip addr")).contains("inet 172.18.0.3/16 brd 172.18.255.255 scope global eth1");
        assertThat(ok("node1", "sudo docker exec test1 ping -c 3 test2")).startsWith("PING test2 (10.0.1.4): 56 data bytes\n"
                + "64 bytes from 10.0.1.4: seq=0 ttl=64").contains("3 packets transmitted, 3 packets received, 0% packet loss");
        NetNs overlay = lab.world().host("node1").allNamespaces().stream()
                .filter(n -> n.kind() == NetNs.Kind.OVERLAY && n.link("vxlan0").map(l -> ((Vxlan) l).vni() == 4097).orElse(false))
                .findFirst().orElseThrow();
        assertThat(overlay.name()).matches("1-[0-9a-z]{10}");
        assertThat(overlay.link("br0")).isPresent();
    }

    @Test
    void leavingKeepsTheNodeListedAndASecondLeaveIsRefused() {
        swarmOfTwo();
        assertThat(ok("node2", "sudo docker swarm leave")).isEqualTo("Node left the swarm.\n");
        assertThat(mask(ok("node1", "sudo docker node ls"))).contains("<ID>     docker-node2   Ready     Active");
        CommandResult again = lab.run("node2", "sudo docker swarm leave --force");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.output()).isEqualTo("Error response from daemon: This node is not part of a swarm\n");
        lab.world().clock().advance(20 * org.overlaylab.simulator.world.VirtualClock.SECONDS);
        assertThat(mask(ok("node1", "sudo docker node ls"))).contains("<ID>     docker-node2   Down      Active");
    }

    /** The refusals, worded as docker.io 20.10.24 words them in the netns lab (SwarmOverlayLabTest). */
    @Test
    void refusalsAreWordedAsTheRealDaemonWordsThem() {
        swarmOfTwo();
        CommandResult fromWorker = lab.run("node2", "sudo docker network create -d overlay other");
        assertThat(fromWorker.output()).isEqualTo("Error response from daemon: Cannot create a multi-host network from a worker "
                + "node. Please create the network from a manager node.\n");
        assertThat(lab.run("node1", "sudo docker swarm init").output()).isEqualTo("Error response from daemon: This node is "
                + "already part of a swarm. Use \"docker swarm leave\" to leave this swarm and join another one.\n");
        ok("node1", "sudo docker network create -d overlay plain");
        ok("node1", "sudo docker pull busybox");
        CommandResult notAttachable = lab.run("node1", "sudo docker run -d --name test9 --network plain busybox sleep 3600");
        assertThat(notAttachable.exitCode()).isEqualTo(125);
        assertThat(notAttachable.output()).matches("(?s)[0-9a-f]{64}\ndocker: Error response from daemon: Could not attach to "
                + "network plain: rpc error: code = PermissionDenied desc = network plain not manually attachable\\.\n");
        assertThat(ok("node1", "sudo docker ps -a --format '{{.Names}} {{.State}}'")).isEqualTo("test9 created\n");
        assertThat(lab.run("node1", "sudo docker swarm leave").output()).isEqualTo("Error response from daemon: You are "
                + "attempting to leave the swarm on a node that is participating as a manager. Removing the last manager "
                + "erases all current state of the swarm. Use `--force` to ignore this message.\n");
        ok("node2", "sudo docker swarm leave");
        CommandResult otherCa = lab.run("node2", "sudo docker swarm join --token SWMTKN-1-0123456789abcdefghijklmnopqrstuvwxyz"
                + "0123456789abcd-0123456789abcdefghijklmno 192.168.205.10:2377");
        assertThat(otherCa.exitCode()).isEqualTo(1);
        assertThat(otherCa.output()).isEqualTo("Error response from daemon: remote CA does not match fingerprint. Expected: "
                + "012dd96366b40736d5eee3ad1c81d5c0564c620fafc07708e1d086a934b710ed\n");
    }

    @Test
    void theJoinTalksTlsToPort2377() {
        FrameLog frames = lab.world().frames();
        int before = frames.size();
        swarmOfTwo();
        lab.world().clock().advance(org.overlaylab.simulator.world.VirtualClock.SECONDS);
        lab.world().settle();
        List<byte[]> tls = frames.frames().subList(before, frames.size()).stream()
                .filter(f -> f.host().equals("node1") && f.device().equals("enp0s8")).map(CapturedFrame::data)
                .filter(f -> tcpPort(f, 2377) && tcpPayloadLength(f) > 0).toList();
        assertThat(tls).as("segments with data to or from TCP 2377").hasSizeGreaterThanOrEqualTo(4);
        byte[] hello = tls.get(0);
        int p = tcpPayload(hello);
        assertThat(hello[p] & 0xff).as("a TLS handshake record").isEqualTo(0x16);
        assertThat(hello[p + 5] & 0xff).as("ClientHello").isEqualTo(1);
        byte[] serverFlight = tls.get(1);
        int q = tcpPayload(serverFlight);
        assertThat(serverFlight[q + 5] & 0xff).as("ServerHello").isEqualTo(2);
        // the first connection's segments, sized as docker.io 20.10.24's on this machine: 248 and 1030 bytes of TLS
        assertThat(tcpPayloadLength(hello)).isEqualTo(248);
        assertThat(tcpPayloadLength(serverFlight)).isEqualTo(1030);
        assertThat(tls).as("three connections' records").hasSizeGreaterThan(14 + 17);
        for (byte[] f : tls.subList(2, 14)) {
            int first = f[tcpPayload(f)] & 0xff;
            assertThat(first).as("after the hellos: ChangeCipherSpec or application data").isIn(0x14, 0x17);
        }
    }

    /**
     * The ping across, as the underlay carries it, shaped as on the real swarm (SwarmOverlayLabTest
     * asserts the same of the netns capture): 148-byte frames, outer IPv4 without DF and TTL 64, UDP
     * to 4789 with a checksum and one source port for request and reply, VXLAN flags 0x08 and VNI
     * 4097, inner frame between the containers' 02:42 MACs, DF on the request only.
     */
    /** The frames on node1's enp0s8 to or from port 7946 since frame `from`, each decoded as memberlist messages (after "encrypted" when sealed). */
    private List<String> gossipOnNode1(int from) {
        FrameLog frames = lab.world().frames();
        return frames.frames().subList(from, frames.size()).stream()
                .filter(f -> f.host().equals("node1") && f.device().equals("enp0s8") && !f.dropped()
                        && f.direction() != CapturedFrame.Direction.DROP
                        && org.overlaylab.simulator.docker.gossip.GossipCapture.isGossip(f.data()))
                .map(f -> org.overlaylab.model.net.Ipv4.format(org.overlaylab.simulator.net.Wire.ipSrc(f.data())) + " "
                        + org.overlaylab.simulator.docker.gossip.GossipCapture.kind(f.data(),
                                p -> org.overlaylab.simulator.docker.gossip.MemberlistEncryption.plaintext(lab.world(), p)))
                .toList();
    }

    @Test
    void swarmJoinGossipsOnPort7946WithMemberlistAlone() {
        ok("node1", "sudo docker swarm init --advertise-addr 192.168.205.10");
        String token = ok("node1", "sudo docker swarm join-token -q worker").trim();
        int before = lab.world().frames().size();
        ok("node2", "sudo docker swarm join --token " + token + " 192.168.205.10:2377");
        lab.world().clock().advance(5 * org.overlaylab.simulator.world.VirtualClock.SECONDS);
        List<String> gossip = gossipOnNode1(before);
        // memberlist's join: node2 connects to node1's 7946 and pushes its state (join=true, itself), node1 answers with its own before merging
        assertThat(gossip).contains("192.168.205.11 tcp to 7946 SYN", "192.168.205.11 tcp to 7946 encrypted push-pull join=true nodes=1",
                "192.168.205.10 tcp from 7946 encrypted push-pull join=true nodes=1");
        // swarm's gossip keys seal every message, UDP and TCP alike
        assertThat(gossip).filteredOn(k -> k.contains(" udp ")).isNotEmpty().allMatch(k -> k.contains(" udp encrypted "));
        // the packets module's control-plane decoder reads the same conversation
        List<byte[]> raw = lab.world().frames().frames().subList(before, lab.world().frames().size()).stream()
                .filter(f -> f.host().equals("node1") && f.device().equals("enp0s8")).map(CapturedFrame::data).toList();
        assertThat(org.overlaylab.packets.diff.ControlMessageDiff.sequence(raw)).contains(
                "memberlist encrypted message 192.168.205.11 > 192.168.205.10",
                "memberlist encrypted message 192.168.205.10 > 192.168.205.11");
        // then probes each way, each ping answered, and alive gossip: no Serf join intents or user events
        assertThat(gossip).anyMatch(k -> k.startsWith("192.168.205.10 udp") && k.contains("ping"));
        assertThat(gossip).anyMatch(k -> k.startsWith("192.168.205.11 udp") && k.contains("ping"));
        assertThat(gossip).anyMatch(k -> k.contains("udp") && k.contains("ack"));
        assertThat(gossip).anyMatch(k -> k.contains("udp") && k.contains("alive"));
        assertThat(gossip).noneMatch(k -> k.contains("serf-") || k.contains("event "));
        // the network DB's own messages: node2 joins ingress, gossips that and bulk-syncs it with node1, which answers
        assertThat(gossip).contains("192.168.205.11 udp encrypted crc [networkdb network-event]",
                "192.168.205.11 tcp to 7946 encrypted networkdb bulk-sync", "192.168.205.10 tcp to 7946 encrypted networkdb bulk-sync");
        // the worker leaves: its gossip stops
        ok("node2", "sudo docker swarm leave");
        lab.world().clock().advance(org.overlaylab.simulator.world.VirtualClock.SECONDS);
        int afterLeave = lab.world().frames().size();
        lab.world().clock().advance(5 * org.overlaylab.simulator.world.VirtualClock.SECONDS);
        assertThat(gossipOnNode1(afterLeave)).noneMatch(k -> k.startsWith("192.168.205.11 "));
    }

    @Test
    void theCrossHostPingIsShapedAsOnTheRealSwarm() {
        swarmOfTwo();
        ok("node1", "sudo docker network create -d overlay --attachable mynet");
        ok("node1", "sudo docker run -d --name test1 --network mynet busybox sleep 3600");
        ok("node2", "sudo docker run -d --name test2 --network mynet busybox sleep 3600");
        int before = lab.world().frames().size();
        ok("node1", "sudo docker exec test1 ping -c 2 test2");
        List<byte[]> vxlan = lab.world().frames().frames().subList(before, lab.world().frames().size()).stream()
                .filter(f -> f.host().equals("node1") && f.device().equals("enp0s8")).map(CapturedFrame::data)
                .filter(f -> udpDstPort(f) == 4789).toList();
        assertThat(vxlan).hasSize(4);
        assertThat(vxlan).allSatisfy(SwarmModeTest::assertSwarmVxlanShape);
        assertThat(vxlan.stream().map(f -> udpSrcPort(f)).distinct()).as("one outer source port for the flow").hasSize(1);
    }

    static void assertSwarmVxlanShape(byte[] f) {
        assertThat(f.length).isEqualTo(148);
        assertThat(f[20] & 0x40).as("outer DF").isZero();
        assertThat(f[22] & 0xff).as("outer TTL").isEqualTo(64);
        assertThat(((f[40] & 0xff) << 8) | (f[41] & 0xff)).as("UDP checksum").isNotZero();
        assertThat(f[42] & 0xff).as("VXLAN flags").isEqualTo(0x08);
        assertThat(((f[46] & 0xff) << 16) | ((f[47] & 0xff) << 8) | (f[48] & 0xff)).as("VNI").isEqualTo(4097);
        String innerMacs = String.format("%02x:%02x:%02x:%02x:%02x:%02x", f[50], f[51], f[52], f[53], f[54], f[55]) + " "
                + String.format("%02x:%02x:%02x:%02x:%02x:%02x", f[56], f[57], f[58], f[59], f[60], f[61]);
        assertThat(innerMacs).isIn("02:42:0a:00:01:04 02:42:0a:00:01:02", "02:42:0a:00:01:02 02:42:0a:00:01:04");
        assertThat(f[73] & 0xff).as("inner protocol ICMP").isEqualTo(1);
        // busybox's request leaves with DF, the kernel's echo reply without
        assertThat(f[70] & 0x40).as("inner DF").isEqualTo((f[84] & 0xff) == 8 ? 0x40 : 0);
    }

    private static int udpDstPort(byte[] f) {
        return f.length >= 42 && (f[12] & 0xff) == 0x08 && f[13] == 0 && f[23] == 17 ? ((f[36] & 0xff) << 8) | (f[37] & 0xff) : -1;
    }

    private static int udpSrcPort(byte[] f) {
        return ((f[34] & 0xff) << 8) | (f[35] & 0xff);
    }

    private static boolean tcpPort(byte[] f, int port) {
        if (f.length < 54 || (f[12] & 0xff) != 0x08 || f[13] != 0 || f[23] != 6) {
            return false;
        }
        int l4 = 14 + (f[14] & 0x0f) * 4;
        int sport = ((f[l4] & 0xff) << 8) | (f[l4 + 1] & 0xff);
        int dport = ((f[l4 + 2] & 0xff) << 8) | (f[l4 + 3] & 0xff);
        return sport == port || dport == port;
    }

    private static int tcpPayload(byte[] f) {
        int l4 = 14 + (f[14] & 0x0f) * 4;
        return l4 + ((f[l4 + 12] & 0xf0) >> 4) * 4;
    }

    private static int tcpPayloadLength(byte[] f) {
        int total = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
        return 14 + total - tcpPayload(f);
    }
}
