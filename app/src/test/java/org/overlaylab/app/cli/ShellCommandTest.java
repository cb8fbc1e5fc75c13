/*
 * `overlay-lab shell` fed through stdin on the simulator, as a student's script would: commands on
 * hosts and in containers printed as `run` prints them, a task's checks turning to PASS after its
 * solution, hints and solution recorded, the report written, progress kept and resumed, and each
 * kind of bad line answered with one line while the shell goes on.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.report.ProgressStore;

class ShellCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void keepProgressHere() {
        System.setProperty(ProgressStore.DIR_PROPERTY, dir.resolve("progress").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty(ProgressStore.DIR_PROPERTY);
        ShellCommand.input = System.in;
    }

    static Run shell(byte[] stdin, String... args) {
        ShellCommand.input = new ByteArrayInputStream(stdin);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "shell";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = OverlayLabCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run shell(String stdin, String... args) {
        return shell(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    @Test
    void linesRunOnHostsAndInContainersAndPrintAsRunPrintsThem() {
        Run r = shell("""
                node1: ip -d link show flannel.100
                node1/test1: ip addr show eth0
                # a comment
                node2: cat /run/flannel/subnet.env
                """, "flannel-vxlan", "--until", "ping-test2");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("node1$ ip -d link show flannel.100\n5: flannel.100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450",
                "vxlan id 100 local 192.168.205.10 dev enp0s8",
                "node1/test1$ ip addr show eth0\n",
                "inet 10.15.64.2/20",
                "node2$ cat /run/flannel/subnet.env\nFLANNEL_NETWORK=10.0.0.0/8\nFLANNEL_SUBNET=10.13.48.1/20\n");
    }

    @Test
    void aTaskFailsTurnsToPassAfterItsSolutionAndTheReportSaysSo() throws Exception {
        Path report = dir.resolve("alice.json");
        Run r = shell("""
                :task
                :check
                :hint
                :hint
                :hint
                node1: sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink
                :check
                :report %s
                """.formatted(report), "flannel-vxlan", "--until", "task-route", "--student", "Alice", "--key", "k1");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains(
                "TASK: test1 no longer reaches test2 (10.13.48.2). Make node1 route node2's subnet through the tunnel again.",
                "task task-route: 0 of 1 checks pass\n  FAIL node1: route 10.13.48.0/20 device=flannel.100 gateway=10.13.48.0: no route to 10.13.48.0/20",
                "hint 1/2: `ip route` on node1: where does 10.13.48.2 go now?",
                "hint 2/2: flannel routes a peer's subnet via the peer's flannel.100 address, marked onlink.",
                "no more hints (2 shown); :solution shows the answer",
                "node1$ sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink\n"
                        + "  PASS node1: route 10.13.48.0/20 device=flannel.100 gateway=10.13.48.0\n"
                        + "TASK SOLVED: Task: the route to node2's subnet is gone (:step goes on)\n",
                "task task-route: 1 of 1 checks pass, solved",
                "report written: " + report + " and " + report + ".html (signed)");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("student").asText()).isEqualTo("Alice");
        assertThat(json.path("lab").path("id").asText()).isEqualTo("flannel-vxlan");
        assertThat(json.path("backend").asText()).isEqualTo("sim");
        assertThat(json.path("tasksSolved").asInt()).isEqualTo(1);
        assertThat(json.path("taskCount").asInt()).isEqualTo(4);
        assertThat(json.path("hintsShown").asInt()).isEqualTo(2);
        assertThat(json.path("solutionsShown").asInt()).isZero();
        JsonNode route = json.path("tasks").get(1);
        assertThat(route.path("id").asText()).isEqualTo("task-route");
        assertThat(route.path("solved").asBoolean()).isTrue();
        assertThat(route.path("checks").get(0).path("passed").asBoolean()).isTrue();
        assertThat(json.path("tasks").get(0).path("solved").asBoolean()).isFalse();
        assertThat(json.path("commands").get(0).path("command").asText())
                .isEqualTo("sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink");
        assertThat(json.path("signature").path("algorithm").asText()).isEqualTo("HMAC-SHA256");
        String html = Files.readString(Path.of(report + ".html"));
        assertThat(html).contains("<th>Student</th><td>Alice</td>", "Tasks solved</th><td>1 of 4</td>",
                "<code>sudo ip route add 10.13.48.0/20 via 10.13.48.0 dev flannel.100 onlink</code>");
    }

    @Test
    void theSolutionIsShownWithTheStudentsOwnValuesAndRecorded() throws Exception {
        Path report = dir.resolve("bob.json");
        Run r = shell(":solution\n:report " + report + "\n", "flannel-vxlan", "--until", "task-own-vxlan", "--seed", "42");
        Run other = shell(":solution\n", "flannel-vxlan", "--until", "task-own-vxlan", "--seed", "43");
        assertThat(r.out()).containsPattern("solution \\(recorded in your report\\):\nnode2\\$ sudo ip link add vxlan(\\d+) type vxlan id \\1 dev enp0s8 dstport 4789\n");
        String mine = r.out().replaceAll("(?s).*ip link add (vxlan\\d+).*", "$1");
        assertThat(other.out()).doesNotContain("ip link add " + mine + " ");
        assertThat(new ObjectMapper().readTree(report.toFile()).path("solutionsShown").asInt()).isEqualTo(1);
        assertThat(r.out()).contains("(not signed: neither the lab nor --key gives a key)");
    }

    @Test
    void badLinesGetOneLineEachAndTheShellGoesOn() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes("node3: ip link\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes("node1: echo 'unbalanced\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(("node1: echo " + "x".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8));
        in.writeBytes(new byte[] {'n', 'o', 'd', 'e', '1', ':', ' ', 'l', 's', 0, 1, 2, '\n'});
        in.writeBytes(new byte[] {'n', 'o', 'd', 'e', '1', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        in.writeBytes("ip link\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(":frobnicate\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes("node1:\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(":hint\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes("node1: hostname\n".getBytes(StandardCharsets.UTF_8));
        Run r = shell(in.toByteArray(), "flannel-vxlan");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().split("\n")).containsExactly(
                "line 1: unknown host 'node3'; this lab's hosts are: node1, node2",
                "line 2: node1: unterminated single quote at column 6 of the command",
                "line 3: the line is too long (100012 bytes; a line may have at most 4096)",
                "line 4: the line holds a control byte (0x00 at column 10); only text can be typed",
                "line 5: the line holds bytes that are not UTF-8 text; only text can be typed",
                "line 6: write HOST: COMMAND or HOST/CONTAINER: COMMAND (hosts: node1, node2), or :help",
                "line 7: unknown command ':frobnicate'; meta commands: :step :until :check :hint :solution :report :task"
                        + " :back :reset :on :help :quit",
                "line 8: nothing to run after 'node1:'; write node1: COMMAND",
                "line 9: no task in progress, so no hint");
        assertThat(r.out()).endsWith("node1$ hostname\ndocker-node1\n");
    }

    @Test
    void progressIsKeptAndResumed() {
        Run first = shell("""
                :step
                :step
                node1: echo kept
                :back
                node1: echo kept again
                """, "flannel-vxlan", "--student", "Carol");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("undone; 2 steps and 0 typed commands in effect");
        Run again = shell("node1: hostname\n", "flannel-vxlan", "--resume");
        assertThat(again.err()).isEmpty();
        assertThat(again.out()).contains("# resumed: 2 of 17 steps done, 2 commands typed",
                "node1$ hostname\ndocker-node1\n");
        Run fresh = shell("", "flannel-vxlan");
        assertThat(fresh.out()).contains("# progress kept earlier on this lab is replaced from now on (shell --resume continues it)");
    }

    @Test
    void stepsUndoAndResetAreMetaCommands() {
        Run r = shell("""
                :until write-config
                :back
                :step
                :reset
                :until 99
                """, "flannel-vxlan");
        assertThat(r.out()).contains("[4/17] Write flannel's network configuration", "back to the fresh lab");
        assertThat(r.err()).isEqualTo("line 5: lab flannel-vxlan has no step '99' (steps 1-17 or their ids)\n");
    }
}
