/*
 * Jobs a student starts with a trailing '&' on a host's terminal: the prompt comes back at once,
 * a background tcpdump prints into the terminal while the next commands run, bash's `[1]+  Done`
 * notice follows the command during which the job ended, and `kill %N` ends a job as SIGTERM does.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class BackgroundJobsTest {
    private static final String STAMP = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ";

    @Test
    void aBackgroundTcpdumpPrintsIntoTheTerminalWhileThePingRunsAndBashSaysWhenItIsDone() {
        try (SimLab lab = SimLab.twoHosts()) {
            long before = lab.world().clock().now();
            CommandResult started = lab.run("node1", "sudo tcpdump -c 2 -i enp0s8 icmp &");
            assertThat(started.exitCode()).isZero();
            assertThat(started.terminal()).matches("\\[1\\] \\d+\\n"
                    + "tcpdump: verbose output suppressed, use -v\\[v\\]\\.\\.\\. for full protocol decode\\n"
                    + "listening on enp0s8, link-type EN10MB \\(Ethernet\\), snapshot length 262144 bytes\\n");
            // only the pause the simulator leaves between two typed commands passed
            assertThat(lab.world().clock().now() - before).as("the prompt is back at once").isLessThan(3_000_000_000L);

            String ping = lab.run("node1", "ping -c 1 192.168.205.11").terminal();
            assertThat(ping).containsPattern(STAMP + "IP 192\\.168\\.205\\.10 > 192\\.168\\.205\\.11: ICMP echo request, id \\d+, seq 1, length 64\\n")
                    .containsPattern(STAMP + "IP 192\\.168\\.205\\.11 > 192\\.168\\.205\\.10: ICMP echo reply, id \\d+, seq 1, length 64\\n")
                    .contains("2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n")
                    .endsWith("rtt min/avg/max/mdev = " + ping.split("rtt min/avg/max/mdev = ")[1].split("\n")[0] + "\n"
                            + "[1]+  Done                    sudo tcpdump -c 2 -i enp0s8 icmp\n");
            // the request is seen on the wire before the reply reaches ping
            assertThat(ping.indexOf("ICMP echo request")).isLessThan(ping.indexOf("64 bytes from 192.168.205.11"));
            assertThat(lab.run("node1", "echo next").terminal()).isEqualTo("next\n");
        }
    }

    @Test
    void killEndsABackgroundTcpdumpWithItsCountersAndSleepLeavesThePromptFree() {
        try (SimLab lab = SimLab.twoHosts()) {
            long before = lab.world().clock().now();
            assertThat(lab.run("node1", "sleep 100 &").terminal()).matches("\\[1\\] \\d+\\n");
            assertThat(lab.world().clock().now() - before).as("not the 100 s").isLessThan(3_000_000_000L);
            lab.run("node1", "sudo tcpdump -i enp0s8 icmp &");
            lab.run("node1", "ping -c 1 192.168.205.11");
            String killed = lab.run("node1", "sudo kill %2").terminal();
            assertThat(killed).isEqualTo("\n2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n"
                    + "[2]+  Done                    sudo tcpdump -i enp0s8 icmp\n");
            CommandResult again = lab.run("node1", "kill %2");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).isEqualTo("bash: kill: %2: no such job\n");
        }
    }

    @Test
    void framesSeenBetweenCommandsShowWithTheNextOne() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.run("node1", "sudo tcpdump -c 1 -i enp0s8 icmp &");
            // node2 pings node1: node1's terminal runs nothing meanwhile
            lab.runFor("node2", "ping -c 1 192.168.205.10", 5);
            String next = lab.run("node1", "echo hi").terminal();
            assertThat(next).containsPattern("^" + STAMP + "IP 192\\.168\\.205\\.11 > 192\\.168\\.205\\.10: ICMP echo request")
                    .contains("1 packet captured\n")
                    .endsWith("hi\n[1]+  Done                    sudo tcpdump -c 1 -i enp0s8 icmp\n");
        }
    }
}
