/*
 * ovs-vsctl of Open vSwitch 2.5: one transaction per invocation, commands separated by "--"
 * (add-br, del-br, list-br, br-exists, add-port, del-port, list-ports, list-ifaces, port-to-br,
 * iface-to-br, set, get, list, show), with the messages and the `show` tree of that release
 * (names with digits are quoted). get and list read the columns the simulator keeps (name, type,
 * options, ofport, datapath_type); other columns are said to run on the real backends.
 */
package org.overlaylab.simulator.ovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;

public final class OvsVsctl implements Program {

    @Override
    public int run(Invocation inv) {
        OvsSwitch ovs = inv.host.ovs();
        List<String> args = new ArrayList<>(inv.rest());
        boolean mayExist = false;
        boolean ifExists = false;
        List<String> columns = null;
        while (!args.isEmpty() && args.get(0).startsWith("--") && !args.get(0).equals("--")) {
            String o = args.remove(0);
            if (o.equals("--version") || o.equals("-V")) {
                inv.println("ovs-vsctl (Open vSwitch) " + OvsSwitch.VERSION + "\nCompiled Oct 17 2017 16:38:57\nDB Schema 7.12.1");
                return 0;
            }
            if (o.startsWith("--columns=")) {
                columns = List.of(o.substring(10).split(","));
            }
            mayExist |= o.equals("--may-exist");
            ifExists |= o.equals("--if-exists");
        }
        if (ovs == null) {
            return inv.fail(1, "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (No such file or directory)");
        }
        if (!inv.root) {
            return inv.fail(1, "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (Permission denied)");
        }
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--")) {
                if (!current.isEmpty()) {
                    commands.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(a);
            }
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        if (commands.isEmpty()) {
            return inv.fail(1, "ovs-vsctl: missing command name (use --help for help)");
        }
        // validate the whole transaction before changing anything, as ovsdb commits all or nothing
        for (List<String> c : commands) {
            String problem = check(ovs, c, mayExist, ifExists, commands);
            if (problem != null) {
                return inv.fail(1, "ovs-vsctl: " + problem);
            }
        }
        for (List<String> c : commands) {
            String problem = checkRead(ovs, c, columns);
            if (problem != null) {
                return inv.fail(1, problem.startsWith("'") ? problem : "ovs-vsctl: " + problem);
            }
        }
        List<String> setupErrors = new ArrayList<>();
        int status = 0;
        for (List<String> c : commands) {
            status = Math.max(status, apply(inv, ovs, c, mayExist, ifExists, setupErrors, columns));
        }
        for (String p : setupErrors) {
            inv.err.append("ovs-vsctl: Error detected while setting up '").append(p)
                    .append("'.  See ovs-vswitchd log for details.\n");
        }
        return status;
    }

