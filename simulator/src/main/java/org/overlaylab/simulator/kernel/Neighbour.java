/* An ARP entry: IPv4 address, device, MAC (null while resolving) and NUD state. */
package org.overlaylab.simulator.kernel;

public final class Neighbour {
    public enum State { PERMANENT, REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, NOARP }

    private final int address;
    private final Link device;
    private String lladdr;
    private State state;
    private long updated;

    public Neighbour(int address, Link device, String lladdr, State state, long updated) {
        this.address = address;
        this.device = device;
        this.lladdr = lladdr;
        this.state = state;
        this.updated = updated;
    }

    public int address() {
        return address;
    }

    public Link device() {
        return device;
    }

    public String lladdr() {
        return lladdr;
    }

    public State state() {
        return state;
    }

    public long updated() {
        return updated;
    }

    public void update(String mac, State newState, long now) {
        this.lladdr = mac;
        this.state = newState;
        this.updated = now;
    }

    /** The state as `ip neigh` shows it at `now`: a reachable entry goes stale after 30 s. */
    public State stateAt(long now) {
        if (state == State.REACHABLE && now - updated > 30L * 1_000_000_000L) {
            return State.STALE;
        }
        return state;
    }

    public boolean usable() {
        return lladdr != null && state != State.INCOMPLETE && state != State.FAILED;
    }
}
