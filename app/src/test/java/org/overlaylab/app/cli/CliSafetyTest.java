/*
 * The command line refuses what it should before anything starts, one line each, exit 2: a lab
 * file on a real backend without --trust-lab, lab addresses on ssh without --use-lab-addresses,
 * options that do not fit the backend, a bad --timeout, --pcap or --pcapng, a broken hosts file.
 * Captures are written as new files only, never through a symbolic link.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.cli.CommandLineTest.Outcome;

class CliSafetyTest {
    @TempDir
    Path dir;

    private static Outcome run(String... args) {
        return CommandLineTest.run(args);
    }

    private Path labFile() throws Exception {
        Path lab = dir.resolve("shared.yaml");
        Files.writeString(lab, """
                id: shared
                title: A lab someone shared
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: S
                    steps:
                      - id: s1
                        title: Look
                        explain: E
                        run:
                          - node1: ip link && sudo docker ps
                """);
        return lab;
    }

    private static void refused(Outcome o, String... message) {
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.out()).as("nothing started").isEmpty();
        assertThat(o.err().lines()).hasSize(1);
        assertThat(o.err()).startsWith("overlay-lab: ").contains(message).doesNotContain("Exception");
    }

    @Test
    void aLabFileRunsOnARealBackendOnlyWhenTrusted() throws Exception {
        Path lab = labFile();
        refused(run("run", lab.toString(), "--backend", "netns"), lab + " is not a built-in lab: on the netns backend its"
                + " commands run as root on this machine. It calls ip, docker in 1 command on node1. Read it, then run"
                + " again with --trust-lab");
        refused(run("diff", lab.toString()), lab + " is not a built-in lab", "--trust-lab");
        refused(run("run", lab.toString(), "--backend", "ssh", "--hosts", dir.resolve("h.yaml").toString()),
                "on the ssh backend its commands run on the machines you name");
        assertThat(run("run", lab.toString()).status()).as("the simulator needs no trust").isZero();
    }

    @Test
    void aLabIsRefusedOnABackendItDoesNotRunOnWithItsReason() {
        String why = "calico-ipip does not run on the netns backend: IP-in-IP needs the kernel's ipip module, and this"
                + " machine's kernel has none (it runs on sim, ssh)";
        refused(run("run", "calico-ipip", "--backend", "netns"), why);
        refused(run("shell", "calico-ipip", "--backend", "netns"), why);
        refused(run("diff", "calico-ipip"), why);
    }

    @Test
    void sshUsesTheLabsAddressesOnlyWhenAskedTo() {
        refused(run("run", "ovs-gre", "--backend", "ssh"), "the ssh backend needs the machines to use: --hosts FILE, or"
                + " --use-lab-addresses to connect to the addresses the lab names (node1 192.168.205.10, node2 192.168.205.11) as");
        refused(run("diff", "ovs-gre", "--backend", "ssh"), "--use-lab-addresses");
    }

    @Test
    void optionsThatDoNotFitTheBackendAreRefused() {
        refused(run("run", "ovs-gre", "--hosts", "h.yaml"), "--hosts names machines for the ssh backend; the simulator"
                + " (--backend sim) has none");
        refused(run("run", "ovs-gre", "--use-lab-addresses"), "--use-lab-addresses is for the ssh backend");
        refused(run("run", "ovs-gre", "--backend", "netns", "--hosts", "h.yaml"), "--hosts is for the ssh backend; the"
                + " netns backend makes its own hosts");
        refused(run("diff", "ovs-gre", "--backend", "sim"), "diff compares the simulator with a real backend; --backend must be"
                + " netns or ssh, not sim");
        refused(run("run", "ovs-gre", "--timeout", "0"), "--timeout must be a number of seconds above 0, not 0");
        refused(run("run", "ovs-gre", "--timeout", "-5"), "not -5");
    }

    @Test
    void pcapNeedsAFolderItCanWriteAndNeverReplacesAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        refused(run("run", "ovs-gre", "--pcap", file.toString()), "--pcap " + file + " is a file; give a folder");
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        refused(run("run", "ovs-gre", "--pcap", link.toString()), "is a symbolic link");
        refused(run("run", "ovs-gre", "--pcap", dir.resolve("no/such/dir").toString()), "does not exist");
        // a folder nobody may write into, root included
        refused(run("run", "ovs-gre", "--pcap", "/proc/sys/olab-pcaps"), "--pcap /proc/sys/olab-pcaps: cannot make the folder");

        Path out = Files.createDirectory(dir.resolve("out"));
        Path kept = Files.writeString(out.resolve("node1-host-enp0s8.pcap"), "mine");
        Path target = dir.resolve("target");
        Files.createSymbolicLink(out.resolve("node2-host-enp0s8.pcap"), target);
        Outcome o = run("run", "ovs-gre", "--pcap", out.toString());
        assertThat(o.status()).isZero();
        assertThat(Files.readString(kept)).isEqualTo("mine");
        assertThat(target).doesNotExist();
        assertThat(out.resolve("node2-host-veth1.pcap")).exists();
        assertThat(o.err()).contains("not writing " + kept + ": it exists (pcaps are only written as new files)",
                "not writing " + out.resolve("node2-host-enp0s8.pcap") + ": it exists");
    }

    @Test
    void pcapngIsAlwaysANewFileCheckedBeforeTheLabStarts() throws Exception {
        Path existing = Files.writeString(dir.resolve("mine.pcapng"), "mine");
        refused(run("run", "ovs-gre", "--pcapng", existing.toString()), "--pcapng " + existing
                + " exists; capture files are only written as new files");
        assertThat(Files.readString(existing)).isEqualTo("mine");
        Path target = dir.resolve("elsewhere.pcapng");
        Path dangling = Files.createSymbolicLink(dir.resolve("link.pcapng"), target);
        refused(run("run", "ovs-gre", "--pcapng", dangling.toString()), "--pcapng " + dangling
                + " is a symbolic link; give the name of a new file");
        assertThat(target).doesNotExist();
        refused(run("run", "ovs-gre", "--pcapng", dir.resolve("no/such/dir/run.pcapng").toString()), "does not exist");
        // a folder nobody may write into, root included
        refused(run("run", "ovs-gre", "--pcapng", "/proc/sys/olab.pcapng"), "--pcapng /proc/sys/olab.pcapng:");
        assertThat(Path.of("/proc/sys/olab.pcapng")).doesNotExist();
    }

    @Test
    void aBrokenHostsFileIsNamedWithLineAndColumn() throws Exception {
        Path syntax = Files.writeString(dir.resolve("syntax.yaml"), "hosts:\n  node1: {address: 10.0.0.1, user: [x\n");
        refused(run("run", "ovs-gre", "--backend", "ssh", "--hosts", syntax.toString()), syntax + ":3:1: not valid YAML");
        Path port = Files.writeString(dir.resolve("port.yaml"), "hosts:\n  node1:\n    address: 10.0.0.1\n    user: u\n"
                + "    key: k\n    port: twenty-two\n");
        refused(run("run", "ovs-gre", "--backend", "ssh", "--hosts", port.toString()),
                port + ":6:11: host node1: port must be a number, not twenty-two");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "colour: red\nhosts: {}\n");
        refused(run("run", "ovs-gre", "--backend", "ssh", "--hosts", unknown.toString()), unknown + ":1:1: unknown key `colour`");
    }

    @Test
    void decodeOfBadInputExitsTwo() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pcap"), "not a pcap at all");
        Outcome o = run("decode", junk.toString());
        assertThat(o.status()).isEqualTo(2);
    }
}
