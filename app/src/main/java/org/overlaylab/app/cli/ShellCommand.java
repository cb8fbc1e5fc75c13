/*
 * `overlay-lab shell LAB`: a student's shell on a lab's hosts. At a terminal it is a line editor
 * (history, Tab completion of programs, sub-commands and the names in the current topology, Ctrl-C
 * stops the running command); otherwise it reads `HOST: COMMAND` lines from stdin and prints each
 * as `run` prints commands. Exit 0 when every line ran. Progress is kept per lab for --resume.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.overlaylab.app.report.ProgressStore;
import org.overlaylab.app.report.SessionReport;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", description = {"Type commands on a lab's hosts, solve its tasks, write a report.",
        "At a terminal: line editing, history, Tab completion. Otherwise reads lines 'HOST: COMMAND' or"
                + " 'HOST/CONTAINER: COMMAND' (and :meta commands) from stdin; exit 0 when every line ran."})
final class ShellCommand implements Callable<Integer> {

    /** Where lines come from when stdin is not a terminal; tests set it. */
    static InputStream input = System.in;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LAB", description = "a built-in lab id (see `labs`) or a lab file")
    String lab;

    @Option(names = "--backend", defaultValue = "sim", description = "sim (default), netns or ssh")
    String backend;

    @Option(names = "--until", paramLabel = "STEP", description = "run the steps up to this one first (number or id)")
    String until;

    @Option(names = "--seed", description = "seed for the simulator and for the values the lab varies per student"
            + " (default: the lab's own; with --student, the varied values come from the name)")
    Long seed;

    @Option(names = "--student", paramLabel = "NAME", description = "your name, for the report (default: the user name)")
    String student;

    @Option(names = "--key", paramLabel = "K", description = "sign reports with this key (default: the lab's report-key)")
    String key;

    @Option(names = "--resume", description = "continue the progress kept on this lab")
    boolean resume;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds a command may take on a real backend")
    int timeoutSeconds;

    @CommandLine.Mixin
    RealBackendOptions machines;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lab theLab = LabArgument.load(lab, err);
        if (theLab == null) {
            return 2;
        }
        int through = LabArgument.stepThrough(theLab, until, err);
        if (through < 0) {
            return 2;
        }
        Integer untilStep = until == null ? null : through;
        if (key != null && key.isEmpty()) {
            err.println("overlay-lab: --key is empty");
            return 2;
        }
        BackendFactory factory;
        try {
            factory = BackendRegistry.load().require(backend);
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 2;
        }
        String refused = OptionChecks.timeout(timeoutSeconds);
        if (refused == null) {
            refused = machines.refusal(lab, theLab, backend);
        }
        if (refused != null) {
            err.println("overlay-lab: " + refused);
            return 2;
        }
        String why = factory.unavailableReason();
        if (why != null) {
            err.println("overlay-lab: the " + backend + " backend cannot run here: " + why);
            return 2;
        }
        ProgressStore store = ProgressStore.standard();
        Optional<ProgressStore.Saved> saved = Optional.empty();
        try {
            saved = store.load(theLab.id());
        } catch (IOException e) {
            err.println("overlay-lab: " + e.getMessage() + (resume ? "" : "; it will be replaced"));
            if (resume) {
                return 2;
            }
        }
        if (resume && saved.isEmpty()) {
            err.println("overlay-lab: no progress kept on " + theLab.id() + " (in " + store.file(theLab.id())
                    + "); starting afresh");
        }
        String name = student != null ? student : resume && saved.isPresent() && !saved.get().student().isEmpty()
                ? saved.get().student() : System.getProperty("user.name", "");
        long backendSeed = seed != null ? seed : resume && saved.isPresent() ? saved.get().seed() : theLab.seed();
        long variationSeed = seed != null ? seed : resume && saved.isPresent() ? saved.get().variationSeed()
                : student != null ? seedOf(student) : theLab.seed();
        Map<String, String> settings = machines.settings();
        BackendOptions options = new BackendOptions(backendSeed, null, Duration.ofSeconds(timeoutSeconds), settings);
        Backend be = factory.create();
        String theKey = key != null ? key : theLab.reportKey();
        try (LabSession session = new LabSession(theLab, be, options, variationSeed, Clock.systemUTC())) {
            LabShell shell = new LabShell(session, out, err, store,
                    new SessionReport.Meta(name, backend, backendSeed, variationSeed), theKey);
            session.start();
            out.println("# " + theLab.title() + " (" + theLab.id() + "), backend " + backend + ", seed " + backendSeed
                    + (theLab.vary().isEmpty() ? "" : ", your values " + session.varied()));
            if (resume && saved.isPresent()) {
                session.restore(saved.get().history());
                out.println("# resumed: " + session.completed() + " of " + session.stepCount() + " steps done, "
                        + session.typedLog().size() + " commands typed");
            } else if (saved.isPresent()) {
                out.println("# progress kept earlier on this lab is replaced from now on (shell --resume continues it)");
            }
            if (untilStep != null && untilStep > session.completed()) {
                while (session.completed() < untilStep) {
                    shell.printStep(session.runNext());
                }
            }
            out.flush();
            if (System.console() != null && input == System.in) {
                return new TerminalShell(shell, theLab).run() ? 0 : 1;
            }
            return readLines(shell, err) ? 0 : 1;
        } catch (BackendException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("overlay-lab: " + e.getMessage());
            return 3;
        }
    }

    private static boolean readLines(LabShell shell, PrintWriter err) throws IOException {
        InputLines lines = new InputLines(input);
        boolean all = true;
        InputLines.Line line;
        while (!shell.quitRequested() && (line = lines.next()) != null) {
            String where = "line " + line.number() + ": ";
            if (line.problem() != null) {
                err.println(where + line.problem());
                err.flush();
                all = false;
                continue;
            }
            all &= shell.handle(line.text(), where, () -> false);
        }
        return all;
    }

    /** A student's seed from their name: the same name always gets the same values. */
    static long seedOf(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.strip().getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 6; i++) {
                s = (s << 8) | (d[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
