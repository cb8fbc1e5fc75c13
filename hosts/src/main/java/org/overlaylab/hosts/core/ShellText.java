/*
 * Turns parsed shell commands back into text for bash, optionally with some words replaced (how a
 * tutorial command is mapped onto what runs here), keeping quotes, redirections and here-documents.
 */
package org.overlaylab.hosts.core;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.shell.ShellScript.Assignment;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.Redirect;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;
import org.overlaylab.model.shell.ShellScript.Word;

public final class ShellText {
    private ShellText() {}

    /** A command's words as source text; replaced words are already shell text. */
    public static List<String> words(SimpleCommand c) {
        List<String> out = new ArrayList<>();
        for (Word w : c.words()) {
            out.add(w.source());
        }
        return out;
    }

    /** One simple command, with its words given as shell text. */
    static String command(SimpleCommand c, List<String> wordText, List<String> heredocs, int[] counter) {
        StringBuilder sb = new StringBuilder();
        for (Assignment a : c.assignments()) {
            sb.append(a.name()).append('=').append(a.value().source()).append(' ');
        }
        sb.append(String.join(" ", wordText));
        for (Redirect r : c.redirects()) {
            sb.append(' ');
            String op = r.operator();
            if (op.startsWith("<<")) {
                String delim = "OVERLAYLAB_EOF_" + (counter[0]++);
                sb.append(r.fd() == 0 ? "" : String.valueOf(r.fd())).append("<<")
                        .append(r.heredocExpands() ? delim : "'" + delim + "'");
                heredocs.add(r.heredoc() + delim + "\n");
            } else if (op.equals(">&") || op.equals("<&")) {
                sb.append(r.fd()).append(op).append(r.dupFd());
            } else {
                boolean defaultFd = (op.startsWith("<") && r.fd() == 0) || (op.startsWith(">") && r.fd() == 1);
                sb.append(defaultFd ? "" : String.valueOf(r.fd())).append(op).append(r.target().source());
            }
        }
        return sb.toString().strip();
    }

    /** A pipeline as one line followed by the bodies of its here-documents. */
    static String pipeline(Pipeline p, java.util.function.Function<SimpleCommand, List<String>> wordsOf) {
        List<String> heredocs = new ArrayList<>();
        int[] counter = {0};
        List<String> parts = new ArrayList<>();
        for (SimpleCommand c : p.commands()) {
            parts.add(command(c, wordsOf.apply(c), heredocs, counter));
        }
        StringBuilder sb = new StringBuilder(String.join(" | ", parts));
        sb.append('\n');
        heredocs.forEach(sb::append);
        return sb.toString();
    }

    public static String join(List<String> argv) {
        List<String> q = new ArrayList<>();
        argv.forEach(a -> q.add(Exec.quote(a)));
        return String.join(" ", q);
    }
}
