/*
 * `overlay-lab grade REPORT...`: checks each student's report signature and writes one CSV row per
 * report (student, lab, tasks solved, hints, solutions, time, signature). A report that was changed,
 * is not signed, or cannot be read is named on stderr and marked in its row; exit 1 when any was.
 */
package org.overlaylab.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.overlaylab.app.report.ReportSignature;
import org.overlaylab.app.report.SessionReport;
import org.overlaylab.labfile.LabLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "grade", description = {"Verify students' reports and tabulate them as CSV.",
        "The key is --key, or else the report-key of the built-in lab the report names."})
final class GradeCommand implements Callable<Integer> {
    static final String HEADER = "student,lab,tasks solved,tasks,hints,solutions shown,time (s),signature";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "REPORT", arity = "1..*", description = "report files written by shell's :report")
    List<Path> reports;

    @Option(names = "--key", paramLabel = "K", description = "the key the reports were signed with")
    String key;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the CSV here (default: stdout)")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        boolean allValid = true;
        for (Path file : reports) {
            JsonNode r;
            try {
                r = SessionReport.read(file);
            } catch (IOException e) {
                err.println("overlay-lab: " + (Files.exists(file) ? e.getMessage() : file + ": no such file"));
                rows.add(csv(file.getFileName().toString(), "", "", "", "", "", "", "unreadable"));
                allValid = false;
                continue;
            }
            String labId = r.path("lab").path("id").asText();
            String k = key != null ? key : labKey(labId);
            ReportSignature.Verdict v = ReportSignature.verify(r, k);
            if (v != ReportSignature.Verdict.VALID) {
                err.println("overlay-lab: " + file + ": " + v.words);
                allValid = false;
            }
            rows.add(csv(r.path("student").asText(), labId, r.path("tasksSolved").asText(), r.path("taskCount").asText(),
                    r.path("hintsShown").asText(), r.path("solutionsShown").asText(),
                    r.path("timeSpentSeconds").asText(), v.name().toLowerCase().replace('_', '-')));
        }
        String text = String.join("\n", rows) + "\n";
        if (output == null) {
            out.print(text);
            out.flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("overlay-lab: cannot write " + output + ": " + e.getMessage());
                return 2;
            }
        }
        return allValid ? 0 : 1;
    }

    private static String labKey(String labId) {
        try {
            return LabLoader.builtIn(labId).reportKey();
        } catch (Exception e) {
            return null;
        }
    }

    /** One CSV row (RFC 4180): a field with a comma, quote or line break is quoted. */
    static String csv(String... fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            String safe = f.replace("\r", " ").replace("\n", " ");
            // a leading = + - @ would be a formula in a spreadsheet
            if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
                safe = "'" + safe;
            }
            out.add(safe.contains(",") || safe.contains("\"") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe);
        }
        return String.join(",", out);
    }
}
