/*
 * Typed commands on the simulator as a person sees them: ping's lines arrive one a second of wall
 * time, a Ctrl-C ends an endless ping with its statistics and exit status, the lab's own runs stay
 * instant, and a flood ping left to the lab's time limit keeps its output (and memory) bounded.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.simulator.shell.Streams;

class LiveOutputTest {

    /** Collects what arrives and when, and presses Ctrl-C once `ctrlCAfterMillis` have passed. */
    private static final class Watcher implements LiveOutput {
        final List<String> pieces = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();
        final long started = System.nanoTime();
        final long ctrlCAfterMillis;
        final AtomicBoolean pressed = new AtomicBoolean();

        Watcher(long ctrlCAfterMillis) {
            this.ctrlCAfterMillis = ctrlCAfterMillis;
        }

        @Override
        public synchronized void write(String text) {
            pieces.add(text);
            arrivals.add((System.nanoTime() - started) / 1_000_000);
        }

        @Override
        public boolean interrupted() {
            if ((System.nanoTime() - started) / 1_000_000 >= ctrlCAfterMillis) {
                pressed.set(true);
            }
            return pressed.get();
        }

        int indexOf(String prefix) {
            for (int i = 0; i < pieces.size(); i++) {
                if (pieces.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Test
    void pingLinesArriveOneASecondAndCtrlCPrintsTheStatistics() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            Watcher w = new Watcher(2_500);
            CommandResult r = lab.backend().run(CommandRequest.of("node1", "ping 192.168.205.11"), w);
            assertThat(r.exitCode()).isZero();
            int first = w.indexOf("64 bytes from 192.168.205.11: icmp_seq=1 ");
            int second = w.indexOf("64 bytes from 192.168.205.11: icmp_seq=2 ");
            int third = w.indexOf("64 bytes from 192.168.205.11: icmp_seq=3 ");
            assertThat(first).isPositive();
            assertThat(w.arrivals.get(first)).isLessThan(500);
            assertThat(w.arrivals.get(second) - w.arrivals.get(first)).isBetween(900L, 1_300L);
            assertThat(w.arrivals.get(third) - w.arrivals.get(second)).isBetween(900L, 1_300L);
            assertThat(w.indexOf("64 bytes from 192.168.205.11: icmp_seq=4 ")).isEqualTo(-1);
            // the statistics come right after the Ctrl-C, and the whole output went through the live side too
            int stats = w.indexOf("--- 192.168.205.11 ping statistics ---");
            assertThat(w.arrivals.get(stats)).isBetween(2_400L, 3_200L);
            assertThat(String.join("", w.pieces)).isEqualTo(r.output());
            assertThat(r.stdout()).contains("3 packets transmitted, 3 received, 0% packet loss");
            assertThat(r.notes()).isEmpty();
        }
    }

    @Test
    void ctrlCInAContainerReachesBusyboxPingThroughDockerExec() throws Exception {
        try (SimLab lab = SimLab.oneHost()) {
            lab.runSleeper("node1", "test1", null);
            Watcher w = new Watcher(1_500);
            CommandResult r = lab.backend().run(CommandRequest.of("node1",
                    "sudo docker exec test1 sh -c 'ping 172.17.0.1'"), w);
            assertThat(w.indexOf("PING 172.17.0.1 (172.17.0.1): 56 data bytes")).isZero();
            assertThat(w.indexOf("64 bytes from 172.17.0.1: seq=1 ")).isPositive();
            assertThat(r.stdout()).contains("2 packets transmitted, 2 packets received, 0% packet loss");
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void aStopTimeEndsALiveEndlessPing() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            Watcher w = new Watcher(Long.MAX_VALUE);
            long t0 = System.nanoTime();
            CommandResult r = lab.backend().run(new CommandRequest("node1", "ping 192.168.205.11",
                    java.time.Duration.ofSeconds(2), false), w);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            assertThat(wall).isBetween(1_800L, 3_000L);
            assertThat(r.stdout()).contains("2 packets transmitted, 2 received");
            assertThat(r.notes()).containsExactly("stopped with Ctrl-C after 2 s");
        }
    }

    @Test
    void labRunsNeverWait() {
        try (SimLab lab = SimLab.twoHosts()) {
            long t0 = System.nanoTime();
            CommandResult r = lab.run("node1", "ping -c 5 192.168.205.11");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1_000L);
            assertThat(r.elapsed().toSeconds()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void aFloodPingIsBoundedByTheStepsTimeWithItsOutputCapped() {
        try (SimLab lab = SimLab.twoHosts()) {
            long t0 = System.nanoTime();
            CommandResult r = lab.runFor("node1", "sudo ping -c 2000000000 -i 0 192.168.205.11", 10);
            long wall = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.output().length()).isLessThan(Streams.HEAD_CHARS + Streams.TAIL_CHARS + 200);
            assertThat(r.stdout()).containsPattern("… \\d+ lines not kept …\n");
            assertThat(r.stdout()).startsWith("PING 192.168.205.11 (192.168.205.11) 56(84) bytes of data.\n64 bytes from");
            assertThat(r.stdout()).containsPattern("\\d{5} packets transmitted, \\d{5} received, 0% packet loss");
            assertThat(r.notes()).containsExactly("stopped with Ctrl-C after 10 s");
            assertThat(r.elapsed().toSeconds()).isEqualTo(10);
            System.out.println("flood ping: 10 s of virtual time in " + wall + " ms of wall time");
        }
    }

    @Test
    void withoutAStopTimeTheLabsLimitEndsIt() {
        try (SimLab lab = SimLab.twoHosts()) {
            CommandResult r = lab.run("node1", "sudo ping -i 5 192.168.205.11");
            assertThat(r.notes()).containsExactly("ping would run until Ctrl-C; the lab stopped it after 60 s");
            assertThat(r.stdout()).contains("12 packets transmitted, 12 received");
        }
    }

    @Test
    void theTopologyCanBeReadWhileALiveCommandRuns() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            Watcher w = new Watcher(1_500);
            java.util.concurrent.CompletableFuture<CommandResult> running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return lab.backend().run(CommandRequest.of("node1", "ping 192.168.205.11"), w);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            long t0 = System.nanoTime();
            assertThat(lab.backend().observe().hosts()).isNotEmpty();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(300L);
            assertThat(running.get(10, java.util.concurrent.TimeUnit.SECONDS).stdout()).contains("ping statistics");
        }
    }

    @Test
    void anEndlessTcpdumpRunsUntilCtrlC() throws Exception {
        try (SimLab lab = SimLab.oneHost()) {
            Watcher w = new Watcher(1_200);
            long t0 = System.nanoTime();
            CommandResult r = lab.backend().run(CommandRequest.of("node1", "sudo tcpdump -n -i enp0s8"), w);
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(1_100L, 3_000L);
            assertThat(w.arrivals.get(0)).isLessThan(300L);
            assertThat(r.stderr()).startsWith("tcpdump: verbose output suppressed").endsWith("\n0 packets captured\n"
                    + "0 packets received by filter\n0 packets dropped by kernel\n");
            assertThat(r.notes()).isEmpty();
        }
    }
}
