/* Helpers that make devices the way Docker, flannel and Calico do: veth pairs across namespaces, VXLAN devices. */
package org.overlaylab.simulator.kernel;

import org.overlaylab.model.net.Cidr;

public final class Devices {
    private Devices() {}

    /**
     * Makes a veth pair in `home`, then moves the second end into `other` under `otherName`
     * (Docker's way: create with temporary names, move, rename to eth0).
     */
    public static Veth[] vethPair(NetNs home, String homeName, String homeMac, NetNs other, String otherName,
                                  String otherMac) throws KernelException {
        home.checkNameFree(homeName);
        Veth a = new Veth(homeName, homeMac);
        Veth b = new Veth("tmp" + homeName, otherMac);
        Veth.pair(a, b);
        home.attach(a);
        home.attach(b);
        if (other != home) {
            home.moveTo(b, other);
        }
        b.rename(otherName);
        return new Veth[] {a, b};
    }

    /** Adds the address with its broadcast, as Docker's netlink calls do, and brings the device up. */
    public static void addressWithBroadcastUp(NetNs ns, Link link, Cidr cidr) throws KernelException {
        ns.addAddress(link, cidr, cidr.prefixLength() < 31 ? Integer.valueOf(cidr.broadcast()) : null);
        ns.setUp(link, true);
    }

    public static void addressUp(NetNs ns, Link link, Cidr cidr) throws KernelException {
        if (cidr != null) {
            ns.addAddress(link, cidr, null);
        }
        ns.setUp(link, true);
    }
}
