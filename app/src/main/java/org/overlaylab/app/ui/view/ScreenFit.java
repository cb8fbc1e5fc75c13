/*
 * Where the main window opens and how large: the saved (or default) size, clamped to the visible
 * area of the screen it opens on, and moved back onto that screen when its saved place lies off it
 * (a projector unplugged, a smaller laptop screen).
 */
package org.overlaylab.app.ui.view;

import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import org.overlaylab.app.ui.settings.Settings;

public final class ScreenFit {
    /** Below this the step panel, canvas and consoles no longer share the window usefully. */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 560;

    private ScreenFit() {}

    /**
     * The visible bounds (without task bars, docks and menu bars) of the screen the window opens on:
     * the one that holds the centre of its saved place, else the primary screen.
     */
    public static Rectangle2D screenFor(Settings.Window saved) {
        if (saved.placed()) {
            var screens = Screen.getScreensForRectangle(saved.x(), saved.y(), Math.max(1, saved.width()),
                    Math.max(1, saved.height()));
            if (!screens.isEmpty()) {
                return screens.get(0).getVisualBounds();
            }
        }
        return Screen.getPrimary().getVisualBounds();
    }

    /**
     * The window's bounds on a screen with these visible bounds: the saved size no larger than the
     * screen, placed where it was saved if it fits there whole, else as near to that as the screen
     * allows; a window never placed is centred.
     */
    public static Rectangle2D fit(Settings.Window saved, Rectangle2D screen) {
        double width = Math.min(valid(saved.width(), Settings.Window.UNKNOWN.width()), screen.getWidth());
        double height = Math.min(valid(saved.height(), Settings.Window.UNKNOWN.height()), screen.getHeight());
        width = Math.max(width, Math.min(MIN_WIDTH, screen.getWidth()));
        height = Math.max(height, Math.min(MIN_HEIGHT, screen.getHeight()));
        double x;
        double y;
        if (saved.placed()) {
            x = clamp(saved.x(), screen.getMinX(), screen.getMaxX() - width);
            y = clamp(saved.y(), screen.getMinY(), screen.getMaxY() - height);
        } else {
            x = screen.getMinX() + (screen.getWidth() - width) / 2;
            y = screen.getMinY() + (screen.getHeight() - height) / 2;
        }
        return new Rectangle2D(x, y, width, height);
    }

    private static double valid(double size, double fallback) {
        return Double.isNaN(size) || size <= 0 ? fallback : size;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, max));
    }
}
