/*
 * The kernel's neighbour state machine (net/core/neighbour.c with ARP's defaults) over the entries
 * of every namespace: an entry answered by ARP is REACHABLE for the device's reachable time (drawn
 * between 15 and 45 s), then STALE; a STALE entry that is used goes DELAY and, unless traffic
 * confirms it within 5 s, PROBE, where up to three unicast requests go a second apart before
 * FAILED. Unresolved entries are INCOMPLETE and send up to three broadcast requests. What sends
 * the requests and what waits on an answer is the forwarding engine's, through {@link Engine}.
 */
package org.overlaylab.simulator.kernel;

public final class NeighbourTable {
    /** delay_first_probe_time. */
    public static final long DELAY_PROBE_TIME = 5_000_000_000L;
    /** retrans_time: between two probes. */
    public static final long RETRANS_TIME = 1_000_000_000L;
    /** locktime: a second ARP answer within it does not override the first. */
    public static final long LOCKTIME = 1_000_000_000L;
    public static final int UCAST_PROBES = 3;
    public static final int MCAST_PROBES = 3;
    private static final long MIN_TIMER = 10_000_000L;

    /** What the state machine needs from the world around it. */
    public interface Engine {
        long now();

        void schedule(long delay, Runnable action);

        /** The device's reachable time now. */
        long reachableTime(Link device);

        /** Whether traffic that confirms reachability (a TCP connection) keeps flowing to the address. */
        boolean keptConfirmed(NetNs ns, int address);

        /** Sends an ARP request for the entry: broadcast, or unicast to the MAC it had. */
        void solicit(NetNs ns, Neighbour n, boolean unicast);

        /** The entry got a link-layer address: what waited for it may go. */
        void resolved(NetNs ns, Neighbour n);

        /** The entry failed: what waited for it is dropped. */
        void failed(NetNs ns, Neighbour n);
    }

    private final Engine engine;

    public NeighbourTable(Engine engine) {
        this.engine = engine;
    }

    private static boolean valid(Neighbour.State s) {
        return s == Neighbour.State.REACHABLE || s == Neighbour.State.STALE || s == Neighbour.State.DELAY
                || s == Neighbour.State.PROBE || s == Neighbour.State.PERMANENT || s == Neighbour.State.NOARP;
    }

    private void arm(NetNs ns, Neighbour n, long due) {
        int generation = n.armTimer(due);
        engine.schedule(Math.max(0, due - engine.now()), () -> {
            if (n.timerCurrent(generation) && ns.neighbour(n.address(), n.device()) == n) {
                n.timerFired();
                timer(ns, n);
            }
        });
    }

    /**
     * A packet goes out through the entry (neigh_event_send): it counts as used; a STALE entry is
     * delayed, an unresolved or failed one starts resolving. Returns the entry, made if needed.
     */
    public Neighbour output(NetNs ns, int address, Link device) {
        long now = engine.now();
        Neighbour n = ns.neighbour(address, device);
        if (n == null) {
            n = ns.putNeighbour(address, device, null, Neighbour.State.INCOMPLETE, now);
            n.cancelTimer();
            startResolving(ns, n);
            return n;
        }
        n.use(now);
        switch (n.state()) {
            case STALE -> {
                n.setState(Neighbour.State.DELAY, now);
                arm(ns, n, now + DELAY_PROBE_TIME);
            }
            case FAILED -> startResolving(ns, n);
            default -> { }
        }
        return n;
    }

    private void startResolving(NetNs ns, Neighbour n) {
        long now = engine.now();
        n.setState(Neighbour.State.INCOMPLETE, now);
        n.setProbes(UCAST_PROBES);
        arm(ns, n, now);
    }

