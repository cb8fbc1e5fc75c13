/*
 * Every task of every lab in the index, on the simulator: after its scenario the task's checks
 * fail, and typing its own solution makes them pass. A lab added to the index is tested here
 * without anyone writing a test for it.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.LiveOutput;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.TaskStatus;
import org.overlaylab.model.session.Transcript;
import org.overlaylab.model.session.TypedResult;
import org.overlaylab.simulator.SimulatorBackend;

class LabTasksOnSimulatorTest {

    static Stream<String> labs() {
        return LabLoader.builtInIds().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void everyTaskFailsBeforeItsSolutionAndPassesAfter(String id) throws Exception {
        Lab lab = LabLoader.builtIn(id);
        assertThat(lab.taskSteps()).as("tasks of %s", id).hasSizeGreaterThanOrEqualTo(id.startsWith("troubleshoot-") ? 1 : 3);
        try (LabSession s = new LabSession(lab, new SimulatorBackend(), BackendOptions.withSeed(lab.seed()))) {
            s.start();
            for (int n = 1; n <= lab.steps().size(); n++) {
                StepResult r = s.runNext();
                String transcript = Transcript.step(lab, r, null);
                assertThat(r.error()).as("step %d of %s:%n%s", n, id, transcript).isNull();
                if (!r.step().isTask()) {
                    assertThat(r.passed()).as("step %d of %s:%n%s", n, id, transcript).isTrue();
                    continue;
                }
                assertThat(r.commands()).allSatisfy(o -> assertThat(o.passed()).as("%s", transcript).isTrue());
                assertThat(r.checks()).as("task %s of %s before its solution", r.step().id(), id)
                        .anyMatch(c -> !c.passed());
                StringBuilder typed = new StringBuilder();
                for (CommandSpec c : s.solution()) {
                    TypedResult t = s.type(c.host(), null, c.line(), LiveOutput.NONE);
                    typed.append(Transcript.prompt(c.host(), c.line())).append(t.result().output());
                }
                TaskStatus status = s.tasks().get(s.tasks().size() - 1);
                List<String> failing = status.checks().stream().filter(c -> !c.passed())
                        .map(c -> c.description() + ": " + c.detail()).toList();
                assertThat(failing).as("task %s of %s after its solution:%n%s", r.step().id(), id, typed).isEmpty();
                assertThat(status.solved()).isTrue();
                assertThat(status.checks()).allMatch(CheckResult::passed);
            }
        }
    }
}
