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
}