    /** neigh_timer_handler. */
    private void timer(NetNs ns, Neighbour n) {
        long now = engine.now();
        long next = now + RETRANS_TIME;
        if (engine.keptConfirmed(ns, n.address()) && n.state() != Neighbour.State.INCOMPLETE) {
            n.confirm(now);
        }
        switch (n.state()) {
            case REACHABLE -> {
                long reachable = engine.reachableTime(n.device());
                if (now <= n.confirmed() + reachable) {
                    next = n.confirmed() + reachable;
                } else if (now <= n.used() + DELAY_PROBE_TIME) {
                    n.setState(Neighbour.State.DELAY, now);
                    next = now + DELAY_PROBE_TIME;
                } else {
                    n.setState(Neighbour.State.STALE, now);
                    return;
                }
            }
            case DELAY -> {
                if (now <= n.confirmed() + DELAY_PROBE_TIME) {
                    n.setState(Neighbour.State.REACHABLE, now);
                    next = n.confirmed() + engine.reachableTime(n.device());
                } else {
                    n.setState(Neighbour.State.PROBE, now);
                    n.setProbes(0);
                }
            }
            case PROBE, INCOMPLETE -> { }
            default -> {
                return;
            }
        }
        boolean probing = n.state() == Neighbour.State.INCOMPLETE || n.state() == Neighbour.State.PROBE;
        if (probing) {
            int max = UCAST_PROBES + (n.state() == Neighbour.State.PROBE ? 0 : MCAST_PROBES);
            if (n.probes() >= max) {
                n.setState(Neighbour.State.FAILED, now);
                engine.failed(ns, n);
                return;
            }
        }
        // never sooner than a hundredth of a second on
        arm(ns, n, Math.max(next, now + MIN_TIMER));
        if (probing) {
            int sent = n.probes();
            n.setProbes(sent + 1);
            // the first ucast_probes probes of an entry with an address go to it, the others broadcast
            engine.solicit(ns, n, sent < UCAST_PROBES && n.lladdr() != null);
        }
    }

    /**
     * What an ARP packet tells (__neigh_update): a reply sent to us confirms the sender, anything
     * else only makes its entry STALE. An entry that was valid with the same address keeps its
     * state when the news is only STALE; administrators' entries never change this way.
     */
    public void learned(NetNs ns, Neighbour n, String mac, Neighbour.State news, boolean override) {
        long now = engine.now();
        Neighbour.State old = n.state();
        if (old == Neighbour.State.PERMANENT || old == Neighbour.State.NOARP) {
            return;
        }
        boolean sameAddress = mac.equals(n.lladdr());
        boolean connected = news == Neighbour.State.REACHABLE;
        if (connected) {
            n.confirm(now);
        }
        Neighbour.State next = news;
        if (valid(old)) {
            if (!sameAddress && !override) {
                return;
            }
            if (sameAddress && news == Neighbour.State.STALE) {
                next = old;
            }
        }
        n.setLladdr(mac, now, connected);
        if (next != old) {
            n.cancelTimer();
            n.setState(next, now);
            if (next == Neighbour.State.REACHABLE) {
                arm(ns, n, now + engine.reachableTime(n.device()));
            }
            if (!valid(old)) {
                engine.resolved(ns, n);
            }
        }
        keptInUse(ns, n);
    }

    /** An entry an administrator set (`ip neigh add|replace ... nud STATE`): a REACHABLE one ages from now. */
    public void administered(NetNs ns, Neighbour n) {
        if (n.state() == Neighbour.State.REACHABLE) {
            arm(ns, n, engine.now() + engine.reachableTime(n.device()));
        }
    }

    /** An entry the kernel just made STALE from a request (neigh_event_ns): probes 0, not confirmed. */
    public Neighbour heardFrom(NetNs ns, int address, Link device, String mac) {
        Neighbour n = ns.neighbour(address, device);
        if (n == null) {
            n = ns.putNeighbour(address, device, mac, Neighbour.State.STALE, engine.now());
            n.cancelTimer();
            keptInUse(ns, n);
            return n;
        }
        learned(ns, n, mac, Neighbour.State.STALE, true);
        return n;
    }

    /** A STALE entry of a peer that traffic keeps confirming is in use at once: DELAY, then REACHABLE. */
    private void keptInUse(NetNs ns, Neighbour n) {
        if (n.state() == Neighbour.State.STALE && engine.keptConfirmed(ns, n.address())) {
            output(ns, n.address(), n.device());
        }
    }
}
