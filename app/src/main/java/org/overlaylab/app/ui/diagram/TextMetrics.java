/*
 * How much room text takes, so the layout can size boxes around their labels. The canvas measures
 * with its real fonts; tests and benchmarks use the approximation, which assumes DejaVu-like widths.
 */
package org.overlaylab.app.ui.diagram;

public interface TextMetrics {

    /** Width of the text in pixels. */
    double width(String text, TextStyle style);

    /** Height of one line in pixels. */
    double lineHeight(TextStyle style);

    /** The scale fonts are drawn at (1 normally, larger in presenter mode). */
    double scale();

    static TextMetrics approximate(double scale) {
        return new TextMetrics() {
            @Override
            public double width(String text, TextStyle style) {
                double per = style.mono() ? 0.61 : style.bold() ? 0.62 : 0.56;
                return text.length() * style.size() * per * scale;
            }

            @Override
            public double lineHeight(TextStyle style) {
                return Math.ceil(style.size() * 1.3 * scale);
            }

            @Override
            public double scale() {
                return scale;
            }
        };
    }
}
