/*
 * The packet list over frames the simulator captured during the overlay lab's ping: filtering,
 * capture points, the layer tree with the tunnel header's origin, highlighted bytes, the pcapng
 * export that tshark reads (an interface per capture point, the step as each frame's comment), and
 * reading it back. No toolkit involved.
 */
package org.overlaylab.app.ui.packets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.app.ui.base.UiThread;
import org.overlaylab.app.ui.session.Worker;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.packets.tree.Field;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

class PacketListViewModelTest {
    private static MainViewModel main;
    private static PacketListViewModel vm;

    @BeforeAll
    static void runOverlayLab() {
        main = new MainViewModel(BackendRegistry.load(), UiThread.direct(), n -> Worker.direct(), Runnable::run,
                SettingsStore.inMemory());
        main.start();
        main.steps().select(main.steps().stepCount());
        main.runToSelected();
        vm = main.packets();
    }

    @AfterAll
    static void close() {
        main.close();
    }

    @Test
    void listsEveryCapturedFrameWithTcpdumpsText() {
        assertThat(vm.rowCount()).isEqualTo(vm.store().size()).isGreaterThan(50);
        List<String> infos = rows().stream().map(PacketListViewModel.Row::info).toList();
        assertThat(infos).anyMatch(i -> i.startsWith("IP 10.0.0.2 > 10.0.0.3: ICMP echo request"));
        assertThat(infos).anyMatch(i -> i.contains("> 192.168.205.11.4789: VXLAN, flags [I] (0x08), vni 256\n"
                + "IP 10.0.0.2 > 10.0.0.3: ICMP echo request"));
        assertThat(rows().get(0).time()).isEqualTo("0.000000");
        assertThat(rows()).anyMatch(r -> r.where().equals("node1 [test1] eth0 Out"));
    }

    @Test
    void aFilterNarrowsTheListAndABadOneIsMarkedWithoutLosingTheList() {
        int all = vm.rowCount();
        vm.applyFilter("arp");
        assertThat(vm.rowCount()).isPositive().isLessThan(all);
        assertThat(rows()).allSatisfy(r -> assertThat(r.kind().protocol()).isEqualTo(Protocol.ARP));
        int arp = vm.rowCount();
        vm.applyFilter("arp and (");
        assertThat(vm.filterError().get()).isNotNull().startsWith("column ");
        assertThat(vm.rowCount()).isEqualTo(arp);
        vm.applyFilter("vxlan and icmp");
        assertThat(vm.filterError().get()).isNull();
        assertThat(rows()).isNotEmpty().allSatisfy(r -> assertThat(r.kind().tunnel()).isEqualTo(Protocol.Tunnel.VXLAN));
        vm.applyFilter("");
        assertThat(vm.rowCount()).isEqualTo(all);
    }

    @Test
    void aCapturePointShowsOnlyItsDevice() {
        CaptureChoice underlay = vm.captureChoices().items().stream()
                .filter(c -> c.point().equals(new CapturePoint("node1", "host", "enp0s8"))).findFirst().orElseThrow();
        assertThat(underlay.label()).isEqualTo("node1: enp0s8");
        vm.choosePoint(underlay);
        assertThat(rows()).isNotEmpty().allSatisfy(r -> assertThat(r.where()).startsWith("node1 enp0s8"));
        vm.choosePoint(CaptureChoice.ANY);
    }

    @Test
    void theLayerTreeSaysWhoAddedTheTunnelHeaderAndAFieldHighlightsItsBytes() {
        int outer = -1;
        for (int p = 0; p < vm.rowCount(); p++) {
            PacketListViewModel.Row r = vm.row(p);
            if (r.where().startsWith("node2 enp0s8 In") && r.kind().tunnel() == Protocol.Tunnel.VXLAN) {
                outer = r.index();
                break;
            }
        }
        assertThat(outer).isNotNegative();
        vm.select(outer);
        LayerTree tree = vm.detail().get().tree();
        assertThat(tree.layers()).extracting(Layer::name).startsWith("Ethernet", "IPv4", "UDP", "VXLAN", "Ethernet",
                "IPv4", "ICMP");
        Layer vxlan = tree.layers().get(3);
        assertThat(vxlan.annotation()).isEqualTo("added by node1:vxlan0");
        Field vni = vxlan.fields().stream().filter(f -> f.name().startsWith("VNI")).findFirst().orElseThrow();
        vm.selectField(vni);
        assertThat(vm.highlight().get()).isEqualTo(new PacketListViewModel.ByteRange(vni.offset(), vni.length(), 0));
        assertThat(vm.detail().get().hexLines().get(0)).startsWith("0000  ");
        vm.select(-1);
        assertThat(vm.detail().get()).isNull();
    }

