/* Text measurement with the canvas's real fonts, so boxes fit their labels exactly. */
package org.overlaylab.app.ui.view;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import org.overlaylab.app.ui.diagram.TextMetrics;
import org.overlaylab.app.ui.diagram.TextStyle;

public final class FxTextMetrics implements TextMetrics {
    public static final String SANS = "DejaVu Sans";
    public static final String MONO = "DejaVu Sans Mono";

    private final double scale;
    private final Map<TextStyle, Font> fonts = new EnumMap<>(TextStyle.class);
    private final Map<TextStyle, Double> heights = new EnumMap<>(TextStyle.class);
    private final Map<String, Double> widths = new HashMap<>();
    private final Text probe = new Text();

    public FxTextMetrics(double scale) {
        this.scale = scale;
        for (TextStyle s : TextStyle.values()) {
            fonts.put(s, font(s, scale));
        }
    }

    public static Font font(TextStyle s, double scale) {
        return Font.font(s.mono() ? MONO : SANS, s.bold() ? FontWeight.BOLD : FontWeight.NORMAL, s.size() * scale);
    }

    public Font font(TextStyle s) {
        return fonts.get(s);
    }

    @Override
    public double width(String text, TextStyle style) {
        String key = style.ordinal() + "|" + text;
        Double w = widths.get(key);
        if (w == null) {
            probe.setFont(fonts.get(style));
            probe.setText(text);
            w = Math.ceil(probe.getLayoutBounds().getWidth());
            if (widths.size() > 20_000) {
                widths.clear();
            }
            widths.put(key, w);
        }
        return w;
    }

    @Override
    public double lineHeight(TextStyle style) {
        return heights.computeIfAbsent(style, s -> {
            probe.setFont(fonts.get(s));
            probe.setText("Hg");
            return Math.ceil(probe.getLayoutBounds().getHeight());
        });
    }

    @Override
    public double scale() {
        return scale;
    }
}
