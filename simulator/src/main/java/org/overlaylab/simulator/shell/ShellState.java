/*
 * A host's interactive shell: working directory, variables, and the jobs started with '&' that run
 * on while later commands run (a background tcpdump prints into the terminal as frames pass, and
 * bash says `[1]+  Done` before the next prompt once it ends), as one terminal keeps them.
 */
package org.overlaylab.simulator.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

public final class ShellState {
    private String cwd;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private int lastJob;
    private int lastStatus;
    private final List<BackgroundJob> jobs = new ArrayList<>();
    /** The job a trailing '&' is starting now (number, pid, text), until its program has started. */
    private BackgroundJob starting;
    /** Where the command running on this terminal prints, or null between commands. */
    private Consumer<String> terminal;
    /** What background jobs printed while no command ran: shown with the next command's output. */
    private final StringBuilder unseen = new StringBuilder();

    /** What a program that runs on as a job does when the job is ended (kill %N, kill PID). */
    public interface JobControl {
        /** Ends it as SIGTERM does: it prints what it prints when stopped. */
        void terminate();

        boolean done();
    }

    /** One job of this terminal: its number, the pid bash printed, its text, and its program once adopted. */
    public static final class BackgroundJob {
        private final int number;
        private final int pid;
        private final String text;
        private JobControl control;

        BackgroundJob(int number, int pid, String text) {
            this.number = number;
            this.pid = pid;
            this.text = text;
        }

        public int number() {
            return number;
        }

        public int pid() {
            return pid;
        }

        public String text() {
            return text;
        }

        public JobControl control() {
            return control;
        }
    }

    public ShellState(String home, String user) {
        this.cwd = home;
        variables.put("HOME", home);
        variables.put("USER", user);
        variables.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    public String cwd() {
        return cwd;
    }

    public void cd(String dir) {
        cwd = dir;
    }

    public Map<String, String> variables() {
        return variables;
    }

    public String get(String name) {
        if (name.equals("?")) {
            return String.valueOf(lastStatus);
        }
        return variables.get(name);
    }

    public int nextJob() {
        return ++lastJob;
    }

    public void setLastStatus(int status) {
        lastStatus = status;
    }

    /** A trailing '&' starts job `number` (pid `pid`) running `text`; its program may adopt it. */
    void starting(int number, int pid, String text) {
        starting = new BackgroundJob(number, pid, text);
    }

    void started() {
        starting = null;
    }

    /**
     * A program started by a trailing '&' that runs on over time asks to become the job; false
     * when it was not started that way (it then runs to its end as before).
     */
    public boolean adopt(JobControl control) {
        if (starting == null || starting.control != null) {
            return false;
        }
        starting.control = control;
        jobs.add(starting);
        return true;
    }

    /** A running job writes to the terminal: into the running command's output, or shown with the next. */
    public void print(String text) {
        if (terminal != null) {
            terminal.accept(text);
        } else {
            unseen.append(text);
        }
    }

    /**
     * A command starts on this terminal: what jobs printed meanwhile comes first, what they print
     * while it runs joins its output, and the returned action, run when it ends, prints bash's
     * notice for each job that ended. A command run inside another (sh -c) keeps the outer one's.
     */
    Runnable attach(Consumer<String> out) {
        if (terminal != null) {
            return () -> { };
        }
        terminal = out;
        if (!unseen.isEmpty()) {
            out.accept(unseen.toString());
            unseen.setLength(0);
        }
        return () -> {
            List<BackgroundJob> ended = jobs.stream().filter(j -> j.control.done()).toList();
            for (BackgroundJob j : ended) {
                // bash marks its current job '+' and the one before '-'; the status takes 24 columns
                int i = jobs.indexOf(j);
                char mark = i == jobs.size() - 1 ? '+' : i == jobs.size() - 2 ? '-' : ' ';
                out.accept(String.format("[%d]%c  %-24s%s%n", j.number, mark, "Done", j.text));
            }
            jobs.removeAll(ended);
            terminal = null;
        };
    }

    /** The running job a `kill` names: `%N` by number, or the pid bash printed for it. */
    public Optional<BackgroundJob> job(String spec) {
        return jobs.stream().filter(j -> !j.control.done())
                .filter(j -> spec.equals("%" + j.number) || spec.equals(String.valueOf(j.pid))
                        || (spec.equals("%%") || spec.equals("%+")) && j == jobs.get(jobs.size() - 1))
                .findFirst();
    }
}