    @Test
    void exportedFramesAreOnePcapngThatTsharkReadsAndThatReadsBack(@TempDir Path dir) throws Exception {
        vm.applyFilter("icmp");
        int listed = vm.rowCount();
        List<String> where = rows().stream().map(r -> r.where().replaceAll(" (In|Out|Drop)$", "")).toList();
        Path pcapng = dir.resolve("ping.pcapng");
        assertThat(vm.exportPcapng(pcapng)).isEqualTo(listed);
        vm.applyFilter("");
        Process tshark = new ProcessBuilder("tshark", "-r", pcapng.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "icmp.type", "-e", "frame.interface_name", "-e", "frame.comment")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(tshark.getInputStream().readAllBytes());
        assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tshark.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.matches("\\d+\\t.*")).toList();
        assertThat(lines).hasSize(listed);
        // each frame on the interface of the capture point the list named, with the step that made it
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("\\d+\\t(0|8)(,(0|8))?\\t[^\\t]+\\tstep \\d+/\\d+: .+"));
        assertThat(lines.stream().map(l -> l.split("\t")[2]).distinct().sorted().toList())
                .isEqualTo(where.stream().distinct().sorted().toList());
        assertThat(lines).anyMatch(l -> l.contains("\tnode1 [test1] eth0\t"));

        FrameStore other = new FrameStore();
        PacketListViewModel reader = new PacketListViewModel(other, UiThread.direct(), Runnable::run);
        assertThat(reader.openPcap(pcapng)).isEqualTo(listed);
        assertThat(reader.skippedOnOpen()).isZero();
        assertThat(reader.rowCount()).isEqualTo(listed);
        assertThat(reader.row(0).where()).isEqualTo("file [ping.pcapng] " + lines.get(0).split("\t")[2] + " In");
        assertThat(other.note(other.firstIndex())).startsWith("step ");
        assertThat(reader.captureChoices().items()).anyMatch(c -> c.label().equals("file ping.pcapng"));
    }

    @Test
    void aLabRoutersLinksAreCapturePointsOfTheirOwn() {
        PacketListViewModel list = new PacketListViewModel(new FrameStore(), UiThread.direct(), Runnable::run);
        list.updateTopology(org.overlaylab.app.ui.diagram.RoutedLayoutTest.routedTopology());
        assertThat(list.captureChoices().items()).extracting(CaptureChoice::label)
                .contains("router1: any", "router1: eth1", "router1: eth2");
        assertThat(list.captureChoices().items()).filteredOn(c -> c.label().equals("router1: eth2"))
                .extracting(CaptureChoice::point)
                .containsExactly(new org.overlaylab.model.backend.CapturePoint("router1", "host", "eth2"));
    }

    @Test
    void pausingFreezesTheListAndResumingCatchesUp() {
        FrameStore store = new FrameStore();
        PacketListViewModel list = new PacketListViewModel(store, UiThread.direct(), Runnable::run);
        store.append(FrameStoreTest.frame(0, "node1", "eth0", 60));
        list.setPaused(true);
        store.append(FrameStoreTest.frame(1, "node1", "eth0", 60));
        store.append(FrameStoreTest.frame(2, "node1", "eth0", 60));
        assertThat(list.rowCount()).isEqualTo(1);
        list.setPaused(false);
        assertThat(list.rowCount()).isEqualTo(3);
        list.clear();
        assertThat(list.rowCount()).isZero();
    }

    private static List<PacketListViewModel.Row> rows() {
        return java.util.stream.IntStream.range(0, vm.rowCount()).mapToObj(vm::row).toList();
    }
}
