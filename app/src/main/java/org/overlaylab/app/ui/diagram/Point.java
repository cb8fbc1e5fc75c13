/* A point in diagram coordinates (pixels at zoom 1). */
package org.overlaylab.app.ui.diagram;

public record Point(double x, double y) {

    public double distance(Point o) {
        return Math.hypot(o.x - x, o.y - y);
    }

    public Point translate(double dx, double dy) {
        return new Point(x + dx, y + dy);
    }
}
