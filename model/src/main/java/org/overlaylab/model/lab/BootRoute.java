/*
 * A route a host gets when it boots, the way the VM's provisioning adds it with
 * `ip route add <segment> via <via> dev <device>`: towards another underlay segment through the
 * router's address on the host's own segment. `ip route` prints it without a proto keyword
 * (proto boot is the default and iproute2 leaves it out).
 */
package org.overlaylab.model.lab;

public record BootRoute(String segment, String via, String device) {

    /** The route as `ip route add` takes it and `ip route` prints it. */
    public String routeText() {
        return segment + " via " + via + " dev " + device;
    }
}
