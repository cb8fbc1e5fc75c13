/*
 * Faults over SSH: a host that does not answer (at start, and one that goes silent mid-lab), a
 * program the VM does not have; each fails with the reason and within its timeout, the other host
 * stays usable, and reset() brings the fresh lab back, undoing exactly what the lab's commands made.
 */
package org.overlaylab.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;

@Tag("ssh")
class SshFaultsTest {
    private static Lab lab;
    private static SshTestHosts vms;

    @BeforeAll
    static void vms() throws Exception {
        lab = LabLoader.builtIn("docker-overlay-etcd");
        vms = SshTestHosts.start(lab);
    }

    @AfterAll
    static void removeVms() {
        if (vms != null) {
            vms.close();
            assertThat(vms.leftovers().none()).as("left behind: " + vms.leftovers()).isTrue();
        }
    }

    @AfterEach
    void nothingOfTheBackendIsLeftOnTheVms() throws Exception {
        for (String host : lab.hosts().stream().map(h -> h.name()).toList()) {
            assertThat(vms.hostState(host)).as(host + " after close").doesNotContain("backend folder").doesNotContain("dockerd");
        }
    }

    private static BackendOptions options(Path hostsFile) throws Exception {
        return new BackendOptions(lab.seed(), null, Duration.ofSeconds(20), Map.of(SshBackend.HOSTS_FILE, hostsFile.toString(),
                SshBackend.KNOWN_HOSTS, vms.trustedKnownHosts().toString(), SshBackend.CONNECT_TIMEOUT, "3"));
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    void aHostThatDoesNotAnswerFailsTheStartWithinTheConnectTimeout() throws Exception {
        String nowhere = vms.voidAddress();
        Path hosts = vms.hostsFile("void", vms.clientKey(), "tutorial-vm", Map.of("node2", nowhere));
        long t0 = System.nanoTime();
        try (SshBackend b = new SshBackend()) {
            assertThatThrownBy(() -> b.start(lab, options(hosts))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("host node2 (" + nowhere + ") does not answer on port 22");
        }
        assertThat(since(t0)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aHostThatGoesSilentFailsItsStepWhileTheOtherWorksAndResetBringsItBack() throws Exception {
        Path hosts = vms.hostsFile("silent", vms.clientKey(), "tutorial-vm", Map.of());
        SshBackend b = new SshBackend();
        try (LabSession session = new LabSession(lab, b, options(hosts))) {
            session.setSolveTasks(true);
            session.start();
            vms.silence("node2", true);
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> b.run(CommandRequest.of("node2", "hostname"))).isInstanceOf(BackendException.class)
                        .hasMessageContaining("host node2 (" + vms.address("node2") + ")")
                        .hasMessageMatching("(?s).*(does not answer on port 22|stopped answering).*");
                assertThat(since(t0)).as("within the step's timeout").isLessThan(Duration.ofSeconds(20));
                assertThat(b.run(CommandRequest.of("node1", "hostname")).stdout()).isEqualTo("docker-node1\n");
                StepResult step = session.runNext();
                assertThat(step.step().id()).isEqualTo("download-etcd-node1");
                // a tutorial VM runs the real wget, which this lab's stand-in internet cannot serve
                assertThat(step.commands()).as("a step on node1 still runs its commands")
                        .allMatch(c -> c.result().output().contains("github.com"));
                assertThat(step.error()).as("and says that node2 cannot be observed")
                        .contains("host node2 (" + vms.address("node2") + ") does not answer on port 22");
            } finally {
                vms.silence("node2", false);
            }
            session.resetLab();
            assertThat(b.run(CommandRequest.of("node2", "hostname")).stdout()).isEqualTo("docker-node2\n");
            assertThat(b.run(CommandRequest.of("node1", "ls")).stdout()).as("what the steps downloaded is gone").isEmpty();
        } finally {
            b.close();
        }
    }

    @Test
    void aProgramTheVmLacksFailsItsCommandWithTheShellsMessage() throws Exception {
        Path hosts = vms.hostsFile("missing", vms.clientKey(), "tutorial-vm", Map.of());
        try (SshBackend b = new SshBackend()) {
            b.start(lab, options(hosts));
            CommandResult r = b.run(CommandRequest.of("node1", "flanneld-amd64 --version"));
            assertThat(r.exitCode()).isEqualTo(127);
            assertThat(r.stderr()).contains("flanneld-amd64: command not found");
            assertThat(b.run(CommandRequest.of("node1", "echo still here")).stdout()).isEqualTo("still here\n");
        }
    }

    @Test
    void resetUndoesWhatTheLabMadeAndNothingElse() throws Exception {
        Path hosts = vms.hostsFile("reset", vms.clientKey(), "tutorial-vm", Map.of());
        String before = vms.hostState("node1");
        assertThat(before).doesNotContain("backend folder");
        try (SshBackend b = new SshBackend()) {
            b.start(lab, options(hosts));
            String made = "ip link add olab-v0 type veth peer name olab-v1 && ip link set olab-v0 up"
                    + " && ip addr add 10.99.0.1/24 dev olab-v0 && ip route add 10.98.0.0/24 via 10.99.0.2"
                    + " && iptables -w -N olab-chain && iptables -w -I FORWARD -j olab-chain && touch made-by-lab";
            assertThat(b.run(CommandRequest.of("node1", made)).exitCode()).isZero();
            assertThat(b.run(CommandRequest.of("node1", "nohup sleep 300 &")).exitCode()).isZero();
            assertThat(vms.hostState("node1")).contains("olab-v0", "10.98.0.0/24", "sleep");
            b.reset();
            assertThat(vms.hostState("node1")).as("node1 after reset, as before the lab but for the backend's folder")
                    .isEqualTo(before + "backend folder present\n");
            CommandResult chain = b.run(CommandRequest.of("node1", "iptables -w -S FORWARD; ls"));
            assertThat(chain.stdout()).doesNotContain("olab-chain").doesNotContain("made-by-lab");
        }
        assertThat(vms.hostState("node1")).as("node1 after close, as before the lab").isEqualTo(before);
    }
}
