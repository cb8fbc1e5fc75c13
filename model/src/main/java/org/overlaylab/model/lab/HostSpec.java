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

    /** Underlay IP without the prefix length. */
    public String underlayIp() {
        int slash = underlayAddress.indexOf('/');
        return slash < 0 ? underlayAddress : underlayAddress.substring(0, slash);
    }
}
