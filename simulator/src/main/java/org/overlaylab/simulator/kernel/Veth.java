/* One end of a veth pair: a virtual cable whose frames come out of its peer, possibly in another namespace. */
package org.overlaylab.simulator.kernel;

public final class Veth extends Link {
    private Veth peer;

    public Veth(String name, String mac) {
        super(name, mac, 1500);
    }

    public static void pair(Veth a, Veth b) {
        a.peer = b;
        b.peer = a;
    }

    public Veth peer() {
        return peer;
    }

    @Override
    public String kind() {
        return "veth";
    }

    @Override
    public boolean carrier() {
        return peer != null && peer.adminUp();
    }

    @Override
    public String operState() {
        if (!adminUp()) {
            return "DOWN";
        }
        return carrier() ? "UP" : "LOWERLAYERDOWN";
    }
}
