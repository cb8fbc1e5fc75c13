/*
 * How a capture point is called wherever the app shows or writes it: the host, the container (or
 * Docker namespace) it lies in, and the device, e.g. "node1 enp0s8", "node1 [test1] eth0",
 * "node1 [1-4a8f3c] vxlan0". Namespace labels are learnt from each observed topology and kept,
 * so a frame seen in a container that is gone by the time the capture is written keeps its name.
 */
package org.overlaylab.app.capture;

import java.util.HashMap;
import java.util.Map;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Topology;

public final class CapturePointNames {
    private final Map<String, String> namespaceLabels = new HashMap<>();

    /** Learns the namespaces of a topology: containers by their name, Docker's by theirs, the host's none. */
    public synchronized void update(Topology topology) {
        for (Host h : topology.hosts()) {
            for (NetNamespace ns : h.namespaces()) {
                String label = label(h, ns);
                if (label != null) {
                    namespaceLabels.put(h.name() + "/" + ns.name(), label);
                }
            }
        }
    }

    private static String label(Host h, NetNamespace ns) {
        return switch (ns.kind()) {
            case HOST -> null;
            case CONTAINER -> ns.container() != null ? ns.container()
                    : h.containers().stream().filter(c -> ns.name().equals(c.namespace())).map(Container::name)
                            .findFirst().orElse(ns.name());
            default -> ns.name();
        };
    }

    /** The label of a namespace of a host, or null for the host's own. */
    public synchronized String namespaceLabel(String host, String namespace) {
        if (namespace == null || namespace.equals("host")) {
            return null;
        }
        return namespaceLabels.getOrDefault(host + "/" + namespace, namespace);
    }

    /** "node1 enp0s8", "node1 [test1] eth0". */
    public String name(String host, String namespace, String device) {
        String label = namespaceLabel(host, namespace);
        return host + (label == null ? "" : " [" + label + "]") + " " + device;
    }
}
