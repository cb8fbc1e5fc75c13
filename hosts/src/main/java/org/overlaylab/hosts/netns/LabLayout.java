/*
 * Where the netns lab keeps things: the names of the namespaces it makes (all start with "olab-",
 * which is how a later run recognises leftovers), and the lab directory with one folder per host.
 * Each host folder is bound over /run, /var/lib, /var/log, /etc/docker, /etc/openvswitch,
 * /etc/resolv.conf and /etc/hosts inside that host's own mount namespace, so the tutorial's paths
 * (/var/run/docker.sock, /run/flannel/subnet.env, /etc/openvswitch/conf.db) are per host.
 */
package org.overlaylab.hosts.netns;

import java.nio.file.Path;

public record LabLayout(Path root) {

    public static final String PREFIX = "olab-";
    public static final String MARKER = ".overlaylab-netns";
    public static final Path DEFAULT_ROOT = Path.of("/var/tmp/overlaylab-netns");

    /** The directories of a host folder that are bound over the same path inside the host. */
    public static final String[] BOUND_DIRS = {"run", "var/lib", "var/log", "etc/docker", "etc/openvswitch"};

    /** The files of a host folder that are bound over the same path inside the host. */
    public static final String[] BOUND_FILES = {"etc/resolv.conf", "etc/hosts"};

    public String hostNetns(String host) {
        return PREFIX + host;
    }

    public String natNetns(String host) {
        return PREFIX + host + "-nat";
    }

    public String switchNetns() {
        return PREFIX + "sw";
    }

    public String internetNetns() {
        return PREFIX + "inet";
    }

    public String googleNetns() {
        return PREFIX + "google";
    }

    public static Path netnsPath(String netns) {
        return Path.of("/run/netns", netns);
    }

    public Path nsDir() {
        return root.resolve("ns");
    }

    public Path mountNamespaceFile(String host) {
        return nsDir().resolve(host + ".mnt");
    }

    public Path utsNamespaceFile(String host) {
        return nsDir().resolve(host + ".uts");
    }

    public Path hostDir(String host) {
        return root.resolve("hosts").resolve(host);
    }

    /** The host's working directory for lab commands (its home). */
    public Path homeDir(String host) {
        return hostDir(host).resolve("home");
    }

    /** Programs the host finds first on its PATH: sudo, the etcdctl that speaks v2 by default. */
    public Path binDir(String host) {
        return hostDir(host).resolve("bin");
    }

    /** A path as the host sees it, mapped onto the host folder when it lies under a bound directory. */
    public Path insideHost(String host, String path) {
        String p = path.startsWith("/var/run/") ? "/run/" + path.substring("/var/run/".length()) : path;
        for (String d : BOUND_DIRS) {
            String prefix = "/" + d + "/";
            if (p.startsWith(prefix) || p.equals("/" + d)) {
                return hostDir(host).resolve(p.substring(1));
            }
        }
        for (String f : BOUND_FILES) {
            if (p.equals("/" + f)) {
                return hostDir(host).resolve(f);
            }
        }
        return Path.of(p);
    }

    public Path imageDir() {
        return root.resolve("image");
    }
}
