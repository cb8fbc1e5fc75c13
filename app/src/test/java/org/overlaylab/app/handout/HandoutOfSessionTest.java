/*
 * A handout made from a session's own steps (what File > Export handout writes for "this session"):
 * the steps run so far and no others, each command with the output that session printed (its
 * container IDs, not those a fresh run would print), the backend's notes, the key frames it
 * captured, and a line saying on which backend the session ran. Here the session runs on the
 * simulator with a seed of its own, so its IDs differ from a fresh run with the lab's seed.
 */
package org.overlaylab.app.handout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Topology;

class HandoutOfSessionTest {
    @TempDir
    Path dir;

    @Test
    void theHandoutOfASessionShowsItsStepsAsTheyRanThere() throws Exception {
        Lab lab = LabLoader.resolve("docker-overlay-etcd");
        int upTo = lab.stepNumber("ping-across").orElseThrow();
        long seed = lab.seed() + 4242;
        Backend backend = BackendRegistry.load().require("sim").create();
        BackendOptions options = new BackendOptions(seed, null, Duration.ofSeconds(60), Map.of());
        List<StepResult> results = new ArrayList<>();
        List<List<CapturedFrame>> frames = new ArrayList<>();
        Topology start;
        try (LabSession session = new LabSession(lab, backend, options)) {
            session.start();
            start = session.topology();
            List<CapturedFrame> captured = new ArrayList<>();
            try (CaptureHandle capture = backend.capture(CapturePoint.ANY, f -> {
                synchronized (captured) {
                    captured.add(f);
                }
            })) {
                for (int n = 1; n <= upTo; n++) {
                    results.add(session.runNext());
                    synchronized (captured) {
                        frames.add(List.copyOf(captured));
                        captured.clear();
                    }
                }
            }
        }
        Handout h = Handout.ofSession(lab, "sim", start, results, frames);
        Path page = h.write(dir);
        String html = Files.readString(page);

        assertThat(html).contains("Lab <code>docker-overlay-etcd</code>, " + upTo + " of " + lab.steps().size()
                + " steps as they ran in an OverlayLab session on the sim backend; commands typed at the prompts are not included.");
        assertThat(html.split("<section class=\"step\"", -1).length - 1).isEqualTo(upTo);
        assertThat(html).contains("<h2>" + upTo + ". " + Handout.esc(lab.steps().get(upTo - 1).title()) + "</h2>")
                .doesNotContain("<h2>" + (upTo + 1) + ". ");
        for (StepResult r : results) {
            for (CommandOutcome o : Handout.shownCommands(r)) {
                assertThat(html).contains("<b>" + Handout.esc(o.spec().host()) + "$ " + Handout.esc(o.spec().line().strip()) + "</b>");
                assertThat(html).contains(Handout.esc(o.result().output().strip()));
            }
        }
        // the container ID this session's docker printed, not the one a fresh run with the lab's seed prints
        int runTest1 = lab.stepNumber("run-test1").orElseThrow();
        String sessionId = lastLine(results.get(runTest1 - 1).commands().get(0).result().output());
        String freshId = lastLine(Handout.run(lab, "sim", BackendRegistry.load().require("sim").create(),
                BackendOptions.withSeed(lab.seed()), runTest1).results().get(runTest1 - 1).commands().get(0).result().output());
        assertThat(sessionId).matches("[0-9a-f]{64}").isNotEqualTo(freshId);
        assertThat(html).contains(sessionId).doesNotContain(freshId);
        // the backend's note on the tcpdump the ping step stopped, and the VXLAN frame it captured
        assertThat(html).contains("<i class=\"note\">stopped with Ctrl-C when the step's other commands were done</i>")
                .contains("<b>VXLAN</b>");
        assertThat(dir.resolve(Handout.PDF)).exists();
    }

    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
