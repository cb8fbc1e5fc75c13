/*
 * One terminal: a shell on a lab host (`node1$`) or in one of its containers (`node1/test1#`). Holds
 * the command history (Up/Down, reverse search), Tab completion, whether a command runs, and the
 * live output of the running command: the backend writes on its own thread, the text is gathered
 * and handed to the UI thread in batches (one pending hand-over at a time, so a command that floods
 * cannot swamp the UI), and Ctrl-C reaches the backend through LiveOutput.interrupted().
 */
package org.overlaylab.app.ui.vm;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.app.ui.base.ReadOnlyValue;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.base.Value;
import org.overlaylab.app.ui.vm.ConsoleViewModel.Kind;
import org.overlaylab.app.ui.vm.ConsoleViewModel.Line;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellSyntaxException;

public final class TerminalViewModel {
    /** Longest line taken; a longer paste is refused whole rather than cut somewhere arbitrary. */
    public static final int MAX_LINE = 32 * 1024;
    /** Output held for one hand-over at most; beyond that the oldest waiting text is dropped and counted. */
    static final int MAX_PENDING = 512 * 1024;
    static final int MAX_HISTORY = 1000;

    /** Runs what the student typed; reports back through finished() or failed() on the UI thread. */
    @FunctionalInterface
    public interface Runner {
        void run(TerminalViewModel terminal, String line, LiveOutput live);
    }

    /** What Tab did: the new text before the caret, and the words that were possible. */
    public record Completion(String beforeCaret, List<String> candidates) {}

    private final String host;
    private final String container;
    private final ConsoleViewModel console;
    private final UiThread ui;
    private final List<String> history = new ArrayList<>();
    private int historyIndex;
    private String draft = "";
    private final Value<Boolean> running = new Value<>(false);
    private Live live;
    private Runner runner = (t, line, out) -> t.failed("the lab's hosts are not up yet");
    private Completer completer = Completer.NONE;

    TerminalViewModel(String host, String container, ConsoleViewModel console, UiThread ui) {
        this.host = host;
        this.container = container;
        this.console = console;
        this.ui = ui;
    }

    public String host() {
        return host;
    }

    /** The container this shell runs in, or null for the host's own shell. */
    public String container() {
        return container;
    }

    /** `node1` or `node1/test1`: how the terminal is named in tabs and lists. */
    public String key() {
        return key(host, container);
    }

    static String key(String host, String container) {
        return container == null ? host : host + "/" + container;
    }

    /** What the shell shows before the caret: `node1$ ` on a host, `node1/test1# ` in a container (root there). */
    public String prompt() {
        return container == null ? host + "$ " : host + "/" + container + "# ";
    }

    public ReadOnlyValue<Boolean> running() {
        return running.readOnly();
    }

    void setRunner(Runner r) {
        runner = r;
    }

    void setCompleter(Completer c) {
        completer = c;
    }

    public List<String> history() {
        return List.copyOf(history);
    }

    // ------------------------------------------------------------------ typing

    /**
     * Enter: the line is shown after the prompt and runs, unless it cannot (too long, control
     * characters, unbalanced quotes), which one line says. False when a command still runs and the
     * line was not taken (the view keeps it in the field).
     */
    public boolean submit(String line) {
        if (running.get()) {
            print(Kind.INFO, "a command is still running; Ctrl-C stops it");
            return false;
        }
        historyIndex = history.size();
        draft = "";
        if (line.length() > MAX_LINE) {
            print(Kind.PROMPT, prompt() + line.substring(0, 60) + "…");
            print(Kind.ERROR, "the line is " + line.length() + " characters long; a line here takes at most "
                    + MAX_LINE + " characters, nothing ran");
            return true;
        }
        console.append(key(), List.of(new Line(Kind.PROMPT, prompt() + printable(line), 0)));
        if (line.isBlank()) {
            return true;
        }
        remember(line);
        int bad = firstControl(line);
        if (bad >= 0) {
            print(Kind.ERROR, String.format("the line holds a control character (0x%02x) at column %d; "
                    + "commands are typed as text, nothing ran", (int) line.charAt(bad), bad + 1));
            return true;
        }
        try {
            ShellParser.parse(line);
        } catch (ShellSyntaxException e) {
            print(Kind.ERROR, "syntax error at column " + (e.offset() + 1) + ": " + e.getMessage() + "; nothing ran");
            return true;
        }
        live = new Live();
        running.set(true);
        runner.run(this, line, live);
        return true;
    }

    /** Ctrl-C: the running command is asked to stop (as SIGINT would); with none running, a fresh prompt. */
    public void interrupt() {
        if (live != null && running.get()) {
            live.interrupted = true;
        } else {
            print(Kind.PROMPT, prompt() + "^C");
        }
    }

    /** Up: the previous line of the history (`current` is kept as the draft when leaving it). */
    public String previous(String current) {
        if (history.isEmpty()) {
            return current;
        }
        if (historyIndex == history.size()) {
            draft = current;
        }
        historyIndex = Math.max(0, historyIndex - 1);
        return history.get(historyIndex);
    }

