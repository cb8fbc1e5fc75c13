/*
 * The one registry of programs a lab command or a typed command may call: each with what it is for
 * and the words that may follow it, for Tab completion. Lab files are validated against it, the
 * terminal completes from it and the docs list it; every backend runs each of them (the simulator
 * interprets them or says plainly that it does not, the real backends run them or map them onto
 * what does the same job on that machine).
 */
package org.overlaylab.model.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

public final class KnownPrograms {
    private KnownPrograms() {}

    /**
     * A program: its name, one line on what it is for, and what may follow it, by the words already
     * typed after the program ("" for the first word, "link" for what follows `ip link`...).
     */
    public record Program(String name, String description, Map<String, List<String>> completions) {
        public Program {
            completions = Collections.unmodifiableMap(new LinkedHashMap<>(completions));
        }

        /** The words that may come first after the program name. */
        public List<String> subcommands() {
            return completions.getOrDefault("", List.of());
        }
    }

    /** Program name -> the program, in the order help text lists them. */
    public static final Map<String, Program> PROGRAMS;

    /** Program name -> one-line description, in the order help text lists them. */
    public static final Map<String, String> ALL;

    /** Words that only wrap the real program: sudo ls, nohup etcd, env A=B cmd. */
    public static final Set<String> WRAPPERS = Set.of("sudo", "nohup", "env", "time", "exec");

    /** What a program the simulator does not model answers, on stderr. */
    public static String notSimulated(String program) {
        return "'" + program + "' is not simulated here; it runs on the netns and ssh backends";
    }

    private static final Map<String, Program> BUILDING = new LinkedHashMap<>();

