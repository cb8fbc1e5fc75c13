/*
 * Where the main window opens: the saved size clamped to the screen's visible area, a saved place
 * off the screen (a projector gone) brought back onto it, a window never placed centred.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.settings.Settings;
import org.overlaylab.app.ui.view.ScreenFit;

class ScreenFitTest {
    private static final Rectangle2D PROJECTOR = new Rectangle2D(0, 0, 1280, 720);
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 736);

    @Test
    void theDefaultSizeIsClampedAndCentredOnASmallScreen() {
        assertThat(ScreenFit.fit(Settings.Window.UNKNOWN, PROJECTOR)).isEqualTo(new Rectangle2D(0, 0, 1280, 720));
        assertThat(ScreenFit.fit(Settings.Window.UNKNOWN, new Rectangle2D(0, 0, 1920, 1080)))
                .isEqualTo(new Rectangle2D(240, 90, 1440, 900));
    }

    @Test
    void aSavedSizeLargerThanTheScreenIsClampedAndItsPlaceMovedOntoTheScreen() {
        var saved = new Settings.Window(1700, 300, 1800, 1100, false, List.of());
        assertThat(ScreenFit.fit(saved, LAPTOP)).isEqualTo(new Rectangle2D(0, 0, 1366, 736));
        var small = new Settings.Window(900, 500, 1000, 600, false, List.of());
        assertThat(ScreenFit.fit(small, LAPTOP)).isEqualTo(new Rectangle2D(366, 136, 1000, 600));
        var fits = new Settings.Window(100, 50, 1000, 600, false, List.of());
        assertThat(ScreenFit.fit(fits, LAPTOP)).isEqualTo(new Rectangle2D(100, 50, 1000, 600));
    }

    @Test
    void aSecondScreenKeepsItsOffsetAndATinySavedSizeGrowsToTheMinimum() {
        Rectangle2D right = new Rectangle2D(1920, 0, 1280, 720);
        var saved = new Settings.Window(2000, 40, 300, 200, false, List.of());
        assertThat(ScreenFit.fit(saved, right)).isEqualTo(new Rectangle2D(2000, 40, ScreenFit.MIN_WIDTH, ScreenFit.MIN_HEIGHT));
    }
}
