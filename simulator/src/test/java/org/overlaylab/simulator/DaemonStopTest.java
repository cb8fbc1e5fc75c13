/*
 * The fault menu's daemon stops on the simulator: `sudo pkill -x etcd|flanneld|bird` and
 * `sudo service docker stop` stop the daemon, and the lab's state follows (the etcd member is
 * unreachable, flannel no longer programs new peers, the BGP session and its routes go).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;

class DaemonStopTest {
    private static CommandResult run(SimulatorBackend b, String host, String line) throws Exception {
        return b.run(new CommandRequest(host, line, Duration.ofSeconds(5), false));
    }

    @Test
    void pkillEtcdTakesTheMemberDown() throws Exception {
        LabRuns.Run lab = LabRuns.run("docker-overlay-etcd");
        SimulatorBackend b = (SimulatorBackend) lab.session().backend();
        assertThat(run(b, "node1", "ss -tln").output()).contains("192.168.205.10:2379");
        CommandResult kill = run(b, "node1", "sudo pkill -x etcd");
        assertThat(kill.exitCode()).isZero();
        assertThat(kill.output()).isEmpty();
        assertThat(run(b, "node1", "sudo pkill -x etcd").exitCode()).isEqualTo(1);
        assertThat(run(b, "node1", "ss -tln").output()).doesNotContain(":2379", ":2380");
        CommandResult health = run(b, "node2", "./etcdctl cluster-health");
        assertThat(health.output()).contains("member 21eca106efe4caee is unreachable", "cluster is unhealthy");
    }

    @Test
    void etcdctlWatchWaitsUntilCtrlC() throws Exception {
        LabRuns.Run lab = LabRuns.run("docker-overlay-etcd");
        SimulatorBackend b = (SimulatorBackend) lab.session().backend();
        CommandResult quiet = b.run(new CommandRequest("node1", "./etcdctl watch /nothing/changes",
                Duration.ofSeconds(3), false));
        assertThat(quiet.exitCode()).isEqualTo(130);
        assertThat(quiet.output()).isEmpty();
        assertThat(b.run(CommandRequest.of("node1", "./etcdctl watch /x")).output())
                .isEqualTo("'etcdctl watch' without a Ctrl-C to end it is not simulated here; "
                        + "it runs on the netns and ssh backends\n");
    }

    @Test
    void pkillWithoutSudoCannotStopARootDaemon() throws Exception {
        LabRuns.Run lab = LabRuns.run("flannel-vxlan");
        SimulatorBackend b = (SimulatorBackend) lab.session().backend();
        CommandResult denied = run(b, "node1", "pkill -x flanneld");
        assertThat(denied.exitCode()).isZero();
        assertThat(denied.output()).matches("pkill: killing pid \\d+ failed: Operation not permitted\n");
        assertThat(run(b, "node1", "sudo pkill -x flanneld").exitCode()).isZero();
        assertThat(run(b, "node1", "ss -uln").output()).contains("0.0.0.0:8472");
    }

    @Test
    void pkillBirdTakesTheBgpSessionAndItsRoutesDown() throws Exception {
        LabRuns.Run lab = LabRuns.run("calico-bgp");
        SimulatorBackend b = (SimulatorBackend) lab.session().backend();
        assertThat(run(b, "node2", "ip route show proto bird").output()).contains("via 192.168.205.10 dev enp0s8");
        assertThat(run(b, "node1", "sudo pkill -x bird").exitCode()).isZero();
        run(b, "node2", "sleep 5");
        assertThat(run(b, "node2", "ip route show proto bird").output()).doesNotContain("via 192.168.205.10");
        assertThat(run(b, "node2", "sudo ETCD_ENDPOINTS=http://192.168.205.11:2379 calicoctl node status").output())
                .doesNotContain("Established");
    }

    @Test
    void serviceDockerStopStopsTheDaemon() throws Exception {
        LabRuns.Run lab = LabRuns.run("ovs-gre");
        SimulatorBackend b = (SimulatorBackend) lab.session().backend();
        assertThat(run(b, "node1", "sudo service docker stop").exitCode()).isZero();
        assertThat(run(b, "node1", "sudo docker ps").output())
                .isEqualTo("Cannot connect to the Docker daemon. Is the docker daemon running on this host?\n");
    }
}
