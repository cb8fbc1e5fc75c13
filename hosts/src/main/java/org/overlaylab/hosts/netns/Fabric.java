/*
 * The namespaces a netns lab is made of, built with iproute2 and torn down again: the underlay
 * switches (in "olab-<id>-sw" one bridge per underlay segment: br0 for the lab's underlay, br1 and on
 * for the segments the lab's routers join), one namespace per lab router (links with the lab's
 * interface names and addresses on their segments' bridges, forwarding IPv4 without NAT, no route
 * anywhere else), one namespace per lab host named after it (owned by a user
 * namespace of the host's own, whose root is uid 100000 outside) whose devices carry the
 * tutorial's NIC names in the VMs' order (lo, enp0s3 on its NAT network, enp0s8 on the
 * underlay), and the lab's outside world: behind each host's 10.0.2.2 a NAT router, then one
 * "internet" router, then a namespace owning google.com's address. Nothing gets a route to the
 * machine's real network.
 * Each host also gets persistent mount, UTS and PID namespaces (see LabLayout): its own hostname,
 * /sys, /proc and cgroup mounts, the machine's files read-only, and writable /tmp, /run, /var and
 * /etc (an overlay) of its own in the run folder. The PID namespace's first process (tini, which
 * reaps orphans) holds the namespaces open; killing it ends every process of the host.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.hosts.core.HostShims;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.observe.LabObservation;
import org.overlaylab.model.lab.BootRoute;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.RouterLink;
import org.overlaylab.model.lab.RouterSpec;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;

public final class Fabric {
    public static final String GOOGLE_IP = "172.217.22.14";
    private static final Duration SETUP_DEADLINE = Duration.ofSeconds(30);

    private static final Duration HOLDER_READY = Duration.ofSeconds(15);

    private final LabLayout layout;
    private final java.util.function.BooleanSupplier closing;

    public Fabric(LabLayout layout) {
        this(layout, () -> false);
    }

    /** `closing` says the run is being torn down: the build stops between hosts. */
    public Fabric(LabLayout layout, java.util.function.BooleanSupplier closing) {
        this.layout = layout;
        this.closing = closing;
    }

    /** The VirtualBox-style MAC of a host's NIC: 08:00:27 then bytes from the host's number and the NIC. */
    public static String nicMac(int hostIndex, int nic) {
        return String.format("08:00:27:%02x:%02x:%02x", 0x10 + hostIndex, 0xc0 + nic, 0x30 + hostIndex);
    }

    /** The VirtualBox-style MAC of a router's link: after the hosts' numbers, one NIC number per link. */
    public static String routerMac(int routerIndex, int link) {
        return String.format("08:00:27:%02x:%02x:%02x", 0x80 + routerIndex, 0xe0 + link, 0x30 + routerIndex);
    }

    /**
     * The bridge of an underlay segment in the switch namespace: br0 for the lab's underlay, then
     * br1, br2... A lab file without `underlay:` and routers has one segment and no prefix for it
     * (segment null): br0.
     */
    static String bridgeOf(Lab lab, String segment) {
        if (segment == null) {
            return "br0";
        }
        int i = lab.segments().indexOf(segment);
        return "br" + Math.max(0, i);
    }

    /** Builds the switches, the routers, the outside world and every host; throws with the failing command's message. */
    public void up(Lab lab) throws IOException {
        List<HostSpec> hosts = lab.hosts();
        Files.createDirectories(layout.root());
        Files.writeString(layout.root().resolve(LabLayout.MARKER), "made by the OverlayLab netns backend; removed on teardown\n");
        Files.createDirectories(layout.nsDir());
        StringBuilder sh = new StringBuilder("set -e\n");
        String ns = layout.nsDir().toString();
        sh.append("mountpoint -q ").append(ns).append(" || { mount --bind ").append(ns).append(' ').append(ns)
                .append(" && mount --make-private ").append(ns).append("; }\n");
        String sw = layout.switchNetns();
        String inet = layout.internetNetns();
        String google = layout.googleNetns();
        sh.append(USER_AND_NET_NAMESPACE);
        sh.append("ip netns add ").append(sw).append('\n');
        sh.append(noIpv6(sw));
        // a lab without an underlay prefix still gets br0, the one switch its hosts plug into
        int bridges = Math.max(1, lab.segments().size());
        for (int b = 0; b < bridges; b++) {
            String br = "br" + b;
            sh.append("ip -n ").append(sw).append(" link add ").append(br).append(" type bridge\n");
            sh.append("ip -n ").append(sw).append(" link set ").append(br).append(" up\n");
        }
        for (int r = 0; r < lab.routers().size(); r++) {
            appendRouter(sh, lab, lab.routers().get(r), r + 1);
        }
        sh.append("ip netns add ").append(inet).append('\n');
        sh.append("ip netns add ").append(google).append('\n');
        sh.append(noIpv6(inet)).append(noIpv6(google));
        sh.append("ip -n ").append(inet).append(" link set lo up\n");
        sh.append("ip -n ").append(google).append(" link set lo up\n");
        sh.append("nsenter --net=/run/netns/").append(inet).append(" sysctl -qw net.ipv4.ip_forward=1\n");
        sh.append("ip link add to-google netns ").append(inet).append(" type veth peer name eth0 netns ").append(google).append('\n');
        sh.append("ip -n ").append(inet).append(" addr add 172.217.22.1/24 dev to-google\n");
        sh.append("ip -n ").append(inet).append(" link set to-google up\n");
        sh.append("ip -n ").append(google).append(" addr add ").append(GOOGLE_IP).append("/24 dev eth0\n");
        sh.append("ip -n ").append(google).append(" link set eth0 up\n");
        sh.append("ip -n ").append(google).append(" route add default via 172.217.22.1\n");
        for (int i = 0; i < hosts.size(); i++) {
            appendHost(sh, lab, hosts.get(i), i + 1);
        }
        Exec.check(SETUP_DEADLINE, List.of("bash", "-c", sh.toString()));
        List<Process> holders = new ArrayList<>();
        for (HostSpec h : hosts) {
            if (closing.getAsBoolean()) {
                throw new IOException("the lab is being torn down");
            }
            prepareHostFolder(h);
            holders.add(startHolder(h));
        }
        for (int i = 0; i < hosts.size(); i++) {
            awaitReady(hosts.get(i), holders.get(i));
        }
    }

    /**
     * Starts the host's namespace holder: inside the host's network namespace, new mount, UTS and
     * PID namespaces (persisted in the run's ns folder) whose first process is tini running the
     * setup script, which then sleeps for the life of the lab.
     */
    private Process startHolder(HostSpec h) throws IOException {
        String name = h.name();
        for (Path f : List.of(layout.mountNamespaceFile(name), layout.utsNamespaceFile(name), layout.pidNamespaceFile(name))) {
            Files.deleteIfExists(f);
            Files.createFile(f);
        }
        Path script = layout.hostDir(name).resolve("sandbox.sh");
        Files.writeString(script, sandboxScript(h));
        ProcessBuilder pb = new ProcessBuilder("setsid", "nsenter", "--net=" + LabLayout.netnsPath(layout.hostNetns(name)),
                "unshare", "--mount=" + layout.mountNamespaceFile(name), "--uts=" + layout.utsNamespaceFile(name),
                "--pid=" + layout.pidNamespaceFile(name), "--fork", "--kill-child", "--propagation", "private",
                "tini", "-s", "--", "bash", script.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(layout.hostDir(name).resolve("logs/sandbox.log").toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private void awaitReady(HostSpec h, Process holder) throws IOException {
        Path ready = layout.hostDir(h.name()).resolve("logs/sandbox.ready");
        long until = System.nanoTime() + HOLDER_READY.toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(ready)) {
                return;
            }
            if (!holder.isAlive() || closing.getAsBoolean()) {
                break;
            }
            Sweeper.sleep(20);
        }
        String log = Files.exists(layout.hostDir(h.name()).resolve("logs/sandbox.log"))
                ? Files.readString(layout.hostDir(h.name()).resolve("logs/sandbox.log")).strip() : "";
        throw new IOException(h.name() + ": the host's namespaces could not be made" + (log.isEmpty() ? "" : ": " + log));
    }

    /**
     * A lab router: its own namespace, IPv6 off, IPv4 forwarding on, and per link a veth whose
     * router end carries the lab's interface name and address and whose other end is a port of the
     * link's segment bridge. It has no default route and no NAT: it only joins the lab's segments.
     */
    private void appendRouter(StringBuilder sh, Lab lab, RouterSpec router, int r) {
        String rt = layout.routerNetns(router.name());
        String sw = layout.switchNetns();
        sh.append("ip netns add ").append(rt).append('\n');
        sh.append(noIpv6(rt));
        sh.append("ip -n ").append(rt).append(" link set lo up\n");
        sh.append("nsenter --net=/run/netns/").append(rt).append(" sysctl -qw net.ipv4.ip_forward=1\n");
        for (int l = 0; l < router.links().size(); l++) {
            RouterLink link = router.links().get(l);
            String port = ("r" + r + "-" + link.interfaceName());
            if (port.length() > 15) {
                port = port.substring(0, 15);
            }
            sh.append("ip link add ").append(link.interfaceName()).append(" netns ").append(rt)
                    .append(" address ").append(routerMac(r, l + 1)).append(" type veth peer name ").append(port)
                    .append(" netns ").append(sw).append('\n');
            sh.append("ip -n ").append(sw).append(" link set ").append(port).append(" master ")
                    .append(bridgeOf(lab, link.segment())).append(" up\n");
            sh.append("ip -n ").append(rt).append(" addr add ").append(link.address()).append(" dev ")
                    .append(link.interfaceName()).append('\n');
            sh.append("ip -n ").append(rt).append(" link set ").append(link.interfaceName()).append(" up\n");
        }
    }

    private void appendHost(StringBuilder sh, Lab lab, HostSpec h, int i) {
        String host = layout.hostNetns(h.name());
        String nat = layout.natNetns(h.name());
        String sw = layout.switchNetns();
        String inet = layout.internetNetns();
        String port = ("p" + i + "-" + h.name());
        if (port.length() > 15) {
            port = port.substring(0, 15);
        }
        Cidr natCidr = LabObservation.natCidr(h);
        String gw = Ipv4.format(natCidr.host(2));
        String dns = Ipv4.format(natCidr.host(3));
        String wanNet = "100.64." + i + ".";
        sh.append("userns_netns ").append(host).append(' ').append(Exec.quote(layout.userNamespaceFile(h.name()).toString())).append('\n');
        sh.append("ip netns add ").append(nat).append('\n');
        sh.append(noIpv6(host)).append(noIpv6(nat));
        sh.append("ip -n ").append(host).append(" link set lo up\n");
        if (h.natInterface() != null) {
            sh.append("ip link add ").append(h.natInterface()).append(" netns ").append(host)
                    .append(" address ").append(nicMac(i, 3)).append(" type veth peer name lan netns ").append(nat).append('\n');
            sh.append("ip -n ").append(host).append(" addr add ").append(natCidr).append(" dev ").append(h.natInterface()).append('\n');
            sh.append("ip -n ").append(host).append(" link set ").append(h.natInterface()).append(" up\n");
            sh.append("ip -n ").append(host).append(" route add default via ").append(gw).append('\n');
        } else {
            // a host the lab gives no NAT card has no way out, as in the simulator; the NAT router
            // keeps its addresses on a card of its own (a veth pair inside it: this kernel may have
            // no dummy devices) so its DNS answers and routes stay as they are
            sh.append("ip -n ").append(nat).append(" link add lan type veth peer name lan-end\n");
            sh.append("ip -n ").append(nat).append(" link set lan-end up\n");
        }
        // the underlay NIC second, as on the tutorial's VMs (lo, enp0s3, enp0s8): the kernel picks a
        // source address for a device without one from the first device that has one
        sh.append("ip link add ").append(h.underlayInterface()).append(" netns ").append(host)
                .append(" address ").append(nicMac(i, 8)).append(" type veth peer name ").append(port)
                .append(" netns ").append(sw).append('\n');
        String segment = lab.segmentOf(h.underlayAddress()).orElse(lab.underlayCidr());
        sh.append("ip -n ").append(sw).append(" link set ").append(port).append(" master ")
                .append(bridgeOf(lab, segment)).append(" up\n");
        sh.append("ip -n ").append(host).append(" addr add ").append(underlayCidr(h)).append(" dev ")
                .append(h.underlayInterface()).append('\n');
        sh.append("ip -n ").append(host).append(" link set ").append(h.underlayInterface()).append(" up\n");
        // the other segments through the router on the host's own, as the VM's provisioning adds them
        for (BootRoute route : lab.bootRoutes(h)) {
            sh.append("ip -n ").append(host).append(" route add ").append(route.routeText()).append('\n');
        }
        sh.append("nsenter --net=/run/netns/").append(host).append(" sysctl -qw net.ipv4.ip_forward=1\n");
        sh.append("ip -n ").append(nat).append(" link set lo up\n");
        sh.append("ip -n ").append(nat).append(" addr add ").append(gw).append('/').append(natCidr.prefixLength()).append(" dev lan\n");
        sh.append("ip -n ").append(nat).append(" addr add ").append(dns).append('/').append(natCidr.prefixLength()).append(" dev lan\n");
        sh.append("ip -n ").append(nat).append(" link set lan up\n");
        sh.append("ip link add wan netns ").append(nat).append(" type veth peer name nat").append(i).append(" netns ").append(inet).append('\n');
        sh.append("ip -n ").append(nat).append(" addr add ").append(wanNet).append("2/30 dev wan\n");
        sh.append("ip -n ").append(nat).append(" link set wan up\n");
        sh.append("ip -n ").append(inet).append(" addr add ").append(wanNet).append("1/30 dev nat").append(i).append('\n');
        sh.append("ip -n ").append(inet).append(" link set nat").append(i).append(" up\n");
        sh.append("ip -n ").append(nat).append(" route add default via ").append(wanNet).append("1\n");
        // Replies to the host's containers come back through the host, as they would behind a
        // VirtualBox NAT once Docker had masqueraded them; here the NAT router does the masquerading.
        String natIp = natCidr.addressText();
        sh.append("ip -n ").append(nat).append(" route add 10.0.0.0/8 via ").append(natIp).append('\n');
        sh.append("ip -n ").append(nat).append(" route add 172.16.0.0/12 via ").append(natIp).append('\n');
        sh.append("nsenter --net=/run/netns/").append(nat).append(" sysctl -qw net.ipv4.ip_forward=1\n");
        // in a private mount namespace with its own /run, so iptables' lock file stays out of the real /run
        sh.append("nsenter --net=/run/netns/").append(nat).append(" unshare -m sh -c ")
                .append(Exec.quote("mount -t tmpfs tmpfs /run && iptables -t nat -A POSTROUTING -o wan -j MASQUERADE")).append('\n');
    }

    /**
     * A lab host's network namespace, owned by a user namespace of its own: a process unshares
     * both, the machine's root writes its uid and gid maps (0..65535 onto {@link LabLayout#MAPPED_ROOT}
     * and up; there is no newuidmap here and none is needed as root), and both namespaces are pinned
     * (the user namespace on a file of the run's ns folder, the network one as `ip netns` names it),
     * so the process can go. The backend's own programs, as the machine's root, keep every
     * capability over the namespace; the host's root has them only over what the namespace owns.
     */
    private static final String USER_AND_NET_NAMESPACE = """
            userns_netns() {
              unshare --user --net sleep 30 & local p=$! i=0
              while [ "$(readlink /proc/$p/ns/user)" = "$(readlink /proc/self/ns/user)" ]; do
                i=$((i+1)); [ $i -lt 500 ] && kill -0 $p 2>/dev/null || { echo "$1: no user namespace could be made" >&2; return 1; }
                sleep 0.01
              done
              echo "0 %1$d %2$d" > /proc/$p/uid_map
              echo "0 %1$d %2$d" > /proc/$p/gid_map
              : > "$2"
              mount --bind /proc/$p/ns/user "$2"
              ip netns attach "$1" $p
              kill $p
            }
            """.formatted(LabLayout.MAPPED_ROOT, LabLayout.MAPPED_COUNT);

    /**
     * The tutorial's networks are IPv4 only: without IPv6 the underlay carries no router
     * solicitations or multicast listener reports, only what the lab does.
     */
    private static String noIpv6(String netns) {
        return "nsenter --net=/run/netns/" + netns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1\n";
    }

    static String underlayCidr(HostSpec h) {
        return h.underlayAddress().contains("/") ? h.underlayAddress() : h.underlayAddress() + "/24";
    }

    /** The per-host folder: writable tmp/run/var, the /etc overlay's layers, resolv.conf pointing at the NAT router, shims. */
    private void prepareHostFolder(HostSpec h) throws IOException {
        Path d = layout.hostDir(h.name());
        for (String dir : LabLayout.WRITABLE_DIRS) {
            Files.createDirectories(d.resolve(dir));
        }
        for (String dir : List.of("var/lib", "var/log", "var/tmp", "etc/docker", "etc-work", "etc-openvswitch", "logs")) {
            Files.createDirectories(d.resolve(dir));
        }
        // as on Debian: /var/run and /var/lock lead into /run (the host's own)
        for (String[] link : new String[][] {{"var/run", "/run"}, {"var/lock", "/run/lock"}}) {
            if (!Files.isSymbolicLink(d.resolve(link[0]))) {
                Files.createSymbolicLink(d.resolve(link[0]), Path.of(link[1]));
            }
        }
        Files.setPosixFilePermissions(d.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(d.resolve("var/tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(layout.homeDir(h.name()));
        Files.createDirectories(layout.binDir(h.name()));
        Cidr nat = LabObservation.natCidr(h);
        Files.writeString(d.resolve("etc/resolv.conf"), "nameserver " + Ipv4.format(nat.host(3)) + "\n");
        Files.writeString(d.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + h.hostname() + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        Files.writeString(d.resolve("etc/hostname"), h.hostname() + "\n");
        Files.writeString(d.resolve("etc/docker/daemon.json"),
                "{\n  \"storage-driver\": \"vfs\",\n  \"iptables\": false,\n  \"ip-masq\": false\n}\n");
        for (Map.Entry<String, String> shim : HostShims.ALL.entrySet()) {
            writeScript(layout.binDir(h.name()).resolve(shim.getKey()), shim.getValue());
        }
        // what the host's root writes is its own; the host folder itself, its bin (on the PATH of
        // the daemons that run as the machine's root), logs and the overlay's work folder are not
        Files.createDirectories(layout.shellDir(h.name()));
        Path background = d.resolve("logs/background.log");
        if (!Files.exists(background)) {
            Files.createFile(background);
        }
        for (String own : List.of("tmp", "run", "var", "var/lib", "var/log", "var/tmp", "etc", "etc/resolv.conf", "etc/hosts",
                "etc/hostname", "etc/docker", "etc/docker/daemon.json", "home", "shell", "logs/background.log")) {
            giveToHostRoot(d.resolve(own));
        }
    }

    /** Makes a file the host's root's: uid and gid {@link LabLayout#MAPPED_ROOT} (0 inside the host). */
    static void giveToHostRoot(Path file) throws IOException {
        Files.setAttribute(file, "unix:uid", LabLayout.MAPPED_ROOT, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", LabLayout.MAPPED_ROOT, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static void writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The host's sandbox, made by the first process of its new namespaces: its hostname; its own
     * /sys (showing its own devices), cgroup hierarchies for dockerd and /proc (its own processes
     * only); the run folder kept writable at its own path; then every other mount of the machine
     * made read-only, and the host folder's tmp, run and var mounted over /tmp, /run and /var, an
     * overlay on /etc whose changes land in the host folder, a /dev of its own with only the character
     * devices programs need (no disks), /proc/sys read-only
     * but for the namespace's own net settings. Then it writes the ready file and sleeps.
     */
    String sandboxScript(HostSpec h) {
        String run = layout.root().toString();
        String d = layout.hostDir(h.name()).toString();
        StringBuilder s = new StringBuilder("set -e\n");
        s.append("RUN=").append(Exec.quote(run)).append("\nH=").append(Exec.quote(d)).append('\n');
        s.append("hostname ").append(Exec.quote(h.hostname())).append('\n');
        s.append("umount -l /sys\nmount -t sysfs sysfs /sys\n");
        s.append("mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup\n");
        s.append("awk '$3==\"cgroup\"||$3==\"cgroup2\" {print $2, $3, $4}' /proc/1/mounts | ")
                .append("while read p t o; do mkdir -p \"$p\"; mount -t \"$t\" -o \"$o\" \"$t\" \"$p\"; done\n");
        s.append("mount -t proc proc /proc\n");
        s.append("mount --bind \"$RUN\" \"$RUN\"\n");
        // the run folder stays visible at its own path under the host's own /tmp, /run or /var
        for (String dir : LabLayout.WRITABLE_DIRS) {
            if (run.startsWith("/" + dir + "/")) {
                s.append("mkdir -p \"$H").append(run).append("\"\nmount --bind \"$RUN\" \"$H").append(run).append("\"\n");
            }
        }
        s.append("""
                awk '{print $5}' /proc/self/mountinfo | sort -u | while read m; do
                  case "$m" in /proc|/proc/*|/sys|/sys/*|/dev/pts|"$RUN"|"$RUN"/*) continue;; esac
                  mount -o remount,bind,ro "$m" 2>/dev/null || echo "cannot make $m read-only" >&2
                done
                mount --rbind "$H/tmp" /tmp
                mount --rbind "$H/run" /run
                mkdir -p /run/lock
                mount --rbind "$H/var" /var
                mount -t overlay overlay -o lowerdir=/etc,upperdir="$H/etc",workdir="$H/etc-work" /etc
                mkdir -p /etc/openvswitch && mount --bind "$H/etc-openvswitch" /etc/openvswitch
                mount -t tmpfs -o mode=755,nosuid dev /dev
                mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
                mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0
                mkdir /dev/net /dev/pts /dev/shm; mknod -m 666 /dev/net/tun c 10 200
                mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts; ln -s pts/ptmx /dev/ptmx
                ln -s /proc/self/fd /dev/fd; ln -s fd/0 /dev/stdin; ln -s fd/1 /dev/stdout; ln -s fd/2 /dev/stderr
                mount -t tmpfs -o mode=1777,nosuid,nodev shm /dev/shm
                mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys
                mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net
                if [ -e /proc/sysrq-trigger ]; then mount --bind /proc/sysrq-trigger /proc/sysrq-trigger && mount -o remount,bind,ro /proc/sysrq-trigger; fi
                touch /probe-of-read-only 2>/dev/null && { echo "the machine's root is still writable" >&2; exit 1; }
                """);
        s.append("echo ready > \"$H/logs/sandbox.ready\"\nexec sleep infinity\n");
        return s.toString();
    }

    /** Everything this layout made, found by name and namespace: see Sweeper. */
    public void down() {
        Sweeper.sweep(layout);
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }
}
