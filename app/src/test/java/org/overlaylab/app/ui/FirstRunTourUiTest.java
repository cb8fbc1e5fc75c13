/*
 * The first-run tour: each callout appears beside the control it explains, Next walks all five,
 * Skip ends it at once, and either way it is remembered as seen so it does not come back.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.settings.SettingsStore;
import org.overlaylab.app.ui.view.FirstRunTour;
import org.testfx.api.FxRobot;

@Tag("ui")
class FirstRunTourUiTest {
    @Test
    void nextWalksEveryCalloutBesideItsControlAndSkipEndsIt() throws Exception {
        FxRobot robot = new FxRobot();
        SettingsStore settings = SettingsStore.inMemory();
        try (AppDriver app = AppDriver.open(settings)) {
            assertThat(settings.load().tourSeen()).isFalse();
            FirstRunTour tour = app.fx(() -> app.window.startTour());
            for (int i = 0; i < FirstRunTour.CALLOUTS.size(); i++) {
                int n = i;
                app.waitUntil(Duration.ofSeconds(5), () -> tour.current() == n && robot.lookup("#tour-callout").tryQuery().isPresent());
                String selector = FirstRunTour.CALLOUTS.get(i).selector();
                double[] gap = app.fx(() -> {
                    Node callout = robot.lookup("#tour-callout").query();
                    Node target = app.window.root().lookup(selector);
                    Bounds c = callout.localToScreen(callout.getLayoutBounds());
                    Bounds t = target.localToScreen(target.getLayoutBounds());
                    return new double[] {c.getMinX() - t.getMinX(), c.getMinY() - t.getMinY(), t.getHeight()};
                });
                assertThat(gap[0]).as(selector + " across").isBetween(0.0, 30.0);
                assertThat(gap[1]).as(selector + " down").isBetween(0.0, Math.max(gap[2], 40) + 10);
                if (i == 0) {
                    app.screenshot(Path.of("target", "screenshots", "tour-1.png"));
                }
                if (i == 2) {
                    app.screenshot(Path.of("target", "screenshots", "tour-3.png"));
                }
                robot.clickOn("#tour-next");
            }
            app.waitUntil(Duration.ofSeconds(5), () -> tour.current() == -1);
            assertThat(settings.load().tourSeen()).isTrue();

            FirstRunTour again = app.fx(() -> app.window.startTour());
            app.waitUntil(Duration.ofSeconds(5), () -> robot.lookup("#tour-skip").tryQuery().isPresent());
            robot.clickOn("#tour-skip");
            app.waitUntil(Duration.ofSeconds(5), () -> again.current() == -1 && robot.lookup("#tour-callout").tryQuery().isEmpty());
        }
    }
}
