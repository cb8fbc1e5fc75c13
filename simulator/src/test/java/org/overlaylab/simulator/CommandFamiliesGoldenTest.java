/*
 * What the simulator prints for each family of exploration commands (ip's forms, bridge, net-tools,
 * ss, sysctl and /proc, Open vSwitch's tools, docker, etcdctl, calicoctl, container userland, text
 * filters) after each built-in lab's last step, against golden transcripts reviewed by eye against
 * the real tools (src/test/resources/golden). -Dgolden.update=true rewrites them.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;

class CommandFamiliesGoldenTest {
    private static final List<String> COMMON = List.of(
            "node1$ ip -br link",
            "node1$ ip -br -4 addr",
            "node1$ ip -s link show enp0s8",
            "node1$ ip link show master docker0",
            "node1$ ip route show dev enp0s8",
            "node1$ ip route get 192.168.205.11",
            "node1$ ip route show table all",
            "node1$ bridge link",
            "node1$ bridge vlan",
            "node1$ bridge fdb show br docker0",
            "node1$ route -n",
            "node1$ netstat -rn",
            "node1$ arp -n",
            "node1$ ss -tuln",
            "node1$ sysctl net.ipv4.ip_forward net.ipv4.conf.docker0.forwarding",
            "node1$ sysctl -w net.ipv4.ip_forward=1",
            "node1$ sudo sysctl -w net.ipv4.ip_forward=1",
            "node1$ sysctl net.ipv4.conf.nosuchdev.forwarding",
            "node1$ cat /proc/sys/net/ipv4/ip_forward",
            "node1$ cat /proc/net/arp",
            "node1$ ip -d link show docker0 | grep -o 'bridge_id [^ ]*' | wc -l",
            "node1$ ip addr | grep -c inet",
            "node1$ ip route | awk '{print $1}' | sort -r | head -3",
            "node1$ ip link | grep -v -i 'link/' | tail -n 2",
            "node1$ sudo docker ps --format '{{.Names}}\\t{{.Image}}'",
            "node1$ sudo docker network ls --format '{{.Name}} {{.Driver}} {{.Scope}}'",
            "node1$ sudo docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' bridge",
            "node1$ ps",
            "node1$ birdcl show protocols");

    private static final Map<String, List<String>> PER_LAB = Map.of(
            "docker-swarm-overlay", List.of(
                    "node1$ sudo docker node ls",
                    "node2$ sudo docker node ls",
                    "node1$ sudo docker swarm join-token worker",
                    "node1$ sudo ss -tlnu",
                    "node2$ sudo docker network ls",
                    "node1$ sudo docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' mynet",
                    "node1$ sudo docker exec test1 ip addr show eth0",
                    "node2$ sudo docker swarm leave --force"),
            "docker-overlay-etcd", List.of(
                    "node1$ bridge fdb show br docker_gwbridge",
                    "node1$ ./etcdctl member list",
                    "node1$ ./etcdctl ls /docker/nodes",
                    "node1$ sudo docker exec test1 ip addr",
                    "node1$ sudo docker exec test1 ip -br addr",
                    "node1$ sudo docker exec test1 ip route",
                    "node1$ sudo docker exec test1 cat /etc/hosts",
                    "node1$ sudo docker exec test1 cat /proc/net/arp",
                    "node1$ sudo docker exec test1 hostname -i",
                    "node2$ sudo docker exec test2 nslookup test1",
                    "node2$ sudo docker exec test2 sh -c 'ip route | grep -c eth'"),
            "ovs-gre", List.of(
                    "node1$ sudo ovs-vsctl list-ifaces br-int",
                    "node1$ sudo ovs-vsctl port-to-br gre0",
                    "node1$ sudo ovs-vsctl get interface gre0 type options options:remote_ip ofport",
                    "node1$ sudo ovs-vsctl --columns=name,type,options list interface gre0 veth1",
                    "node1$ sudo ovs-vsctl get interface gre0 statistics",
                    "node1$ sudo ovs-vsctl br-exists br-nope; echo $?",
                    "node1$ sudo ovs-ofctl dump-flows br-int",
                    "node1$ sudo ovs-appctl fdb/show br-int",
                    "node1$ ip -d link show veth0",
                    "node1$ sudo docker exec container2 cat /proc/net/arp"),
            "ovs-vxlan", List.of(
                    "node1$ sudo ovs-vsctl show",
                    "node1$ sudo ovs-vsctl get interface vxlan0 type options options:key ofport",
                    "node1$ sudo ovs-vsctl --columns=name,type,options,ofport list interface vxlan0",
                    "node1$ sudo ovs-vsctl list-ports br-int",
                    "node1$ sudo ovs-ofctl dump-flows br-int",
                    "node1$ sudo ovs-appctl fdb/show br-int"),
            "ovs-geneve", List.of(
                    "node1$ sudo ovs-vsctl show",
                    "node1$ sudo ovs-vsctl get interface geneve0 type options options:key ofport",
                    "node1$ sudo ovs-vsctl --columns=name,type,options,ofport list interface geneve0",
                    "node1$ sudo ovs-vsctl list-ports br-int",
                    "node1$ sudo ovs-ofctl dump-flows br-int",
                    "node1$ sudo ovs-appctl fdb/show br-int"),
            "flannel-vxlan", List.of(
                    "node1$ cat /run/flannel/subnet.env",
                    "node1$ ip -d link show flannel.100",
                    "node1$ ip route show dev flannel.100",
                    "node1$ bridge fdb show dev flannel.100",
                    "node1$ ip -j -4 addr show flannel.100",
                    "node1$ ss -uln",
                    "node1$ sudo docker exec test1 ip addr show eth0",
                    "node1$ sudo docker exec test1 traceroute -n 10.13.48.2"),
            "flannel-host-gw", List.of(
                    "node1$ cat /run/flannel/subnet.env",
                    "node1$ ip route",
                    "node2$ ip route",
                    "node1$ ip route get 10.15.73.2",
                    "node1$ ./etcdctl ls /coreos.com/network/subnets",
                    "node1$ ./flanneld -version",
                    "node1$ sudo docker exec test1 traceroute -n 10.15.73.2"),
            "flannel-vxlan-directrouting", List.of(
                    "node1$ cat /run/flannel/subnet.env",
                    "node1$ ip -d link show flannel.1",
                    "node1$ ip -4 addr show flannel.1",
                    "node1$ ip route",
                    "node1$ ip neigh show dev flannel.1",
                    "node1$ bridge fdb show dev flannel.1",
                    "node1$ ./flanneld -version",
                    "node1$ sudo docker exec test1 traceroute -n 10.15.25.2"),
            "calico-bgp", List.of(
                    "node1$ ip route show proto bird",
                    "node1$ ip route show type blackhole",
                    "node1$ ss -tln",
                    "node1$ sudo docker exec workload-a ip route",
                    "node1$ sudo docker exec workload-a cat /etc/hosts",
                    "node1$ sudo ETCD_ENDPOINTS=http://192.168.205.10:2379 calicoctl node status"));

    /** Every tutorial lab of the lab index: a new one fails here until it has its commands and golden transcript. */
    static List<String> tutorialLabs() {
        return LabLoader.tutorialIds();
    }

    @ParameterizedTest
    @MethodSource("tutorialLabs")
    void eachFamilyPrintsWhatTheGoldenTranscriptSays(String labId) throws Exception {
        LabRuns.Run run = LabRuns.run(labId);
        SimulatorBackend backend = (SimulatorBackend) run.session().backend();
        StringBuilder transcript = new StringBuilder();
        List<String> lines = new java.util.ArrayList<>(COMMON);
        assertThat(PER_LAB).as("the commands to pin for lab %s, and its golden transcript", labId).containsKey(labId);
        lines.addAll(PER_LAB.get(labId));
        for (String typed : lines) {
            int at = typed.indexOf("$ ");
            CommandResult r = backend.run(new CommandRequest(typed.substring(0, at), typed.substring(at + 2),
                    java.time.Duration.ofSeconds(3), false));
            transcript.append(typed).append('\n').append(r.output());
            if (r.exitCode() != 0) {
                transcript.append("[exit ").append(r.exitCode()).append("]\n");
            }
        }
        Path golden = Path.of("src/test/resources/golden", labId + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, transcript.toString(), StandardCharsets.UTF_8);
        }
        assertThat(transcript.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
