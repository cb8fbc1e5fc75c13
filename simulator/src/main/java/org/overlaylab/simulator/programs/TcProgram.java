/*
 * tc qdisc add|replace|change|del|show for a netem root qdisc (delay and loss on a device's way
 * out). Only the simulator has it: the machine the real backends run on has no sch_netem, so the
 * netns backend refuses these commands, and each netem change says so in a note. The show line is
 * iproute2 6.1's format for netem, which could not be checked against a real run here.
 */
package org.overlaylab.simulator.programs;

import java.util.List;
import java.util.Locale;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;

final class TcProgram implements Program {
    static final String ONLY_HERE = "netem exists only in the simulator: this machine's kernel has no netem, "
            + "and the netns backend refuses tc netem";

    @Override
    public int run(Invocation inv) {
        List<String> a = inv.rest();
        if (a.isEmpty() || !List.of("qdisc", "q", "qd", "qdi").contains(a.get(0))) {
            return inv.fail(1, a.isEmpty() ? "Usage: tc [ OPTIONS ] OBJECT { COMMAND | help }"
                    : "Object \"" + a.get(0) + "\" is unknown, try \"tc help\".");
        }
        String verb = a.size() > 1 ? a.get(1) : "show";
        String dev = null;
        int i = 2;
        if (i + 1 < a.size() && a.get(i).equals("dev")) {
            dev = a.get(i + 1);
            i += 2;
        }
        NetNs ns = inv.ns;
        Link link = null;
        if (dev != null) {
            link = ns.link(dev).orElse(null);
            if (link == null) {
                return inv.fail(1, "Cannot find device \"" + dev + "\"");
            }
        }
        switch (verb) {
            case "show", "list", "ls" -> {
                for (Link l : ns.links()) {
                    if (link == null || l == link) {
                        inv.println(show(l, link == null));
                    }
                }
                return 0;
            }
            case "add", "replace", "change", "del", "delete" -> {
                if (!inv.root) {
                    return inv.fail(2, "RTNETLINK answers: Operation not permitted");
                }
                if (link == null) {
                    return inv.fail(1, "Cannot find device \"" + (dev == null ? "" : dev) + "\"");
                }
                if (i < a.size() && a.get(i).equals("root")) {
                    i++;
                }
                if (verb.startsWith("del")) {
                    if (link.netem == null) {
                        return inv.fail(2, "Error: Cannot delete qdisc with handle of zero.");
                    }
                    link.netem = null;
                    return 0;
                }
                if (i >= a.size() || !a.get(i).equals("netem")) {
                    inv.note("the simulator models the netem qdisc only");
                    return inv.fail(2, "Error: Specified qdisc kind is unknown.");
                }
                if (verb.equals("add") && link.netem != null) {
                    return inv.fail(2, "Error: Exclusivity flag on, cannot modify.");
                }
                if (verb.equals("change") && link.netem == null) {
                    return inv.fail(2, "Error: Qdisc not found. To create specify NLM_F_CREATE flag.");
                }
                long delay = verb.equals("change") ? link.netem.delayNanos() : 0;
                double loss = verb.equals("change") ? link.netem.lossPercent() : 0;
                for (i++; i < a.size(); i++) {
                    String w = a.get(i);
                    if (w.equals("delay") && i + 1 < a.size()) {
                        Long d = time(a.get(++i));
                        if (d == null) {
                            return inv.fail(1, "Illegal \"latency\"");
                        }
                        delay = d;
                    } else if (w.equals("loss") && i + 1 < a.size()) {
                        String v = a.get(++i);
                        if (v.equals("random") && i + 1 < a.size()) {
                            v = a.get(++i);
                        }
                        try {
                            loss = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
                        } catch (NumberFormatException e) {
                            return inv.fail(1, "Illegal \"loss percent\"");
                        }
                    } else {
                        return inv.fail(1, "What is \"" + w + "\"?\nUsage: ... netem [ limit PACKETS ]\n"
                                + "                 [ delay TIME [ JITTER [CORRELATION]]]\n"
                                + "                 [ loss random PERCENT [CORRELATION]]");
                    }
                }
                link.netem = new Link.Netem(delay, loss);
                inv.note(ONLY_HERE);
                return 0;
            }
            default -> {
                return inv.fail(1, "Command \"" + verb + "\" is unknown, try \"tc qdisc help\".");
            }
        }
    }

    private static Long time(String t) {
        try {
            if (t.endsWith("ms")) {
                return (long) (Double.parseDouble(t.substring(0, t.length() - 2)) * 1_000_000L);
            }
            if (t.endsWith("us")) {
                return (long) (Double.parseDouble(t.substring(0, t.length() - 2)) * 1_000L);
            }
            if (t.endsWith("s")) {
                return (long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1_000_000_000L);
            }
            return (long) (Double.parseDouble(t) * 1_000L);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String show(Link l, boolean withDev) {
        String dev = withDev ? "dev " + l.name() + " " : "";
        if (l.netem != null) {
            StringBuilder sb = new StringBuilder("qdisc netem 8001: ").append(dev).append("root refcnt 2 limit 1000");
            if (l.netem.delayNanos() > 0) {
                sb.append(" delay ").append(ms(l.netem.delayNanos()));
            }
            if (l.netem.lossPercent() > 0) {
                sb.append(" loss ").append(String.format(Locale.ROOT, "%s%%", trim(l.netem.lossPercent())));
            }
            return sb.toString();
        }
        return "qdisc " + l.qdisc() + " 0: " + dev + "root refcnt 2 ";
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 1 ? trim(ms) + "ms" : trim(nanos / 1e3) + "us";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
