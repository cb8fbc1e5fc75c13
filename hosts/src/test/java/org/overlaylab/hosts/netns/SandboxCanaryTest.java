/*
 * The sandbox holds when the lab-file checks let something through (as --trust-lab does): every
 * trick aimed at files outside the lab runs on a host of a lab file, handed to the netns backend
 * as it stands (the lab-file checks would refuse most of them), and afterwards no canary exists
 * anywhere outside the run folder. Also: pkill reaches only the host's own
 * processes, tc netem is refused with a note, iptables changes only the host's namespace, and a
 * typed command streams its output and stops on Ctrl-C.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.Lab;

@Tag("netns")
class SandboxCanaryTest {
    private static final String CANARY = "olab-canary-" + Long.toHexString(System.nanoTime());
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(60), Map.of());
    /** Where the tricks aim, as this machine sees it. */
    private static final List<String> TARGETS = List.of("/tmp", "/etc", "/usr", "/root", "/var/tmp", "/", "/usr/local/bin");

    @TempDir
    static Path dir;
    private static NetnsBackend backend;
    private static Lab lab;
    private static Path outsideScript;

    @BeforeAll
    static void start() throws Exception {
        Path outside = dir.resolve("outside.sh");
        Files.writeString(outside, "touch /tmp/" + CANARY + "-sourced; touch /etc/" + CANARY + "-sourced\n");
        Path labFile = dir.resolve("canary.yaml");
        Files.writeString(labFile, labText());
        outsideScript = outside;
        lab = LabLoader.load(labFile);
        backend = new NetnsBackend();
        backend.start(lab, OPTIONS);
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            LabLayout layout = backend.layout();
            backend.close();
            assertThat(Sweeper.leftovers(layout).none()).as("left behind: " + Sweeper.leftovers(layout)).isTrue();
        }
    }

    static List<String> tricks(Path outside) {
        String c = CANARY;
        return List.of(
                "echo x > /tmp/" + c + "-redirect",
                "echo x > /etc/" + c + "-redirect",
                "echo x >> /usr/" + c + "-append",
                "cat > /root/" + c + "-heredoc <<EOF\nx\nEOF",
                "echo $(touch /tmp/" + c + "-subst) $(touch /" + c + "-subst)",
                "echo `touch /usr/local/bin/" + c + "-backtick`",
                "wget -O ../../../../../../../../../tmp/" + c + "-wget http://example.com/etcd-v3.0.12-linux-amd64.tar.gz",
                "cd ../../../../../../../.. && touch tmp/" + c + "-cd etc/" + c + "-cd",
                "sudo docker run --rm -v /:/host busybox sh -c 'touch /host/tmp/" + c + "-docker /host/" + c + "-docker /host/usr/"
                        + c + "-docker'",
                "sudo docker run --rm --privileged -v /:/host busybox sh -c 'mount -o remount,rw /host; touch /host/usr/" + c
                        + "-privileged /host/" + c + "-privileged'",
                "/usr/bin/touch /" + c + "-bypath /tmp/" + c + "-bypath",
                "source " + outside,
                ". " + outside,
                "mount -o remount,rw / ; touch /" + c + "-remount",
                "nsenter -t 1 -m touch /" + c + "-nsenter",
                "ln -s /tmp/" + c + "-link x-link; echo x > x-link",
                "echo x > /proc/1/root/tmp/" + c + "-procroot",
                "dd if=/dev/zero of=/dev/vda count=0 2>&1; ls /dev");
    }

    static String labText() {
        StringBuilder y = new StringBuilder("""
                id: canary
                title: Every trick aimed at a file outside the lab
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                    nat: enp0s3 10.0.2.15/24
                    packages: [docker.io, iproute2]
                sections:
                  - title: Tricks
                    steps:
                      - id: tricks
                        title: Aim at the machine's files
                        explain: Each command tries to write outside the lab.
                        run:
                """);
        y.append("          - node1: echo the tricks come next\n");
        return y.toString();
    }

    @Test
    void noTrickLeavesACanaryOutsideTheRunFolder() throws Exception {
        List<String> transcript = new ArrayList<>();
        for (String trick : tricks(outsideScript)) {
            CommandResult r = backend.run(CommandRequest.of("node1", trick));
            transcript.add(trick + " -> " + r.exitCode() + ": " + r.output().strip() + " " + r.notes());
        }
        String run = backend.layout().root().toString();
        List<String> found = new ArrayList<>();
        for (String t : TARGETS) {
            Exec.Result r = Exec.run(List.of("find", t, "-xdev", "-maxdepth", t.equals("/") ? "1" : "3", "-name", CANARY + "*",
                    "-not", "-path", run + "/*"), null, null, Duration.ofSeconds(60));
            r.stdout().lines().filter(l -> !l.isBlank()).forEach(found::add);
        }
        assertThat(found).as("canaries outside the lab; what ran:\n" + String.join("\n", transcript)).isEmpty();
        // the tricks did run: what landed in the host's own writable folders is inside the run folder
        Exec.Result inside = Exec.run(List.of("find", run, "-name", CANARY + "*"), null, null, Duration.ofSeconds(30));
        assertThat(inside.stdout()).as("canaries in the run folder").contains(CANARY + "-redirect", CANARY + "-docker");
    }

    @Test
    void pkillReachesOnlyTheHostsOwnProcesses() throws Exception {
        // a process of the machine's own with the name the fault menu kills
        Path fake = dir.resolve("etcd");
        Files.copy(Path.of("/bin/sleep"), fake);
        fake.toFile().setExecutable(true);
        Process outside = new ProcessBuilder(fake.toString(), "300").start();
        try {
            CommandResult seen = backend.run(CommandRequest.of("node1", "pgrep -a -x etcd; ps -eo pid,comm"));
            CommandResult r = backend.run(CommandRequest.of("node1", "sudo pkill -x etcd"));
            assertThat(r.exitCode()).as("no etcd runs on node1 (pkill's status 1); it saw:\n" + seen.stdout()).isEqualTo(1);
            assertThat(outside.isAlive()).as("the machine's own etcd-named process survives the lab's pkill").isTrue();
            CommandResult ps = backend.run(CommandRequest.of("node1", "ps -eo pid,comm"));
            assertThat(ps.stdout()).as("the host sees its own processes only").doesNotContain("java");
            assertThat(ps.stdout().lines().skip(1).map(String::strip).filter(l -> l.startsWith("1 "))).anyMatch(l -> l.endsWith("tini"));
        } finally {
            outside.destroyForcibly();
        }
    }

    @Test
    void netemIsRefusedWithANote() throws Exception {
        CommandResult r = backend.run(CommandRequest.of("node1", "sudo tc qdisc add dev enp0s8 root netem delay 100ms"));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("Error: Specified qdisc kind is unknown.");
        assertThat(r.notes()).anyMatch(n -> n.contains("netem") && n.contains("simulator"));
    }

    @Test
    void iptablesChangesOnlyTheHostsNamespace() throws Exception {
        String rule = "-p udp --dport 8472 -m comment --comment " + CANARY + " -j DROP";
        CommandResult r = backend.run(CommandRequest.of("node1", "sudo iptables -I INPUT " + rule + " && sudo iptables -S INPUT"));
        assertThat(r.stdout()).contains(CANARY);
        Exec.Result machine = Exec.run(Duration.ofSeconds(10), "iptables", "-S", "INPUT");
        assertThat(machine.stdout()).doesNotContain(CANARY);
    }

    @Test
    void aTypedCommandStreamsItsOutputAndStopsOnCtrlC() throws Exception {
        List<String> chunks = new CopyOnWriteArrayList<>();
        AtomicBoolean ctrlC = new AtomicBoolean();
        long t0 = System.nanoTime();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        LiveOutput live = new LiveOutput() {
            @Override
            public void write(String text) {
                chunks.add(text);
                arrivals.add(System.nanoTime() - t0);
                if (String.join("", chunks).contains("icmp_seq=3")) {
                    ctrlC.set(true);
                }
            }

            @Override
            public boolean interrupted() {
                return ctrlC.get();
            }
        };
        CommandResult r = backend.run(CommandRequest.of("node1", "ping -i 0.5 192.168.205.10"), live);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String all = String.join("", chunks);
        assertThat(all).as("what the watcher saw").contains("icmp_seq=1", "icmp_seq=3", "packets transmitted");
        assertThat(r.stdout()).isEqualTo(all.substring(0, r.stdout().length()));
        assertThat(arrivals.get(0)).as("first line arrived before the end").isLessThan(took.toNanos() - 500_000_000L);
        assertThat(took).as("stopped by Ctrl-C, not by the 60 s deadline").isLessThan(Duration.ofSeconds(10));
    }
}
