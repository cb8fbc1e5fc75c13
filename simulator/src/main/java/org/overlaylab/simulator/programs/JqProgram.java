/*
 * jq 1.5 for the filters the tutorial needs: `.`, field and index paths (`.Backend.VNI`, `.[0]`),
 * with -r (raw strings) and -c (compact). Output is jq's two-space pretty form.
 */
package org.overlaylab.simulator.programs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.JsonText;

final class JqProgram implements Program {

    @Override
    public int run(Invocation inv) {
        boolean raw = false;
        boolean compact = false;
        String filter = null;
        List<String> files = new ArrayList<>();
        for (String a : inv.rest()) {
            if (a.equals("-r") || a.equals("--raw-output")) {
                raw = true;
            } else if (a.equals("-c") || a.equals("--compact-output")) {
                compact = true;
            } else if (a.startsWith("-") && !a.equals("-")) {
                continue;
            } else if (filter == null) {
                filter = a;
            } else {
                files.add(a);
            }
        }
        if (filter == null) {
            return inv.fail(2, "Usage:\tjq [OPTIONS] FILTER [FILES...]");
        }
        String input = inv.stdin;
        if (!files.isEmpty()) {
            String text = inv.host.fs().read(org.overlaylab.simulator.world.VirtualFs.normalize(inv.cwd(), files.get(0)));
            if (text == null) {
                return inv.fail(2, "jq: error: Could not open " + files.get(0) + ": No such file or directory");
            }
            input = text;
        }
        if (input.isBlank()) {
            return 0;
        }
        JsonNode doc;
        try {
            doc = JsonText.parse(input);
        } catch (IllegalArgumentException e) {
            return inv.fail(2, "parse error: Invalid numeric literal at line 1, column " + Math.min(input.length(), 10));
        }
        JsonNode result;
        try {
            result = apply(filter, doc);
        } catch (IllegalArgumentException e) {
            return inv.fail(3, "jq: error: " + e.getMessage() + "\njq: 1 compile error");
        }
        if (raw && result.isTextual()) {
            inv.println(result.asText());
        } else {
            inv.println(compact ? JsonText.compact(result) : JsonText.pretty(result, "  "));
        }
        return 0;
    }

    private static JsonNode apply(String filter, JsonNode doc) {
        String f = filter.trim();
        if (f.equals(".")) {
            return doc;
        }
        if (!f.startsWith(".")) {
            throw new IllegalArgumentException(f + "/0 is not defined at <top-level>, line 1:");
        }
        JsonNode cur = doc;
        int i = 1;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[') {
                int close = f.indexOf(']', i);
                String idx = f.substring(i + 1, close);
                cur = idx.startsWith("\"") ? cur.path(idx.substring(1, idx.length() - 1)) : cur.path(Integer.parseInt(idx));
                i = close + 1;
            } else {
                int j = i;
                while (j < f.length() && f.charAt(j) != '.' && f.charAt(j) != '[') {
                    j++;
                }
                cur = cur.path(f.substring(i, j));
                i = j;
            }
        }
        return cur.isMissingNode() ? JsonText.MAPPER.getNodeFactory().nullNode() : cur;
    }
}
