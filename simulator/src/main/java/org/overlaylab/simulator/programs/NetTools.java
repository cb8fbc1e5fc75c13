/*
 * The older network tools the tutorial uses next to iproute2: ifconfig (net-tools on the host,
 * busybox in containers), brctl from bridge-utils, `bridge fdb` from iproute2, and `route -n`.
 */
package org.overlaylab.simulator.programs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.Loopback;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.JsonText;

final class NetTools {
    private NetTools() {}

    static void register(Map<String, Program> r) {
        r.put("ifconfig", NetTools::ifconfig);
        r.put("brctl", NetTools::brctl);
        r.put("bridge", NetTools::bridge);
        r.put("route", NetTools::route);
    }

    // ------------------------------------------------------------------ ifconfig

    private static int ifconfig(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        NetNs ns = inv.ns;
        boolean busybox = inv.userland == Invocation.Userland.BUSYBOX;
        // -a adds the interfaces that are down to the listing; with a name it changes nothing
        boolean all = !a.isEmpty() && a.get(0).equals("-a");
        if (all) {
            a.remove(0);
        }
        if (a.isEmpty()) {
            List<Link> links = new ArrayList<>(ns.links());
            links.sort((x, y) -> x.name().compareTo(y.name()));
            for (Link l : links) {
                if (all || l.adminUp()) {
                    inv.print(ifconfigBlock(l, busybox));
                }
            }
            return 0;
        }
        String name = a.get(0);
        Link l = ns.link(name).orElse(null);
        if (a.size() == 1) {
            if (l == null) {
                return inv.fail(1, busybox ? "ifconfig: " + name + ": error fetching interface information: Device not found"
                        : name + ": error fetching interface information: Device not found");
            }
            inv.print(ifconfigBlock(l, busybox));
            return 0;
        }
        boolean setsAddress = a.subList(1, a.size()).stream().anyMatch(w -> Character.isDigit(w.charAt(0)));
        // a container has no CAP_NET_ADMIN unless it is privileged
        boolean permitted = inv.root && inv.container == null;
        if (busybox && (l == null || !permitted)) {
            return inv.fail(1, "ifconfig: " + (setsAddress ? "SIOCSIFADDR: " : "SIOCSIFFLAGS: ")
                    + (l == null ? "No such device" : "Operation not permitted"));
        }
        if (l == null) {
            // net-tools goes on after the failed address and fails again reading the flags
            return inv.fail(255, (setsAddress ? "SIOCSIFADDR: No such device\n" : "") + name
                    + ": ERROR while getting interface flags: No such device");
        }
        if (!permitted) {
            return inv.fail(255, (setsAddress ? "SIOCSIFADDR: Operation not permitted\n" : "")
                    + "SIOCSIFFLAGS: Operation not permitted");
        }
        Integer netmask = null;
        for (int i = 1; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "up" -> ns.setUp(l, true);
                case "down" -> ns.setUp(l, false);
                case "netmask" -> {
                    if (i + 1 < a.size()) {
                        netmask = Ipv4.prefixOfMask(a.get(++i));
                    }
                }
                case "mtu" -> {
                    if (i + 1 < a.size()) {
                        l.setMtu(Integer.parseInt(a.get(++i)));
                    }
                }
                default -> {
                    if (!Cidr.isValid(w)) {
                        return inv.fail(1, w + ": Unknown host\nifconfig: `--help' gives usage information.");
                    }
                    Cidr c = Cidr.parse(w);
                    int prefix = w.contains("/") ? c.prefixLength() : classfulPrefix(c.address());
                    Cidr addr = new Cidr(c.address(), prefix);
                    ns.setOnlyAddress(l, addr, addr.broadcast());
                    ns.setUp(l, true);
                }
            }
        }
        if (netmask != null && l.primaryAddress() != null) {
            Cidr addr = new Cidr(l.primaryAddress().address(), netmask);
            ns.setOnlyAddress(l, addr, addr.broadcast());
        }
        return 0;
    }

    /** What SIOCSIFADDR gives an address without a mask: its old class A, B or C prefix. */
    private static int classfulPrefix(int ip) {
        int first = ip >>> 24;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    static String ifconfigBlock(Link l, boolean busybox) {
        StringBuilder sb = new StringBuilder();
        String name = String.format("%-9s ", l.name());
        if (l instanceof Loopback) {
            sb.append(name).append("Link encap:Local Loopback  \n");
        } else {
            String mac = busybox ? l.mac().toUpperCase(Locale.ROOT) : l.mac();
            sb.append(name).append("Link encap:Ethernet  HWaddr ").append(mac).append("  \n");
        }
        Cidr a = l.primaryAddress();
        if (a != null) {
            Integer brd = l.addresses().get(0).broadcast();
            sb.append("          inet addr:").append(a.addressText());
            if (!(l instanceof Loopback)) {
                sb.append("  Bcast:").append(brd == null ? "0.0.0.0" : Ipv4.format(brd));
            }
            sb.append("  Mask:").append(Ipv4.maskText(a.prefixLength())).append('\n');
        }
        String ll = IpProgram.linkLocal(l);
        if (ll != null) {
            sb.append("          inet6 addr: ").append(ll).append(l instanceof Loopback ? "/128 Scope:Host\n" : "/64 Scope:Link\n");
        }
        List<String> flags = new ArrayList<>();
        if (l.adminUp()) {
            flags.add("UP");
        }
        if (l instanceof Loopback) {
            flags.add("LOOPBACK");
        } else {
            flags.add("BROADCAST");
        }
        if (l.running()) {
            flags.add("RUNNING");
        }
        if (!(l instanceof Loopback)) {
            flags.add("MULTICAST");
        }
        sb.append("          ").append(String.join(" ", flags)).append("  MTU:").append(l.mtu()).append("  Metric:1\n");
        sb.append("          RX packets:").append(l.rxPackets).append(" errors:0 dropped:0 overruns:0 frame:0\n");
        sb.append("          TX packets:").append(l.txPackets).append(" errors:0 dropped:").append(l.txDropped)
                .append(" overruns:0 carrier:0\n");
        sb.append("          collisions:0 txqueuelen:").append(l instanceof Loopback ? 1 : l.txQueueLen()).append(" \n");
        sb.append("          RX bytes:").append(l.rxBytes).append(" (").append(human(l.rxBytes)).append(")  TX bytes:")
                .append(l.txBytes).append(" (").append(human(l.txBytes)).append(")\n\n");
        return sb.toString();
    }

    /** net-tools' short byte count: decimal units, one truncated decimal, a unit only above 1000. */
    static String human(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        long scale = 1;
        int unit = 0;
        while (unit < units.length - 1 && bytes > scale * 1000) {
            scale *= 1000;
            unit++;
        }
        long tenths = bytes * 10 / scale;
        return tenths / 10 + "." + tenths % 10 + " " + units[unit];
    }

    // ------------------------------------------------------------------ brctl

    private static int brctl(Invocation inv) {
        List<String> a = inv.rest();
        NetNs ns = inv.ns;
        String cmd = a.isEmpty() ? "" : a.get(0);
        try {
            switch (cmd) {
                case "show" -> {
                    inv.println("bridge name\tbridge id\t\tSTP enabled\tinterfaces");
                    List<Bridge> bridges = new ArrayList<>();
                    for (Link l : ns.links()) {
                        if (l instanceof Bridge b && (a.size() < 2 || b.name().equals(a.get(1)))) {
                            bridges.add(b);
                        }
                    }
                    if (a.size() >= 2 && bridges.isEmpty()) {
                        return inv.fail(1, "bridge " + a.get(1) + " does not exist!");
                    }
                    bridges.sort((x, y) -> x.name().compareTo(y.name()));
                    for (Bridge b : bridges) {
                        List<String> ports = new ArrayList<>(b.ports().stream().map(Link::name).toList());
                        ports.sort(null);
                        inv.print(b.name() + "\t\t8000." + b.mac().replace(":", "") + "\tno\t\t");
                        inv.println(ports.isEmpty() ? "" : ports.get(0));
                        for (int i = 1; i < ports.size(); i++) {
                            inv.println("\t\t\t\t\t\t\t" + ports.get(i));
                        }
                    }
                    return 0;
                }
                case "addbr", "delbr" -> {
                    if (a.size() < 2) {
                        return inv.fail(1, "Incorrect number of arguments for command");
                    }
                    if (!inv.root) {
                        return inv.fail(1, (cmd.equals("addbr") ? "add" : "delete") + " bridge failed: Operation not permitted");
                    }
                    if (cmd.equals("addbr")) {
                        if (ns.link(a.get(1)).isPresent()) {
                            return inv.fail(1, "device " + a.get(1) + " already exists; can't create bridge with the same name");
                        }
                        ns.attach(new Bridge(a.get(1), Mac.random(inv.world.random().stream("mac:brctl:" + inv.host.name()))));
                    } else {
                        Link l = ns.link(a.get(1)).orElse(null);
                        if (!(l instanceof Bridge)) {
                            return inv.fail(1, "bridge " + a.get(1) + " doesn't exist; can't delete it");
                        }
                        if (l.adminUp()) {
                            return inv.fail(1, "bridge " + a.get(1) + " is still up; can't delete it");
                        }
                        ns.delete(l);
                    }
                    return 0;
                }
                case "addif", "delif" -> {
                    if (a.size() < 3) {
                        return inv.fail(1, "Incorrect number of arguments for command");
                    }
                    String br = a.get(1);
                    Link b = ns.link(br).orElse(null);
                    if (!(b instanceof Bridge bridge)) {
                        return inv.fail(1, "bridge " + br + " does not exist!");
                    }
                    for (String ifName : a.subList(2, a.size())) {
                        Link port = ns.link(ifName).orElse(null);
                        if (port == null) {
                            return inv.fail(1, "interface " + ifName + " does not exist!");
                        }
                        if (!inv.root) {
                            return inv.fail(1, "can't " + (cmd.equals("addif") ? "add " + ifName + " to" : "delete "
                                    + ifName + " from") + " bridge " + br + ": Operation not permitted");
                        }
                        if (cmd.equals("addif")) {
                            if (port.master() != null) {
                                return inv.fail(1, "device " + ifName + " is already a member of a bridge; can't enslave it to bridge " + br + ".");
                            }
                            ns.setMaster(port, bridge);
                        } else {
                            if (port.master() != bridge) {
                                return inv.fail(1, "device " + ifName + " is not a slave of " + br);
                            }
                            ns.setMaster(port, null);
                        }
                    }
                    return 0;
                }
                case "showmacs" -> {
                    if (a.size() < 2 || !(ns.link(a.get(1)).orElse(null) instanceof Bridge b)) {
                        return inv.fail(1, "read of forward table failed: No such device");
                    }
                    inv.println("port no\tmac addr\t\tis local?\tageing timer");
                    List<Link> ports = b.ports();
                    long now = inv.world.clock().now();
                    for (int i = 0; i < ports.size(); i++) {
                        inv.println(String.format("%3d\t%s\tyes\t\t   0.00", i + 1, ports.get(i).mac()));
                    }
                    b.fdb().forEach((mac, learned) -> {
                        int idx = ports.indexOf(learned.port()) + 1;
                        if (idx > 0 && ports.stream().noneMatch(p -> p.mac().equals(mac))) {
                            inv.println(String.format("%3d\t%s\tno\t\t%7.2f", idx, mac,
                                    (now - learned.seenAt()) / 1e9));
                        }
                    });
                    return 0;
                }
                default -> {
                    inv.err.append("Usage: brctl [commands]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n")
                            .append("\tdelbr     \t<bridge>\t\tdelete bridge\n\taddif     \t<bridge> <device>\tadd interface to bridge\n")
                            .append("\tdelif     \t<bridge> <device>\tdelete interface from bridge\n")
                            .append("\tshow      \t[ <bridge> ]\t\tshow a list of bridges\n")
                            .append("\tshowmacs  \t<bridge>\t\tshow a list of mac addrs\n");
                    return 1;
                }
            }
        } catch (KernelException e) {
            return inv.fail(1, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ bridge fdb

    /** One line of `bridge fdb show` and its JSON form. */
    private record FdbLine(String mac, String dev, String dst, String master, boolean self, String state) {}

    /** A device's multicast list as the default FDB dump shows it, with IPv6's solicited-node group. */
    private static void multicast(Link l, List<FdbLine> out, boolean bridge) {
        out.add(new FdbLine("33:33:00:00:00:01", l.name(), null, null, true, "permanent"));
        if (bridge) {
            out.add(new FdbLine("01:00:5e:00:00:6a", l.name(), null, null, true, "permanent"));
            out.add(new FdbLine("33:33:00:00:00:6a", l.name(), null, null, true, "permanent"));
        }
        out.add(new FdbLine("01:00:5e:00:00:01", l.name(), null, null, true, "permanent"));
        byte[] m = Mac.parse(l.mac());
        out.add(new FdbLine(String.format("33:33:ff:%02x:%02x:%02x", m[3] & 0xff, m[4] & 0xff, m[5] & 0xff), l.name(),
                null, null, true, "permanent"));
    }

    static List<FdbLine> fdbLines(NetNs ns, long now) {
        List<FdbLine> out = new ArrayList<>();
        for (Link l : ns.links()) {
            if (l instanceof Loopback) {
                continue;
            }
            if (l.master() != null) {
                Bridge b = l.master();
                b.fdb().forEach((mac, learned) -> {
                    if (learned.port() == l && now - learned.seenAt() <= Bridge.AGEING_NANOS && !mac.equals(l.mac())) {
                        out.add(new FdbLine(mac, l.name(), null, b.name(), false, ""));
                    }
                });
                out.add(new FdbLine(l.mac(), l.name(), null, b.name(), false, "permanent"));
            }
            if (l instanceof Vxlan x) {
                // newest MAC first; the remotes of one MAC in the order they were added
                List<String> macs = new ArrayList<>();
                x.fdb().forEach(f -> {
                    if (!macs.contains(f.mac())) {
                        macs.add(0, f.mac());
                    }
                });
                for (String mac : macs) {
                    for (Vxlan.FdbRecord f : x.fdb()) {
                        if (f.mac().equals(mac)) {
                            out.add(new FdbLine(f.mac(), l.name(), Ipv4.format(f.destination()), null, true,
                                    f.permanent() ? "permanent" : ""));
                        }
                    }
                }
            } else if (l instanceof Bridge b && l.adminUp()) {
                // a bridge lists its multicast addresses (hosts, and the router-discovery group its
                // snooping joins), then its own MAC as the one entry of the bridge with no port
                multicast(l, out, true);
                if (b.ports().stream().noneMatch(p -> p.mac().equals(l.mac()))) {
                    out.add(new FdbLine(l.mac(), l.name(), null, b.name(), false, "permanent"));
                }
            } else if (l.adminUp()) {
                multicast(l, out, false);
            }
        }
        return out;
    }

    private static int bridge(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        boolean json = false;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-j") || o.equals("-json")) {
                json = true;
            }
        }
        if (a.isEmpty()) {
            return inv.fail(255, "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }");
        }
        String object = a.remove(0);
        NetNs ns = inv.ns;
        long now = inv.world.clock().now();
        if (IpProgram.matches(object, "link", 1)) {
            for (Link l : ns.links()) {
                if (l.master() != null) {
                    String peer = IpProgram.peerLabel(l);
                    inv.println(l.index() + ": " + l.name() + (peer == null ? "" : "@" + peer) + ": <" + String.join(",", IpProgram.shownFlags(l))
                            + "> mtu " + l.mtu() + " master " + l.master().name() + " state " + IpProgram.portState(l)
                            + " priority 32 cost 2 ");
                }
            }
            return 0;
        }
        if (IpProgram.matches(object, "vlan", 1)) {
            // without vlan_filtering (Docker's and the labs' bridges) no port has a VLAN: the header alone
            inv.println("port              vlan-id  ");
            return 0;
        }
        if (!IpProgram.matches(object, "fdb", 1)) {
            return inv.fail(255, "Object \"" + object + "\" is unknown, try \"bridge help\".");
        }
        String cmd = a.isEmpty() ? "show" : a.remove(0);
        if (IpProgram.matches(cmd, "show", 1) || IpProgram.matches(cmd, "list", 1)) {
            String dev = null;
            String br = null;
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).equals("dev") && i + 1 < a.size()) {
                    dev = a.get(++i);
                } else if (a.get(i).equals("br") && i + 1 < a.size()) {
                    br = a.get(++i);
                }
            }
            String fdev = dev;
            String fbr = br;
            if (fdev != null && ns.link(fdev).isEmpty()) {
                return inv.fail(255, "Cannot find device \"" + fdev + "\"");
            }
            if (fbr != null && ns.link(fbr).isEmpty()) {
                return inv.fail(255, "Cannot find device \"" + fbr + "\"");
            }
            // `br X` asks for X itself and the devices enslaved to it
            List<FdbLine> lines = fdbLines(ns, now).stream()
                    .filter(f -> fdev == null || f.dev().equals(fdev))
                    .filter(f -> fbr == null || fbr.equals(f.dev()) || ns.link(f.dev()).map(d -> d.master() != null
                            && d.master().name().equals(fbr)).orElse(false))
                    .toList();
            // the device is left out of each entry when it was asked for
            if (json) {
                ArrayNode arr = JsonText.array();
                for (FdbLine f : lines) {
                    ObjectNode j = arr.addObject();
                    j.put("mac", f.mac());
                    if (fdev == null) {
                        j.put("ifname", f.dev());
                    }
                    if (f.dst() != null) {
                        j.put("dst", f.dst());
                    }
                    ArrayNode flags = j.putArray("flags");
                    if (f.self()) {
                        flags.add("self");
                    }
                    if (f.master() != null) {
                        j.put("master", f.master());
                    }
                    j.put("state", f.state());
                }
                inv.println(JsonText.compact(arr));
            } else {
                for (FdbLine f : lines) {
                    StringBuilder sb = new StringBuilder(f.mac());
                    if (fdev == null) {
                        sb.append(" dev ").append(f.dev());
                    }
                    if (f.dst() != null) {
                        sb.append(" dst ").append(f.dst());
                    }
                    if (f.master() != null) {
                        sb.append(" master ").append(f.master());
                    }
                    if (f.self()) {
                        sb.append(" self");
                    }
                    sb.append(' ');
                    if (!f.state().isEmpty()) {
                        sb.append(f.state());
                    }
                    inv.println(sb.toString());
                }
            }
            return 0;
        }
        // bridge exits 255 whenever the kernel refuses
        if (!inv.root) {
            return inv.fail(255, "RTNETLINK answers: Operation not permitted");
        }
        if (a.isEmpty()) {
            return inv.fail(255, "Device and address are required arguments.");
        }
        String mac = Mac.normalize(a.remove(0));
        String dev = null;
        Integer dst = null;
        boolean permanent = true;
        for (int i = 0; i < a.size(); i++) {
            switch (a.get(i)) {
                case "dev" -> dev = a.get(++i);
                case "dst" -> dst = Ipv4.parse(a.get(++i));
                case "dynamic" -> permanent = false;
                default -> { }
            }
        }
        if (dev == null) {
            return inv.fail(255, "Device and address are required arguments.");
        }
        Link l = ns.link(dev).orElse(null);
        if (l == null) {
            return inv.fail(255, "Cannot find device \"" + dev + "\"");
        }
        if (!(l instanceof Vxlan x)) {
            if (IpProgram.matches(cmd, "delete", 1) && l.master() != null) {
                l.master().fdb().remove(mac);
                return 0;
            }
            if (l.master() != null) {
                l.master().learn(mac, l, now);
                return 0;
            }
            return inv.fail(255, "RTNETLINK answers: Operation not supported");
        }
        switch (cmd) {
            case "add", "append" -> {
                if (dst == null) {
                    return inv.fail(255, "RTNETLINK answers: Invalid argument");
                }
                if (cmd.equals("add") && x.fdb().stream().anyMatch(f -> f.mac().equals(mac))) {
                    return inv.fail(255, "RTNETLINK answers: File exists");
                }
                x.addFdb(mac, dst, permanent);
            }
            case "replace" -> {
                if (dst == null) {
                    return inv.fail(255, "RTNETLINK answers: Invalid argument");
                }
                x.replaceFdb(mac, dst, permanent);
            }
            case "del", "delete" -> {
                // with dst only that remote goes; without, the MAC's entries go
                boolean removed = dst == null ? x.removeFdb(mac) : x.removeFdb(mac, dst);
                if (!removed) {
                    return inv.fail(255, "RTNETLINK answers: No such file or directory");
                }
            }
            default -> {
                return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"bridge fdb help\".");
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ route -n

    private static int route(Invocation inv) {
        inv.println("Kernel IP routing table");
        inv.println("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface");
        for (RouteEntry r : inv.ns.routes()) {
            if (r.device() == null && !r.blackhole()) {
                continue;
            }
            // /proc/net/route shows a blackhole route as an up route with no device
            String flags = NetStatus.routeFlags(r);
            inv.println(String.format("%-15s %-15s %-15s %-5s %-6d %-6d %3d %s", r.destination().networkText(),
                    r.gateway() == null ? "0.0.0.0" : Ipv4.format(r.gateway()), Ipv4.maskText(r.destination().prefixLength()),
                    flags, r.metric(), 0, 0, r.device() == null ? "*" : r.device().name()));
        }
        return 0;
    }
}
