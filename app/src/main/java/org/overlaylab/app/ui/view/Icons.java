/* Small vector icons for buttons, drawn as paths so they look the same on every machine and at any scale. */
package org.overlaylab.app.ui.view;

import javafx.scene.Node;
import javafx.scene.shape.SVGPath;

public final class Icons {
    private Icons() {}

    public static final String PLAY = "M3 1.5 L13 8 L3 14.5 Z";
    public static final String PAUSE = "M3 2 H6.5 V14 H3 Z M9.5 2 H13 V14 H9.5 Z";
    public static final String STEP = "M2 2 L9 8 L2 14 Z M10 2 H13 V14 H10 Z";
    public static final String STEP_BACK = "M14 2 L7 8 L14 14 Z M3 2 H6 V14 H3 Z";
    public static final String RUN_TO = "M1 2 L7 8 L1 14 Z M7 2 L13 8 L7 14 Z M13 2 H15.5 V14 H13 Z";
    public static final String BACK = "M6 3 L1 7.5 L6 12 V9 C10 9 12.5 10.5 14 14 C13.5 9 11 6 6 6 Z";
    public static final String RESET = "M8 2 A6 6 0 1 0 14 8 H12 A4 4 0 1 1 8 4 V6.5 L11.5 3 L8 -0.5 Z";
    public static final String OPEN = "M1 3 H6 L7.5 4.5 H15 V13.5 H1 Z";
    public static final String SAVE = "M2 1 H12 L15 4 V15 H2 Z M5 1 V5 H11 V1 M5 9 H12 V15 H5 Z";
    public static final String IMAGE = "M1 2 H15 V14 H1 Z M3 12 L6.5 7 L9 10 L11 8 L14 12 Z";
    public static final String CANCEL = "M3 3 L13 13 M13 3 L3 13";

    public static Node icon(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("icon");
        return p;
    }

    /** An outline icon (strokes, no fill), such as the cancel cross. */
    public static Node outline(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("icon-outline");
        return p;
    }
}
