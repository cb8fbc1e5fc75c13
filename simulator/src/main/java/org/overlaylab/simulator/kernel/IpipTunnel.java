/*
 * An IP-in-IP device (RFC 2003) as the ipip module makes it: tunl0, the device the module creates
 * when it loads, takes packets from any remote to any local address ("ipip any remote any local
 * any ttl inherit nopmtudisc"). It has no link layer: a route through it names the outer
 * destination as its gateway (`via 192.168.205.11 dev tunl0 onlink`), the outer TTL is the inner
 * one (ttl inherit) and the outer DF bit is the inner one's (nopmtudisc).
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.List;

public final class IpipTunnel extends Link {
    /** MTU of tunl0 as the module creates it: 1500 less the 20-byte outer header. */
    public static final int DEFAULT_MTU = 1480;

    public IpipTunnel(String name) {
        super(name, "00:00:00:00:00:00", DEFAULT_MTU);
    }

    @Override
    public String kind() {
        return "ipip";
    }

    @Override
    public String operState() {
        return adminUp() ? "UNKNOWN" : "DOWN";
    }

    @Override
    public List<String> flags() {
        List<String> f = new ArrayList<>();
        f.add("NOARP");
        if (adminUp()) {
            f.add("UP");
            f.add("LOWER_UP");
        }
        return f;
    }
}
