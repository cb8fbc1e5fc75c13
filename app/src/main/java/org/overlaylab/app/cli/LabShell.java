/*
 * What the `shell` command does with one line, typed at a terminal or read from stdin: a command
 * for a host (`node1: ip link`) or one of its containers (`node1/test1: ip addr`), printed as `run`
 * prints commands, or a meta command (`:step`, `:check`, `:hint`, `:solution`, `:report FILE`...).
 * Bad input gets one clear line and the shell goes on. After every action the current task's
 * checks are shown when they changed, and the progress is saved.
 */
package org.overlaylab.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.overlaylab.app.report.ProgressStore;
import org.overlaylab.app.report.SessionReport;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.TaskStatus;
import org.overlaylab.model.session.Transcript;
import org.overlaylab.model.session.TypedResult;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellSyntaxException;

final class LabShell {
    /** `node1: cmd` or `node1/test1: cmd`. */
    static final Pattern TARGET = Pattern.compile("^\\s*([a-z][a-z0-9-]*)(?:/([^\\s:]+))?:(?:\\s+(.*)|$)", Pattern.DOTALL);

    static final List<String> META = List.of(":step", ":until", ":check", ":hint", ":solution", ":report", ":task",
            ":back", ":reset", ":on", ":help", ":quit");

    private final LabSession session;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ProgressStore store;
    private final SessionReport.Meta meta;
    private final String key;
    private Section previousSection;
    private List<CheckResult> shownChecks = List.of();
    private boolean saveFailed;
    private boolean quit;
    /** Where a line without `HOST:` runs (interactive use); null: such a line is refused. */
    private String host;
    private String container;

    LabShell(LabSession session, PrintWriter out, PrintWriter err, ProgressStore store, SessionReport.Meta meta,
             String key) {
        this.session = session;
        this.out = out;
        this.err = err;
        this.store = store;
        this.meta = meta;
        this.key = key;
    }

    LabSession session() {
        return session;
    }

    /** Lines without `HOST:` run here from now on. */
    void target(String host, String container) {
        this.host = host;
        this.container = container;
    }

    String host() {
        return host;
    }

    String container() {
        return container;
    }

    boolean quitRequested() {
        return quit;
    }

