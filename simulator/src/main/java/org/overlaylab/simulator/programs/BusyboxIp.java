/*
 * Busybox's `ip` applet (1.35, as in the containers' busybox image): the read-only forms a student
 * types in a container, addr, link, route and neigh, in busybox's own format (no state, group or
 * qlen; `scope link  src`; no protocol), and its usage text for what it does not know (-br, -j...).
 * Changes go through iproute2's code with busybox's error words.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.Loopback;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.shell.Invocation;

final class BusyboxIp {
    private BusyboxIp() {}

    static final String VERSION = "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.";

    private static final String USAGE = VERSION + """


            Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]

            OPTIONS := -f[amily] inet|inet6|link | -o[neline]

            ip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]
            ip route list|flush|add|del|change|append|replace|test ROUTE
            ip link set IFACE [up|down] [arp on|off] [multicast on|off]
            \t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]
            \t[master IFACE | nomaster] [netns PID]
            ip tunnel add|change|del|show [NAME]
            \t[mode ipip|gre|sit] [remote ADDR] [local ADDR] [ttl TTL]
            ip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]
            ip rule [list] | add|del SELECTOR ACTION
            """;

    /** Returns the exit status, or null when the line is a change left to the shared implementation. */
    static Integer run(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        boolean inet4 = false;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-4")) {
                inet4 = true;
            } else if (!o.equals("-o") && !o.equals("-oneline") && !o.equals("-6")) {
                return usage(inv);
            }
        }
        if (a.isEmpty()) {
            return usage(inv);
        }
        String object = a.remove(0);
        String cmd = a.isEmpty() ? "show" : a.get(0);
        boolean show = IpProgram.matches(cmd, "show", 1) || IpProgram.matches(cmd, "list", 1);
        if (!show && !(IpProgram.matches(object, "route", 1) && cmd.equals("get"))) {
            return null;
        }
        if (!a.isEmpty()) {
            a.remove(0);
        }
        NetNs ns = inv.ns;
        if (IpProgram.matches(object, "address", 1) || IpProgram.matches(object, "link", 1)) {
            boolean addresses = IpProgram.matches(object, "address", 1);
            String dev = null;
            for (int i = 0; i < a.size(); i++) {
                dev = a.get(i).equals("dev") && i + 1 < a.size() ? a.get(++i) : a.get(i);
            }
            List<Link> links = ns.links();
            if (dev != null) {
                String name = dev;
                Link l = ns.link(dev).orElse(null);
                if (l == null) {
                    return inv.fail(1, "ip: can't find device '" + name + "'");
                }
                links = List.of(l);
            }
            for (Link l : links) {
                if (inet4 && l.addresses().isEmpty()) {
                    continue;
                }
                inv.print(linkText(ns, l));
                if (addresses) {
                    for (Link.Address ad : l.addresses()) {
                        inv.print("    inet " + ad.cidr() + (ad.broadcast() != null ? " brd " + Ipv4.format(ad.broadcast()) : "")
                                + " scope " + ad.scope() + " " + ad.label() + "\n       valid_lft forever preferred_lft forever\n");
                    }
                }
            }
            return 0;
        }
        if (IpProgram.matches(object, "route", 1)) {
            if (cmd.equals("get")) {
                return null;
            }
            for (RouteEntry r : ns.routes()) {
                inv.println(routeText(r));
            }
            return 0;
        }
        if (IpProgram.matches(object, "neighbour", 1) || IpProgram.matches(object, "neighbor", 1)) {
            return neighbours(inv, ns, a);
        }
        return usage(inv);
    }

    /**
     * `ip neigh` as busybox prints it: always with the entry's cache info, where "ref 1" is the
     * reference the entry's running timer holds, and the ages in seconds are divided once more by
     * the clock rate busybox reads from /proc/net/psched (10^9 on this kernel), so they read 0.
     */
    private static int neighbours(Invocation inv, NetNs ns, List<String> a) {
        String dev = null;
        Neighbour.State only = null;
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("dev") && i + 1 < a.size()) {
                dev = a.get(++i);
            } else if (w.equals("nud") && i + 1 < a.size()) {
                String st = a.get(++i).toUpperCase(java.util.Locale.ROOT);
                try {
                    only = Neighbour.State.valueOf(st);
                } catch (IllegalArgumentException e) {
                    return inv.fail(1, "ip: invalid argument '" + a.get(i) + "' to 'nud state'");
                }
            }
        }
        if (dev != null && ns.link(dev).isEmpty()) {
            return inv.fail(1, "ip: can't find device '" + dev + "'");
        }
        long now = inv.world.clock().now();
        for (Neighbour n : ns.neighbours()) {
            Neighbour.State st = n.stateAt(now);
            if (dev != null && !n.device().name().equals(dev) || only != null && st != only
                    || only == null && st == Neighbour.State.NOARP) {
                continue;
            }
            StringBuilder sb = new StringBuilder(Ipv4.format(n.address())).append(' ');
            if (dev == null) {
                sb.append("dev ").append(n.device().name()).append(' ');
            }
            if (n.lladdr() != null) {
                sb.append("lladdr ").append(n.lladdr());
            }
            if (n.timerPending()) {
                sb.append(" ref 1");
            }
            sb.append(" used 0/0/0 probes ").append(n.probes()).append(' ').append(st.name());
            inv.println(sb.toString());
        }
        return 0;
    }

    private static int usage(Invocation inv) {
        inv.err.append(USAGE);
        return 1;
    }

    /**
     * A device as busybox prints it. Busybox looks the peer's index up in the container's own
     * namespace, so a veth whose peer is on the host reads as M-DOWN unless that index is an up device here.
     */
    private static String linkText(NetNs ns, Link l) {
        StringBuilder sb = new StringBuilder();
        String peer = IpProgram.peerLabel(l);
        List<String> flags = new ArrayList<>(l.flags());
        if (l instanceof Veth v && v.peer() != null) {
            Link same = v.peer().ns() == ns ? v.peer() : ns.linkByIndex(v.peer().index());
            if (same == null || !same.adminUp()) {
                flags.add("M-DOWN");
            }
        }
        sb.append(l.index()).append(": ").append(l.name()).append(peer == null ? "" : "@" + peer).append(": <")
                .append(String.join(",", flags)).append("> mtu ").append(l.mtu()).append(" qdisc ").append(l.qdisc())
                .append(" ");
        if (l.master() != null) {
            sb.append("master ").append(l.master().name()).append(' ');
        }
        sb.append('\n');
        if (l instanceof Loopback) {
            sb.append("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
        } else {
            sb.append("    link/ether ").append(l.mac()).append(" brd ff:ff:ff:ff:ff:ff\n");
        }
        return sb.toString();
    }

    /** A route as busybox prints it: no protocol, a space after every field. */
    static String routeText(RouteEntry r) {
        StringBuilder sb = new StringBuilder();
        if (!r.type().equals("unicast")) {
            sb.append(r.type()).append(' ');
        }
        sb.append(r.isDefault() ? "default" : r.destination().prefixLength() == 32
                ? r.destination().addressText() : r.destination().toString()).append(' ');
        if (r.gateway() != null) {
            sb.append("via ").append(Ipv4.format(r.gateway())).append(' ');
        }
        if (r.device() != null) {
            sb.append("dev ").append(r.device().name()).append(' ');
        }
        if (r.scope() != null && !r.scope().equals("global") && !(r.scope().equals("link") && r.gateway() != null)) {
            sb.append("scope ").append(r.scope()).append(' ');
        }
        if (r.preferredSource() != null) {
            sb.append(" src ").append(Ipv4.format(r.preferredSource())).append(' ');
        }
        if (r.metric() != 0) {
            sb.append("metric ").append(r.metric()).append(' ');
        }
        return sb.toString();
    }
}
