/* Diagnostic: runs a built-in lab up to a step on the netns backend and prints the observed namespaces. */
package org.overlaylab.hosts.bench;

import java.time.Duration;
import java.util.Map;
import org.overlaylab.hosts.netns.NetnsBackend;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetNamespace;

public final class TopologyDump {
    private TopologyDump() {}

    public static void main(String[] args) throws Exception {
        NetnsBackend b = new NetnsBackend();
        try (LabSession s = new LabSession(LabLoader.builtIn(args[0]), b, new BackendOptions(7, null, Duration.ofSeconds(60), Map.of()))) {
            s.start();
            s.runThrough(Integer.parseInt(args[1]));
            for (Host h : s.topology().hosts()) {
                System.out.println("== " + h.name() + " containers " + h.containers());
                for (NetNamespace ns : h.namespaces()) {
                    System.out.println("  ns " + ns.name() + " " + ns.kind() + " " + ns.container());
                    ns.interfaces().forEach(i -> System.out.println("    " + i.index() + " " + i.name() + " " + i.kind() + " peer=" + i.peer()
                            + " master=" + i.master()));
                    ns.fdb().forEach(f -> System.out.println("    fdb " + f));
                }
                System.out.println("  daemons " + h.daemons());
            }
        } finally {
            b.close();
        }
    }
}
