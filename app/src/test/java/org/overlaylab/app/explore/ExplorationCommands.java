/*
 * The exploration command set (exploration-commands.txt): commands a student types after each
 * built-in lab's last step. Runs them on a backend, and puts two transcripts side by side with what
 * is random by nature (MACs, IDs, interface indexes, timestamps, counters, ephemeral names) masked.
 */
package org.overlaylab.app.explore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;

final class ExplorationCommands {
    private ExplorationCommands() {}

    /** One typed command: on a host, or in a container of that host. */
    record Typed(String host, String container, String line) {
        /** The line the host runs: a container line goes through docker exec, run as root as the tutorial does. */
        String hostLine() {
            return container == null ? line
                    : "sudo docker exec " + container + " sh -c '" + line.replace("'", "'\\''") + "'";
        }

        @Override
        public String toString() {
            return (container == null ? host : host + "/" + container) + ": " + line;
        }
    }

    /** Lab id -> its commands, in file order. */
    static Map<String, List<Typed>> load() throws IOException {
        Map<String, List<Typed>> labs = new LinkedHashMap<>();
        try (InputStream in = ExplorationCommands.class.getResourceAsStream("/exploration-commands.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Typed> current = null;
            for (String raw : text.split("\n")) {
                String l = raw.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.startsWith("[")) {
                    current = new ArrayList<>();
                    labs.put(l.substring(1, l.length() - 1), current);
                    continue;
                }
                int colon = l.indexOf(": ");
                String where = l.substring(0, colon);
                int slash = where.indexOf('/');
                current.add(new Typed(slash < 0 ? where : where.substring(0, slash),
                        slash < 0 ? null : where.substring(slash + 1), l.substring(colon + 2)));
            }
        }
        return labs;
    }

    /** Runs the lab to its last step on a backend, then every command; the transcript of each. */
    static List<String> transcripts(String backendKind, String labId, List<Typed> commands) throws Exception {
        Lab lab = LabLoader.builtIn(labId);
        BackendOptions options = new BackendOptions(lab.seed(), null, Duration.ofSeconds(120), Map.of());
        List<String> out = new ArrayList<>();
        try (Backend backend = BackendRegistry.load().require(backendKind).create();
             LabSession session = new LabSession(lab, backend, options)) {
            session.setSolveTasks(true);
            session.start();
            while (!session.finished()) {
                session.runNext();
            }
            for (Typed t : commands) {
                CommandResult r = backend.run(new CommandRequest(t.host(), t.hostLine(), Duration.ofSeconds(3), false));
                out.add(r.output() + (r.exitCode() == 0 ? "" : "[exit " + r.exitCode() + "]\n"));
            }
        }
        return out;
    }

    /** Why a command's two answers differ. */
    enum Cause {
        SIMULATOR("simulator", false),
        TIMING("timing", false),
        USERSPACE_OVS("netns runs OVS's userspace datapath", true),
        IPV6_OFF("netns hosts run with IPv6 off", true),
        BUSYBOX_AS_CENTOS("netns has no centos:7 image, busybox stands in", true),
        NO_CALICO_NODE("netns has no calico/node image, BIRD runs on the host", true),
        CALICO_NET_NONE("netns wires Calico's workloads itself, Docker runs them with --net none", true);

        final String label;
        /** The backends build that part of the host differently: the command says nothing of the simulator. */
        final boolean environment;

        Cause(String label, boolean environment) {
            this.label = label;
            this.environment = environment;
        }
    }

