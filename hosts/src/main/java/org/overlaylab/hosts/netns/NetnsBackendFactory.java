/* Offers the netns backend where it can run: Linux, root, and the programs the labs need on the PATH. */
package org.overlaylab.hosts.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendFactory;

public final class NetnsBackendFactory implements BackendFactory {
    /** Programs the backend itself runs; a lab may need more (each command says so when missing). */
    static final List<String> REQUIRED = List.of("ip", "bridge", "nsenter", "unshare", "setsid", "tcpdump", "iptables",
            "dockerd", "docker", "etcd", "etcdctl", "busybox");

    @Override
    public String kind() {
        return "netns";
    }

    @Override
    public String description() {
        return "real Linux network namespaces on this machine: real etcd, dockerd, Open vSwitch and BIRD (root)";
    }

    @Override
    public String unavailableReason() {
        return whyUnavailable();
    }

    static String whyUnavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "it needs Linux";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[1].equals("0")) {
                    return "it needs root";
                }
            }
        } catch (java.io.IOException e) {
            return "cannot read /proc/self/status";
        }
        return missingProgram(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    }

    /** Why the backend cannot run when a required program is in none of the directories, else null. */
    static String missingProgram(List<String> dirs) {
        for (String p : REQUIRED) {
            if (!onPath(p, dirs)) {
                return "program " + p + " not found in " + String.join(":", dirs)
                        + " (Debian packages: iproute2 util-linux tcpdump iptables docker.io etcd-server etcd-client busybox-static)";
            }
        }
        return null;
    }

    static boolean onPath(String program, List<String> dirs) {
        for (String dir : dirs) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Backend create() {
        return new NetnsBackend();
    }
}
