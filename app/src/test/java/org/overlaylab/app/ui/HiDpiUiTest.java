/*
 * The window on a screen at 200 % (render scale 2, as GTK gives it with GDK_SCALE=2): the topology
 * canvas, the packet markers over it, the packet list, hex view, layer tree, step list, terminal and
 * icon buttons are drawn with two device pixels a unit, not drawn at one and enlarged. Each part's edges at 2x are
 * compared with the same part drawn at 1x and enlarged twice (what a 1x-backed canvas looks like on
 * such a screen). Screenshots go to target/screenshots/hidpi.
 */
package org.overlaylab.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;

@Tag("ui")
class HiDpiUiTest {
    private static final Path SHOTS = Path.of("target", "screenshots", "hidpi");
    /** Crisp edges at 2x measured 3.5 to 5 times steeper than enlarged 1x ones; a 1x drawing enlarged measures 1. */
    private static final double SHARPER_THAN_ENLARGED = 2.0;

    @Test
    void everyPartIsDrawnAtTwoPixelsAUnitOnAScreenAt200Percent() throws Exception {
        try (AppDriver app = AppDriver.open()) {
            app.openLab("flannel-vxlan");
            app.runThrough(LabLoader.resolve("flannel-vxlan").stepNumber("ping-test2").orElseThrow());
            // what the window does when it is shown on (or moved to) a screen at 200 %
            app.fx(() -> {
                app.stage.setRenderScaleX(2);
                app.stage.setRenderScaleY(2);
            });
            app.waitUntil(Duration.ofSeconds(10), () -> app.window.animationLayer().density() == 2);
            app.fx(() -> {
                app.vm.animation().seek(0);
                app.vm.animation().play();
            });
            // a packet in flight, fully shown, inside the canvas
            app.waitUntil(Duration.ofSeconds(30), () -> app.vm.animation().time().get() > 1 && markerInView(app) != null);
            app.fx(() -> {
                app.vm.animation().pause();
                app.vm.packets().select(app.vm.packets().row(app.vm.packets().rowCount() - 1).index());
            });
            Thread.sleep(600); // a few frames at the new scale, so cached drawings are redrawn as the screen shows them

            Map<String, Bounds> parts = app.fx(() -> {
                Map<String, Bounds> out = new LinkedHashMap<>();
                // with three buttons whose icons are SVG paths
                for (String sel : List.of("#topology-canvas", "#packet-list", ".hex-view", "#layer-tree", "#step-list",
                        ".console-pane", "#run-step", "#play-pause", "#open-pcap")) {
                    Node n = app.stage.getScene().getRoot().lookup(sel);
                    assertThat(n).as(sel).isNotNull();
                    out.put(sel, n.localToScene(n.getLayoutBounds()));
                }
                return out;
            });
            Point2D marker = app.fx(() -> markerInView(app));
            BufferedImage[] window = app.fx(() -> new BufferedImage[] {
                snapshot(app.stage.getScene().getRoot(), 1, null), snapshot(app.stage.getScene().getRoot(), 2, null)});
            // the markers alone, on white: the diagram's text under them would hide a blurred marker
            BufferedImage[] markers = app.fx(() -> new BufferedImage[] {
                snapshot(app.window.animationLayer(), 1, Color.WHITE), snapshot(app.window.animationLayer(), 2, Color.WHITE)});
            ImageIO.write(window[1], "png", SHOTS.resolve("window-2x.png").toFile());
            ImageIO.write(window[0], "png", SHOTS.resolve("window-1x.png").toFile());

            List<String> blurred = new ArrayList<>();
            for (var part : parts.entrySet()) {
                Bounds b = part.getValue();
                check(part.getKey(), window, b.getMinX() + 2, b.getMinY() + 2, b.getWidth() - 4, b.getHeight() - 4, blurred);
            }
            Point2D inLayer = app.fx(() -> app.window.animationLayer().sceneToLocal(marker));
            check("packet marker", markers, inLayer.getX() - 18, inLayer.getY() - 18, 36, 36, blurred);
            assertThat(blurred).isEmpty();
        }
    }

    /** Where a fully shown marker is, in scene coordinates (null: none in view). */
    private static Point2D markerInView(AppDriver app) {
        var canvas = app.window.canvas();
        for (var m : app.vm.animation().markers()) {
            Point2D v = canvas.toView(m.x(), m.y());
            if (m.alpha() > 0.95 && v.getX() > 30 && v.getY() > 30 && v.getX() < canvas.getWidth() - 30
                    && v.getY() < canvas.getHeight() - 30) {
                return canvas.localToScene(v);
            }
        }
        return null;
    }

    private static BufferedImage snapshot(Node node, double scale, Color fill) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(new Scale(scale, scale));
        if (fill != null) {
            p.setFill(fill);
        }
        return SwingFXUtils.fromFXImage(node.snapshot(p, null), null);
    }

    /**
     * Compares a region (in units) of the 2x picture with the same region of the 1x picture enlarged
     * twice; notes it in `blurred` unless its edges are clearly steeper.
     */
    private static void check(String what, BufferedImage[] pictures, double x, double y, double w, double h,
                              List<String> blurred) throws Exception {
        int ux = (int) Math.round(x);
        int uy = (int) Math.round(y);
        int uw = (int) Math.min(Math.round(w), pictures[0].getWidth() - ux);
        int uh = (int) Math.min(Math.round(h), pictures[0].getHeight() - uy);
        BufferedImage one = pictures[0].getSubimage(ux, uy, uw, uh);
        BufferedImage two = pictures[1].getSubimage(2 * ux, 2 * uy, 2 * uw, 2 * uh);
        BufferedImage enlarged = new BufferedImage(2 * uw, 2 * uh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = enlarged.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(one, 0, 0, 2 * uw, 2 * uh, null);
        g.dispose();
        double sharp = edgeSteepness(two);
        double soft = edgeSteepness(enlarged);
        String name = what.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        ImageIO.write(two, "png", SHOTS.resolve(name + "-2x.png").toFile());
        ImageIO.write(enlarged, "png", SHOTS.resolve(name + "-1x-enlarged.png").toFile());
        System.out.printf("%s: edge steepness at 2x %.1f, 1x enlarged %.1f, ratio %.2f%n", what, sharp, soft, sharp / soft);
        assertThat(soft).as(what + " shows something").isGreaterThan(5);
        if (sharp < SHARPER_THAN_ENLARGED * soft) {
            blurred.add(String.format("%s: 2x edges %.1f, only %.2f times those of 1x enlarged", what, sharp, sharp / soft));
        }
    }

    /**
     * The mean squared step in brightness between neighbouring pixels: a sharp edge is one big step,
     * the same edge enlarged from fewer pixels is two half steps (half the squared sum).
     */
    static double edgeSteepness(BufferedImage img) {
        double sum = 0;
        for (int y = 0; y < img.getHeight() - 1; y++) {
            for (int x = 0; x < img.getWidth() - 1; x++) {
                double l = brightness(img.getRGB(x, y));
                double dx = brightness(img.getRGB(x + 1, y)) - l;
                double dy = brightness(img.getRGB(x, y + 1)) - l;
                sum += dx * dx + dy * dy;
            }
        }
        return sum / ((double) img.getWidth() * img.getHeight());
    }

    private static double brightness(int rgb) {
        return 0.2126 * ((rgb >> 16) & 255) + 0.7152 * ((rgb >> 8) & 255) + 0.0722 * (rgb & 255);
    }

    static {
        SHOTS.toFile().mkdirs();
    }
}
