/*
 * Values a lab varies per student: each `vary:` entry is a template whose {A-B} parts become a
 * whole number between A and B, or a list of which one item is picked. The choice depends only on
 * the seed and the name, so a student gets the same values every time and two seeds differ.
 */
package org.overlaylab.model.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Variation {
    private Variation() {}

    /** {100-4000} inside a template. */
    public static final Pattern RANGE = Pattern.compile("\\{(\\d{1,9})-(\\d{1,9})}");

    /** Separates the items of a list template: "red|green|blue". */
    public static final String CHOICE = "|";

    /** Why a template is wrong, or null when it is fine. */
    public static String problem(String template) {
        if (template.isBlank()) {
            return "the template is empty";
        }
        Matcher m = RANGE.matcher(template);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                return "range {" + m.group(1) + "-" + m.group(2) + "} goes downwards";
            }
        }
        String rest = RANGE.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            return "braces are only for ranges such as {100-4000}";
        }
        return null;
    }

    /** Every name's value for this seed. */
    public static Map<String, String> resolve(Map<String, String> templates, long seed) {
        Map<String, String> out = new LinkedHashMap<>();
        templates.forEach((name, template) -> out.put(name, resolve(name, template, seed)));
        return out;
    }

    static String resolve(String name, String template, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        String t = template;
        if (t.contains(CHOICE)) {
            List<String> items = List.of(t.split("\\|", -1));
            t = items.get(random.nextInt(items.size())).strip();
        }
        Matcher m = RANGE.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long lo = Long.parseLong(m.group(1));
            long hi = Long.parseLong(m.group(2));
            m.appendReplacement(sb, Long.toString(lo + random.nextLong(hi - lo + 1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Replaces {{NAME}} with its value; names without one are left as written. */
    public static String fill(String text, Map<String, String> values) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        return CommandSpec.PLACEHOLDER.matcher(text).replaceAll(r -> Matcher.quoteReplacement(
                values.getOrDefault(r.group(1), r.group())));
    }

    public static CommandSpec fill(CommandSpec c, Map<String, String> values) {
        String line = fill(c.line(), values);
        if (line.equals(c.line())) {
            return c;
        }
        return new CommandSpec(c.host(), line, c.stopAfter(), c.background(), c.keepsRunning(), c.expect(),
                c.remember(), c.position());
    }

    public static Check fill(Check c, Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        c.fields().forEach((k, v) -> fields.put(k, fill(v, values)));
        return new Check(c.kind(), c.host(), fields, c.position());
    }
}
