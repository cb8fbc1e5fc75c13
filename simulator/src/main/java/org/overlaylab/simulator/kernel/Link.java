/*
 * A network device in a simulated namespace, with the state `ip link` and `ip addr` show.
 * Subclasses add what their kind needs: a veth's peer, a bridge's learned MACs, a VXLAN device's
 * parameters and FDB. Behaviour (how frames move) lives in the forwarding engine, not here.
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.net.Cidr;

public abstract class Link {
    private int index;
    private String name;
    private String mac;
    private int mtu;
    private boolean adminUp;
    private Bridge master;
    private String ovsBridge;
    private NetNs ns;
    private boolean macExplicit;
    final List<Address> addresses = new ArrayList<>();
    public long rxPackets;
    public long txPackets;
    public long rxBytes;
    public long txBytes;
    /** Frames the device was handed but could not send (dev_core_stats_tx_dropped). */
    public long txDropped;
    /** The transmit queue length: 1000 by default, 0 for bridges and for the veths Docker makes. */
    private int txQueueLen = 1000;

    /** An IPv4 address on the device as `ip addr add` gave it. */
    public record Address(Cidr cidr, Integer broadcast, String scope, String label) {}

    protected Link(String name, String mac, int mtu) {
        this.name = name;
        this.mac = mac;
        this.mtu = mtu;
    }

    public int txQueueLen() {
        return txQueueLen;
    }

    public void setTxQueueLen(int length) {
        this.txQueueLen = length;
    }

    /** The kernel's info_kind: loopback, ether, veth, bridge, vxlan, openvswitch. */
    public abstract String kind();

    public int index() {
        return index;
    }

    void setIndex(int index) {
        this.index = index;
    }

    public String name() {
        return name;
    }

    public void rename(String newName) {
        this.name = newName;
    }

    public String mac() {
        return mac;
    }

    public void setMac(String mac) {
        this.mac = mac;
        this.macExplicit = true;
    }

    /** True once the MAC was set by a user or daemon rather than inherited (bridges). */
    public boolean macExplicit() {
        return macExplicit;
    }

    protected void inheritMac(String mac) {
        this.mac = mac;
    }

    public int mtu() {
        return mtu;
    }

    public void setMtu(int mtu) {
        this.mtu = mtu;
    }

    public boolean adminUp() {
        return adminUp;
    }

    public void setAdminUp(boolean up) {
        this.adminUp = up;
    }

    public Bridge master() {
        return master;
    }

    void setMaster(Bridge bridge) {
        this.master = bridge;
    }

    /** Name of the Open vSwitch bridge this device is a port of, or null. */
    public String ovsBridge() {
        return ovsBridge;
    }

    public void setOvsBridge(String bridge) {
        this.ovsBridge = bridge;
    }

    public NetNs ns() {
        return ns;
    }

    void setNs(NetNs ns) {
        this.ns = ns;
    }

    public List<Address> addresses() {
        return List.copyOf(addresses);
    }

    /** Whether the device has a carrier when it is up (a veth needs its peer up, a bridge a port). */
    public boolean carrier() {
        return true;
    }

    public boolean running() {
        return adminUp && carrier();
    }

    public String operState() {
        if (!adminUp) {
            return "DOWN";
        }
        return carrier() ? "UP" : "DOWN";
    }

    public String qdisc() {
        return netem != null ? "netem" : adminUp ? "noqueue" : "noop";
    }

    /** A netem root qdisc (tc qdisc add ... root netem): delay added and share lost on the way out. */
    public record Netem(long delayNanos, double lossPercent) {}

    public Netem netem;

    public List<String> flags() {
        List<String> f = new ArrayList<>();
        if (adminUp && !carrier()) {
            f.add("NO-CARRIER");
        }
        f.add("BROADCAST");
        f.add("MULTICAST");
        if (adminUp) {
            f.add("UP");
            if (carrier()) {
                f.add("LOWER_UP");
            }
        }
        return f;
    }

    public boolean hasAddress(int ip) {
        for (Address a : addresses) {
            if (a.cidr().address() == ip) {
                return true;
            }
        }
        return false;
    }

    /** The first IPv4 address, or null. */
    public Cidr primaryAddress() {
        return addresses.isEmpty() ? null : addresses.get(0).cidr();
    }

    @Override
    public String toString() {
        return name + "(" + kind() + ")";
    }
}
