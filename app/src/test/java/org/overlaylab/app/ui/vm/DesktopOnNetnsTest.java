/*
 * The desktop app's view model on the netns backend, as a teacher would use it: the flannel lab
 * picked, the backend switched to netns, every step run; the packet store then holds the VXLAN
 * frames on node1's underlay and the ping inside a container, captured by the app itself. Going
 * back one step and running it again captures again (a reset ends the backend's captures), and
 * closing the app leaves no namespace, daemon or file behind.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.packets.FrameStore;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.hosts.netns.NetnsBackend;
import org.overlaylab.hosts.netns.LabRuns;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;

@Tag("netns")
class DesktopOnNetnsTest {
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
    void theFlannelLabRunsOnNetnsFromTheAppWithItsTunnelTrafficInThePacketView() throws Exception {
        vm = new MainViewModel(BackendRegistry.load(), ui, n -> Worker.direct(), Runnable::run,
                SettingsStore.inMemory());
        onUi(vm::start);
        onUi(() -> Labs.open(vm, "flannel-vxlan"));
        MainViewModel.BackendChoice netns = vm.backends().items().stream().filter(b -> b.kind().equals("netns"))
                .findFirst().orElseThrow();
        assertThat(netns.available()).as("netns backend: " + netns.unavailableReason()).isTrue();
        List<MainViewModel.Problem> problems = new ArrayList<>();
        vm.problems().subscribe(problems::add);
        onUi(() -> vm.chooseBackend(netns));
        assertThat(problems).isEmpty();
        assertThat(vm.started().get()).isTrue();

        // step by step: on a real kernel two steps differ in wording from the tutorial's (Docker
        // 20.10's messages), and a run of several steps stops at a step that does not pass
        int all = vm.steps().stepCount();
        for (int i = 0; i < all; i++) {
            onUi(vm::runStep);
        }
        assertThat(vm.steps().completed().get()).isEqualTo(all);
        int ping = vm.lab().get().lab().stepNumber("ping-test2").orElseThrow();
        assertThat(vm.steps().items().get(ping - 1).state()).as("the ping step").isEqualTo(StepsViewModel.State.PASSED);

        FrameStore store = vm.packets().store();
        List<String> underlay = lines(store, 0, "node1", "host", "enp0s8");
        // tcpdump names UDP 8472 (flannel's port) OTV, whose header VXLAN's matches; the app prints as tcpdump does
        assertThat(underlay).as("node1 enp0s8").anyMatch(l -> l.contains("> 192.168.205.11.8472: OTV, flags [I] (0x08), overlay 0, instance 100")
                && l.contains("ICMP echo request"));
        assertThat(linesInContainers(store, 0)).as("inside a container").anyMatch(l -> l.contains("ICMP echo request"));

        // back one step and run it again: the captures come back after the reset
        onUi(vm::back);
        assertThat(vm.steps().completed().get()).isEqualTo(all - 1);
        int mark = store.endIndex();
        onUi(vm::runStep);
        assertThat(vm.steps().completed().get()).isEqualTo(all);
        waitForFrames(store, mark, "node1", "host", "enp0s8");
        assertThat(lines(store, mark, "node1", "host", "enp0s8")).as("node1 enp0s8 after going back").isNotEmpty();

        onUi(vm::close);
        vm = null;
        assertThat(LabRuns.all()).as("netns runs still recorded").noneMatch(r -> r.ownerPid() == ProcessHandle.current().pid());
    }

    private static List<String> lines(FrameStore store, int from, String host, String ns, String device) {
        TcpdumpFormatter f = new TcpdumpFormatter(ZoneOffset.UTC, false);
        List<String> out = new ArrayList<>();
        for (int i = Math.max(from, store.firstIndex()); i < store.endIndex(); i++) {
            FrameStore.Place p = store.place(i);
            if (p.host().equals(host) && ns.equals(p.namespace()) && p.device().equals(device)) {
                out.add(f.format(record(store, i)));
            }
        }
        return out;
    }

    private static List<String> linesInContainers(FrameStore store, int from) {
        TcpdumpFormatter f = new TcpdumpFormatter(ZoneOffset.UTC, false);
        List<String> out = new ArrayList<>();
        for (int i = Math.max(from, store.firstIndex()); i < store.endIndex(); i++) {
            FrameStore.Place p = store.place(i);
            if (!"host".equals(p.namespace()) && p.device().equals("eth0")) {
                out.add(f.format(record(store, i)));
            }
        }
        return out;
    }

    private static PcapRecord record(FrameStore store, int i) {
        long t = store.timeNanos(i);
        byte[] d = store.data(i);
        return new PcapRecord(t / 1_000_000_000L, (int) (t % 1_000_000_000L / 1000), d, d.length);
    }

    /** Real captures arrive from tcpdump's stream a moment after the packets. */
    private static void waitForFrames(FrameStore store, int from, String host, String ns, String device)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until && lines(store, from, host, ns, device).isEmpty()) {
            Thread.sleep(100);
        }
    }
}
