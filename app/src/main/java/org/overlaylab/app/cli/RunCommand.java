/*
 * `overlay-lab run LAB`: runs a lab's steps on a backend and prints the transcript as it goes:
 * each step's title, every command with its output, every check as PASS or FAIL. Exits 0 only
 * when every check passed. With --pcap, writes one pcap per capture point that saw frames; with
 * --pcapng, one pcapng for the run: an interface per capture point, each frame's step as its comment.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.app.capture.CapturePlan;
import org.overlaylab.app.capture.CapturePointNames;
import org.overlaylab.app.capture.LabCaptureFile;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.SessionListener;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.Transcript;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.PcapWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Run a lab and print its transcript; exit 0 when every check passes.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LAB", description = "a built-in lab id (see `labs`) or a lab file")
    String lab;

    @Option(names = "--backend", defaultValue = "sim", description = "sim (default), netns or ssh")
    String backend;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step (number or id)")
    String until;

    @Option(names = "--seed", description = "seed for every random ID and MAC (default: the lab's own)")
    Long seed;

    @Option(names = "--pcap", paramLabel = "DIR", description = "write one pcap per capture point into DIR")
    Path pcapDir;

    @Option(names = "--pcapng", paramLabel = "FILE", description = "write one pcapng: an interface per capture point,"
            + " each frame's lab step as its comment")
    Path pcapngFile;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds a command may take on a real backend")
    int timeoutSeconds;

    @CommandLine.Mixin
    RealBackendOptions machines;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lab theLab = LabArgument.load(lab, err);
        if (theLab == null) {
            return 2;
        }
        int last = LabArgument.stepThrough(theLab, until, err);
        if (last < 0) {
            return 2;
        }
        BackendFactory factory;
        try {
            factory = BackendRegistry.load().require(backend);
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 2;
        }
        String refused = OptionChecks.timeout(timeoutSeconds);
        if (refused == null) {
            refused = machines.refusal(lab, theLab, backend);
        }
        if (refused == null && pcapDir != null) {
            refused = OptionChecks.pcapFolder(pcapDir);
        }
        if (refused == null && pcapngFile != null) {
            refused = OptionChecks.newCaptureFile("--pcapng", pcapngFile);
        }
        if (refused != null) {
            err.println("overlay-lab: " + refused);
            return 2;
        }
        String why = factory.unavailableReason();
        if (why != null) {
            err.println("overlay-lab: the " + backend + " backend cannot run here: " + why);
            return 2;
        }
        OutputStream pcapngOut = null;
        if (pcapngFile != null) {
            // made now, before the lab starts, so a file that cannot be written costs nothing
            try {
                pcapngOut = OptionChecks.newFile(pcapngFile);
            } catch (IOException e) {
                err.println("overlay-lab: --pcapng " + pcapngFile + ": " + OptionChecks.whyNotCreated(pcapngFile, e));
                return 2;
            }
        }
        long theSeed = seed != null ? seed : theLab.seed();
        Map<String, String> settings = machines.settings();
        BackendOptions options = new BackendOptions(theSeed, null, Duration.ofSeconds(timeoutSeconds), settings);
        Backend be = factory.create();
        Map<String, List<CapturedFrame>> captured = new LinkedHashMap<>();
        LabCaptureFile oneFile = new LabCaptureFile();
        CapturePointNames names = new CapturePointNames();
        String[] stepNow = {null};
        // the captures, made once the session has started; the topology listener follows them
        CapturePlan[] plan = {null};
        try (LabSession session = new LabSession(theLab, be, options)) {
            session.setSolveTasks(true); // a transcript shows each task solved by its own solution
            out.print(Transcript.header(theLab, backend, theSeed));
            out.flush();
            Section[] previous = {null};
            session.addListener(new SessionListener() {
                @Override
                public void stepStarted(int number, Step step) {
                    synchronized (stepNow) {
                        stepNow[0] = "step " + number + "/" + theLab.steps().size() + ": " + step.title();
                    }
                }

                @Override
                public void stepFinished(StepResult r) {
                    out.print(Transcript.step(theLab, r, previous[0]));
                    out.flush();
                    previous[0] = theLab.sectionOf(r.step());
                }

                @Override
                public void topologyChanged(Topology topology) {
                    names.update(topology);
                    if (plan[0] != null) {
                        plan[0].follow(topology);
                    }
                }
            });
            session.start();
            names.update(session.topology());
            if (pcapDir != null || pcapngOut != null) {
                // everywhere on the simulator; on a real backend, device by device where the lab's
                // frames show, following the topology as steps add devices (as the desktop does)
                plan[0] = new CapturePlan(be, theLab, f -> {
                    if (!f.dropped()) {
                        String key = f.host() + "-" + f.namespace() + "-" + f.device();
                        synchronized (captured) {
                            captured.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                        }
                        String step;
                        synchronized (stepNow) {
                            step = stepNow[0];
                        }
                        oneFile.add(LabCaptureFile.Frame.of(f, step));
                    }
                }, problem -> err.println("overlay-lab: " + problem));
                plan[0].follow(session.topology());
            }
            List<StepResult> results;
            try {
                results = session.runThrough(last);
            } finally {
                if (plan[0] != null) {
                    plan[0].close();
                }
                if (pcapDir != null) {
                    writePcaps(captured, err);
                }
                if (pcapngOut != null) {
                    writePcapng(oneFile, pcapngOut, names, err);
                    pcapngOut = null;
                }
            }
            out.print(Transcript.summary(results));
            out.flush();
            boolean ok = results.stream().allMatch(StepResult::passed);
            return ok ? 0 : 1;
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 3;
        } finally {
            if (pcapngOut != null) {
                // the lab did not start: the file made for it stays empty, so it goes
                closeQuietly(pcapngOut);
                deleteQuietly(pcapngFile);
            }
        }
    }

    private void writePcapng(LabCaptureFile file, OutputStream stream, CapturePointNames names, PrintWriter err) {
        try {
            file.write(stream, names);
        } catch (IOException x) {
            err.println("overlay-lab: cannot write " + pcapngFile + ": " + x.getMessage());
        }
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing was written to it
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // an empty file left behind says no more than the error already printed
        }
    }

    private void writePcaps(Map<String, List<CapturedFrame>> captured, PrintWriter err) {
        for (Map.Entry<String, List<CapturedFrame>> e : captured.entrySet()) {
            Path file = pcapDir.resolve(e.getKey().replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap");
            try (PcapWriter w = new PcapWriter(OptionChecks.newFile(file))) {
                for (CapturedFrame f : e.getValue()) {
                    w.write(PcapRecord.of(f));
                }
            } catch (java.nio.file.FileAlreadyExistsException x) {
                err.println("overlay-lab: not writing " + file + ": it exists (pcaps are only written as new files)");
            } catch (IOException x) {
                err.println("overlay-lab: cannot write " + file + ": " + x.getMessage());
            }
        }
    }
}
