/*
 * iptables and iptables-save as Debian 12's iptables v1.8.9 (nf_tables) prints them (checked against
 * the real one in a namespace): -L [-n] [-v] [--line-numbers], -S, -A/-I/-D/-P/-F on the filter
 * table's INPUT, FORWARD and OUTPUT with -p tcp/udp/icmp/gre, --sport/--dport, -s/-d, -i/-o, '!',
 * -m statistic --mode random --probability, -j ACCEPT/DROP/REJECT; and -t nat POSTROUTING
 * MASQUERADE, the same list Docker's masquerade rule is in. The rules act in the forwarding engine.
 */
package org.overlaylab.simulator.programs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Netfilter;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;

final class IptablesProgram implements Program {
    static final String VERSION = "iptables v1.8.9 (nf_tables)";
    private static final String TRY = "Try `iptables -h' or 'iptables --help' for more information.";
    private static final List<String> NAT_CHAINS = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
    private static final Map<Integer, String> PROTO_NAMES = Map.of(0, "all", 1, "icmp", 6, "tcp", 17, "udp", 47, "gre");
    /** The few /etc/services names a lab's rules meet. */
    private static final Map<Integer, String> SERVICES = Map.of(22, "ssh", 53, "domain", 80, "http", 443, "https");

    /** A command-line mistake: iptables' message and exit status. */
    private static final class Usage extends Exception {
        final int status;

