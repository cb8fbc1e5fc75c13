/*
 * The window on a 1280x720 projector and a 1366x768 laptop: it opens no larger than the screen's
 * visible area (a larger saved size clamped, a saved place off the screen moved onto it), and every
 * main control (lab and backend pickers, File menu, Run step, Back, the step list, the canvas, the
 * status line, the packet filter ...) lies whole inside the window and inside every panel that clips
 * it, in normal and in presenter mode. Screenshots go to target/screenshots/small-screens.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.overlaylab.app.ui.settings.Settings;
import org.overlaylab.app.ui.settings.SettingsStore;

@Tag("ui")
class SmallScreensUiTest {
    /** The controls a class needs to work through a lab. */
    static final List<String> MAIN_CONTROLS = List.of("#file-menu", "#view-menu", "#help-menu", "#lab-picker", "#open-lab",
            "#backend-picker", "#run-step", "#run-to-here", "#back", "#reset", "#step-list", "#topology-canvas",
            "#play-pause", "#status", "#display-filter", "#packet-list", "#presenter-mode");

    private static final Path SHOTS = Path.of("target", "screenshots", "small-screens");

    @ParameterizedTest
    @CsvSource({"1280, 720", "1366, 768"})
    void everyMainControlIsInsideTheWindowAtThisScreenSize(int width, int height) throws Exception {
        // a screen with a 32-pixel task bar at the bottom, and a window saved on a 1920x1200 monitor
        Rectangle2D screen = new Rectangle2D(0, 0, width, height - 32);
        SettingsStore settings = SettingsStore.inMemory();
        settings.save(Settings.DEFAULTS.withWindow(new Settings.Window(1700, 300, 1800, 1100, false, List.of())));
        try (AppDriver app = AppDriver.openOnScreen(settings, screen)) {
            app.openLab("docker-overlay-etcd");
            app.runThrough(3);
            app.waitIdle();
            assertThat(app.stage.getWidth()).isLessThanOrEqualTo(screen.getWidth());
            assertThat(app.stage.getHeight()).isLessThanOrEqualTo(screen.getHeight());
            assertThat(app.stage.getX()).isBetween(0.0, screen.getMaxX() - app.stage.getWidth());
            assertThat(app.stage.getY()).isBetween(0.0, screen.getMaxY() - app.stage.getHeight());
            allInside(app, MAIN_CONTROLS, width + "x" + height);
            app.screenshot(SHOTS.resolve(width + "x" + height + ".png"));

            app.fx(() -> app.vm.setPresenter(true));
            allInside(app, MAIN_CONTROLS, width + "x" + height + " presenter");
            app.screenshot(SHOTS.resolve(width + "x" + height + "-presenter.png"));
            app.fx(() -> app.vm.setPresenter(false));
        }
    }

    /** Each control is shown, has a size, and lies inside the scene and every clipping ancestor. */
    static void allInside(AppDriver app, List<String> selectors, String where) throws Exception {
        List<String> problems = app.fx(() -> {
            List<String> out = new ArrayList<>();
            Parent root = app.stage.getScene().getRoot();
            double w = app.stage.getScene().getWidth();
            double h = app.stage.getScene().getHeight();
            for (String sel : selectors) {
                Node n = root.lookup(sel);
                if (n == null || n.getScene() == null) {
                    out.add(sel + " is not in the window (an overflow menu?)");
                    continue;
                }
                Bounds b = n.localToScene(n.getLayoutBounds());
                if (!shown(n) || b.getWidth() < 4 || b.getHeight() < 4) {
                    out.add(sel + " is hidden or has no size: " + b);
                    continue;
                }
                if (b.getMinX() < -0.5 || b.getMinY() < -0.5 || b.getMaxX() > w + 0.5 || b.getMaxY() > h + 0.5) {
                    out.add(sel + " " + b + " reaches outside the " + w + "x" + h + " window");
                }
                for (Node a = n.getParent(); a != null; a = a.getParent()) {
                    if (a.getClip() != null) {
                        Bounds clip = a.localToScene(a.getClip().getBoundsInParent());
                        if (b.getMinX() < clip.getMinX() - 0.5 || b.getMaxX() > clip.getMaxX() + 0.5
                                || b.getMinY() < clip.getMinY() - 0.5 || b.getMaxY() > clip.getMaxY() + 0.5) {
                            out.add(sel + " " + b + " is cut off by " + a.getClass().getSimpleName() + " " + clip);
                            break;
                        }
                    }
                }
            }
            return out;
        });
        assertThat(problems).as(where).isEmpty();
    }

    private static boolean shown(Node n) {
        for (Node a = n; a != null; a = a.getParent()) {
            if (!a.isVisible() || a.getOpacity() == 0) {
                return false;
            }
        }
        return true;
    }
}
