/* The hosts file as a user writes it: defaults, paths, flavours, and errors that say what is wrong and where. */
package org.overlaylab.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;

class HostsFileTest {
    private static final Path BASE = Path.of("/home/student/lab");

    private static HostsFile parse(String yaml) throws IOException {
        return HostsFile.parse(yaml, BASE, "hosts.yaml");
    }

    @Test
    void aFullEntryAndAMinimalOne() throws Exception {
        HostsFile f = parse("""
                known-hosts: known_hosts
                hosts:
                  node1:
                    address: 192.168.205.10
                    user: vagrant
                    key: keys/insecure_private_key
                    port: 2222
                    flavour: debian
                    workdir: /srv/lab
                    docker-certs: certs/node1
                  node2:
                    address: 192.168.205.11
                """);
        assertThat(f.knownHosts()).isEqualTo(BASE.resolve("known_hosts"));
        HostsFile.Entry n1 = f.entries().get("node1");
        assertThat(n1.login()).isEqualTo("vagrant@192.168.205.10:2222");
        assertThat(n1.key()).isEqualTo(BASE.resolve("keys/insecure_private_key"));
        assertThat(n1.flavour()).isEqualTo(HostsFile.Flavour.DEBIAN);
        assertThat(n1.workDir()).isEqualTo("/srv/lab");
        assertThat(n1.dockerCerts()).isEqualTo(BASE.resolve("certs/node1"));
        HostsFile.Entry n2 = f.entries().get("node2");
        assertThat(n2.port()).isEqualTo(22);
        assertThat(n2.user()).isEqualTo(System.getProperty("user.name"));
        assertThat(n2.flavour()).isEqualTo(HostsFile.Flavour.TUTORIAL_VM);
        assertThat(n2.workDir()).isEqualTo("/var/tmp/overlaylab/node2");
        assertThat(n2.dockerCerts()).isNull();
    }

    @Test
    void tildeIsTheUsersHome() throws Exception {
        HostsFile f = parse("hosts:\n  node1: {address: 10.1.1.1, key: ~/.vagrant.d/insecure_private_key}\n");
        assertThat(f.entries().get("node1").key())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".vagrant.d/insecure_private_key"));
        assertThat(f.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh/known_hosts"));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> parse("hosts:\n  node1: {user: vagrant}\n")).hasMessage("hosts.yaml: host node1 has no address");
        assertThatThrownBy(() -> parse("hosts:\n  node1: {address: 10.1.1.1, flavor: debian}\n"))
                .hasMessageContaining("host node1: unknown key flavor");
        assertThatThrownBy(() -> parse("hosts:\n  node1: {address: 10.1.1.1, flavour: ubuntu}\n"))
                .hasMessageContaining("flavour must be tutorial-vm or debian, not ubuntu");
        assertThatThrownBy(() -> parse("hosts:\n  node1: {address: 10.1.1.1, port: ssh}\n"))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> parse("hosts:\n  node1: {address: 10.1.1.1, workdir: lab}\n"))
                .hasMessageContaining("workdir must be an absolute path");
        assertThatThrownBy(() -> parse("nodes: {}\n")).hasMessageContaining("unknown key `nodes`");
        assertThatThrownBy(() -> parse("hosts: [\n")).hasMessageStartingWith("hosts.yaml: not valid YAML");
    }

    @Test
    void aLabHostMissingFromTheFileIsNamed() throws Exception {
        Lab lab = LabLoader.builtIn("docker-overlay-etcd");
        HostsFile f = parse("hosts:\n  node1: {address: 10.1.1.1}\n");
        assertThatThrownBy(() -> f.forLab(lab, "the hosts file hosts.yaml"))
                .hasMessage("the hosts file hosts.yaml has no entry for node2 (lab docker-overlay-etcd has hosts node1, node2)");
    }

    @Test
    void withoutAFileEveryHostIsReachedAtItsUnderlayAddressAsTheCurrentUser() throws Exception {
        Lab lab = LabLoader.builtIn("docker-overlay-etcd");
        HostsFile f = HostsFile.fromLab(lab);
        assertThat(f.entries().get("node2").address()).isEqualTo("192.168.205.11");
        assertThat(f.entries().get("node2").user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void hostKeyAlgorithmsWithKnownKeysComeFirstThenEd25519() {
        String offered = "ecdsa-sha2-nistp256,ssh-ed25519,rsa-sha2-512,rsa-sha2-256";
        assertThat(HostKeyCheck.preferKnown(offered, List.of())).isEqualTo("ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256");
        assertThat(HostKeyCheck.preferKnown(offered, List.of("ssh-rsa")))
                .isEqualTo("rsa-sha2-512,rsa-sha2-256,ssh-ed25519,ecdsa-sha2-nistp256");
    }

    @Test
    void theRegistryOffersSsh() throws Exception {
        var factory = BackendRegistry.load().require("ssh");
        assertThat(factory.unavailableReason()).isNull();
        assertThat(factory.create().kind()).isEqualTo("ssh");
    }
}
