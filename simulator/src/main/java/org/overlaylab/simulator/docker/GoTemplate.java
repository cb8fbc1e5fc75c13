/*
 * The part of Go's text/template that `docker inspect --format` users write: {{.Path.To.Field}},
 * {{json .X}}, and {{range .X}}...{{end}} over a map or list, evaluated against the inspect JSON.
 */
package org.overlaylab.simulator.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.overlaylab.simulator.text.JsonText;

public final class GoTemplate {
    private GoTemplate() {}

    /** A template that cannot be parsed or run, with Go's message. */
    public static final class TemplateError extends Exception {
        TemplateError(String message) {
            super(message);
        }
    }

    private sealed interface Node permits Text, Action, Range {}

    private record Text(String text) implements Node {}

    private record Action(String expression) implements Node {}

    private record Range(String expression, List<Node> body) implements Node {}

    public static String render(String template, JsonNode root) throws TemplateError {
        List<Node> nodes = parse(template, new int[] {0}, false);
        StringBuilder sb = new StringBuilder();
        exec(nodes, root, sb);
        return sb.toString();
    }

    private static List<Node> parse(String t, int[] pos, boolean inRange) throws TemplateError {
        List<Node> out = new ArrayList<>();
        while (pos[0] < t.length()) {
            int open = t.indexOf("{{", pos[0]);
            if (open < 0) {
                out.add(new Text(t.substring(pos[0])));
                pos[0] = t.length();
                break;
            }
            if (open > pos[0]) {
                out.add(new Text(t.substring(pos[0], open)));
            }
            int close = t.indexOf("}}", open);
            if (close < 0) {
                throw new TemplateError("template: :1: unclosed action");
            }
            String expr = t.substring(open + 2, close).trim();
            pos[0] = close + 2;
            if (expr.equals("end")) {
                if (!inRange) {
                    throw new TemplateError("template: :1: unexpected {{end}}");
                }
                return out;
            }
            if (expr.startsWith("range ")) {
                List<Node> body = parse(t, pos, true);
                out.add(new Range(expr.substring(6).trim(), body));
            } else {
                out.add(new Action(expr));
            }
        }
        if (inRange) {
            throw new TemplateError("template: :1: unexpected EOF");
        }
        return out;
    }

    private static void exec(List<Node> nodes, JsonNode dot, StringBuilder sb) throws TemplateError {
        for (Node n : nodes) {
            if (n instanceof Text txt) {
                sb.append(txt.text());
            } else if (n instanceof Action a) {
                sb.append(evaluate(a.expression(), dot));
            } else if (n instanceof Range r) {
                JsonNode over = path(r.expression(), dot);
                if (over == null || over.isNull()) {
                    continue;
                }
                Iterator<JsonNode> it = over.elements();
                while (it.hasNext()) {
                    exec(r.body(), it.next(), sb);
                }
            }
        }
    }

    private static String evaluate(String expr, JsonNode dot) throws TemplateError {
        if (expr.startsWith("json ")) {
            JsonNode v = path(expr.substring(5).trim(), dot);
            return v == null ? "null" : JsonText.compact(v);
        }
        JsonNode v = path(expr, dot);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject()) {
            StringBuilder sb = new StringBuilder("map[");
            Iterator<String> names = v.fieldNames();
            boolean first = true;
            while (names.hasNext()) {
                String k = names.next();
                sb.append(first ? "" : " ").append(k).append(':').append(evaluate(".", v.get(k)));
                first = false;
            }
            return sb.append(']').toString();
        }
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(v.get(i).isTextual() ? v.get(i).asText() : JsonText.compact(v.get(i)));
            }
            return sb.append(']').toString();
        }
        return v.asText();
    }

    private static JsonNode path(String expr, JsonNode dot) throws TemplateError {
        if (expr.equals(".")) {
            return dot;
        }
        if (!expr.startsWith(".")) {
            throw new TemplateError("template: :1: function \"" + expr.split("\\s+")[0] + "\" not defined");
        }
        JsonNode cur = dot;
        for (String part : expr.substring(1).split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (cur == null || !cur.isObject()) {
                return null;
            }
            JsonNode next = cur.get(part);
            if (next == null) {
                throw new TemplateError("template: :1:" + (expr.length() + 2) + ": executing \"\" at <" + expr
                        + ">: map has no entry for key \"" + part + "\"");
            }
            cur = next;
        }
        return cur;
    }
}