    /** Adds a program; `levels` alternates a path of typed words ("" first) and the words that may follow it. */
    private static void add(String name, String description, Object... levels) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        for (int i = 0; i + 1 < levels.length; i += 2) {
            c.put((String) levels[i], List.of(((String) levels[i + 1]).split(" ")));
        }
        BUILDING.put(name, new Program(name, description, c));
    }

    static {
        add("ip", "iproute2: link, addr, route, neigh, netns (-br, -s, -d, -j, -4)",
                "", "link address route neigh netns -br -s -d -j -4",
                "link", "show set add delete", "address", "show add del flush", "addr", "show add del flush",
                "route", "show get add del replace", "neigh", "show add del replace flush", "netns", "list add delete exec");
        add("ifconfig", "net-tools: show or set an interface address");
        add("brctl", "bridge-utils: addbr, addif, delif, show", "", "show addbr delbr addif delif");
        add("bridge", "iproute2: bridge fdb show/add/replace/del, bridge link, bridge vlan", "", "fdb link vlan",
                "fdb", "show add append replace del");
        add("route", "net-tools: the routing table (route -n)", "", "-n");
        add("arp", "net-tools: the ARP cache (arp -n)", "", "-n");
        add("netstat", "net-tools: routes (-rn) and listening sockets (-tuln)", "", "-rn -tuln -tln -uln");
        add("ss", "iproute2: listening sockets of the lab's daemons (ss -tln, -uln, -tuln, -tlnp)", "",
                "-tln -uln -tuln -tlnp");
        add("sysctl", "read or set kernel parameters (net.ipv4.ip_forward...)", "", "-w -n net.ipv4.ip_forward");
        add("ping", "send ICMP echo requests");
        add("traceroute", "print the route packets take to a host");
        add("iptables", "show or change the packet filter and NAT rules", "", "-L -S -t -I -A -D -F -n -v");
        add("iptables-save", "print the packet filter and NAT rules as iptables-restore reads them");
        add("tc", "traffic control: queueing disciplines (netem delay and loss)", "", "qdisc", "qdisc", "show add del change");
        add("tcpdump", "print the frames seen on an interface");
        add("ovs-vsctl", "Open vSwitch: add-br, add-port, set, get, list, list-br, list-ports, show", "",
                "show add-br del-br list-br br-exists add-port del-port list-ports list-ifaces port-to-br iface-to-br "
                        + "get set list");
        add("ovs-ofctl", "Open vSwitch: a bridge's OpenFlow flows (dump-flows)", "", "dump-flows");
        add("ovs-appctl", "Open vSwitch: the MACs a bridge learned (fdb/show)", "", "fdb/show");
        add("etcd", "start an etcd member");
        add("etcdctl", "etcd client: v2 cluster-health, member list, ls, get, set, rm, mkdir, watch; "
                        + "v3 get, put, del, watch, member list, endpoint health",
                "", "cluster-health member ls get set rm mkdir watch put del endpoint", "member", "list",
                "endpoint", "health");
        add("docker", "Docker client, and the daemon as `docker daemon`", "",
                "ps run exec inspect network logs images pull start stop restart rm info version",
                "network", "ls inspect create rm", "ps", "-a -q --format");
        add("dockerd", "the Docker daemon");
        add("service", "start, stop or restart a system service (docker)", "", "docker", "docker", "start stop restart status");
        add("systemctl", "start, stop or restart a system service (docker)", "", "start stop restart status");
        add("flanneld", "flannel's agent: lease a subnet, program the VXLAN device");
        add("calicoctl", "Calico: node run, node status, create -f, get ipPool, get nodes", "", "node get create",
                "node", "run status", "get", "ipPool nodes");
        add("birdc", "BIRD's client: show protocols, show route, show status", "", "show", "show", "protocols route status");
        add("birdcl", "BIRD's light client: show protocols, show route, show status", "", "show", "show", "protocols route status");
        add("nslookup", "ask DNS for a name (in a container: Docker's embedded DNS)");
        add("getent", "look a name up as the C library does (getent hosts NAME)", "", "hosts");
        add("pkill", "stop processes by name (pkill -x etcd)", "", "-x");
        add("kill", "stop a process by its ID");
        add("ps", "list processes");
        add("grep", "print the lines that match a pattern (-v -i -c -E -o -w -n)");
        add("head", "print the first lines (-n N)");
        add("tail", "print the last lines (-n N)");
        add("wc", "count lines, words and bytes (-l -w -c)");
        add("sort", "sort lines (-r -n -u)");
        add("awk", "print fields of each line ('{print $N}')");
        add("jq", "pretty-print JSON read on stdin");
        add("wget", "download a file");
        add("curl", "transfer a URL");
        add("tar", "unpack an archive");
        add("apt-get", "install Debian/Ubuntu packages", "", "install update");
        add("chmod", "change file modes");
        add("cd", "change the working directory");
        add("cat", "print files, or write a here-document to a file");
        add("echo", "print its arguments");
        add("ls", "list a directory");
        add("mkdir", "make a directory");
        add("source", "read variables from a file into the shell");
        add(".", "read variables from a file into the shell");
        add("export", "set an environment variable");
        add("sleep", "wait");
        add("hostname", "print the host name (-i: its address)");
        add("true", "do nothing, successfully");
        PROGRAMS = Collections.unmodifiableMap(new LinkedHashMap<>(BUILDING));
        Map<String, String> descriptions = new LinkedHashMap<>();
        PROGRAMS.forEach((name, p) -> descriptions.put(name, p.description()));
        ALL = Collections.unmodifiableMap(descriptions);
    }

    public static boolean isKnown(String program) {
        return ALL.containsKey(program);
    }

    /**
     * What may follow the words typed so far, for Tab completion: program names for the first word,
     * then the program's sub-commands by the words after it (options skipped); empty when nothing is known.
     */
    public static List<String> completions(List<String> typed) {
        if (typed.isEmpty()) {
            return List.copyOf(PROGRAMS.keySet());
        }
        int first = 0;
        while (first < typed.size() && WRAPPERS.contains(typed.get(first))) {
            first++;
        }
        if (first >= typed.size()) {
            return List.copyOf(PROGRAMS.keySet());
        }
        Program p = PROGRAMS.get(baseName(typed.get(first)));
        if (p == null) {
            return List.of();
        }
        List<String> path = new ArrayList<>();
        for (String w : typed.subList(first + 1, typed.size())) {
            if (!w.startsWith("-")) {
                path.add(w);
            }
        }
        return p.completions().getOrDefault(String.join(" ", path), List.of());
    }

    /** The name a path such as ./etcdctl or /usr/bin/docker runs, for validation and dispatch. */
    public static String baseName(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }
}
