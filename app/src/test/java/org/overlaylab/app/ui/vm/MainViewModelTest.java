/* The main view model driving the real simulator, without any toolkit: labs, steps, back, reset, bad lab files, failures. */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.Settings;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendFactory;
import org.overlaylab.model.backend.BackendRegistry;

class MainViewModelTest {
    private MainViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void startsWithTheFirstBuiltInLabOnTheSimulator() {
        vm = Labs.mainOnSimulator();
        vm.start();
        assertThat(vm.labs().items()).extracting(MainViewModel.LabChoice::builtInId)
                .startsWith("docker-overlay-etcd", "docker-swarm-overlay", "ovs-gre", "ovs-vxlan", "ovs-geneve", "flannel-vxlan",
                        "flannel-host-gw", "flannel-vxlan-directrouting",
                        "calico-bgp");
        assertThat(vm.lab().get().builtInId()).isEqualTo("docker-overlay-etcd");
        assertThat(vm.backend().get().kind()).isEqualTo("sim");
        assertThat(vm.started().get()).isTrue();
        assertThat(vm.canRun().get()).isTrue();
        assertThat(vm.canBack().get()).isFalse();
        assertThat(vm.steps().items().get(0).state()).isEqualTo(StepsViewModel.State.NEXT);
        assertThat(vm.topology().diagram().box(Diagram.hostId("node1"))).isPresent();
    }

    /** Every lab of the lab index, so a lab added there is tested here too. */
    static List<String> builtInLabs() {
        return LabLoader.builtInIds();
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void everyBuiltInLabRunsToTheEndAndEveryStepPasses(String id) {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, id);
        Labs.runAll(vm);
        assertThat(vm.steps().completed().get()).isEqualTo(vm.steps().stepCount());
        assertThat(vm.steps().items().items()).allSatisfy(i -> assertThat(i.state())
                .as("step %d %s", i.number(), i.title()).isEqualTo(StepsViewModel.State.PASSED));
        assertThat(vm.canRun().get()).isFalse();
        assertThat(vm.status().get()).startsWith("All " + vm.steps().stepCount() + " steps done");
        assertThat(vm.packets().rowCount()).isPositive();
        assertThat(vm.console().lines("node1").items()).anySatisfy(l ->
                assertThat(l.kind()).isEqualTo(ConsoleViewModel.Kind.PROMPT));
    }

