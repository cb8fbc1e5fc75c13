/* Offers the ssh backend: it runs anywhere Java does, since all it needs are machines to reach (see SshBackend). */
package org.overlaylab.hosts.ssh;

import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendFactory;

public final class SshBackendFactory implements BackendFactory {

    @Override
    public String kind() {
        return SshBackend.KIND;
    }

    @Override
    public String description() {
        return "real VMs over SSH (public-key login): the tutorial's own VMs, or Debian machines (--hosts FILE)";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend create() {
        return new SshBackend();
    }
}
