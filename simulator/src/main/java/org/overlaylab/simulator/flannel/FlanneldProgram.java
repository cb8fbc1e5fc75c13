/*
 * flanneld as the tutorial starts it (`nohup sudo ./flanneld -iface=192.168.205.10 &`): picks its
 * external interface, then runs as an agent that keeps working in the background (its log goes to
 * nohup.out). Without root it cannot program the host and stops. The binary's version (0.6.2, the
 * tutorial's, or 0.10.0 for the host-gw and DirectRouting labs) is the one its file was downloaded as.
 */
package org.overlaylab.simulator.flannel;

import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.VirtualFs;

public final class FlanneldProgram implements Program {

    @Override
    public int run(Invocation inv) {
        String iface = null;
        String endpoint = "127.0.0.1:2379";
        for (String a : inv.rest()) {
            String w = a.replaceFirst("^--?", "");
            if (w.startsWith("etcd-endpoints=")) {
                endpoint = w.substring(15).split(",")[0].replaceFirst("^[a-z]+://", "").replaceFirst("/.*", "");
            } else if (w.startsWith("iface=")) {
                iface = w.substring(6);
            } else if (w.equals("version") || w.equals("-version")) {
                inv.println(version(inv).equals("0.10.0") ? "v0.10.0" : "0.6.2");
                return 0;
            }
        }
        String stamp = "I" + Times.glog(inv.world.clock().now()) + " " + String.format("%7d", inv.host.peekNextPid());
        if (inv.host.flannel() != null && inv.host.flannel().running()) {
            inv.err.append("E").append(stamp.substring(1)).append(" main.go:127] flanneld is already running on this host\n");
            return 1;
        }
        Link dev = null;
        if (iface == null) {
            dev = inv.host.root().link(inv.host.spec().natInterface() == null ? inv.host.spec().underlayInterface()
                    : inv.host.spec().natInterface()).orElse(null);
        } else if (Ipv4.isValid(iface)) {
            dev = inv.host.root().deviceWithAddress(Ipv4.parse(iface));
        } else {
            dev = inv.host.root().link(iface).orElse(null);
        }
        if (dev == null || dev.primaryAddress() == null) {
            inv.err.append("E").append(stamp.substring(1))
                    .append(" main.go:127] Failed to find interface to use that matches the interfaces and/or regexes provided\n");
            return 1;
        }
        if (!inv.root) {
            inv.err.append("E").append(stamp.substring(1))
                    .append(" main.go:153] Error registering network: operation not permitted\n");
            return 1;
        }
        String logFile = inv.mode == Invocation.Mode.BACKGROUND_JOB
                ? VirtualFs.normalize(inv.cwd(), "nohup.out") : null;
        boolean ifaceIsAddress = iface != null && Ipv4.isValid(iface);
        SimFlannelAgent agent = new SimFlannelAgent(inv.world, inv.host, ifaceIsAddress ? iface
                : Ipv4.format(dev.primaryAddress().address()), dev, logFile, inv.host.nextPid(), endpoint, version(inv),
                ifaceIsAddress);
        inv.host.setFlannel(agent);
        if (inv.mode == Invocation.Mode.FOREGROUND) {
            inv.note("flanneld keeps running in this terminal; the lab goes on while it works");
        }
        return 0;
    }

    /** "0.10.0" when the program file was downloaded as flanneld v0.10.0, else the tutorial's "0.6.2". */
    private static String version(Invocation inv) {
        String name = inv.program();
        String text = null;
        if (name.contains("/")) {
            text = inv.host.fs().read(VirtualFs.normalize(inv.cwd(), name));
        } else {
            for (String dir : org.overlaylab.simulator.world.Packages.PATH) {
                text = inv.host.fs().read(dir + "/" + name);
                if (text != null) {
                    break;
                }
            }
        }
        return text != null && text.contains("\nversion v0.10.0\n") ? "0.10.0" : "0.6.2";
    }
}
