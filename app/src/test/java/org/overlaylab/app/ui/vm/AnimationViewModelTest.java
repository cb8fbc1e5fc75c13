/*
 * The animation of a step's frames: events in order with where each packet came from, markers that
 * follow the cables and wear a tunnel capsule between the VTEPs, stepping hop by hop, playing to
 * the end, and clicking a marker. What each event carries comes from the Pcap4J layer tree and
 * matches the packet list's fast reading of the bytes.
 */
package org.overlaylab.app.ui.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.bench.SyntheticLab;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.diagram.DiagramLayout;
import org.overlaylab.app.ui.diagram.LabHints;
import org.overlaylab.app.ui.packets.Protocol;

class AnimationViewModelTest {
    private MainViewModel main;
    private AnimationViewModel vm;

    @BeforeEach
    void runFlannelToItsPing() {
        main = Labs.mainOnSimulator();
        main.start();
        Labs.open(main, "flannel-vxlan");
        Labs.runTutorial(main);
        vm = main.animation();
    }

    @AfterEach
    void close() {
        main.close();
    }

    @Test
    void everyFrameOfTheStepIsAnEventInOrder() {
        int last = main.steps().completed().get();
        assertThat(vm.events().size()).isEqualTo(main.framesOf(last).size()).isPositive();
        List<AnimationViewModel.Event> ev = vm.events().items();
        for (int i = 1; i < ev.size(); i++) {
            assertThat(ev.get(i).t()).isGreaterThanOrEqualTo(ev.get(i - 1).t());
            assertThat(ev.get(i).virtualNanos()).isGreaterThanOrEqualTo(ev.get(i - 1).virtualNanos());
        }
        AnimationViewModel.Event wrapped = ev.stream().filter(e -> e.kind().tunnel() == Protocol.Tunnel.VXLAN
                && e.at().equals("node1 enp0s8")).findFirst().orElseThrow();
        assertThat(wrapped.from()).isEqualTo("node1 flannel.100");
        assertThat(wrapped.type()).startsWith("VXLAN (ICMP)");
        assertThat(wrapped.headers()).as("the header stack of the Pcap4J decode").containsExactly(
                "Ethernet", "IPv4", "UDP", "VXLAN", "Ethernet", "IPv4", "ICMP", "Data");
        assertThat(vm.playing().get()).as("a step's packets play by themselves").isTrue();
    }

    @Test
    void theDecodedKindOfEveryFrameIsTheOneThePacketListShows() {
        int last = main.steps().completed().get();
        List<AnimationViewModel.Event> ev = vm.events().items();
        assertThat(ev).isNotEmpty();
        for (var frame : main.framesOf(last)) {
            byte[] data = frame.frame().data();
            assertThat(Protocol.of(org.overlaylab.packets.tree.LayerTree.of(data))).isEqualTo(Protocol.classify(data));
        }
    }

    @Test
    void aPacketWearsACapsuleBetweenTheTunnelEnds() {
        List<AnimationViewModel.Event> ev = vm.events().items();
        int k = -1;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).at().equals("node2 enp0s8") && ev.get(i).kind().tunnel() == Protocol.Tunnel.VXLAN) {
                k = i;
                break;
            }
        }
        assertThat(k).isPositive();
        vm.seek(ev.get(k).t() - AnimationViewModel.HOP / 2);
        List<AnimationViewModel.Marker> markers = List.copyOf(vm.markers());
        assertThat(markers).anySatisfy(m -> {
            assertThat(m.wrap()).isEqualTo(1.0);
            assertThat(m.kind().tunnel()).isEqualTo(Protocol.Tunnel.VXLAN);
            assertThat(m.kind().protocol()).isEqualTo(Protocol.ICMP);
        });
        // halfway along the underlay the marker is between the two hosts
        Diagram d = main.topology().diagram();
        double x1 = d.chip(Diagram.deviceId("node1", "host", "enp0s8")).orElseThrow().bounds().cx();
        double x2 = d.chip(Diagram.deviceId("node2", "host", "enp0s8")).orElseThrow().bounds().cx();
        assertThat(markers).anySatisfy(m -> assertThat(m.x()).isStrictlyBetween(Math.min(x1, x2), Math.max(x1, x2)));
    }

    @Test
    void steppingMovesOneEventAtATimeAndPlayingStopsAtTheEnd() {
        vm.seek(0);
        vm.stepForward();
        assertThat(vm.currentEvent().get()).isZero();
        assertThat(vm.playing().get()).isFalse();
        vm.stepForward();
        vm.stepForward();
        // a step reaches every event of the third instant at once (two devices may send together)
        List<AnimationViewModel.Event> ev = vm.events().items();
        int third = 2;
        while (third + 1 < ev.size() && ev.get(third + 1).t() == ev.get(2).t()) {
            third++;
        }
        assertThat(vm.currentEvent().get()).isEqualTo(third);
        vm.stepBack();
        assertThat(vm.currentEvent().get()).isEqualTo(1);
        vm.setSpeed(8);
        vm.play();
        for (int i = 0; i < 10_000 && vm.playing().get(); i++) {
            vm.advance(0.05);
        }
        assertThat(vm.playing().get()).isFalse();
        assertThat(vm.currentEvent().get()).isEqualTo(vm.events().size() - 1);
        assertThat(vm.time().get()).isEqualTo(vm.duration().get());
    }

    @Test
    void clickingAMarkerSelectsItsFrame() {
        vm.seekToEvent(vm.events().size() / 2);
        vm.seek(vm.time().get() - 0.2);
        AnimationViewModel.Marker m = vm.markers().get(0);
        assertThat(vm.markerNear(m.x() + 2, m.y() - 2, 10)).isNotNull();
        main.selectMarker(m);
        assertThat(main.packets().selectedFrame().get()).isEqualTo(vm.event(m.event()).storeIndex());
    }

    @Test
    void fiveHundredPacketsInFlightAreAllDrawn() {
        AnimationViewModel a = new AnimationViewModel();
        a.setDiagram(DiagramLayout.layout(SyntheticLab.topology(100), LabHints.NONE, DiagramLayout.Options.defaults()));
        a.load(SyntheticLab.pings(100, 500, 0), f -> f.host() + " " + f.device());
        a.seek(AnimationViewModel.HOP * 4.5);
        assertThat(a.markers().size()).isGreaterThanOrEqualTo(500);
    }

    @Test
    void aStepWithoutFramesHasNothingToPlay() {
        AnimationViewModel a = new AnimationViewModel();
        a.setDiagram(Diagram.EMPTY);
        a.load(List.of(), f -> "");
        a.play();
        assertThat(a.playing().get()).isFalse();
        assertThat(a.markers()).isEmpty();
        assertThat(Map.of()).isEmpty();
    }
}
