/* The built-in labs parse, and hold what the tutorial needs: its hosts, every seed command, the failing ones. */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;

class BuiltInLabsTest {

    private static String commands(Lab lab) {
        return lab.steps().stream().flatMap(s -> s.commands().stream()).map(CommandSpec::line)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void theTutorialsLabsComeFirstAndAllParse() throws Exception {
        List<String> tutorial = List.of("docker-overlay-etcd", "docker-swarm-overlay", "ovs-gre", "ovs-vxlan", "ovs-geneve", "flannel-vxlan",
                "flannel-host-gw", "flannel-vxlan-directrouting", "calico-bgp");
        assertThat(LabLoader.builtInIds()).startsWith(tutorial.toArray(String[]::new));
        int beyond = tutorial.size() + LabLoader.BEYOND_THE_TUTORIAL.size();
        assertThat(LabLoader.builtInIds().subList(tutorial.size(), beyond))
                .as("after the tutorial's labs (Docker also in swarm mode, the OVS lab also with VXLAN and Geneve, flannel also in host-gw and DirectRouting), the Calico lab carried further")
                .containsExactlyElementsOf(LabLoader.BEYOND_THE_TUTORIAL);
        assertThat(LabLoader.builtInIds().subList(beyond, LabLoader.builtInIds().size()))
                .as("then the troubleshooting labs").allMatch(id -> id.startsWith("troubleshoot-"));
        assertThat(LabLoader.tutorialIds()).as("the tutorial labs other tests iterate").containsExactlyElementsOf(tutorial);
        for (Lab lab : LabLoader.builtIns()) {
            // every lab has the tutorial's two VMs; the DirectRouting lab adds node3 behind a router
            List<String> hosts = lab.id().equals("flannel-vxlan-directrouting")
                    ? List.of("node1 192.168.205.10/24", "node2 192.168.205.11/24", "node3 192.168.206.12/24")
                    : List.of("node1 192.168.205.10/24", "node2 192.168.205.11/24");
            assertThat(lab.hosts()).as(lab.id()).extracting(h -> h.name() + " " + h.underlayAddress())
                    .containsExactlyElementsOf(hosts);
            assertThat(lab.routers()).as(lab.id()).extracting(r -> r.name())
                    .containsExactlyElementsOf(lab.id().equals("flannel-vxlan-directrouting") ? List.of("router1") : List.of());
            assertThat(lab.hosts()).allMatch(h -> h.underlayInterface().equals("enp0s8"));
            assertThat(lab.steps()).allMatch(s -> !s.title().isBlank() && !s.explanation().isBlank());
        }
    }

    @Test
    void everySeedCommandAppears() throws Exception {
        String overlay = commands(LabLoader.builtIn("docker-overlay-etcd"));
        assertThat(overlay).contains("wget https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz",
                "tar zxf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64",
                "tar zxvf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64/",
                "nohup ./etcd --name docker-node1", "nohup ./etcd --name docker-node2", "./etcdctl cluster-health",
                "sudo service docker stop",
                "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock --cluster-store=etcd://192.168.205.10:2379 --cluster-advertise=192.168.205.10:2375",
                "sudo docker network create -d overlay demo", "sudo docker network inspect demo", "./etcdctl ls /docker",
                "./etcdctl ls /docker/nodes", "./etcdctl ls /docker/network/v1.0/network",
                "sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"");
        String ovs = commands(LabLoader.builtIn("ovs-gre"));
        assertThat(ovs).contains("sudo docker run -d --name container1 centos:7 bash -c \"while true;do sleep 3600;done\"",
                "sudo docker inspect --format '{{ .NetworkSettings.IPAddress }}' container1",
                "sudo apt-get install -y openvswitch-switch openvswitch-common", "sudo ovs-vsctl add-br br-int",
                "sudo ovs-vsctl show", "sudo ip link add veth0 type veth peer name veth1", "sudo ovs-vsctl add-port br-int veth1",
                "sudo brctl addif docker0 veth0", "sudo ip link set veth1 up", "sudo ip link set veth0 up", "sudo brctl show",
                "sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.11",
                "sudo tcpdump -n -i enp0s8 proto gre");
        String flannel = commands(LabLoader.builtIn("flannel-vxlan"));
        assertThat(flannel).contains(
                "wget https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64 -O flanneld && chmod 755 flanneld",
                "cat > flannel-network-config.json <<EOF", "./etcdctl set /coreos.com/network/config < flannel-network-config.json",
                "./etcdctl get /coreos.com/network/config | jq .", "nohup sudo ./flanneld -iface=192.168.205.10 &",
                "sudo service docker stop", "sudo docker ps", "source /run/flannel/subnet.env", "sudo ifconfig docker0 ${FLANNEL_SUBNET}",
                "sudo docker daemon --bip=${FLANNEL_SUBNET} --mtu=${FLANNEL_MTU} &", "sudo docker network inspect bridge",
                "sudo docker run -d --name test2  busybox sh -c \"while true; do sleep 3600; done\"", "sudo docker exec test2 ifconfig",
                "sudo docker exec test1 ping google.com", "sudo docker exec test1 ping 10.13.48.2",
                "sudo tcpdump -i enp0s8 -n not port 2380");
        String calico = commands(LabLoader.builtIn("calico-bgp"));
        assertThat(calico).contains(
                "sudo wget -O /usr/local/bin/calicoctl https://github.com/projectcalico/calicoctl/releases/download/v1.6.1/calicoctl",
                "sudo chmod +x /usr/local/bin/calicoctl", "calicoctl node run", "calicoctl node status", "calicoctl create -f",
                "calicoctl get ipPool", "docker network create --driver calico --ipam-driver calico-ipam --subnet=10.20.0.0/16 cal_net1");
    }

    @Test
    void theCommandsThatFailOnPurposeExpectTheirFailure() throws Exception {
        List<CommandSpec> all = LabLoader.builtIns().stream().flatMap(l -> l.steps().stream())
                .flatMap(s -> s.commands().stream()).toList();
        assertThat(all).anySatisfy(c -> {
            assertThat(c.line()).contains("--name test1 --net demo");
            assertThat(c.host()).isEqualTo("node2");
            assertThat(c.expect().exit()).isEqualTo(125);
        });
        assertThat(all).anySatisfy(c -> {
            assertThat(c.line()).isEqualTo("sudo docker exec container1 ping -c 3 172.17.0.3");
            assertThat(c.expect().contains()).contains("100% packet loss");
        });
        assertThat(all).anySatisfy(c -> {
            assertThat(c.line()).isEqualTo("sudo docker ps");
            assertThat(c.expect().exit()).isEqualTo(1);
        });
    }
}
