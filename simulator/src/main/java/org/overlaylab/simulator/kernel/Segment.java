/*
 * A layer-2 network outside every host: the switch joining the VMs' enp0s8 NICs (the underlay),
 * or one VM's NAT network. It learns MACs like a switch and floods what it does not know.
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Cidr;

public final class Segment {
    private final String name;
    private final Cidr cidr;
    private final List<Ether> ports = new ArrayList<>();
    private final Map<String, Ether> learned = new HashMap<>();

    public Segment(String name, Cidr cidr) {
        this.name = name;
        this.cidr = cidr;
    }

    public String name() {
        return name;
    }

    public Cidr cidr() {
        return cidr;
    }

    public List<Ether> ports() {
        return ports;
    }

    public void attach(Ether nic) {
        ports.add(nic);
    }

    public void learn(String mac, Ether port) {
        learned.put(mac, port);
    }

    public Ether lookup(String mac) {
        return learned.get(mac);
    }
}
