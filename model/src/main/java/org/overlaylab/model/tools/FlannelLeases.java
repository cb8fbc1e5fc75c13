/*
 * What flanneld (0.6, vxlan backend) does that the simulator's flanneld and the real backends'
 * flannel daemon must do alike: where its keys live, how a lease is named and what it holds, which
 * free subnet it leases for a seed, and the exact text of /run/flannel/subnet.env.
 */
package org.overlaylab.model.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.random.SeededRandom;

public final class FlannelLeases {
    /** The default --etcd-prefix. */
    public static final String PREFIX = "/coreos.com/network";
    /** The default --subnet-file. */
    public static final String SUBNET_ENV = "/run/flannel/subnet.env";
    /** A lease lives 24 hours unless flanneld renews it. */
    public static final long LEASE_TTL_SECONDS = 24 * 3600;
    /** flannel's local manager draws among at most this many free subnets, from the bottom of the range. */
    static final int CANDIDATES = 100;

    private FlannelLeases() {}

    /** The key of the lease of `subnet` under `prefix`: <prefix>/subnets/10.15.64.0-20. */
    public static String leaseKey(String prefix, Cidr subnet) {
        return prefix + "/subnets/" + Ipv4.format(subnet.network()) + "-" + subnet.prefixLength();
    }

    /** The subnet a lease key names (its last part, 10.15.64.0-20). */
    public static Cidr subnetOfLeaseKey(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        int dash = name.lastIndexOf('-');
        return new Cidr(Ipv4.parse(name.substring(0, dash)), Integer.parseInt(name.substring(dash + 1)));
    }

    /** A vxlan lease's value as flanneld writes it: compact JSON in this key order. */
    public static String leaseValue(String publicIp, String vtepMac) {
        return "{\"PublicIP\":\"" + publicIp + "\",\"BackendType\":\"vxlan\",\"BackendData\":{\"VtepMAC\":\"" + vtepMac
                + "\"}}";
    }

    /** A host-gw lease's value: no backend data, so flannel's encoder leaves BackendData out. */
    public static String hostGwLeaseValue(String publicIp) {
        return "{\"PublicIP\":\"" + publicIp + "\",\"BackendType\":\"host-gw\"}";
    }

    /**
     * The subnet flanneld on `hostname` leases: one of the first hundred subnets of length `len`
     * from `min` to `max` (network addresses) that overlap no lease in `taken`, drawn from the
     * stream "flannel-lease:<hostname>"; null when every subnet is taken.
     */
    public static Cidr pick(Collection<Cidr> taken, int min, int max, int len, SeededRandom random, String hostname) {
        List<Cidr> bag = new ArrayList<>();
        long step = 1L << (32 - len);
        for (long a = Integer.toUnsignedLong(min); a <= Integer.toUnsignedLong(max) && bag.size() < CANDIDATES; a += step) {
            Cidr candidate = new Cidr((int) a, len);
            if (taken.stream().noneMatch(t -> t.overlaps(candidate))) {
                bag.add(candidate);
            }
        }
        if (bag.isEmpty()) {
            return null;
        }
        return bag.get(random.nextInt("flannel-lease:" + hostname, bag.size()));
    }

    /**
     * /run/flannel/subnet.env: the whole network, the lease's first address as the host's subnet
     * (the docker bridge's --bip), the MTU left inside VXLAN, and no masquerading.
     */
    public static String subnetEnv(Cidr network, Cidr lease, int mtu) {
        return "FLANNEL_NETWORK=" + network + "\n"
                + "FLANNEL_SUBNET=" + Ipv4.format(lease.network() + 1) + "/" + lease.prefixLength() + "\n"
                + "FLANNEL_MTU=" + mtu + "\n"
                + "FLANNEL_IPMASQ=false\n";
    }
}
