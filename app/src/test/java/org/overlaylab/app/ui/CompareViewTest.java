/*
 * The Compare view headless: two labs ticked and compared show a bar per lab drawn to scale and
 * the comparison table; the PNG export writes the view (target/screenshots/compare.png, reviewed
 * copy in docs/screenshots).
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.compare.ComparisonTable;
import org.overlaylab.app.ui.view.compare.CompareView;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
class CompareViewTest {
    private static final FxRobot robot = new FxRobot();
    private static Stage stage;
    private static CompareView view;

    @BeforeAll
    static void open() throws Exception {
        // the same headless screen as the app tests (AppDriver's static block), whichever test starts the toolkit
        Class.forName(AppDriver.class.getName(), true, AppDriver.class.getClassLoader());
        FxToolkit.registerPrimaryStage();
        stage = FxToolkit.registerStage(Stage::new);
        FxToolkit.setupFixture(() -> {
            view = new CompareView();
            stage.setScene(new javafx.scene.Scene(view, 1200, 760));
            stage.show();
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static int measureRow(List<ComparisonTable.Row> rows, String measure) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).measure().equals(measure)) {
                return i;
            }
        }
        throw new AssertionError("no row " + measure);
    }

    @Test
    void comparesTwoLabsSideBySide() throws Exception {
        Button run = robot.lookup("#compare-run").queryAs(Button.class);
        assertThat(run.isDisabled()).as("nothing ticked yet").isTrue();
        robot.clickOn("#compare-choice-docker-overlay-etcd");
        robot.clickOn("#compare-choice-calico-bgp");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.chosen()).containsExactly("docker-overlay-etcd", "calico-bgp");
        assertThat(run.isDisabled()).isFalse();
        robot.clickOn("#compare-run");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (view.shown().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(view.shown()).hasSize(2);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#compare-head-docker-overlay-etcd").queryAs(Label.class).getText())
                .isEqualTo("docker-overlay-etcd");
        assertThat(robot.lookup("#compare-head-calico-bgp").queryAs(Label.class).getText()).isEqualTo("calico-bgp");
        List<ComparisonTable.Row> rows = view.tableRows();
        int overhead = measureRow(rows, "overhead (bytes)");
        assertThat(robot.lookup("#compare-cell-" + overhead + "-docker-overlay-etcd").queryAs(Label.class).getText())
                .isEqualTo("50");
        assertThat(robot.lookup("#compare-cell-" + overhead + "-calico-bgp").queryAs(Label.class).getText())
                .isEqualTo("0");
        int ttl = measureRow(rows, "TTL at the receiver");
        assertThat(robot.lookup("#compare-cell-" + ttl + "-docker-overlay-etcd").queryAs(Label.class).getText())
                .isEqualTo("64");
        assertThat(robot.lookup("#compare-cell-" + ttl + "-calico-bgp").queryAs(Label.class).getText())
                .isEqualTo("62");
        int headers = measureRow(rows, "underlay headers (bytes)");
        assertThat(robot.lookup("#compare-cell-" + headers + "-calico-bgp").queryAs(Label.class).getText())
                .isEqualTo("Ethernet 14 + IPv4 20 + ICMP 8");
        // the bars share one scale: VXLAN's 148 bytes against Calico's 98
        HBox vxlan = robot.lookup("#compare-bar-docker-overlay-etcd").queryAs(HBox.class);
        HBox calico = robot.lookup("#compare-bar-calico-bgp").queryAs(HBox.class);
        assertThat(vxlan.getChildren()).hasSize(8);
        assertThat(calico.getChildren()).hasSize(4);
        assertThat(vxlan.getWidth() / calico.getWidth()).isCloseTo(148.0 / 98.0, org.assertj.core.api.Assertions.within(0.01));

        Path png = Path.of("target", "screenshots", "compare.png");
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        WaitForAsyncUtils.asyncFx(() -> {
            view.savePng(png.toFile());
            return null;
        }).get(30, TimeUnit.SECONDS);
        assertThat(Files.size(png)).isGreaterThan(10_000);
        assertThat(List.of(robot.lookup("#compare-png").queryAs(Button.class).isDisabled())).containsExactly(false);
    }
}