    /**
     * Handles one line; {@code where} prefixes problems ("line 3: ") and {@code interrupted}
     * says when Ctrl-C was pressed while a command runs. Returns false when the line could not run.
     */
    boolean handle(String line, String where, BooleanSupplier interrupted) {
        String why = InputLines.binaryProblem(line);
        if (why == null && line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > InputLines.LIMIT) {
            why = "the line is too long (" + line.length() + " characters; a line may have at most " + InputLines.LIMIT
                    + " bytes)";
        }
        if (why != null) {
            return problem(where, why);
        }
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return true;
        }
        if (t.startsWith(":")) {
            return meta(t, where);
        }
        String h = host;
        String c = container;
        String command = t;
        Matcher m = TARGET.matcher(t);
        if (m.find()) {
            h = m.group(1);
            c = m.group(2);
            command = m.group(3) == null ? "" : m.group(3).strip();
            if (command.isEmpty()) {
                return problem(where, "nothing to run after '" + t + "'; write " + h + (c == null ? "" : "/" + c)
                        + ": COMMAND");
            }
        } else if (h == null) {
            return problem(where, "write HOST: COMMAND or HOST/CONTAINER: COMMAND (hosts: " + hostList() + "), or :help");
        }
        if (session.lab().host(h).isEmpty()) {
            return problem(where, "unknown host '" + h + "'; this lab's hosts are: " + hostList());
        }
        if (c != null && !c.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            return problem(where, "'" + c + "' is not a container name");
        }
        try {
            ShellParser.parse(command);
        } catch (ShellSyntaxException e) {
            return problem(where, h + ": " + e.getMessage() + " at column " + (e.offset() + 1) + " of the command");
        }
        return typed(h, c, command, where, interrupted);
    }

    private boolean typed(String h, String c, String command, String where, BooleanSupplier interrupted) {
        out.print(Transcript.prompt(c == null ? h : h + "/" + c, command));
        out.flush();
        boolean[] endsWithNewline = {true};
        LiveOutput live = new LiveOutput() {
            @Override
            public void write(String text) {
                if (!text.isEmpty()) {
                    synchronized (out) {
                        out.print(text);
                        out.flush();
                        endsWithNewline[0] = text.endsWith("\n");
                    }
                }
            }

            @Override
            public boolean interrupted() {
                return interrupted.getAsBoolean();
            }
        };
        TypedResult r;
        try {
            r = session.type(h, c, command, live);
        } catch (BackendException e) {
            return problem(where, h + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(where, e.getMessage());
        }
        if (!endsWithNewline[0]) {
            out.println();
        }
        notes(r.result());
        afterAction();
        return true;
    }

    private void notes(CommandResult res) {
        for (String note : res.notes()) {
            out.println("  (" + note + ")");
        }
    }

    // ------------------------------------------------------------------ meta commands

    private boolean meta(String t, String where) {
        String[] words = t.split("\\s+", 2);
        String arg = words.length > 1 ? words[1].strip() : "";
        try {
            switch (words[0]) {
                case ":step" -> {
                    if (session.finished()) {
                        return problem(where, "every step has run (" + session.stepCount() + "); :back or :reset to go back");
                    }
                    printStep(session.runNext());
                }
                case ":until" -> {
                    Optional<Integer> n = session.lab().stepNumber(arg);
                    if (arg.isEmpty() || n.isEmpty()) {
                        return problem(where, "lab " + session.lab().id() + " has no step '" + arg + "' (steps 1-"
                                + session.stepCount() + " or their ids)");
                    }
                    if (n.get() <= session.completed()) {
                        return problem(where, "step " + n.get() + " has already run (" + session.completed() + " done)");
                    }
                    while (session.completed() < n.get()) {
                        printStep(session.runNext());
                    }
                }
                case ":check" -> {
                    Optional<TaskStatus> task = currentTask();
                    if (task.isEmpty()) {
                        out.println("no task in progress; the last step run is not a task");
                    } else {
                        out.println("task " + task.get().stepId() + ": " + summary(task.get()));
                        task.get().checks().forEach(ch -> out.print(checkLine(ch)));
                    }
                }
                case ":hint" -> {
                    if (currentTask().isEmpty()) {
                        return problem(where, "no task in progress, so no hint");
                    }
                    TaskStatus before = currentTask().get();
                    Optional<String> hint = session.hint();
                    if (hint.isEmpty()) {
                        out.println("no more hints (" + before.hintCount() + " shown); :solution shows the answer");
                    } else {
                        out.println("hint " + (before.hintsShown() + 1) + "/" + before.hintCount() + ": " + hint.get());
                    }
                }
                case ":solution" -> {
                    if (currentTask().isEmpty()) {
                        return problem(where, "no task in progress, so no solution");
                    }
                    out.println("solution (recorded in your report):");
                    for (CommandSpec c : session.solution()) {
                        out.print(Transcript.prompt(c.host(), c.line()));
                    }
                }
                case ":report" -> {
                    if (arg.isEmpty()) {
                        return problem(where, ":report needs a file name, e.g. :report alice-flannel.json");
                    }
                    Path file = Path.of(arg);
                    Path html = SessionReport.write(SessionReport.build(session, meta, Instant.now()), key, file);
                    out.println("report written: " + file + " and " + html + (key == null
                            ? " (not signed: neither the lab nor --key gives a key)" : " (signed)"));
                }
                case ":task" -> {
                    Optional<TaskStatus> task = currentTask();
                    out.println(task.isEmpty() ? "no task in progress; the last step run is not a task"
                            : "TASK " + task.get().title() + ": " + task.get().text());
                }
                case ":back" -> {
                    if (!session.back()) {
                        return problem(where, "nothing to undo");
                    }
                    long typed = typedInEffect();
                    out.println("undone; " + session.completed() + (session.completed() == 1 ? " step and " : " steps and ")
                            + typed + (typed == 1 ? " typed command" : " typed commands") + " in effect");
                    afterAction();
                }
                case ":reset" -> {
                    session.resetLab();
                    previousSection = null;
                    out.println("back to the fresh lab");
                    afterAction();
                }
                case ":on" -> {
                    Matcher m = TARGET.matcher(arg + ":");
                    if (!m.find() || session.lab().host(m.group(1)).isEmpty()) {
                        return problem(where, "unknown host '" + arg + "'; this lab's hosts are: " + hostList());
                    }
                    target(m.group(1), m.group(2));
                }
                case ":help" -> help();
                case ":quit", ":exit" -> quit = true;
                default -> {
                    return problem(where, "unknown command '" + words[0] + "'; meta commands: " + String.join(" ", META));
                }
            }
        } catch (BackendException e) {
            return problem(where, e.getMessage());
        } catch (IOException e) {
            return problem(where, "cannot write the report: " + e.getMessage());
        }
        if (!words[0].equals(":report") && !words[0].equals(":quit")) {
            save();
        }
        return true;
    }

    private long typedInEffect() {
        return session.actions().stream().filter(a -> a instanceof org.overlaylab.model.session.Action.Typed).count();
    }

    private void help() {
        out.println("HOST: COMMAND             run a command on a lab host (hosts: " + hostList() + ")");
        out.println("HOST/CONTAINER: COMMAND   run it inside a container: sudo docker exec CONTAINER sh -c 'COMMAND'");
        out.println(":step                     run the next lab step");
        out.println(":until STEP               run the steps up to STEP (number or id)");
        out.println(":task                     the task in progress");
        out.println(":check                    its checks, PASS or FAIL");
        out.println(":hint                     the next hint (recorded in the report)");
        out.println(":solution                 the solution (recorded in the report)");
        out.println(":back                     undo the last step or command");
        out.println(":reset                    back to the fresh lab");
        out.println(":report FILE              write FILE (JSON) and FILE.html for the teacher");
        out.println(":on HOST[/CONTAINER]      where lines without HOST: run (at a terminal)");
        out.println(":quit                     leave; the progress is kept (shell --resume continues)");
    }

    void printStep(StepResult r) {
        Lab lab = session.lab();
        out.print(Transcript.step(lab, r, previousSection));
        previousSection = lab.sectionOf(r.step());
        Step s = r.step();
        if (s.isTask()) {
            out.println("TASK: " + session.taskText(s));
            out.println("  (:check shows the checks, :hint a hint, :solution the answer; each is in your report)");
            shownChecks = r.checks();
        }
        out.flush();
        afterStep(s);
    }

    private void afterStep(Step s) {
        if (!s.isTask()) {
            shownChecks = List.of();
        }
        save();
    }

    /** After a typed command, undo or reset: the current task's checks when they changed. */
    private void afterAction() {
        Optional<TaskStatus> task = currentTask();
        List<CheckResult> now = task.map(TaskStatus::checks).orElse(List.of());
        if (task.isPresent() && !now.equals(shownChecks)) {
            for (int i = 0; i < now.size(); i++) {
                if (i >= shownChecks.size() || !now.get(i).equals(shownChecks.get(i))) {
                    out.print(checkLine(now.get(i)));
                }
            }
            if (task.get().passing()) {
                out.println("TASK SOLVED: " + task.get().title() + " (:step goes on)");
            }
        }
        shownChecks = now;
        out.flush();
        save();
    }

    private Optional<TaskStatus> currentTask() {
        return session.tasks().stream().filter(TaskStatus::current).findFirst();
    }

    private static String summary(TaskStatus t) {
        long pass = t.checks().stream().filter(CheckResult::passed).count();
        return pass + " of " + t.checks().size() + " checks pass" + (t.solved() ? ", solved" : "");
    }

    static String checkLine(CheckResult c) {
        return "  " + (c.passed() ? "PASS " : "FAIL ") + c.description()
                + (c.passed() || c.detail().isEmpty() ? "" : ": " + c.detail()) + "\n";
    }

    void save() {
        if (store == null) {
            return;
        }
        try {
            store.save(session, meta.student(), meta.seed(), meta.variationSeed());
        } catch (IOException e) {
            if (!saveFailed) {
                err.println("overlay-lab: progress not saved: " + e.getMessage());
                saveFailed = true;
            }
        }
    }

    private String hostList() {
        List<String> names = new ArrayList<>();
        session.lab().hosts().forEach(h -> names.add(h.name()));
        return String.join(", ", names);
    }

    private boolean problem(String where, String message) {
        out.flush();
        err.println(where + message);
        err.flush();
        return false;
    }
}
