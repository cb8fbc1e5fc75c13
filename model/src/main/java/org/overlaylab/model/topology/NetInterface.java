/*
 * A network device as `ip -d link` and `ip addr` describe it. Kind-specific data (veth peer,
 * VXLAN parameters) sits in optional fields; `kind` uses the kernel's info_kind names, with
 * "ether" for a plain NIC and "loopback" for lo.
 */
package org.overlaylab.model.topology;

import java.util.List;

public record NetInterface(
        int index,
        String name,
        String kind,
        String mac,
        int mtu,
        boolean up,
        String operState,
        String master,
        Peer peer,
        List<InterfaceAddress> addresses,
        Vxlan vxlan) {

    public NetInterface {
        addresses = List.copyOf(addresses);
    }

    /** The other end of a veth pair: its name, index and the namespace it lives in. */
    public record Peer(String name, int index, String namespace) {}

    /** VXLAN parameters as `ip -d link show` prints them. */
    public record Vxlan(int vni, String local, String remote, String device, int dstPort,
                        boolean learning, boolean proxy, boolean l2miss, boolean l3miss) {}

    public boolean hasAddress(String ip) {
        for (InterfaceAddress a : addresses) {
            if (a.address().equals(ip)) {
                return true;
            }
        }
        return false;
    }

    public boolean isKind(String k) {
        return kind.equals(k);
    }
}
