/*
 * Bring-up benchmark for the netns backend: for each built-in lab, the time from nothing to fresh
 * hosts, each step's time, the time to the last step, one observe(), the memory (PSS) of all the
 * lab's processes while it runs, and the teardown time. Run as root:
 *   mvn -q -pl hosts -am test-compile && java -cp "$(cat hosts/target/test-classpath)" \
 *     org.overlaylab.hosts.bench.NetnsBringUpBenchmark [lab-id ...]
 * (hosts/target/test-classpath comes from `mvn -q -pl hosts dependency:build-classpath
 * -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test` plus target/classes and
 * target/test-classes).
 */
package org.overlaylab.hosts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.hosts.netns.LabLayout;
import org.overlaylab.hosts.netns.NetnsBackend;
import org.overlaylab.hosts.netns.Sweeper;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;

public final class NetnsBringUpBenchmark {
    private NetnsBringUpBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> ids = args.length > 0 ? List.of(args) : LabLoader.builtInIds();
        List<String> summary = new ArrayList<>();
        for (String id : ids) {
            Lab lab = LabLoader.builtIn(id);
            BackendOptions options = new BackendOptions(lab.seed(), null, Duration.ofSeconds(60), Map.of());
            NetnsBackend backend = new NetnsBackend();
            System.out.println("== " + id);
            long t0 = System.nanoTime();
            int passed = 0;
            long pss = 0;
            int processes = 0;
            double observeMs;
            double downMs;
            double upMs;
            try (LabSession session = new LabSession(lab, backend, options)) {
                session.setSolveTasks(true);
                session.start();
                LabLayout layout = backend.layout();
                upMs = ms(t0);
                System.out.printf("  fresh hosts            %8.0f ms%n", upMs);
                while (!session.finished()) {
                    long s0 = System.nanoTime();
                    StepResult r = session.runNext();
                    passed += r.passed() ? 1 : 0;
                    System.out.printf("  step %2d %-22s %8.0f ms %s%n", r.number(), r.step().id(), ms(s0), r.passed() ? "" : "(differs: "
                            + r.failedCount() + " of " + r.checkCount() + " checks)");
                }
                double total = ms(t0);
                long o0 = System.nanoTime();
                backend.observe();
                observeMs = ms(o0);
                for (long pid : Sweeper.labProcesses(layout)) {
                    pss += pssKb(pid);
                    processes++;
                }
                System.out.printf("  to the last step       %8.0f ms (%d of %d steps pass every check)%n", total, passed,
                        session.stepCount());
                System.out.printf("  one observe()          %8.0f ms%n", observeMs);
                System.out.printf("  PSS of the running lab %8.1f MB in %d processes%n", pss / 1024.0, processes);
                long d0 = System.nanoTime();
                backend.close();
                downMs = ms(d0);
                System.out.printf("  teardown               %8.0f ms, left behind: %s%n", downMs,
                        Sweeper.leftovers(layout).none() ? "nothing" : Sweeper.leftovers(layout));
                summary.add(String.format("%-20s up %5.1f s  last step %5.1f s  observe %4.0f ms  PSS %5.1f MB  teardown %4.1f s",
                        id, upMs / 1000, total / 1000, observeMs, pss / 1024.0, downMs / 1000));
            }
        }
        System.out.println();
        summary.forEach(System.out::println);
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** Proportional set size of one process in kB, from /proc/PID/smaps_rollup. */
    static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
