/*
 * How the lab's commands run on the tutorial's own VM, which has the tutorial's binaries: as
 * typed, with only what a terminal reached over SSH needs. A daemon the tutorial keeps in the
 * foreground of its own terminal (`sudo docker daemon ...`) starts in the background and the step
 * goes on once Docker answers; `docker exec C ping` stopped after a time gets its Ctrl-C inside
 * the container, since docker exec does not pass it on.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.hosts.core.CommandMapping;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.core.LabShell.Handler;
import org.overlaylab.hosts.core.LabShell.Invocation;
import org.overlaylab.hosts.core.LabShell.Outcome;
import org.overlaylab.hosts.core.Mappings;
import org.overlaylab.hosts.core.ShellText;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.shell.Programs;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;

final class TutorialVmMapping implements CommandMapping {
    static final TutorialVmMapping INSTANCE = new TutorialVmMapping();
    private static final Duration DOCKER_READY = Duration.ofSeconds(30);

    private TutorialVmMapping() {}

    @Override
    public Handler handlerFor(Invocation inv) {
        boolean daemon = inv.program().equals("dockerd")
                || (inv.program().equals("docker") && !inv.args().isEmpty() && inv.args().get(0).equals("daemon"));
        return daemon && inv.background() ? TutorialVmMapping::dockerDaemonInBackground : null;
    }

    private static Outcome dockerDaemonInBackground(LabShell shell, Invocation inv) throws IOException {
        List<String> words = new ArrayList<>();
        inv.wrappers().forEach(w -> words.add(Exec.quote(w)));
        words.add(inv.shown());
        String text = String.join(" ", words) + "\n";
        Outcome started;
        try {
            started = shell.bash(text, true, null, Duration.ofSeconds(10));
        } catch (BackendException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>();
        notes.add("ran in the background: " + text.strip() + " (the tutorial keeps it in the foreground of its own terminal;"
                + " its output goes to " + shell.host().logFile("background") + ")");
        long until = System.nanoTime() + DOCKER_READY.toNanos();
        while (System.nanoTime() < until) {
            if (shell.host().dockerAnswers()) {
                notes.add("Docker answered on /var/run/docker.sock");
                return new Outcome(started.exit(), started.stdout(), started.stderr(), notes);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        notes.add("Docker did not answer within " + DOCKER_READY.toSeconds() + " s");
        return new Outcome(1, started.stdout(), started.stderr() + "docker daemon did not answer within "
                + DOCKER_READY.toSeconds() + " s; see " + shell.host().logFile("background") + "\n", notes);
    }

    @Override
    public List<String> rewrite(LabShell shell, SimpleCommand c, Duration stopAfter, List<String> notes) {
        List<String> words = ShellText.words(c);
        int idx = Programs.indexOfProgram(c.words());
        if (idx >= 0 && KnownPrograms.baseName(c.words().get(idx).literal()).equals("docker")) {
            List<String> lits = new ArrayList<>();
            c.words().forEach(w -> lits.add(w.literal()));
            Mappings.interruptInsideContainer(words, lits, idx, stopAfter, notes);
        }
        return words;
    }

    @Override
    public boolean needsInnerInterrupt(Pipeline p, Duration stopAfter) {
        return Mappings.needsInnerInterrupt(p, stopAfter);
    }
}
