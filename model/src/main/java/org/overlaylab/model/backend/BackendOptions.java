/*
 * How to start a backend: the seed every random ID and MAC comes from (simulator), a working
 * directory for real daemons, a per-command timeout, and backend-specific settings (SSH hosts file).
 */
package org.overlaylab.model.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

public record BackendOptions(long seed, Path workDirectory, Duration commandTimeout, Map<String, String> settings) {

    public BackendOptions {
        settings = Map.copyOf(settings);
    }

    public static BackendOptions withSeed(long seed) {
        return new BackendOptions(seed, null, Duration.ofSeconds(60), Map.of());
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
