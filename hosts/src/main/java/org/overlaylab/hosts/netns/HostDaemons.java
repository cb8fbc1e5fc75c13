/*
 * Starts, stops and waits for the real daemons of a host: dockerd (with the tutorial's flags, plus
 * what running it in a namespace needs), etcd (v2 API switched on), ovsdb-server and ovs-vswitchd
 * (userspace datapath). Each start waits until the daemon answers, or fails with the tail of its log.
 */
package org.overlaylab.hosts.netns;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.exec.Exec;

public final class HostDaemons {
    public static final Duration DOCKER_READY = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofSeconds(20);

    private final LabLayout layout;
    private final Set<String> imageTags;
    private final Map<String, DockerClient> dockerClients = new ConcurrentHashMap<>();
    private final Map<String, DaemonProcess> runningEtcds = new ConcurrentHashMap<>();

    public HostDaemons(LabLayout layout, Set<String> imageTags) {
        this.layout = layout;
        this.imageTags = new LinkedHashSet<>(imageTags);
    }

    // ------------------------------------------------------------------ docker

    public Path dockerSocket(LabHost h) {
        return h.dir().resolve("run/docker.sock");
    }

    /** A docker-java client on the host's own daemon socket. */
    public DockerClient docker(LabHost h) {
        return dockerClients.computeIfAbsent(h.name(), n -> {
            String uri = "unix://" + dockerSocket(h);
            DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(uri).build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(cfg.getDockerHost())
                    .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(20)).build();
            return DockerClientImpl.getInstance(cfg, http);
        });
    }

    public boolean dockerAnswers(LabHost h) {
        if (!Files.exists(dockerSocket(h))) {
            return false;
        }
        try {
            docker(h).pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
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
    public String startDocker(LabHost h, List<String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("dockerd");
        argv.addAll(args);
        Path log = h.dir().resolve("logs/dockerd.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        killOrphanedContainerd(h);
        DaemonProcess d = h.startDaemon("dockerd", argv, null, "/");
        long until = System.nanoTime() + DOCKER_READY.toNanos();
        while (System.nanoTime() < until) {
            if (!d.alive()) {
                throw new IOException("dockerd exited with status " + d.exitCode() + ": " + d.failureSummary());
            }
            if (dockerAnswers(h)) {
                ensureImages(h);
                return readFrom(log, before);
            }
            Sweeper.sleep(80);
        }
        d.stop(Duration.ofSeconds(2));
        throw new IOException("dockerd did not answer within " + DOCKER_READY.toSeconds() + " s: " + d.logTail(6));
    }

    /** The fresh host's daemon, as the distribution's service starts it. */
    public String startDefaultDocker(LabHost h) throws IOException {
        return startDocker(h, List.of("-H", "unix:///var/run/docker.sock"));
    }

    /**
     * A dockerd that died hard leaves its containerd running, and the next dockerd then waits for
     * a containerd of its own in vain; a service manager would have ended the whole unit. Ends
     * that containerd (the containers' shims keep running, as they do after a daemon restart).
     */
    private void killOrphanedContainerd(LabHost h) {
        // dockerd reuses the containerd its pid file names while that pid exists, even as a zombie
        // the machine's init has not reaped yet, and then waits for it in vain
        Path pidFile = h.dir().resolve("run/docker/containerd/containerd.pid");
        try {
            if (Files.exists(pidFile) && !Sweeper.runningNotZombie(Long.parseLong(Files.readString(pidFile).strip()))) {
                Files.delete(pidFile);
            }
        } catch (IOException | NumberFormatException ignored) {
            // dockerd copes with a missing or broken pid file
        }
        long mnt = Sweeper.nsInode(layout.mountNamespaceFile(h.name()));
        try (var dir = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Sweeper.nsInode(p.resolve("ns/mnt")) == mnt && Files.readString(p.resolve("comm")).strip().equals("containerd")
                            && Sweeper.parentOf(Long.parseLong(name)) == 1) {
                        Exec.signal(Long.parseLong(name), "KILL");
                        Sweeper.sleep(200);
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            }
        } catch (IOException ignored) {
            // no /proc: nothing to end
        }
    }

    public void stopDocker(LabHost h) {
        h.daemon("dockerd").ifPresent(d -> d.stop(Duration.ofSeconds(10)));
        // a daemon killed hard leaves its socket; the client must then say it cannot connect
        try {
            Files.deleteIfExists(dockerSocket(h));
        } catch (IOException ignored) {
            // the next start replaces it
        }
    }

    public boolean dockerRunning(LabHost h) {
        return h.daemon("dockerd").map(DaemonProcess::alive).orElse(false);
    }

    static String readFrom(Path file, long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** busybox's root file system as a tar, built once per lab directory. */
    private synchronized Path imageTar() throws IOException {
        Path tar = layout.imageDir().resolve("busybox.tar");
        if (Files.exists(tar)) {
            return tar;
        }
        Path rootfs = layout.imageDir().resolve("rootfs");
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
                """.formatted(rootfs, tar);
        Files.createDirectories(layout.imageDir());
        Exec.check(SHORT, List.of("bash", "-c", script));
        return tar;
    }

    /** Imports the busybox image once per host and tags it with every image name the lab uses. */
    public void ensureImages(LabHost h) throws IOException {
        Path tar = imageTar();
        StringBuilder sh = new StringBuilder();
        sh.append("docker image inspect busybox:latest >/dev/null 2>&1 || docker import --change 'CMD [\"sh\"]' ")
                .append(tar).append(" busybox:latest >/dev/null\n");
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
    public String startEtcd(LabHost h, List<String> args, String workDir) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("etcd");
        argv.addAll(args);
        if (args.stream().noneMatch(a -> a.startsWith("--enable-v2") || a.startsWith("-enable-v2"))) {
            argv.add("--enable-v2=true");
        }
        Path log = h.dir().resolve("logs/etcd.log");
        long before = Files.exists(log) ? Files.size(log) : 0;
        boolean peersUp = false;
        for (Map.Entry<String, DaemonProcess> e : runningEtcds.entrySet()) {
            peersUp |= !e.getKey().equals(h.name()) && e.getValue().alive();
        }
        DaemonProcess d = h.startDaemon("etcd", argv, null, workDir);
        runningEtcds.put(h.name(), d);
        // the first member of a new cluster cannot serve before its peers come: only check it started
        long until = System.nanoTime() + Duration.ofMillis(peersUp ? 3000 : 400).toNanos();
        while (System.nanoTime() < until) {
            if (!d.alive()) {
                throw new IOException("etcd exited with status " + d.exitCode() + ": " + d.failureSummary());
            }
            String text = readFrom(log, before);
            if (text.contains("ready to serve client requests")) {
                return text;
            }
            Sweeper.sleep(100);
        }
        return readFrom(log, before);
    }

    // ------------------------------------------------------------------ Open vSwitch

    public boolean ovsRunning(LabHost h) {
        return h.daemon("ovs-vswitchd").map(DaemonProcess::alive).orElse(false);
    }

    /** What installing openvswitch-switch starts: ovsdb-server and ovs-vswitchd on their default paths. */
    public void startOvs(LabHost h) throws IOException {
        if (ovsRunning(h)) {
            return;
        }
        h.check("""
                mkdir -p /run/openvswitch /var/log/openvswitch
                [ -f /etc/openvswitch/conf.db ] || ovsdb-tool create /etc/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
                """, SHORT);
        DaemonProcess db = h.startDaemon("ovsdb-server", List.of("ovsdb-server", "/etc/openvswitch/conf.db",
                "--remote=punix:/run/openvswitch/db.sock", "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=/run/openvswitch/ovsdb-server.pid"), null, "/");
        Path sock = h.dir().resolve("run/openvswitch/db.sock");
        waitFor(() -> Files.exists(sock), db, Duration.ofSeconds(10), "ovsdb-server");
        // what the package's ovs-ctl does at start: the version fields `ovs-vsctl show` prints
        h.check("ovs-vsctl --no-wait init -- set Open_vSwitch . ovs_version=\"$(ovs-vswitchd --version | awk 'NR==1{print $NF}')\"", SHORT);
        DaemonProcess sw = h.startDaemon("ovs-vswitchd", List.of("ovs-vswitchd", "unix:/run/openvswitch/db.sock",
                "--pidfile=/run/openvswitch/ovs-vswitchd.pid"), null, "/");
        Path pid = h.dir().resolve("run/openvswitch/ovs-vswitchd.pid");
        waitFor(() -> Files.exists(pid), sw, Duration.ofSeconds(10), "ovs-vswitchd");
        h.check("ovs-vsctl --timeout=10 show >/dev/null", SHORT);
    }

    public void stopOvs(LabHost h) {
        h.daemon("ovs-vswitchd").ifPresent(d -> d.stop(Duration.ofSeconds(3)));
        h.daemon("ovsdb-server").ifPresent(d -> d.stop(Duration.ofSeconds(3)));
    }

    /**
     * A userspace tunnel leaves only through a route whose device is an OVS bridge: the underlay
     * address moves to br-phy (with the NIC's MAC) and the NIC becomes its port, with a new MAC and
     * ARP off so the kernel does not answer for it. Returns the commands it ran, for the notes.
     */
    public List<String> ensureUnderlayBridge(LabHost h) throws IOException {
        String dev = h.spec().underlayInterface();
        String cidr = Fabric.underlayCidr(h.spec());
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

    private static void waitFor(java.util.function.BooleanSupplier ready, DaemonProcess d, Duration max, String what)
            throws IOException {
        long until = System.nanoTime() + max.toNanos();
        while (!ready.getAsBoolean()) {
            if (!d.alive()) {
                throw new IOException(what + " exited with status " + d.exitCode() + ": " + d.logTail(6));
            }
            if (System.nanoTime() > until) {
                throw new IOException(what + " did not start within " + max.toSeconds() + " s: " + d.logTail(6));
            }
            Sweeper.sleep(50);
        }
    }

    public void close() {
        for (DockerClient c : dockerClients.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        dockerClients.clear();
    }
}
