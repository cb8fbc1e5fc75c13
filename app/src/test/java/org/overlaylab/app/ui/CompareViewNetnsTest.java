/*
 * The Compare view on netns, headless: docker-overlay-etcd and ovs-gre ticked, netns chosen as this
 * machine's registry offers it, Compare run for real; the view shows which step of which lab runs,
 * then the real figures, and is photographed (target/screenshots/compare-netns.png, reviewed copy in
 * docs/screenshots). Run under `flock /tmp/olab-netns.lock`; each lab is torn down by its session.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.compare.ComparisonTable;
import org.overlaylab.app.ui.view.compare.CompareView;
import org.overlaylab.model.backend.BackendRegistry;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("ui")
@Tag("netns")
class CompareViewNetnsTest {
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
            view = new CompareView(CompareView.choicesOf(BackendRegistry.load()), "netns");
            // no taller than the headless screen: a window past its edge is not painted, nor clicked
            stage.setScene(new javafx.scene.Scene(view, 1200, 760));
            stage.show();
        });
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static String cell(String measure, String lab) {
        List<ComparisonTable.Row> rows = view.tableRows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).measure().equals(measure)) {
                return robot.lookup("#compare-cell-" + i + "-" + lab).queryAs(Label.class).getText();
            }
        }
        throw new AssertionError("no row " + measure);
    }

    @Test
    void comparesTheRealLabsAndShowsWhereItIs() throws Exception {
        assertThat(view.backendKind()).isEqualTo("netns");
        robot.clickOn("#compare-choice-docker-overlay-etcd");
        robot.clickOn("#compare-choice-ovs-gre");
        robot.clickOn("#compare-run");
        Label status = robot.lookup("#compare-status").queryAs(Label.class);
        Set<String> seen = new LinkedHashSet<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(420);
        while (view.outcomes().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
            String now = WaitForAsyncUtils.asyncFx(status::getText).get(10, TimeUnit.SECONDS);
            if (seen.add(now)) {
                System.out.printf("%tT %s%n", System.currentTimeMillis(), now);
            }
        }
        assertThat(view.outcomes()).hasSize(2).allMatch(o -> o.compared());
        assertThat(seen).anyMatch(s -> s.matches("docker-overlay-etcd \\(1 of 2\\) on netns: step \\d+/19, .+"))
                .anyMatch(s -> s.matches("ovs-gre \\(2 of 2\\) on netns: step \\d+/16, .+"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(status.getText()).isEqualTo("Compared 2 labs on netns.");
        assertThat(cell("overhead (bytes)", "docker-overlay-etcd")).isEqualTo("50");
        assertThat(cell("overhead (bytes)", "ovs-gre")).isEqualTo("38");
        assertThat(cell("TTL at the receiver", "docker-overlay-etcd")).isEqualTo("64");
        assertThat(cell("run on", "ovs-gre")).startsWith("netns: tcpdump on enp0s8 of node1, enp0s8 of node2");

        Path png = Path.of("target", "screenshots", "compare-netns.png");
        Files.createDirectories(png.getParent());
        // the view at the Compare window's own size (1200x820, File > Compare labs…), drawn off screen:
        // the test's window is kept smaller, to fit whichever headless screen the toolkit started with
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> {
            stage.getScene().setRoot(new javafx.scene.layout.Pane());
            return new javafx.scene.Scene(view, 1200, 820).snapshot(null);
        }).get(30, TimeUnit.SECONDS);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png.toFile());
        assertThat(Files.size(png)).isGreaterThan(20_000);
    }
}
