/*
 * Logging in to the test VMs: a first-seen host key goes to the prompt, which may refuse it (the
 * failure names the fingerprint), accept it once (known_hosts unchanged) or accept and remember it
 * (a line added); a changed key is refused without asking; a key the host does not accept gives
 * "permission denied (publickey)"; and a logged-in host keeps its shell state from line to line.
 */
package org.overlaylab.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;

@Tag("ssh")
class SshLoginTest {
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

    private static BackendOptions options(Path hostsFile, Path knownHosts) {
        return new BackendOptions(lab.seed(), null, Duration.ofSeconds(30), Map.of(SshBackend.HOSTS_FILE, hostsFile.toString(),
                SshBackend.KNOWN_HOSTS, knownHosts.toString(), SshBackend.CONNECT_TIMEOUT, "5"));
    }

    /** A prompt that answers one way and remembers what it was asked. */
    private static final class Recorder implements HostKeyPrompt {
        final Decision answer;
        final List<String> asked = new ArrayList<>();

        Recorder(Decision answer) {
            this.answer = answer;
        }

        @Override
        public synchronized Decision unknownHostKey(String host, String address, int port, String keyType, String fingerprint) {
            asked.add(host + " " + address + " " + keyType + " " + fingerprint);
            return answer;
        }
    }

