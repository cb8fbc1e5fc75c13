/*
 * Test support: a backend that passes everything to another and keeps every command line it ran
 * with its output, the hidden ones included (a task's scenario, a `command` check's probe), so a
 * failed task can say what the real tools printed.
 */
package org.overlaylab.hosts.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Topology;

final class RecordingBackend implements Backend {
    /** One command line as it ran: where, what, what it printed (null result: the backend threw), how long. */
    record Ran(CommandRequest request, CommandResult result, String error, Duration took) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(request.host()).append("$ ").append(request.line().strip());
            if (error != null) {
                return sb.append("\n      backend error: ").append(error).toString();
            }
            sb.append("   [exit ").append(result.exitCode()).append(", ").append(took.toMillis()).append(" ms]");
            String out = result.output().strip();
            if (!out.isEmpty()) {
                sb.append("\n      ").append(out.replace("\n", "\n      "));
            }
            result.notes().forEach(n -> sb.append("\n      (").append(n).append(')'));
            return sb.toString();
        }
    }

    private final Backend inner;
    private final List<Ran> ran = new ArrayList<>();

    RecordingBackend(Backend inner) {
        this.inner = inner;
    }

    /** How many lines have run so far: a mark for {@link #since}. */
    synchronized int mark() {
        return ran.size();
    }

    /** The lines run since the mark, oldest first. */
    synchronized List<Ran> since(int mark) {
        return List.copyOf(ran.subList(mark, ran.size()));
    }

    private synchronized void add(Ran r) {
        ran.add(r);
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    @Override
    public void start(Lab lab, BackendOptions options) throws BackendException {
        inner.start(lab, options);
    }

    @Override
    public CommandResult run(CommandRequest request) throws BackendException {
        long t0 = System.nanoTime();
        try {
            CommandResult r = inner.run(request);
            add(new Ran(request, r, null, since(t0)));
            return r;
        } catch (BackendException e) {
            add(new Ran(request, null, e.getMessage(), since(t0)));
            throw e;
        }
    }

    @Override
    public CommandResult run(CommandRequest request, LiveOutput live) throws BackendException {
        long t0 = System.nanoTime();
        try {
            CommandResult r = inner.run(request, live);
            add(new Ran(request, r, null, since(t0)));
            return r;
        } catch (BackendException e) {
            add(new Ran(request, null, e.getMessage(), since(t0)));
            throw e;
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public BackgroundCommand startBackground(CommandRequest request) throws BackendException {
        long t0 = System.nanoTime();
        BackgroundCommand bg = inner.startBackground(request);
        return new BackgroundCommand() {
            @Override
            public CommandRequest request() {
                return bg.request();
            }

            @Override
            public CommandResult stop() throws BackendException {
                try {
                    CommandResult r = bg.stop();
                    add(new Ran(request, r, null, since(t0)));
                    return r;
                } catch (BackendException e) {
                    add(new Ran(request, null, e.getMessage(), since(t0)));
                    throw e;
                }
            }
        };
    }

    @Override
    public Topology observe() throws BackendException {
        return inner.observe();
    }

    @Override
    public CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException {
        return inner.capture(point, listener);
    }

    @Override
    public void reset() throws BackendException {
        inner.reset();
    }

    @Override
    public void close() {
        inner.close();
    }
}