    /**
     * The differences the simulator is not to blame for, by lab and command, and why: what this
     * machine cannot run as the tutorial's VMs did, and what depends on timing. Any other
     * difference is the simulator's.
     */
    private static final Map<String, Cause> KNOWN = Map.ofEntries(
            // ovs-vswitchd's userspace datapath needs the underlay address on an OVS bridge br-phy
            // (enp0s8 its port, PROMISC and NOARP), names its datapath ovs-netdev, and leaves its
            // ports without master ovs-system; this machine's veths also have one queue per CPU (2)
            Map.entry("ovs-gre|node1: sudo ovs-vsctl list-br", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node1: ip -br link", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node1: ip -d link show veth1", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node1: ip route", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node1: route -n", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node1: netstat -rn", Cause.USERSPACE_OVS),
            Map.entry("ovs-gre|node2: ip -br addr", Cause.USERSPACE_OVS),
            // the VMs' docker0 and its ports have IPv6 addresses, so their solicited-node groups
            // (33:33:ff:...) are permanent FDB entries too
            Map.entry("ovs-gre|node2: bridge fdb show br docker0 | grep -c permanent", Cause.IPV6_OFF),
            // centos:7 has iproute2, whose ip prints "proto kernel"; busybox's does not
            Map.entry("ovs-gre|node2/container1: ip route", Cause.BUSYBOX_AS_CENTOS),
            // the lab pings for 3 s: the echo at the third second goes or not
            Map.entry("flannel-vxlan|node1: ifconfig flannel.100", Cause.TIMING),
            Map.entry("calico-bgp|node1: sudo docker ps --format '{{.Names}}'", Cause.NO_CALICO_NODE),
            Map.entry("calico-bgp|node2: sudo docker ps --format '{{.Names}}'", Cause.NO_CALICO_NODE),
            // without a network Docker knows, it has no address to inspect nor to write in /etc/hosts
            Map.entry("calico-bgp|node1: sudo docker inspect --format '{{.NetworkSettings.Networks.cal_net1.IPAddress}}' workload-a",
                    Cause.CALICO_NET_NONE),
            Map.entry("calico-bgp|node1/workload-a: cat /etc/hosts", Cause.CALICO_NET_NONE));

    /** Why the command's answers differ: a known cause, else the simulator. */
    static Cause causeOf(String labId, Typed command) {
        return KNOWN.getOrDefault(labId + "|" + command, Cause.SIMULATOR);
    }

    /** Whether a cause is listed for the command (so a match means the list is out of date). */
    static boolean causeListed(String labId, Typed command) {
        return KNOWN.containsKey(labId + "|" + command);
    }

    private static final List<Map.Entry<Pattern, String>> MASKS = new ArrayList<>();

    private static void mask(String regex, String replacement) {
        MASKS.add(Map.entry(Pattern.compile(regex, Pattern.MULTILINE), replacement));
    }

    static {
        mask("\\b[0-9a-f]{64}\\b", "<id>");
        mask("\\b[0-9a-f]{12}\\b", "<id>");
        mask("\\b[0-9a-f]{16}\\b", "<id>");
        mask("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>");
        mask("(?i)\\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\\b", "<mac>");
        mask("\\bfe80::[0-9a-f:]+", "<ll6>");
        mask("\\bveth[0-9a-f]{7}\\b", "<veth>");
        mask("\\bcali[0-9a-f]{11}\\b", "<cali>");
        mask("\\b(veth|vx)-?[0-9a-f]{6}\\b", "<veth>");
        mask("^\\d+: ", "<n>: ");
        mask("@if\\d+", "@if<n>");
        mask("\"ifindex\":\\d+", "\"ifindex\":<n>");
        mask("\"link_index\":\\d+", "\"link_index\":<n>");
        mask("link-netnsid \\d+", "link-netnsid <n>");
        // a label and its number on one line only: `ip -s`'s header ends in "mcast" with the numbers on
        // the next line, which the counters mask below takes as a whole
        mask("\\b(packets|bytes|errors|dropped|overruns|frame|carrier|collisions|missed|mcast)(:?[ \\t]+)\\d+", "$1$2<n>");
        mask("\\(\\d+(\\.\\d+)? [KMG]?i?B\\)", "(<size>)");
        // a row of counters (`ip -s`): iproute2 right-aligns them in columns as wide as the numbers,
        // so the indentation follows the values too
        mask("^[ \\t]*\\d+([ \\t]+\\d+)+[ \\t]*$", "    <counters>");
        mask("\\b\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?([+-]\\d\\d:?\\d\\d|Z| [+-]\\d{4} \\w+)?", "<time>");
        mask("(?<![.\\d])\\b\\d\\d:\\d\\d(:\\d\\d)?(\\.\\d+)?\\b", "<time>");
        mask("\\b(Up|Exited \\(\\d+\\)) (About )?(a|an|\\d+|Less than a) \\w+( ago)?", "$1 <age>");
        mask("\\bused \\d+\\b", "used <n>");
        mask("\\bage \\d+(\\.\\d+)?(sec)?", "age <n>");
        mask("\\bexpires \\d+sec", "expires <n>sec");
        mask("\\bpid=\\d+,fd=\\d+", "pid=<n>,fd=<n>");
        mask("\\bcookie=0x[0-9a-f]+", "cookie=<n>");
        mask("\\bduration=[0-9.]+s", "duration=<n>s");
        mask("\\bn_packets=\\d+, n_bytes=\\d+", "n_packets=<n>, n_bytes=<n>");
        mask("\\bidle_age=\\d+", "idle_age=<n>");
        mask("^\\s*\\d+\\s+\\d+\\s+(<mac>)\\s+\\d+$", "<fdb-row $1>");
        mask("\\bdpid:?[0-9a-f]{16}\\b", "dpid <n>");
        mask("\\bnetnsid \\d+", "netnsid <n>");
        mask("\\b\\d+sec\\b", "<n>sec");
        mask("\\b(bridge_id|designated_root|designated_bridge) \\S+", "$1 <id>");
        mask("\\bgc_timer +[0-9.]+", "gc_timer <n>");
        mask("(@if<n>|<veth>|<cali>) {2,}", "$1 ");
    }

    /**
     * What differs because of how the netns backend builds a host, not because of the tool: its
     * NICs are veth ends (`enp0s8@ifN`, link-netnsid, qdisc noqueue, no broadcast address) and IPv6
     * is off in its namespaces; the simulator's hosts are the tutorial's VMs (fq_codel NICs, IPv6
     * link-local addresses, their solicited-node groups and routes). Both transcripts get the VM's
     * form for the NICs, and IPv6 is left out of both.
     */
    static String environment(String transcript) {
        String s = transcript;
        // -br pads the name to 16 columns: keep the padding when dropping @ifN
        Matcher br = Pattern.compile("(?m)^(enp0s[38])@if\\d+( +)(?=UP|DOWN|UNKNOWN)").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (br.find()) {
            br.appendReplacement(sb, br.group(1) + " ".repeat(Math.max(1, 17 - br.group(1).length())));
        }
        br.appendTail(sb);
        s = sb.toString();
        s = s.replaceAll("(?m)^(\\d+: enp0s[38])@if\\d+(: .*) qdisc noqueue ", "$1$2 qdisc fq_codel ");
        s = s.replaceAll("(?m)^(\\d+: enp0s[38]: .*)\n(\\s+link/ether \\S+ brd \\S+) link-netnsid \\d+", "$1\n$2");
        s = s.replaceAll("(?m)^(\\d+: enp0s[38]: .*qdisc fq_codel .*group default) ?$", "$1 qlen 1000");
        s = s.replaceAll("(?m)^(\\d+: enp0s[38]: .*qlen 1000) link-netnsid \\d+$", "$1");
        s = s.replaceAll("(inet (192\\.168\\.205|10\\.0\\.2)\\.\\d+/24) brd \\S+", "$1");
        s = s.replaceAll("(?m)^\\s+inet6 .*\\n\\s+valid_lft .*\\n", "");
        s = s.replaceAll("(?m)^\\s+inet6 .*\\n", "");
        s = s.replaceAll(" (fe80::[0-9a-f:]+/64|::1/128)(?= )", "");
        s = s.replaceAll("(?m)^33:33:ff:\\S+ .*self permanent\\n", "");
        s = s.replaceAll("(?m)^.*(fe80::|::1 |ff00::).*pref medium\\n", "");
        s = s.replaceAll(",\\{\"family\":\"inet6\"[^}]*\\}", "");
        return s;
    }

    /** Listings in hash order, which the kernel and etcd seed at random: neighbours, sockets, etcd v2 children. */
    private static final Pattern HASH_ORDERED = Pattern.compile(
            "\\bip (-\\S+ )*neigh|\\barp -n|\\bss -|/proc/net/arp|etcdctl ls");

    private static final Pattern NEIGHBOUR_LISTING = Pattern.compile("\\bip (-\\S+ )*neigh");

    /**
     * Whether a learned neighbour entry still reads REACHABLE or already STALE (or DELAY, PROBE)
     * depends on a reachable time the kernel draws at random between 15 and 45 s and on how long
     * ago traffic confirmed the entry, which follows the pace the commands are typed at: timing-
     * dependent by nature. Those four states are masked alike, with busybox's "ref 1", the
     * reference the entry's running timer holds. PERMANENT, NOARP, INCOMPLETE and FAILED still count.
     */
    static String dynamicNudStatesMasked(String s) {
        return s.replaceAll(" ref 1 used ", " used ").replaceAll("(?m) (REACHABLE|STALE|DELAY|PROBE)( ?)$", " <nud>$2");
    }

    /**
     * busybox nslookup sends its A and AAAA queries together and prints each answer section as its
     * reply arrives: the order of the sections is timing-dependent by nature, so they are sorted.
     */
    static String answerSectionsInOrder(String s) {
        String head = "Non-authoritative answer:\n";
        int first = s.indexOf(head);
        if (first < 0) {
            return s;
        }
        List<String> sections = new ArrayList<>(List.of(s.substring(first).split("(?=" + head + ")")));
        java.util.Collections.sort(sections);
        return s.substring(0, first) + String.join("", sections);
    }

    /** The normalised transcript of one command; hash-ordered listings sorted below their header. */
    static String normalise(Typed command, String transcript) {
        String s = normalise(transcript);
        if (command.line().startsWith("nslookup ")) {
            s = answerSectionsInOrder(s);
        }
        if (NEIGHBOUR_LISTING.matcher(command.line()).find()) {
            s = dynamicNudStatesMasked(s);
        }
        if (!HASH_ORDERED.matcher(command.line()).find() || command.line().contains("|")) {
            return s;
        }
        List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
        int first = lines.isEmpty() || !lines.get(0).matches("^(State|Address|IP address|Netid) .*") ? 0 : 1;
        int end = lines.size() > 0 && lines.get(lines.size() - 1).isEmpty() ? lines.size() - 1 : lines.size();
        if (end > first) {
            java.util.Collections.sort(lines.subList(first, end));
        }
        return String.join("\n", lines);
    }

    static String normalise(String transcript) {
        String s = environment(transcript);
        for (Map.Entry<Pattern, String> m : MASKS) {
            Matcher matcher = m.getKey().matcher(s);
            s = matcher.replaceAll(m.getValue());
        }
        return s;
    }
}