    @Test
    void backUndoesTheLastStepAndHighlightsWhatTheStepBeforeAdded() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "flannel-vxlan");
        Labs.runAll(vm);
        int all = vm.steps().stepCount();
        // Back undoes one action at a time: the commands typed to solve the last task, then the step
        for (int i = 0; i < 20 && vm.steps().completed().get() == all; i++) {
            vm.back();
        }
        assertThat(vm.steps().completed().get()).isEqualTo(all - 1);
        assertThat(vm.steps().items().get(all - 1).state()).isEqualTo(StepsViewModel.State.NEXT);
        assertThat(vm.console().lines("node1").items()).anySatisfy(l -> assertThat(l.text()).contains("back to before step " + all));
        vm.reset();
        assertThat(vm.steps().completed().get()).isZero();
        assertThat(vm.topology().diagram().chips()).noneMatch(c -> c.device().equals("flannel.100"));
    }

    @Test
    void aStepHighlightsTheDevicesItAdded() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.open(vm, "ovs-gre");
        int addGre = vm.lab().get().lab().stepNumber("gre-node1").orElseThrow();
        vm.steps().select(addGre);
        vm.runToSelected();
        var update = vm.topology().update().get();
        assertThat(update.highlight().added()).contains(Diagram.deviceId("node1", "host", "gre0"));
        assertThat(update.diagram().links()).anyMatch(l -> l.kind() == Diagram.LinkKind.HALF_TUNNEL);
    }

    @Test
    void runToHereOnADoneStepGoesBackToJustAfterIt() {
        vm = Labs.mainOnSimulator();
        vm.start();
        vm.steps().select(5);
        vm.runToSelected();
        assertThat(vm.steps().completed().get()).isEqualTo(5);
        vm.steps().select(2);
        vm.runToSelected();
        assertThat(vm.steps().completed().get()).isEqualTo(2);
    }

    @Test
    void aLabFileWithErrorsIsReportedAsLineColumnMessages(@TempDir Path dir) throws Exception {
        vm = Labs.mainOnSimulator();
        vm.start();
        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, """
                id: broken
                title: A broken lab
                hosts:
                  - name: node1
                    hostname: n1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: One
                    steps:
                      - id: s1
                        title: Bad program
                        run:
                          - node1: frobnicate --now
                          - node9: ls
                """);
        vm.openLabFile(bad);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).title()).contains("broken.yaml");
        assertThat(problems.get(0).details()).isNotEmpty()
                .allSatisfy(d -> assertThat(d).matches("\\d+:\\d+: .+"));
        assertThat(vm.lab().get().builtInId()).isEqualTo("docker-overlay-etcd");
    }

    @Test
    void aFailedCommandShowsItsErrorAndMarksTheStep(@TempDir Path dir) throws Exception {
        vm = Labs.mainOnSimulator();
        vm.start();
        Path lab = dir.resolve("failing.yaml");
        Files.writeString(lab, """
                id: failing
                title: A command that fails
                hosts:
                  - name: node1
                    hostname: n1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: One
                    steps:
                      - id: s1
                        title: Show a bridge that does not exist
                        explain: There is no such bridge, so ip fails.
                        run:
                          - node1: ip link show nosuchbridge
                      - id: s2
                        title: Something that works
                        explain: Prints the host name.
                        run:
                          - node1: hostname
                """);
        vm.openLabFile(lab);
        assertThat(vm.lab().get().file()).isEqualTo(lab);
        Labs.runAll(vm);
        assertThat(vm.steps().items().get(0).state()).isEqualTo(StepsViewModel.State.FAILED);
        assertThat(vm.steps().completed().get()).as("a run stops at the step that failed").isEqualTo(1);
        assertThat(vm.status().get()).contains("step 1 did not pass");
        assertThat(vm.console().lines("node1").items()).anySatisfy(l -> {
            assertThat(l.kind()).isEqualTo(ConsoleViewModel.Kind.ERROR);
            assertThat(l.text()).contains("exit status");
        });
        assertThat(vm.steps().detail().get().checks()).anySatisfy(c -> assertThat(c.passed()).isFalse());
    }

    @Test
    void anUnavailableBackendIsOfferedWithItsReasonButCannotBeChosen() {
        BackendFactory missing = new BackendFactory() {
            @Override
            public String kind() {
                return "cluster";
            }

            @Override
            public String description() {
                return "a cluster that is not there";
            }

            @Override
            public String unavailableReason() {
                return "needs root";
            }

            @Override
            public Backend create() {
                throw new IllegalStateException("unavailable");
            }
        };
        List<BackendFactory> all = new ArrayList<>(BackendRegistry.load().factories());
        all.add(missing);
        vm = new MainViewModel(new BackendRegistry(all), UiThread.direct(), n -> Worker.direct(), Runnable::run,
                SettingsStore.inMemory());
        vm.start();
        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        MainViewModel.BackendChoice netns = vm.backends().items().stream().filter(b -> b.kind().equals("cluster"))
                .findFirst().orElseThrow();
        assertThat(netns.available()).isFalse();
        assertThat(netns.unavailableReason()).isEqualTo("needs root");
        vm.chooseBackend(netns);
        assertThat(vm.backend().get().kind()).isEqualTo("sim");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo("needs root"));
    }

    @Test
    void theSshBackendReachesTheMachinesOfTheChosenHostsFileAndAnUnreachableOneFailsWithItsReason(@TempDir Path dir)
            throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // a real key, so the connection is what fails: written the way ssh-keygen writes it
        Path key = dir.resolve("id_ecdsa");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        try (var out = Files.newOutputStream(key)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                    .writePrivateKey(generator.generateKeyPair(), "overlaylab-test", null, out);
        }
        Path hosts = dir.resolve("lab-vms.yaml");
        Files.writeString(hosts, "hosts:\n  node1: {address: 127.0.0.1, port: " + closedPort + ", key: " + key
                + "}\n  node2: {address: 127.0.0.1, port: " + closedPort + ", key: " + key + "}\n");
        SettingsStore store = SettingsStore.inMemory();
        vm = new MainViewModel(BackendRegistry.load(), UiThread.direct(), n -> Worker.direct(), Runnable::run, store);
        List<Backend> setUp = new ArrayList<>();
        vm.setBackendSetup(setUp::add);
        vm.start();
        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        vm.chooseSshHostsFile(hosts.toString());
        vm.chooseBackend(vm.backends().items().stream().filter(b -> b.kind().equals("ssh")).findFirst().orElseThrow());

        assertThat(setUp).extracting(Backend::kind).containsExactly("sim", "ssh");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("127.0.0.1").contains(String.valueOf(closedPort)).contains("refuses connections"));
        assertThat(vm.started().get()).isFalse();
        assertThat(vm.status().get()).startsWith("Could not start the lab: ").contains("refuses connections");
        assertThat(store.load().sshHostsFile()).isEqualTo(hosts.toString());

        // Reset after a failed start tries the machines again
        vm.reset();
        assertThat(setUp).extracting(Backend::kind).containsExactly("sim", "ssh", "ssh");
        assertThat(problems).hasSize(2);

        // the app stays usable: back to the simulator, the lab runs
        vm.chooseBackend(vm.backends().items().stream().filter(b -> b.kind().equals("sim")).findFirst().orElseThrow());
        assertThat(vm.started().get()).isTrue();
        vm.runStep();
        assertThat(vm.steps().completed().get()).isEqualTo(1);
    }

    @Test
    void theSshBackendConnectsToTheLabsOwnAddressesOnlyAfterThePersonSaysSo() {
        vm = new MainViewModel(BackendRegistry.load(), UiThread.direct(), n -> Worker.direct(), Runnable::run,
                SettingsStore.inMemory());
        List<Backend> setUp = new ArrayList<>();
        vm.setBackendSetup(setUp::add);
        List<MainViewModel.LabAddressRequest> asked = new ArrayList<>();
        vm.setLabAddressPrompt(r -> {
            asked.add(r);
            return false;
        });
        vm.start();
        Labs.open(vm, "docker-overlay-etcd");
        vm.chooseBackend(vm.backends().items().stream().filter(b -> b.kind().equals("ssh")).findFirst().orElseThrow());

        assertThat(asked).singleElement().satisfies(r -> assertThat(r.hostAddresses())
                .containsExactly("node1 192.168.205.10/24", "node2 192.168.205.11/24"));
        assertThat(setUp).extracting(Backend::kind).doesNotContain("ssh");
        assertThat(vm.started().get()).isFalse();
        assertThat(vm.status().get()).startsWith("Not started: choose the machines for the ssh backend");
    }

    @Test
    void remembersTheLastLabAndTheViewSettings() {
        SettingsStore store = SettingsStore.inMemory();
        vm = new MainViewModel(BackendRegistry.load(), UiThread.direct(), n -> Worker.direct(), Runnable::run, store);
        vm.start();
        Labs.open(vm, "calico-bgp");
        vm.setPresenter(true);
        vm.setDark(true);
        vm.setSpeed(4);
        vm.close();
        Settings s = store.load();
        assertThat(s.lastLab()).isEqualTo("calico-bgp");
        assertThat(s.presenter()).isTrue();
        assertThat(s.dark()).isTrue();
        assertThat(s.speed()).isEqualTo(4.0);
        vm = new MainViewModel(BackendRegistry.load(), UiThread.direct(), n -> Worker.direct(), Runnable::run, store);
        vm.start();
        assertThat(vm.lab().get().builtInId()).isEqualTo("calico-bgp");
        assertThat(vm.presenter().get()).isTrue();
    }

    @Test
    void pickingAnEventSelectsItsFrameAndItsDevice() {
        vm = Labs.mainOnSimulator();
        vm.start();
        Labs.runAll(vm);
        vm.console().terminal("node1", null).submit("ping -c 2 192.168.205.11");
        AnimationViewModel a = vm.animation();
        assertThat(a.events().size()).isPositive();
        int i = a.events().size() / 2;
        vm.selectEvent(i);
        AnimationViewModel.Event e = a.event(i);
        assertThat(vm.packets().selectedFrame().get()).isEqualTo(e.storeIndex());
        assertThat(vm.topology().selected().get()).isEqualTo(a.elementOf(e));
        assertThat(a.currentEvent().get()).isEqualTo(i);
        assertThat(a.playing().get()).isFalse();
    }
}
