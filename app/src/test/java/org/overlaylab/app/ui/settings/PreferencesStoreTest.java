/* Settings survive a round trip through java.util.prefs (in a node of their own, removed afterwards). */
package org.overlaylab.app.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.app.ui.diagram.DetailLevel;

class PreferencesStoreTest {
    private final Preferences node = Preferences.userRoot().node("org/overlaylab/test-" + ProcessHandle.current().pid());

    @AfterEach
    void remove() throws Exception {
        node.removeNode();
    }

    @Test
    void roundTrip() {
        PreferencesStore store = new PreferencesStore(node);
        assertThat(store.load()).isEqualTo(Settings.DEFAULTS);
        Settings s = Settings.DEFAULTS.withLastLab("/tmp/my lab.yaml").withBackend("ssh").withSshHostsFile("/home/teacher/lab-vms.yaml").withPresenter(true).withHighContrast(true)
                .withDark(true).withDetail(DetailLevel.FULL).withSpeed(2).withAnimateControlPlane(false)
                .withWindow(new Settings.Window(10, 20, 1280, 800, true, List.of(0.2, 0.8, 0.6, 0.35, 0.4)));
        store.save(s);
        assertThat(new PreferencesStore(node).load()).isEqualTo(s);
        store.save(s.withSshHostsFile(null));
        assertThat(new PreferencesStore(node).load().sshHostsFile()).isNull();
        assertThat(new PreferencesStore(node).load().animateControlPlane()).isFalse();
        store.save(s.withAnimateControlPlane(true));
        assertThat(new PreferencesStore(node).load().animateControlPlane()).isTrue();
    }
}
