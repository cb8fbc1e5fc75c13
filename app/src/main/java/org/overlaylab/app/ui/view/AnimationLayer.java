/*
 * Paints the packets of the animation over the topology canvas, in screen space (so its size never
 * depends on the zoom), and drives playback from the screen's pulse. A marker is a dot coloured by
 * protocol; inside a tunnel it wears a capsule in the tunnel's colour; a drop is a red cross.
 * Control-plane frames (BGP, etcd, gossip, ARP) are diamonds in a colour of their own, so they are
 * told apart from the data plane by shape as well as colour. Clicking a marker selects its frame.
 * Markers are drawn at the window's pixel density (two device pixels a unit on a screen at 200 %),
 * so they stay as sharp as the diagram under them.
 */
package org.overlaylab.app.ui.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;
import javafx.scene.transform.Scale;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.app.ui.vm.AnimationViewModel;

public final class AnimationLayer extends Pane {
    private final AnimationViewModel vm;
    private final TopologyCanvas canvas;
    private final Canvas paint = new Canvas();
    /** Device pixels a unit that JavaFX backs `paint` with by itself (fixed when it was made). */
    private final double paintDensity = PixelDensity.canvasDensityNow();
    /** Device pixels a unit where the layer is shown. */
    private double density = 1;
    /** How much larger than the layer `paint` is made (and shrunk back), when JavaFX's own density falls short. */
    private double enlarge = 1;
    private final AnimationTimer timer;
    private long last = -1;
    private boolean dirty = true;
    private double scale = 1;
    /** Nanoseconds the last repaint took, for the frame-time benchmark. */
    private long lastPaintNanos;

