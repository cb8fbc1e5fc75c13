/*
 * birdc and birdcl, the clients of the BIRD the Calico node runs, as the Debian bird2 (BIRD
 * 2.0.12) of the netns backend answers them for the same configuration: `show protocols`,
 * `show route` and `show status`. The node's BIRD has the protocols device1, static1 (its /26
 * blocks as blackholes), kernel1 and one BGP session Mesh_<peer> per other Calico node.
 */
package org.overlaylab.simulator.calico;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.text.Times;

public final class BirdProgram implements Program {
    public static final String VERSION = "2.0.12";
    /** Where Debian's bird2 keeps its control socket, and where its clients look for it. */
    public static final String SOCKET = "/run/bird/bird.ctl";

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String name;

    public BirdProgram(String name) {
        this.name = name;
    }

    @Override
    public int run(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        String socket = SOCKET;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String o = a.remove(0);
            if (o.equals("-s") && !a.isEmpty()) {
                socket = a.remove(0);
            } else if (!o.equals("-r") && !o.equals("-v")) {
                return inv.fail(1, "Usage: " + name + " [-s <control-socket>] [-v] [-r] [-l]");
            }
        }
        CalicoNode node = inv.host.calico();
        if (node == null || !node.running() || !socket.equals(SOCKET)) {
            return inv.fail(1, "Unable to connect to server control socket (" + socket + "): No such file or directory");
        }
        if (!inv.root) {
            return inv.fail(1, "Unable to connect to server control socket (" + socket + "): Permission denied");
        }
        if (a.isEmpty()) {
            return inv.fail(1, "'" + name + "' without a command (its interactive prompt) is not simulated here; it runs on"
                    + " the netns and ssh backends");
        }
        String verb = a.get(0);
        String what = a.size() > 1 ? a.get(1) : "";
        if (a.size() == 2 && isWord(verb, "show", 1) && isWord(what, "protocols", 1)) {
            inv.print(ready() + protocols(inv, node));
            return 0;
        }
        if (a.size() == 2 && isWord(verb, "show", 1) && isWord(what, "route", 2)) {
            inv.print(ready() + routes(inv, node));
            return 0;
        }
        if (a.size() == 2 && isWord(verb, "show", 1) && isWord(what, "status", 3)) {
            inv.print(ready() + status(inv, node));
            return 0;
        }
        return inv.fail(1, "'" + name + " " + String.join(" ", a) + "' is not simulated here; it runs on the netns and ssh"
                + " backends");
    }

    /** BIRD's command words may be cut to any unambiguous start. */
    private static boolean isWord(String typed, String word, int shortest) {
        return typed.length() >= shortest && word.startsWith(typed);
    }

    private static String ready() {
        return "BIRD " + VERSION + " ready.\n";
    }

    private static String time(long nanos) {
        return SHORT.format(Times.instant(nanos));
    }

    /** One `show protocols` line: name, protocol, table, state and since in fixed columns, then the info. */
    private static String protocolLine(String name, String proto, String table, String state, long since, String info) {
        return String.format("%-10s %-10s %-10s %-6s %-12s  %s%n", name, proto, table, state, time(since), info);
    }

    private static String protocols(Invocation inv, CalicoNode node) {
        StringBuilder sb = new StringBuilder("Name       Proto      Table      State  Since         Info\n");
        long start = node.startedAt();
        sb.append(protocolLine("device1", "Device", "---", "up", start, ""));
        sb.append(protocolLine("static1", "Static", "master4", "up", start, ""));
        sb.append(protocolLine("kernel1", "Kernel", "master4", "up", start, ""));
        for (CalicoNode.Session s : node.sessions()) {
            String info = s.established() ? String.format("%-14s", "Established")
                    : s.peer().running() ? String.format("%-14s", "Connect")
                    : String.format("%-14s", "Active") + "Socket: Connection refused";
            sb.append(protocolLine(s.protocolName(), "BGP", "---", s.established() ? "up" : "start", s.since(), info));
        }
        return sb.toString();
    }

    private record Route(Cidr net, String text) {}

    /** BIRD walks its table in the order of its FIB hash: the prefix times 2902958171, its length in the top bits. */
    public static long fibHash(Cidr net) {
        long h = (Integer.toUnsignedLong(net.network()) * 2902958171L) & 0xffffffffL;
        return h ^ ((long) net.prefixLength() << 26 & 0xffffffffL);
    }

    private static String routes(Invocation inv, CalicoNode node) {
        List<Route> all = new ArrayList<>();
        for (Cidr block : node.blocks(node)) {
            all.add(new Route(block, String.format("%-20s %s [%s %s]%s%s%n", block, "blackhole", "static1",
                    time(node.startedAt()), " *", " (200)")));
        }
        for (CalicoNode.Session s : node.sessions()) {
            if (!s.established()) {
                continue;
            }
            for (Cidr block : node.blocks(s.peer())) {
                all.add(new Route(block, String.format("%-20s %s [%s %s]%s%s%n\tvia %s on %s%n", block, "unicast",
                        s.protocolName(), time(s.since()), " *", " (100) [i]", Ipv4.format(s.peer().address().address()),
                        node.addressDevice())));
            }
        }
        all.sort(Comparator.comparingLong(r -> fibHash(r.net())));
        StringBuilder sb = new StringBuilder("Table master4:\n");
        all.forEach(r -> sb.append(r.text()));
        return sb.toString();
    }

    private static String status(Invocation inv, CalicoNode node) {
        long now = inv.world.clock().now();
        long reconfigured = node.startedAt();
        for (CalicoNode.Session s : node.sessions()) {
            reconfigured = Math.max(reconfigured, Math.max(node.startedAt(), s.peer().startedAt()));
        }
        return "BIRD " + VERSION + "\n"
                + "Router ID is " + Ipv4.format(node.address().address()) + "\n"
                + "Hostname is " + inv.host.hostname() + "\n"
                + "Current server time is " + Times.calico(now) + "\n"
                + "Last reboot on " + Times.calico(node.startedAt()) + "\n"
                + "Last reconfiguration on " + Times.calico(reconfigured) + "\n"
                + "Daemon is up and running\n";
    }
}
