/*
 * Starts, stops and waits for the real daemons of a host: dockerd (with the tutorial's flags, plus
 * what running it in a namespace needs), etcd (v2 API switched on), ovsdb-server and ovs-vswitchd
 * (userspace datapath). Each start waits until the daemon answers, or fails with the tail of its log.
 */
package org.overlaylab.hosts.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;

public final class HostDaemons {
    public static final Duration DOCKER_READY = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(20);

    private final Set<String> imageTags;
    private final Set<String> imagesBuilt = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> imageLocks = new ConcurrentHashMap<>();
    private final Map<String, HostDaemon> runningEtcds = new ConcurrentHashMap<>();

    public HostDaemons(Set<String> imageTags) {
        this.imageTags = new LinkedHashSet<>(imageTags);
    }

    // ------------------------------------------------------------------ docker

    public boolean dockerAnswers(RealHost h) {
        return h.dockerAnswers();
    }

    /** dockerd's arguments as this machine needs them: `docker daemon` is dockerd, TLS off when it listens on TCP. */
    public static List<String> dockerdArguments(List<String> tutorialArgs) {
        List<String> args = new ArrayList<>(tutorialArgs);
        boolean tcp = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.startsWith("-H=") || a.startsWith("--host=") ? a.substring(a.indexOf('=') + 1)
                    : (a.equals("-H") || a.equals("--host")) && i + 1 < args.size() ? args.get(i + 1) : null;
            if (value != null && value.startsWith("tcp://")) {
                tcp = true;
            }
        }
        boolean tlsGiven = args.stream().anyMatch(a -> a.startsWith("--tls"));
        if (tcp && !tlsGiven) {
            // without it dockerd 20.10 waits 15 s before listening on plain TCP
            args.add("--tls=false");
        }
        return args;
    }

    /** Starts dockerd and waits until it answers; returns what it logged meanwhile. */
    public String startDocker(RealHost h, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("dockerd");
        argv.addAll(args);
        String log = h.logFile("dockerd");
        long before = h.fileSize(log);
        h.endOrphanedContainerd();
        HostDaemon d = h.startDaemon("dockerd", argv, null, "/");
        long until = System.nanoTime() + DOCKER_READY.toNanos();
        while (System.nanoTime() < until) {
            if (!d.alive()) {
                throw new IOException("dockerd exited with status " + d.exitCode() + ": " + d.failureSummary());
            }
            if (dockerAnswers(h)) {
                ensureImages(h);
                return h.readFrom(log, before);
            }
            sleep(80);
        }
        d.stop(Duration.ofSeconds(2));
        throw new IOException("dockerd did not answer within " + DOCKER_READY.toSeconds() + " s: " + d.logTail(6));
    }

    /** The fresh host's daemon, as the distribution's service starts it. */
    public String startDefaultDocker(RealHost h) throws IOException {
        return startDocker(h, List.of("-H", "unix:///var/run/docker.sock"));
    }

    public void stopDocker(RealHost h) {
        h.daemon("dockerd").ifPresent(d -> d.stop(Duration.ofSeconds(10)));
        // a daemon killed hard leaves its socket; the client must then say it cannot connect
        try {
            h.delete("/var/run/docker.sock");
        } catch (IOException ignored) {
            // the next start replaces it
        }
    }

    public boolean dockerRunning(RealHost h) {
        return h.daemon("dockerd").map(HostDaemon::alive).orElse(false);
    }

    /** busybox's root file system as a tar, built once per machine and image folder (netns hosts share one). */
    private String imageTar(RealHost h) throws IOException {
        String tar = h.imageDir() + "/busybox.tar";
        String built = h.machine() + ":" + tar;
        synchronized (imageLocks.computeIfAbsent(built, k -> new Object())) {
            if (imagesBuilt.contains(built) || h.exists(tar)) {
                imagesBuilt.add(built);
                return tar;
            }
            buildImageTar(h, tar);
            imagesBuilt.add(built);
            return tar;
        }
    }

    private void buildImageTar(RealHost h, String tar) throws IOException {
        String rootfs = h.imageDir() + "/rootfs";
        String script = """
                set -e
                R=%1$s
                rm -rf "$R"; mkdir -p "$R/bin" "$R/etc" "$R/tmp" "$R/root" "$R/proc" "$R/sys" "$R/dev" "$R/var"
                cp /usr/bin/busybox "$R/bin/busybox"
                for a in $(/usr/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done
                ln -s bin "$R/sbin"; mkdir -p "$R/usr"; ln -s ../bin "$R/usr/bin"; ln -s ../bin "$R/usr/sbin"
                printf '#!/bin/sh\\n# busybox has no bash; its sh runs the same one-liners\\nexec /bin/sh "$@"\\n' > "$R/bin/bash"
                chmod 755 "$R/bin/bash"
                echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
                echo 'root:x:0:' > "$R/etc/group"
                echo 'busybox (OverlayLab image built from Debian busybox-static)' > "$R/etc/overlaylab-image"
                tar -C "$R" -cf %2$s .
                rm -rf "$R"
                """.formatted(Exec.quote(rootfs), Exec.quote(tar));
        h.makeDirectories(h.imageDir());
        h.check(script, SHORT);
    }

    /** Imports the busybox image once per host and tags it with every image name the lab uses. */
    public void ensureImages(RealHost h) throws IOException {
        String tar = imageTar(h);
        StringBuilder sh = new StringBuilder();
        sh.append("docker image inspect busybox:latest >/dev/null 2>&1 || docker import --change 'CMD [\"sh\"]' ")
                .append(Exec.quote(tar)).append(" busybox:latest >/dev/null\n");
        for (String tag : imageTags) {
            String full = tag.contains(":") ? tag : tag + ":latest";
            if (!full.equals("busybox:latest")) {
                sh.append("docker image inspect ").append(Exec.quote(full)).append(" >/dev/null 2>&1 || docker tag busybox:latest ")
                        .append(Exec.quote(full)).append('\n');
            }
        }
        h.check(sh.toString(), SHORT);
    }

    public Set<String> imageTags() {
        return imageTags;
    }

    // ------------------------------------------------------------------ etcd

    /** Starts an etcd member with the lab's flags plus the v2 API; returns its first log lines. */
    public String startEtcd(RealHost h, List<String> args, String workDir) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("etcd");
        argv.addAll(args);
        if (args.stream().noneMatch(a -> a.startsWith("--enable-v2") || a.startsWith("-enable-v2"))) {
            argv.add("--enable-v2=true");
        }
        String log = h.logFile("etcd");
        long before = h.fileSize(log);
        boolean peersUp = false;
        for (Map.Entry<String, HostDaemon> e : runningEtcds.entrySet()) {
            peersUp |= !e.getKey().equals(h.name()) && e.getValue().alive();
        }
        HostDaemon d = h.startDaemon("etcd", argv, null, workDir);
        runningEtcds.put(h.name(), d);
        // the first member of a new cluster cannot serve before its peers come: only check it started
        long until = System.nanoTime() + Duration.ofMillis(peersUp ? 3000 : 400).toNanos();
        while (System.nanoTime() < until) {
            if (!d.alive()) {
                throw new IOException("etcd exited with status " + d.exitCode() + ": " + d.failureSummary());
            }
            String text = h.readFrom(log, before);
            if (text.contains("ready to serve client requests")) {
                return text;
            }
            sleep(100);
        }
        return h.readFrom(log, before);
    }

    // ------------------------------------------------------------------ Open vSwitch

    public boolean ovsRunning(RealHost h) {
        return h.daemon("ovs-vswitchd").map(HostDaemon::alive).orElse(false);
    }

    /** What installing openvswitch-switch starts: ovsdb-server and ovs-vswitchd on their default paths. */
    public void startOvs(RealHost h) throws IOException {
        if (ovsRunning(h)) {
            return;
        }
        h.check("""
                mkdir -p /run/openvswitch /var/log/openvswitch
                [ -f /etc/openvswitch/conf.db ] || ovsdb-tool create /etc/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
                """, SHORT);
        HostDaemon db = h.startDaemon("ovsdb-server", List.of("ovsdb-server", "/etc/openvswitch/conf.db",
                "--remote=punix:/run/openvswitch/db.sock", "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=/run/openvswitch/ovsdb-server.pid"), null, "/");
        waitFor(() -> h.exists("/run/openvswitch/db.sock"), db, Duration.ofSeconds(10), "ovsdb-server");
        // what the package's ovs-ctl does at start: the version fields `ovs-vsctl show` prints
        h.check("ovs-vsctl --no-wait init -- set Open_vSwitch . ovs_version=\"$(ovs-vswitchd --version | awk 'NR==1{print $NF}')\"", SHORT);
        HostDaemon sw = h.startDaemon("ovs-vswitchd", List.of("ovs-vswitchd", "unix:/run/openvswitch/db.sock",
                "--pidfile=/run/openvswitch/ovs-vswitchd.pid"), null, "/");
        waitFor(() -> h.exists("/run/openvswitch/ovs-vswitchd.pid"), sw, Duration.ofSeconds(10), "ovs-vswitchd");
        h.check("ovs-vsctl --timeout=10 show >/dev/null", SHORT);
    }

    public void stopOvs(RealHost h) {
        h.daemon("ovs-vswitchd").ifPresent(d -> d.stop(Duration.ofSeconds(3)));
        h.daemon("ovsdb-server").ifPresent(d -> d.stop(Duration.ofSeconds(3)));
    }

    /**
     * A userspace tunnel leaves only through a route whose device is an OVS bridge: the underlay
     * address moves to br-phy (with the NIC's MAC) and the NIC becomes its port, with a new MAC and
     * ARP off so the kernel does not answer for it. Returns the commands it ran, for the notes.
     */
    public List<String> ensureUnderlayBridge(RealHost h) throws IOException {
        String dev = h.spec().underlayInterface();
        String cidr = h.spec().underlayAddress().contains("/") ? h.spec().underlayAddress() : h.spec().underlayAddress() + "/24";
        if (h.sh("ovs-vsctl br-exists br-phy", SHORT).ok()) {
            return List.of();
        }
        String newMac = String.format("0a:00:27:%02x:00:%02x", h.index(), 0x08);
        List<String> cmds = List.of(
                "ovs-vsctl add-br br-phy -- set bridge br-phy datapath_type=netdev other_config:hwaddr=$(cat /sys/class/net/" + dev + "/address)",
                "ip addr del " + cidr + " dev " + dev,
                "ip link set " + dev + " address " + newMac + " arp off",
                "ovs-vsctl add-port br-phy " + dev,
                "ip link set br-phy up",
                "ip addr add " + cidr + " dev br-phy");
        h.check("set -e\n" + String.join("\n", cmds), SHORT);
        return cmds;
    }

    /** A condition on the host that may fail to be checked (a file's existence over SSH). */
    @FunctionalInterface
    private interface Probe {
        boolean holds() throws IOException;
    }

    private static void waitFor(Probe ready, HostDaemon d, Duration max, String what) throws IOException {
        long until = System.nanoTime() + max.toNanos();
        while (!ready.holds()) {
            if (!d.alive()) {
                throw new IOException(what + " exited with status " + d.exitCode() + ": " + d.logTail(6));
            }
            if (System.nanoTime() > until) {
                throw new IOException(what + " did not start within " + max.toSeconds() + " s: " + d.logTail(6));
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
