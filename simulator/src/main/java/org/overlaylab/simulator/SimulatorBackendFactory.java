/* Makes simulator backends; registered for ServiceLoader so the app finds the "sim" kind. */
package org.overlaylab.simulator;

import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendFactory;

public final class SimulatorBackendFactory implements BackendFactory {

    @Override
    public String kind() {
        return "sim";
    }

    @Override
    public String description() {
        return "Simulator: in memory, wire-exact frames, virtual time; nothing to install";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend create() {
        return new SimulatorBackend();
    }
}
