/*
 * The four tutorial labs as model records, with every command of the seed notes in tutorial order
 * (setup-only commands and the ones that fail on purpose included) and checks on the state each
 * step leaves. The tests and the bring-up benchmark run these against the netns backend.
 */
package org.overlaylab.hosts.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Expectation;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.SourcePosition;
import org.overlaylab.model.lab.Step;

public final class TutorialLabs {
    private TutorialLabs() {}

    static final SourcePosition HERE = new SourcePosition("TutorialLabs.java", 0, 0);

    static List<HostSpec> hosts() {
        return List.of(
                new HostSpec("node1", "docker-node1", "enp0s8", "192.168.205.10/24", "enp0s3", "10.0.2.15/24", List.of(), HERE),
                new HostSpec("node2", "docker-node2", "enp0s8", "192.168.205.11/24", "enp0s3", "10.0.2.15/24", List.of(), HERE));
    }

    static CommandSpec cmd(String host, String line) {
        return new CommandSpec(host, line, null, false, Expectation.SUCCESS, HERE);
    }

    static CommandSpec cmd(String host, String line, Integer exit, String... contains) {
        return new CommandSpec(host, line, null, false, new Expectation(exit, List.of(contains), List.of(), List.of()), HERE);
    }

    static CommandSpec stopped(String host, String line, Duration after, String... contains) {
        return new CommandSpec(host, line, after, false, new Expectation(null, List.of(contains), List.of(), List.of()), HERE);
    }

    static CommandSpec background(String host, String line) {
        return new CommandSpec(host, line, null, true, Expectation.ANY, HERE);
    }

    /** check("interface", "node1", "name=vxlan0", "namespace=overlay") */
    static Check check(String kind, String host, String... fields) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String kv : fields) {
            int eq = kv.indexOf('=');
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Check(kind, host, f, HERE);
    }

    static Step step(String id, String title, List<CommandSpec> commands, Check... checks) {
        return new Step(id, title, "", commands, List.of(checks), HERE);
    }

    static Lab lab(String id, String title, List<Step> steps) {
        return new Lab(id, title, "", 42, hosts(), "192.168.205.0/24",
                List.of(new Section(title, "", steps, HERE)), HERE);
    }

    static String etcdStart(String name, String ip) {
        return "nohup ./etcd --name " + name + " --initial-advertise-peer-urls http://" + ip + ":2380 \\\n"
                + "--listen-peer-urls http://" + ip + ":2380 \\\n"
                + "--listen-client-urls http://" + ip + ":2379,http://127.0.0.1:2379 \\\n"
                + "--advertise-client-urls http://" + ip + ":2379 \\\n"
                + "--initial-cluster-token etcd-cluster \\\n"
                + "--initial-cluster docker-node1=http://192.168.205.10:2380,docker-node2=http://192.168.205.11:2380 \\\n"
                + "--initial-cluster-state new&";
    }

    static final String ETCD_URL = "https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz";

    /** The etcd steps lab 1 and lab 3 share: download, unpack, both members, cluster-health. */
    static List<Step> etcdCluster() {
        List<Step> s = new ArrayList<>();
        s.add(step("etcd-download", "Fetch etcd on both hosts", List.of(
                cmd("node1", "wget " + ETCD_URL),
                cmd("node1", "tar zxf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64"),
                cmd("node2", "wget " + ETCD_URL),
                cmd("node2", "tar zxvf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64/"))));
        s.add(step("etcd-start", "Start the two-member etcd cluster", List.of(
                cmd("node1", etcdStart("docker-node1", "192.168.205.10")),
                cmd("node2", etcdStart("docker-node2", "192.168.205.11"))),
                check("daemon", "node1", "name=etcd", "state=running"),
                check("daemon", "node2", "name=etcd", "state=running")));
        s.add(step("etcd-health", "Check the cluster's health", List.of(
                cmd("node2", "./etcdctl cluster-health", 0, "member 21eca106efe4caee is healthy",
                        "member 8614974c83d1cc6d is healthy", "cluster is healthy")),
                check("etcd-member", null, "name=docker-node1", "id=21eca106efe4caee", "healthy=true"),
                check("etcd-member", null, "name=docker-node2", "id=8614974c83d1cc6d", "healthy=true")));
        return s;
    }

    public static Lab dockerOverlayEtcd() {
        List<Step> s = new ArrayList<>(etcdCluster());
        s.add(step("docker-restart", "Restart Docker with the cluster store", List.of(
                cmd("node1", "sudo service docker stop"),
                cmd("node1", "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock "
                        + "--cluster-store=etcd://192.168.205.10:2379 --cluster-advertise=192.168.205.10:2375"),
                cmd("node2", "sudo service docker stop"),
                cmd("node2", "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock "
                        + "--cluster-store=etcd://192.168.205.11:2379 --cluster-advertise=192.168.205.11:2375")),
                check("daemon", "node1", "name=dockerd", "state=running"),
                check("daemon", "node2", "name=dockerd", "state=running")));
        s.add(step("overlay-create", "Create the overlay network demo", List.of(
                cmd("node1", "sudo docker network create -d overlay demo"),
                cmd("node1", "sudo docker network inspect demo", 0, "10.0.0.0/24", "\"Driver\": \"overlay\"")),
                check("docker-network", "node1", "name=demo", "driver=overlay", "scope=global", "subnet=10.0.0.0/24"),
                check("docker-network", "node2", "name=demo", "driver=overlay", "scope=global")));
        s.add(step("etcd-keys", "Docker's keys in etcd", List.of(
                cmd("node1", "./etcdctl ls /docker", 0, "/docker/network", "/docker/nodes"),
                cmd("node1", "./etcdctl ls /docker/nodes", 0, "/docker/nodes/192.168.205.10:2375", "/docker/nodes/192.168.205.11:2375"),
                cmd("node1", "./etcdctl ls /docker/network/v1.0/network", 0, "/docker/network/v1.0/network/")),
                check("etcd-key", null, "key=/docker/nodes/192.168.205.10:2375"),
                check("etcd-key", null, "key=/docker/nodes/192.168.205.11:2375")));
        s.add(step("run-test1", "Run test1 on node1", List.of(
                cmd("node1", "sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"")),
                check("container", "node1", "name=test1", "state=running", "network=demo", "address=10.0.0.2", "mac=02:42:0a:00:00:02"),
                check("interface", "node1", "name=vxlan0", "namespace=overlay", "kind=vxlan", "vni=256", "dstport=4789"),
                check("interface", "node1", "name=eth0", "container=test1", "mtu=1450")));
        s.add(step("run-test2", "Names are global: test1 again fails on node2, test2 works", List.of(
                cmd("node2", "sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"",
                        125, "already exists"),
                cmd("node2", "sudo docker run -d --name test2 --net demo busybox sh -c \"while true; do sleep 3600; done\"")),
                check("container", "node2", "name=test2", "state=running", "network=demo", "address=10.0.0.3")));
        s.add(step("ping", "test1 pings test2 across the VXLAN tunnel", List.of(
                background("node1", "tcpdump -i enp0s8 -n -c 4 udp port 4789"),
                cmd("node1", "sudo docker exec test1 ping -c 3 test2", 0, "3 packets received"),
                cmd("node1", "sudo docker exec test1 ping -c 2 10.0.0.3", 0, "2 packets received")),
                check("tunnel", "node1", "to=node2", "kind=vxlan", "key=256"),
                check("fdb", "node1", "device=vxlan0", "namespace=overlay", "destination=192.168.205.11")));
        return lab("docker-overlay-etcd", "Docker overlay network with an etcd cluster", s);
    }
}
