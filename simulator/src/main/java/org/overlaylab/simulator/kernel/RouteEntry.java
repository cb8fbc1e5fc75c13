/*
 * A route of a namespace's main table. Connected (proto kernel) routes are not stored: they follow
 * from the addresses of devices that are up, exactly as Linux adds and removes them.
 */
package org.overlaylab.simulator.kernel;

import org.overlaylab.model.net.Cidr;

public record RouteEntry(Cidr destination, Integer gateway, Link device, String protocol, String scope,
                         Integer preferredSource, String type, int metric, boolean onlink) {

    public static RouteEntry unicast(Cidr dst, Integer gateway, Link dev) {
        return new RouteEntry(dst.networkCidr(), gateway, dev, null, gateway == null ? "link" : null, null,
                "unicast", 0, false);
    }

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }

    public boolean blackhole() {
        return "blackhole".equals(type);
    }
}
