/*
 * The terminals in the running desktop app (TestFX on Monocle): a command typed into node1's
 * terminal puts the device and its cable on the canvas and stars the new inspector rows, Tab
 * completes, a typed ping fills the packet list, Ctrl-C ends a ping, bad input leaves the terminal
 * usable, a container shell opens from the `+` button, a fault from the canvas menu lands in the
 * terminal, and a task's checks turn green as its solution is typed. Screenshots of both go to
 * target/screenshots.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.vm.ConsoleViewModel;
import org.testfx.api.FxRobot;

@Tag("ui")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalUiTest {
    private static final FxRobot robot = new FxRobot();
    private static AppDriver app;

    @BeforeAll
    static void open() throws Exception {
        app = AppDriver.open(SettingsStore.inMemory());
    }

    @AfterAll
    static void close() throws Exception {
        app.close();
    }

    private static TextField input(String key) throws Exception {
        return app.fx(() -> app.window.consoles().inputOf(key));
    }

    private static List<String> lines(String key) throws Exception {
        return app.fx(() -> app.window.consoles().linesOf(key).getItems().stream()
                .map(ConsoleViewModel.Line::text).toList());
    }

    private static void typeLine(String key, String line) throws Exception {
        robot.clickOn(input(key));
        robot.write(line);
        robot.type(KeyCode.ENTER);
    }

    private static void waitTyped() throws Exception {
        app.waitUntil(Duration.ofSeconds(30), () -> !app.vm.busy().get()
                && !app.vm.console().terminal("node1", null).running().get());
    }

    @Test
    @Order(1)
    void aTypedCommandPutsTheDeviceAndItsCableOnTheCanvasAndStarsTheNewRows() throws Exception {
        app.openLab("ovs-gre");
        typeLine("node1", "sudo ip link add veth9 type veth peer name veth10");
        waitTyped();
        assertThat(lines("node1")).contains("node1$ sudo ip link add veth9 type veth peer name veth10");
        assertThat(app.fx(() -> app.window.canvas().elementNodes().keySet()))
                .contains(Diagram.deviceId("node1", null, "veth9"), Diagram.deviceId("node1", null, "veth10"));
        assertThat(app.fx(() -> app.vm.topology().diagram().links().stream()
                .anyMatch(l -> l.from().endsWith("/veth9") || l.to().endsWith("/veth9")))).isTrue();
        app.fx(() -> app.vm.topology().select(Diagram.hostId("node1")));
        app.waitUntil(Duration.ofSeconds(5), () -> !app.window.inspector().lookupAll(".row-new").isEmpty());
        assertThat(app.fx(() -> app.window.inspector().lookupAll(".row-new").stream()
                .flatMap(n -> n.lookupAll(".text").stream()).map(TerminalUiTest::textOf)
                .anyMatch(t -> t.contains("veth9")))).isTrue();
        assertThat(input("node1").getText()).isEmpty();
    }

    @Test
    @Order(2)
    void tabCompletesAndUpBringsBackTheLastLine() throws Exception {
        robot.clickOn(input("node1"));
        robot.write("sudo ip li");
        robot.type(KeyCode.TAB);
        assertThat(input("node1").getText()).isEqualTo("sudo ip link ");
        robot.write("set dev vet");
        robot.type(KeyCode.TAB);
        assertThat(input("node1").getText()).isEqualTo("sudo ip link set dev veth");
        assertThat(app.fx(() -> input("node1").isFocused())).isTrue();
        TextField field = input("node1");
        app.fx(() -> field.clear());
        robot.type(KeyCode.UP);
        assertThat(field.getText()).isEqualTo("sudo ip link add veth9 type veth peer name veth10");
        app.fx(() -> field.clear());
    }

    @Test
    @Order(3)
    void aTypedPingFillsThePacketListAndCtrlCEndsAnEndlessOne() throws Exception {
        int before = app.fx(() -> app.vm.packets().rowCount());
        typeLine("node1", "ping -c 3 192.168.205.11");
        waitTyped();
        app.waitUntil(Duration.ofSeconds(5), () -> app.vm.packets().rowCount() >= before + 6);
        assertThat(lines("node1")).anyMatch(l -> l.startsWith("64 bytes from 192.168.205.11: icmp_seq=3"));

        // the simulator's own ping, a reply a second of virtual time, paced to the wall clock
        typeLine("node1", "ping 192.168.205.11");
        app.waitUntil(Duration.ofSeconds(15), () -> lines("node1").stream()
                .filter(l -> l.startsWith("64 bytes from 192.168.205.11")).count() >= 5);
        assertThat(app.fx(() -> app.vm.console().terminal("node1", null).running().get())).isTrue();
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        waitTyped();
        List<String> out = lines("node1");
        assertThat(out.subList(out.size() - 4, out.size())).anyMatch(l -> l.contains("ping statistics")).contains("^C");
        typeLine("node1", "hostname");
        waitTyped();
        assertThat(lines("node1")).last().isEqualTo("docker-node1");
    }

    @Test
    @Order(4)
    void badInputIsOneLineAndTheTerminalStaysUsable() throws Exception {
        typeLine("node1", "echo 'oops");
        waitTyped();
        assertThat(lines("node1")).last().asString().startsWith("syntax error");
        TextField field = input("node1");
        app.fx(() -> {
            field.setText("x".repeat(100_000));
            field.requestFocus();
        });
        robot.type(KeyCode.ENTER);
        assertThat(lines("node1")).last().asString().contains("100000 characters long");
        typeLine("node1", "frobnicate");
        waitTyped();
        assertThat(lines("node1")).anyMatch(l -> l.contains("frobnicate") && !l.startsWith("node1$"));
        typeLine("node1", "hostname");
        waitTyped();
        assertThat(lines("node1")).last().isEqualTo("docker-node1");
    }

    @Test
    @Order(5)
    void aContainerShellOpensFromThePlusButtonAndAFaultFromTheCanvasMenu() throws Exception {
        app.runAll();
        // a running container on a host whose Docker daemon runs (the lab may stop one at its end)
        String[] where = app.fx(() -> app.vm.currentTopology().hosts().stream()
                .filter(h -> h.daemon("dockerd").map(d -> d.running()).orElse(false))
                .flatMap(h -> h.containers().stream().filter(c -> c.running()).map(c -> new String[] {h.name(), c.name()}))
                .findFirst().orElseThrow());
        String host = where[0];
        String container = where[1];
        robot.clickOn("#open-container-shell");
        javafx.scene.control.MenuButton plus = app.fx(() ->
                (javafx.scene.control.MenuButton) app.window.root().lookup("#open-container-shell"));
        app.waitUntil(Duration.ofSeconds(5), () -> plus.isShowing());
        MenuItem item = app.fx(() -> plus.getItems().stream().filter(i -> i.getText().equals(host + ": " + container))
                .findFirst().orElseThrow(() -> new AssertionError(plus.getItems().stream().map(MenuItem::getText).toList())));
        app.fx(() -> {
            plus.hide();
            item.fire();
        });
        String key = host + "/" + container;
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.consoles().inputOf(key) != null
                && app.window.consoles().inputOf(key).isFocused());
        robot.write("cat /etc/hosts");
        robot.type(KeyCode.ENTER);
        app.waitUntil(Duration.ofSeconds(30), () -> !app.vm.busy().get()
                && !app.vm.console().terminal(host, container).running().get());
        assertThat(lines(key)).contains(key + "# cat /etc/hosts");
        assertThat(lines(key)).anyMatch(l -> l.contains("localhost"));

        List<MenuItem> items = app.fx(() -> app.window.elementMenuItems(Diagram.deviceId("node1", null, "enp0s8")));
        MenuItem down = items.stream().filter(i -> i.getText().startsWith("Take enp0s8 down")).findFirst().orElseThrow();
        app.fx(() -> down.fire());
        waitTyped();
        assertThat(lines("node1")).contains("node1$ sudo ip link set enp0s8 down");
        assertThat(app.fx(() -> app.vm.currentTopology().host("node1").orElseThrow().root().iface("enp0s8")
                .orElseThrow().up())).isFalse();
        robot.clickOn("#back");
        waitTyped();
        assertThat(app.fx(() -> app.vm.currentTopology().host("node1").orElseThrow().root().iface("enp0s8")
                .orElseThrow().up())).isTrue();
        app.fx(() -> app.vm.console().activate("node1"));
        typeLine("node1", "ip link show veth9");
        waitTyped();
        typeLine("node1", "sudo ip link add veth11 type veth peer name veth12");
        waitTyped();
        app.fx(() -> app.vm.topology().select(Diagram.hostId("node1")));
        Thread.sleep(300);
        app.screenshot(Path.of("target", "screenshots", "hands-on-terminal.png"));
        assertThat(Files.size(Path.of("target", "screenshots", "hands-on-terminal.png"))).isGreaterThan(20_000);
    }

    @Test
    @Order(6)
    void aTasksChecksTurnGreenAsItsSolutionIsTyped() throws Exception {
        app.fx(() -> app.vm.openLabFile(Path.of("src/test/resources/labs/veth-task.yaml").toAbsolutePath()));
        app.waitIdle();
        app.runThrough(2);
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.root().lookup("#task-pane").isVisible());
        assertThat(checkTexts()).hasSize(3).allMatch(t -> t.startsWith("○"));
        robot.clickOn("#task-hint");
        app.waitUntil(Duration.ofSeconds(5), () -> !app.vm.tasks().hints().items().isEmpty());
        typeLine("node1", "sudo ip link add veth9 type veth peer name veth10");
        waitTyped();
        typeLine("node1", "sudo ip link set veth9 up");
        waitTyped();
        app.waitUntil(Duration.ofSeconds(5), () -> checkTexts().stream().filter(t -> t.startsWith("✔")).count() == 2);
        Thread.sleep(200);
        app.screenshot(Path.of("target", "screenshots", "hands-on-task.png"));
        robot.clickOn("#task-show-solution");
        app.waitUntil(Duration.ofSeconds(5), () -> app.window.root().lookup("#task-solution").isVisible());
        typeLine("node1", "sudo ip link set veth9 mtu 1400");
        waitTyped();
        app.waitUntil(Duration.ofSeconds(5), () -> checkTexts().stream().allMatch(t -> t.startsWith("✔")));
        assertThat(app.fx(() -> ((Label) app.window.root().lookup("#task-progress")).getText()))
                .startsWith("Solved · 3 of 3 checks hold · 1 of 2 hints · solution shown");
    }

    @Test
    @Order(7)
    void saveReportAsksTheNameOnceAndWritesJsonAndHtml(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        app.fx(() -> {
            app.window.setNameAsker(suggested -> {
                asked.incrementAndGet();
                return "Ada Lovelace";
            });
            app.window.setFileAsker((title, ext, save, suggested) -> dir.resolve(suggested.getFileName()));
        });
        robot.clickOn("#file-menu");
        robot.clickOn("Save report…");
        Path json = dir.resolve("ada-lovelace-veth-task.json");
        app.waitUntil(Duration.ofSeconds(10), () -> Files.exists(dir.resolve("ada-lovelace-veth-task.json.html")));
        String report = Files.readString(json);
        assertThat(report).contains("\"student\" : \"Ada Lovelace\"", "\"solutionShown\" : true",
                "\"command\" : \"sudo ip link set veth9 mtu 1400\"");
        assertThat(Files.readString(dir.resolve("ada-lovelace-veth-task.json.html"))).contains("Ada Lovelace");
        assertThat(app.fx(() -> ((Label) app.window.root().lookup("#status")).getText())).startsWith("Report written");
        Files.delete(json);
        app.fx(() -> app.window.saveReportAsked());
        app.waitUntil(Duration.ofSeconds(10), () -> Files.exists(json));
        assertThat(asked.get()).isEqualTo(1);
    }

    private static List<String> checkTexts() throws Exception {
        return app.fx(() -> ((javafx.scene.layout.VBox) app.window.root().lookup("#task-checks")).getChildren()
                .stream().map(n -> ((Label) n).getText()).toList());
    }

    private static String textOf(Node n) {
        return n instanceof javafx.scene.text.Text t ? t.getText() : n instanceof Label l ? l.getText() : "";
    }
}
