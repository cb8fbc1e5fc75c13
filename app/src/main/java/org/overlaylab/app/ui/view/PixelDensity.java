/*
 * How many device pixels a unit of the scene covers where a node is shown: its window's render scale
 * (2 on a screen at 200 %), followed as the window moves between screens; and the density JavaFX gives
 * a Canvas on its own, which is fixed when the Canvas is made.
 */
package org.overlaylab.app.ui.view;

import java.util.function.DoubleConsumer;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Window;

public final class PixelDensity {
    private PixelDensity() {}

    /**
     * Calls `changed` with the node's density now and whenever it changes (1 while the node is in no
     * window). The listening lasts as long as the node.
     */
    public static void follow(Node node, DoubleConsumer changed) {
        ObservableValue<Window> window = node.sceneProperty().flatMap(Scene::windowProperty);
        Runnable tell = () -> changed.accept(of(window.getValue()));
        window.flatMap(Window::renderScaleXProperty).addListener((o, a, b) -> tell.run());
        window.flatMap(Window::renderScaleYProperty).addListener((o, a, b) -> tell.run());
        window.addListener((o, a, b) -> tell.run());
        tell.run();
    }

    /** The density of a window's content: the larger of its render scales (they rarely differ). */
    public static double of(Window window) {
        return window == null ? 1 : Math.max(window.getRenderScaleX(), window.getRenderScaleY());
    }

    /**
     * The density of a Canvas made now: JavaFX backs every Canvas at the highest scale of the screens
     * attached when it is made, rounded up, and never changes it afterwards. A window on a denser screen
     * (one plugged in later, or a render scale set by hand) needs the Canvas made larger and shrunk.
     */
    public static double canvasDensityNow() {
        double highest = 1;
        for (Screen s : Screen.getScreens()) {
            highest = Math.max(highest, Math.max(s.getOutputScaleX(), s.getOutputScaleY()));
        }
        return Math.ceil(highest);
    }
}
