/*
 * A host as the lab file declares it: name used in commands, hostname, underlay NIC and address,
 * the NAT NIC towards the outside world, and the packages the machine has before the lab starts.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record HostSpec(String name, String hostname, String underlayInterface, String underlayAddress,
                       String natInterface, String natAddress, List<String> packages, SourcePosition position) {

    /** What a tutorial VM has before the lab begins, unless the lab file says otherwise. */
    public static final List<String> DEFAULT_PACKAGES = List.of(
            "coreutils", "iproute2", "net-tools", "iputils-ping", "wget", "tar", "jq", "bridge-utils",
            "tcpdump", "docker.io");

    public HostSpec {
        packages = List.copyOf(packages);
    }

    /** A package as apt names it: `docker.io` of `docker.io=20.10.24+dfsg1` (a lab may pin a version). */
    public static String packageName(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    /** Whether the host has the package, pinned to a version or not. */
    public static boolean hasPackage(List<String> packages, String name) {
        return packages.stream().anyMatch(p -> packageName(p).equals(name));
    }

    /** The version the lab pins the package to, or null when it takes the distribution's. */
    public String pinnedVersion(String name) {
        for (String p : packages) {
            if (packageName(p).equals(name) && p.indexOf('=') > 0) {
                return p.substring(p.indexOf('=') + 1);
            }
        }
        return null;
    }

    /** Underlay IP without the prefix length. */
    public String underlayIp() {
        int slash = underlayAddress.indexOf('/');
        return slash < 0 ? underlayAddress : underlayAddress.substring(0, slash);
    }
}
