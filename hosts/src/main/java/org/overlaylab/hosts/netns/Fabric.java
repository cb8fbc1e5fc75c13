/*
 * The namespaces a netns lab is made of, built with iproute2 and torn down again: an underlay
 * switch (bridge br0 in "olab-sw"), one namespace per lab host named after it whose devices carry
 * the tutorial's NIC names (lo, enp0s8 on the underlay, enp0s3 on its NAT network), and the lab's
 * outside world: behind each host's 10.0.2.2 a NAT router, then one "internet" router, then a
 * namespace owning google.com's address. Nothing gets a route to the machine's real network.
 * Each host also gets a persistent mount and UTS namespace (see LabLayout) so it has its own
 * hostname, /sys, cgroup mounts and per-host /run, /var/lib and /etc/docker.
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
import org.overlaylab.hosts.debian.HostShims;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.observe.LabObservation;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;

public final class Fabric {
    public static final String GOOGLE_IP = "172.217.22.14";
    private static final Duration SETUP_DEADLINE = Duration.ofSeconds(30);

    private final LabLayout layout;

    public Fabric(LabLayout layout) {
        this.layout = layout;
    }

    /** The VirtualBox-style MAC of a host's NIC: 08:00:27 then bytes from the host's number and the NIC. */
    public static String nicMac(int hostIndex, int nic) {
        return String.format("08:00:27:%02x:%02x:%02x", 0x10 + hostIndex, 0xc0 + nic, 0x30 + hostIndex);
    }

    /** Builds the switch, the outside world and every host; throws with the failing command's message. */
    public void up(List<HostSpec> hosts) throws IOException {
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
        sh.append("ip netns add ").append(sw).append('\n');
        sh.append(noIpv6(sw));
        sh.append("ip -n ").append(sw).append(" link add br0 type bridge\n");
        sh.append("ip -n ").append(sw).append(" link set br0 up\n");
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
            appendHost(sh, hosts.get(i), i + 1);
        }
        Exec.check(SETUP_DEADLINE, List.of("bash", "-c", sh.toString()));
        for (int i = 0; i < hosts.size(); i++) {
            prepareHostFolder(hosts.get(i));
            Exec.check(SETUP_DEADLINE, List.of("bash", "-c", mountNamespaceScript(hosts.get(i))));
        }
    }

    private void appendHost(StringBuilder sh, HostSpec h, int i) {
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
        sh.append("ip netns add ").append(host).append('\n');
        sh.append("ip netns add ").append(nat).append('\n');
        sh.append(noIpv6(host)).append(noIpv6(nat));
        sh.append("ip -n ").append(host).append(" link set lo up\n");
        sh.append("ip link add ").append(h.underlayInterface()).append(" netns ").append(host)
                .append(" address ").append(nicMac(i, 8)).append(" type veth peer name ").append(port)
                .append(" netns ").append(sw).append('\n');
        sh.append("ip -n ").append(sw).append(" link set ").append(port).append(" master br0 up\n");
        sh.append("ip -n ").append(host).append(" addr add ").append(underlayCidr(h)).append(" dev ")
                .append(h.underlayInterface()).append('\n');
        sh.append("ip -n ").append(host).append(" link set ").append(h.underlayInterface()).append(" up\n");
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
     * The tutorial's networks are IPv4 only: without IPv6 the underlay carries no router
     * solicitations or multicast listener reports, only what the lab does.
     */
    private static String noIpv6(String netns) {
        return "nsenter --net=/run/netns/" + netns + " sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1\n";
    }

    static String underlayCidr(HostSpec h) {
        return h.underlayAddress().contains("/") ? h.underlayAddress() : h.underlayAddress() + "/24";
    }

    /** The per-host folder: bound directories, resolv.conf pointing at the NAT router, sudo and etcdctl. */
    private void prepareHostFolder(HostSpec h) throws IOException {
        Path d = layout.hostDir(h.name());
        for (String dir : LabLayout.BOUND_DIRS) {
            Files.createDirectories(d.resolve(dir));
        }
        Files.createDirectories(layout.homeDir(h.name()));
        Files.createDirectories(layout.binDir(h.name()));
        Files.createDirectories(d.resolve("logs"));
        Cidr nat = LabObservation.natCidr(h);
        Files.writeString(d.resolve("etc/resolv.conf"), "nameserver " + Ipv4.format(nat.host(3)) + "\n");
        Files.writeString(d.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + h.hostname() + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n");
        Files.writeString(d.resolve("etc/docker/daemon.json"),
                "{\n  \"storage-driver\": \"vfs\",\n  \"iptables\": false,\n  \"ip-masq\": false\n}\n");
        for (Map.Entry<String, String> shim : HostShims.ALL.entrySet()) {
            writeScript(layout.binDir(h.name()).resolve(shim.getKey()), shim.getValue());
        }
    }

    static void writeScript(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Makes the host's persistent mount and UTS namespaces from inside its network namespace, so its
     * /sys shows its own devices; re-mounts the cgroup hierarchies dockerd needs and binds the host
     * folder over the tutorial's paths.
     */
    private String mountNamespaceScript(HostSpec h) {
        String d = layout.hostDir(h.name()).toString();
        String mnt = layout.mountNamespaceFile(h.name()).toString();
        String uts = layout.utsNamespaceFile(h.name()).toString();
        StringBuilder inner = new StringBuilder("set -e\n");
        inner.append("hostname ").append(Exec.quote(h.hostname())).append('\n');
        inner.append("umount -l /sys\nmount -t sysfs sysfs /sys\n");
        inner.append("mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup\n");
        inner.append("awk '$3==\"cgroup\"||$3==\"cgroup2\" {print $2, $3, $4}' /proc/1/mounts | ")
                .append("while read p t o; do mkdir -p \"$p\"; mount -t \"$t\" -o \"$o\" \"$t\" \"$p\"; done\n");
        for (String dir : LabLayout.BOUND_DIRS) {
            inner.append("mount --bind ").append(d).append('/').append(dir).append(" /").append(dir).append('\n');
        }
        for (String f : LabLayout.BOUND_FILES) {
            inner.append("mount --bind ").append(d).append('/').append(f).append(" /").append(f).append('\n');
        }
        return "set -e\ntouch " + mnt + " " + uts + "\n"
                + "nsenter --net=/run/netns/" + layout.hostNetns(h.name()) + " unshare --mount=" + mnt + " --uts=" + uts
                + " --propagation private sh -c " + Exec.quote(inner.toString()) + "\n";
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
