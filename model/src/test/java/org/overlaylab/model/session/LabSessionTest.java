/*
 * The step engine against a scripted backend: commands run in order on their hosts, expectations
 * and state checks are judged, remembered values are typed into later commands, undo replays.
 */
package org.overlaylab.model.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Expectation;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.SourcePosition;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.Topology;

class LabSessionTest {
    private static final SourcePosition POS = new SourcePosition("test", 1, 1);

    /** Answers every command by echoing it and records what it was asked, in order. */
    static final class EchoBackend implements Backend {
        final List<String> log = new ArrayList<>();
        int resets;

        @Override
        public String kind() {
            return "echo";
        }

        @Override
        public void start(Lab lab, BackendOptions options) {
            log.add("start");
        }

        @Override
        public CommandResult run(CommandRequest r) throws BackendException {
            if (r.host().equals("unreachable")) {
                throw new BackendException("host unreachable does not answer");
            }
            log.add(r.host() + ": " + r.line());
            String out = r.line().startsWith("echo ") ? r.line().substring(5) + "\n" : "";
            return new CommandResult(r.line().startsWith("false") ? 1 : 0, out, "", List.of(), Duration.ZERO);
        }

        @Override
        public BackgroundCommand startBackground(CommandRequest r) {
            log.add(r.host() + ": & " + r.line());
            return new BackgroundCommand() {
                @Override
                public CommandRequest request() {
                    return r;
                }

                @Override
                public CommandResult stop() {
                    log.add("stop " + r.line());
                    return CommandResult.ok("captured\n");
                }
            };
        }

        @Override
        public Topology observe() {
            return new Topology(List.of(new Host("node1", "node1", List.of(), List.of(), List.of(), List.of(),
                    List.of(new Daemon("etcd", "running", Map.of())))), List.of(), List.of(), List.of());
        }

        @Override
        public CaptureHandle capture(CapturePoint point, FrameListener listener) {
            throw new UnsupportedOperationException("no frames here");
        }

        @Override
        public void reset() {
            resets++;
            log.add("reset");
        }

        @Override
        public void close() {
        }
    }

    private static CommandSpec cmd(String host, String line, Expectation e, Map<String, String> remember, boolean bg) {
        return new CommandSpec(host, line, null, bg, false, e, remember, POS);
    }

    private static Lab lab(List<Step> steps) {
        return new Lab("t", "T", "", 1, List.of(new HostSpec("node1", "node1", "enp0s8", "192.168.205.10/24", null, null,
                List.of(), POS)), null, List.of(new Section("S", "", steps, POS)), POS);
    }

    @Test
    void runsStepsJudgesAndRemembers() throws Exception {
        Step s1 = new Step("s1", "one", "e", List.of(
                cmd("node1", "echo addr 10.20.0.5", Expectation.SUCCESS, Map.of("PEER", "addr ([0-9.]+)"), false),
                cmd("node1", "tcpdump", Expectation.ANY, Map.of(), true),
                cmd("node1", "ping {{PEER}}", Expectation.SUCCESS, Map.of(), false)),
                List.of(new Check("daemon", "node1", Map.of("name", "etcd"), POS)), POS);
        Step s2 = new Step("s2", "two", "e", List.of(
                cmd("node1", "false", new Expectation(1, List.of(), List.of(), List.of()), Map.of(), false)),
                List.of(new Check("daemon", "node1", Map.of("name", "dockerd"), POS)), POS);
        EchoBackend b = new EchoBackend();
        LabSession s = new LabSession(lab(List.of(s1, s2)), b, BackendOptions.withSeed(1));
        List<StepResult> r = s.runThrough(2);
        assertThat(b.log).containsExactly("start", "node1: echo addr 10.20.0.5", "node1: & tcpdump", "node1: ping 10.20.0.5",
                "stop tcpdump", "node1: false");
        assertThat(r.get(0).passed()).isTrue();
        assertThat(r.get(0).commands()).extracting(o -> o.spec().line())
                .containsExactly("echo addr 10.20.0.5", "tcpdump", "ping 10.20.0.5");
        assertThat(r.get(1).commands().get(0).passed()).isTrue();
        assertThat(r.get(1).checks().get(0).passed()).isFalse();
        assertThat(r.get(1).checks().get(0).detail()).isEqualTo("dockerd is stopped");

        s.undoTo(2);
        assertThat(b.resets).isEqualTo(1);
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.remembered()).containsEntry("PEER", "10.20.0.5");
    }

    @Test
    void anUnreachableHostFailsTheStepWithTheReason() throws Exception {
        Step s1 = new Step("s1", "one", "e", List.of(cmd("unreachable", "ip link", Expectation.SUCCESS, Map.of(), false)),
                List.of(), POS);
        LabSession s = new LabSession(lab(List.of(s1)), new EchoBackend(), BackendOptions.withSeed(1));
        StepResult r = s.runNext();
        assertThat(r.passed()).isFalse();
        assertThat(r.error()).isEqualTo("host unreachable does not answer");
        assertThat(Transcript.step(s.lab(), r, null)).contains("ERROR host unreachable does not answer");
    }
}
