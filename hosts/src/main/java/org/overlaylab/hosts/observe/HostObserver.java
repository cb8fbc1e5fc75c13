/*
 * Observes one host through nothing but a CommandRunner: runs the full probe (Docker through its
 * CLI included) and builds the topology Host. This is how a backend that only has a shell on the
 * host (SSH to a VM) observes it; the netns backend uses the same probe and builder, reading
 * Docker's API directly for speed.
 */
package org.overlaylab.hosts.observe;

import java.io.IOException;
import java.util.List;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.Host;

public final class HostObserver {
    private HostObserver() {}

    public static Host observe(String name, String hostname, CommandRunner runner, List<Daemon> daemons) throws IOException {
        return ProbeTopologyBuilder.host(name, hostname, HostProbe.parse(runner.run(HostProbe.SCRIPT)), daemons, List.of(), List.of());
    }
}
