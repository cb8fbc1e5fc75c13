/*
 * Faults on the real backend: a host that does not answer, a command that hangs, a missing
 * program, an etcd member killed mid-lab, a dockerd that dies. Each ends within its deadline with a
 * clear reason, the backend stays usable, and reset() brings the fresh lab back.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.EtcdMember;
import org.overlaylab.model.topology.Topology;

@Tag("netns")
class FaultsTest {
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(4), Map.of());
    private NetnsBackend backend;
    private Lab lab;

    @BeforeEach
    void start() throws Exception {
        lab = LabLoader.builtIn("docker-overlay-etcd");
        backend = new NetnsBackend();
        backend.start(lab, OPTIONS);
    }

    @AfterEach
    void stop() {
        backend.close();
        assertThat(Sweeper.leftovers(backend.layout()).none()).as("left behind").isTrue();
    }

    private CommandResult run(String host, String line) throws BackendException {
        return backend.run(CommandRequest.of(host, line));
    }

    private void startEtcdCluster() throws BackendException {
        for (String host : List.of("node1", "node2")) {
            String ip = host.equals("node1") ? "192.168.205.10" : "192.168.205.11";
            String name = host.equals("node1") ? "docker-node1" : "docker-node2";
            CommandResult r = run(host, "etcd --name " + name + " --initial-advertise-peer-urls http://" + ip + ":2380"
                    + " --listen-peer-urls http://" + ip + ":2380 --listen-client-urls http://" + ip + ":2379,http://127.0.0.1:2379"
                    + " --advertise-client-urls http://" + ip + ":2379 --initial-cluster-token etcd-cluster"
                    + " --initial-cluster docker-node1=http://192.168.205.10:2380,docker-node2=http://192.168.205.11:2380"
                    + " --initial-cluster-state new &");
            assertThat(r.exitCode()).as(r.output()).isZero();
        }
    }

    @Test
    void aHostWhoseNamespaceIsGoneFailsWithTheReasonAndResetBringsItBack() throws Exception {
        Exec.check(Duration.ofSeconds(5), List.of("ip", "netns", "delete", backend.layout().hostNetns("node2")));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> run("node2", "hostname")).isInstanceOf(BackendException.class)
                .hasMessageContaining("host node2 does not answer");
        assertThatThrownBy(() -> backend.observe()).isInstanceOf(BackendException.class).hasMessageContaining("node2");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(run("node1", "hostname").stdout()).isEqualTo("docker-node1\n");
        backend.reset();
        assertThat(run("node2", "hostname").stdout()).isEqualTo("docker-node2\n");
    }

    @Test
    void aCommandThatHangsIsStoppedAtTheDeadline() throws Exception {
        long t0 = System.nanoTime();
        CommandResult r = run("node1", "sleep 30");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(r.exitCode()).isEqualTo(124);
        assertThat(r.stderr()).contains("stopped after 4 s without an answer");
        assertThat(run("node1", "echo still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    void aMissingProgramIsReportedAndTheFactorySaysWhatIsMissing() throws Exception {
        CommandResult r = run("node1", "flanneld-amd64 --version");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).contains("flanneld-amd64: command not found");
        assertThat(NetnsBackendFactory.missingProgram(List.of("/nonexistent"))).startsWith("program ip not found in /nonexistent");
        CommandResult bad = run("node1", "etcd --no-such-flag");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("etcd exited with status").contains("no-such-flag");
    }

    @Test
    void anEtcdMemberKilledMidLabShowsAsUnhealthyAndTheRestStaysUsable() throws Exception {
        startEtcdCluster();
        CommandResult healthy = run("node1", "etcdctl cluster-health");
        assertThat(healthy.stdout()).contains("cluster is healthy");
        long pid = backend.daemonPid("node2", "etcd");
        assertThat(pid).isPositive();
        Exec.signal(pid, "KILL");
        long t0 = System.nanoTime();
        CommandResult sick = run("node1", "etcdctl cluster-health");
        assertThat(sick.exitCode()).isNotZero();
        assertThat(sick.output()).containsAnyOf("unreachable", "unhealthy", "unavailable", "degraded");
        Topology t = backend.observe();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(t.host("node2").orElseThrow().daemon("etcd").orElseThrow().state()).isEqualTo("failed");
        assertThat(t.etcdMembers()).filteredOn(m -> m.name().equals("docker-node2")).extracting(EtcdMember::healthy)
                .containsOnly(false);
        backend.reset();
        assertThat(backend.observe().host("node1").orElseThrow().daemon("etcd")).isEmpty();
    }

    @Test
    void aDockerdThatDiesMakesDockerCommandsFailUntilItIsStartedAgain() throws Exception {
        long pid = backend.daemonPid("node1", "dockerd");
        assertThat(pid).isPositive();
        Exec.signal(pid, "KILL");
        Thread.sleep(300);
        CommandResult ps = run("node1", "docker ps");
        assertThat(ps.exitCode()).isEqualTo(1);
        assertThat(ps.stderr()).contains("Cannot connect to the Docker daemon");
        Topology t = backend.observe();
        assertThat(t.host("node1").orElseThrow().daemon("dockerd").orElseThrow().state()).isEqualTo("failed");
        CommandResult restart = run("node1", "sudo service docker start");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(run("node1", "docker ps").exitCode()).isZero();
        backend.reset();
        assertThat(run("node1", "docker images --format '{{.Repository}}:{{.Tag}}'").stdout()).contains("busybox:latest", "centos:7");
    }
}
