/*
 * `overlay-lab run LAB --backend netns` as users run it: SIGINT (Ctrl-C) or SIGTERM in the middle
 * of the lab leaves nothing behind (namespaces, processes, mounts, the run folder, its record)
 * within 10 s, and two labs started at once in two processes both pass, the one run with --pcap
 * writing the real frames tcpdump reads back.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.netns.LabLayout;
import org.overlaylab.hosts.netns.LabRuns;
import org.overlaylab.hosts.netns.Sweeper;

@Tag("netns")
class NetnsRunLifecycleTest {
    @TempDir
    Path dir;

    private Process cli(String lab, String name, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "org.overlaylab.app.Launcher", "run", lab, "--backend", "netns"));
        command.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectOutput(dir.resolve(name + ".out").toFile());
        pb.redirectError(dir.resolve(name + ".err").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    /** The run the process owns, once it has recorded one. */
    private static LabLayout awaitRun(Process p, Duration within) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until && p.isAlive()) {
            Optional<LabRuns.Run> r = LabRuns.all().stream().filter(x -> x.ownerPid() == p.pid()).findFirst();
            if (r.isPresent()) {
                return r.get().layout();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the CLI recorded no netns run within " + within);
    }

    private void interruptMidLab(String signal) throws Exception {
        Process p = cli("docker-overlay-etcd", signal);
        try {
            LabLayout run = awaitRun(p, Duration.ofSeconds(60));
            // mid-lab: the hosts are up with their daemons, and steps have started to print
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < until && p.isAlive()
                    && !(Files.readString(dir.resolve(signal + ".out")).lines().count() > 8 && Sweeper.labProcesses(run).size() > 6)) {
                Thread.sleep(200);
            }
            assertThat(p.isAlive()).as("the lab still runs when the signal comes").isTrue();
            assertThat(Sweeper.leftovers(run).netns()).isNotEmpty();
            long t0 = System.nanoTime();
            Exec.signal(p.pid(), signal);
            boolean ended = p.waitFor(10, TimeUnit.SECONDS);
            Sweeper.Leftovers left = Sweeper.leftovers(run);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("teardown after SIG%s: %.1f s%n", signal, seconds);
            assertThat(ended).as("the CLI ended within 10 s of SIG" + signal).isTrue();
            assertThat(left.none()).as("left behind after SIG" + signal + ": " + left).isTrue();
            assertThat(Exec.run(Duration.ofSeconds(5), "ip", "netns", "list").stdout()).doesNotContain(run.prefix());
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(run.root().toString());
            assertThat(LabRuns.all()).noneMatch(r -> r.layout().runId().equals(run.runId()));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ctrlCMidLabLeavesNothingBehind() throws Exception {
        interruptMidLab("INT");
    }

    @Test
    void sigtermMidLabLeavesNothingBehind() throws Exception {
        interruptMidLab("TERM");
    }

    @Test
    void twoLabsStartedAtOnceBothPassAndTheOneWithPcapWritesTheRealFrames() throws Exception {
        Path pcaps = Files.createDirectories(dir.resolve("pcaps"));
        Process a = cli("ovs-gre", "a", "--pcap", pcaps.toString());
        Process b = cli("ovs-gre", "b");
        try {
            LabLayout ra = awaitRun(a, Duration.ofSeconds(60));
            LabLayout rb = awaitRun(b, Duration.ofSeconds(60));
            assertThat(ra.prefix()).isNotEqualTo(rb.prefix());
            assertThat(a.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(b.waitFor(300, TimeUnit.SECONDS)).isTrue();
            for (String n : List.of("a", "b")) {
                Process p = n.equals("a") ? a : b;
                assertThat(p.exitValue()).as("lab " + n + ":\n" + Files.readString(dir.resolve(n + ".out"))
                        + Files.readString(dir.resolve(n + ".err"))).isZero();
            }
            assertThat(Sweeper.leftovers(ra).none()).isTrue();
            assertThat(Sweeper.leftovers(rb).none()).isTrue();
            // --pcap on a real backend: a pcap per device captured, node1's underlay holding the GRE-wrapped ping
            Path underlay = pcaps.resolve("node1-host-enp0s8.pcap");
            assertThat(underlay).exists();
            var tcpdump = new ProcessBuilder("tcpdump", "-nn", "-r", underlay.toString()).redirectErrorStream(true).start();
            String lines = new String(tcpdump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            tcpdump.waitFor(30, TimeUnit.SECONDS);
            assertThat(lines).contains("GREv0").contains("ICMP echo request");
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
    }
}
