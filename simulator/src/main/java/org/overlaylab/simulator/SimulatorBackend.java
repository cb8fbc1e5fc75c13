/*
 * The simulator as a Backend: a lab's hosts as in-memory tutorial VMs, commands interpreted by
 * the simulated shell and programs, frames moved by the forwarding engine in virtual time. Same
 * lab and seed, same transcript, same frames, every time. No installation, no root, no network.
 */
package org.overlaylab.simulator;

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
import org.overlaylab.simulator.net.FrameLog;
import org.overlaylab.simulator.observe.SimWorldTopologyBuilder;
import org.overlaylab.simulator.programs.TcpdumpProgram;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Shell;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class SimulatorBackend implements Backend {
    private Lab lab;
    private BackendOptions options;
    private SimWorld world;
    /** Kept across resets so a capture the UI opened keeps receiving frames. */
    private final FrameLog frames = new FrameLog();

    @Override
    public String kind() {
        return "sim";
    }

    @Override
    public synchronized void start(Lab lab, BackendOptions options) {
        this.lab = lab;
        this.options = options;
        this.world = new SimWorld(lab, options.seed(), frames);
    }

    /** The simulated world, for tests, benchmarks and the UI's frame history. */
    public synchronized SimWorld world() {
        return world;
    }

    private SimHost host(String name) throws BackendException {
        if (world == null) {
            throw new BackendException("the simulator has not been started");
        }
        SimHost h = world.host(name);
        if (h == null) {
            throw new BackendException("no host '" + name + "' in lab " + lab.id());
        }
        return h;
    }

    /** True while a typed command runs live: it waits on this object's monitor between events. */
    private boolean liveRunning;

    /**
     * Waits until no typed command is running live. While one runs, the pacer waits on this
     * object's monitor, so observe() (the canvas, the inspector) reads the world between its events,
     * and any other command waits here for its turn.
     */
    private void awaitLiveCommand() throws BackendException {
        while (liveRunning) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while a typed command was running");
            }
        }
    }

    @Override
    public synchronized CommandResult run(CommandRequest request) throws BackendException {
        awaitLiveCommand();
        SimHost h = host(request.host());
        world.pauseBetweenCommands();
        long before = world.clock().now();
        Shell.Outcome o = world.shell().runOnHost(h, request.line(),
                request.keepsRunning() ? Invocation.Mode.KEEPS_RUNNING : Invocation.Mode.FOREGROUND,
                request.stopAfter() == null ? null : request.stopAfter().toNanos());
        world.settle();
        return new CommandResult(o.status(), o.stdout(), o.stderr(), o.notes(),
                Duration.ofNanos(world.clock().now() - before), o.terminal());
    }

    /**
     * A command a person typed: its output reaches `live` as the programs write it, virtual time
     * passes at the wall clock's pace while it runs (ping prints a line a second), and a Ctrl-C
     * stops it as SIGINT would. Without a stop time an endless command (ping, tcpdump) runs until
     * the Ctrl-C.
     */
    @Override
    public synchronized CommandResult run(CommandRequest request, LiveOutput live) throws BackendException {
        if (live == null || live == LiveOutput.NONE) {
            return run(request);
        }
        awaitLiveCommand();
        SimHost h = host(request.host());
        world.pauseBetweenCommands();
        long before = world.clock().now();
        Shell.Outcome o;
        SimWorld runningIn = world;
        runningIn.watchInterrupt(live::interrupted);
        runningIn.paceToWallClock(true, ms -> {
            try {
                wait(ms);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        liveRunning = true;
        try {
            o = runningIn.shell().runOnHost(h, request.line(),
                    request.keepsRunning() ? Invocation.Mode.KEEPS_RUNNING : Invocation.Mode.FOREGROUND,
                    request.stopAfter() == null ? null : request.stopAfter().toNanos(), c -> live.write(c.text()));
        } finally {
            runningIn.paceToWallClock(false);
            runningIn.watchInterrupt(null);
            liveRunning = false;
            notifyAll();
        }
        runningIn.settle();
        return new CommandResult(o.status(), o.stdout(), o.stderr(), o.notes(),
                Duration.ofNanos(runningIn.clock().now() - before), o.terminal());
    }

    @Override
    public synchronized BackgroundCommand startBackground(CommandRequest request) throws BackendException {
        awaitLiveCommand();
        SimHost h = host(request.host());
        world.pauseBetweenCommands();
        long before = world.clock().now();
        int already = world.backgroundCaptures().size();
        Shell.Outcome started = world.shell().runOnHost(h, request.line(), Invocation.Mode.STEP_BACKGROUND,
                request.stopAfter() == null ? null : request.stopAfter().toNanos());
        List<TcpdumpProgram.Capture> mine = new ArrayList<>(world.backgroundCaptures().subList(already,
                world.backgroundCaptures().size()));
        SimWorld startedIn = world;
        return new BackgroundCommand() {
            @Override
            public CommandRequest request() {
                return request;
            }

            @Override
            public CommandResult stop() {
                synchronized (SimulatorBackend.this) {
                    // the terminal shows what the command printed as it started (tcpdump's banner, on
                    // stderr) above what it printed while running; the closing counters come last
                    StringBuilder out = new StringBuilder(started.stdout());
                    StringBuilder err = new StringBuilder(started.stderr());
                    StringBuilder terminal = new StringBuilder(started.terminal());
                    List<String> notes = new ArrayList<>(started.notes());
                    int status = started.status();
                    startedIn.clock().advance(200_000_000L);
                    for (TcpdumpProgram.Capture c : mine) {
                        c.finish();
                        out.append(c.invocation().out);
                        err.append(c.laterStderr());
                        terminal.append(c.invocation().out).append(c.laterStderr());
                        startedIn.backgroundCaptures().remove(c);
                    }
                    if (!mine.isEmpty()) {
                        notes.add("stopped with Ctrl-C when the step's other commands were done");
                    }
                    return new CommandResult(status, out.toString(), err.toString(), notes,
                            Duration.ofNanos(startedIn.clock().now() - before), terminal.toString());
                }
            }
        };
    }

    @Override
    public synchronized Topology observe() {
        return world == null ? Topology.EMPTY : SimWorldTopologyBuilder.build(world);
    }

    @Override
    public CaptureHandle capture(CapturePoint point, FrameListener listener) {
        return frames.subscribe(point, listener);
    }

    @Override
    public synchronized void reset() {
        if (lab != null) {
            frames.clear();
            world = new SimWorld(lab, options.seed(), frames);
        }
    }

    @Override
    public synchronized void close() {
        world = null;
    }
}
