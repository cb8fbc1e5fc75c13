/* Runs a built-in lab on a fresh simulator, as the CLI's `run` does, for the tests. */
package org.overlaylab.simulator;

import java.util.List;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.Transcript;

final class LabRuns {
    private LabRuns() {}

    record Run(Lab lab, LabSession session, List<StepResult> results, String transcript) {}

    static Run run(String id, long seed, int until) throws Exception {
        Lab lab = LabLoader.builtIn(id);
        SimulatorBackend backend = new SimulatorBackend();
        LabSession session = new LabSession(lab, backend, BackendOptions.withSeed(seed));
        session.setSolveTasks(true);
        session.start();
        List<StepResult> results = session.runThrough(until <= 0 ? lab.steps().size() : until);
        return new Run(lab, session, results, Transcript.of(lab, "sim", seed, results));
    }

    static Run run(String id) throws Exception {
        Lab lab = LabLoader.builtIn(id);
        return run(id, lab.seed(), 0);
    }
}
