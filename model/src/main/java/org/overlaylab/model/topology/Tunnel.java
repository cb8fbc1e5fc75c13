/*
 * A tunnel between two hosts, found from the topology itself: a VXLAN device whose FDB points at
 * another host's underlay address, or an OVS GRE/VXLAN/Geneve port whose remote_ip is another host.
 */
package org.overlaylab.model.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record Tunnel(String kind, String fromHost, String fromNamespace, String fromDevice,
                     String toHost, String remoteAddress, int key) {

    /** Every tunnel end in the topology; one record per direction, so a working tunnel shows twice. */
    public static List<Tunnel> find(Topology topology) {
        Map<String, Tunnel> found = new LinkedHashMap<>();
        for (Host host : topology.hosts()) {
            for (NetNamespace ns : host.namespaces()) {
                for (NetInterface dev : ns.interfaces()) {
                    if (dev.vxlan() == null) {
                        continue;
                    }
                    List<String> remotes = new ArrayList<>();
                    if (dev.vxlan().remote() != null && !dev.vxlan().remote().isEmpty()) {
                        remotes.add(dev.vxlan().remote());
                    }
                    ns.fdb().stream()
                            .filter(f -> f.device().equals(dev.name()) && f.destination() != null)
                            .forEach(f -> remotes.add(f.destination()));
                    for (String remote : remotes) {
                        String to = topology.hostWithAddress(remote).map(Host::name).orElse(null);
                        if (to == null || to.equals(host.name())) {
                            continue;
                        }
                        Tunnel t = new Tunnel("vxlan", host.name(), ns.name(), dev.name(), to, remote, dev.vxlan().vni());
                        found.putIfAbsent(host.name() + "|" + ns.name() + "|" + dev.name() + "|" + remote, t);
                    }
                }
            }
            for (OvsBridge bridge : host.ovsBridges()) {
                for (OvsBridge.Port port : bridge.ports()) {
                    String remote = port.options().get("remote_ip");
                    if (remote == null || !(port.type().equals("gre") || port.type().equals("vxlan") || port.type().equals("geneve"))) {
                        continue;
                    }
                    String to = topology.hostWithAddress(remote).map(Host::name).orElse(null);
                    int key = parseKey(port.options().get("key"));
                    found.putIfAbsent(host.name() + "|ovs|" + port.name(),
                            new Tunnel(port.type(), host.name(), host.root().name(), port.name(), to, remote, key));
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static int parseKey(String key) {
        if (key == null) {
            return 0;
        }
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
