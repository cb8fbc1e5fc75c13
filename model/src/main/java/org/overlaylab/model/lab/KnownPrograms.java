/*
 * The programs a lab command may call, with what each is for. Lab files are validated against this
 * list and every backend must run each of them (the simulator interprets them; the real backends
 * run them or map them onto what does the same job on that machine).
 */
package org.overlaylab.model.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

public final class KnownPrograms {
    private KnownPrograms() {}

    /** Program name -> one-line description, in the order help text lists them. */
    public static final Map<String, String> ALL;

    /** Words that only wrap the real program: sudo ls, nohup etcd, env A=B cmd. */
    public static final Set<String> WRAPPERS = Set.of("sudo", "nohup", "env", "time", "exec");

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ip", "iproute2: link, addr, route, neigh, netns (and -j JSON)");
        m.put("ifconfig", "net-tools: show or set an interface address");
        m.put("brctl", "bridge-utils: addbr, addif, delif, show");
        m.put("bridge", "iproute2: bridge fdb show/add/replace/del, bridge link");
        m.put("ping", "send ICMP echo requests");
        m.put("tcpdump", "print the frames seen on an interface");
        m.put("traceroute", "the routers on the way to a host (busybox, in containers)");
        m.put("iptables", "packet filter rules: -L, -S, -A/-I/-D, -t nat MASQUERADE");
        m.put("iptables-save", "print the packet filter rules as iptables-restore reads them");
        m.put("tc", "traffic control: qdisc add/del/show netem delay and loss (simulator only)");
        m.put("ovs-vsctl", "Open vSwitch: add-br, add-port, set interface, show");
        m.put("etcd", "start an etcd member");
        m.put("etcdctl", "etcd client: v2 cluster-health, ls, get, set, rm, mkdir; v3 get, put, del, member list");
        m.put("docker", "Docker client, and the daemon as `docker daemon`");
        m.put("dockerd", "the Docker daemon");
        m.put("service", "start, stop or restart a system service (docker)");
        m.put("systemctl", "start, stop or restart a system service (docker)");
        m.put("flanneld", "flannel's agent: lease a subnet, program the VXLAN device");
        m.put("calicoctl", "Calico: node run, node status, create -f, get ipPool");
        m.put("jq", "pretty-print JSON read on stdin");
        m.put("wget", "download a file");
        m.put("curl", "transfer a URL");
        m.put("tar", "unpack an archive");
        m.put("apt-get", "install Debian/Ubuntu packages");
        m.put("chmod", "change file modes");
        m.put("cd", "change the working directory");
        m.put("cat", "print files, or write a here-document to a file");
        m.put("echo", "print its arguments");
        m.put("ls", "list a directory");
        m.put("mkdir", "make a directory");
        m.put("source", "read variables from a file into the shell");
        m.put(".", "read variables from a file into the shell");
        m.put("export", "set an environment variable");
        m.put("sleep", "wait");
        m.put("hostname", "print the host name");
        m.put("true", "do nothing, successfully");
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    public static boolean isKnown(String program) {
        return ALL.containsKey(program);
    }

    /** The name a path such as ./etcdctl or /usr/bin/docker runs, for validation and dispatch. */
    public static String baseName(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }
}
