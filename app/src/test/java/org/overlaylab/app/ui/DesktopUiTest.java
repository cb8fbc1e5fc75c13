/*
 * Drives the real desktop app headless (TestFX on Monocle): every built-in lab run to its end and
 * one step back with its devices on the canvas, the packet list during a ping, a field's bytes
 * highlighted, the filter, pcap export read by tshark, a broken lab file, keys and view modes,
 * an unexpected error that leaves the app running, and the ssh backend's host-key and passphrase
 * dialogs.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.app.ui.view.FrameListView;
import org.overlaylab.app.ui.vm.StepsViewModel;
import org.overlaylab.packets.tree.Field;
import org.overlaylab.packets.tree.Layer;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopUiTest {
    private static AppDriver app;
    private static final FxRobot robot = new FxRobot();

    /** Devices each lab must show at its end, with a label line they must carry. */
    private static final Map<String, Map<String, String>> DEVICES = Map.of(
            "docker-overlay-etcd", Map.of("enp0s8", "192.168.205.10/24", "vxlan0", "vxlan 256 :4789",
                    "eth0", "10.0.0.2/24", "enp0s3", "10.0.2.15/24"),
            "ovs-gre", Map.of("gre0", "gre → 192.168.205.11", "veth0", "veth0", "veth1", "veth1",
                    "eth0", "172.17.0.3/16"),
            "flannel-vxlan", Map.of("flannel.100", "10.15.64.0/8", "eth0", "10.15.64.2/20",
                    "enp0s8", "192.168.205.10/24"),
            "calico-bgp", Map.of("cali0", "10.20.33.193/32", "enp0s8", "192.168.205.10/24"));

    @BeforeAll
    static void open() throws Exception {
        app = AppDriver.open();
    }

    @AfterAll
    static void close() throws Exception {
        app.close();
    }

    @ParameterizedTest
    @Order(1)
    @ValueSource(strings = {"docker-overlay-etcd", "ovs-gre", "flannel-vxlan", "calico-bgp"})
    void eachLabRunsToTheEndAndOneStepBackWithItsDevicesOnTheCanvas(String lab) throws Exception {
        app.openLab(lab);
        int steps = app.fx(() -> app.vm.steps().stepCount());
        // select the last step in the list and press "Run to here"
        robot.clickOn("#step-list");
        robot.type(KeyCode.END);
        app.waitUntil(Duration.ofSeconds(5), () -> app.vm.steps().selected().get() == steps);
        robot.clickOn("#run-to-here");
        // a task stops the run: its solution is typed into the terminals, then Run to here goes on
        for (int round = 0; round < 20; round++) {
            app.waitUntil(Duration.ofSeconds(120), () -> !app.vm.busy().get() && (app.vm.steps().completed().get() == steps
                    || (app.vm.tasks().current().get() != null && !app.vm.tasks().current().get().passing())));
            if (app.fx(() -> app.vm.tasks().current().get() == null || app.vm.tasks().current().get().passing())) {
                break;
            }
            app.solveTask();
            if (app.fx(() -> app.vm.steps().completed().get() == steps)) {
                break;
            }
            app.fx(() -> app.vm.steps().select(steps));
            robot.clickOn("#run-to-here");
        }
        assertThat(app.fx(() -> app.vm.steps().items().items().stream().map(StepsViewModel.Item::state)
                .collect(Collectors.toSet()))).containsExactly(StepsViewModel.State.PASSED);

        Map<String, Node> nodes = app.fx(() -> app.window.canvas().elementNodes());
        for (Map.Entry<String, String> want : DEVICES.get(lab).entrySet()) {
            String prefix = "dev:node1/";
            String id = nodes.keySet().stream().filter(k -> k.startsWith(prefix) && k.endsWith("/" + want.getKey()))
                    .findFirst().orElseThrow(() -> new AssertionError(lab + ": no " + want.getKey() + " on node1"));
            assertThat(texts(nodes.get(id))).as(lab + " " + id).contains(want.getKey().equals("veth0")
                    || want.getKey().equals("veth1") ? want.getValue() : want.getKey()).contains(want.getValue());
        }
        assertThat(texts(nodes.get(Diagram.hostId("node2")))).contains("node2", "docker-node2");
        assertThat(texts(nodes.get(Diagram.switchId("underlay")))).anySatisfy(t -> assertThat(t).contains("underlay switch"));

        // Back undoes one action at a time: first any commands typed to solve the last task, then the step
        for (int i = 0; i < 20 && app.fx(() -> app.vm.steps().completed().get()) == steps; i++) {
            robot.clickOn("#back");
            app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get());
        }
        app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get() && app.vm.steps().completed().get() == steps - 1);
        assertThat(app.fx(() -> app.vm.steps().items().get(steps - 1).state())).isEqualTo(StepsViewModel.State.NEXT);
    }

    @Test
    @Order(2)
    void thePacketListFillsDuringAPing() throws Exception {
        app.openLab("docker-overlay-etcd");
        // the tutorial's last step (the ping) comes before the lab's tasks
        int steps = app.fx(() -> {
            var all = app.vm.lab().get().lab().steps();
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).isTask()) {
                    return i;
                }
            }
            return all.size();
        });
        app.runThrough(steps - 1);
        app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get() && app.vm.steps().completed().get() == steps - 1);
        int before = app.fx(() -> table().rowCount());
        robot.clickOn("#topology-canvas");
        robot.type(KeyCode.F5);
        app.waitUntil(Duration.ofSeconds(60), () -> !app.vm.busy().get() && app.vm.steps().completed().get() == steps);
        app.waitUntil(Duration.ofSeconds(5), () -> table().rowCount() > before);
        List<PacketListViewModel.Row> rows = listed();
        assertThat(rows.size() - before).isGreaterThan(40);
        assertThat(rows).anySatisfy(r -> assertThat(r.info()).startsWith("IP 10.0.0.2 > 10.0.0.3: ICMP echo request"));
        assertThat(app.fx(() -> app.vm.animation().events().size())).isEqualTo(rows.size() - before);
        // the Events tab, built when first opened, lists the step's frames as events
        robot.clickOn("Events");
        app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#event-list").tryQuery().isPresent());
        assertThat(app.fx(() -> robot.lookup("#event-list").<javafx.scene.control.TableView<?>>query().getItems().size()))
                .isEqualTo(rows.size() - before);
        robot.clickOn("Packets");
    }

    @Test
    @Order(3)
    void selectingAFieldHighlightsItsBytes() throws Exception {
        int position = app.fx(() -> {
            for (int i = 0; i < table().rowCount(); i++) {
                if (app.vm.packets().row(i).kind().tunnel() == Protocol.Tunnel.VXLAN) {
                    table().scrollTo(i);
                    return i;
                }
            }
            return -1;
        });
        assertThat(position).isNotNegative();
        WaitForAsyncUtils.waitForFxEvents();
        Node row = app.fx(() -> table().rowNodes().stream()
                .filter(n -> Integer.valueOf(position).equals(n.getProperties().get("position"))).findFirst().orElseThrow());
        robot.clickOn(row);
        app.waitUntil(Duration.ofSeconds(5), () -> app.vm.packets().detail().get() != null);
        TreeItem<Object> vni = app.fx(() -> {
            for (TreeItem<Object> layer : app.window.packets().tree().getRoot().getChildren()) {
                if (layer.getValue() instanceof Layer l && l.isTunnel()) {
                    for (TreeItem<Object> f : layer.getChildren()) {
                        if (f.getValue() instanceof Field fd && fd.name().startsWith("VNI")) {
                            return f;
                        }
                    }
                }
            }
            return null;
        });
        assertThat(vni).isNotNull();
        app.fx(() -> app.window.packets().tree().scrollTo(app.window.packets().tree().getRow(vni)));
        WaitForAsyncUtils.waitForFxEvents();
        Node cell = robot.lookup(".tree-cell").match(n -> n instanceof TreeCell<?> tc && tc.getTreeItem() == vni).query();
        robot.clickOn(cell);
        Field field = (Field) vni.getValue();
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.packets().hex().highlighted() != null);
        assertThat(app.window.packets().hex().highlighted())
                .isEqualTo(new PacketListViewModel.ByteRange(field.offset(), field.length(), 0));
        int lines = field.offset() / 16 == (field.offset() + field.length() - 1) / 16 ? 1 : 2;
        // one rectangle in the hex column and one in the ASCII column, per line the field spans
        assertThat(app.fx(() -> app.window.packets().hex().highlightRects().size())).isEqualTo(2 * lines);
        assertThat(robot.lookup(".hex-highlight").queryAll()).hasSize(2 * lines);
    }

    @Test
    @Order(4)
    void theFilterNarrowsTheListAndABadFilterIsMarked() throws Exception {
        int all = app.fx(() -> table().rowCount());
        robot.clickOn("#display-filter");
        robot.write("arp");
        robot.type(KeyCode.ENTER);
        app.waitUntil(Duration.ofSeconds(10), () -> table().rowCount() < all);
        assertThat(listed()).isNotEmpty().allSatisfy(r -> assertThat(r.kind().protocol()).isEqualTo(Protocol.ARP));
        int arp = app.fx(() -> table().rowCount());
        robot.write(" and (");
        robot.type(KeyCode.ENTER);
        TextField filter = robot.lookup("#display-filter").queryAs(TextField.class);
        app.waitUntil(Duration.ofSeconds(5), () -> filter.getStyleClass().contains("invalid"));
        assertThat(app.fx(() -> table().rowCount())).isEqualTo(arp);
        app.fx(() -> filter.clear());
        app.waitUntil(Duration.ofSeconds(10), () -> table().rowCount() == all
                && !filter.getStyleClass().contains("invalid"));
    }

    @Test
    @Order(5)
    void exportWritesAPcapngThatTsharkReads(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("export.pcapng");
        app.window.setFileAsker((title, ext, save, suggested) -> pcap);
        robot.clickOn("#export-pcap");
        app.waitUntil(Duration.ofSeconds(10), () -> Files.exists(pcap) && Files.size(pcap) > 200);
        Process p = new ProcessBuilder("tshark", "-r", pcap.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Echo (ping) request").contains("Echo (ping) reply");
        Process vni = new ProcessBuilder("tshark", "-r", pcap.toString(), "-Y", "vxlan", "-T", "fields", "-e", "vxlan.vni")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String vnis = new String(vni.getInputStream().readAllBytes());
        assertThat(vni.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(vnis.lines().toList()).isNotEmpty().allSatisfy(l -> assertThat(l).isEqualTo("256"));
    }

    @Test
    @Order(6)
    void aBrokenLabFileOpensADialogListingLineColumnMessages(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, "id: broken\ntitle: Broken\nhosts:\n  - name: node1\nsections: []\nsurprise: 1\n");
        app.window.setFileAsker((title, ext, save, suggested) -> bad);
        robot.clickOn("#open-lab");
        app.waitUntil(Duration.ofSeconds(10), () -> robot.lookup("#problem-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#problem-dialog").queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).contains("broken.yaml");
        String details = robot.from(dialog).lookup("#problem-details").queryAs(TextArea.class).getText();
        assertThat(details.lines()).isNotEmpty().allSatisfy(l -> assertThat(l).matches("\\d+:\\d+: .+"));
        robot.clickOn(robot.from(dialog).lookup(".button").queryAs(Button.class));
        app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#problem-dialog").tryQuery().isEmpty());
        assertThat(app.fx(() -> app.vm.lab().get().builtInId())).isEqualTo("docker-overlay-etcd");
    }

    @Test
    @Order(7)
    void keysSwitchPresenterModeThemeAndTheCanvasAlone() throws Exception {
        robot.clickOn("#topology-canvas");
        robot.type(KeyCode.F11);
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.root().getStyleClass().contains("presenter"));
        Node chip = app.fx(() -> app.window.canvas().nodeFor(Diagram.deviceId("node1", "host", "enp0s8")));
        double fontSize = app.fx(() -> ((Text) ((Parent) chip).getChildrenUnmodifiable().get(1)).getFont().getSize());
        assertThat(fontSize).isGreaterThan(16);
        robot.type(KeyCode.F11);
        app.waitUntil(Duration.ofSeconds(5), () -> !app.window.root().getStyleClass().contains("presenter"));
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        app.waitUntil(Duration.ofSeconds(5), () -> app.stage.getScene().getStylesheets().get(0).endsWith("dark.css"));
        robot.press(KeyCode.CONTROL).type(KeyCode.D).release(KeyCode.CONTROL);
        app.waitUntil(Duration.ofSeconds(5), () -> app.stage.getScene().getStylesheets().get(0).endsWith("light.css"));
        robot.type(KeyCode.F9);
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.canvasFocus()
                && robot.lookup("#step-list").tryQuery().map(n -> n.getScene() == null).orElse(true));
        robot.type(KeyCode.F9);
        app.waitUntil(Duration.ofSeconds(5), () -> !app.window.canvasFocus());
        assertThat(robot.lookup("#step-list").queryAs(ListView.class).getScene()).isNotNull();
    }

    @Test
    @Order(8)
    void anUnexpectedErrorShowsADialogAndTheAppKeepsWorking() throws Exception {
        Platform.runLater(() -> {
            throw new IllegalStateException("a test made this go wrong");
        });
        app.waitUntil(Duration.ofSeconds(10), () -> robot.lookup("#unexpected-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#unexpected-dialog").queryAs(DialogPane.class);
        assertThat(robot.from(dialog).lookup(".label").queryAllAs(javafx.scene.control.Label.class))
                .anySatisfy(l -> assertThat(l.getText()).contains("a test made this go wrong"));
        robot.clickOn(robot.from(dialog).lookup(".button").queryAs(Button.class));
        app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#unexpected-dialog").tryQuery().isEmpty());
        int done = app.fx(() -> app.vm.steps().completed().get());
        for (int i = 0; i < 20 && app.fx(() -> app.vm.steps().completed().get()) == done; i++) {
            robot.clickOn("#back");
            app.waitUntil(Duration.ofSeconds(30), () -> !app.vm.busy().get());
        }
        app.waitUntil(Duration.ofSeconds(30), () -> !app.vm.busy().get() && app.vm.steps().completed().get() == done - 1);
    }

    @Test
    @Order(9)
    void aHostCanBeDraggedAndTheCanvasZoomed() throws Exception {
        var before = app.fx(() -> app.vm.topology().diagram().box(Diagram.hostId("node2")).orElseThrow().bounds());
        javafx.geometry.Point2D grab = app.fx(() -> {
            javafx.geometry.Point2D v = app.window.canvas().toView(before.maxX() - 12, before.y() + 12);
            return app.window.canvas().localToScreen(v);
        });
        double zoom = app.fx(() -> app.window.canvas().zoom());
        robot.drag(grab, javafx.scene.input.MouseButton.PRIMARY).moveBy(60, 40).drop();
        app.waitUntil(Duration.ofSeconds(5), () -> app.vm.topology().diagram().box(Diagram.hostId("node2")).orElseThrow()
                .bounds().x() > before.x() + 20);
        var after = app.fx(() -> app.vm.topology().diagram().box(Diagram.hostId("node2")).orElseThrow().bounds());
        assertThat(after.x() - before.x()).isCloseTo(60 / zoom, org.assertj.core.data.Offset.offset(8 / zoom));
        assertThat(after.y() - before.y()).isCloseTo(40 / zoom, org.assertj.core.data.Offset.offset(8 / zoom));
        robot.moveTo("#topology-canvas").scroll(3, javafx.geometry.VerticalDirection.UP);
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.canvas().zoom() != zoom);
        app.fx(() -> {
            app.vm.topology().resetLayout();
            app.window.canvas().fit();
        });
    }

    @Test
    @Order(10)
    void theSshBackendAsksAboutANewHostKeyAndAKeyPassphraseInDialogs() throws Exception {
        var prompts = new org.overlaylab.app.ui.view.SshPrompts(() -> app.stage);
        // the backend asks from its worker thread and waits for the answer
        var decision = java.util.concurrent.CompletableFuture.supplyAsync(() -> prompts.unknownHostKey("node2",
                "192.168.205.11", 22, "ED25519", "SHA256:n1vK2wVn3Y0ctV4JmWm0ZRxw0H3GcJ3bYq3Jc0m2yQk"));
        app.waitUntil(Duration.ofSeconds(10), () -> robot.lookup("#host-key-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#host-key-dialog").queryAs(DialogPane.class);
        assertThat(dialog.getHeaderText()).contains("node2").contains("192.168.205.11");
        assertThat(robot.from(dialog).lookup("#host-key-text").queryAs(javafx.scene.control.Label.class).getText())
                .contains("SHA256:n1vK2wVn3Y0ctV4JmWm0ZRxw0H3GcJ3bYq3Jc0m2yQk").contains("ssh_host_ed25519_key.pub");
        robot.clickOn("Trust and remember");
        assertThat(decision.get(10, TimeUnit.SECONDS))
                .isEqualTo(org.overlaylab.hosts.ssh.HostKeyPrompt.Decision.ACCEPT_AND_REMEMBER);

        var passphrase = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> prompts.passphrase(Path.of("/home/teacher/.ssh/id_ed25519"), 0));
        app.waitUntil(Duration.ofSeconds(10), () -> robot.lookup("#passphrase-dialog").tryQuery().isPresent());
        robot.clickOn("#passphrase").write("lab secret");
        robot.clickOn("OK");
        assertThat(passphrase.get(10, TimeUnit.SECONDS)).containsExactly("lab secret".toCharArray());

        var refused = java.util.concurrent.CompletableFuture.supplyAsync(() -> prompts.unknownHostKey("node1",
                "192.168.205.10", 2222, "RSA", "SHA256:AAAA"));
        app.waitUntil(Duration.ofSeconds(10), () -> robot.lookup("#host-key-dialog").tryQuery().isPresent());
        assertThat(robot.lookup("#host-key-dialog").queryAs(DialogPane.class).getHeaderText()).contains(":2222");
        robot.clickOn("Refuse");
        assertThat(refused.get(10, TimeUnit.SECONDS)).isEqualTo(org.overlaylab.hosts.ssh.HostKeyPrompt.Decision.REFUSE);
    }

    private static FrameListView table() {
        return app.window.packets().table();
    }

    /** The rows the packet list holds, as its view model makes them. */
    private static List<PacketListViewModel.Row> listed() throws Exception {
        return app.fx(() -> java.util.stream.IntStream.range(0, table().rowCount()).mapToObj(app.vm.packets()::row)
                .toList());
    }

    private static Set<String> texts(Node n) {
        return robot.from(n).lookup((Node x) -> x instanceof Text).queryAllAs(Text.class).stream().map(Text::getText)
                .collect(Collectors.toSet());
    }
}
