/* An axis-aligned rectangle in diagram coordinates. */
package org.overlaylab.app.ui.diagram;

public record Rect(double x, double y, double w, double h) {

    public double maxX() {
        return x + w;
    }

    public double maxY() {
        return y + h;
    }

    public double cx() {
        return x + w / 2;
    }

    public double cy() {
        return y + h / 2;
    }

    public Point center() {
        return new Point(cx(), cy());
    }

    public Rect translate(double dx, double dy) {
        return new Rect(x + dx, y + dy, w, h);
    }

    public boolean contains(double px, double py) {
        return px >= x && px <= x + w && py >= y && py <= y + h;
    }

    public boolean intersects(Rect o) {
        return x < o.maxX() && o.x < maxX() && y < o.maxY() && o.y < maxY();
    }

    public Rect union(Rect o) {
        double nx = Math.min(x, o.x);
        double ny = Math.min(y, o.y);
        return new Rect(nx, ny, Math.max(maxX(), o.maxX()) - nx, Math.max(maxY(), o.maxY()) - ny);
    }

    public Rect grow(double d) {
        return new Rect(x - d, y - d, w + 2 * d, h + 2 * d);
    }
}
