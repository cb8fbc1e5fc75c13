/*
 * `overlay-lab bench ...`: the benchmarks the README's figures come from, run on demand. Each
 * prints what it measured and how; none of them is part of the test suite.
 */
package org.overlaylab.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.packets.bench.DecodeThroughput;
import org.overlaylab.simulator.SimulatorBackend;
import org.overlaylab.simulator.bench.GeneratedLabs;
import org.overlaylab.simulator.bench.PingFlood;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = "Benchmarks (run on demand; figures go into the README).",
        subcommands = {BenchCommand.Labs.class, BenchCommand.Forward.class, BenchCommand.FlannelScale.class,
                BenchCommand.Decode.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    /** Runs a lab to its end; the backend stays open so the caller can keep using its world. */
    static List<StepResult> runLab(Lab lab, SimulatorBackend backend) throws Exception {
        LabSession s = new LabSession(lab, backend, BackendOptions.withSeed(lab.seed()));
        s.setSolveTasks(true);
        s.start();
        return s.runThrough(lab.steps().size());
    }

    @Command(name = "labs", description = "Time `run` of all four built-in labs on the simulator, in one JVM.")
    static final class Labs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--repeat", defaultValue = "10", description = "runs of each lab (the first warms the JVM)")
        int repeat;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Lab> labs = LabLoader.builtIns();
            double[] totals = new double[repeat];
            out.printf("%-22s %10s %10s %8s %10s%n", "LAB", "FIRST ms", "MEDIAN ms", "STEPS", "HEAP KiB");
            double[][] perLab = new double[labs.size()][repeat];
            for (int r = 0; r < repeat; r++) {
                for (int i = 0; i < labs.size(); i++) {
                    SimulatorBackend b = new SimulatorBackend();
                    long t0 = System.nanoTime();
                    List<StepResult> results = runLab(labs.get(i), b);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (!results.stream().allMatch(StepResult::passed)) {
                        throw new IllegalStateException(labs.get(i).id() + " failed a check");
                    }
                    perLab[i][r] = ms;
                    totals[r] += ms;
                }
            }
            for (int i = 0; i < labs.size(); i++) {
                out.printf("%-22s %10.1f %10.1f %8d %10.0f%n", labs.get(i).id(), perLab[i][0],
                        median(Arrays.copyOfRange(perLab[i], Math.min(1, repeat - 1), repeat)),
                        labs.get(i).steps().size(), retainedKiB(labs.get(i)));
            }
            out.printf("all four labs: first %.0f ms (cold JVM), median %.0f ms after warm-up%n", totals[0],
                    median(Arrays.copyOfRange(totals, Math.min(1, repeat - 1), repeat)));
            return 0;
        }
    }

    /**
     * Heap a lab holds at its last step: its world with every frame it saw, measured as used heap
     * after a full collection with the backend alive, minus the same without it.
     */
    static double retainedKiB(Lab lab) throws Exception {
        long before = usedAfterGc();
        SimulatorBackend b = new SimulatorBackend();
        runLab(lab, b);
        long after = usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(b);
        return Math.max(0, after - before) / 1024.0;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Command(name = "forward", description = "Frames per second the simulator moves: a ping flood across flannel VXLAN.")
    static final class Forward implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--count", defaultValue = "200000", description = "echo requests in the flood")
        int count;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Lab lab = LabLoader.builtIn("flannel-vxlan");
            SimulatorBackend b = new SimulatorBackend();
            runLab(lab, b);
            SimWorld world = b.world();
            world.frames().setRetain(false);
            SimHost node1 = world.host("node1");
            NetNs test1 = node1.namespaces().values().stream().filter(ns -> "test1".equals(ns.containerName()))
                    .findFirst().orElseThrow();
            int dst = Ipv4.parse("10.13.48.2");
            PingFlood.run(world, test1, dst, 20_000, 20_000);
            long t0 = System.nanoTime();
            PingFlood.Result r = PingFlood.run(world, test1, dst, count, 20_000);
            double s = (System.nanoTime() - t0) / 1e9;
            out.printf("flood test1 -> test2 across flannel VXLAN: %d requests, %d replies, %d frame hops in %.2f s%n",
                    r.sent(), r.replies(), r.hops(), s);
            out.printf("%.0f frame hops/s, %.0f round trips/s (each round trip is %d hops through veth, docker0,"
                    + " flannel.100, enp0s8 and back)%n", r.hops() / s, r.replies() / s, r.hops() / Math.max(1, r.sent()));
            return 0;
        }
    }

    @Command(name = "flannel-scale", description = "A generated flannel lab with many hosts: leases, then a full-mesh ping.")
    static final class FlannelScale implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--hosts", defaultValue = "256", description = "number of hosts")
        int hosts;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Lab lab = GeneratedLabs.flannel(hosts);
            SimulatorBackend b = new SimulatorBackend();
            long t0 = System.nanoTime();
            List<StepResult> results = runLab(lab, b);
            double bringUp = (System.nanoTime() - t0) / 1e9;
            for (StepResult r : results) {
                if (!r.passed()) {
                    out.print(org.overlaylab.model.session.Transcript.step(lab, r, null));
                    out.flush();
                    throw new IllegalStateException("the generated lab failed a command");
                }
            }
            SimWorld world = b.world();
            world.frames().setRetain(false);
            List<NetNs> roots = new ArrayList<>();
            List<Integer> vteps = new ArrayList<>();
            for (SimHost h : world.hosts()) {
                Link dev = h.root().link("flannel.100").orElseThrow(() -> new IllegalStateException(h.name() + " has no lease"));
                roots.add(h.root());
                vteps.add(dev.primaryAddress().address());
            }
            long t1 = System.nanoTime();
            int replies = 0;
            int sent = 0;
            for (int i = 0; i < roots.size(); i++) {
                for (int j = 0; j < roots.size(); j++) {
                    if (i != j) {
                        replies += PingFlood.run(world, roots.get(i), vteps.get(j), 1, 0).replies();
                        sent++;
                    }
                }
            }
            double mesh = (System.nanoTime() - t1) / 1e9;
            out.printf("%d hosts: bring-up (etcd, %d leases, flannel.100 and peers everywhere) %.1f s%n", hosts, hosts, bringUp);
            out.printf("full-mesh ping: %d pairs, %d replies, %.1f s%n", sent, replies, mesh);
            return replies == sent ? 0 : 1;
        }
    }

    @Command(name = "decode", description = "Decode+format throughput on a generated VXLAN pcap, against tcpdump -nn -r.")
    static final class Decode implements Callable<Integer> {
        @Option(names = "--frames", defaultValue = "1000000")
        int frames;

        @Option(names = "--runs", defaultValue = "5")
        int runs;

        @Override
        public Integer call() throws Exception {
            DecodeThroughput.main(new String[] {String.valueOf(frames), String.valueOf(runs)});
            return 0;
        }
    }
}
