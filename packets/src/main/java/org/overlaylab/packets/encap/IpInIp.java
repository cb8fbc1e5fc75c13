/*
 * An IP packet directly inside another (RFC 2003 IP-in-IP, protocol 4; RFC 4213's IPv6 in IPv4,
 * protocol 41, what Linux's sit and ip6tnl devices send): no tunnel header of its own, the inner
 * packet starts where the outer header ends. One class, one instance per protocol number.
 */
package org.overlaylab.packets.encap;

import java.util.List;
import org.overlaylab.packets.tree.Field;

public final class IpInIp extends Encapsulation {
    private final int innerType;

    IpInIp(String name, String filterName, int protocol, int innerType) {
        super(name, filterName, Carrier.IP_PROTOCOL, 0, null, protocol);
        this.innerType = innerType;
    }

    @Override
    public int headerLength(byte[] b, int p) {
        return 0;
    }

    @Override
    public int payloadType(byte[] b, int p) {
        return innerType;
    }

    @Override
    public String summary(byte[] b, int p) {
        return "";
    }

    @Override
    public List<Field> fields(byte[] b, int p, int length) {
        return List.of();
    }
}
