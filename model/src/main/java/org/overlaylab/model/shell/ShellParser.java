/*
 * Parses command lines the way /bin/sh would for the subset tutorials use: quotes, backslashes,
 * line continuations, $VAR and ${VAR}, NAME=value prefixes, pipes, && and ||, ';' and '&',
 * redirections (<, >, >>, 2>, 2>&1) and here-documents (<<EOF, <<'EOF', <<-EOF), and comments.
 * Command substitutions ($(...) and `...`, also inside double quotes) and process substitutions
 * (<(...), >(...)) are parsed into the scripts they run; $((...)) arithmetic is kept as text.
 */
package org.overlaylab.model.shell;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.shell.ShellScript.Assignment;
import org.overlaylab.model.shell.ShellScript.Job;
import org.overlaylab.model.shell.ShellScript.Literal;
import org.overlaylab.model.shell.ShellScript.Parameter;
import org.overlaylab.model.shell.ShellScript.Part;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.Redirect;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellScript.Substitution;
import org.overlaylab.model.shell.ShellScript.Word;

public final class ShellParser {
    /** Substitutions inside substitutions deeper than this are refused: no tutorial needs them. */
    public static final int MAX_NESTING = 16;

    private enum Kind { WORD, OPERATOR, NEWLINE, END }

    private record Token(Kind kind, String text, Word word, int offset) {}

    /** A here-document waiting for its body, which starts on the line after the operator. */
    private static final class PendingHeredoc {
        final String delimiter;
        final boolean stripTabs;
        final boolean expands;
        String body;

        PendingHeredoc(String delimiter, boolean stripTabs, boolean expands) {
            this.delimiter = delimiter;
            this.stripTabs = stripTabs;
            this.expands = expands;
        }
    }

    private final String src;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();
    private final List<PendingHeredoc> heredocQueue = new ArrayList<>();
    private final List<PendingHeredoc> allHeredocs = new ArrayList<>();
    private int cursor;
    private final int depth;
    /** Where src starts in the outermost line, so offsets inside substitutions are the line's. */
    private final int base;

    private ShellParser(String src, int depth, int base) {
        this.src = src;
        this.depth = depth;
        this.base = base;
    }

    public static ShellScript parse(String line) throws ShellSyntaxException {
        return parse(line, 0, 0);
    }

    private static ShellScript parse(String text, int depth, int base) throws ShellSyntaxException {
        if (depth > MAX_NESTING) {
            throw new InLine("substitutions nested more than " + MAX_NESTING + " deep", base);
        }
        ShellParser p = new ShellParser(text, depth, base);
        try {
            p.tokenize();
            return p.parseScript();
        } catch (InLine e) {
            throw e;
        } catch (ShellSyntaxException e) {
            throw new InLine(e.getMessage(), e.offset() + base);
        }
    }

    /** A syntax error whose offset is already the outermost line's. */
    private static final class InLine extends ShellSyntaxException {
        InLine(String message, int offset) {
            super(message, offset);
        }
    }

    /**
     * The command substitutions a here-document body runs when its delimiter is unquoted (the
     * shell expands $(...) and `...` there as inside double quotes). Offsets are within the body.
     */
    public static List<Substitution> substitutionsInHeredoc(String body) throws ShellSyntaxException {
        ShellParser p = new ShellParser(body, 0, 0);
        List<Part> parts = new ArrayList<>();
        p.readQuoted(parts, (char) 0);
        return parts.stream().filter(x -> x instanceof Substitution).map(x -> (Substitution) x).toList();
    }

