/*
 * What a student reads the kernel's state with besides ip: `arp -n`, `netstat -rn`/`-tuln`, `ss`
 * (the sockets of the daemons the lab started: etcd, dockerd, Docker's gossip and VXLAN port,
 * flannel's VXLAN port, BIRD), `sysctl` and the /proc files behind them (/proc/sys/net/...,
 * /proc/net/arp), printed as net-tools 2.10, iproute2 6.1 and procps 4 on Debian 12 print them.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.simulator.etcd.EtcdMember;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.world.SimHost;

public final class NetStatus {
    private NetStatus() {}

    static void register(Map<String, Program> r) {
        r.put("arp", NetStatus::arp);
        r.put("netstat", NetStatus::netstat);
        r.put("ss", NetStatus::ss);
        r.put("sysctl", NetStatus::sysctl);
    }

    // ------------------------------------------------------------------ arp

    private static int arp(Invocation inv) {
        String device = null;
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("-i") && i + 1 < a.size()) {
                device = a.get(++i);
            } else if (!w.equals("-n") && !w.equals("-a") && !w.equals("-e")) {
                return inv.fail(1, "'arp " + String.join(" ", a) + "' is not simulated here; it runs on the netns and ssh backends");
            }
        }
        long now = inv.world.clock().now();
        List<String> rows = new ArrayList<>();
        for (Neighbour n : inv.ns.neighbours()) {
            if (device != null && !n.device().name().equals(device)) {
                continue;
            }
            Neighbour.State st = n.stateAt(now);
            String ip = Ipv4.format(n.address());
            if (st == Neighbour.State.INCOMPLETE || st == Neighbour.State.FAILED || n.lladdr() == null) {
                rows.add(String.format("%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s", ip, "", "(incomplete)", "", "",
                        n.device().name()));
                continue;
            }
            String flags = st == Neighbour.State.PERMANENT || st == Neighbour.State.NOARP ? "CM" : "C";
            rows.add(String.format("%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s", ip, "ether", n.lladdr(), flags, "",
                    n.device().name()));
        }
        if (rows.isEmpty()) {
            if (device != null) {
                inv.println("arp: in 0 entries no match found.");
            }
            return 0;
        }
        inv.println("Address                  HWtype  HWaddress           Flags Mask            Iface");
        rows.forEach(inv::println);
        return 0;
    }

    /** The kernel's /proc/net/arp of a namespace. */
    public static String procNetArp(NetNs ns, long now) {
        StringBuilder sb = new StringBuilder("IP address       HW type     Flags       HW address            Mask     Device\n");
        for (Neighbour n : ns.neighbours()) {
            Neighbour.State st = n.stateAt(now);
            int flags = st == Neighbour.State.PERMANENT ? 0x6 : n.lladdr() == null
                    || st == Neighbour.State.INCOMPLETE || st == Neighbour.State.FAILED ? 0x0 : 0x2;
            sb.append(String.format("%-16s 0x%-10x0x%-10x%s     *        %s%n", Ipv4.format(n.address()), 1, flags,
                    n.lladdr() == null ? "00:00:00:00:00:00" : n.lladdr(), n.device().name()));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ netstat

    private static int netstat(Invocation inv) {
        String opts = String.join("", inv.rest()).replace("-", "");
        if (opts.contains("r")) {
            inv.println("Kernel IP routing table");
            inv.println("Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface");
            for (RouteEntry r : inv.ns.routes()) {
                if (r.device() == null && !r.blackhole()) {
                    continue;
                }
                inv.println(String.format("%-15s %-15s %-15s %-5s %5d %-6d %5d %s", r.destination().networkText(),
                        r.gateway() == null ? "0.0.0.0" : Ipv4.format(r.gateway()),
                        Ipv4.maskText(r.destination().prefixLength()), routeFlags(r), 0, 0, 0,
                        r.device() == null ? "*" : r.device().name()));
            }
            return 0;
        }
        if (opts.contains("l") && (opts.contains("t") || opts.contains("u"))) {
            inv.println("Active Internet connections (only servers)");
            inv.println("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
            for (Socket s : sockets(inv)) {
                if (s.tcp() ? !opts.contains("t") : !opts.contains("u")) {
                    continue;
                }
                boolean v6 = s.address().equals("*");
                String proto = (s.tcp() ? "tcp" : "udp") + (v6 ? "6" : "");
                String local = (v6 ? ":::" : s.address() + ":") + s.port();
                String foreign = v6 ? ":::*" : "0.0.0.0:*";
                inv.println(String.format("%-5s %6d %6d %-23s %-23s %-11s", proto, 0, 0, local, foreign,
                        s.tcp() ? "LISTEN" : "").stripTrailing() + (s.tcp() ? "     " : ""));
            }
            return 0;
        }
        return inv.fail(1, "'netstat " + String.join(" ", inv.rest())
                + "' is not simulated here; it runs on the netns and ssh backends");
    }

    static String routeFlags(RouteEntry r) {
        return "U" + (r.gateway() != null ? "G" : "") + (r.destination().prefixLength() == 32 && !r.blackhole() ? "H" : "");
    }

    // ------------------------------------------------------------------ ss

    /** A listening socket of a simulated daemon: TCP or UDP, local address ("*" for any, v4 and v6), port. */
    record Socket(boolean tcp, String address, int port, String process, int pid, int backlog) {}

    /** The listening sockets of the daemons running in this namespace, in the order the kernel lists them. */
    static List<Socket> sockets(Invocation inv) {
        List<Socket> out = new ArrayList<>();
        if (inv.ns != inv.host.root()) {
            return out;
        }
        SimHost host = inv.host;
        EtcdMember etcd = host.etcd();
        if (etcd != null && etcd.running()) {
            List<String> listen = new ArrayList<>(etcd.listenClientUrls());
            for (String url : etcd.listenClientUrls()) {
                if (url.contains("127.0.0.1")) {
                    continue;
                }
                out.add(socketOf(url, "etcd", etcd.pid()));
                listen.remove(url);
                break;
            }
            for (String url : etcd.peerUrls()) {
                out.add(socketOf(url, "etcd", etcd.pid()));
            }
            for (String url : listen) {
                out.add(socketOf(url, "etcd", etcd.pid()));
            }
        }
        var docker = host.docker();
        if (docker != null && docker.running()) {
            if (docker.config().clusterStore() != null) {
                out.add(new Socket(true, docker.advertiseIp(), 7946, "dockerd", docker.pid(), 4096));
            }
            // swarm mode: a manager serves Raft and its API on 2377; every node gossips on 7946, on every address
            if (docker.swarmManager()) {
                out.add(new Socket(true, "*", 2377, "dockerd", docker.pid(), 4096));
            }
            if (docker.swarmNode() != null) {
                out.add(new Socket(true, "*", 7946, "dockerd", docker.pid(), 4096));
            }
            for (String h : docker.config().hosts()) {
                if (h.startsWith("tcp://")) {
                    String hp = h.substring(6);
                    String addr = hp.substring(0, hp.lastIndexOf(':'));
                    out.add(new Socket(true, addr.equals("0.0.0.0") || addr.isEmpty() ? "*" : addr,
                            Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1)), "dockerd", docker.pid(), 4096));
                }
            }
        }
        var calico = host.calico();
        if (calico != null && calico.running()) {
            out.add(new Socket(true, "0.0.0.0", 179, "bird", 0, 8));
        }
        // UDP: the kernel's VXLAN sockets, then the daemons'
        boolean overlay = host.allNamespaces().stream().anyMatch(n -> n.kind() == NetNs.Kind.OVERLAY);
        if (overlay) {
            out.add(new Socket(false, "0.0.0.0", Encapsulations.VXLAN_PORT, null, 0, 0));
        }
        for (Link l : inv.ns.links()) {
            if (l instanceof Vxlan v && out.stream().noneMatch(s -> !s.tcp() && s.port() == v.dstPort())) {
                out.add(new Socket(false, "0.0.0.0", v.dstPort(), null, 0, 0));
            }
        }
        if (docker != null && docker.running() && docker.config().clusterStore() != null) {
            out.add(new Socket(false, docker.advertiseIp(), 7946, "dockerd", docker.pid(), 0));
        }
        if (docker != null && docker.running() && docker.swarmNode() != null) {
            out.add(new Socket(false, "*", 7946, "dockerd", docker.pid(), 0));
        }
        return out;
    }

    private static Socket socketOf(String url, String process, int pid) {
        String hp = url.replaceFirst("^[a-z]+://", "");
        int colon = hp.lastIndexOf(':');
        return new Socket(true, hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)), process, pid, 4096);
    }

    private static int ss(Invocation inv) {
        boolean tcp = false;
        boolean udp = false;
        boolean listening = false;
        boolean processes = false;
        for (String w : inv.rest()) {
            if (!w.startsWith("-") || w.startsWith("--")) {
                return inv.fail(1, "'ss " + String.join(" ", inv.rest())
                        + "' is not simulated here; it runs on the netns and ssh backends");
            }
            for (char c : w.substring(1).toCharArray()) {
                switch (c) {
                    case 't' -> tcp = true;
                    case 'u' -> udp = true;
                    case 'l' -> listening = true;
                    case 'p' -> processes = true;
                    case 'n' -> { }
                    default -> {
                        return inv.fail(1, "'ss " + String.join(" ", inv.rest())
                                + "' is not simulated here; it runs on the netns and ssh backends");
                    }
                }
            }
        }
        if (!listening || (!tcp && !udp)) {
            return inv.fail(1, "'ss " + String.join(" ", inv.rest())
                    + "' is not simulated here (only listening sockets: ss -tln, -uln, -tuln); it runs on the netns and ssh backends");
        }
        boolean both = tcp && udp;
        List<String[]> rows = new ArrayList<>();
        // ss dumps UDP sockets before TCP ones
        List<Socket> ordered = new ArrayList<>(sockets(inv));
        ordered.sort(java.util.Comparator.comparing(Socket::tcp));
        for (Socket s : ordered) {
            if (s.tcp() ? !tcp : !udp) {
                continue;
            }
            String process = processes && s.process() != null && inv.root
                    ? "users:((\"" + s.process() + "\",pid=" + s.pid() + ",fd=" + 3 + "))" : "";
            rows.add(new String[] {s.tcp() ? "tcp" : "udp", s.tcp() ? "LISTEN" : "UNCONN", "0",
                    String.valueOf(s.tcp() ? s.backlog() : 0), s.address(), String.valueOf(s.port()),
                    s.address().equals("*") ? "*" : "0.0.0.0", "*", process});
        }
        // ss sizes each column to its widest cell, the header's included
        String[] header = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address", "Port", "Peer Address", "Port", "Process"};
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, w, both);
        for (String[] r : rows) {
            appendRow(sb, r, w, both);
        }
        inv.print(sb.toString());
        return 0;
    }

    private static void appendRow(StringBuilder sb, String[] c, int[] w, boolean withNetid) {
        if (withNetid) {
            sb.append(pad(c[0], w[0])).append(' ');
        }
        sb.append(pad(c[1], w[1])).append(' ').append(pad(c[2], w[2])).append(' ').append(pad(c[3], w[3])).append(' ')
                .append(" ".repeat(w[4] - c[4].length())).append(c[4]).append(':').append(pad(c[5], w[5])).append(' ')
                .append(" ".repeat(w[6] - c[6].length())).append(c[6]).append(':').append(pad(c[7], w[7]))
                .append(pad(c[8], w[8])).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    // ------------------------------------------------------------------ sysctl and /proc/sys

    /** The value of a /proc/sys/net file the simulator models, or null. */
    public static String procSys(NetNs ns, String path) {
        String key = path.replaceFirst("^/proc/sys/", "");
        if (key.equals("net/ipv4/ip_forward")) {
            return ns.ipForward() ? "1" : "0";
        }
        String[] parts = key.split("/");
        if (parts.length == 5 && parts[0].equals("net") && parts[1].equals("ipv4") && parts[2].equals("conf")) {
            String dev = parts[3];
            if (!dev.equals("all") && !dev.equals("default") && ns.link(dev).isEmpty()) {
                return null;
            }
            return switch (parts[4]) {
                case "forwarding" -> ns.ipForward() ? "1" : "0";
                case "proxy_arp" -> ns.link(dev).map(l -> ns.proxyArp(l) ? "1" : "0").orElse("0");
                case "rp_filter" -> dev.equals("default") || dev.equals("all") ? "2" : "0";
                default -> null;
            };
        }
        return null;
    }

    /** Writes a modelled /proc/sys/net value; false when the key is not modelled. */
    public static boolean writeProcSys(NetNs ns, String path, String value) {
        String key = path.replaceFirst("^/proc/sys/", "");
        boolean on = value.strip().equals("1");
        if (key.equals("net/ipv4/ip_forward") || key.equals("net/ipv4/conf/all/forwarding")) {
            ns.setIpForward(on);
            return true;
        }
        String[] parts = key.split("/");
        if (parts.length == 5 && parts[2].equals("conf") && parts[4].equals("proxy_arp")) {
            var l = ns.link(parts[3]);
            if (l.isPresent()) {
                ns.setProxyArp(l.get(), on);
                return true;
            }
        }
        return false;
    }

    /** A key naming a device that is not there does not exist; any other key is one the simulator does not model. */
    private static String unknownKey(NetNs ns, String key, String path) {
        String[] parts = key.split("\\.");
        boolean noDevice = parts.length >= 4 && parts[2].equals("conf") && !parts[3].equals("all")
                && !parts[3].equals("default") && ns.link(parts[3]).isEmpty();
        return noDevice ? "sysctl: cannot stat " + path + ": No such file or directory"
                : "sysctl: " + key + " is not simulated here; it runs on the netns and ssh backends";
    }

    private static int sysctl(Invocation inv) {
        boolean valuesOnly = false;
        boolean write = false;
        List<String> keys = new ArrayList<>();
        for (String w : inv.rest()) {
            switch (w) {
                case "-n", "--values" -> valuesOnly = true;
                case "-w", "--write" -> write = true;
                case "-q" -> { }
                default -> {
                    if (w.startsWith("-")) {
                        return inv.fail(1, "'sysctl " + w + "' is not simulated here; it runs on the netns and ssh backends");
                    }
                    keys.add(w);
                }
            }
        }
        if (keys.isEmpty()) {
            return inv.fail(1, "'sysctl' without a key is not simulated here; it runs on the netns and ssh backends");
        }
        int status = 0;
        for (String k : keys) {
            int eq = k.indexOf('=');
            String key = (eq < 0 ? k : k.substring(0, eq)).replace('/', '.');
            String path = "/proc/sys/" + key.replace('.', '/');
            if (!key.startsWith("net.")) {
                status = inv.fail(1, "sysctl: " + key + " is not simulated here; it runs on the netns and ssh backends");
                continue;
            }
            if (eq >= 0 || write) {
                if (eq < 0) {
                    status = inv.fail(1, "sysctl: \"" + key + "\" must be of the form name=value");
                    continue;
                }
                String value = k.substring(eq + 1);
                if (procSys(inv.ns, path) == null) {
                    status = inv.fail(1, unknownKey(inv.ns, key, path));
                    continue;
                }
                if (!inv.root) {
                    status = inv.fail(1, "sysctl: permission denied on key \"" + key + "\"");
                    continue;
                }
                writeProcSys(inv.ns, path, value);
                inv.println(valuesOnly ? value : key + " = " + value);
                continue;
            }
            String value = procSys(inv.ns, path);
            if (value == null) {
                status = inv.fail(1, unknownKey(inv.ns, key, path));
                continue;
            }
            inv.println(valuesOnly ? value : key + " = " + value);
        }
        return status;
    }
}
