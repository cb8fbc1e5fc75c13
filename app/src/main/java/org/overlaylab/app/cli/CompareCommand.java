/*
 * `overlay-lab compare LAB LAB [LAB LAB] [--backend sim|netns]`: runs each lab on the simulator (or
 * for real in network namespaces) to its first ping from a container on one host to a container on
 * another, and tabulates what each lab did to that ping (headers on the underlay, overhead, largest
 * payload, TTL, control plane first, forwarding state) as Markdown or CSV, on stdout or into a
 * file. A lab that cannot be measured keeps its column with the reason; the exit status is then 1.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.overlaylab.app.compare.ComparisonTable;
import org.overlaylab.app.compare.LabOutcome;
import org.overlaylab.app.compare.PingComparer;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", description = "Run two to four labs (on the simulator or netns) to their cross-host container ping"
        + " and compare that ping: underlay headers, overhead, largest payload, TTL, control plane, forwarding state.")
final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LAB", arity = "2..4", description = "two to four built-in lab ids (see `labs`) or lab files")
    List<String> labs;

    @Option(names = "--format", defaultValue = "md", description = "md (Markdown, default) or csv")
    String format;

    @Option(names = "--backend", defaultValue = "sim", description = "sim (default) or netns (the real lab; needs root)")
    String backend;

    @Option(names = LabTrust.TRUST_LAB, description = "compare a lab file that is not built in on netns"
            + " (its commands run as root on this machine): read it first")
    boolean trustLab;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the table here (default: stdout)")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("md") && !format.equals("csv")) {
            err.println("overlay-lab: --format " + format + ": give md or csv");
            return 2;
        }
        if (labs.size() > 4) {
            err.println("overlay-lab: compare takes two to four labs, not " + labs.size());
            return 2;
        }
        if (!PingComparer.BACKENDS.contains(backend)) {
            err.println("overlay-lab: --backend " + backend + ": compare runs on " + String.join(" or ", PingComparer.BACKENDS));
            return 2;
        }
        List<Lab> loaded = new ArrayList<>();
        for (String argument : labs) {
            Lab lab = LabArgument.load(argument, err);
            if (lab == null) {
                return 2;
            }
            String refused = LabTrust.refusal(argument, lab, new LabTrust.Choices(backend, trustLab, null, false, false));
            if (refused != null) {
                err.println("overlay-lab: " + refused);
                return 2;
            }
            loaded.add(lab);
        }
        String unavailable;
        try {
            unavailable = BackendRegistry.load().require(backend).unavailableReason();
        } catch (BackendException e) {
            unavailable = e.getMessage();
        }
        if (unavailable != null) {
            err.println("overlay-lab: the " + backend + " backend cannot run here: " + unavailable);
            return 2;
        }
        List<LabOutcome> compared = PingComparer.compareAll(loaded, backend, PingComparer.Progress.NONE);
        int status = 0;
        for (LabOutcome o : compared) {
            if (!o.compared()) {
                err.println("overlay-lab: " + o.labId() + ": " + o.reason());
                status = 1;
            }
        }
        String text = format.equals("csv") ? ComparisonTable.csv(compared) : ComparisonTable.markdown(compared);
        if (output == null) {
            out.print(text);
            out.flush();
            return status;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("overlay-lab: cannot write " + output + ": " + e.getMessage());
            return 2;
        }
        return status;
    }
}
