/*
 * A device Open vSwitch made in the kernel: the datapath device ovs-system, or a bridge's internal
 * port (br-int), through which the host's own stack sends into the switch.
 */
package org.overlaylab.simulator.kernel;

public final class OvsPort extends Link {
    private final boolean datapath;

    public OvsPort(String name, String mac, boolean datapath) {
        super(name, mac, 1500);
        this.datapath = datapath;
    }

    /** True for ovs-system, the datapath device every OVS port is enslaved to in `ip link`. */
    public boolean datapath() {
        return datapath;
    }

    @Override
    public String kind() {
        return "openvswitch";
    }

    @Override
    public String operState() {
        return adminUp() ? "UNKNOWN" : "DOWN";
    }
}
