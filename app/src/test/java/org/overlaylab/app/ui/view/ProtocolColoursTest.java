/*
 * The packet markers' colours stay apart for a person with deuteranopia (no green cones, about 1 in
 * 20 men have some red-green deficiency): each colour is put through Machado, Oliveira and Fernandes'
 * 2009 deuteranopia matrix (severity 1.0, on linear RGB) and every pair of protocols drawn apart must still differ
 * by a CIELAB distance of at least 20; with normal vision too. The two tunnels likewise.
 */
package org.overlaylab.app.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.packets.Protocol;

class ProtocolColoursTest {
    private static final double MIN_DISTANCE = 20;

    /** Machado et al. 2009, deuteranopia, severity 1.0. */
    private static final double[][] DEUTERANOPIA = {
            {0.367322, 0.860646, -0.227968},
            {0.280085, 0.672501, 0.047413},
            {-0.011820, 0.042940, 0.968881}};

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double[] linearRgb(Color c) {
        return new double[] {linear(c.getRed()), linear(c.getGreen()), linear(c.getBlue())};
    }

    static double[] deuteranope(double[] rgb) {
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = 0;
            for (int j = 0; j < 3; j++) {
                v += DEUTERANOPIA[i][j] * rgb[j];
            }
            out[i] = Math.max(0, Math.min(1, v));
        }
        return out;
    }

    /** Linear sRGB (D65) to CIELAB. */
    static double[] lab(double[] rgb) {
        double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
    }

    private static List<String> tooClose(List<String> names, List<Color> colours, boolean simulate) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < colours.size(); i++) {
            for (int j = i + 1; j < colours.size(); j++) {
                double[] a = linearRgb(colours.get(i));
                double[] b = linearRgb(colours.get(j));
                double d = simulate ? distance(lab(deuteranope(a)), lab(deuteranope(b))) : distance(lab(a), lab(b));
                if (d < MIN_DISTANCE) {
                    out.add(names.get(i) + "/" + names.get(j) + String.format(" %.1f", d));
                }
            }
        }
        return out;
    }

    @Test
    void theMatrixKeepsGreyAndTurnsRedAndGreenAlike() {
        double[] grey = deuteranope(new double[] {0.5, 0.5, 0.5});
        assertThat(grey[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.001));
        double[] red = lab(deuteranope(linearRgb(Color.web("#d62728"))));
        double[] green = lab(deuteranope(linearRgb(Color.web("#2ca02c"))));
        assertThat(distance(red, green)).as("the classic red/green pair nearly merges").isLessThan(MIN_DISTANCE);
    }

    @Test
    void everyProtocolPairStaysApartUnderDeuteranopia() {
        List<String> names = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            if (p == Protocol.BGP || p == Protocol.IPV6) {
                continue; // BGP is drawn as the TCP it rides on, other IPv6 as any other frame
            }
            names.add(p.label());
            colours.add(AnimationLayer.protocolColour(p));
        }
        assertThat(tooClose(names, colours, true)).as("deuteranopia").isEmpty();
        assertThat(tooClose(names, colours, false)).as("normal vision").isEmpty();
        assertThat(tooClose(List.of("VXLAN", "GRE"), List.of(AnimationLayer.tunnelColour(Protocol.Tunnel.VXLAN),
                AnimationLayer.tunnelColour(Protocol.Tunnel.GRE)), true)).isEmpty();
    }
}
