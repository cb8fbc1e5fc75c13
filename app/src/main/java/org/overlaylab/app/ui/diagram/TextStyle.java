/* The kinds of text on the topology canvas; the view gives each a font, the layout asks how wide it is. */
package org.overlaylab.app.ui.diagram;

public enum TextStyle {
    HOST_TITLE(22, true, false),
    HOST_SUBTITLE(13, false, false),
    BOX_TITLE(15, true, false),
    BOX_SUBTITLE(12, false, false),
    CHIP_NAME(13, true, true),
    CHIP_DETAIL(11.5, false, true),
    BADGE(11, true, false),
    LINK_LABEL(12, true, false),
    SWITCH_LABEL(14, true, false);

    private final double size;
    private final boolean bold;
    private final boolean mono;

    TextStyle(double size, boolean bold, boolean mono) {
        this.size = size;
        this.bold = bold;
        this.mono = mono;
    }

    /** Font size in pixels at scale 1. */
    public double size() {
        return size;
    }

    public boolean bold() {
        return bold;
    }

    public boolean mono() {
        return mono;
    }
}
