/*
 * `overlay-lab handout LAB [--backend B] [--until STEP] [--no-pdf] -o DIR`: runs a lab and writes
 * DIR/index.html, a printable page of its steps (explanations, topology drawings, commands and output,
 * key frames; tasks without their solutions), and DIR/handout.pdf, the same in pages. See Handout.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.overlaylab.app.handout.Handout;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "handout", description = "Run a lab and write a printable handout of its steps into a folder: "
        + "index.html and handout.pdf.")
final class HandoutCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LAB", description = "a built-in lab id (see `labs`) or a lab file")
    String lab;

    @Option(names = "--backend", defaultValue = "sim", description = "sim (default), netns or ssh")
    String backend;

    @Option(names = "--until", paramLabel = "STEP", description = "stop after this step (number or id)")
    String until;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "the folder to write index.html and handout.pdf into (made if missing)")
    Path output;

    @Option(names = "--no-pdf", description = "write index.html only")
    boolean noPdf;

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
        if (refused == null) {
            refused = OptionChecks.pcapFolder(output);
            refused = refused == null ? null : refused.replace("--pcap ", "-o ");
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
        BackendOptions options = new BackendOptions(theLab.seed(), null, Duration.ofSeconds(timeoutSeconds), machines.settings());
        try {
            Handout h = Handout.run(theLab, backend, factory.create(), options, last);
            Path page = h.write(output, !noPdf);
            long failed = h.results().stream().filter(r -> !r.passed()).count();
            out.println("wrote " + page + (noPdf ? "" : " and " + output.resolve(Handout.PDF)) + ": " + last + " steps"
                    + (failed == 0 ? "" : ", " + failed + " of them failed (shown as they ran)"));
            return 0;
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("overlay-lab: -o " + output + ": " + e.getMessage());
            return 2;
        }
    }
}
