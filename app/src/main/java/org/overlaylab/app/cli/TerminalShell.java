/*
 * The `shell` command at a terminal (JLine): a prompt naming where lines run (node1$, node1/test1$),
 * history kept across sessions, Tab completion from the model's completion engine (programs,
 * sub-commands, the names in the current topology, hosts, meta commands), and Ctrl-C that stops
 * the running command or clears the line being typed; Ctrl-D leaves.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.overlaylab.app.report.ProgressStore;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.shell.Completion;

final class TerminalShell {
    private final LabShell shell;
    private final Lab lab;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    TerminalShell(LabShell shell, Lab lab) {
        this.shell = shell;
        this.lab = lab;
    }

    /** Runs until :quit or Ctrl-D; true when every line ran. */
    boolean run() throws IOException {
        boolean all = true;
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Path history = ProgressStore.standard().file(lab.id()).getParent().resolveSibling("history");
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("overlay-lab")
                    .completer(new ShellCompleter(shell, lab))
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.HISTORY_SIZE, 2000)
                    .build();
            shell.target(lab.hosts().get(0).name(), null);
            terminal.handle(Terminal.Signal.INT, s -> interrupted.set(true));
            terminal.writer().println("# :help lists the meta commands; Tab completes; Ctrl-D leaves");
            while (!shell.quitRequested()) {
                String prompt = (shell.container() == null ? shell.host() : shell.host() + "/" + shell.container()) + "$ ";
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                interrupted.set(false);
                all &= shell.handle(line, "", interrupted::get);
            }
        }
        return all;
    }

    /** JLine's completer over the model's engine, with hosts and meta commands for the first word. */
    static final class ShellCompleter implements Completer {
        private final LabShell shell;
        private final Lab lab;
        private final Completion completion = Completion.standard(Completion.SubCommands.NONE);

        ShellCompleter(LabShell shell, Lab lab) {
            this.shell = shell;
            this.lab = lab;
        }

        @Override
        public void complete(LineReader reader, ParsedLine parsed, List<Candidate> out) {
            String line = parsed.line().substring(0, Math.min(parsed.cursor(), parsed.line().length()));
            if (line.startsWith(":")) {
                LabShell.META.forEach(m -> out.add(new Candidate(m)));
                return;
            }
            String host = shell.host();
            String container = shell.container();
            java.util.regex.Matcher m = LabShell.TARGET.matcher(line);
            if (m.find() && m.group(3) != null) {
                host = m.group(1);
                container = m.group(2);
                line = m.group(3);
            } else if (!line.contains(" ")) {
                for (HostSpec h : lab.hosts()) {
                    out.add(new Candidate(h.name() + ":", h.name() + ":", "hosts", "run on " + h.name(), null, null, false));
                }
            }
            Completion.Result r = completion.complete(line, line.length(), shell.session().topology(), host, container);
            for (Completion.Candidate c : r.candidates()) {
                out.add(new Candidate(c.value(), c.value(), null, c.description(), null, null, true));
            }
        }
    }
}
