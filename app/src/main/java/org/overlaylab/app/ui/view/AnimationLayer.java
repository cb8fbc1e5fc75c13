/*
 * Paints the packets of the animation over the topology canvas, in screen space (so its size never
 * depends on the zoom), and drives playback from the screen's pulse. A marker is a dot coloured by
 * protocol; inside a tunnel it wears a capsule in the tunnel's colour; a drop is a red cross.
 * Control-plane frames (BGP, etcd, gossip, ARP) are diamonds in a colour of their own, so they are
 * told apart from the data plane by shape as well as colour. Clicking a marker selects its frame.
 */
package org.overlaylab.app.ui.view;

import java.util.List;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.app.ui.vm.AnimationViewModel;

public final class AnimationLayer extends Pane {
    private final AnimationViewModel vm;
    private final TopologyCanvas canvas;
    private final Canvas paint = new Canvas();
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
        paint.widthProperty().bind(widthProperty());
        paint.heightProperty().bind(heightProperty());
        widthProperty().addListener((o, a, b) -> dirty = true);
        heightProperty().addListener((o, a, b) -> dirty = true);
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

    private double radius() {
        double z = canvas.zoom();
        return Math.max(4.5, Math.min(13, 8.5 * Math.sqrt(Math.max(0.2, z)))) * scale;
    }

    /** Paints the markers of the current time now. */
    public void repaint() {
        long t0 = System.nanoTime();
        dirty = false;
        GraphicsContext g = paint.getGraphicsContext2D();
        g.clearRect(0, 0, paint.getWidth(), paint.getHeight());
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
            Image sprite = m.control() ? controlSprite(m.dropped(), r) : sprite(m.kind(), wrapStep, m.dropped(), r);
            g.setGlobalAlpha(Math.max(0, Math.min(1, m.alpha())));
            g.drawImage(sprite, Math.round(p.getX() - sprite.getWidth() / 2), Math.round(p.getY() - sprite.getHeight() / 2));
        }
        g.setGlobalAlpha(1);
        lastPaintNanos = System.nanoTime() - t0;
    }

    private static final int WRAP_STEPS = 8;
    private final Map<String, Image> sprites = new HashMap<>();
    private double spriteRadius = -1;

    /**
     * A marker drawn once into a small image and reused: copying images is much cheaper than
     * drawing hundreds of anti-aliased shapes per frame, which matters with software rendering.
     */
    private Image sprite(Protocol.Kind kind, int wrapStep, boolean dropped, double r) {
        String key = kind.protocol() + "/" + kind.tunnel() + "/" + wrapStep + "/" + dropped;
        Image img = sprites.get(key);
        if (img != null) {
            return img;
        }
        double wrap = wrapStep / (double) WRAP_STEPS;
        double w = r * (1 + 1.7 * wrap);
        double h = r * (1 + 0.75 * wrap);
        double half = Math.ceil(Math.max(w, r * 1.7) + 3);
        double halfH = Math.ceil(Math.max(h, r * 1.7) + 3);
        Canvas c = new Canvas(2 * half, 2 * halfH);
        GraphicsContext g = c.getGraphicsContext2D();
        double cx = half;
        double cy = halfH;
        if (wrap > 0.01) {
            g.setFill(tunnelColour(kind.tunnel()).deriveColor(0, 1, 1, 0.9));
            g.fillRoundRect(cx - w, cy - h, 2 * w, 2 * h, 2 * h, 2 * h);
            g.setStroke(Color.WHITE);
            g.setLineWidth(1.5);
            g.strokeRoundRect(cx - w, cy - h, 2 * w, 2 * h, 2 * h, 2 * h);
        }
        g.setFill(protocolColour(kind.protocol()));
        g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        g.setStroke(Color.WHITE);
        g.setLineWidth(2);
        g.strokeOval(cx - r, cy - r, 2 * r, 2 * r);
        if (dropped) {
            g.setStroke(Color.web("#d32f2f"));
            g.setLineWidth(3.5);
            double d = r * 1.6;
            g.strokeLine(cx - d, cy - d, cx + d, cy + d);
            g.strokeLine(cx + d, cy - d, cx - d, cy + d);
        }
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.TRANSPARENT);
        img = c.snapshot(sp, null);
        sprites.put(key, img);
        return img;
    }

    /**
     * The control plane's colour: near-black edged in yellow, a pair every kind of colour vision
     * tells apart from the data plane's hues, on the light and the dark canvas alike.
     */
    public static final Color CONTROL_PLANE_FILL = Color.web("#1c1c1c");
    public static final Color CONTROL_PLANE_EDGE = Color.web("#f0e442");

    /** A control-plane marker: a diamond, drawn once per size like the others. */
    private Image controlSprite(boolean dropped, double r) {
        String key = "control/" + dropped;
        Image img = sprites.get(key);
        if (img != null) {
            return img;
        }
        double d = r * 1.35;
        double half = Math.ceil(Math.max(d, r * 1.7) + 3);
        Canvas c = new Canvas(2 * half, 2 * half);
        GraphicsContext g = c.getGraphicsContext2D();
        double[] xs = {half, half + d, half, half - d};
        double[] ys = {half - d, half, half + d, half};
        g.setFill(CONTROL_PLANE_FILL);
        g.fillPolygon(xs, ys, 4);
        g.setStroke(CONTROL_PLANE_EDGE);
        g.setLineWidth(2.5);
        g.strokePolygon(xs, ys, 4);
        if (dropped) {
            g.setStroke(Color.web("#d32f2f"));
            g.setLineWidth(3.5);
            double x = r * 1.6;
            g.strokeLine(half - x, half - x, half + x, half + x);
            g.strokeLine(half + x, half - x, half - x, half + x);
        }
        SnapshotParameters sp = new SnapshotParameters();
        sp.setFill(Color.TRANSPARENT);
        img = c.snapshot(sp, null);
        sprites.put(key, img);
        return img;
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