    @Test
    void anUnknownHostKeyRefusedByThePromptFailsNamingItsFingerprint() throws Exception {
        Path hosts = vms.hostsFile("refuse", vms.clientKey(), "tutorial-vm", Map.of());
        Path known = vms.knownHosts("refuse");
        Recorder prompt = new Recorder(HostKeyPrompt.Decision.REFUSE);
        try (SshBackend b = new SshBackend()) {
            b.setHostKeyPrompt(prompt);
            assertThatThrownBy(() -> b.start(lab, options(hosts, known))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("the host key of node1 (" + vms.address("node1") + ") is not in " + known)
                    .hasMessageContaining(vms.fingerprint("node1", "ed25519"));
        }
        assertThat(prompt.asked).anyMatch(a -> a.startsWith("node1 " + vms.address("node1") + " ssh-ed25519 SHA256:"));
        assertThat(Files.exists(known)).isFalse();
    }

    @Test
    void theCliDefaultRefusesAndTheAcceptNewSettingRemembers() throws Exception {
        Path hosts = vms.hostsFile("cli", vms.clientKey(), "tutorial-vm", Map.of());
        Path known = vms.knownHosts("cli");
        try (SshBackend b = new SshBackend()) {
            assertThatThrownBy(() -> b.start(lab, options(hosts, known))).hasMessageContaining("is not in " + known)
                    .hasMessageContaining("--accept-new-host-keys");
        }
        BackendOptions accepting = new BackendOptions(lab.seed(), null, Duration.ofSeconds(30), Map.of(SshBackend.HOSTS_FILE,
                hosts.toString(), SshBackend.KNOWN_HOSTS, known.toString(), SshBackend.ACCEPT_NEW_HOST_KEYS, "true"));
        try (SshBackend b = new SshBackend()) {
            b.start(lab, accepting);
            assertThat(b.run(CommandRequest.of("node2", "hostname")).stdout()).isEqualTo("docker-node2\n");
        }
        assertThat(Files.readString(known)).contains(vms.address("node1") + " ssh-ed25519 ", vms.address("node2") + " ssh-ed25519 ");
    }

    @Test
    void aKeyAcceptedOnceIsNotWrittenAndOneRememberedIsTrustedNextTime() throws Exception {
        Path hosts = vms.hostsFile("once", vms.clientKey(), "tutorial-vm", Map.of());
        Path known = vms.knownHosts("once");
        Recorder once = new Recorder(HostKeyPrompt.Decision.ACCEPT_ONCE);
        try (SshBackend b = new SshBackend()) {
            b.setHostKeyPrompt(once);
            b.start(lab, options(hosts, known));
            assertThat(b.run(CommandRequest.of("node1", "hostname")).stdout()).isEqualTo("docker-node1\n");
        }
        assertThat(once.asked).hasSize(2);
        assertThat(Files.exists(known)).as("accept once writes nothing").isFalse();

        Recorder remember = new Recorder(HostKeyPrompt.Decision.ACCEPT_AND_REMEMBER);
        try (SshBackend b = new SshBackend()) {
            b.setHostKeyPrompt(remember);
            b.start(lab, options(hosts, known));
        }
        assertThat(remember.asked).hasSize(2);
        assertThat(Files.readAllLines(known)).hasSize(2);

        Recorder after = new Recorder(HostKeyPrompt.Decision.REFUSE);
        try (SshBackend b = new SshBackend()) {
            b.setHostKeyPrompt(after);
            b.start(lab, options(hosts, known));
            assertThat(b.run(CommandRequest.of("node2", "hostname")).exitCode()).isZero();
        }
        assertThat(after.asked).as("remembered keys are not asked about again").isEmpty();
    }

    @Test
    void aChangedHostKeyIsRefusedWithoutAsking() throws Exception {
        Path hosts = vms.hostsFile("changed", vms.clientKey(), "tutorial-vm", Map.of());
        Path known = vms.knownHosts("changed");
        // node1's address with another machine's ed25519 key on record
        String other = Files.readString(vms.otherKey().resolveSibling("other_ed25519.pub")).strip().split(" ")[1];
        Files.writeString(known, vms.address("node1") + " ssh-ed25519 " + other + "\n");
        Recorder prompt = new Recorder(HostKeyPrompt.Decision.ACCEPT_AND_REMEMBER);
        try (SshBackend b = new SshBackend()) {
            b.setHostKeyPrompt(prompt);
            assertThatThrownBy(() -> b.start(lab, options(hosts, known))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("the host key of node1 (" + vms.address("node1") + ") has changed")
                    .hasMessageContaining(vms.fingerprint("node1", "ed25519"))
                    .hasMessageContaining("refused");
        }
        assertThat(prompt.asked).as("only node2 was new").allMatch(a -> a.startsWith("node2 "));
        assertThat(Files.readString(known)).as("the old key stays on record").contains(other);
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsPermissionDenied() throws Exception {
        Path hosts = vms.hostsFile("wrongkey", vms.otherKey(), "tutorial-vm", Map.of());
        try (SshBackend b = new SshBackend()) {
            assertThatThrownBy(() -> b.start(lab, options(hosts, vms.trustedKnownHosts()))).isInstanceOf(BackendException.class)
                    .hasMessageContaining("permission denied (publickey) for root@" + vms.address("node1"));
        }
    }

    @Test
    void aTutorialVmShellKeepsItsStateAndCtrlCReachesThePing() throws Exception {
        Path hosts = vms.hostsFile("shell", vms.clientKey(), "tutorial-vm", Map.of());
        try (SshBackend b = new SshBackend()) {
            b.start(lab, options(hosts, vms.trustedKnownHosts()));
            assertThat(b.run(CommandRequest.of("node1", "mkdir -p demo && cd demo && export GREETING=hello")).exitCode()).isZero();
            CommandResult r = b.run(CommandRequest.of("node1", "echo $GREETING from $(pwd) on $(hostname)"));
            assertThat(r.stdout()).isEqualTo("hello from " + SshTestHosts.WORKDIR + "/home/demo on docker-node1\n");
            CommandResult err = b.run(CommandRequest.of("node1", "ls /nonexistent"));
            assertThat(err.exitCode()).isEqualTo(2);
            assertThat(err.stderr()).contains("No such file or directory").doesNotContain("@@olab");
            long t0 = System.nanoTime();
            CommandResult ping = b.run(new CommandRequest("node2", "ping 192.168.205.10", Duration.ofSeconds(2), false));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
            assertThat(ping.stdout()).contains("64 bytes from 192.168.205.10").contains("packets transmitted");
        }
    }

    @Test
    void anEncryptedKeyIsOpenedWithThePassphraseAskedForOnceAndOnlyKeptInMemory() throws Exception {
        Path key = vms.encryptedKey("correct horse");
        Path hosts = vms.hostsFile("encrypted", key, "tutorial-vm", Map.of());
        try (SshBackend b = new SshBackend()) {
            assertThatThrownBy(() -> b.start(lab, options(hosts, vms.trustedKnownHosts())))
                    .hasMessageContaining("the private key " + key + " for node1 is encrypted and no passphrase was given");
        }
        try (SshBackend b = new SshBackend()) {
            b.setPassphrasePrompt((file, attempt) -> "wrong".toCharArray());
            assertThatThrownBy(() -> b.start(lab, options(hosts, vms.trustedKnownHosts())))
                    .hasMessageContaining("the private key " + key + " for node1 could not be decrypted: wrong passphrase");
        }
        List<String> asked = new ArrayList<>();
        try (SshBackend b = new SshBackend()) {
            b.setPassphrasePrompt((file, attempt) -> {
                asked.add(file + " " + attempt);
                return (attempt == 0 ? "wrong" : "correct horse").toCharArray();
            });
            b.start(lab, options(hosts, vms.trustedKnownHosts()));
            b.reset();
            assertThat(b.run(CommandRequest.of("node2", "hostname")).stdout()).isEqualTo("docker-node2\n");
        }
        assertThat(asked).as("asked again after a wrong one, then never again: not for node2, not after reset")
                .containsExactly(key + " 0", key + " 1");
    }

    @Test
    void aTutorialVmShowsTheDaemonsItsCommandsStarted() throws Exception {
        Path hosts = vms.hostsFile("daemons", vms.clientKey(), "tutorial-vm", Map.of());
        try (SshBackend b = new SshBackend()) {
            b.start(lab, options(hosts, vms.trustedKnownHosts()));
            assertThat(b.observe().host("node1").orElseThrow().daemons()).isEmpty();
            CommandResult etcd = b.run(CommandRequest.of("node1", "nohup etcd --data-dir etcd-data --enable-v2=true"
                    + " --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 &"));
            assertThat(etcd.exitCode()).isZero();
            var running = b.observe();
            for (int i = 0; i < 50 && running.etcdMembers().isEmpty(); i++) {
                Thread.sleep(200);
                running = b.observe();
            }
            assertThat(running.host("node1").orElseThrow().daemon("etcd").orElseThrow().state()).isEqualTo("running");
            assertThat(running.etcdMembers()).as("read through a port forwarded over SSH").hasSize(1);
            assertThat(b.run(CommandRequest.of("node1", "pkill -x etcd")).exitCode()).isZero();
            String state = "running";
            for (int i = 0; i < 50 && state.equals("running"); i++) {
                Thread.sleep(200);
                state = b.observe().host("node1").orElseThrow().daemon("etcd").orElseThrow().state();
            }
            assertThat(state).isEqualTo("stopped");
        }
    }
}
