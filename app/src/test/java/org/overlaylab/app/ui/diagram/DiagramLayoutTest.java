/*
 * The layout of every built-in lab at its last step (on the simulator) and of made-up labs of 2 to
 * 8 and 100 hosts: every device is drawn with its name and address, nothing overlaps, labels fit
 * their boxes, tunnels are pipes distinct from veth cables, and it stays quick.
 */
package org.overlaylab.app.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.app.ui.bench.SyntheticLab;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.topology.Topology;

class DiagramLayoutTest {
    private static final Map<String, Topology> FINAL = new HashMap<>();
    private static final Map<String, Lab> LABS = new HashMap<>();

    @BeforeAll
    static void runLabs() throws Exception {
        for (Lab lab : LabLoader.builtIns()) {
            try (LabSession s = new LabSession(lab, BackendRegistry.load().require("sim").create(),
                    BackendOptions.withSeed(lab.seed()))) {
                s.start();
                // the tutorial's end: the steps before the lab's tasks
                int tutorialEnd = lab.taskSteps().isEmpty() ? lab.steps().size()
                        : lab.steps().indexOf(lab.taskSteps().get(0));
                s.runThrough(tutorialEnd);
                FINAL.put(lab.id(), s.topology());
                LABS.put(lab.id(), lab);
            }
        }
    }

    private static Diagram layout(String id, DetailLevel detail) {
        return DiagramLayout.layout(FINAL.get(id), LabHints.of(LABS.get(id)),
                new DiagramLayout.Options(detail, TextMetrics.approximate(1), Map.of()));
    }

