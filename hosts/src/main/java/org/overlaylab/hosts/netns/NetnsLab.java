/*
 * One running netns lab: its hosts (namespaces on this machine) and their shells, plus the way
 * into the namespaces from this JVM (sockets for etcd and the DNS answerer), on top of what every
 * lab of real hosts holds (daemons, etcd access, flannel agents, Calico mapping). The backend makes
 * one per start() and drops it on reset() or close().
 */
package org.overlaylab.hosts.netns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.hosts.core.RealLab;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.core.Mappings;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

public final class NetnsLab extends RealLab {
    private final LabLayout layout;
    private final Map<String, NetnsHost> hosts = new LinkedHashMap<>();
    private final Map<String, LabShell> shells = new LinkedHashMap<>();
    private final NetnsSockets sockets = new NetnsSockets();

    NetnsLab(Lab lab, BackendOptions options, LabLayout layout, Set<String> imageTags, java.util.function.BooleanSupplier closing) {
        super(lab, options, imageTags);
        this.layout = layout;
        List<HostSpec> specs = lab.hosts();
        for (int i = 0; i < specs.size(); i++) {
            NetnsHost h = new NetnsHost(specs.get(i), i + 1, layout, sockets, closing);
            hosts.put(h.name(), h);
            shells.put(h.name(), new LabShell(this, h, Mappings.DEBIAN));
        }
    }

    public LabLayout layout() {
        return layout;
    }

    @Override
    public Map<String, NetnsHost> hosts() {
        return hosts;
    }

    @Override
    public NetnsHost host(String name) {
        return hosts.get(name);
    }

    @Override
    public LabShell shell(String name) {
        return shells.get(name);
    }

    public NetnsSockets sockets() {
        return sockets;
    }

    /** Stops what runs inside this JVM for the lab; processes and namespaces go with the Sweeper. */
    @Override
    public void closeInProcess() {
        shells.values().forEach(LabShell::endJobs);
        super.closeInProcess();
        sockets.close();
        hosts.values().forEach(NetnsHost::closeDockerClient);
    }
}