    /** Down: the next line of the history, then back to what was being typed. */
    public String next() {
        if (historyIndex >= history.size()) {
            return draft;
        }
        historyIndex++;
        return historyIndex == history.size() ? draft : history.get(historyIndex);
    }

    /** Ctrl-R: the `skip`-th most recent line holding `query` (0: the latest), or null. */
    public String reverseSearch(String query, int skip) {
        int seen = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).contains(query) && seen++ == skip) {
                return history.get(i);
            }
        }
        return null;
    }

    /**
     * Tab: one possible word is put in whole (with a blank after it); several put in what they have
     * in common and, when that adds nothing, are listed below the line as a shell lists them.
     */
    public Completion complete(String beforeCaret) {
        List<String> words = completer.candidates(host, container, beforeCaret);
        int start = beforeCaret.length();
        while (start > 0 && !Character.isWhitespace(beforeCaret.charAt(start - 1))) {
            start--;
        }
        String typed = beforeCaret.substring(start);
        if (words.isEmpty()) {
            return new Completion(beforeCaret, words);
        }
        if (words.size() == 1) {
            return new Completion(beforeCaret.substring(0, start) + words.get(0) + " ", words);
        }
        String common = words.get(0);
        for (String w : words) {
            int n = 0;
            while (n < common.length() && n < w.length() && common.charAt(n) == w.charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        if (common.length() > typed.length()) {
            return new Completion(beforeCaret.substring(0, start) + common, words);
        }
        print(Kind.PROMPT, prompt() + beforeCaret);
        print(Kind.INFO, String.join("  ", words));
        return new Completion(beforeCaret, words);
    }

    // ------------------------------------------------------------------ hearing back (UI thread)

    /** The command ended: what is still waiting is shown, then the backend's notes and a failed exit status. */
    public void finished(CommandResult result) {
        Live l = live;
        if (l != null) {
            l.flush(true);
            if (!l.wrote) {
                List<Line> out = new ArrayList<>();
                ConsoleViewModel.splitLines(result.output()).forEach(t -> out.add(new Line(Kind.OUTPUT, t, 0)));
                console.append(key(), out);
            }
            if (l.interrupted) {
                print(Kind.OUTPUT, "^C");
            }
        }
        for (String note : result.notes()) {
            print(Kind.NOTE, note);
        }
        if (!result.succeeded() && (l == null || !l.interrupted)) {
            print(Kind.ERROR, "(exit status " + result.exitCode() + ")");
        }
        done();
    }

    /** The command could not run at all (no such host, the backend failed): one line says why. */
    public void failed(String message) {
        if (live != null) {
            live.flush(true);
        }
        print(Kind.ERROR, message);
        done();
    }

    private void done() {
        live = null;
        running.set(false);
    }

    public void print(Kind kind, String text) {
        console.append(key(), List.of(new Line(kind, text, 0)));
    }

    private void remember(String line) {
        if (history.isEmpty() || !history.get(history.size() - 1).equals(line)) {
            history.add(line);
            if (history.size() > MAX_HISTORY) {
                history.remove(0);
            }
        }
        historyIndex = history.size();
    }

    private static int firstControl(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\uFFFD') {
                return i;
            }
        }
        return -1;
    }

    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                sb.append('^').append((char) (c == 0x7f ? '?' : c + 64));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The running command's output: written on any thread, shown on the UI thread in batches. */
    private final class Live implements LiveOutput {
        private final StringBuilder pending = new StringBuilder();
        private long dropped;
        private boolean scheduled;
        volatile boolean interrupted;
        /** The last line so far when it has no newline yet (UI thread only). */
        private String partial = "";
        boolean wrote;

        @Override
        public void write(String text) {
            if (text == null || text.isEmpty()) {
                return;
            }
            boolean post;
            synchronized (this) {
                pending.append(text);
                if (pending.length() > MAX_PENDING) {
                    int cut = pending.length() - MAX_PENDING / 2;
                    dropped += cut;
                    pending.delete(0, cut);
                }
                post = !scheduled;
                scheduled = true;
            }
            if (post) {
                ui.post(() -> flush(false));
            }
        }

        @Override
        public boolean interrupted() {
            return interrupted;
        }

        void flush(boolean end) {
            String text;
            long lost;
            synchronized (this) {
                text = pending.toString();
                pending.setLength(0);
                lost = dropped;
                dropped = 0;
                scheduled = false;
            }
            if (text.isEmpty() && lost == 0 && !(end && !partial.isEmpty())) {
                return;
            }
            wrote = true;
            List<Line> out = new ArrayList<>();
            if (lost > 0) {
                out.add(new Line(Kind.NOTE, "… " + lost + " characters of output came too fast to show", 0));
            }
            String all = partial + text.replace("\r\n", "\n").replace('\r', '\n');
            int from = 0;
            for (int nl = all.indexOf('\n'); nl >= 0; nl = all.indexOf('\n', from)) {
                out.add(new Line(Kind.OUTPUT, all.substring(from, nl), 0));
                from = nl + 1;
            }
            partial = all.substring(from);
            if (end && !partial.isEmpty()) {
                out.add(new Line(Kind.OUTPUT, partial, 0));
                partial = "";
            }
            console.append(key(), out);
        }
    }
}
