/*
 * `overlay-lab shell` through stdin on the netns backend (root, Linux, the lab packages): typed
 * lines run in the lab hosts' namespaces, a step runs, Back undoes a typed command on the real
 * kernel by replay, and a bad line is refused without touching the hosts. Run it under the
 * machine-wide lock: flock /tmp/olab-netns.lock mvn ... -Dgroups=netns
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.report.ProgressStore;

@Tag("netns")
class ShellCommandNetnsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void keepProgressHere() {
        System.setProperty(ProgressStore.DIR_PROPERTY, dir.resolve("progress").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ProgressStore.DIR_PROPERTY);
        ShellCommand.input = System.in;
    }

    @Test
    void typedLinesRunOnTheRealHostsAndBackUndoesThem() {
        ShellCommandTest.Run r = ShellCommandTest.shell("""
                node1: ip -br addr show enp0s8
                node1: sudo ip link add chk0 type dummy
                :back
                node1: ip link show chk0
                node9: ip link
                :step
                node1: hostname
                """, "ovs-gre", "--backend", "netns", "--student", "netns-test");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("line 5: unknown host 'node9'; this lab's hosts are: node1, node2\n");
        assertThat(r.out()).contains("node1$ ip -br addr show enp0s8\nenp0s8", "192.168.205.10/24",
                "undone; 0 steps and 1 typed command in effect",
                "node1$ ip link show chk0\nDevice \"chk0\" does not exist.",
                "[1/", "node1$ hostname\n");
    }

    @Test
    void aTrailingAmpersandStartsAJobThatPrintsIntoTheTerminalUntilItEndsOrIsKilled() {
        ShellCommandTest.Run r = ShellCommandTest.shell("""
                node1: sudo tcpdump -c 2 -nn -i enp0s8 icmp &
                node1: ping -c 1 192.168.205.11
                node1: sleep 1
                node1: sudo tcpdump -nn -i enp0s8 icmp &
                node1: ping -c 1 192.168.205.11
                node1: sleep 1
                node1: kill %2
                node1: kill %2
                """, "ovs-gre", "--backend", "netns", "--student", "netns-test");
        assertThat(r.exit()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).containsPattern("node1\\$ sudo tcpdump -c 2 -nn -i enp0s8 icmp &\n\\[1\\] \\d+\n")
                .containsPattern("IP 192\\.168\\.205\\.10 > 192\\.168\\.205\\.11: ICMP echo request, id \\d+, seq 1, length 64")
                .contains("2 packets captured\n", "[1]+  Done                    sudo tcpdump -c 2 -nn -i enp0s8 icmp\n")
                .containsPattern("node1\\$ kill %2\n(.*\n)*2 packets captured\n(.*\n)*\\[2\\]\\+  Done                    sudo tcpdump -nn -i enp0s8 icmp\n")
                .contains("node1$ kill %2\nbash: kill: %2: no such job\n");
        // tcpdump's banner is part of starting the job, before the next prompt
        assertThat(out).containsPattern("\\[2\\] \\d+\ntcpdump: verbose output suppressed, use -v\\[v\\]\\.\\.\\. for full protocol decode\n"
                + "listening on enp0s8, link-type EN10MB \\(Ethernet\\), snapshot length 262144 bytes\nnode1\\$ ping");
        assertThat(out.indexOf("[1]+  Done")).isLessThan(out.indexOf("node1$ sudo tcpdump -nn -i enp0s8 icmp &"));
    }
}
