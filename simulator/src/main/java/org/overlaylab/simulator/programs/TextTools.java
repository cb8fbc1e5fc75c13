/*
 * The text filters a student pipes command output through: grep (-v -i -c -E -o -w -n -q -F), head
 * and tail (-n N, -N), wc (-l -w -c), sort (-r -n -u) and awk's '{print $N}' form. They read stdin
 * or files in the host's file system and print as GNU grep/coreutils and mawk do.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.world.VirtualFs;

final class TextTools {
    private TextTools() {}

    static void register(Map<String, Program> r) {
        r.put("grep", TextTools::grep);
        r.put("head", inv -> headTail(inv, true));
        r.put("tail", inv -> headTail(inv, false));
        r.put("wc", TextTools::wc);
        r.put("sort", TextTools::sort);
        r.put("awk", TextTools::awk);
    }

    /** The input lines: stdin, or the named files one after the other; null after an error was printed. */
    private static List<String> lines(Invocation inv, List<String> files) {
        StringBuilder text = new StringBuilder();
        if (files.isEmpty()) {
            text.append(inv.stdin);
        }
        for (String f : files) {
            String content = inv.container != null ? null : inv.host.fs().read(VirtualFs.normalize(inv.cwd(), f));
            if (content == null) {
                inv.err.append(inv.program()).append(": ").append(f).append(": No such file or directory\n");
                return null;
            }
            text.append(content);
        }
        return split(text.toString());
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    // ------------------------------------------------------------------ grep

    private static int grep(Invocation inv) {
        boolean invert = false;
        boolean ignoreCase = false;
        boolean count = false;
        boolean onlyMatching = false;
        boolean word = false;
        boolean lineNumbers = false;
        boolean quiet = false;
        boolean fixed = false;
        String pattern = null;
        List<String> files = new ArrayList<>();
        List<String> a = inv.rest();
        boolean options = true;
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (options && w.equals("--")) {
                options = false;
            } else if (options && w.equals("-e") && i + 1 < a.size()) {
                pattern = a.get(++i);
            } else if (options && w.startsWith("-") && w.length() > 1) {
                for (char c : w.substring(1).toCharArray()) {
                    switch (c) {
                        case 'v' -> invert = true;
                        case 'i' -> ignoreCase = true;
                        case 'c' -> count = true;
                        case 'o' -> onlyMatching = true;
                        case 'w' -> word = true;
                        case 'n' -> lineNumbers = true;
                        case 'q' -> quiet = true;
                        case 'F' -> fixed = true;
                        case 'E' -> { }
                        default -> {
                            inv.err.append("grep: invalid option -- '").append(c).append("'\n")
                                    .append("Usage: grep [OPTION]... PATTERNS [FILE]...\n")
                                    .append("Try 'grep --help' for more information.\n");
                            return 2;
                        }
                    }
                }
            } else if (pattern == null) {
                pattern = w;
            } else {
                files.add(w);
            }
        }
        if (pattern == null) {
            inv.err.append("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
            return 2;
        }
        String regex = fixed ? Pattern.quote(pattern) : posixToJava(pattern);
        if (word) {
            regex = "(?<![\\w])(?:" + regex + ")(?![\\w])";
        }
        Pattern p;
        try {
            p = Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            return inv.fail(2, "grep: Unmatched ( or \\(");
        }
        List<String> in = lines(inv, files);
        if (in == null) {
            return 2;
        }
        int matched = 0;
        for (int n = 0; n < in.size(); n++) {
            String line = in.get(n);
            Matcher m = p.matcher(line);
            boolean found = m.find();
            if (found == invert) {
                continue;
            }
            matched++;
            if (count || quiet) {
                continue;
            }
            String prefix = lineNumbers ? (n + 1) + ":" : "";
            if (onlyMatching && !invert) {
                m.reset();
                while (m.find()) {
                    if (!m.group().isEmpty()) {
                        inv.println(prefix + m.group());
                    }
                }
            } else {
                inv.println(prefix + line);
            }
        }
        if (count) {
            inv.println(String.valueOf(matched));
        }
        return matched > 0 ? 0 : 1;
    }

    /** POSIX bracket classes Java does not know, as Java character classes. */
    private static String posixToJava(String regex) {
        return regex.replace("[[:digit:]]", "\\d").replace("[[:space:]]", "\\s").replace("[[:alpha:]]", "[a-zA-Z]")
                .replace("[[:alnum:]]", "[a-zA-Z0-9]").replace("[[:xdigit:]]", "[0-9a-fA-F]")
                .replace("[:digit:]", "0-9").replace("[:xdigit:]", "0-9a-fA-F").replace("[:alnum:]", "a-zA-Z0-9")
                .replace("[:space:]", " \\t").replace("[:alpha:]", "a-zA-Z");
    }

    // ------------------------------------------------------------------ head, tail

    private static int headTail(Invocation inv, boolean head) {
        int n = 10;
        List<String> files = new ArrayList<>();
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            String num = null;
            if ((w.equals("-n") || w.equals("--lines")) && i + 1 < a.size()) {
                num = a.get(++i);
            } else if (w.startsWith("-n")) {
                num = w.substring(2);
            } else if (w.matches("-\\d+")) {
                num = w.substring(1);
            } else if (w.startsWith("-") && w.length() > 1) {
                return inv.fail(1, inv.program() + ": invalid option -- '" + w.charAt(1) + "'\nTry '"
                        + inv.program() + " --help' for more information.");
            } else {
                files.add(w);
            }
            if (num != null) {
                try {
                    n = Integer.parseInt(num.startsWith("+") ? num.substring(1) : num);
                } catch (NumberFormatException e) {
                    return inv.fail(1, inv.program() + ": invalid number of lines: '" + num + "'");
                }
            }
        }
        List<String> in = lines(inv, files);
        if (in == null) {
            return 1;
        }
        List<String> out = head ? in.subList(0, Math.min(n, in.size())) : in.subList(Math.max(0, in.size() - n), in.size());
        out.forEach(inv::println);
        return 0;
    }

    // ------------------------------------------------------------------ wc

    private static int wc(Invocation inv) {
        boolean lines = false;
        boolean words = false;
        boolean chars = false;
        List<String> files = new ArrayList<>();
        for (String w : inv.rest()) {
            if (w.startsWith("-") && w.length() > 1) {
                for (char c : w.substring(1).toCharArray()) {
                    switch (c) {
                        case 'l' -> lines = true;
                        case 'w' -> words = true;
                        case 'c', 'm' -> chars = true;
                        default -> {
                            return inv.fail(1, "wc: invalid option -- '" + c + "'\nTry 'wc --help' for more information.");
                        }
                    }
                }
            } else {
                files.add(w);
            }
        }
        if (!lines && !words && !chars) {
            lines = words = chars = true;
        }
        String text;
        if (files.isEmpty()) {
            text = inv.stdin;
        } else {
            text = inv.host.fs().read(VirtualFs.normalize(inv.cwd(), files.get(0)));
            if (text == null) {
                return inv.fail(1, "wc: " + files.get(0) + ": No such file or directory");
            }
        }
        long nl = text.chars().filter(c -> c == '\n').count();
        long nw = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        long nc = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        List<Long> counts = new ArrayList<>();
        if (lines) {
            counts.add(nl);
        }
        if (words) {
            counts.add(nw);
        }
        if (chars) {
            counts.add(nc);
        }
        // GNU wc: one count alone is printed bare from a pipe; several are right-aligned in a shared width
        StringBuilder sb = new StringBuilder();
        int width = counts.size() == 1 && files.isEmpty() ? 1 : files.isEmpty() ? 7
                : String.valueOf(counts.stream().mapToLong(Long::longValue).max().orElse(0)).length();
        for (int i = 0; i < counts.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%" + width + "d", counts.get(i)));
        }
        if (!files.isEmpty()) {
            sb.append(' ').append(files.get(0));
        }
        inv.println(sb.toString());
        return 0;
    }

    // ------------------------------------------------------------------ sort

    private static int sort(Invocation inv) {
        boolean reverse = false;
        boolean numeric = false;
        boolean unique = false;
        List<String> files = new ArrayList<>();
        for (String w : inv.rest()) {
            if (w.startsWith("-") && w.length() > 1) {
                for (char c : w.substring(1).toCharArray()) {
                    switch (c) {
                        case 'r' -> reverse = true;
                        case 'n' -> numeric = true;
                        case 'u' -> unique = true;
                        default -> {
                            return inv.fail(2, "sort: invalid option -- '" + c + "'\nTry 'sort --help' for more information.");
                        }
                    }
                }
            } else {
                files.add(w);
            }
        }
        List<String> in = lines(inv, files);
        if (in == null) {
            return 2;
        }
        Comparator<String> order = numeric ? Comparator.comparingDouble(TextTools::leadingNumber)
                .thenComparing(Comparator.naturalOrder()) : Comparator.naturalOrder();
        List<String> out = new ArrayList<>(in);
        out.sort(reverse ? order.reversed() : order);
        (unique ? new ArrayList<>(new LinkedHashSet<>(out)) : out).forEach(inv::println);
        return 0;
    }

    private static double leadingNumber(String s) {
        Matcher m = Pattern.compile("^\\s*(-?\\d+(\\.\\d+)?)").matcher(s);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    // ------------------------------------------------------------------ awk '{print $N}'

    private static final Pattern PRINT = Pattern.compile(
            "^\\s*(?:/(?<re>[^/]*)/\\s*)?\\{\\s*print\\s*(?<fields>[^}]*?)\\s*;?\\s*\\}\\s*$");

    private static int awk(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        String separator = null;
        if (!a.isEmpty() && a.get(0).startsWith("-F")) {
            String opt = a.remove(0);
            separator = opt.length() > 2 ? opt.substring(2) : a.isEmpty() ? null : a.remove(0);
        }
        if (a.isEmpty()) {
            return inv.fail(2, "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]");
        }
        Matcher m = PRINT.matcher(a.get(0));
        if (!m.matches()) {
            return inv.fail(1, "'awk' programs other than '/RE/{print $N, ...}' are not simulated here; "
                    + "it runs on the netns and ssh backends");
        }
        Pattern filter = m.group("re") == null ? null : Pattern.compile(m.group("re"));
        List<String> fields = new ArrayList<>();
        for (String f : m.group("fields").split("\\s*,\\s*")) {
            if (!f.isEmpty()) {
                fields.add(f.trim());
            }
        }
        List<String> in = lines(inv, a.subList(1, a.size()));
        if (in == null) {
            return 2;
        }
        for (String line : in) {
            if (filter != null && !filter.matcher(line).find()) {
                continue;
            }
            String[] parts = separator == null ? line.strip().split("\\s+") : line.split(Pattern.quote(separator), -1);
            if (separator == null && line.isBlank()) {
                parts = new String[0];
            }
            if (fields.isEmpty()) {
                inv.println(line);
                continue;
            }
            List<String> out = new ArrayList<>();
            for (String f : fields) {
                if (f.equals("$0")) {
                    out.add(line);
                } else if (f.equals("$NF")) {
                    out.add(parts.length == 0 ? "" : parts[parts.length - 1]);
                } else if (f.equals("NF")) {
                    out.add(String.valueOf(parts.length));
                } else if (f.matches("\\$\\d+")) {
                    int k = Integer.parseInt(f.substring(1));
                    out.add(k >= 1 && k <= parts.length ? parts[k - 1] : "");
                } else if (f.matches("\"[^\"]*\"")) {
                    out.add(f.substring(1, f.length() - 1));
                } else {
                    return inv.fail(1, "'awk' programs other than '/RE/{print $N, ...}' are not simulated here; "
                            + "it runs on the netns and ssh backends");
                }
            }
            inv.println(String.join(" ", out));
        }
        return 0;
    }
}
