/* Settings kept with java.util.prefs under the user's preferences (on Linux: ~/.java/.userPrefs). */
package org.overlaylab.app.ui.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.overlaylab.app.ui.diagram.DetailLevel;

public final class PreferencesStore implements SettingsStore {
    public static final String DEFAULT_NODE = "org/overlaylab/desktop";

    private final Preferences node;

    public PreferencesStore() {
        this(Preferences.userRoot().node(DEFAULT_NODE));
    }

    public PreferencesStore(Preferences node) {
        this.node = node;
    }

    @Override
    public Settings load() {
        Settings d = Settings.DEFAULTS;
        DetailLevel detail;
        try {
            detail = DetailLevel.valueOf(node.get("detail", d.detail().name()));
        } catch (IllegalArgumentException e) {
            detail = d.detail();
        }
        List<Double> dividers = new ArrayList<>();
        for (String part : node.get("window.dividers", "").split(",")) {
            try {
                if (!part.isBlank()) {
                    dividers.add(Double.parseDouble(part));
                }
            } catch (NumberFormatException e) {
                dividers.clear();
                break;
            }
        }
        Settings.Window w = new Settings.Window(node.getDouble("window.x", Double.NaN),
                node.getDouble("window.y", Double.NaN), node.getDouble("window.width", d.window().width()),
                node.getDouble("window.height", d.window().height()), node.getBoolean("window.maximized", false),
                dividers);
        return new Settings(node.get("lastLab", null), node.get("backend", d.backend()),
                node.getBoolean("presenter", d.presenter()), node.getBoolean("dark", d.dark()), detail,
                node.getDouble("speed", d.speed()), w, node.get("ssh.hostsFile", null),
                node.get("student", null), node.getBoolean("highContrast", d.highContrast()),
                node.getBoolean("tourSeen", d.tourSeen()),
                node.getBoolean("animateControlPlane", d.animateControlPlane()));
    }

    @Override
    public void save(Settings s) {
        if (s.lastLab() == null) {
            node.remove("lastLab");
        } else {
            node.put("lastLab", s.lastLab());
        }
        node.put("backend", s.backend());
        if (s.sshHostsFile() == null) {
            node.remove("ssh.hostsFile");
        } else {
            node.put("ssh.hostsFile", s.sshHostsFile());
        }
        if (s.student() == null) {
            node.remove("student");
        } else {
            node.put("student", s.student());
        }
        node.putBoolean("presenter", s.presenter());
        node.putBoolean("dark", s.dark());
        node.putBoolean("highContrast", s.highContrast());
        node.putBoolean("tourSeen", s.tourSeen());
        node.putBoolean("animateControlPlane", s.animateControlPlane());
        node.put("detail", s.detail().name());
        node.putDouble("speed", s.speed());
        Settings.Window w = s.window();
        if (w.placed()) {
            node.putDouble("window.x", w.x());
            node.putDouble("window.y", w.y());
        }
        node.putDouble("window.width", w.width());
        node.putDouble("window.height", w.height());
        node.putBoolean("window.maximized", w.maximized());
        StringBuilder sb = new StringBuilder();
        for (double v : w.dividers()) {
            sb.append(sb.length() > 0 ? "," : "").append(v);
        }
        node.put("window.dividers", sb.toString());
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: the app works the same without them
        }
    }
}
