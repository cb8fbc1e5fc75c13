/*
 * `overlay-lab diff LAB`: runs a lab on the simulator and on a real backend (netns by default) side
 * by side and reports, step by step, where the observed state differs (devices, addresses, routes,
 * neighbours, FDB, bridge and OVS ports, containers, networks, etcd keys), where the headers of
 * the frames seen on the underlay differ, and where the control-plane conversation (BGP, etcd,
 * Serf, or a swarm's encrypted memberlist) differs in its sequence of messages. What is random by
 * nature is ignored, and listed.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.overlaylab.labfile.LabFileException;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.diff.TopologyDiff;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.packets.diff.ControlMessageDiff;
import org.overlaylab.packets.diff.FrameHeaderDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "diff", description = "Run a lab on the simulator and on a real backend; report the differences step by step.")
final class DiffCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LAB", description = "a built-in lab id or a lab file")
    String lab;

    @Option(names = "--backend", defaultValue = "netns", description = "the real backend to compare with (netns or ssh)")
    String backend;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step")
    String until;

    @CommandLine.Mixin
    RealBackendOptions machines;

    /** Frames seen on the hosts' underlay devices, by the step during which they were seen. */
    private static final class StepFrames {
        volatile int step;
        final Map<Integer, List<byte[]>> byStep = new LinkedHashMap<>();

        void add(CapturedFrame f) {
            if (f.direction() != CapturedFrame.Direction.IN) {
                return;
            }
            synchronized (byStep) {
                byStep.computeIfAbsent(step, k -> new ArrayList<>()).add(f.data());
            }
        }

        List<byte[]> of(int s) {
            synchronized (byStep) {
                return List.copyOf(byStep.getOrDefault(s, List.of()));
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lab theLab;
        try {
            theLab = LabLoader.resolve(lab);
        } catch (LabFileException | IOException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 2;
        }
        int last = until == null ? theLab.steps().size() : theLab.stepNumber(until).orElse(-1);
        if (last < 1) {
            err.println("overlay-lab: lab " + theLab.id() + " has no step '" + until + "'");
            return 2;
        }
        if (backend.equals(LabTrust.SIM)) {
            err.println("overlay-lab: diff compares the simulator with a real backend; --backend must be netns or ssh, not sim");
            return 2;
        }
        String refused = machines.refusal(lab, theLab, backend);
        if (refused != null) {
            err.println("overlay-lab: " + refused);
            return 2;
        }
        BackendRegistry registry = BackendRegistry.load();
        BackendFactory real;
        BackendFactory sim;
        try {
            real = registry.require(backend);
            sim = registry.require("sim");
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 2;
        }
        if (real.unavailableReason() != null) {
            err.println("overlay-lab: the " + backend + " backend cannot run here: " + real.unavailableReason());
            return 2;
        }
        Map<String, String> settings = machines.settings();
        BackendOptions options = new BackendOptions(theLab.seed(), null, Duration.ofSeconds(120), settings);
        Backend left = sim.create();
        Backend right = real.create();
        StepFrames leftFrames = new StepFrames();
        StepFrames rightFrames = new StepFrames();
        List<CaptureHandle> captures = new ArrayList<>();
        Set<String> distinct = new LinkedHashSet<>();
        try (LabSession a = new LabSession(theLab, left, options); LabSession b = new LabSession(theLab, right, options)) {
            a.setSolveTasks(true);
            b.setSolveTasks(true);
            a.start();
            b.start();
            for (HostSpec h : theLab.hosts()) {
                captures.add(left.capture(CapturePoint.of(h.name(), h.underlayInterface()), leftFrames::add));
                captures.add(right.capture(CapturePoint.of(h.name(), h.underlayInterface()), rightFrames::add));
            }
            out.printf("# diff of %s: sim against %s%n", theLab.id(), backend);
            out.println("# ignored in the state: " + String.join("; ", TopologyDiff.IGNORED));
            out.println("# ignored in the frames: " + String.join(", ", FrameHeaderDiff.IGNORED));
            out.println("# ignored in the control plane's messages: " + String.join("; ", ControlMessageDiff.IGNORED));
            for (int n = 1; n <= last; n++) {
                leftFrames.step = n;
                rightFrames.step = n;
                StepResult ra = a.runNext();
                StepResult rb = b.runNext();
                List<TopologyDiff.Difference> state = TopologyDiff.compare(ra.topology(), rb.topology());
                List<byte[]> simSeen = leftFrames.of(n);
                List<byte[]> realSeen = rightFrames.of(n);
                List<FrameHeaderDiff.Difference> frames = FrameHeaderDiff.compare(simSeen, realSeen);
                List<ControlMessageDiff.Difference> control = ControlMessageDiff.compare(simSeen, realSeen);
                out.printf("%n[%d/%d] %s: %d state differences, %d frame differences, %d control-plane message differences%s%n",
                        n, theLab.steps().size(), ra.step().title(), state.size(), frames.size(), control.size(),
                        rb.passed() ? "" : " (the real run failed a check)");
                for (TopologyDiff.Difference d : state) {
                    out.println("  state  " + d);
                    distinct.add("state  " + d.category() + " " + (d.host() == null ? "" : d.host() + ":") + d.item());
                }
                for (FrameHeaderDiff.Difference d : frames) {
                    out.println("  frames " + d.signature() + ": sim " + d.left() + " | " + backend + " " + d.right());
                    distinct.add("frames " + d.signature());
                }
                for (ControlMessageDiff.Difference d : control) {
                    String side = d.leftOnly() ? "sim" : backend;
                    out.println("  control " + side + " only: " + d.message());
                    distinct.add("control " + side + " only: " + d.message());
                }
                out.flush();
            }
            out.printf("%n# %d distinct differences over %d steps%n", distinct.size(), last);
            return 0;
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 3;
        } finally {
            captures.forEach(CaptureHandle::close);
        }
    }
}