    @Test
    void theOverlayLabShowsItsDevicesWithNamesAndAddresses() {
        Diagram d = layout("docker-overlay-etcd", DetailLevel.ADDRESSES);
        assertThat(chip(d, "node1", "host", "enp0s8").lines()).containsExactly("enp0s8", "192.168.205.10/24");
        assertThat(chip(d, "node1", "host", "enp0s3").role()).isEqualTo(Diagram.ChipRole.NAT_NIC);
        Diagram.Chip vxlan = d.chips().stream().filter(c -> c.host().equals("node1") && c.device().equals("vxlan0"))
                .findFirst().orElseThrow();
        assertThat(vxlan.role()).isEqualTo(Diagram.ChipRole.VTEP);
        assertThat(vxlan.namespace()).startsWith("1-");
        assertThat(vxlan.lines()).contains("vxlan 256 :4789");
        assertThat(d.box(Diagram.namespaceId("node1", vxlan.namespace())).orElseThrow().title())
                .startsWith("overlay sandbox 1-");
        assertThat(d.box(Diagram.containerId("node1", "test1")).orElseThrow().title()).isEqualTo("test1");
        assertThat(d.box(Diagram.containerId("node2", "test1")).orElseThrow().inactive())
                .as("the test1 that node2 refused to start").isTrue();
        assertThat(d.boxes()).filteredOn(b -> b.kind() == Diagram.BoxKind.LINUX_BRIDGE).extracting(Diagram.Box::title)
                .contains("br0", "docker_gwbridge", "docker0");
        assertThat(d.box(Diagram.switchId("underlay")).orElseThrow().title()).contains("192.168.205.0/24");
        assertThat(d.box(Diagram.CLOUD_ID)).isPresent();
        Diagram.Link pipe = d.links().stream().filter(l -> l.kind() == Diagram.LinkKind.VXLAN).findFirst().orElseThrow();
        assertThat(pipe.label()).contains("VNI 256").contains("UDP 4789");
        assertThat(List.of(pipe.from(), pipe.to())).containsExactlyInAnyOrder(vxlan.id(),
                d.chips().stream().filter(c -> c.host().equals("node2") && c.device().equals("vxlan0")).findFirst()
                        .orElseThrow().id());
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.VETH).hasSize(4);
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.UNDERLAY).hasSize(2);
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.NAT).hasSize(2);
    }

    @Test
    void theOvsLabShowsTheBridgePortsAndAGrePipe() {
        Diagram d = layout("ovs-gre", DetailLevel.ADDRESSES);
        assertThat(d.box(Diagram.ovsBridgeId("node1", "br-int")).orElseThrow().lines()).contains("Open vSwitch bridge");
        Diagram.Chip gre = chip(d, "node1", "host", "gre0");
        assertThat(gre.role()).isEqualTo(Diagram.ChipRole.TUNNEL_PORT);
        assertThat(gre.lines()).contains("gre → 192.168.205.11");
        assertThat(gre.parent()).isEqualTo(Diagram.ovsBridgeId("node1", "br-int"));
        assertThat(chip(d, "node1", "host", "veth0").parent()).isEqualTo(Diagram.bridgeId("node1", "host", "docker0"));
        assertThat(d.links()).anyMatch(l -> l.kind() == Diagram.LinkKind.VETH
                && List.of(l.from(), l.to()).containsAll(List.of(Diagram.deviceId("node1", "host", "veth0"),
                Diagram.deviceId("node1", "host", "veth1"))));
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.GRE).singleElement()
                .satisfies(l -> assertThat(l.label()).startsWith("GRE tunnel"));
    }

    @Test
    void flannelAndCalicoShowTheirOwnWays() {
        Diagram f = layout("flannel-vxlan", DetailLevel.ADDRESSES);
        assertThat(chip(f, "node1", "host", "flannel.100").lines()).containsExactly("flannel.100", "10.15.64.0/8",
                "vxlan 100 :8472");
        assertThat(f.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.VXLAN).singleElement()
                .satisfies(l -> assertThat(l.label()).contains("VNI 100").contains("UDP 8472"));
        Diagram c = layout("calico-bgp", DetailLevel.ADDRESSES);
        assertThat(c.links()).noneMatch(Diagram.Link::isTunnel);
        assertThat(c.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.BGP).singleElement();
        assertThat(c.chips()).anyMatch(ch -> ch.device().startsWith("cali") && ch.host().equals("node2"));
    }

    /** Every lab of the lab index, so a lab added there is tested here too. */
    static List<String> builtInLabs() {
        return LabLoader.builtInIds();
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void nothingOverlapsAtAnyDetailLevel(String id) {
        for (DetailLevel level : DetailLevel.values()) {
            assertReadable(layout(id, level), id + " at " + level);
        }
    }

    @Test
    void detailLevelsAddMacsAndDropAddresses() {
        Diagram names = layout("flannel-vxlan", DetailLevel.NAMES);
        Diagram full = layout("flannel-vxlan", DetailLevel.FULL);
        assertThat(chip(names, "node1", "host", "enp0s8").lines()).containsExactly("enp0s8");
        assertThat(chip(full, "node1", "host", "enp0s8").lines()).hasSize(4)
                .anySatisfy(l -> assertThat(l).matches("08:00:27(:[0-9a-f]{2}){3}"));
        assertThat(chip(full, "node1", "host", "veth33a36ad").lines().get(0)).isEqualTo("veth33a36ad@eth0");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void madeUpLabsOfTwoToEightHostsStayReadable(int n) {
        Diagram d = DiagramLayout.layout(SyntheticLab.topology(n), LabHints.NONE, DiagramLayout.Options.defaults());
        assertReadable(d, n + " hosts");
        assertThat(d.boxes()).filteredOn(b -> b.kind() == Diagram.BoxKind.HOST).hasSize(n);
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.UNDERLAY).hasSize(n);
        assertThat(d.links()).filteredOn(l -> l.kind() == Diagram.LinkKind.VXLAN).hasSize(n - 1);
        double ratio = d.bounds().w() / d.bounds().h();
        assertThat(ratio).as("aspect of %d hosts", n).isBetween(0.9, 3.2);
    }

    @Test
    void aHundredHostsLayOutQuicklyWithoutOverlaps() {
        Topology t = SyntheticLab.topology(100);
        long start = System.nanoTime();
        Diagram d = DiagramLayout.layout(t, LabHints.NONE, DiagramLayout.Options.defaults());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isLessThan(3000);
        assertReadable(d, "100 hosts");
        assertThat(d.boxes()).filteredOn(b -> b.kind() == Diagram.BoxKind.HOST).hasSize(100);
    }

    @Test
    void draggingAHostMovesItAndItsCables() {
        Map<String, org.overlaylab.app.ui.diagram.Point> moved = Map.of(Diagram.hostId("node2"), new Point(120, 80));
        Diagram before = layout("flannel-vxlan", DetailLevel.ADDRESSES);
        Diagram after = DiagramLayout.layout(FINAL.get("flannel-vxlan"), LabHints.of(LABS.get("flannel-vxlan")),
                new DiagramLayout.Options(DetailLevel.ADDRESSES, TextMetrics.approximate(1), moved));
        Rect a = before.box(Diagram.hostId("node2")).orElseThrow().bounds();
        Rect b = after.box(Diagram.hostId("node2")).orElseThrow().bounds();
        assertThat(b.x() - a.x()).isEqualTo(120);
        assertThat(b.y() - a.y()).isEqualTo(80);
        Diagram.Chip nic = chip(after, "node2", "host", "enp0s8");
        Diagram.Link cable = after.link("underlay:" + nic.id()).orElseThrow();
        assertThat(cable.points().get(0).x()).isEqualTo(nic.bounds().cx());
    }

    // ------------------------------------------------------------------ checks

    private static Diagram.Chip chip(Diagram d, String host, String ns, String dev) {
        return d.chip(Diagram.deviceId(host, ns, dev)).orElseThrow(() -> new AssertionError("no chip " + dev + " on "
                + host + " in " + d.chips().stream().map(Diagram.Chip::id).toList()));
    }

    /** No two chips overlap; no two boxes overlap unless one holds the other; chips only touch their own boxes. */
    static void assertReadable(Diagram d, String what) {
        List<Diagram.Chip> chips = d.chips();
        for (int i = 0; i < chips.size(); i++) {
            for (int j = i + 1; j < chips.size(); j++) {
                assertThat(chips.get(i).bounds().intersects(chips.get(j).bounds()))
                        .as("%s: chips %s and %s overlap", what, chips.get(i).id(), chips.get(j).id()).isFalse();
            }
        }
        Map<String, Diagram.Box> byId = new HashMap<>();
        d.boxes().forEach(b -> byId.put(b.id(), b));
        List<Diagram.Box> boxes = new ArrayList<>(d.boxes());
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                Diagram.Box a = boxes.get(i);
                Diagram.Box b = boxes.get(j);
                if (holds(byId, a, b) || holds(byId, b, a)) {
                    continue;
                }
                assertThat(a.bounds().intersects(b.bounds())).as("%s: boxes %s and %s overlap", what, a.id(), b.id())
                        .isFalse();
            }
        }
        for (Diagram.Chip c : chips) {
            for (Diagram.Box b : boxes) {
                if (b.kind() == Diagram.BoxKind.HOST || b.kind() == Diagram.BoxKind.SWITCH
                        || b.kind() == Diagram.BoxKind.CLOUD || holdsChip(byId, b, c)) {
                    continue;
                }
                assertThat(c.bounds().intersects(b.bounds())).as("%s: chip %s covers box %s", what, c.id(), b.id())
                        .isFalse();
            }
            double textW = 0;
            TextMetrics m = TextMetrics.approximate(1);
            for (int k = 0; k < c.lines().size(); k++) {
                textW = Math.max(textW, m.width(c.lines().get(k), k == 0 ? TextStyle.CHIP_NAME : TextStyle.CHIP_DETAIL));
            }
            assertThat(c.bounds().w()).as("%s: label of %s fits", what, c.id()).isGreaterThanOrEqualTo(textW);
        }
        for (Diagram.Box b : boxes) {
            if (b.kind() == Diagram.BoxKind.HOST || b.kind() == Diagram.BoxKind.CLOUD) {
                continue;
            }
            TextStyle style = b.kind() == Diagram.BoxKind.NAMESPACE ? TextStyle.BOX_SUBTITLE
                    : b.kind() == Diagram.BoxKind.SWITCH ? TextStyle.SWITCH_LABEL : TextStyle.BOX_TITLE;
            double w = TextMetrics.approximate(1).width(b.title(), style);
            assertThat(b.bounds().w()).as("%s: title of %s fits", what, b.id()).isGreaterThanOrEqualTo(w);
        }
    }

    private static boolean holds(Map<String, Diagram.Box> byId, Diagram.Box outer, Diagram.Box inner) {
        String p = inner.parent();
        while (p != null) {
            if (p.equals(outer.id())) {
                return true;
            }
            Diagram.Box next = byId.get(p);
            p = next == null ? null : next.parent();
        }
        return false;
    }

    private static boolean holdsChip(Map<String, Diagram.Box> byId, Diagram.Box box, Diagram.Chip chip) {
        String p = chip.parent();
        while (p != null) {
            if (p.equals(box.id())) {
                return true;
            }
            Diagram.Box next = byId.get(p);
            p = next == null ? null : next.parent();
        }
        return false;
    }
}
