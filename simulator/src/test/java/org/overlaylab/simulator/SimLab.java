/*
 * A small lab on a fresh simulator for command tests: the tutorial's two Vagrant VMs (or only the
 * first), commands typed on a host as a person would, and the tutorial's setup sequences (etcd
 * cluster, Docker with a cluster store, flannel) as one-call helpers so a test states only what it checks.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.SourcePosition;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

final class SimLab implements AutoCloseable {
    /** The seed of the tutorial's flannel lab: node1 leases 10.15.64.0/20, node2 10.13.48.0/20. */
    static final long TUTORIAL_SEED = 13480;

    static final String ETCD_URL = "https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz";
    static final String FLANNEL_URL = "https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64";
    static final String CALICOCTL_URL = "https://github.com/projectcalico/calicoctl/releases/download/v1.6.1/calicoctl";
    static final String INITIAL_CLUSTER =
            "docker-node1=http://192.168.205.10:2380,docker-node2=http://192.168.205.11:2380";
    static final String FLANNEL_CONFIG = """
            {
                "Network": "10.0.0.0/8",
                "SubnetLen": 20,
                "SubnetMin": "10.10.0.0",
                "SubnetMax": "10.99.0.0",
                "Backend": {
                    "Type": "vxlan",
                    "VNI": 100,
                    "Port": 8472
                }
            }
            """;

    private final SimulatorBackend backend = new SimulatorBackend();

    private SimLab(List<HostSpec> hosts, long seed) {
        Lab lab = new Lab("command-test", "command test", "", seed, hosts, "192.168.205.0/24", List.of(),
                SourcePosition.UNKNOWN);
        backend.start(lab, BackendOptions.withSeed(seed));
    }

    static HostSpec node(int n) {
        return new HostSpec("node" + n, "docker-node" + n, "enp0s8", "192.168.205." + (9 + n) + "/24", "enp0s3",
                "10.0.2.15/24", HostSpec.DEFAULT_PACKAGES, SourcePosition.UNKNOWN);
    }

    /** A host of today: the tutorial's VM with Debian 12's docker.io 20.10 (swarm mode, no cluster store). */
    static HostSpec modernNode(int n) {
        List<String> packages = new java.util.ArrayList<>(HostSpec.DEFAULT_PACKAGES);
        packages.replaceAll(p -> p.equals("docker.io") ? "docker.io=20.10.24+dfsg1" : p);
        return new HostSpec("node" + n, "docker-node" + n, "enp0s8", "192.168.205." + (9 + n) + "/24", "enp0s3",
                "10.0.2.15/24", packages, SourcePosition.UNKNOWN);
    }

    /** node1 and node2 with Docker 20.10. */
    static SimLab twoModernHosts() {
        return new SimLab(List.of(modernNode(1), modernNode(2)), 1);
    }

    /** node1 alone. */
    static SimLab oneHost() {
        return new SimLab(List.of(node(1)), TUTORIAL_SEED);
    }

    /** node1 and node2 as in the tutorial. */
    static SimLab twoHosts() {
        return twoHosts(TUTORIAL_SEED);
    }

    static SimLab twoHosts(long seed) {
        return new SimLab(List.of(node(1), node(2)), seed);
    }

    SimulatorBackend backend() {
        return backend;
    }

    SimWorld world() {
        return backend.world();
    }

    SimHost host(String name) {
        return world().host(name);
    }

    /** The host's own network namespace. */
    NetNs ns(String host) {
        return host(host).root();
    }

    /** Runs a command line on a host and waits for it, as a terminal would. */
    CommandResult run(String host, String line) {
        try {
            return backend.run(CommandRequest.of(host, line));
        } catch (Exception e) {
            throw new AssertionError("backend failed on '" + line + "': " + e.getMessage(), e);
        }
    }

    /** Runs a command that never ends by itself and presses Ctrl-C after `seconds` of virtual time. */
    CommandResult runFor(String host, String line, int seconds) {
        try {
            return backend.run(new CommandRequest(host, line, Duration.ofSeconds(seconds), false));
        } catch (Exception e) {
            throw new AssertionError("backend failed on '" + line + "': " + e.getMessage(), e);
        }
    }

    /** Starts a command alongside the next ones (tcpdump during a ping); stop() returns its output. */
    BackgroundCommand background(String host, String line) {
        try {
            return backend.startBackground(CommandRequest.of(host, line));
        } catch (Exception e) {
            throw new AssertionError("backend failed on '" + line + "': " + e.getMessage(), e);
        }
    }

    /** Runs a command that must succeed; returns what it printed. */
    String ok(String host, String line) {
        CommandResult r = run(host, line);
        assertThat(r.exitCode()).as("exit status of '%s', which printed:%n%s", line, r.output()).isZero();
        return r.output();
    }

    /** Unpacks the etcd release in the home directory and stays in its directory, as the tutorial does. */
    SimLab etcdUnpacked(String host) {
        ok(host, "wget " + ETCD_URL);
        ok(host, "tar zxf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64");
        return this;
    }

    /** The tutorial's etcd command line for node1 or node2 (n = 1, 2). */
    static String etcdCommand(int n) {
        String ip = "192.168.205." + (9 + n);
        return "nohup ./etcd --name docker-node" + n + " --initial-advertise-peer-urls http://" + ip + ":2380"
                + " --listen-peer-urls http://" + ip + ":2380"
                + " --listen-client-urls http://" + ip + ":2379,http://127.0.0.1:2379"
                + " --advertise-client-urls http://" + ip + ":2379"
                + " --initial-cluster-token etcd-cluster"
                + " --initial-cluster " + INITIAL_CLUSTER
                + " --initial-cluster-state new&";
    }

    /** Both etcd members up, as after the tutorial's first two commands on each node. */
    SimLab etcdCluster() {
        etcdUnpacked("node1").etcdUnpacked("node2");
        ok("node1", etcdCommand(1));
        ok("node2", etcdCommand(2));
        return this;
    }

    /** Restarts both Docker daemons with the tutorial's cluster store and advertise flags. */
    SimLab dockerWithClusterStore() {
        for (int n = 1; n <= 2; n++) {
            String ip = "192.168.205." + (9 + n);
            ok("node" + n, "sudo service docker stop");
            ok("node" + n, "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock"
                    + " --cluster-store=etcd://" + ip + ":2379 --cluster-advertise=" + ip + ":2375 &");
        }
        return this;
    }

    /** flanneld downloaded on both hosts and its configuration stored in etcd (agents not started). */
    SimLab flannelConfigured() {
        for (String h : List.of("node1", "node2")) {
            ok(h, "wget " + FLANNEL_URL + " -O flanneld && chmod 755 flanneld");
        }
        ok("node1", "cat > flannel-network-config.json <<EOF\n" + FLANNEL_CONFIG + "EOF");
        ok("node1", "./etcdctl set /coreos.com/network/config < flannel-network-config.json");
        return this;
    }

    /** flanneld running on both hosts with the tutorial's -iface flags. */
    SimLab flannelRunning() {
        ok("node1", "nohup sudo ./flanneld -iface=192.168.205.10 &");
        ok("node2", "nohup sudo ./flanneld -iface=192.168.205.11 &");
        return this;
    }

    /** Docker restarted inside each host's flannel lease, as the tutorial does after sourcing subnet.env. */
    SimLab dockerInFlannelSubnets() {
        for (String h : List.of("node1", "node2")) {
            ok(h, "sudo service docker stop");
            ok(h, "source /run/flannel/subnet.env");
            ok(h, "sudo ifconfig docker0 ${FLANNEL_SUBNET}");
            ok(h, "sudo docker daemon --bip=${FLANNEL_SUBNET} --mtu=${FLANNEL_MTU} &");
        }
        return this;
    }

    /** A busybox container that sleeps forever, as the tutorial starts them; returns what `docker run -d` printed on stdout. */
    String runSleeper(String host, String name, String network) {
        String line = "sudo docker run -d --name " + name + (network == null ? "" : " --net " + network)
                + " busybox sh -c \"while true; do sleep 3600; done\"";
        CommandResult r = run(host, line);
        assertThat(r.exitCode()).as("exit status of '%s', which printed:%n%s", line, r.output()).isZero();
        return r.stdout();
    }

    @Override
    public void close() {
        backend.close();
    }
}
