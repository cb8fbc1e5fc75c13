/*
 * Small scripts a host with Debian's tools gets first on its PATH so the tutorial's commands behave
 * as on the tutorial's VMs: sudo that only passes the command on (lab commands already run as
 * root), the old net-tools ifconfig output, and an etcdctl that speaks the v2 API by default.
 */
package org.overlaylab.hosts.core;

import java.util.LinkedHashMap;
import java.util.Map;

public final class HostShims {
    private HostShims() {}

    public static final String SUDO = """
            #!/bin/sh
            # Lab commands already run as root: sudo only passes the command on.
            while [ $# -gt 0 ]; do
              case "$1" in
                -u|-g|-C|-h|-p) shift 2 ;;
                --) shift; break ;;
                -*) shift ;;
                *=*) export "$1"; shift ;;
                *) break ;;
              esac
            done
            exec "$@"
            """;

    public static final String IFCONFIG = """
            #!/bin/sh
            # The tutorial's VMs had the old net-tools output (inet addr:, Bcast:, Mask:), which busybox
            # prints; setting an address (with /len as the tutorial does) goes to net-tools.
            if [ $# -le 1 ] || [ "$1" = -a ]; then exec /usr/bin/busybox ifconfig "$@"; fi
            if [ -x /usr/sbin/ifconfig ]; then exec /usr/sbin/ifconfig "$@"; fi
            case "$2" in */*) ip addr flush dev "$1" scope global && exec ip addr add "$2" dev "$1" ;; esac
            exec /usr/bin/busybox ifconfig "$@"
            """;

    public static final String ETCDCTL = """
            #!/bin/sh
            # etcd 3.4's etcdctl speaks the v3 API unless told otherwise; the tutorial's etcdctl spoke v2.
            : "${ETCDCTL_API:=2}"
            export ETCDCTL_API
            exec /usr/bin/etcdctl "$@"
            """;

    /** File name in the host's bin folder -> script. */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sudo", SUDO);
        m.put("ifconfig", IFCONFIG);
        m.put("etcdctl", ETCDCTL);
        ALL = java.util.Collections.unmodifiableMap(m);
    }
}
