/* Where settings live: java.util.prefs for the app, memory for tests. */
package org.overlaylab.app.ui.settings;

public interface SettingsStore {

    Settings load();

    void save(Settings settings);

    /** Settings that live only as long as this object, for tests and for --no-settings runs. */
    static SettingsStore inMemory() {
        return new SettingsStore() {
            private Settings current = Settings.DEFAULTS;

            @Override
            public Settings load() {
                return current;
            }

            @Override
            public void save(Settings settings) {
                current = settings;
            }
        };
    }
}