    /** Splits words the way sh would, without operators: for argument strings such as `sh -c "..."`. */
    public static List<String> splitWords(String text) throws ShellSyntaxException {
        ShellScript script = parse(text);
        List<String> out = new ArrayList<>();
        for (SimpleCommand c : script.simpleCommands()) {
            for (Word w : c.words()) {
                out.add(w.literal());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- tokenizer

    private void tokenize() throws ShellSyntaxException {
        while (true) {
            skipBlanks();
            if (pos >= src.length()) {
                tokens.add(new Token(Kind.END, "", null, pos));
                if (!heredocQueue.isEmpty()) {
                    throw new ShellSyntaxException("here-document ended by end of input, expected '"
                            + heredocQueue.get(0).delimiter + "'", pos);
                }
                return;
            }
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                continue;
            }
            if (c == '\n') {
                tokens.add(new Token(Kind.NEWLINE, "\n", null, pos));
                pos++;
                readHeredocBodies();
                continue;
            }
            String op = src.startsWith("<(", pos) || src.startsWith(">(", pos) ? null : operatorAt(pos);
            if (op != null) {
                int start = pos;
                pos += op.length();
                tokens.add(new Token(Kind.OPERATOR, op, null, start));
                if (op.equals("<<") || op.equals("<<-")) {
                    skipBlanks();
                    int dStart = pos;
                    Word delim = readWord();
                    if (delim == null) {
                        throw new ShellSyntaxException("here-document needs a delimiter after " + op, dStart);
                    }
                    boolean quoted = delim.parts().stream().anyMatch(p -> p instanceof Literal l && l.quoted());
                    PendingHeredoc h = new PendingHeredoc(delim.literal(), op.equals("<<-"), !quoted);
                    heredocQueue.add(h);
                    allHeredocs.add(h);
                    tokens.add(new Token(Kind.WORD, delim.source(), delim, dStart));
                }
                continue;
            }
            int start = pos;
            Word w = readWord();
            tokens.add(new Token(Kind.WORD, w.source(), w, start));
        }
    }

    private void skipBlanks() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else {
                break;
            }
        }
    }

    private String operatorAt(int p) {
        String[] ops = {"&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&", "|", "&", ";", "<", ">"};
        for (String op : ops) {
            if (src.startsWith(op, p)) {
                return op;
            }
        }
        // "2>" , "2>>", "2>&1": a digit directly before a redirection is its fd
        if (p + 1 < src.length() && Character.isDigit(src.charAt(p))
                && (src.charAt(p + 1) == '>' || src.charAt(p + 1) == '<')
                && (p == 0 || isBreak(src.charAt(p - 1)))) {
            String rest = operatorAt(p + 1);
            if (rest != null && (rest.startsWith(">") || rest.startsWith("<"))) {
                return src.charAt(p) + rest;
            }
        }
        return null;
    }

    private static boolean isBreak(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|';
    }

    private boolean atWordEnd() {
        if (pos >= src.length()) {
            return true;
        }
        char c = src.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        return c == '|' || c == '&' || c == ';' || c == '<' || c == '>';
    }

