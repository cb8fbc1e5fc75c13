/*
 * `ip` from iproute2: link, addr, route, neigh and netns, in the text and JSON (-j) formats of
 * iproute2 6.1, so the same parser reads the simulator and a real kernel. Busybox's `ip` inside a
 * container answers the read-only forms the same way.
 */
package org.overlaylab.simulator.programs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.IpipTunnel;
import org.overlaylab.simulator.kernel.Loopback;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.OvsPort;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.shell.Shell;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;

public final class IpProgram implements Program {

    private static final String USAGE = """
            Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
                   ip [ -force ] -batch filename
            where  OBJECT := { address | link | neighbour | netns | route }
                   OPTIONS := { -d[etails] | -j[son] | -4 | -br[ief] }
            """;

    private static final class Options {
        boolean json;
        boolean details;
        boolean brief;
        int stats;
        boolean inet4Only;
        String netns;
    }

    @Override
    public int run(Invocation inv) {
        if (inv.userland == Invocation.Userland.BUSYBOX) {
            Integer status = BusyboxIp.run(inv);
            if (status != null) {
                return status;
            }
        }
        List<String> a = new ArrayList<>(inv.rest());
        Options o = new Options();
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String opt = a.remove(0);
            switch (opt) {
                case "-j", "-json" -> o.json = true;
                case "-d", "-details" -> o.details = true;
                case "-br", "-brief" -> o.brief = true;
                case "-s", "-stats", "-statistics" -> o.stats++;
                case "-4" -> o.inet4Only = true;
                case "-p", "-pretty", "-c", "-color", "-o", "-oneline" -> { }
                case "-n", "-netns" -> {
                    if (a.isEmpty()) {
                        return inv.fail(255, "Command line is not complete. Try option \"help\"");
                    }
                    o.netns = a.remove(0);
                }
                default -> {
                    return inv.fail(255, "Option \"" + opt + "\" is unknown, try \"ip -help\".");
                }
            }
        }
        if (a.isEmpty()) {
            inv.err.append(USAGE);
            return 255;
        }
        NetNs ns = inv.ns;
        if (o.netns != null) {
            ns = inv.host.namespace(o.netns);
            if (ns == null || ns.kind() != NetNs.Kind.NAMED) {
                return inv.fail(255, "Cannot open network namespace \"" + o.netns + "\": No such file or directory");
            }
        }
        String object = a.remove(0);
        try {
            if (matches(object, "link", 1)) {
                return link(inv, ns, o, a);
            }
            if (matches(object, "address", 1) || object.equals("addr")) {
                return addr(inv, ns, o, a);
            }
            if (matches(object, "route", 1)) {
                return route(inv, ns, o, a);
            }
            if (matches(object, "neighbour", 1) || matches(object, "neighbor", 1)) {
                return neigh(inv, ns, o, a);
            }
            if (matches(object, "netns", 5) && inv.container == null) {
                return netns(inv, a);
            }
        } catch (NoSuchDevice e) {
            return inv.fail(e.status, e.getMessage());
        } catch (KernelException e) {
            return inv.fail(2, e.getMessage());
        }
        return inv.fail(255, "Object \"" + object + "\" is unknown, try \"ip help\".");
    }

    /** iproute2 accepts any prefix of a keyword of at least `min` letters. */
    static boolean matches(String word, String keyword, int min) {
        return word.length() >= min && keyword.startsWith(word);
    }

    /** Changes need CAP_NET_ADMIN: root on the host; a container without --privileged never has it. */
    private static boolean needsRoot(Invocation inv) {
        return !inv.root || inv.container != null;
    }

    private static int denied(Invocation inv) {
        boolean busybox = inv.userland == Invocation.Userland.BUSYBOX;
        return inv.fail(busybox ? 1 : 2, (busybox ? "ip: " : "") + "RTNETLINK answers: Operation not permitted");
    }

    /** A device named on the command line that the namespace does not have, with iproute2's words and status. */
    private static final class NoSuchDevice extends KernelException {
        final int status;

        NoSuchDevice(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    /** The device a command changes; iproute2 exits with 1 when it does not exist. */
    private static Link device(Invocation inv, NetNs ns, String name) throws KernelException {
        return ns.link(name).orElseThrow(() -> new NoSuchDevice("Cannot find device \"" + name + "\"", 1));
    }

    /** The device a `show` lists; a missing one is reported differently from a missing device to change. */
    private static Link shownDevice(NetNs ns, String name) throws KernelException {
        return ns.link(name).orElseThrow(() -> new NoSuchDevice("Device \"" + name + "\" does not exist.", 1));
    }

    /**
     * The flags iproute2 prints: the device's own, and M-DOWN when the device it is linked to in the
     * same namespace (a veth's peer) is down.
     */
    static List<String> shownFlags(Link l) {
        List<String> f = new ArrayList<>(l.flags());
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() == l.ns() && !v.peer().adminUp()) {
            f.add("M-DOWN");
        }
        return f;
    }

    // ------------------------------------------------------------------ link

    private int link(Invocation inv, NetNs ns, Options o, List<String> a) throws KernelException {
        String cmd = a.isEmpty() ? "show" : a.remove(0);
        if (matches(cmd, "show", 1) || matches(cmd, "list", 1)) {
            List<Link> links = shownLinks(ns, a);
            if (o.json) {
                ArrayNode arr = JsonText.array();
                links.forEach(l -> arr.add(linkJson(inv, l, o.details, false)));
                inv.println(JsonText.compact(arr));
            } else if (o.brief) {
                for (Link l : links) {
                    inv.print(String.format("%-16s %-14s %s <%s> %n", nameWithPeer(l), l.operState(),
                            l instanceof Loopback ? "00:00:00:00:00:00" : l.mac(), String.join(",", shownFlags(l))));
                }
            } else {
                for (Link l : links) {
                    inv.print(linkText(inv, l, o.details, true));
                    if (o.stats > 0) {
                        inv.print(statsText(l));
                    }
                }
            }
            return 0;
        }
        if (needsRoot(inv)) {
            return denied(inv);
        }
        if (matches(cmd, "add", 1)) {
            return linkAdd(inv, ns, a);
        }
        if (matches(cmd, "delete", 1)) {
            if (!a.isEmpty() && a.get(0).equals("dev")) {
                a.remove(0);
            }
            if (a.isEmpty()) {
                return inv.fail(255, "Not enough information: \"dev\" argument is required.");
            }
            Link l = device(inv, ns, a.remove(0));
            ns.delete(l);
            return 0;
        }
        if (matches(cmd, "set", 1)) {
            return linkSet(inv, ns, a);
        }
        return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"ip link help\".");
    }

    private int linkAdd(Invocation inv, NetNs ns, List<String> a) throws KernelException {
        String name = null;
        String type = null;
        List<String> typeArgs = new ArrayList<>();
        while (!a.isEmpty()) {
            String w = a.remove(0);
            if (type != null) {
                typeArgs.add(w);
            } else if (w.equals("name") || w.equals("dev")) {
                name = a.isEmpty() ? null : a.remove(0);
            } else if (w.equals("type")) {
                type = a.isEmpty() ? null : a.remove(0);
            } else if (name == null) {
                name = w;
            }
        }
        if (name == null) {
            return inv.fail(255, "Not enough information: \"dev\" argument is required.");
        }
        if (type == null) {
            return inv.fail(255, "Not enough information: \"type\" argument is required");
        }
        if (name.length() > 15) {
            return inv.fail(2, "Error: Attribute failed policy validation.");
        }
        ns.checkNameFree(name);
        var rnd = inv.world.random().stream("mac:ip-link:" + inv.host.name());
        switch (type) {
            case "veth" -> {
                String peer = null;
                for (int i = 0; i < typeArgs.size(); i++) {
                    if (typeArgs.get(i).equals("name") && i + 1 < typeArgs.size()) {
                        peer = typeArgs.get(i + 1);
                    }
                }
                if (peer == null) {
                    int n = 0;
                    while (ns.link("veth" + n).isPresent() || ("veth" + n).equals(name)) {
                        n++;
                    }
                    peer = "veth" + n;
                }
                ns.checkNameFree(peer);
                Veth v1 = new Veth(name, Mac.random(rnd));
                Veth v2 = new Veth(peer, Mac.random(rnd));
                Veth.pair(v1, v2);
                ns.attach(v2);
                ns.attach(v1);
                return 0;
            }
            case "bridge" -> {
                ns.attach(new Bridge(name, Mac.random(rnd)));
                return 0;
            }
            case "vxlan" -> {
                return vxlanAdd(inv, ns, name, typeArgs, rnd);
            }
            case "dummy", "gre", "gretap", "ipip", "macvlan", "geneve" -> {
                return inv.fail(2, "Error: Unknown device type.");
            }
            default -> {
                return inv.fail(2, "Error: Unknown device type.");
            }
        }
    }

    private int vxlanAdd(Invocation inv, NetNs ns, String name, List<String> args, java.util.random.RandomGenerator rnd)
            throws KernelException {
        Integer id = null;
        Integer local = null;
        Integer remote = null;
        String dev = null;
        int port = Encapsulations.VXLAN_LINUX_PORT;
        boolean learning = true;
        boolean proxy = false;
        boolean l2miss = false;
        boolean l3miss = false;
        boolean udpCsum = true;
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (w) {
                case "id", "vni" -> {
                    id = Integer.parseInt(next);
                    i++;
                }
                case "local" -> {
                    local = Ipv4.parse(next);
                    i++;
                }
                case "remote", "group" -> {
                    remote = Ipv4.parse(next);
                    i++;
                }
                case "dev" -> {
                    dev = next;
                    i++;
                }
                case "dstport" -> {
                    port = Integer.parseInt(next);
                    i++;
                }
                case "nolearning" -> learning = false;
                case "learning" -> learning = true;
                case "proxy" -> proxy = true;
                case "l2miss" -> l2miss = true;
                case "l3miss" -> l3miss = true;
                case "udpcsum" -> udpCsum = true;
                case "noudpcsum" -> udpCsum = false;
                case "ttl", "tos", "ageing", "srcport", "maxaddress" -> i += w.equals("srcport") ? 2 : 1;
                default -> { }
            }
        }
        if (id == null) {
            return inv.fail(2, "Error: Required attributes not provided to perform the operation.");
        }
        Link lower = null;
        if (dev != null) {
            String lowerName = dev;
            lower = ns.link(dev).orElseThrow(() -> new NoSuchDevice("Cannot find device \"" + lowerName + "\"", 255));
        }
        Vxlan x = new Vxlan(name, Mac.random(rnd), id, local, remote, dev, port, learning, proxy, l2miss, l3miss, ns);
        x.setUdpCsum(udpCsum);
        // the kernel leaves room for the 50 bytes of outer headers only when it knows the lower device
        x.setMtu(lower == null ? 1500 : lower.mtu() - 50);
        ns.attach(x);
        return 0;
    }

    private int linkSet(Invocation inv, NetNs ns, List<String> a) throws KernelException {
        if (!a.isEmpty() && a.get(0).equals("dev")) {
            a.remove(0);
        }
        if (a.isEmpty()) {
            return inv.fail(255, "Not enough of information: \"dev\" argument is required.");
        }
        Link l = device(inv, ns, a.remove(0));
        while (!a.isEmpty()) {
            String w = a.remove(0);
            switch (w) {
                case "up" -> ns.setUp(l, true);
                case "down" -> ns.setUp(l, false);
                case "master" -> {
                    String m = a.isEmpty() ? "" : a.remove(0);
                    Link master = ns.link(m).orElse(null);
                    if (master == null) {
                        return inv.fail(255, "Error: argument \"" + m + "\" is wrong: Device does not exist\n\n");
                    }
                    if (!(master instanceof Bridge b)) {
                        return inv.fail(2, "RTNETLINK answers: Operation not supported");
                    }
                    ns.setMaster(l, b);
                }
                case "nomaster" -> ns.setMaster(l, null);
                case "mtu" -> {
                    int mtu = Integer.parseInt(a.remove(0));
                    if (!(l instanceof Loopback) && mtu > 65535) {
                        return inv.fail(2, "Error: mtu greater than device maximum.");
                    }
                    if (!(l instanceof Loopback) && mtu < 68) {
                        return inv.fail(2, "Error: mtu less than device minimum.");
                    }
                    // a VXLAN device bound to a lower device must leave room for the 50 bytes of outer
                    // headers: the kernel refuses more (vxlan_change_mtu), and says only EINVAL
                    if (l instanceof Vxlan v && v.underlayDevice() != null) {
                        Link lower = ns.link(v.underlayDevice()).orElse(null);
                        if (lower != null && mtu > lower.mtu() - 50) {
                            return inv.fail(2, "RTNETLINK answers: Invalid argument");
                        }
                    }
                    l.setMtu(mtu);
                }
                case "address" -> l.setMac(Mac.normalize(a.remove(0)));
                case "name" -> {
                    String n = a.remove(0);
                    ns.checkNameFree(n);
                    l.rename(n);
                }
                case "netns" -> {
                    String target = a.remove(0);
                    NetNs t = inv.host.namespace(target);
                    if (t == null || t.kind() != NetNs.Kind.NAMED) {
                        return inv.fail(255, "Error: argument \"" + target + "\" is wrong: Invalid \"netns\" value\n\n");
                    }
                    ns.moveTo(l, t);
                }
                case "promisc", "arp", "multicast", "txqueuelen" -> {
                    if (!a.isEmpty()) {
                        a.remove(0);
                    }
                }
                default -> {
                    return inv.fail(255, "Error: either \"dev\" is duplicate, or \"" + w + "\" is a garbage.");
                }
            }
        }
        return 0;
    }

    /** The peer's name as iproute2 shows it: the name in the same namespace, else if<index>. */
    static String peerLabel(Link l) {
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() != null) {
            return v.peer().ns() == l.ns() ? v.peer().name() : "if" + v.peer().index();
        }
        // a tunnel bound to no underlay device (IFLA_LINK 0), as the ipip module's tunl0 is
        return l instanceof IpipTunnel ? "NONE" : null;
    }

    private static String masterName(Link l) {
        if (l.master() != null) {
            return l.master().name();
        }
        if (l.ovsBridge() != null && !(l instanceof OvsPort)) {
            return "ovs-system";
        }
        return null;
    }

    /**
     * The devices a `show` lists: all, or the one named (with or without `dev`), narrowed by
     * `up`, `master BR` and `type KIND` as iproute2 does.
     */
    private static List<Link> shownLinks(NetNs ns, List<String> a) throws KernelException {
        String dev = null;
        String master = null;
        String type = null;
        boolean up = false;
        while (!a.isEmpty()) {
            String w = a.remove(0);
            switch (w) {
                case "dev" -> dev = a.isEmpty() ? null : a.remove(0);
                case "master" -> master = a.isEmpty() ? null : a.remove(0);
                case "type" -> type = a.isEmpty() ? null : a.remove(0);
                case "up" -> up = true;
                case "scope", "label", "to" -> {
                    if (!a.isEmpty()) {
                        a.remove(0);
                    }
                }
                case "global", "primary", "permanent" -> { }
                default -> dev = w;
            }
        }
        List<Link> links = dev == null ? ns.links() : List.of(shownDevice(ns, dev));
        if (master != null) {
            shownDevice(ns, master);
        }
        List<Link> out = new ArrayList<>();
        for (Link l : links) {
            if (up && !l.adminUp() || master != null && !master.equals(masterName(l))
                    || type != null && !type.equals(kindOf(l))) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    private static String kindOf(Link l) {
        return l instanceof Vxlan ? "vxlan" : l instanceof Veth ? "veth" : l instanceof Bridge ? "bridge"
                : l instanceof OvsPort ? "openvswitch" : l.kind();
    }

    /** The name as the first column shows it: with @peer for a veth, as in the long form. */
    private static String nameWithPeer(Link l) {
        String peer = peerLabel(l);
        return l.name() + (peer == null ? "" : "@" + peer);
    }

    /** `ip -s link`: iproute2 6.1's two counter blocks, columns widened for long numbers. */
    static String statsText(Link l) {
        long[] rx = {l.rxBytes, l.rxPackets, 0, 0, 0, 0};
        long[] tx = {l.txBytes, l.txPackets, 0, l.txDropped, 0, 0};
        int[] w = {10, 7, 6, 7, 7, 7};
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(w[i], Math.max(String.valueOf(rx[i]).length(), String.valueOf(tx[i]).length()));
        }
        return "    RX:  bytes packets errors dropped  missed   mcast           \n" + statsRow(rx, w)
                + "    TX:  bytes packets errors dropped carrier collsns           \n" + statsRow(tx, w);
    }

    private static String statsRow(long[] v, int[] w) {
        StringBuilder sb = new StringBuilder("    ");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%" + w[i] + "d", v[i]));
        }
        return sb.append(" \n").toString();
    }

    static String linkText(Invocation inv, Link l, boolean details, boolean withMode) {
        StringBuilder sb = new StringBuilder();
        String peer = peerLabel(l);
        sb.append(l.index()).append(": ").append(l.name()).append(peer == null ? "" : "@" + peer).append(": <")
                .append(String.join(",", shownFlags(l))).append("> mtu ").append(l.mtu()).append(" qdisc ").append(l.qdisc());
        String master = masterName(l);
        if (master != null) {
            sb.append(" master ").append(master);
        }
        sb.append(" state ").append(l.operState());
        if (withMode) {
            sb.append(" mode DEFAULT");
        }
        sb.append(" group default ").append(l.txQueueLen() == 0 ? "" : "qlen " + l.txQueueLen()).append('\n');
        if (l instanceof Loopback) {
            sb.append("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        } else if (l instanceof IpipTunnel) {
            sb.append("    link/ipip 0.0.0.0 brd 0.0.0.0");
        } else {
            sb.append("    link/ether ").append(l.mac()).append(" brd ff:ff:ff:ff:ff:ff");
        }
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() != null && v.peer().ns() != l.ns()) {
            NetNs pn = v.peer().ns();
            sb.append(pn.kind() == NetNs.Kind.NAMED ? " link-netns " + pn.name() : " link-netnsid 0");
        }
        if (details) {
            int enslaved = l.master() != null || l.ovsBridge() != null ? 1 : 0;
            sb.append(" promiscuity ").append(enslaved).append("  allmulti ").append(enslaved)
                    .append(" minmtu 68 maxmtu ").append(l instanceof IpipTunnel ? 65515 : 65535).append(" \n    ");
            if (l instanceof IpipTunnel) {
                sb.append("ipip any remote any local any ttl inherit nopmtudisc ");
            } else if (l instanceof Vxlan x) {
                sb.append("vxlan id ").append(x.vni());
                if (x.remote() != null) {
                    sb.append(" remote ").append(Ipv4.format(x.remote()));
                }
                if (x.local() != null) {
                    sb.append(" local ").append(Ipv4.format(x.local()));
                }
                if (x.underlayDevice() != null) {
                    sb.append(" dev ").append(x.underlayDevice());
                }
                sb.append(" srcport 0 0 dstport ").append(x.dstPort());
                if (!x.learning()) {
                    sb.append(" nolearning");
                }
                if (x.proxy()) {
                    sb.append(" proxy");
                }
                if (x.l2miss()) {
                    sb.append(" l2miss");
                }
                if (x.l3miss()) {
                    sb.append(" l3miss");
                }
                sb.append(" ttl auto ageing 300 ").append(x.udpCsum() ? "udpcsum" : "noudpcsum")
                        .append(" noudp6zerocsumtx noudp6zerocsumrx ");
            } else if (l instanceof Veth) {
                sb.append("veth ");
            } else if (l instanceof Bridge) {
                String id = bridgeId(l.mac());
                // the bridge's garbage collection runs every ageing time (300 s): what is left of the current round
                double gc = 300.0 - (inv.world.clock().now() % 300_000_000_000L) / 1e9;
                sb.append("bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 ")
                        .append("vlan_filtering 0 bridge_id ").append(id).append(" designated_root ").append(id)
                        .append(" root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00")
                        .append(" tcn_timer    0.00 topology_change_timer    0.00 gc_timer ")
                        .append(String.format("%7.2f", gc))
                        .append(" group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0")
                        .append(" mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0")
                        .append(" mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2")
                        .append(" mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000")
                        .append(" mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000")
                        .append(" mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2")
                        .append(" mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ");
            } else if (l instanceof OvsPort) {
                sb.append("openvswitch ");
            }
            if (l.master() != null) {
                int no = l.master().ports().indexOf(l) + 1;
                String id = bridgeId(l.master().mac());
                sb.append("\n    bridge_slave state ").append(portState(l))
                        .append(" priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on")
                        .append(String.format(" port_id 0x%04x port_no 0x%x designated_port %d", 0x8000 + no, no, 0x8000 + no))
                        .append(" designated_cost 0 designated_bridge ").append(id).append(" designated_root ").append(id)
                        .append(" hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00")
                        .append(" topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1")
                        .append(" mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off")
                        .append(" group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off ");
            } else if (l.ovsBridge() != null && !(l instanceof OvsPort)) {
                sb.append("\n    openvswitch_slave ");
            }
            sb.append("addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ")
                    .append("tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ");
        }
        sb.append('\n');
        return sb.toString();
    }

    /** A bridge ID as iproute2 prints it: priority 8000, then the MAC with each byte in plain hex. */
    private static String bridgeId(String mac) {
        StringBuilder sb = new StringBuilder("8000.");
        for (String b : mac.split(":")) {
            sb.append(Integer.toHexString(Integer.parseInt(b, 16))).append(':');
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** A Linux bridge port's STP state without STP: forwarding while it and its bridge run, else disabled. */
    static String portState(Link port) {
        return port.running() && port.master() != null && port.master().adminUp() ? "forwarding" : "disabled";
    }

    static ObjectNode linkJson(Invocation inv, Link l, boolean details, boolean forAddr) {
        ObjectNode j = JsonText.object();
        j.put("ifindex", l.index());
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() != null) {
            if (v.peer().ns() == l.ns()) {
                j.put("link", v.peer().name());
            } else {
                j.put("link_index", v.peer().index());
            }
        }
        j.put("ifname", l.name());
        ArrayNode flags = j.putArray("flags");
        shownFlags(l).forEach(flags::add);
        j.put("mtu", l.mtu());
        j.put("qdisc", l.qdisc());
        String master = masterName(l);
        if (master != null) {
            j.put("master", master);
        }
        j.put("operstate", l.operState());
        if (!forAddr) {
            j.put("linkmode", "DEFAULT");
        }
        j.put("group", "default");
        if (l.txQueueLen() != 0) {
            j.put("txqlen", l.txQueueLen());
        }
        j.put("link_type", l instanceof Loopback ? "loopback" : "ether");
        j.put("address", l.mac());
        j.put("broadcast", l instanceof Loopback ? "00:00:00:00:00:00" : "ff:ff:ff:ff:ff:ff");
        if (l instanceof Veth v && v.peer() != null && v.peer().ns() != null && v.peer().ns() != l.ns()) {
            j.put("link_netnsid", 0);
        }
        if (details) {
            int enslaved = l.master() != null || l.ovsBridge() != null ? 1 : 0;
            j.put("promiscuity", enslaved);
            j.put("allmulti", enslaved);
            j.put("min_mtu", 68);
            j.put("max_mtu", 65535);
            ObjectNode info = null;
            if (l instanceof Vxlan x) {
                info = JsonText.object();
                info.put("info_kind", "vxlan");
                ObjectNode d = info.putObject("info_data");
                d.put("id", x.vni());
                if (x.remote() != null) {
                    d.put("remote", Ipv4.format(x.remote()));
                }
                if (x.local() != null) {
                    d.put("local", Ipv4.format(x.local()));
                }
                if (x.underlayDevice() != null) {
                    d.put("link", x.underlayDevice());
                }
                ObjectNode range = d.putObject("port_range");
                range.put("low", 0);
                range.put("high", 0);
                d.put("port", x.dstPort());
                d.put("learning", x.learning());
                if (x.proxy()) {
                    d.put("proxy", true);
                }
                if (x.l2miss()) {
                    d.put("l2miss", true);
                }
                if (x.l3miss()) {
                    d.put("l3miss", true);
                }
                d.put("ttl", 0);
                d.put("ageing", 300);
                d.put("udp_csum", x.udpCsum());
                d.put("udp_zero_csum6_tx", false);
                d.put("udp_zero_csum6_rx", false);
            } else if (l instanceof Veth) {
                info = JsonText.object();
                info.put("info_kind", "veth");
            } else if (l instanceof Bridge) {
                info = JsonText.object();
                info.put("info_kind", "bridge");
                info.putObject("info_data").put("stp_state", 0);
            } else if (l instanceof OvsPort) {
                info = JsonText.object();
                info.put("info_kind", "openvswitch");
            }
            if (l.master() != null || (l.ovsBridge() != null && !(l instanceof OvsPort))) {
                if (info == null) {
                    info = JsonText.object();
                }
                info.put("info_slave_kind", l.master() != null ? "bridge" : "openvswitch");
                if (l.master() != null) {
                    ObjectNode slave = info.putObject("info_slave_data");
                    slave.put("state", portState(l));
                    slave.put("priority", 32);
                    slave.put("cost", 2);
                    slave.put("hairpin", false);
                    slave.put("learning", true);
                    slave.put("flood", true);
                }
            }
            if (info != null) {
                j.set("linkinfo", info);
            }
        }
        return j;
    }

    // ------------------------------------------------------------------ addr

    private int addr(Invocation inv, NetNs ns, Options o, List<String> a) throws KernelException {
        String cmd = a.isEmpty() ? "show" : a.remove(0);
        if (matches(cmd, "show", 1) || matches(cmd, "list", 1)) {
            List<Link> links = shownLinks(ns, a);
            if (o.inet4Only) {
                links = links.stream().filter(l -> !l.addresses().isEmpty()).toList();
            }
            if (o.brief && !o.json) {
                for (Link l : links) {
                    StringBuilder sb = new StringBuilder(String.format("%-16s %-14s ", nameWithPeer(l), l.operState()));
                    for (Link.Address ad : l.addresses()) {
                        sb.append(ad.cidr()).append(' ');
                    }
                    String ll = o.inet4Only ? null : linkLocal(l);
                    if (ll != null) {
                        sb.append(ll).append(l instanceof Loopback ? "/128 " : "/64 ");
                    }
                    inv.println(sb.toString());
                }
                return 0;
            }
            if (o.json) {
                ArrayNode arr = JsonText.array();
                for (Link l : links) {
                    ObjectNode j = linkJson(inv, l, o.details, true);
                    ArrayNode infos = j.putArray("addr_info");
                    for (Link.Address ad : l.addresses()) {
                        ObjectNode ai = infos.addObject();
                        ai.put("family", "inet");
                        ai.put("local", ad.cidr().addressText());
                        ai.put("prefixlen", ad.cidr().prefixLength());
                        if (ad.broadcast() != null) {
                            ai.put("broadcast", Ipv4.format(ad.broadcast()));
                        }
                        ai.put("scope", ad.scope());
                        ai.put("label", ad.label());
                        ai.put("valid_life_time", 4294967295L);
                        ai.put("preferred_life_time", 4294967295L);
                    }
                    String ll = o.inet4Only ? null : linkLocal(l);
                    if (ll != null) {
                        ObjectNode ai = infos.addObject();
                        ai.put("family", "inet6");
                        ai.put("local", ll);
                        ai.put("prefixlen", l instanceof Loopback ? 128 : 64);
                        ai.put("scope", l instanceof Loopback ? "host" : "link");
                        ai.put("valid_life_time", 4294967295L);
                        ai.put("preferred_life_time", 4294967295L);
                    }
                    arr.add(j);
                }
                inv.println(JsonText.compact(arr));
            } else {
                for (Link l : links) {
                    String text = linkText(inv, l, false, false);
                    if (o.inet4Only) {
                        // -4 leaves out the link layer line; a peer's netns id stays on the first line
                        String[] two = text.split("\n");
                        int id = two.length > 1 ? two[1].indexOf(" link-netns") : -1;
                        text = two[0];
                        text = text + (id >= 0 ? two[1].substring(id) : "") + "\n";
                    }
                    inv.print(text);
                    for (Link.Address ad : l.addresses()) {
                        inv.print("    inet " + ad.cidr() + (ad.broadcast() != null ? " brd " + Ipv4.format(ad.broadcast()) : "")
                                + " scope " + ad.scope() + " " + ad.label() + "\n       valid_lft forever preferred_lft forever\n");
                    }
                    String ll = o.inet4Only ? null : linkLocal(l);
                    if (ll != null) {
                        inv.print("    inet6 " + ll + (l instanceof Loopback ? "/128 scope host " : "/64 scope link ")
                                + "\n       valid_lft forever preferred_lft forever\n");
                    }
                    if (o.stats > 0) {
                        inv.print(statsText(l));
                    }
                }
            }
            return 0;
        }
        if (needsRoot(inv)) {
            return denied(inv);
        }
        if (matches(cmd, "add", 1) || matches(cmd, "replace", 3) || matches(cmd, "delete", 1)) {
            if (a.isEmpty()) {
                return inv.fail(1, "Not enough information: \"dev\" argument is required.");
            }
            String addrText = a.remove(0);
            String dev = null;
            Integer brd = null;
            boolean autoBrd = false;
            while (!a.isEmpty()) {
                String w = a.remove(0);
                if (w.equals("dev")) {
                    dev = a.remove(0);
                } else if (w.equals("brd") || w.equals("broadcast")) {
                    String b = a.remove(0);
                    if (b.equals("+")) {
                        autoBrd = true;
                    } else {
                        brd = Ipv4.parse(b);
                    }
                } else if (w.equals("scope") || w.equals("label")) {
                    a.remove(0);
                }
            }
            if (dev == null) {
                return inv.fail(1, "Not enough information: \"dev\" argument is required.");
            }
            if (!Cidr.isValid(addrText)) {
                return inv.fail(1, "Error: any valid prefix is expected rather than \"" + addrText + "\".");
            }
            Cidr c = Cidr.parse(addrText);
            Link l = device(inv, ns, dev);
            if (matches(cmd, "delete", 1)) {
                if (!ns.deleteAddress(l, c)) {
                    return inv.fail(2, "Error: ipv4: Address not found.");
                }
                return 0;
            }
            if (matches(cmd, "replace", 3)) {
                ns.deleteAddress(l, c);
            } else if (l.addresses().stream().anyMatch(ad -> ad.cidr().equals(c))) {
                return inv.fail(2, "Error: ipv4: Address already assigned.");
            }
            ns.addAddress(l, c, autoBrd ? Integer.valueOf(c.broadcast()) : brd);
            return 0;
        }
        if (matches(cmd, "flush", 1)) {
            String dev = a.contains("dev") ? a.get(a.indexOf("dev") + 1) : (a.isEmpty() ? null : a.get(0));
            if (dev == null) {
                return inv.fail(1, "Flush requires arguments.");
            }
            Link l = shownDevice(ns, dev);
            for (Link.Address ad : l.addresses()) {
                ns.deleteAddress(l, ad.cidr());
            }
            return 0;
        }
        return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"ip address help\".");
    }

    /** The EUI-64 link-local IPv6 address the kernel gives an up device. */
    static String linkLocal(Link l) {
        if (!l.adminUp()) {
            return null;
        }
        if (l instanceof Loopback) {
            return "::1";
        }
        byte[] m = Mac.parse(l.mac());
        int b0 = (m[0] & 0xff) ^ 0x02;
        return "fe80::" + group(b0, m[1]) + ":" + group(m[2] & 0xff, 0xff) + ":" + group(0xfe, m[3]) + ":" + group(m[4], m[5]);
    }

    private static String group(int hi, int lo) {
        return Integer.toHexString(((hi & 0xff) << 8) | (lo & 0xff));
    }

    // ------------------------------------------------------------------ route

    private int route(Invocation inv, NetNs ns, Options o, List<String> a) throws KernelException {
        String cmd = a.isEmpty() ? "show" : a.remove(0);
        if (matches(cmd, "show", 1) || matches(cmd, "list", 1)) {
            RouteFilter f = new RouteFilter();
            while (!a.isEmpty()) {
                String w = a.remove(0);
                String v = switch (w) {
                    case "dev", "oif", "proto", "protocol", "table", "scope", "via", "root", "match", "exact", "type" -> {
                        if (a.isEmpty()) {
                            yield null;
                        }
                        yield a.remove(0);
                    }
                    default -> w;
                };
                if (v == null) {
                    return inv.fail(255, "Command line is not complete. Try option \"help\"");
                }
                switch (w) {
                    case "dev", "oif" -> f.dev = shownDevice(ns, v);
                    case "proto", "protocol" -> f.proto = v;
                    case "table" -> f.table = v;
                    case "scope" -> f.scope = v;
                    case "via" -> f.via = Ipv4.parse(v);
                    case "root" -> f.root = Cidr.parse(v.contains("/") ? v : v + "/32");
                    case "match" -> f.match = Cidr.parse(v.contains("/") ? v : v + "/32");
                    case "type" -> f.type = v;
                    case "blackhole", "unicast", "unreachable", "prohibit", "local", "broadcast" -> f.type = w;
                    default -> f.exact = w.equals("default") ? Cidr.parse("0.0.0.0/0")
                            : Cidr.parse(v.contains("/") ? v : v + "/32");
                }
            }
            boolean all = "all".equals(f.table) || "0".equals(f.table);
            boolean local = "local".equals(f.table) || "255".equals(f.table);
            if (f.table != null && !all && !local && !f.table.equals("main") && !f.table.equals("254")) {
                return 0;
            }
            if ((all || local) && !o.json) {
                if (all) {
                    ns.routes().stream().filter(f::accepts).forEach(r ->
                            inv.println(routeText(r, f.dev != null, f.proto != null, f.type != null)));
                }
                localTable(ns, f.dev).forEach(inv::println);
                if (all && !o.inet4Only) {
                    ipv6Table(ns, f.dev).forEach(inv::println);
                }
                return 0;
            }
            List<RouteEntry> routes = local ? List.of() : ns.routes().stream().filter(f::accepts).toList();
            if (o.json) {
                ArrayNode arr = JsonText.array();
                routes.forEach(r -> arr.add(routeJson(r)));
                inv.println(JsonText.compact(arr));
            } else {
                for (RouteEntry r : routes) {
                    inv.println(routeText(r, f.dev != null, f.proto != null, f.type != null));
                }
            }
            return 0;
        }
        if (matches(cmd, "get", 1)) {
            if (a.isEmpty()) {
                return inv.fail(255, "need at least a destination address");
            }
            String target = a.get(0).equals("to") && a.size() > 1 ? a.get(1) : a.get(0);
            int dst = Ipv4.parse(target);
            if (ns.isLocalAddress(dst)) {
                if (o.json) {
                    ObjectNode j = JsonText.object();
                    j.put("type", "local");
                    j.put("dst", target);
                    j.put("dev", "lo");
                    j.put("prefsrc", target);
                    j.putArray("flags");
                    j.put("uid", 0);
                    j.putArray("cache").add("local");
                    inv.println(JsonText.compact(JsonText.array().add(j)));
                } else {
                    inv.println("local " + target + " dev lo src " + target + " uid 0 \n    cache <local> ");
                }
                return 0;
            }
            RouteEntry r = ns.lookup(dst);
            if (r == null) {
                return inv.fail(2, "RTNETLINK answers: Network is unreachable");
            }
            if (r.blackhole()) {
                return inv.fail(2, "RTNETLINK answers: Invalid argument");
            }
            Integer src = ns.sourceFor(r, dst);
            if (o.json) {
                ObjectNode j = JsonText.object();
                j.put("dst", target);
                if (r.gateway() != null) {
                    j.put("gateway", Ipv4.format(r.gateway()));
                }
                j.put("dev", r.device().name());
                if (src != null) {
                    j.put("prefsrc", Ipv4.format(src));
                }
                j.putArray("flags");
                j.put("uid", 0);
                j.putArray("cache");
                inv.println(JsonText.compact(JsonText.array().add(j)));
            } else {
                inv.println(target + (r.gateway() != null ? " via " + Ipv4.format(r.gateway()) : "") + " dev "
                        + r.device().name() + (src != null ? " src " + Ipv4.format(src) : "") + " uid 0 \n    cache ");
            }
            return 0;
        }
        if (needsRoot(inv)) {
            return denied(inv);
        }
        boolean add = matches(cmd, "add", 1);
        boolean replace = matches(cmd, "replace", 3) || cmd.equals("change");
        boolean del = matches(cmd, "delete", 1);
        if (!add && !replace && !del) {
            if (matches(cmd, "flush", 1)) {
                ns.removeRoutesIf(r -> true);
                return 0;
            }
            return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"ip route help\".");
        }
        String type = "unicast";
        String dstText = null;
        Integer via = null;
        String dev = null;
        String proto = null;
        String scope = null;
        Integer src = null;
        int metric = 0;
        boolean onlink = false;
        while (!a.isEmpty()) {
            String w = a.remove(0);
            switch (w) {
                case "via" -> via = Ipv4.parse(a.remove(0));
                case "dev", "oif" -> dev = a.remove(0);
                case "proto", "protocol" -> proto = a.remove(0);
                case "scope" -> scope = a.remove(0);
                case "src" -> src = Ipv4.parse(a.remove(0));
                case "metric", "priority", "preference" -> metric = Integer.parseInt(a.remove(0));
                case "onlink" -> onlink = true;
                case "blackhole", "unreachable", "prohibit" -> type = w;
                case "table" -> a.remove(0);
                default -> dstText = w;
            }
        }
        if (dstText == null) {
            return inv.fail(255, "Command line is not complete. Try option \"help\"");
        }
        Cidr dst = dstText.equals("default") ? Cidr.parse("0.0.0.0/0") : Cidr.parse(dstText);
        if (del) {
            if (!ns.deleteRoute(dst)) {
                return inv.fail(2, "RTNETLINK answers: No such process");
            }
            return 0;
        }
        Link out = dev == null ? null : device(inv, ns, dev);
        if (out == null && via != null && type.equals("unicast")) {
            for (RouteEntry r : ns.routes()) {
                if (r.gateway() == null && r.device() != null && r.destination().contains(via)) {
                    out = r.device();
                    break;
                }
            }
            if (out == null) {
                return inv.fail(2, "Error: Nexthop has invalid gateway.");
            }
        }
        if (out == null && type.equals("unicast")) {
            return inv.fail(2, "Error: Device for nexthop is not up.");
        }
        if (scope == null && via == null && type.equals("unicast")) {
            // iproute2 asks for link scope when a unicast route has no gateway
            scope = "link";
        }
        ns.addRoute(new RouteEntry(dst.networkCidr(), via, out, proto, scope, src, type, metric, onlink), replace);
        return 0;
    }

    /** The kernel's local table: each address and, for those with one, its broadcast, by address. */
    private static List<String> localTable(NetNs ns, Link only) {
        record Entry(long key, String text) {}
        List<Entry> entries = new ArrayList<>();
        for (Link l : ns.links()) {
            if (only != null && l != only) {
                continue;
            }
            for (Link.Address ad : l.addresses()) {
                String src = ad.cidr().addressText();
                String dev = only != null ? "" : " dev " + l.name();
                if (l instanceof Loopback && ad.cidr().prefixLength() < 32) {
                    entries.add(new Entry(Integer.toUnsignedLong(ad.cidr().network()), "local " + ad.cidr().networkCidr()
                            + dev + " table local proto kernel scope host src " + src + " "));
                }
                entries.add(new Entry(Integer.toUnsignedLong(ad.cidr().address()), "local " + src + dev
                        + " table local proto kernel scope host src " + src + " "));
                Integer brd = l instanceof Loopback ? Integer.valueOf(ad.cidr().broadcast()) : ad.broadcast();
                if (brd != null) {
                    entries.add(new Entry(Integer.toUnsignedLong(brd), "broadcast " + Ipv4.format(brd) + dev
                            + " table local proto kernel scope link src " + src + " "));
                }
            }
        }
        entries.sort(java.util.Comparator.comparingLong(Entry::key));
        return entries.stream().map(Entry::text).toList();
    }

    /** The IPv6 routes of a VM's devices once their link-local addresses are set: newest device first. */
    private static List<String> ipv6Table(NetNs ns, Link only) {
        List<String> out = new ArrayList<>();
        List<Link> devices = new ArrayList<>(ns.links());
        java.util.Collections.reverse(devices);
        for (Link l : devices) {
            if (!(l instanceof Loopback) && linkLocal(l) != null && (only == null || l == only) && l.running()) {
                out.add("fe80::/64" + (only != null ? "" : " dev " + l.name()) + " proto kernel metric 256 pref medium");
            }
        }
        if (only == null || only instanceof Loopback) {
            out.add("local ::1" + (only != null ? "" : " dev lo") + " table local proto kernel metric 0 pref medium");
        }
        for (Link l : devices) {
            if (!(l instanceof Loopback) && linkLocal(l) != null && (only == null || l == only)) {
                out.add("local " + linkLocal(l) + (only != null ? "" : " dev " + l.name())
                        + " table local proto kernel metric 0 pref medium");
            }
        }
        for (Link l : devices) {
            if (!(l instanceof Loopback) && linkLocal(l) != null && (only == null || l == only) && l.running()) {
                out.add("multicast ff00::/8" + (only != null ? "" : " dev " + l.name())
                        + " table local proto kernel metric 256 pref medium");
            }
        }
        return out;
    }

    /** What `ip route show` was asked to list: iproute2's selectors. */
    private static final class RouteFilter {
        Link dev;
        String proto;
        String table;
        String scope;
        Integer via;
        Cidr root;
        Cidr match;
        Cidr exact;
        String type;

        boolean accepts(RouteEntry r) {
            if (dev != null && r.device() != dev || proto != null && !proto.equals(protocolOf(r))
                    || via != null && !via.equals(r.gateway()) || type != null && !type.equals(r.type())) {
                return false;
            }
            if (scope != null && !scope.equals(r.scope() == null ? "global" : r.scope())) {
                return false;
            }
            Cidr d = r.destination();
            if (exact != null && !(exact.networkCidr().equals(d.networkCidr()))) {
                return false;
            }
            if (root != null && !(d.prefixLength() >= root.prefixLength() && root.contains(d.network()))) {
                return false;
            }
            return match == null || d.prefixLength() <= match.prefixLength() && d.contains(match.network());
        }

        private static String protocolOf(RouteEntry r) {
            return r.protocol() == null ? "boot" : r.protocol();
        }
    }

    static String routeText(RouteEntry r) {
        return routeText(r, false, false, false);
    }

    /** A route as `ip route` prints it; what a filter selected on (device, protocol, type) is left out. */
    static String routeText(RouteEntry r, boolean omitDev, boolean omitProto, boolean omitType) {
        StringBuilder sb = new StringBuilder();
        if (!r.type().equals("unicast") && !omitType) {
            sb.append(r.type()).append(' ');
        }
        sb.append(r.isDefault() ? "default" : r.destination().prefixLength() == 32
                ? r.destination().addressText() : r.destination().toString());
        if (r.gateway() != null) {
            sb.append(" via ").append(Ipv4.format(r.gateway()));
        }
        if (r.device() != null && !omitDev) {
            sb.append(" dev ").append(r.device().name());
        }
        if (r.protocol() != null && !omitProto) {
            sb.append(" proto ").append(r.protocol());
        }
        if (r.scope() != null && !(r.scope().equals("link") && r.gateway() != null)) {
            if (!r.scope().equals("global")) {
                sb.append(" scope ").append(r.scope());
            }
        }
        if (r.preferredSource() != null) {
            sb.append(" src ").append(Ipv4.format(r.preferredSource()));
        }
        if (r.metric() != 0) {
            sb.append(" metric ").append(r.metric());
        }
        if (r.onlink()) {
            sb.append(" onlink");
        }
        if (r.device() != null && !r.device().carrier() && r.device().adminUp()) {
            sb.append(" linkdown");
        }
        sb.append(' ');
        return sb.toString();
    }

    static ObjectNode routeJson(RouteEntry r) {
        ObjectNode j = JsonText.object();
        if (!r.type().equals("unicast")) {
            j.put("type", r.type());
        }
        j.put("dst", r.isDefault() ? "default" : r.destination().prefixLength() == 32
                ? r.destination().addressText() : r.destination().toString());
        if (r.gateway() != null) {
            j.put("gateway", Ipv4.format(r.gateway()));
        }
        if (r.device() != null) {
            j.put("dev", r.device().name());
        }
        if (r.protocol() != null) {
            j.put("protocol", r.protocol());
        }
        if (r.scope() != null && !(r.scope().equals("link") && r.gateway() != null) && !r.scope().equals("global")) {
            j.put("scope", r.scope());
        }
        if (r.preferredSource() != null) {
            j.put("prefsrc", Ipv4.format(r.preferredSource()));
        }
        if (r.metric() != 0) {
            j.put("metric", r.metric());
        }
        ArrayNode flags = j.putArray("flags");
        if (r.onlink()) {
            flags.add("onlink");
        }
        if (r.device() != null && !r.device().carrier() && r.device().adminUp()) {
            flags.add("linkdown");
        }
        return j;
    }

    // ------------------------------------------------------------------ neigh

    private int neigh(Invocation inv, NetNs ns, Options o, List<String> a) throws KernelException {
        String cmd = a.isEmpty() ? "show" : a.remove(0);
        long now = inv.world.clock().now();
        if (matches(cmd, "show", 1) || matches(cmd, "list", 1)) {
            String dev = a.contains("dev") && a.indexOf("dev") + 1 < a.size() ? a.get(a.indexOf("dev") + 1) : null;
            if (dev != null) {
                device(inv, ns, dev);
            }
            List<Neighbour> list = ns.neighbours().stream()
                    .filter(n -> dev == null || n.device().name().equals(dev)).toList();
            if (o.json) {
                ArrayNode arr = JsonText.array();
                for (Neighbour n : list) {
                    ObjectNode j = arr.addObject();
                    j.put("dst", Ipv4.format(n.address()));
                    if (dev == null) {
                        j.put("dev", n.device().name());
                    }
                    if (n.lladdr() != null) {
                        j.put("lladdr", n.lladdr());
                    }
                    j.putArray("state").add(n.stateAt(now).name());
                }
                inv.println(JsonText.compact(arr));
            } else {
                for (Neighbour n : list) {
                    // the device is left out when it was asked for; every line ends in a space
                    inv.println(Ipv4.format(n.address()) + (dev == null ? " dev " + n.device().name() : "")
                            + (n.lladdr() != null ? " lladdr " + n.lladdr() : "") + " " + n.stateAt(now).name() + " ");
                }
            }
            return 0;
        }
        if (needsRoot(inv)) {
            return denied(inv);
        }
        boolean add = matches(cmd, "add", 1);
        boolean replace = matches(cmd, "replace", 3) || cmd.equals("change");
        if (matches(cmd, "flush", 1)) {
            for (Neighbour n : ns.neighbours()) {
                if (n.state() != Neighbour.State.PERMANENT) {
                    ns.deleteNeighbour(n.address(), n.device());
                }
            }
            return 0;
        }
        if (a.isEmpty()) {
            return inv.fail(255, "Device and destination are required arguments.");
        }
        int ip = Ipv4.parse(a.remove(0));
        String dev = null;
        String mac = null;
        Neighbour.State state = Neighbour.State.PERMANENT;
        while (!a.isEmpty()) {
            String w = a.remove(0);
            switch (w) {
                case "dev" -> dev = a.remove(0);
                case "lladdr" -> {
                    String given = a.remove(0);
                    try {
                        mac = Mac.normalize(given);
                    } catch (IllegalArgumentException e) {
                        // iproute2's answer, status 1
                        return inv.fail(1, "\"" + given + "\" is invalid lladdr.");
                    }
                }
                case "nud" -> {
                    String nud = a.remove(0);
                    try {
                        state = Neighbour.State.valueOf(nud.toUpperCase(java.util.Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        return inv.fail(255, "Error: argument \"" + nud + "\" is wrong: nud state is bad\n");
                    }
                }
                default -> { }
            }
        }
        if (dev == null) {
            return inv.fail(255, "Device and destination are required arguments.");
        }
        Link l = device(inv, ns, dev);
        if (matches(cmd, "delete", 1)) {
            if (!ns.deleteNeighbour(ip, l)) {
                return inv.fail(2, "RTNETLINK answers: No such file or directory");
            }
            return 0;
        }
        if (add && ns.neighbour(ip, l) != null) {
            return inv.fail(2, "RTNETLINK answers: File exists");
        }
        if (!add && !replace) {
            return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"ip neigh help\".");
        }
        inv.world.forwarder().neighbours().administered(ns, ns.putNeighbour(ip, l, mac, state, now));
        return 0;
    }

    // ------------------------------------------------------------------ netns

    private int netns(Invocation inv, List<String> a) {
        SimHost host = inv.host;
        String cmd = a.isEmpty() ? "list" : a.remove(0);
        switch (cmd) {
            case "list", "show", "ls" -> {
                List<String> names = new ArrayList<>();
                for (NetNs ns : host.allNamespaces()) {
                    if (ns.kind() == NetNs.Kind.NAMED) {
                        names.add(ns.name());
                    }
                }
                // /run/netns is a tmpfs, which lists the newest entry first
                for (int i = names.size() - 1; i >= 0; i--) {
                    inv.println(names.get(i));
                }
                return 0;
            }
            case "add" -> {
                if (needsRoot(inv)) {
                    return inv.fail(1, "mkdir /run/netns failed: Permission denied");
                }
                if (a.isEmpty()) {
                    return inv.fail(255, "No netns name specified");
                }
                String name = a.remove(0);
                if (host.namespace(name) != null) {
                    return inv.fail(1, "Cannot create namespace file \"/run/netns/" + name + "\": File exists");
                }
                host.addNamespace(new NetNs(name, NetNs.Kind.NAMED, host.name()));
                return 0;
            }
            case "delete", "del" -> {
                if (a.isEmpty()) {
                    return inv.fail(255, "No netns name specified");
                }
                String name = a.remove(0);
                NetNs ns = host.namespace(name);
                if (ns == null || ns.kind() != NetNs.Kind.NAMED) {
                    return inv.fail(1, "Cannot remove namespace file \"/run/netns/" + name + "\": No such file or directory");
                }
                if (needsRoot(inv)) {
                    return inv.fail(1, "Cannot remove namespace file \"/run/netns/" + name + "\": Permission denied");
                }
                host.removeNamespace(name);
                return 0;
            }
            case "exec" -> {
                if (a.size() < 2) {
                    return inv.fail(255, "No netns name specified");
                }
                String name = a.remove(0);
                NetNs ns = host.namespace(name);
                if (ns == null || ns.kind() != NetNs.Kind.NAMED) {
                    return inv.fail(255, "Cannot open network namespace \"" + name + "\": No such file or directory");
                }
                // ip execs the program itself: no shell, no builtins
                if (inv.world.shell().resolveOnHost(host, a.get(0)) == null) {
                    return inv.fail(1, "exec of \"" + a.get(0) + "\" failed: No such file or directory");
                }
                StringBuilder line = new StringBuilder();
                for (String w : a) {
                    line.append(line.length() == 0 ? "" : " ").append(quote(w));
                }
                Shell.Outcome out = inv.world.shell().runInside(new Shell.Context(host, ns, Invocation.Userland.HOST, null,
                        new java.util.LinkedHashMap<>(inv.env), true), line.toString(), inv);
                out.replayInto(inv);
                return out.status();
            }
            default -> {
                return inv.fail(255, "Command \"" + cmd + "\" is unknown, try \"ip netns help\".");
            }
        }
    }

    static String quote(String w) {
        if (w.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    static Optional<Link> find(NetNs ns, String name) {
        return ns.link(name);
    }
}
