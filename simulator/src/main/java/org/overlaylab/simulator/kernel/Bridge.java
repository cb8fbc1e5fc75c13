/*
 * A Linux bridge: its ports are the devices whose master it is. It learns source MACs per port
 * (ageing 300 s) and, until it has an explicit MAC, takes the lowest MAC of its ports, as Linux does.
 */
package org.overlaylab.simulator.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Bridge extends Link {
    public static final long AGEING_NANOS = 300L * 1_000_000_000L;

    /** A MAC learned on a port, and when it was last seen. */
    public record Learned(Link port, long seenAt) {}

    private final Map<String, Learned> fdb = new LinkedHashMap<>();

    public Bridge(String name, String mac) {
        super(name, mac, 1500);
    }

    @Override
    public String kind() {
        return "bridge";
    }

    public List<Link> ports() {
        return ns() == null ? List.of() : ns().links().stream().filter(l -> l.master() == this).toList();
    }

    @Override
    public boolean carrier() {
        if (ns() == null) {
            return false;
        }
        for (Link l : ns().links()) {
            if (l.master() == this && l.running()) {
                return true;
            }
        }
        return false;
    }

    public Map<String, Learned> fdb() {
        return fdb;
    }

    public void learn(String mac, Link port, long now) {
        fdb.put(mac, new Learned(port, now));
    }

    /** The port a MAC was learned on, if it has not aged out. */
    public Link lookup(String mac, long now) {
        Learned l = fdb.get(mac);
        if (l == null || now - l.seenAt() > AGEING_NANOS || l.port().master() != this) {
            return null;
        }
        return l.port();
    }

    void forgetPort(Link port) {
        fdb.values().removeIf(l -> l.port() == port);
    }

    /**
     * Called when ports change: the bridge takes its ports' smallest MTU, as Linux did before 4.17,
     * and without an explicit MAC it wears its lowest port MAC.
     */
    void refreshFromPorts() {
        ports().stream().mapToInt(Link::mtu).min().ifPresent(this::setMtu);
        if (macExplicit()) {
            return;
        }
        ports().stream().map(Link::mac).min(String::compareTo).ifPresent(this::inheritMac);
    }
}
