/*
 * The lab runner on a real worker thread: events reach the UI side in order, a run of steps can be
 * cancelled between steps, and closing tears the backend down even when a step was queued.
 */
package org.overlaylab.app.ui.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Topology;

class LabRunnerTest {

    /** The simulator, slowed down per command and counting how often it is closed. */
    static final class SlowSim implements BackendFactory {
        final AtomicInteger closed = new AtomicInteger();
        final long commandMillis;

        SlowSim(long commandMillis) {
            this.commandMillis = commandMillis;
        }

        @Override
        public String kind() {
            return "slow-sim";
        }

        @Override
        public String description() {
            return "the simulator, slowly";
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public Backend create() {
            Backend sim;
            try {
                sim = BackendRegistry.load().require("sim").create();
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
            return new Backend() {
                @Override
                public String kind() {
                    return "slow-sim";
                }

                @Override
                public void start(Lab lab, BackendOptions options) throws BackendException {
                    sim.start(lab, options);
                }

                @Override
                public CommandResult run(CommandRequest request) throws BackendException {
                    try {
                        Thread.sleep(commandMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new BackendException("interrupted");
                    }
                    return sim.run(request);
                }

                @Override
                public BackgroundCommand startBackground(CommandRequest request) throws BackendException {
                    return sim.startBackground(request);
                }

                @Override
                public Topology observe() throws BackendException {
                    return sim.observe();
                }

                @Override
                public CaptureHandle capture(CapturePoint point, FrameListener listener) throws BackendException {
                    return sim.capture(point, listener);
                }

                @Override
                public void reset() throws BackendException {
                    sim.reset();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                    sim.close();
                }
            };
        }
    }

    /** Records what the runner reports. */
    static final class Recorder implements LabRunner.Events {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile boolean busy;
        volatile int completed;

        @Override
        public void busy(String what, boolean cancellable) {
            busy = true;
            seen.add("busy " + cancellable);
        }

        @Override
        public void idle() {
            busy = false;
            seen.add("idle");
        }

        @Override
        public void started(Topology fresh) {
            seen.add("started");
        }

        @Override
        public void stepStarted(int number, Step step) {
            seen.add("step " + number);
        }

        @Override
        public void commandStarted(int number, CommandSpec command) {
        }

        @Override
        public void commandFinished(int number, CommandSpec command, CommandResult result) {
        }

        @Override
        public void stepFinished(StepResult result, List<StepFrame> frames) {
            completed = result.number();
            seen.add("done " + result.number());
        }

        @Override
        public void wentBack(int firstUndone, Topology topology, List<StepResult> results) {
            seen.add("back " + firstUndone);
        }

        @Override
        public void wasReset(Topology topology) {
            seen.add("reset");
        }

        @Override
        public void cancelled(int completed) {
            seen.add("cancelled " + completed);
        }

        @Override
        public void stoppedAtFailure(int number) {
            seen.add("failed " + number);
        }

        @Override
        public void failed(String what, String message) {
            seen.add("error " + message);
        }
    }

    @Test
    void aRunOfStepsCanBeCancelledAndClosingTearsTheBackendDown() throws Exception {
        SlowSim factory = new SlowSim(150);
        Lab lab = LabLoader.builtIn("flannel-vxlan");
        Recorder events = new Recorder();
        LabRunner runner = new LabRunner(factory, lab, BackendOptions.withSeed(lab.seed()), new FrameStore(),
                Worker.thread("test lab"), UiThread.direct(), events);
        runner.start();
        waitUntil(() -> events.seen.contains("started") && !events.busy);
        runner.runThrough(lab.steps().size());
        waitUntil(() -> events.completed >= 1);
        runner.cancel();
        waitUntil(() -> !events.busy);
        assertThat(events.completed).isLessThan(lab.steps().size());
        assertThat(events.seen).contains("busy true").anyMatch(s -> s.startsWith("cancelled ") || s.startsWith("error"));
        runner.close();
        assertThat(runner.awaitClosed(Duration.ofSeconds(20))).isTrue();
        assertThat(factory.closed.get()).isEqualTo(1);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
