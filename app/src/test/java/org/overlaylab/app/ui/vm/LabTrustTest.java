/* The app asks before a lab file that is not built in starts on a real backend, and starts nothing when refused. */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendRegistry;

class LabTrustTest {
    @TempDir
    Path dir;

    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** A real backend as far as the app can tell; it runs on the simulator so the test needs nothing. */
    private static final class RealLike implements BackendFactory {
        final AtomicInteger created = new AtomicInteger();
        final BackendFactory sim;

        RealLike() throws BackendException {
            sim = BackendRegistry.load().require("sim");
        }

        @Override
        public String kind() {
            return "netns";
        }

        @Override
        public String description() {
            return "network namespaces";
        }

        @Override
        public String unavailableReason() {
            return null;
        }

        @Override
        public Backend create() {
            created.incrementAndGet();
            return sim.create();
        }
    }

    @Test
    void aLabFileOnARealBackendStartsOnlyWhenTrusted() throws Exception {
        RealLike real = new RealLike();
        BackendFactory sim = BackendRegistry.load().require("sim");
        vm = new MainViewModel(new BackendRegistry(List.of(sim, real)), UiThread.direct(), name -> Worker.direct(),
                Runnable::run, SettingsStore.inMemory());
        List<MainViewModel.TrustRequest> asked = new ArrayList<>();
        boolean[] answer = {false};
        vm.setTrustPrompt(r -> {
            asked.add(r);
            return answer[0];
        });
        vm.start();
        vm.chooseBackend(vm.backends().items().stream().filter(b -> b.kind().equals("netns")).findFirst().orElseThrow());
        assertThat(asked).as("a built-in lab is not asked about").isEmpty();
        int builtInStarts = real.created.get();

        Path lab = Files.writeString(dir.resolve("shared.yaml"), """
                id: shared
                title: A shared lab
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: S
                    steps:
                      - id: s1
                        title: Look
                        explain: E
                        run:
                          - node1: echo $(hostname) && sudo docker ps
                """);
        vm.openLabFile(lab);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).backend()).isEqualTo("netns");
        assertThat(asked.get(0).summary().hosts()).containsExactly("node1: enp0s8 192.168.205.10/24");
        assertThat(asked.get(0).summary().programs()).containsExactly("hostname", "echo", "docker");
        assertThat(asked.get(0).summary().commands()).containsExactly("node1$ echo $(hostname) && sudo docker ps");
        assertThat(real.created.get()).as("nothing started").isEqualTo(builtInStarts);
        assertThat(vm.status().get()).isEqualTo("Not started: A shared lab was not trusted to run on netns; the simulator"
                + " runs it without asking");

        answer[0] = true;
        vm.openLabFile(lab);
        assertThat(asked).hasSize(2);
        assertThat(real.created.get()).isEqualTo(builtInStarts + 1);
        vm.openLabFile(lab);
        assertThat(asked).as("trusted once for this run of the app").hasSize(2);
    }
}
