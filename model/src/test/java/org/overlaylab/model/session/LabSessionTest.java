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
import org.overlaylab.model.backend.LiveOutput;
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
    static class EchoBackend implements Backend {
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

    @Test
    void typedCommandsJoinTheHistoryAndBackUndoesTheLastAction() throws Exception {
        Step s1 = new Step("s1", "one", "e", List.of(cmd("node1", "echo one", Expectation.SUCCESS, Map.of(), false)),
                List.of(), POS);
        Step s2 = new Step("s2", "two", "e", List.of(cmd("node1", "echo two", Expectation.SUCCESS, Map.of(), false)),
                List.of(), POS);
        EchoBackend b = new EchoBackend();
        LabSession s = new LabSession(lab(List.of(s1, s2)), b, BackendOptions.withSeed(1));
        List<String> heard = new ArrayList<>();
        s.addListener(new SessionListener() {
            @Override
            public void typedStarted(TypedCommand c) {
                heard.add("started " + c.where() + " " + c.line());
            }

            @Override
            public void typedFinished(TypedCommand c, CommandResult r) {
                heard.add("finished " + r.output().strip());
            }

            @Override
            public void topologyChanged(Topology t) {
                heard.add("observed");
            }

            @Override
            public void typedUndone(TypedCommand c) {
                heard.add("undone " + c.line());
            }
        });
        s.runNext();
        StringBuilder live = new StringBuilder();
        TypedResult r = s.type("node1", null, "echo hello", new LiveOutput() {
            @Override
            public void write(String text) {
                live.append(text);
            }

            @Override
            public boolean interrupted() {
                return false;
            }
        });
        assertThat(live).hasToString("hello\n");
        assertThat(r.result().exitCode()).isZero();
        assertThat(r.topology().hosts()).extracting(Host::name).containsExactly("node1");
        s.type("node1", "test1", "echo it's", LiveOutput.NONE);
        assertThat(b.log).contains("node1: sudo docker exec test1 sh -c 'echo it'\\''s'");
        s.runNext();
        assertThat(s.actions()).hasSize(4);

        b.log.clear();
        assertThat(s.back()).isTrue(); // step 2
        assertThat(s.completed()).isEqualTo(1);
        assertThat(b.log).containsExactly("reset", "node1: echo one", "node1: echo hello",
                "node1: sudo docker exec test1 sh -c 'echo it'\\''s'");
        b.log.clear();
        assertThat(s.back()).isTrue(); // the container command
        assertThat(b.log).containsExactly("reset", "node1: echo one", "node1: echo hello");
        assertThat(heard).contains("started node1 echo hello", "finished hello", "undone echo it's");
        assertThat(s.typedLog()).hasSize(2);

        s.type("node1", null, "echo again", LiveOutput.NONE);
        s.runNext();
        b.log.clear();
        s.undoTo(2);
        assertThat(b.log).containsExactly("reset", "node1: echo one", "node1: echo hello", "node1: echo again");
        s.undoTo(1);
        assertThat(s.actions()).isEmpty();
        assertThat(s.back()).isFalse();
    }

    @Test
    void anUnknownHostIsNamedWithTheLabsHosts() {
        LabSession s = new LabSession(lab(List.of(new Step("s1", "one", "e", List.of(), List.of(), POS))),
                new EchoBackend(), BackendOptions.withSeed(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.type("node9", null, "ip link", LiveOutput.NONE))
                .hasMessage("unknown host 'node9'; this lab's hosts are: node1");
    }

    @Test
    void aTaskIsCheckedAfterEveryActionAndItsHintsAndSolutionAreRecorded() throws Exception {
        // the backend's etcd daemon stops when `service etcd stop` ran and runs again after `service etcd start`
        EchoBackend b = new EchoBackend() {
            boolean running = true;

            @Override
            public CommandResult run(CommandRequest r) throws BackendException {
                if (r.line().equals("service etcd stop")) {
                    running = false;
                } else if (r.line().equals("service etcd start")) {
                    running = true;
                }
                return super.run(r);
            }

            @Override
            public void reset() {
                running = true;
                super.reset();
            }

            @Override
            public Topology observe() {
                return new Topology(List.of(new Host("node1", "node1", List.of(), List.of(), List.of(), List.of(),
                        List.of(new Daemon("etcd", running ? "running" : "stopped", Map.of())))),
                        List.of(), List.of(), List.of());
            }
        };
        org.overlaylab.model.lab.Task task = new org.overlaylab.model.lab.Task("Start etcd again on port {{PORT}}",
                List.of("look at the daemons", "service etcd start"),
                List.of(cmd("node1", "service etcd start", Expectation.SUCCESS, Map.of(), false)),
                List.of(cmd("node1", "service etcd stop", Expectation.SUCCESS, Map.of(), false)),
                List.of(new Check("daemon", "node1", Map.of("name", "etcd", "state", "running"), POS)));
        Step t = new Step("fix", "fix etcd", "e", List.of(), task.checks(), POS, task);
        Lab lab = new Lab("t", "T", "", 1, lab(List.of(t)).hosts(), null,
                List.of(new Section("S", "", List.of(t), POS)), POS, Map.of("PORT", "{2000-2999}"), null);
        LabSession s = new LabSession(lab, b, BackendOptions.withSeed(1));
        List<List<TaskStatus>> changes = new ArrayList<>();
        s.addListener(new SessionListener() {
            @Override
            public void checksChanged(List<TaskStatus> tasks) {
                changes.add(tasks);
            }
        });
        StepResult r = s.runNext();
        assertThat(r.commands()).isEmpty(); // the scenario is not shown
        assertThat(r.checks()).extracting(CheckResult::passed).containsExactly(false);
        assertThat(s.tasks().get(0).text()).matches("Start etcd again on port 2\\d\\d\\d");
        assertThat(s.hint()).contains("look at the daemons");
        assertThat(s.hint()).contains("service etcd start");
        assertThat(s.hint()).isEmpty();
        assertThat(s.solution()).extracting(CommandSpec::line).containsExactly("service etcd start");
        TypedResult typed = s.type("node1", null, "service etcd start", LiveOutput.NONE);
        assertThat(typed.tasks().get(0).passing()).isTrue();
        TaskStatus status = s.tasks().get(0);
        assertThat(status.solved()).isTrue();
        assertThat(status.hintsShown()).isEqualTo(2);
        assertThat(status.solutionShown()).isTrue();
        assertThat(changes.get(changes.size() - 1).get(0).passing()).isTrue();

        s.back();
        assertThat(s.tasks().get(0).passing()).isFalse();
        assertThat(s.tasks().get(0).solved()).isTrue(); // it was solved once: that stays in the record

        LabSession other = new LabSession(lab, new EchoBackend(), BackendOptions.withSeed(2));
        assertThat(other.varied().get("PORT")).isNotEqualTo(s.varied().get("PORT"));
    }

    @Test
    void aSavedHistoryIsReplayedOnResume() throws Exception {
        Step s1 = new Step("s1", "one", "e", List.of(cmd("node1", "echo one", Expectation.SUCCESS, Map.of(), false)),
                List.of(), POS);
        EchoBackend b = new EchoBackend();
        LabSession s = new LabSession(lab(List.of(s1)), b, BackendOptions.withSeed(1));
        s.runNext();
        s.type("node1", null, "echo two", LiveOutput.NONE);
        SessionHistory h = s.history();
        EchoBackend b2 = new EchoBackend();
        LabSession again = new LabSession(lab(List.of(s1)), b2, BackendOptions.withSeed(1));
        again.restore(h);
        assertThat(b2.log).containsExactly("start", "reset", "node1: echo one", "node1: echo two");
        assertThat(again.completed()).isEqualTo(1);
        assertThat(again.typedLog()).hasSize(1);
    }
}
