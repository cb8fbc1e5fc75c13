/*
 * What the desktop app remembers between runs: the last lab (a built-in id or a file path), the
 * backend, presenter mode, theme (light or dark, and high contrast over either), label detail, animation speed, the window's place, size and
 * split positions, the hosts file the ssh backend reaches its machines by, and the student's name
 * (asked once, for reports), whether the first-run tour was shown, and whether control-plane
 * frames are animated.
 */
package org.overlaylab.app.ui.settings;

import java.util.List;
import org.overlaylab.app.ui.diagram.DetailLevel;

public record Settings(String lastLab, String backend, boolean presenter, boolean dark, DetailLevel detail,
                       double speed, Window window, String sshHostsFile, String student, boolean highContrast,
                       boolean tourSeen, boolean animateControlPlane) {

    /** Window bounds (NaN when never saved), maximised flag, and the positions of the split dividers. */
    public record Window(double x, double y, double width, double height, boolean maximized, List<Double> dividers) {
        public Window {
            dividers = List.copyOf(dividers);
        }

        public static final Window UNKNOWN = new Window(Double.NaN, Double.NaN, 1440, 900, false, List.of());

        public boolean placed() {
            return !Double.isNaN(x) && !Double.isNaN(y);
        }
    }

    public static final Settings DEFAULTS = new Settings(null, "sim", false, false, DetailLevel.ADDRESSES, 1.0,
            Window.UNKNOWN, null, null, false, false, true);

    public Settings withLastLab(String lab) {
        return new Settings(lab, backend, presenter, dark, detail, speed, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withBackend(String kind) {
        return new Settings(lastLab, kind, presenter, dark, detail, speed, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withPresenter(boolean on) {
        return new Settings(lastLab, backend, on, dark, detail, speed, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withDark(boolean on) {
        return new Settings(lastLab, backend, presenter, on, detail, speed, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withDetail(DetailLevel level) {
        return new Settings(lastLab, backend, presenter, dark, level, speed, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withSpeed(double s) {
        return new Settings(lastLab, backend, presenter, dark, detail, s, window, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    public Settings withWindow(Window w) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, w, sshHostsFile, student, highContrast, tourSeen, animateControlPlane);
    }

    /** The ssh backend's hosts file (a path), or null to reach each lab host at its underlay address. */
    public Settings withSshHostsFile(String path) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, window, path, student, highContrast, tourSeen, animateControlPlane);
    }

    /** The student's name as reports carry it. */
    public Settings withStudent(String name) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, window, sshHostsFile, name, highContrast, tourSeen, animateControlPlane);
    }

    /** The high-contrast theme: black and white with bright accents, thicker outlines (for projectors and low vision). */
    public Settings withHighContrast(boolean on) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, window, sshHostsFile, student, on, tourSeen, animateControlPlane);
    }

    /** Whether the first-run tour was shown (finished or skipped). */
    public Settings withTourSeen(boolean seen) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, window, sshHostsFile, student, highContrast, seen, animateControlPlane);
    }

    /** Whether the canvas animates control-plane frames (BGP, etcd, gossip, ARP) besides the data plane. */
    public Settings withAnimateControlPlane(boolean on) {
        return new Settings(lastLab, backend, presenter, dark, detail, speed, window, sshHostsFile, student, highContrast, tourSeen, on);
    }
}