        Usage(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public int run(Invocation inv) {
        boolean saving = inv.program().endsWith("iptables-save");
        if (!inv.root) {
            return inv.fail(4, (saving ? "iptables-save v1.8.9 (nf_tables)" : VERSION)
                    + ": Could not fetch rule set generation id: Permission denied (you must be root)");
        }
        if (saving) {
            return save(inv);
        }
        try {
            return command(inv, inv.rest());
        } catch (Usage u) {
            return inv.fail(u.status, u.getMessage());
        }
    }

    private static Usage bad(String message) {
        return new Usage(2, VERSION + ": " + message + "\n" + TRY);
    }

    private int command(Invocation inv, List<String> a) throws Usage {
        String table = "filter";
        String op = null;
        String chain = null;
        Integer number = null;
        String policy = null;
        boolean numeric = false;
        boolean verbose = false;
        boolean lineNumbers = false;
        boolean negate = false;
        Netfilter.Rule r = new Netfilter.Rule();
        String proto = null;
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "!" -> {
                    negate = true;
                    continue;
                }
                case "-t", "--table" -> table = arg(a, ++i, w);
                case "-L", "--list", "-S", "--list-rules", "-F", "--flush" -> {
                    op = w.startsWith("--") ? switch (w) { case "--list" -> "-L"; case "--list-rules" -> "-S"; default -> "-F"; } : w;
                    if (i + 1 < a.size() && !a.get(i + 1).startsWith("-")) {
                        chain = a.get(++i);
                    }
                }
                case "-A", "--append", "-I", "--insert", "-D", "--delete" -> {
                    op = w.length() == 2 ? w : switch (w) { case "--append" -> "-A"; case "--insert" -> "-I"; default -> "-D"; };
                    chain = arg(a, ++i, w);
                    if (!op.equals("-A") && i + 1 < a.size() && a.get(i + 1).matches("\\d+")) {
                        number = Integer.parseInt(a.get(++i));
                    }
                }
                case "-P", "--policy" -> {
                    op = "-P";
                    chain = arg(a, ++i, w);
                    policy = arg(a, ++i, w);
                }
                case "-n", "--numeric" -> numeric = true;
                case "-v", "--verbose" -> verbose = true;
                case "--line-numbers" -> lineNumbers = true;
                case "-nv", "-vn" -> {
                    numeric = true;
                    verbose = true;
                }
                case "-p", "--protocol" -> {
                    proto = arg(a, ++i, w);
                    r.proto = protocol(proto);
                    r.invProto = negate;
                }
                case "-s", "--source" -> {
                    r.source = address(arg(a, ++i, w));
                    r.invSource = negate;
                }
                case "-d", "--destination" -> {
                    r.destination = address(arg(a, ++i, w));
                    r.invDestination = negate;
                }
                case "-i", "--in-interface" -> {
                    r.in = arg(a, ++i, w);
                    r.invIn = negate;
                }
                case "-o", "--out-interface" -> {
                    r.out = arg(a, ++i, w);
                    r.invOut = negate;
                }
                case "-m", "--match" -> {
                    String m = arg(a, ++i, w);
                    if (!List.of("tcp", "udp", "icmp", "statistic").contains(m)) {
                        throw bad("Couldn't load match `" + m + "':No such file or directory");
                    }
                }
                case "--dport", "--destination-port", "--sport", "--source-port" -> {
                    if (r.proto == null || (r.proto != 6 && r.proto != 17)) {
                        throw bad("unknown option \"" + w + "\"");
                    }
                    String v = arg(a, ++i, w);
                    int port = port(v);
                    if (w.contains("d")) {
                        r.dport = port;
                    } else {
                        r.sport = port;
                    }
                }
                case "--mode" -> {
                    String m = arg(a, ++i, w);
                    if (!m.equals("random")) {
                        throw bad("statistic: Bad value for \"--mode\" option: \"" + m + "\"");
                    }
                }
                case "--probability" -> {
                    String v = arg(a, ++i, w);
                    double p;
                    try {
                        p = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        p = -1;
                    }
                    if (p < 0 || p > 1) {
                        throw new Usage(2, VERSION + ": statistic: bad value for option \"--probability\", or out of range (0-1).\n\n" + TRY);
                    }
                    r.probability = Math.round(0x80000000L * p);
                }
                case "-j", "--jump" -> {
                    r.target = arg(a, ++i, w);
                    if (!List.of("ACCEPT", "DROP", "REJECT", "MASQUERADE", "RETURN").contains(r.target)) {
                        throw bad("Chain '" + r.target + "' does not exist");
                    }
                    if (r.target.equals("REJECT")) {
                        r.rejectWith = "icmp-port-unreachable";
                    }
                }
                case "--reject-with" -> {
                    String v = arg(a, ++i, w);
                    if (!List.of("icmp-port-unreachable", "icmp-host-unreachable", "icmp-net-unreachable",
                            "icmp-admin-prohibited").contains(v)) {
                        throw bad("unknown reject type \"" + v + "\"");
                    }
                    r.rejectWith = v;
                }
                default -> throw bad("unknown option \"" + w + "\"");
            }
            negate = false;
        }
        if (!table.equals("filter") && !table.equals("nat")) {
            return inv.fail(3, VERSION + ": can't initialize iptables table `" + table
                    + "': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.");
        }
        if (op == null) {
            throw bad("no command specified");
        }
        NetNs ns = inv.ns;
        List<String> chains = table.equals("nat") ? NAT_CHAINS : Netfilter.FILTER_CHAINS;
        if (chain != null && !chains.contains(chain)) {
            if (op.equals("-L") || op.equals("-S") || op.equals("-F")) {
                return inv.fail(1, "iptables: No chain/target/match by that name.");
            }
            return inv.fail(1, "iptables: No chain/target/match by that name.");
        }
        if (table.equals("nat")) {
            return nat(inv, op, chain, number, r, numeric, verbose, lineNumbers);
        }
        if (r.target != null && r.target.equals("MASQUERADE")) {
            return inv.fail(1, "iptables: No chain/target/match by that name.");
        }
        Netfilter nf = ns.netfilter();
        switch (op) {
            case "-L" -> list(inv, nf, chain, numeric, verbose, lineNumbers);
            case "-S" -> listRules(inv, nf, chain);
            case "-F" -> {
                for (String c : chains) {
                    if (chain == null || chain.equals(c)) {
                        nf.chain(c).rules.clear();
                    }
                }
            }
            case "-P" -> {
                if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
                    throw bad("Bad policy name. Run `dmesg' for more information.");
                }
                nf.chain(chain).policy = policy;
            }
            case "-A" -> nf.chain(chain).rules.add(r);
            case "-I" -> {
                List<Netfilter.Rule> rules = nf.chain(chain).rules;
                int at = number == null ? 1 : number;
                if (at < 1 || at > rules.size() + 1) {
                    return inv.fail(1, "iptables: Index of insertion too big.");
                }
                rules.add(at - 1, r);
            }
            case "-D" -> {
                List<Netfilter.Rule> rules = nf.chain(chain).rules;
                if (number != null) {
                    if (number < 1 || number > rules.size()) {
                        return inv.fail(1, "iptables: Index of deletion too big.");
                    }
                    rules.remove(number - 1);
                } else if (!rules.removeIf(new java.util.function.Predicate<>() {
                    private boolean done;

                    @Override
                    public boolean test(Netfilter.Rule x) {
                        if (!done && x.sameAs(r)) {
                            done = true;
                            return true;
                        }
                        return false;
                    }
                })) {
                    return inv.fail(1, "iptables: Bad rule (does a matching rule exist in that chain?).");
                }
            }
            default -> throw bad("unknown option \"" + op + "\"");
        }
        return 0;
    }

    private static String arg(List<String> a, int i, String option) throws Usage {
        if (i >= a.size()) {
            throw bad("option \"" + option + "\" requires an argument");
        }
        return a.get(i);
    }

    private static Integer protocol(String p) throws Usage {
        switch (p.toLowerCase(Locale.ROOT)) {
            case "all", "0" -> {
                return null;
            }
            case "icmp", "1" -> {
                return 1;
            }
            case "tcp", "6" -> {
                return 6;
            }
            case "udp", "17" -> {
                return 17;
            }
            case "gre", "47" -> {
                return 47;
            }
            default -> throw bad("unknown protocol \"" + p + "\" specified");
        }
    }

    private static Cidr address(String text) throws Usage {
        try {
            Cidr c = text.contains("/") ? Cidr.parse(text) : Cidr.parse(text + "/32");
            return new Cidr(c.address() & c.mask(), c.prefixLength());
        } catch (RuntimeException e) {
            throw bad("host/network `" + text + "' not found");
        }
    }

    private static int port(String v) throws Usage {
        for (Map.Entry<Integer, String> e : SERVICES.entrySet()) {
            if (e.getValue().equals(v)) {
                return e.getKey();
            }
        }
        try {
            int p = Integer.parseInt(v);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw bad("invalid port/service `" + v + "' specified");
    }

    // ------------------------------------------------------------------ listing

    private static void list(Invocation inv, Netfilter nf, String only, boolean numeric, boolean verbose, boolean lineNumbers) {
        boolean first = true;
        for (String c : Netfilter.FILTER_CHAINS) {
            if (only != null && !only.equals(c)) {
                continue;
            }
            if (!first) {
                inv.println("");
            }
            first = false;
            Netfilter.Chain ch = nf.chain(c);
            printChain(inv, c, ch.policy, ch.packets, ch.bytes, ch.rules, numeric, verbose, lineNumbers);
        }
    }

    private static void printChain(Invocation inv, String name, String policy, long packets, long bytes,
                                   List<Netfilter.Rule> rules, boolean numeric, boolean verbose, boolean lineNumbers) {
        StringBuilder sb = new StringBuilder();
        sb.append("Chain ").append(name).append(" (policy ").append(policy);
        if (verbose) {
            sb.append(' ').append(packets).append(" packets, ").append(bytes).append(" bytes");
        }
        sb.append(")\n");
        if (lineNumbers) {
            sb.append(String.format("%-4s ", "num"));
        }
        if (verbose) {
            sb.append(String.format("%5s %5s ", "pkts", "bytes"));
        }
        // the columns line up with the rows below: each '!' position is a space here
        sb.append(String.format("%-9s  %-5s", "target", "prot")).append("opt ");
        if (verbose) {
            sb.append(String.format("%-6s %-6s  ", "in", "out"));
        }
        sb.append(String.format("%-19s  %-19s ", "source", "destination")).append('\n');
        int n = 1;
        for (Netfilter.Rule r : rules) {
            if (lineNumbers) {
                sb.append(String.format("%-4d ", n++));
            }
            if (verbose) {
                sb.append(count(r.packets)).append(count(r.bytes));
            }
            sb.append(String.format("%-9s ", r.target == null ? "" : r.target));
            sb.append(r.invProto ? '!' : ' ');
            int proto = r.proto == null ? 0 : r.proto;
            sb.append(String.format("%-5s", numeric ? String.valueOf(proto) : PROTO_NAMES.get(proto)));
            sb.append("-- ");
            if (verbose) {
                sb.append(' ').append(String.format("%-6s ", iface(r.in, r.invIn)));
                sb.append(String.format("%-6s ", iface(r.out, r.invOut)));
            }
            sb.append(r.invSource ? '!' : ' ').append(String.format("%-19s ", shown(r.source, numeric)));
            sb.append(r.invDestination ? '!' : ' ').append(String.format("%-19s ", shown(r.destination, numeric)));
            sb.append(extras(r, numeric)).append('\n');
        }
        inv.print(sb.toString());
    }

    /** xtables_print_num: up to 99999 as is, then K, M, G with the number cut down. */
    private static String count(long v) {
        if (v <= 99999) {
            return String.format("%5d ", v);
        }
        String[] units = {"K", "M", "G", "T"};
        for (String u : units) {
            v /= 1000;
            if (v <= 9999) {
                return String.format("%4d%s ", v, u);
            }
        }
        return String.format("%4dT ", v);
    }

    private static String iface(String name, boolean inv) {
        return name == null ? "*" : (inv ? "!" : "") + name;
    }

    private static String shown(Cidr c, boolean numeric) {
        if (c == null || c.prefixLength() == 0 && c.address() == 0) {
            return numeric ? "0.0.0.0/0" : "anywhere";
        }
        return c.prefixLength() == 32 ? Ipv4.format(c.address()) : Ipv4.format(c.address()) + "/" + c.prefixLength();
    }

    private static String extras(Netfilter.Rule r, boolean numeric) {
        StringBuilder sb = new StringBuilder();
        if (r.proto != null && (r.proto == 6 || r.proto == 17) && (r.sport != null || r.dport != null)) {
            sb.append(' ').append(r.proto == 6 ? "tcp" : "udp");
            if (r.sport != null) {
                sb.append(" spt:").append(portName(r.sport, numeric));
            }
            if (r.dport != null) {
                sb.append(" dpt:").append(portName(r.dport, numeric));
            }
        }
        if (r.probability != null) {
            sb.append(" statistic mode random probability ").append(probability(r.probability));
        }
        if (r.rejectWith != null) {
            sb.append(" reject-with ").append(r.rejectWith);
        }
        return sb.toString();
    }

    private static String portName(int port, boolean numeric) {
        return numeric ? String.valueOf(port) : SERVICES.getOrDefault(port, String.valueOf(port));
    }

    /** xt_statistic prints the kernel's fraction of 2^31 with 11 decimals. */
    static String probability(long p) {
        return String.format(Locale.ROOT, "%.11f", p / (double) 0x80000000L);
    }

    private static void listRules(Invocation inv, Netfilter nf, String only) {
        StringBuilder sb = new StringBuilder();
        for (String c : Netfilter.FILTER_CHAINS) {
            if (only == null || only.equals(c)) {
                sb.append("-P ").append(c).append(' ').append(nf.chain(c).policy).append('\n');
            }
        }
        for (String c : Netfilter.FILTER_CHAINS) {
            if (only == null || only.equals(c)) {
                for (Netfilter.Rule r : nf.chain(c).rules) {
                    sb.append("-A ").append(c).append(spec(r)).append('\n');
                }
            }
        }
        inv.print(sb.toString());
    }

    /** A rule as -S and iptables-save write it. */
    static String spec(Netfilter.Rule r) {
        StringBuilder sb = new StringBuilder();
        if (r.source != null) {
            sb.append(r.invSource ? " ! -s " : " -s ").append(r.source);
        }
        if (r.destination != null) {
            sb.append(r.invDestination ? " ! -d " : " -d ").append(r.destination);
        }
        if (r.in != null) {
            sb.append(r.invIn ? " ! -i " : " -i ").append(r.in);
        }
        if (r.out != null) {
            sb.append(r.invOut ? " ! -o " : " -o ").append(r.out);
        }
        if (r.proto != null) {
            sb.append(r.invProto ? " ! -p " : " -p ").append(PROTO_NAMES.get(r.proto));
        }
        if (r.sport != null || r.dport != null) {
            String m = r.proto == 6 ? "tcp" : "udp";
            sb.append(" -m ").append(m);
            if (r.sport != null) {
                sb.append(" --sport ").append(r.sport);
            }
            if (r.dport != null) {
                sb.append(" --dport ").append(r.dport);
            }
        }
        if (r.probability != null) {
            sb.append(" -m statistic --mode random --probability ").append(probability(r.probability));
        }
        if (r.target != null) {
            sb.append(" -j ").append(r.target);
        }
        if (r.rejectWith != null) {
            sb.append(" --reject-with ").append(r.rejectWith);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ nat

    private static Netfilter.Rule asRule(NetNs.Masquerade m) {
        Netfilter.Rule r = new Netfilter.Rule();
        r.source = m.source();
        if (m.notDestination() != null) {
            r.destination = m.notDestination();
            r.invDestination = true;
        }
        if (m.outDevice() != null) {
            r.out = m.outDevice();
        } else if (m.notOutDevice() != null) {
            r.out = m.notOutDevice();
            r.invOut = true;
        }
        r.target = "MASQUERADE";
        return r;
    }

    private static NetNs.Masquerade asMasquerade(Netfilter.Rule r) {
        Cidr src = r.source == null ? new Cidr(0, 0) : r.source;
        return new NetNs.Masquerade(src, r.invOut ? null : r.out, r.invOut ? r.out : null,
                r.invDestination ? r.destination : null);
    }

    private int nat(Invocation inv, String op, String chain, Integer number, Netfilter.Rule r, boolean numeric,
                    boolean verbose, boolean lineNumbers) {
        NetNs ns = inv.ns;
        List<NetNs.Masquerade> masq = ns.masquerade();
        switch (op) {
            case "-L" -> {
                boolean first = true;
                for (String c : NAT_CHAINS) {
                    if (chain != null && !chain.equals(c)) {
                        continue;
                    }
                    if (!first) {
                        inv.println("");
                    }
                    first = false;
                    List<Netfilter.Rule> rules = c.equals("POSTROUTING") ? masq.stream().map(IptablesProgram::asRule).toList()
                            : List.of();
                    printChain(inv, c, "ACCEPT", 0, 0, rules, numeric, verbose, lineNumbers);
                }
            }
            case "-S" -> {
                for (String c : NAT_CHAINS) {
                    if (chain == null || chain.equals(c)) {
                        inv.println("-P " + c + " ACCEPT");
                    }
                }
                if (chain == null || chain.equals("POSTROUTING")) {
                    masq.forEach(m -> inv.println("-A POSTROUTING" + spec(asRule(m))));
                }
            }
            case "-A", "-I" -> {
                if (!chain.equals("POSTROUTING") || !"MASQUERADE".equals(r.target) || r.proto != null) {
                    inv.note("the simulator's nat table holds POSTROUTING MASQUERADE rules only");
                    return inv.fail(1, "iptables: No chain/target/match by that name.");
                }
                ns.addMasquerade(asMasquerade(r));
            }
            case "-D" -> {
                if (number != null) {
                    if (!chain.equals("POSTROUTING") || number < 1 || number > masq.size()) {
                        return inv.fail(1, "iptables: Index of deletion too big.");
                    }
                    ns.removeMasquerade(masq.get(number - 1));
                } else if (!ns.removeMasquerade(asMasquerade(r))) {
                    return inv.fail(1, "iptables: Bad rule (does a matching rule exist in that chain?).");
                }
            }
            case "-F" -> {
                if (chain == null || chain.equals("POSTROUTING")) {
                    new ArrayList<>(masq).forEach(ns::removeMasquerade);
                }
            }
            default -> {
                return inv.fail(1, "iptables: No chain/target/match by that name.");
            }
        }
        if (inv.host.docker() != null && (op.equals("-L") || op.equals("-S"))) {
            inv.note("the simulator models the nat table's MASQUERADE rules only, not Docker's DOCKER chains");
        }
        return 0;
    }

    // ------------------------------------------------------------------ iptables-save

    private static int save(Invocation inv) {
        NetNs ns = inv.ns;
        String when = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
                .format(Instant.ofEpochSecond(inv.world.clock().now() / 1_000_000_000L).atOffset(ZoneOffset.UTC));
        StringBuilder sb = new StringBuilder();
        Netfilter nf = ns.netfilter();
        if (!nf.empty()) {
            sb.append("# Generated by iptables-save v1.8.9 (nf_tables) on ").append(when).append('\n');
            sb.append("*filter\n");
            for (String c : Netfilter.FILTER_CHAINS) {
                Netfilter.Chain ch = nf.chain(c);
                sb.append(':').append(c).append(' ').append(ch.policy).append(" [").append(ch.packets).append(':')
                        .append(ch.bytes).append("]\n");
            }
            for (String c : Netfilter.FILTER_CHAINS) {
                for (Netfilter.Rule r : nf.chain(c).rules) {
                    sb.append("-A ").append(c).append(spec(r)).append('\n');
                }
            }
            sb.append("COMMIT\n# Completed on ").append(when).append('\n');
        }
        if (!ns.masquerade().isEmpty()) {
            sb.append("# Generated by iptables-save v1.8.9 (nf_tables) on ").append(when).append('\n');
            sb.append("*nat\n");
            for (String c : NAT_CHAINS) {
                sb.append(':').append(c).append(" ACCEPT [0:0]\n");
            }
            ns.masquerade().forEach(m -> sb.append("-A POSTROUTING").append(spec(asRule(m))).append('\n'));
            sb.append("COMMIT\n# Completed on ").append(when).append('\n');
        }
        inv.print(sb.toString());
        if (inv.host.docker() != null) {
            inv.note("the simulator models the nat table's MASQUERADE rules only, not Docker's DOCKER chains");
        }
        return 0;
    }
}
