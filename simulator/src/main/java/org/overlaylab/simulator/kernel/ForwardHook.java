/*
 * A hook on a namespace's FORWARD path, as a daemon's iptables rules sit there on a real host: the
 * forwarding engine asks every registered hook about each routed packet before the namespace's own
 * FORWARD chain, so the kernel model never needs to know which daemon (Calico's Felix) owns it.
 */
package org.overlaylab.simulator.kernel;

@FunctionalInterface
public interface ForwardHook {
    /**
     * Why the packet from `source` to `destination`, routed out of `out`, is dropped; null lets it
     * pass on to the next hook and the FORWARD chain.
     */
    String dropReason(Link out, int source, int destination);
}
