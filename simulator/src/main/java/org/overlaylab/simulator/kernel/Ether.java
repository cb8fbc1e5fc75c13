/* A physical NIC (enp0s8, enp0s3) plugged into a segment outside the host: the underlay or the NAT network. */
package org.overlaylab.simulator.kernel;

public final class Ether extends Link {
    private final Segment segment;

    public Ether(String name, String mac, Segment segment) {
        super(name, mac, 1500);
        this.segment = segment;
    }

    public Segment segment() {
        return segment;
    }

    @Override
    public String kind() {
        return "ether";
    }

    @Override
    public String qdisc() {
        return netem != null ? "netem" : adminUp() ? "fq_codel" : "noop";
    }
}
