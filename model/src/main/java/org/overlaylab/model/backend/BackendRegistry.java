/* The backend kinds present on the class path, found with ServiceLoader, in a stable order. */
package org.overlaylab.model.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

public final class BackendRegistry {
    private static final List<String> ORDER = List.of("sim", "netns", "ssh");

    private final List<BackendFactory> factories;

    public BackendRegistry(List<BackendFactory> factories) {
        List<BackendFactory> sorted = new ArrayList<>(factories);
        sorted.sort(Comparator.comparingInt(f -> {
            int i = ORDER.indexOf(f.kind());
            return i < 0 ? ORDER.size() : i;
        }));
        this.factories = List.copyOf(sorted);
    }

    public static BackendRegistry load() {
        List<BackendFactory> found = new ArrayList<>();
        ServiceLoader.load(BackendFactory.class).forEach(found::add);
        return new BackendRegistry(found);
    }

    public List<BackendFactory> factories() {
        return factories;
    }

    public Optional<BackendFactory> find(String kind) {
        return factories.stream().filter(f -> f.kind().equals(kind)).findFirst();
    }

    /** The factory for a kind, or an exception whose message lists the kinds there are. */
    public BackendFactory require(String kind) throws BackendException {
        return find(kind).orElseThrow(() -> new BackendException("unknown backend '" + kind + "'; available: "
                + factories.stream().map(BackendFactory::kind).collect(Collectors.joining(", "))));
    }
}
