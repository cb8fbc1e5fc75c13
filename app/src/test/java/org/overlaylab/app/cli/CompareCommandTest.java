/* `overlay-lab compare`: the Markdown table of two labs' cross-host pings, CSV into a file, and mistakes as one line. */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = OverlayLabCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void markdownTableOfFlannelAndCalico() {
        Run r = run("compare", "flannel-vxlan", "calico-bgp", "--format", "md");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("| measure | flannel-vxlan | calico-bgp |\n| --- | --- | --- |\n")
                .contains("| underlay headers (bytes) | Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8 + Ethernet 14 + IPv4 20"
                        + " + ICMP 8 | Ethernet 14 + IPv4 20 + ICMP 8 |")
                .contains("| overhead (bytes) | 50 | 0 |")
                .contains("| max ICMP payload, underlay MTU 1500 | 1422 | 1472 |")
                .contains("| TTL at the receiver | 62 | 62 |");
    }

    @Test
    void csvIntoAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compare.csv");
        Run r = run("compare", "ovs-gre", "calico-bgp", "--format", "csv", "-o", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).startsWith("measure,ovs-gre,calico-bgp\r\n").contains("overhead (bytes),38,0\r\n");
    }

    @Test
    void aLabThatCannotBeMeasuredKeepsItsColumnWithTheReason() {
        Run r = run("compare", "calico-bgp", "src/test/resources/labs/gretap-bridge.yaml", "--trust-lab");
        String why = "not run on sim: step 1 (A gretap device on each host, in docker0) fails there: node1$ sudo ip link"
                + " add gre1 type gretap local 192.168.205.10 remote 192.168.205.11: Error: Unknown device type.";
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("overlay-lab: gretap-bridge: " + why + "\n");
        assertThat(r.out()).startsWith("| measure | calico-bgp | gretap-bridge |\n| --- | --- | --- |\n"
                        + "| run on | sim: every device of every host | " + why + " |\n")
                .contains("| overhead (bytes) | 0 |  |");
    }

    @Test
    void theBackendIsSimOrNetns() {
        Run ssh = run("compare", "calico-bgp", "ovs-gre", "--backend", "ssh");
        assertThat(ssh.exit()).isEqualTo(2);
        assertThat(ssh.err()).isEqualTo("overlay-lab: --backend ssh: compare runs on sim or netns\n");
        // a lab file runs as root on netns only when the user says they read it
        Run untrusted = run("compare", "calico-bgp", "src/test/resources/labs/gretap-bridge.yaml", "--backend", "netns");
        assertThat(untrusted.exit()).isEqualTo(2);
        assertThat(untrusted.err().lines().count()).isEqualTo(1);
        assertThat(untrusted.err()).contains("--trust-lab");
    }

    @Test
    void mistakesAreOneLine() {
        Run one = run("compare", "calico-bgp");
        assertThat(one.exit()).isEqualTo(2);
        Run format = run("compare", "calico-bgp", "ovs-gre", "--format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).isEqualTo("overlay-lab: --format xml: give md or csv\n");
        Run unknown = run("compare", "calico-bgp", "no-such-lab");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines().count()).isEqualTo(1);
    }
}
