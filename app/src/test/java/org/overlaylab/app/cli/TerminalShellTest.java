/*
 * The `shell` command's terminal side on a dumb JLine terminal over pipes: lines run where the
 * prompt says, :on moves the prompt into a container, history is written to its file, and Tab
 * offers hosts, programs, meta commands and the names of the lab's current topology.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.report.SessionReport;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.simulator.SimulatorBackend;

class TerminalShellTest {
    @TempDir
    Path dir;

    private static LabShell shell(LabSession session, StringWriter out) {
        return new LabShell(session, new PrintWriter(out, true), new PrintWriter(out, true), null,
                new SessionReport.Meta("t", "sim", 1, 1), null);
    }

    @Test
    void linesRunAtThePromptAndGoToTheHistory() throws Exception {
        Lab lab = LabLoader.builtIn("flannel-vxlan");
        try (LabSession session = new LabSession(lab, new SimulatorBackend(), BackendOptions.withSeed(lab.seed()))) {
            session.start();
            session.runThrough(lab.stepNumber("run-containers").orElseThrow());
            StringWriter out = new StringWriter();
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            byte[] typed = "hostname\n:on node1/test1\nhostname\nnode2: hostname\n:quit\n".getBytes(StandardCharsets.UTF_8);
            // the keyboard stays open after the last line, as a person's does: :quit ends the shell
            java.io.PipedOutputStream keyboard = new java.io.PipedOutputStream();
            java.io.PipedInputStream in = new java.io.PipedInputStream(keyboard, 1 << 16);
            keyboard.write(typed);
            keyboard.flush();
            try (Terminal t = TerminalBuilder.builder().system(false).streams(in, screen).type("dumb").build()) {
                assertThat(new TerminalShell(shell(session, out), lab).run(t, dir.resolve("history"))).isTrue();
            }
            assertThat(out.toString()).as(screen.toString(StandardCharsets.UTF_8)).contains("node1$ hostname\ndocker-node1\n", "node1/test1$ hostname\n",
                    "node2$ hostname\ndocker-node2\n");
            // the prompt is drawn on the screen; which of the later prompts show depends on when
            // JLine's dumb terminal drains the typed-ahead lines, so the transcript above checks them
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains("node1$ ");
            assertThat(Files.readString(dir.resolve("history"))).contains("hostname", ":on node1/test1", "node2: hostname");
        }
    }

    @Test
    void tabOffersHostsProgramsMetaCommandsAndTopologyNames() throws Exception {
        Lab lab = LabLoader.builtIn("flannel-vxlan");
        try (LabSession session = new LabSession(lab, new SimulatorBackend(), BackendOptions.withSeed(lab.seed()))) {
            session.start();
            session.runThrough(lab.stepNumber("run-containers").orElseThrow());
            LabShell shell = shell(session, new StringWriter());
            shell.target("node1", null);
            TerminalShell.ShellCompleter completer = new TerminalShell.ShellCompleter(shell, lab);
            assertThat(complete(completer, "no")).contains("node1:", "node2:");
            assertThat(complete(completer, "if")).contains("ifconfig");
            assertThat(complete(completer, ":so")).contains(":solution");
            assertThat(complete(completer, "ip link show fl")).contains("flannel.100");
            assertThat(complete(completer, "sudo docker exec te")).contains("test1");
            assertThat(complete(completer, "node2: sudo docker exec te")).contains("test2");
        }
    }

    private static List<String> complete(TerminalShell.ShellCompleter completer, String line) {
        List<Candidate> out = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length()), out);
        return out.stream().map(Candidate::value).filter(v -> v.startsWith(lastWord(line))).toList();
    }

    private static String lastWord(String line) {
        int space = line.lastIndexOf(' ');
        return space < 0 ? line : line.substring(space + 1);
    }
}
