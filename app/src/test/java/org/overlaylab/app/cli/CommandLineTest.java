/* The command line as a user meets it: lab list, runs that pass or fail with a clear exit status, clear errors. */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.packets.CaptureReader;

class CommandLineTest {

    record Outcome(int status, String out, String err) {}

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = OverlayLabCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void listsTheBuiltInLabs() {
        Outcome o = run("labs");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("docker-overlay-etcd", "ovs-gre", "flannel-vxlan", "calico-bgp",
                "troubleshoot-etcd-member-down    17     Troubleshooting: the cluster store is unhealthy (etcd)");
        assertThat(o.out().lines()).hasSize(1 + org.overlaylab.labfile.LabLoader.builtInIds().size());
    }

    /** Every lab of the lab index, so a lab added there is tested here too. */
    static List<String> builtInLabs() {
        return LabLoader.builtInIds();
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void everyBuiltInLabRunsCleanOnTheSimulator(String id) {
        Outcome o = run("run", id);
        assertThat(o.status()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).doesNotContain("FAIL ").containsPattern("# \\d+ steps, (\\d+)/\\1 checks passed");
    }

    @Test
    void untilStopsAfterTheNamedStep() {
        Outcome o = run("run", "docker-overlay-etcd", "--until", "cluster-health");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("[6/19] Check the cluster's health", "# 6 steps").doesNotContain("[7/19]");
    }

    @Test
    void aFailingCheckMakesTheExitStatusNonZero(@TempDir Path dir) throws Exception {
        Path lab = dir.resolve("wrong.yaml");
        Files.writeString(lab, """
                id: wrong-expectation
                title: A lab whose check cannot pass
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: S
                    steps:
                      - id: s1
                        title: Look for a device that is not there
                        explain: The check fails.
                        check:
                          - interface: {host: node1, name: flannel.100}
                """);
        Outcome o = run("run", lab.toString());
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.out()).contains("FAIL node1: interface flannel.100: no device flannel.100 in host");
    }

    @Test
    void badInputGivesOneClearLine(@TempDir Path dir) throws Exception {
        Outcome missing = run("run", "no-such-lab");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("'no-such-lab' is neither a built-in lab").doesNotContain("Exception");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "id: x\ntitle: y\nhosts:\n  - name: node1\n    underlay: enp0s8 10.0.0.1\n");
        Outcome bad = run("run", broken.toString());
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains(broken + ":5:15: underlay must be a device and an address with prefix");

        Outcome backend = run("run", "ovs-gre", "--backend", "vm");
        assertThat(backend.status()).isEqualTo(2);
        assertThat(backend.err()).contains("unknown backend 'vm'; available: sim");

        Outcome step = run("run", "ovs-gre", "--until", "99");
        assertThat(step.status()).isEqualTo(2);
        assertThat(step.err()).contains("lab ovs-gre has no step '99'");
    }

    @Test
    void pcapDirGetsOneFilePerCapturePoint(@TempDir Path dir) throws Exception {
        Outcome o = run("run", "ovs-gre", "--pcap", dir.toString());
        assertThat(o.status()).isZero();
        assertThat(dir.resolve("node1-host-enp0s8.pcap")).exists();
        assertThat(dir.resolve("node2-host-veth1.pcap")).exists();
        Outcome decoded = run("decode", dir.resolve("node1-host-enp0s8.pcap").toString());
        assertThat(decoded.status()).isZero();
    }

    @Test
    void pcapngHoldsEveryCapturePointAsAnInterfaceAndEachFramesStep(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.pcapng");
        Outcome o = run("run", "docker-overlay-etcd", "--pcapng", file.toString());
        assertThat(o.status()).as(o.err()).isZero();
        Set<String> interfaces = new TreeSet<>();
        Set<String> comments = new TreeSet<>();
        int frames = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.format()).isEqualTo(CaptureReader.Format.PCAPNG);
            while (r.advance()) {
                interfaces.add(r.recordInterface().name());
                comments.add(r.comment());
                frames++;
            }
        }
        assertThat(frames).isGreaterThan(20);
        assertThat(interfaces).contains("node1 enp0s8", "node2 enp0s8", "node1 [test1] eth0", "node2 [test2] eth0");
        assertThat(comments).allSatisfy(c -> assertThat(c).matches("step \\d+/19: .+"));
        assertThat(run("decode", file.toString()).status()).isZero();
    }

    @Test
    void theSshBackendTakesAHostsFileAndSaysWhatStopsIt(@TempDir Path dir) throws Exception {
        // port 1 on loopback: nothing listens there, so the connection is refused at once
        Path hosts = dir.resolve("hosts.yaml");
        Path key = dir.resolve("id_ed25519");
        Files.writeString(hosts, "known-hosts: " + dir.resolve("known_hosts") + "\nhosts:\n"
                + "  node1: {address: 127.0.0.1, port: 1, user: vagrant, key: " + key + "}\n"
                + "  node2: {address: 127.0.0.1, port: 1, user: vagrant, key: " + key + "}\n");
        Outcome o = run("run", "docker-overlay-etcd", "--backend", "ssh", "--hosts", hosts.toString());
        assertThat(o.status()).isEqualTo(3);
        assertThat(o.err()).contains("the private key " + key + " for node1 does not exist");
        Files.writeString(key, "not a key");
        o = run("run", "docker-overlay-etcd", "--backend", "ssh", "--hosts", hosts.toString());
        assertThat(o.err()).contains("the key file " + key + " for node1 holds no private key");
        Files.delete(key);
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        o = run("run", "docker-overlay-etcd", "--backend", "ssh", "--hosts", hosts.toString(), "--accept-new-host-keys");
        assertThat(o.status()).isEqualTo(3);
        assertThat(o.err()).contains("host node1 (127.0.0.1) refuses connections on port 1 (is sshd running there?)",
                "host node2 (127.0.0.1) refuses connections on port 1");
    }
}
