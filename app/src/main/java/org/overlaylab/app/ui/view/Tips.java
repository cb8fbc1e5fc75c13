/*
 * Tooltips made when the pointer first comes over their node, not when the window is built: each
 * is a popup window of its own, and the thirty the main window carries cost its first frame about
 * a tenth of a second. A control's text is its accessible help at once, as a tooltip's would be.
 */
package org.overlaylab.app.ui.view;

import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

final class Tips {
    private Tips() {}

    /** The control's tooltip, made on first hover. */
    static void set(Control control, String text) {
        control.setAccessibleHelp(text);
        onFirstHover(control, () -> control.setTooltip(new Tooltip(text)));
    }

    /** A tooltip for a node that is not a control (a shape, a group), made on first hover. */
    static void install(Node node, String text) {
        onFirstHover(node, () -> Tooltip.install(node, new Tooltip(text)));
    }

    private static void onFirstHover(Node node, Runnable make) {
        EventHandler<MouseEvent> first = new EventHandler<>() {
            @Override
            public void handle(MouseEvent e) {
                node.removeEventFilter(MouseEvent.MOUSE_ENTERED, this);
                // the tooltip starts its delay from the pointer's next move over the node
                make.run();
            }
        };
        // a filter runs before anything on the way can consume the event
        node.addEventFilter(MouseEvent.MOUSE_ENTERED, first);
    }
}