    private Word readWord() throws ShellSyntaxException {
        int start = pos;
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        if (src.startsWith("<(", pos) || src.startsWith(">(", pos)) {
            parts.add(parenSubstitution(src.substring(pos, pos + 2), pos + 2, false));
        }
        while (!atWordEnd()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                if (pos + 1 >= src.length()) {
                    pos++;
                    continue;
                }
                char n = src.charAt(pos + 1);
                pos += 2;
                if (n != '\n') {
                    flush(parts, lit, false);
                    parts.add(new Literal(String.valueOf(n), true));
                }
            } else if (c == '\'') {
                int close = src.indexOf('\'', pos + 1);
                if (close < 0) {
                    throw new ShellSyntaxException("unterminated single quote", pos);
                }
                flush(parts, lit, false);
                parts.add(new Literal(src.substring(pos + 1, close), true));
                pos = close + 1;
            } else if (c == '"') {
                flush(parts, lit, false);
                readDoubleQuoted(parts);
            } else if (c == '`') {
                flush(parts, lit, false);
                parts.add(backtick(false));
            } else if (c == '$' && src.startsWith("$((", pos)) {
                lit.append(arithmetic());
            } else if (c == '$' && src.startsWith("$(", pos)) {
                flush(parts, lit, false);
                parts.add(parenSubstitution("$(", pos + 2, false));
            } else if (c == '$') {
                Parameter param = readParameter(false);
                if (param == null) {
                    lit.append('$');
                    pos++;
                } else {
                    flush(parts, lit, false);
                    parts.add(param);
                }
            } else {
                lit.append(c);
                pos++;
            }
        }
        flush(parts, lit, false);
        return new Word(parts, src.substring(start, pos), start);
    }

    private void readDoubleQuoted(List<Part> parts) throws ShellSyntaxException {
        int open = pos;
        pos++;
        if (!readQuoted(parts, '"')) {
            throw new ShellSyntaxException("unterminated double quote", open);
        }
    }

    /**
     * Reads text as inside double quotes up to `end` (consumed), or to the end of src when end is
     * 0; returns false when src ended first.
     */
    private boolean readQuoted(List<Part> parts, char end) throws ShellSyntaxException {
        StringBuilder lit = new StringBuilder();
        boolean any = false;
        boolean closed = false;
        while (true) {
            if (pos >= src.length()) {
                if (end != 0) {
                    return false;
                }
                break;
            }
            char c = src.charAt(pos);
            if (end != 0 && c == end) {
                pos++;
                closed = true;
                break;
            }
            if (c == '\\' && pos + 1 < src.length() && "$`\"\\\n".indexOf(src.charAt(pos + 1)) >= 0) {
                if (src.charAt(pos + 1) != '\n') {
                    lit.append(src.charAt(pos + 1));
                }
                pos += 2;
            } else if (c == '`') {
                flush(parts, lit, true);
                parts.add(backtick(true));
                any = true;
            } else if (c == '$' && src.startsWith("$((", pos)) {
                lit.append(arithmetic());
            } else if (c == '$' && src.startsWith("$(", pos)) {
                flush(parts, lit, true);
                parts.add(parenSubstitution("$(", pos + 2, true));
                any = true;
            } else if (c == '$') {
                Parameter param = readParameter(true);
                if (param == null) {
                    lit.append('$');
                    pos++;
                } else {
                    flush(parts, lit, true);
                    parts.add(param);
                    any = true;
                }
            } else {
                lit.append(c);
                pos++;
            }
        }
        if (lit.length() > 0 || (!any && end != 0)) {
            parts.add(new Literal(lit.toString(), true));
        }
        return closed || end == 0;
    }

    /** $(...), <(...) or >(...) whose body starts at bodyStart; pos ends after the ')'. */
    private Substitution parenSubstitution(String kind, int bodyStart, boolean quoted) throws ShellSyntaxException {
        int open = pos;
        int close = matchingParen(bodyStart);
        if (close < 0) {
            throw new ShellSyntaxException("unterminated " + kind + ": no matching ')'", open);
        }
        ShellScript inner = parse(src.substring(bodyStart, close), depth + 1, base + bodyStart);
        pos = close + 1;
        return new Substitution(kind, src.substring(open, pos), inner, base + bodyStart, quoted);
    }

    /** `...`: the body ends at the next unescaped backquote; \`, \\ and \$ stand for themselves inside. */
    private Substitution backtick(boolean quoted) throws ShellSyntaxException {
        int open = pos;
        StringBuilder body = new StringBuilder();
        int p = pos + 1;
        while (true) {
            if (p >= src.length()) {
                throw new ShellSyntaxException("unterminated `: no closing backquote", open);
            }
            char c = src.charAt(p);
            if (c == '`') {
                break;
            }
            if (c == '\\' && p + 1 < src.length() && "`\\$".indexOf(src.charAt(p + 1)) >= 0) {
                body.append(src.charAt(p + 1));
                p += 2;
            } else {
                body.append(c);
                p++;
            }
        }
        ShellScript inner = parse(body.toString(), depth + 1, base + open + 1);
        pos = p + 1;
        return new Substitution("`", src.substring(open, pos), inner, base + open + 1, quoted);
    }

    /** $((...)) kept as text; a command substitution inside it is refused, as nothing would check it. */
    private String arithmetic() throws ShellSyntaxException {
        int open = pos;
        int close = matchingParen(pos + 2);
        if (close < 0) {
            throw new ShellSyntaxException("unterminated $((: no matching ')'", open);
        }
        String text = src.substring(open, close + 1);
        if (text.indexOf('`') >= 0 || text.indexOf("$(", 1) >= 0) {
            throw new ShellSyntaxException("a command substitution inside $((...)) is not supported", open);
        }
        pos = close + 1;
        return text;
    }

    /** Index of the ')' closing a '(' just before `from`, skipping quotes and nested parentheses; -1 if none. */
    private int matchingParen(int from) {
        int level = 1;
        int p = from;
        while (p < src.length()) {
            char c = src.charAt(p);
            switch (c) {
                case '\\' -> p += 2;
                case '\'' -> {
                    int q = src.indexOf('\'', p + 1);
                    if (q < 0) {
                        return -1;
                    }
                    p = q + 1;
                }
                case '"' -> {
                    p++;
                    while (p < src.length() && src.charAt(p) != '"') {
                        if (src.charAt(p) == '\\') {
                            p++;
                        } else if (src.startsWith("$(", p)) {
                            int inner = matchingParen(p + 2);
                            if (inner < 0) {
                                return -1;
                            }
                            p = inner;
                        }
                        p++;
                    }
                    p++;
                }
                case '`' -> {
                    p++;
                    while (p < src.length() && src.charAt(p) != '`') {
                        p += src.charAt(p) == '\\' ? 2 : 1;
                    }
                    p++;
                }
                case '(' -> {
                    level++;
                    p++;
                }
                case ')' -> {
                    level--;
                    if (level == 0) {
                        return p;
                    }
                    p++;
                }
                default -> p++;
            }
        }
        return -1;
    }

    /** Reads $NAME or ${NAME} at pos; returns null (pos unchanged) when '$' starts no parameter. */
    private Parameter readParameter(boolean quoted) throws ShellSyntaxException {
        int p = pos + 1;
        if (p < src.length() && src.charAt(p) == '{') {
            int close = src.indexOf('}', p);
            if (close < 0) {
                throw new ShellSyntaxException("unterminated ${", pos);
            }
            String name = src.substring(p + 1, close);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*-]")) {
                throw new ShellSyntaxException("bad substitution: ${" + name + "}", pos);
            }
            pos = close + 1;
            return new Parameter(name, quoted);
        }
        int q = p;
        while (q < src.length() && (Character.isLetterOrDigit(src.charAt(q)) || src.charAt(q) == '_')) {
            if (q == p && Character.isDigit(src.charAt(q))) {
                q++;
                break;
            }
            q++;
        }
        if (q == p) {
            if (p < src.length() && "?#$!@*".indexOf(src.charAt(p)) >= 0) {
                pos = p + 1;
                return new Parameter(String.valueOf(src.charAt(p)), quoted);
            }
            return null;
        }
        String name = src.substring(p, q);
        pos = q;
        return new Parameter(name, quoted);
    }

    private static void flush(List<Part> parts, StringBuilder lit, boolean quoted) {
        if (lit.length() > 0) {
            parts.add(new Literal(lit.toString(), quoted));
            lit.setLength(0);
        }
    }

    private void readHeredocBodies() throws ShellSyntaxException {
        while (!heredocQueue.isEmpty()) {
            PendingHeredoc h = heredocQueue.remove(0);
            StringBuilder body = new StringBuilder();
            boolean closed = false;
            while (pos < src.length()) {
                int eol = src.indexOf('\n', pos);
                String line = eol < 0 ? src.substring(pos) : src.substring(pos, eol);
                pos = eol < 0 ? src.length() : eol + 1;
                String compare = h.stripTabs ? line.replaceFirst("^\t+", "") : line;
                if (compare.equals(h.delimiter) || compare.stripTrailing().equals(h.delimiter)) {
                    closed = true;
                    break;
                }
                body.append(compare).append('\n');
            }
            if (!closed) {
                throw new ShellSyntaxException("here-document not closed by a line '" + h.delimiter + "'", pos);
            }
            h.body = body.toString();
        }
    }

    // ---------------------------------------------------------------- grammar

    private Token peek() {
        return tokens.get(cursor);
    }

    private Token next() {
        return tokens.get(cursor++);
    }

    private boolean peekOp(String op) {
        Token t = peek();
        return t.kind == Kind.OPERATOR && t.text.equals(op);
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            cursor++;
        }
    }

    private ShellScript parseScript() throws ShellSyntaxException {
        List<Job> jobs = new ArrayList<>();
        int heredocIndex = 0;
        while (true) {
            while (peek().kind == Kind.NEWLINE || peekOp(";")) {
                cursor++;
            }
            if (peek().kind == Kind.END) {
                break;
            }
            List<Pipeline> pipelines = new ArrayList<>();
            List<String> ops = new ArrayList<>();
            pipelines.add(parsePipeline());
            while (peekOp("&&") || peekOp("||")) {
                ops.add(next().text);
                skipNewlines();
                pipelines.add(parsePipeline());
            }
            boolean background = false;
            if (peekOp("&")) {
                next();
                background = true;
            } else if (peekOp(";")) {
                next();
            } else if (peek().kind == Kind.NEWLINE) {
                next();
            } else if (peek().kind != Kind.END) {
                Token t = peek();
                throw new ShellSyntaxException("syntax error near unexpected token '" + t.text + "'", t.offset);
            }
            jobs.add(new Job(pipelines, ops, background));
        }
        // here-document bodies were read by the tokenizer; attach them in order of appearance
        List<Job> withBodies = new ArrayList<>();
        for (Job job : jobs) {
            List<Pipeline> ps = new ArrayList<>();
            for (Pipeline p : job.pipelines()) {
                List<SimpleCommand> cs = new ArrayList<>();
                for (SimpleCommand c : p.commands()) {
                    List<Redirect> rs = new ArrayList<>();
                    for (Redirect r : c.redirects()) {
                        if (r.operator().startsWith("<<")) {
                            PendingHeredoc h = allHeredocs.get(heredocIndex++);
                            rs.add(new Redirect(r.fd(), r.operator(), r.target(), r.dupFd(), h.body, h.expands));
                        } else {
                            rs.add(r);
                        }
                    }
                    cs.add(new SimpleCommand(c.assignments(), c.words(), rs, c.offset()));
                }
                ps.add(new Pipeline(cs));
            }
            withBodies.add(new Job(ps, job.operators(), job.background()));
        }
        return new ShellScript(withBodies);
    }

    private Pipeline parsePipeline() throws ShellSyntaxException {
        List<SimpleCommand> commands = new ArrayList<>();
        commands.add(parseCommand());
        while (peekOp("|")) {
            next();
            skipNewlines();
            commands.add(parseCommand());
        }
        return new Pipeline(commands);
    }

    private SimpleCommand parseCommand() throws ShellSyntaxException {
        int offset = peek().offset;
        List<Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind == Kind.WORD) {
                next();
                String src = t.word.source();
                int eq = src.indexOf('=');
                if (words.isEmpty() && eq > 0 && src.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    assignments.add(new Assignment(src.substring(0, eq), valueAfterEquals(t.word, eq)));
                } else {
                    words.add(t.word);
                }
            } else if (t.kind == Kind.OPERATOR && isRedirect(t.text)) {
                next();
                redirects.add(parseRedirect(t));
            } else {
                break;
            }
        }
        if (words.isEmpty() && assignments.isEmpty() && redirects.isEmpty()) {
            Token t = peek();
            String near = t.kind == Kind.END ? "end of line" : t.kind == Kind.NEWLINE ? "newline" : "'" + t.text + "'";
            throw new ShellSyntaxException("syntax error: command expected before " + near, t.offset);
        }
        return new SimpleCommand(assignments, words, redirects, offset);
    }

    private static boolean isRedirect(String op) {
        String o = op.replaceFirst("^[0-9]", "");
        return o.equals("<") || o.equals(">") || o.equals(">>") || o.equals("<<") || o.equals("<<-")
                || o.equals(">&") || o.equals("<&");
    }

    private Redirect parseRedirect(Token opToken) throws ShellSyntaxException {
        String op = opToken.text;
        int fd = -1;
        if (Character.isDigit(op.charAt(0))) {
            fd = op.charAt(0) - '0';
            op = op.substring(1);
        }
        if (fd < 0) {
            fd = op.startsWith("<") ? 0 : 1;
        }
        Token target = peek();
        if (target.kind != Kind.WORD) {
            throw new ShellSyntaxException("syntax error: file name expected after '" + opToken.text + "'", target.offset);
        }
        next();
        if (op.equals(">&") || op.equals("<&")) {
            String t = target.word.literal();
            if (!t.matches("[0-9]")) {
                throw new ShellSyntaxException("ambiguous redirect: " + opToken.text + t, target.offset);
            }
            return new Redirect(fd, op, target.word, Integer.parseInt(t), null, false);
        }
        return new Redirect(fd, op, target.word, -1, null, false);
    }

    /** The part of an assignment word after '=', keeping quoting and parameters. */
    private static Word valueAfterEquals(Word word, int eqInSource) {
        List<Part> parts = new ArrayList<>();
        int skip = eqInSource + 1;
        for (Part p : word.parts()) {
            if (skip > 0 && p instanceof Literal l && !l.quoted()) {
                if (l.text().length() <= skip) {
                    skip -= l.text().length();
                    continue;
                }
                parts.add(new Literal(l.text().substring(skip), false));
                skip = 0;
            } else {
                skip = 0;
                parts.add(p);
            }
        }
        return new Word(parts, word.source().substring(eqInSource + 1), word.offset() + eqInSource + 1);
    }
}
