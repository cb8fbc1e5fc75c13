/*
 * The text of a lab run as the CLI prints it: per step its number and title, each command as
 * `host$ command` followed by its output and the backend's notes, then every check as PASS/FAIL.
 * The same lab, seed and backend always give the same text.
 */
package org.overlaylab.model.session;

import java.util.List;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;

public final class Transcript {
    private Transcript() {}

    public static String header(Lab lab, String backend, long seed) {
        return "# " + lab.title() + " (" + lab.id() + ")\n# backend " + backend + ", seed " + seed + ", "
                + lab.steps().size() + " steps\n";
    }

    public static String step(Lab lab, StepResult r, Section previousSection) {
        StringBuilder sb = new StringBuilder();
        Section section = lab.sectionOf(r.step());
        if (section != previousSection) {
            sb.append("\n== ").append(section.title()).append(" ==\n");
        }
        sb.append("\n[").append(r.number()).append("/").append(lab.steps().size()).append("] ")
                .append(r.step().title()).append('\n');
        for (CommandOutcome o : r.commands()) {
            sb.append(prompt(o.spec().host(), o.spec().line()));
            CommandResult res = o.result();
            String out = res.output();
            if (!out.isEmpty()) {
                sb.append(out);
                if (!out.endsWith("\n")) {
                    sb.append('\n');
                }
            }
            for (String note : res.notes()) {
                sb.append("  (").append(note).append(")\n");
            }
            for (CheckResult c : o.checks()) {
                sb.append(line(c));
            }
        }
        for (CheckResult c : r.checks()) {
            sb.append(line(c));
        }
        if (r.error() != null) {
            sb.append("  ERROR ").append(r.error()).append('\n');
        }
        return sb.toString();
    }

    /** `node1$ command`, with continuation lines of a multi-line command indented as a shell shows them. */
    public static String prompt(String host, String line) {
        String[] lines = line.split("\n", -1);
        StringBuilder sb = new StringBuilder(host).append("$ ").append(lines[0]).append('\n');
        for (int i = 1; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            sb.append("> ").append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    private static String line(CheckResult c) {
        return "  " + (c.passed() ? "PASS " : "FAIL ") + c.description()
                + (c.passed() || c.detail().isEmpty() ? "" : ": " + c.detail()) + "\n";
    }

    public static String summary(List<StepResult> results) {
        int checks = results.stream().mapToInt(StepResult::checkCount).sum();
        int failed = results.stream().mapToInt(StepResult::failedCount).sum();
        long errors = results.stream().filter(r -> r.error() != null).count();
        return "\n# " + results.size() + " steps, " + (checks - failed) + "/" + checks + " checks passed"
                + (errors > 0 ? ", " + errors + " steps failed to run" : "") + "\n";
    }

    /** The whole transcript of a finished run. */
    public static String of(Lab lab, String backend, long seed, List<StepResult> results) {
        StringBuilder sb = new StringBuilder(header(lab, backend, seed));
        Section previous = null;
        for (StepResult r : results) {
            sb.append(step(lab, r, previous));
            previous = lab.sectionOf(r.step());
        }
        sb.append(summary(results));
        return sb.toString();
    }
}
