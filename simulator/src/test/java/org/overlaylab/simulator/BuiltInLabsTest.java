/* Every built-in lab runs to its end on the simulator with every command expectation and state check passing. */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.StepResult;

class BuiltInLabsTest {

    static List<String> labs() {
        return LabLoader.builtInIds();
    }

    @ParameterizedTest
    @MethodSource("labs")
    void runsToTheEndWithEveryCheckPassing(String id) throws Exception {
        LabRuns.Run run = LabRuns.run(id);

        List<String> failures = new ArrayList<>();
        for (StepResult step : run.results()) {
            if (step.error() != null) {
                failures.add("step " + step.number() + ": " + step.error());
            }
            for (CommandOutcome c : step.commands()) {
                for (CheckResult check : c.checks()) {
                    if (!check.passed()) {
                        failures.add("step " + step.number() + " `" + c.spec().firstLine() + "`: " + check.description()
                                + " -- " + check.detail() + "\n" + c.result().output());
                    }
                }
            }
            for (CheckResult check : step.checks()) {
                if (!check.passed()) {
                    failures.add("step " + step.number() + ": " + check.description() + " -- " + check.detail());
                }
            }
        }
        assertThat(run.results()).hasSize(run.lab().steps().size());
        assertThat(failures).as(run.transcript()).isEmpty();
    }
}
