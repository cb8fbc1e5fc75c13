/*
 * An ARP entry as the kernel's neighbour table keeps it: IPv4 address, device, MAC (null while
 * resolving), NUD state and the times and probe count the state machine (net/core/neighbour.c)
 * works with. The forwarding engine moves it between states on its timers; see Forwarder.
 */
package org.overlaylab.simulator.kernel;

public final class Neighbour {
    public enum State { PERMANENT, REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, NOARP }

    /** What an address resolution learned without confirmation is dated back by: twice base_reachable_time. */
    public static final long UNCONFIRMED_AGE = 60_000_000_000L;

    private final int address;
    private final Link device;
    private String lladdr;
    private State state;
    private long updated;
    private long confirmed;
    private long used;
    private int probes;
    private long timerDue = -1;
    private int timerGeneration;

    public Neighbour(int address, Link device, String lladdr, State state, long now) {
        this.address = address;
        this.device = device;
        this.lladdr = lladdr;
        this.state = state;
        this.updated = now;
        this.used = now;
        this.confirmed = state == State.REACHABLE || state == State.PERMANENT ? now : now - UNCONFIRMED_AGE;
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

    public long confirmed() {
        return confirmed;
    }

    public long used() {
        return used;
    }

    /** Resolution probes sent: the kernel starts an unresolved entry at ucast_probes (3) and counts each one sent. */
    public int probes() {
        return probes;
    }

    /** Set by an administrator (`ip neigh replace`) or a daemon: everything at once, no timer. */
    public void update(String mac, State newState, long now) {
        this.lladdr = mac;
        this.state = newState;
        this.updated = now;
        if (newState == State.REACHABLE || newState == State.PERMANENT) {
            this.confirmed = now;
        }
        cancelTimer();
    }

    void setState(State s, long now) {
        if (s != state) {
            state = s;
            updated = now;
        }
    }

    /** A new link-layer address: dated as learned now, unconfirmed unless the state says reachable. */
    void setLladdr(String mac, long now, boolean confirmedNow) {
        if (mac != null && !mac.equals(lladdr)) {
            lladdr = mac;
            updated = now;
            if (!confirmedNow) {
                confirmed = now - UNCONFIRMED_AGE;
            }
        }
    }

    void confirm(long now) {
        confirmed = now;
    }

    void use(long now) {
        used = now;
    }

    void setProbes(int n) {
        probes = n;
    }

    /** Whether the entry's timer runs (INCOMPLETE, REACHABLE, DELAY, PROBE): the timer holds a reference. */
    public boolean timerPending() {
        return timerDue >= 0;
    }

    /** Arms the timer for `due`; returns the generation a firing must still match. */
    int armTimer(long due) {
        timerDue = due;
        return ++timerGeneration;
    }

    boolean timerCurrent(int generation) {
        return timerDue >= 0 && generation == timerGeneration;
    }

    void cancelTimer() {
        timerDue = -1;
        timerGeneration++;
    }

    void timerFired() {
        timerDue = -1;
    }

    /** The state as `ip neigh` shows it: the timers keep it current. */
    public State stateAt(long now) {
        return state;
    }

    public boolean usable() {
        return lladdr != null && state != State.INCOMPLETE && state != State.FAILED;
    }
}
