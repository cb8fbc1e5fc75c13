/*
 * The Debian/Ubuntu packages a tutorial VM can have, and the program files each one installs.
 * Programs are found through PATH in the host's file system, so `ovs-vsctl` exists only after
 * `apt-get install openvswitch-switch`, and `calicoctl` only once it was downloaded and chmod'ed.
 */
package org.overlaylab.simulator.world;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class Packages {
    private Packages() {}

    /** Package -> (path -> simulated program name). */
    public static final Map<String, Map<String, String>> FILES = new LinkedHashMap<>();

    /** Package -> version string apt shows, as on Ubuntu 16.04 (xenial) in 2017. */
    public static final Map<String, String> VERSIONS = new LinkedHashMap<>();

    static {
        add("coreutils", "8.25-2ubuntu3~16.04", Map.of("/bin/cat", "cat", "/bin/echo", "echo", "/bin/ls", "ls",
                "/bin/mkdir", "mkdir", "/bin/chmod", "chmod", "/bin/sleep", "sleep", "/bin/true", "true",
                "/bin/hostname", "hostname"));
        FILES.get("coreutils").putAll(Map.of("/usr/bin/head", "head", "/usr/bin/tail", "tail", "/usr/bin/wc", "wc",
                "/usr/bin/sort", "sort"));
        add("iproute2", "4.3.0-1ubuntu3", Map.of("/sbin/ip", "ip", "/sbin/bridge", "bridge", "/bin/ss", "ss"));
        add("net-tools", "1.60-26ubuntu1", Map.of("/sbin/ifconfig", "ifconfig", "/sbin/route", "route", "/usr/sbin/arp", "arp",
                "/bin/netstat", "netstat"));
        add("iputils-ping", "3:20121221-5ubuntu2", Map.of("/bin/ping", "ping"));
        add("wget", "1.17.1-1ubuntu1.3", Map.of("/usr/bin/wget", "wget"));
        add("curl", "7.47.0-1ubuntu2.4", Map.of("/usr/bin/curl", "curl"));
        add("tar", "1.28-2.1ubuntu0.1", Map.of("/bin/tar", "tar"));
        add("jq", "1.5+dfsg-1", Map.of("/usr/bin/jq", "jq"));
        add("bridge-utils", "1.5-9ubuntu1", Map.of("/sbin/brctl", "brctl"));
        add("tcpdump", "4.9.2-0ubuntu0.16.04.1", Map.of("/usr/sbin/tcpdump", "tcpdump"));
        add("docker.io", "1.12.6-0ubuntu1~16.04.1", Map.of("/usr/bin/docker", "docker", "/usr/bin/dockerd", "dockerd"));
        add("openvswitch-common", "2.5.2-0ubuntu0.16.04.1", Map.of("/usr/bin/ovs-vsctl", "ovs-vsctl"));
        add("openvswitch-switch", "2.5.2-0ubuntu0.16.04.1", Map.of("/usr/sbin/ovs-vswitchd", "ovs-vswitchd"));
    }

    private static void add(String pkg, String version, Map<String, String> files) {
        FILES.put(pkg, new java.util.TreeMap<>(files));
        VERSIONS.put(pkg, version);
    }

    /** Programs every system has, whatever was installed. */
    public static final Map<String, String> BASE = Map.ofEntries(
            Map.entry("/usr/sbin/service", "service"), Map.entry("/bin/systemctl", "systemctl"),
            Map.entry("/usr/bin/apt-get", "apt-get"), Map.entry("/bin/grep", "grep"), Map.entry("/usr/bin/awk", "awk"),
            Map.entry("/sbin/sysctl", "sysctl"), Map.entry("/bin/ps", "ps"), Map.entry("/usr/bin/pkill", "pkill"),
            Map.entry("/bin/kill", "kill"), Map.entry("/usr/bin/getent", "getent"));

    public static final List<String> PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin");

    /** What `apt-get install` pulls in with a package. */
    public static List<String> withDependencies(String pkg) {
        if (pkg.equals("openvswitch-switch")) {
            return List.of("openvswitch-common", "openvswitch-switch");
        }
        return List.of(pkg);
    }
}
