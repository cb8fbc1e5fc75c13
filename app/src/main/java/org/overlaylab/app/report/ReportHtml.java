/*
 * The readable page of a report: a heading with lab, student and time, one table per task with its
 * checks, and the commands typed. Every value is HTML-escaped; the page needs no script or network.
 */
package org.overlaylab.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

final class ReportHtml {
    private ReportHtml() {}

    static String of(JsonNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc("Report: " + r.path("lab").path("title").asText() + " - " + r.path("student").asText()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                        + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #aaa;padding:.2em .5em;"
                        + "text-align:left;vertical-align:top}.pass{color:#060}.fail{color:#a00}code{font-size:95%}</style>"
                        + "</head><body>\n");
        sb.append("<h1>").append(esc(r.path("lab").path("title").asText())).append("</h1>\n<table>\n");
        row(sb, "Student", r.path("student").asText());
        row(sb, "Lab", r.path("lab").path("id").asText());
        row(sb, "Backend", r.path("backend").asText());
        row(sb, "Seed", r.path("seed").asText() + " (values varied with " + r.path("variationSeed").asText() + ")");
        StringBuilder varied = new StringBuilder();
        r.path("varied").fields().forEachRemaining(e -> varied.append(varied.length() == 0 ? "" : ", ")
                .append(e.getKey()).append(" = ").append(e.getValue().asText()));
        if (varied.length() > 0) {
            row(sb, "Values", varied.toString());
        }
        row(sb, "Tasks solved", r.path("tasksSolved").asText() + " of " + r.path("taskCount").asText());
        row(sb, "Hints shown", r.path("hintsShown").asText());
        row(sb, "Solutions shown", r.path("solutionsShown").asText());
        row(sb, "Steps done", r.path("stepsDone").asText() + " of " + r.path("stepCount").asText());
        row(sb, "Time spent", duration(r.path("timeSpentSeconds").asLong()));
        row(sb, "Written", r.path("written").asText());
        JsonNode sig = r.path(ReportSignature.FIELD);
        row(sb, "Signature", sig.isObject() ? sig.path("algorithm").asText() + " " + sig.path("value").asText()
                : "none (the lab and the command line gave no key)");
        sb.append("</table>\n<h2>Tasks</h2>\n");
        for (JsonNode t : r.path("tasks")) {
            sb.append("<h3>").append(esc(t.path("step").asText() + ". " + t.path("title").asText())).append(" &mdash; ")
                    .append(t.path("solved").asBoolean() ? "<span class=\"pass\">solved</span>"
                            : t.path("reached").asBoolean() ? "<span class=\"fail\">not solved</span>" : "not reached")
                    .append("</h3>\n<p>").append(esc(t.path("task").asText())).append("</p>\n<p>Hints shown: ")
                    .append(t.path("hintsShown").asInt()).append(" of ").append(t.path("hintCount").asInt())
                    .append("; solution shown: ").append(t.path("solutionShown").asBoolean() ? "yes" : "no").append("</p>\n");
            if (!t.path("checks").isEmpty()) {
                sb.append("<table><tr><th>Check</th><th>Result</th></tr>\n");
                for (JsonNode c : t.path("checks")) {
                    boolean ok = c.path("passed").asBoolean();
                    sb.append("<tr><td>").append(esc(c.path("check").asText())).append("</td><td class=\"")
                            .append(ok ? "pass\">PASS" : "fail\">FAIL")
                            .append(ok || c.path("detail").asText().isEmpty() ? "" : ": " + esc(c.path("detail").asText()))
                            .append("</td></tr>\n");
                }
                sb.append("</table>\n");
            }
        }
        sb.append("<h2>Commands typed</h2>\n<table><tr><th>Time</th><th>Where</th><th>Command</th><th>Exit</th></tr>\n");
        for (JsonNode c : r.path("commands")) {
            String where = c.path("host").asText() + (c.has("container") ? "/" + c.path("container").asText() : "");
            sb.append("<tr><td>").append(esc(c.path("at").asText())).append("</td><td>").append(esc(where))
                    .append("</td><td><code>").append(esc(c.path("command").asText())).append("</code></td><td>")
                    .append(c.path("exit").asInt()).append("</td></tr>\n");
        }
        sb.append("</table>\n</body></html>\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? String.format("%d h %02d min %02d s", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
