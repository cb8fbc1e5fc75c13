/*
 * A lab that does not run on every backend: the picker offers the others disabled with the lab's
 * reason, the lab opens on a backend it runs on, and the next lab gets the person's own choice back.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendRegistry;

class LabBackendsPickerTest {
    private static final String NO_IPIP = "calico-ipip does not run on the netns backend: IP-in-IP needs the kernel's"
            + " ipip module, and this machine's kernel has none (it runs on sim, ssh)";

    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** The netns backend as the picker sees it; it runs on the simulator so the test needs no namespaces. */
    private static BackendFactory netnsLike() throws BackendException {
        BackendFactory sim = BackendRegistry.load().require("sim");
        return new BackendFactory() {
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
                return sim.create();
            }
        };
    }

    private MainViewModel.BackendChoice offered(String kind) {
        return vm.backends().items().stream().filter(b -> b.kind().equals(kind)).findFirst().orElseThrow();
    }

    private MainViewModel.LabChoice lab(String id) {
        return vm.labs().items().stream().filter(l -> id.equals(l.builtInId())).findFirst().orElseThrow();
    }

    @Test
    void netnsIsOfferedDisabledWithTheLabsReasonAndComesBackForTheNextLab() throws Exception {
        vm = new MainViewModel(new BackendRegistry(List.of(BackendRegistry.load().require("sim"), netnsLike())),
                UiThread.direct(), name -> Worker.direct(), Runnable::run, SettingsStore.inMemory());
        vm.start();
        vm.chooseBackend(offered("netns"));
        assertThat(vm.backend().get().kind()).isEqualTo("netns");

        vm.chooseLab(lab("calico-ipip"));
        assertThat(offered("netns").available()).isFalse();
        assertThat(offered("netns").unavailableReason()).isEqualTo(NO_IPIP);
        assertThat(offered("sim").available()).isTrue();
        assertThat(vm.backend().get().kind()).as("the lab opens where it runs").isEqualTo("sim");
        assertThat(vm.steps().labSummary().get()).endsWith("Runs on: sim, ssh only (IP-in-IP needs the kernel's ipip"
                + " module, and this machine's kernel has none).");

        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        vm.chooseBackend(offered("netns"));
        assertThat(vm.backend().get().kind()).isEqualTo("sim");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.title()).isEqualTo("The netns backend cannot run this lab");
            assertThat(p.message()).isEqualTo(NO_IPIP);
        });

        vm.chooseLab(lab("calico-bgp"));
        assertThat(offered("netns").available()).isTrue();
        assertThat(vm.backend().get().kind()).as("the person's own choice, kept in the settings").isEqualTo("netns");
    }
}
