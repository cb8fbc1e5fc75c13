/*
 * The layout of a lab with two underlay segments and a router between them: one switch per
 * segment, each host cabled to its own segment's switch, the router drawn with its links (name and
 * address) cabled to the two switches, and nothing overlapping.
 */
package org.overlaylab.app.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.bench.SyntheticLab;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;

public class RoutedLayoutTest {

    /** Three hosts: node1 and node2 on the first segment, node3 behind router1 on the second. */
    public static Topology routedTopology() {
        Topology flat = SyntheticLab.topology(3);
        List<Segment> segments = List.of(
                new Segment("underlay", "192.168.205.0/24", List.of(new Segment.Attachment("node1", "enp0s8"),
                        new Segment.Attachment("node2", "enp0s8"), new Segment.Attachment("router1", "eth1"))),
                new Segment("underlay2", "192.168.206.0/24", List.of(new Segment.Attachment("node3", "enp0s8"),
                        new Segment.Attachment("router1", "eth2"))));
        return new Topology(flat.hosts(), segments, List.of(), List.of());
    }

    static LabHints routedHints() {
        return new LabHints(Map.of("node1", "enp0s8", "node2", "enp0s8", "node3", "enp0s8"), Map.of(), "192.168.205.0/24",
                List.of(new LabHints.Router("router1", List.of(
                        new LabHints.RouterLink("eth1", "192.168.205.1/24", "underlay"),
                        new LabHints.RouterLink("eth2", "192.168.206.1/24", "underlay2")))));
    }

    @Test
    void eachSegmentHasItsSwitchAndTheRouterJoinsThem() {
        Diagram d = DiagramLayout.layout(routedTopology(), routedHints(), DiagramLayout.Options.defaults());
        Diagram.Box first = d.box("switch:underlay").orElseThrow();
        Diagram.Box second = d.box("switch:underlay2").orElseThrow();
        assertThat(first.lines()).containsExactly("underlay switch  192.168.205.0/24");
        assertThat(second.lines()).containsExactly("underlay switch  192.168.206.0/24");
        Diagram.Box router = d.box(Diagram.routerId("router1")).orElseThrow();
        assertThat(router.kind()).isEqualTo(Diagram.BoxKind.ROUTER);
        assertThat(router.title()).isEqualTo("router1");
        assertThat(d.chip(Diagram.deviceId("router1", "host", "eth1")).orElseThrow().lines())
                .containsExactly("eth1", "192.168.205.1/24");
        assertThat(d.chip(Diagram.deviceId("router1", "host", "eth2")).orElseThrow().lines())
                .containsExactly("eth2", "192.168.206.1/24");
        assertThat(cableTo(d, Diagram.deviceId("node1", "host", "enp0s8"))).isEqualTo("switch:underlay");
        assertThat(cableTo(d, Diagram.deviceId("node2", "host", "enp0s8"))).isEqualTo("switch:underlay");
        assertThat(cableTo(d, Diagram.deviceId("node3", "host", "enp0s8"))).isEqualTo("switch:underlay2");
        assertThat(cableTo(d, Diagram.deviceId("router1", "host", "eth1"))).isEqualTo("switch:underlay");
        assertThat(cableTo(d, Diagram.deviceId("router1", "host", "eth2"))).isEqualTo("switch:underlay2");
        // the router hangs below the switches, between them
        assertThat(router.bounds().y()).isGreaterThan(Math.max(first.bounds().maxY(), second.bounds().maxY()));
        assertThat(router.bounds().cx()).isBetween(first.bounds().cx(), second.bounds().cx());
        DiagramLayoutTest.assertReadable(d, "routed lab");
    }

    @Test
    void aLabWithoutRoutersKeepsItsOneSwitch() {
        Diagram d = DiagramLayout.layout(SyntheticLab.topology(3), LabHints.NONE, DiagramLayout.Options.defaults());
        assertThat(d.boxes().stream().filter(b -> b.kind() == Diagram.BoxKind.SWITCH).map(Diagram.Box::id))
                .containsExactly("switch:underlay");
        assertThat(d.boxes()).noneMatch(b -> b.kind() == Diagram.BoxKind.ROUTER);
    }

    private static String cableTo(Diagram d, String chip) {
        return d.links().stream().filter(l -> l.kind() == Diagram.LinkKind.UNDERLAY && l.from().equals(chip))
                .map(Diagram.Link::to).findFirst().orElse("no cable");
    }
}