    /** The columns of each table the simulator keeps. */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "interface", List.of("name", "type", "options", "ofport"),
            "port", List.of("name"),
            "bridge", List.of("name", "datapath_type"));

    /** Problems of the read commands (get, list, *-to-br) found before anything runs. */
    private static String checkRead(OvsSwitch ovs, List<String> c, List<String> columns) {
        String name = c.get(0);
        switch (name) {
            case "port-to-br", "iface-to-br" -> {
                if (c.size() < 2) {
                    return "'" + name + "' command requires at least 1 arguments";
                }
                if (ovs.bridgeOfPort(c.get(1)).isEmpty()) {
                    return "no " + (name.startsWith("port") ? "port" : "interface") + " named " + c.get(1);
                }
            }
            case "list-ifaces" -> {
                if (c.size() < 2 || ovs.bridge(c.get(1)).isEmpty()) {
                    return "no bridge named " + (c.size() < 2 ? "" : c.get(1));
                }
            }
            case "get", "list" -> {
                if (c.size() < (name.equals("get") ? 4 : 2)) {
                    return "'" + name + "' command requires at least " + (name.equals("get") ? 3 : 1) + " arguments";
                }
                String table = c.get(1).toLowerCase();
                if (!COLUMNS.containsKey(table)) {
                    return "'ovs-vsctl " + name + " " + c.get(1) + "' is not simulated here; it runs on the netns and ssh backends";
                }
                if (c.size() > 2 && !exists(ovs, table, c.get(2))) {
                    return "no row \"" + c.get(2) + "\" in table " + capitalize(table);
                }
                List<String> asked = name.equals("get") ? c.subList(3, c.size()).stream()
                        .map(x -> x.contains(":") ? x.substring(0, x.indexOf(':')) : x).toList() : columns;
                if (asked == null) {
                    return "'ovs-vsctl list' without --columns is not simulated here (only "
                            + String.join(", ", COLUMNS.get(table)) + "); it runs on the netns and ssh backends";
                }
                for (String col : asked) {
                    if (!COLUMNS.get(table).contains(col)) {
                        return "'ovs-vsctl " + name + "' of the " + col + " column is not simulated here; "
                                + "it runs on the netns and ssh backends";
                    }
                }
            }
            default -> { }
        }
        return null;
    }

    private static boolean exists(OvsSwitch ovs, String table, String record) {
        return table.equals("bridge") ? ovs.bridge(record).isPresent() : ovs.port(record).isPresent();
    }

    /** A column's value as ovsdb prints it: strings quoted unless identifier-like, maps as {k=v}, sets as []. */
    private static String value(OvsSwitch ovs, String table, String record, String column) {
        String key = null;
        if (column.contains(":")) {
            key = column.substring(column.indexOf(':') + 1);
            column = column.substring(0, column.indexOf(':'));
        }
        if (table.equals("bridge")) {
            OvsSwitch.Bridge b = ovs.bridge(record).orElseThrow();
            return column.equals("name") ? atom(b.name()) : atom(b.datapathType());
        }
        OvsSwitch.Port p = ovs.port(record).orElseThrow();
        return switch (column) {
            case "name" -> atom(p.name());
            case "type" -> atom(p.type());
            case "ofport" -> String.valueOf(p.ofport());
            default -> {
                if (key != null) {
                    String v = p.options().get(key);
                    yield v == null ? null : atom(v);
                }
                List<String> kv = new ArrayList<>();
                p.options().forEach((k, v) -> kv.add(k + "=" + atom(v)));
                yield "{" + String.join(", ", kv) + "}";
            }
        };
    }

    private static String check(OvsSwitch ovs, List<String> c, boolean mayExist, boolean ifExists,
                                List<List<String>> all) {
        String name = c.get(0);
        switch (name) {
            case "add-br" -> {
                if (c.size() < 2) {
                    return "'add-br' command requires at least 1 arguments";
                }
                if (ovs.bridge(c.get(1)).isPresent() && !mayExist) {
                    return "cannot create a bridge named " + c.get(1) + " because a bridge named " + c.get(1) + " already exists";
                }
            }
            case "del-br" -> {
                if (c.size() < 2) {
                    return "'del-br' command requires at least 1 arguments";
                }
                if (ovs.bridge(c.get(1)).isEmpty() && !ifExists) {
                    return "no bridge named " + c.get(1);
                }
            }
            case "add-port" -> {
                if (c.size() < 3) {
                    return "'add-port' command requires at least 2 arguments";
                }
                if (ovs.bridge(c.get(1)).isEmpty() && all.stream().noneMatch(x -> x.get(0).equals("add-br")
                        && x.size() > 1 && x.get(1).equals(c.get(1)))) {
                    return "no bridge named " + c.get(1);
                }
                if (ovs.bridgeOfPort(c.get(2)).isPresent() && !mayExist) {
                    return "cannot create a port named " + c.get(2) + " because a port named " + c.get(2)
                            + " already exists on bridge " + ovs.bridgeOfPort(c.get(2)).get().name();
                }
            }
            case "del-port" -> {
                if (c.size() < 2) {
                    return "'del-port' command requires at least 1 arguments";
                }
                String port = c.get(c.size() - 1);
                if (ovs.bridgeOfPort(port).isEmpty() && !ifExists) {
                    return "no port named " + port;
                }
            }
            case "list-ports" -> {
                if (c.size() < 2 || ovs.bridge(c.get(1)).isEmpty()) {
                    return "no bridge named " + (c.size() < 2 ? "" : c.get(1));
                }
            }
            case "set" -> {
                if (c.size() < 4) {
                    return "'set' command requires at least 3 arguments";
                }
                String table = c.get(1).toLowerCase();
                String record = c.get(2);
                boolean pending = all.stream().anyMatch(x -> (x.get(0).equals("add-port") && x.size() > 2
                        && x.get(2).equals(record)) || (x.get(0).equals("add-br") && x.size() > 1 && x.get(1).equals(record)));
                boolean exists = table.equals("bridge") ? ovs.bridge(record).isPresent() : ovs.port(record).isPresent();
                if (!exists && !pending) {
                    return "no row \"" + record + "\" in table " + capitalize(table);
                }
                for (String kv : c.subList(3, c.size())) {
                    if (!kv.contains("=")) {
                        return kv + ": argument does not end in \"=\" followed by a value.";
                    }
                }
            }
            case "show", "list-br", "br-exists", "init", "list", "get", "emer-reset", "list-ifaces", "port-to-br",
                 "iface-to-br" -> { }
            default -> {
                return "unknown command '" + name + "'; use --help for help";
            }
        }
        return null;
    }

    private static int apply(Invocation inv, OvsSwitch ovs, List<String> c, boolean mayExist, boolean ifExists,
                             List<String> setupErrors, List<String> columns) {
        switch (c.get(0)) {
            case "list-ifaces" -> ovs.bridge(c.get(1)).orElseThrow().ports().stream()
                    .filter(p -> !p.type().equals("internal")).map(OvsSwitch.Port::name).forEach(inv::println);
            case "port-to-br", "iface-to-br" -> inv.println(ovs.bridgeOfPort(c.get(1)).orElseThrow().name());
            case "get" -> {
                String table = c.get(1).toLowerCase();
                for (String col : c.subList(3, c.size())) {
                    String v = value(ovs, table, c.get(2), col);
                    if (v == null) {
                        return inv.fail(1, "ovs-vsctl: no key \"" + col.substring(col.indexOf(':') + 1)
                                + "\" in " + capitalize(table) + " record \"" + c.get(2) + "\" column "
                                + col.substring(0, col.indexOf(':')));
                    }
                    inv.println(v);
                }
            }
            case "list" -> {
                String table = c.get(1).toLowerCase();
                List<String> records = new ArrayList<>();
                if (c.size() > 2) {
                    records.addAll(c.subList(2, c.size()));
                } else if (table.equals("bridge")) {
                    ovs.bridges().forEach(b -> records.add(b.name()));
                } else {
                    ovs.bridges().forEach(b -> b.ports().forEach(p -> records.add(p.name())));
                }
                for (int i = 0; i < records.size(); i++) {
                    if (i > 0) {
                        inv.println("");
                    }
                    for (String col : columns) {
                        inv.println(String.format("%-20s: %s", col, value(ovs, table, records.get(i), col)));
                    }
                }
            }
            case "br-exists" -> {
                return c.size() > 1 && ovs.bridge(c.get(1)).isPresent() ? 0 : 2;
            }
            case "add-br" -> {
                if (ovs.bridge(c.get(1)).isEmpty()) {
                    ovs.addBridge(c.get(1));
                }
            }
            case "del-br" -> ovs.deleteBridge(c.get(1));
            case "add-port" -> {
                OvsSwitch.Bridge b = ovs.bridge(c.get(1)).orElseThrow();
                if (ovs.bridgeOfPort(c.get(2)).isEmpty()) {
                    OvsSwitch.Port p = ovs.addPort(b, c.get(2));
                    for (String kv : c.subList(3, c.size())) {
                        setColumn(p, kv);
                    }
                    if (ovs.deviceMissing(p) && c.size() == 3) {
                        setupErrors.add(p.name());
                    }
                }
            }
            case "del-port" -> ovs.deletePort(c.get(c.size() - 1));
            case "set" -> {
                String table = c.get(1).toLowerCase();
                if (table.equals("bridge")) {
                    OvsSwitch.Bridge b = ovs.bridge(c.get(2)).orElseThrow();
                    for (String kv : c.subList(3, c.size())) {
                        if (kv.startsWith("datapath_type=")) {
                            b.datapathType = kv.substring(kv.indexOf('=') + 1);
                        }
                    }
                } else {
                    OvsSwitch.Port p = ovs.port(c.get(2)).orElseThrow();
                    for (String kv : c.subList(3, c.size())) {
                        setColumn(p, kv);
                    }
                    setupErrors.remove(p.name());
                }
            }
            case "list-br" -> ovs.bridges().stream().map(OvsSwitch.Bridge::name).sorted().forEach(inv::println);
            case "list-ports" -> ovs.bridge(c.get(1)).orElseThrow().ports().stream()
                    .filter(p -> !p.type().equals("internal")).map(OvsSwitch.Port::name).forEach(inv::println);
            case "show" -> inv.print(show(ovs));
            default -> { }
        }
        return 0;
    }

    private static void setColumn(OvsSwitch.Port p, String kv) {
        int eq = kv.indexOf('=');
        String key = kv.substring(0, eq);
        String value = unquote(kv.substring(eq + 1));
        if (key.equals("type")) {
            p.type = value;
        } else if (key.startsWith("options:")) {
            p.options.put(key.substring(8), value);
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * A string as `get` and `list` print it: bare when it starts with a letter or '_' and holds only
     * letters, digits, '_', '-' and '.', else quoted (empty, numbers, addresses, true and false).
     */
    static String atom(String s) {
        boolean bare = !s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')
                && s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                && !s.equals("true") && !s.equals("false");
        return bare ? s : "\"" + s + "\"";
    }

    /** ovsdb quotes a string unless it looks like an identifier (letters, '_', '-', '.'). */
    static String q(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return "\"" + s + "\"";
        }
        for (char c : s.toCharArray()) {
            if (!Character.isLetter(c) && c != '_' && c != '-' && c != '.') {
                return "\"" + s + "\"";
            }
        }
        return s.equals("true") || s.equals("false") ? "\"" + s + "\"" : s;
    }

    static String show(OvsSwitch ovs) {
        StringBuilder sb = new StringBuilder(ovs.dbUuid()).append('\n');
        List<OvsSwitch.Bridge> bridges = new ArrayList<>(ovs.bridges());
        bridges.sort((a, b) -> a.name().compareTo(b.name()));
        for (OvsSwitch.Bridge b : bridges) {
            sb.append("    Bridge ").append(q(b.name())).append('\n');
            for (OvsSwitch.Port p : b.ports()) {
                sb.append("        Port ").append(q(p.name())).append('\n');
                sb.append("            Interface ").append(q(p.name())).append('\n');
                if (!p.type().isEmpty()) {
                    sb.append("                type: ").append(p.type()).append('\n');
                }
                if (!p.options().isEmpty()) {
                    List<String> opts = new ArrayList<>();
                    for (Map.Entry<String, String> e : p.options().entrySet()) {
                        opts.add(e.getKey() + "=\"" + e.getValue() + "\"");
                    }
                    sb.append("                options: {").append(String.join(", ", opts)).append("}\n");
                }
                if (ovs.deviceMissing(p)) {
                    sb.append("                error: \"could not open network device ").append(p.name())
                            .append(" (No such device)\"\n");
                }
            }
        }
        sb.append("    ovs_version: \"").append(OvsSwitch.VERSION).append("\"\n");
        return sb.toString();
    }
}
