/*
 * Stopping the lab's daemons as the fault menu and a student do: `pkill -x NAME` and `kill PID`
 * reach etcd, flanneld, dockerd and BIRD (calico/node's, whose processes the host sees), and the
 * lab follows (etcd member down, flannel routes no longer kept, BGP sessions down). A VM's whole
 * process table is not modelled, so `ps` says it runs on the real backends.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.world.SimHost;

final class ProcessTools {
    private ProcessTools() {}

    static void register(Map<String, Program> r) {
        r.put("pkill", ProcessTools::pkill);
        r.put("kill", ProcessTools::kill);
        r.put("ps", ProcessTools::ps);
    }

    /** A daemon of the lab as the process table shows it: name, pid, whether root owns it, and how to stop it. */
    private record Daemon(String name, int pid, boolean rootOwned, Runnable stop) {}

    private static List<Daemon> daemons(SimHost host) {
        List<Daemon> out = new ArrayList<>();
        if (host.etcd() != null && host.etcd().running()) {
            out.add(new Daemon("etcd", host.etcd().pid(), false, host.etcd()::stop));
        }
        if (host.docker() != null && host.docker().running()) {
            out.add(new Daemon("dockerd", host.docker().pid(), true, host.docker()::stop));
        }
        if (host.flannel() != null && host.flannel().running()) {
            out.add(new Daemon("flanneld", host.flannel().pid(), true, host.flannel()::stop));
        }
        if (host.calico() != null && host.calico().running()) {
            out.add(new Daemon("bird", host.docker().pid() + 1000, true, host.calico()::stop));
        }
        return out;
    }

    private static int pkill(Invocation inv) {
        boolean exact = false;
        String signal = null;
        String pattern = null;
        for (String w : inv.rest()) {
            if (w.equals("-x") || w.equals("--exact")) {
                exact = true;
            } else if (w.matches("-(\\d+|[A-Z]+|SIG[A-Z]+)")) {
                signal = w.substring(1);
            } else if (w.startsWith("-")) {
                return inv.fail(2, "pkill: invalid option -- '" + w.substring(1) + "'\n"
                        + "\nUsage:\n pkill [options] <pattern>\n\nFor more details see pgrep(1).");
            } else if (pattern == null) {
                pattern = w;
            } else {
                return inv.fail(2, "pkill: only one pattern can be provided\nTry `pkill --help' for more information.");
            }
        }
        if (pattern == null) {
            return inv.fail(2, "pkill: no matching criteria specified\nTry `pkill --help' for more information.");
        }
        if (signal != null && (signal.equals("0") || signal.equals("STOP") || signal.equals("CONT"))) {
            return inv.fail(1, "'pkill -" + signal + "' is not simulated here; it runs on the netns and ssh backends");
        }
        int matched = 0;
        for (Daemon d : daemons(inv.host)) {
            boolean hit = exact ? d.name().equals(pattern) : d.name().contains(pattern);
            if (!hit) {
                continue;
            }
            matched++;
            if (d.rootOwned() && !inv.root) {
                inv.err.append("pkill: killing pid ").append(d.pid()).append(" failed: Operation not permitted\n");
                continue;
            }
            d.stop().run();
            inv.note("the simulated " + d.name() + " (pid " + d.pid() + ") on " + inv.host.name() + " stopped");
        }
        inv.world.settle();
        return matched > 0 ? 0 : 1;
    }

    private static int kill(Invocation inv) {
        List<String> pids = new ArrayList<>();
        for (String w : inv.rest()) {
            if (w.startsWith("-")) {
                continue;
            }
            pids.add(w);
        }
        if (pids.isEmpty()) {
            return inv.fail(2, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]");
        }
        int status = 0;
        for (String p : pids) {
            var job = inv.host.shell().job(p);
            if (job.isPresent()) {
                // a job of this terminal (a background tcpdump): SIGTERM ends it as it ends on Ctrl-C
                job.get().control().terminate();
                continue;
            }
            if (p.startsWith("%")) {
                status = inv.fail(1, "bash: kill: " + p + ": no such job");
                continue;
            }
            if (!p.matches("\\d+")) {
                status = inv.fail(1, "'kill " + p + "' is not simulated here; it runs on the netns and ssh backends");
                continue;
            }
            int pid = Integer.parseInt(p);
            Daemon d = daemons(inv.host).stream().filter(x -> x.pid() == pid).findFirst().orElse(null);
            if (d == null) {
                status = inv.fail(1, "bash: kill: (" + p + ") - No such process");
                continue;
            }
            if (d.rootOwned() && !inv.root) {
                status = inv.fail(1, "bash: kill: (" + p + ") - Operation not permitted");
                continue;
            }
            d.stop().run();
            inv.note("the simulated " + d.name() + " (pid " + d.pid() + ") on " + inv.host.name() + " stopped");
        }
        inv.world.settle();
        return status;
    }

    /** The process table of a VM is not modelled (only the lab's daemons are): ps says so. */
    private static int ps(Invocation inv) {
        return inv.fail(1, "'ps' is not simulated here; it runs on the netns and ssh backends");
    }
}
