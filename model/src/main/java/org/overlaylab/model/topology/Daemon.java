/*
 * A long-running program on a host that the lab started or stopped: etcd, dockerd, flanneld,
 * calico-node, bird, ovs-vswitchd, sshd. State is "running", "stopped" or "failed".
 */
package org.overlaylab.model.topology;

import java.util.Map;

public record Daemon(String name, String state, Map<String, String> details) {

    public Daemon {
        details = Map.copyOf(details);
    }

    public boolean running() {
        return "running".equals(state);
    }
}
