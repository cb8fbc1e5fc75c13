/*
 * The handout of a session on the netns backend holds what ran there, not a simulator run: after the
 * first step of the Docker overlay lab on real namespaces, the page says it ran on netns and shows the
 * backend's note that the etcd tarball was not downloaded (the lab's copy was used), where the
 * simulator would print the tutorial's wget transcript. Needs root: flock /tmp/olab-netns.lock mvn ...
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.handout.Handout;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.hosts.netns.LabRuns;
import org.overlaylab.model.backend.BackendRegistry;

@Tag("netns")
class HandoutOnNetnsTest {
    @TempDir
    Path dir;

    private MainViewModel vm;
    private final UiThreadForTests ui = new UiThreadForTests();

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            onUi(vm::close);
        }
        ui.close();
    }

    private void onUi(Runnable work) throws Exception {
        ui.run(work);
    }

    @Test
    void theHandoutOfANetnsSessionShowsWhatRanOnNetns() throws Exception {
        vm = new MainViewModel(BackendRegistry.load(), ui, n -> Worker.direct(), Runnable::run, SettingsStore.inMemory());
        onUi(vm::start);
        onUi(() -> Labs.open(vm, "docker-overlay-etcd"));
        MainViewModel.BackendChoice netns = vm.backends().items().stream().filter(b -> b.kind().equals("netns"))
                .findFirst().orElseThrow();
        assertThat(netns.available()).as("netns backend: " + netns.unavailableReason()).isTrue();
        onUi(() -> vm.chooseBackend(netns));
        assertThat(vm.started().get()).isTrue();
        onUi(vm::runStep);
        assertThat(vm.steps().completed().get()).isEqualTo(1);

        MainViewModel.SessionSteps done = ui.call(vm::sessionSteps);
        assertThat(done.backend()).isEqualTo("netns");
        assertThat(done.results()).hasSize(1);
        Path page = Handout.ofSession(done.lab(), done.backend(), done.start(), done.results(), done.frames()).write(dir);
        String html = Files.readString(page);
        assertThat(html).contains("1 of 19 steps as they ran in an OverlayLab session on the netns backend",
                "<b>node1$ wget https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz</b>",
                "<i class=\"note\">not downloaded: https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz")
                // the simulator's wget prints the tutorial's transcript; netns did not
                .doesNotContain("Resolving github.com (github.com)... 192.30.253.112");
        assertThat(dir.resolve(Handout.PDF)).exists();

        onUi(vm::close);
        vm = null;
        assertThat(LabRuns.all()).as("netns runs still recorded").noneMatch(r -> r.ownerPid() == ProcessHandle.current().pid());
    }
}