    public AnimationLayer(AnimationViewModel vm, TopologyCanvas canvas, Consumer<AnimationViewModel.Marker> onClick) {
        this.vm = vm;
        this.canvas = canvas;
        getStyleClass().add("animation-layer");
        setMouseTransparent(true);
        setPickOnBounds(false);
        getChildren().add(paint);
        widthProperty().addListener((o, a, b) -> sizePaint());
        heightProperty().addListener((o, a, b) -> sizePaint());
        PixelDensity.follow(this, this::densityChanged);
        canvas.addViewChangeListener(() -> dirty = true);
        vm.time().subscribe(t -> dirty = true);
        vm.showControlPlane().subscribe(on -> dirty = true);
        vm.events().subscribe(new org.overlaylab.app.ui.base.ListValue.Listener<>() {
            @Override
            public void appended(List<AnimationViewModel.Event> all, int from) {
                dirty = true;
            }

            @Override
            public void replaced(List<AnimationViewModel.Event> all) {
                dirty = true;
            }
        });
        canvas.setMarkerClickHandler(e -> {
            Point d = canvas.toDiagram(e.getX(), e.getY());
            AnimationViewModel.Marker m = vm.markerNear(d.x(), d.y(), radius() * 1.6 / Math.max(0.05, canvas.zoom()));
            if (m != null) {
                onClick.accept(m);
                e.consume();
            }
        });
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                double dt = last < 0 ? 0 : (now - last) / 1e9;
                last = now;
                if (vm.advance(Math.min(dt, 0.1))) {
                    dirty = true;
                }
                if (dirty) {
                    repaint();
                }
            }
        };
        timer.start();
    }

    /** Marker size follows presenter mode. */
    public void setScale(double s) {
        scale = s;
        dirty = true;
    }

    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    public void stop() {
        timer.stop();
    }

    /** Device pixels a unit the markers are drawn at now. */
    public double density() {
        return Math.max(paintDensity, density);
    }

    private void densityChanged(double now) {
        if (now == density) {
            return;
        }
        density = now;
        enlarge = density > paintDensity ? density / paintDensity : 1;
        paint.getTransforms().setAll(new Scale(1 / enlarge, 1 / enlarge, 0, 0));
        sprites.clear();
        sizePaint();
    }

    private void sizePaint() {
        paint.setWidth(Math.ceil(getWidth() * enlarge));
        paint.setHeight(Math.ceil(getHeight() * enlarge));
        dirty = true;
    }

    private double radius() {
        double z = canvas.zoom();
        return Math.max(4.5, Math.min(13, 8.5 * Math.sqrt(Math.max(0.2, z)))) * scale;
    }

    /** Paints the markers of the current time now. */
    public void repaint() {
        long t0 = System.nanoTime();
        dirty = false;
        GraphicsContext g = paint.getGraphicsContext2D();
        g.setTransform(enlarge, 0, 0, enlarge, 0, 0);
        g.clearRect(0, 0, getWidth(), getHeight());
        double r = Math.round(radius() * 2) / 2.0;
        if (r != spriteRadius) {
            sprites.clear();
            spriteRadius = r;
        }
        for (AnimationViewModel.Marker m : vm.markers()) {
            Point2D p = canvas.toView(m.x(), m.y());
            if (p.getX() < -30 || p.getY() < -30 || p.getX() > getWidth() + 30 || p.getY() > getHeight() + 30) {
                continue;
            }
            int wrapStep = (int) Math.round(Math.max(0, Math.min(1, m.wrap())) * WRAP_STEPS);
            Sprite sprite = m.control() ? controlSprite(m.dropped(), r) : sprite(m.kind(), wrapStep, m.dropped(), r);
            g.setGlobalAlpha(Math.max(0, Math.min(1, m.alpha())));
            g.drawImage(sprite.image(), Math.round(p.getX() - sprite.width() / 2), Math.round(p.getY() - sprite.height() / 2),
                    sprite.width(), sprite.height());
        }
        g.setGlobalAlpha(1);
        lastPaintNanos = System.nanoTime() - t0;
    }

    private static final int WRAP_STEPS = 8;
    private final Map<String, Sprite> sprites = new HashMap<>();
    private double spriteRadius = -1;

    /** A marker's picture, `width` by `height` units, its image holding `density()` pixels a unit. */
    private record Sprite(Image image, double width, double height) {}

    /**
     * A marker drawn once into a small image and reused: copying images is much cheaper than
     * drawing hundreds of anti-aliased shapes per frame, which matters with software rendering.
     * Drawn from shapes, which stay sharp at any density (a Canvas would be held to its own).
     */
    private Sprite sprite(Protocol.Kind kind, int wrapStep, boolean dropped, double r) {
        String key = kind.protocol() + "/" + kind.tunnel() + "/" + wrapStep + "/" + dropped;
        Sprite done = sprites.get(key);
        if (done != null) {
            return done;
        }
        double wrap = wrapStep / (double) WRAP_STEPS;
        double w = r * (1 + 1.7 * wrap);
        double h = r * (1 + 0.75 * wrap);
        double half = Math.ceil(Math.max(w, r * 1.7) + 3);
        double halfH = Math.ceil(Math.max(h, r * 1.7) + 3);
        double cx = half;
        double cy = halfH;
        Group g = new Group();
        if (wrap > 0.01) {
            Rectangle capsule = new Rectangle(cx - w, cy - h, 2 * w, 2 * h);
            capsule.setArcWidth(2 * h);
            capsule.setArcHeight(2 * h);
            g.getChildren().add(outlined(capsule, tunnelColour(kind.tunnel()).deriveColor(0, 1, 1, 0.9), Color.WHITE, 1.5));
        }
        g.getChildren().add(outlined(new Circle(cx, cy, r), protocolColour(kind.protocol()), Color.WHITE, 2));
        if (dropped) {
            cross(g, cx, cy, r * 1.6);
        }
        Sprite made = picture(g, 2 * half, 2 * halfH);
        sprites.put(key, made);
        return made;
    }

    private static Shape outlined(Shape s, Color fill, Color edge, double width) {
        s.setFill(fill);
        s.setStroke(edge);
        s.setStrokeWidth(width);
        return s;
    }

    /** The red cross of a dropped frame, `d` units each way from the centre. */
    private static void cross(Group g, double cx, double cy, double d) {
        for (Line l : List.of(new Line(cx - d, cy - d, cx + d, cy + d), new Line(cx + d, cy - d, cx - d, cy + d))) {
            l.setStroke(Color.web("#d32f2f"));
            l.setStrokeWidth(3.5);
            g.getChildren().add(l);
        }
    }

    /** The shapes as an image of `w` by `h` units at the density the markers are drawn at. */
    private Sprite picture(Group shapes, double w, double h) {
        double s = density();
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.TRANSPARENT);
        sp.setTransform(new Scale(s, s));
        sp.setViewport(new Rectangle2D(0, 0, Math.ceil(w * s), Math.ceil(h * s)));
        return new Sprite(shapes.snapshot(sp, null), w, h);
    }

    /**
     * The control plane's colour: near-black edged in yellow, a pair every kind of colour vision
     * tells apart from the data plane's hues, on the light and the dark canvas alike.
     */
    public static final Color CONTROL_PLANE_FILL = Color.web("#1c1c1c");
    public static final Color CONTROL_PLANE_EDGE = Color.web("#f0e442");

    /** A control-plane marker: a diamond, drawn once per size like the others. */
    private Sprite controlSprite(boolean dropped, double r) {
        String key = "control/" + dropped;
        Sprite done = sprites.get(key);
        if (done != null) {
            return done;
        }
        double d = r * 1.35;
        double half = Math.ceil(Math.max(d, r * 1.7) + 3);
        Polygon diamond = new Polygon(half, half - d, half + d, half, half, half + d, half - d, half);
        Group g = new Group(outlined(diamond, CONTROL_PLANE_FILL, CONTROL_PLANE_EDGE, 2.5));
        if (dropped) {
            cross(g, half, half, r * 1.6);
        }
        Sprite made = picture(g, 2 * half, 2 * half);
        sprites.put(key, made);
        return made;
    }

    /**
     * A marker's colour by what it carries. From Okabe and Ito's and Paul Tol's colour-blind-safe sets,
     * chosen so that every pair still differs by at least 20 (CIELAB) for a person with deuteranopia
     * (ProtocolColoursTest simulates it); BGP rides TCP and shares its colour.
     */
    public static Color protocolColour(Protocol p) {
        return switch (p) {
            case ICMP -> Color.web("#999933"); // olive
            case ARP -> Color.web("#e69f00"); // orange
            case TCP, BGP -> Color.web("#0072b2"); // blue
            case ETCD -> Color.web("#332288"); // indigo
            case UDP -> Color.web("#cc79a7"); // reddish purple
            case DNS -> Color.web("#56b4e9"); // sky blue
            default -> Color.web("#4d4d4d"); // dark grey
        };
    }

    public static Color tunnelColour(Protocol.Tunnel t) {
        return t == Protocol.Tunnel.GRE ? Color.web("#b8329c") : Color.web("#e8700f");
    }
}
