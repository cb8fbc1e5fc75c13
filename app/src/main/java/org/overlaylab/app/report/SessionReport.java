/*
 * A student's report on a lab session, written as FILE (JSON, signed when a key is set) and
 * FILE.html (the same, readable): lab, student, backend, seeds and varied values, each task with
 * its checks, hints and solution shown, every command typed, and the time spent.
 */
package org.overlaylab.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.overlaylab.model.session.Action;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.TaskStatus;

public final class SessionReport {
    public static final String FORMAT = "overlaylab-report/1";
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SessionReport() {}

    /** Who did the session and how it was run, beside what the session itself knows. */
    public record Meta(String student, String backend, long seed, long variationSeed) {}

    /** The report as a JSON tree, unsigned. */
    public static ObjectNode build(LabSession session, Meta meta, Instant written) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("format", FORMAT);
        ObjectNode lab = r.putObject("lab");
        lab.put("id", session.lab().id());
        lab.put("title", session.lab().title());
        r.put("student", meta.student() == null ? "" : meta.student());
        r.put("backend", meta.backend());
        r.put("seed", meta.seed());
        r.put("variationSeed", meta.variationSeed());
        ObjectNode varied = r.putObject("varied");
        session.varied().forEach(varied::put);
        r.put("written", written.toString());
        r.put("timeSpentSeconds", session.timeSpent().toSeconds());
        r.put("stepsDone", session.completed());
        r.put("stepCount", session.stepCount());
        ArrayNode tasks = r.putArray("tasks");
        int solved = 0;
        for (TaskStatus t : session.allTasks()) {
            ObjectNode o = tasks.addObject();
            o.put("step", t.stepNumber());
            o.put("id", t.stepId());
            o.put("title", t.title());
            o.put("task", t.text());
            o.put("reached", t.stepNumber() <= session.completed());
            o.put("solved", t.solved());
            o.put("passingNow", t.passing());
            o.put("hintsShown", t.hintsShown());
            o.put("hintCount", t.hintCount());
            o.put("solutionShown", t.solutionShown());
            ArrayNode checks = o.putArray("checks");
            for (CheckResult c : t.checks()) {
                ObjectNode co = checks.addObject();
                co.put("check", c.description());
                co.put("passed", c.passed());
                co.put("detail", c.detail());
            }
            if (t.solved()) {
                solved++;
            }
        }
        r.put("tasksSolved", solved);
        r.put("taskCount", tasks.size());
        r.put("hintsShown", session.allTasks().stream().mapToInt(TaskStatus::hintsShown).sum());
        r.put("solutionsShown", (int) session.allTasks().stream().filter(TaskStatus::solutionShown).count());
        ArrayNode typed = r.putArray("commands");
        for (Action.Typed a : session.typedLog()) {
            ObjectNode o = typed.addObject();
            o.put("at", a.at().toString());
            o.put("host", a.command().host());
            if (a.command().container() != null) {
                o.put("container", a.command().container());
            }
            o.put("command", a.command().line());
            o.put("exit", a.exitCode());
        }
        return r;
    }

    /** Writes FILE (JSON, signed when {@code key} is not null) and FILE.html; returns the HTML's path. */
    public static Path write(ObjectNode report, String key, Path file) throws IOException {
        if (key != null) {
            ReportSignature.sign(report, key);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, MAPPER.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        Path html = file.resolveSibling(file.getFileName() + ".html");
        Files.writeString(html, ReportHtml.of(report), StandardCharsets.UTF_8);
        return html;
    }

    /** Reads a report file; IOException with a message fit for the user when it is not one. */
    public static JsonNode read(Path file) throws IOException {
        JsonNode n;
        try {
            n = MAPPER.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a JSON report: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !FORMAT.equals(n.path("format").asText())) {
            throw new IOException(file + ": not an OverlayLab report (no \"format\": \"" + FORMAT + "\")");
        }
        return n;
    }
}
