/*
 * Test support: "VMs" for the ssh backend made on this machine. Each lab host is a netns lab host
 * (network, mount and UTS namespaces on the netns fabric, prefix "olabs-") running Debian's sshd
 * with key authentication only, behind the same stand-in internet (NAT routers, a DNS answer for
 * google.com); it is reached from this JVM through a management veth pair (a /30
 * in 198.18.0.0/15, the range set aside for network tests). Inside sshd's own mount namespace
 * only, a passwd copy gives root a home in the test folder and provides the privilege-separation
 * user; /run (and so /run/sshd) is the host's own folder. Keys, host keys, known_hosts and the
 * hosts file live in a temporary folder; the machine's ~/.ssh and ~/.bashrc are never read or
 * written. close() removes everything, also after a failure.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.netns.Fabric;
import org.overlaylab.hosts.netns.LabDns;
import org.overlaylab.hosts.netns.LabLayout;
import org.overlaylab.hosts.netns.NetnsSockets;
import org.overlaylab.hosts.netns.Sweeper;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

final class SshTestHosts implements AutoCloseable {
    static final String PREFIX = "olabs-";
    static final LabLayout LAYOUT = new LabLayout(Path.of("/var/tmp/overlaylab-sshtest"), PREFIX);
    /** The backend's folder on each test VM: under /var/lib, which is the host's own folder there. */
    static final String WORKDIR = "/var/lib/overlaylab-ssh";
    private static final Duration SETUP = Duration.ofSeconds(30);

    private final Lab lab;
    private final Path dir;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Map<String, Process> sshds = new LinkedHashMap<>();
    private final List<String> rootLinks = new ArrayList<>();
    private final NetnsSockets sockets = new NetnsSockets();
    private final List<LabDns> dns = new ArrayList<>();

    private SshTestHosts(Lab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** The lab's hosts as VMs with sshd, reachable at 198.18.N.2. */
    static SshTestHosts start(Lab lab) throws IOException {
        Sweeper.sweep(LAYOUT);
        // under the lab's folder: inside the hosts /tmp is each host's own
        Files.createDirectories(LAYOUT.root());
        SshTestHosts t = new SshTestHosts(lab, Files.createTempDirectory(LAYOUT.root(), "ssh"));
        try {
            t.up();
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private void up() throws IOException {
        new Fabric(LAYOUT).up(lab);
        keygen("ed25519", dir.resolve("id_ed25519"));
        keygen("ed25519", dir.resolve("other_ed25519"));
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        int n = 0;
        for (HostSpec h : lab.hosts()) {
            n++;
            String mgmt = "198.18." + n + ".";
            String root = PREFIX + "m" + n;
            sh("ip link add " + root + " type veth peer name mgmt0 netns " + LAYOUT.hostNetns(h.name()) + "\n"
                    + "ip addr add " + mgmt + "1/30 dev " + root + "\nip link set " + root + " up\n"
                    + "ip -n " + LAYOUT.hostNetns(h.name()) + " addr add " + mgmt + "2/30 dev mgmt0\n"
                    + "ip -n " + LAYOUT.hostNetns(h.name()) + " link set mgmt0 up\n");
            rootLinks.add(root);
            addresses.put(h.name(), mgmt + "2");
            Path hostDir = dir.resolve(h.name());
            Files.createDirectories(hostDir);
            keygen("ed25519", hostDir.resolve("ssh_host_ed25519_key"));
            keygen("ecdsa", hostDir.resolve("ssh_host_ecdsa_key"));
            startSshd(h, mgmt + "2");
            // the lab's outside world answers google.com, as it does for the netns backend's hosts
            DatagramSocket udp = sockets.bindUdp(LabLayout.netnsPath(LAYOUT.natNetns(h.name())), "10.0.2.3", 53);
            dns.add(new LabDns(udp, Map.of("google.com", Fabric.GOOGLE_IP, "www.google.com", Fabric.GOOGLE_IP)));
        }
        for (String host : addresses.keySet()) {
            awaitListening(addresses.get(host));
        }
    }

    private static void keygen(String type, Path file) throws IOException {
        Exec.check(SETUP, List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "overlaylab-test", "-f", file.toString()));
    }

    private static void sh(String script) throws IOException {
        Exec.check(SETUP, List.of("bash", "-c", "set -e\n" + script));
    }

    private void startSshd(HostSpec h, String address) throws IOException {
        Path hostDir = dir.resolve(h.name());
        Path config = hostDir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port 22",
                "ListenAddress " + address,
                "HostKey " + hostDir.resolve("ssh_host_ed25519_key"),
                "HostKey " + hostDir.resolve("ssh_host_ecdsa_key"),
                "PidFile /run/sshd-overlaylab.pid",
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "AllowTcpForwarding yes",
                "X11Forwarding no",
                "PrintMotd no",
                "") );
        // A passwd copy bound over /etc/passwd inside sshd's own mount namespace only: root's home is
        // the host's test folder (the machine's ~/.bashrc and ~/.ssh stay out of it), and the
        // privilege-separation user exists even where the machine lacks it. /run is the host's own.
        Path home = hostDir.resolve("root-home");
        Files.createDirectories(home);
        Path passwd = hostDir.resolve("passwd");
        String inner = "set -e\n"
                + "awk -F: -v OFS=: -v h=" + home + " '$1==\"root\"{$6=h} {print}' /etc/passwd > " + passwd + "\n"
                + "getent passwd sshd >/dev/null || echo 'sshd:x:64999:65534::/run/sshd:/usr/sbin/nologin' >> " + passwd + "\n"
                + "mount --bind " + passwd + " /etc/passwd\n"
                + "mkdir -p /run/sshd && chmod 755 /run/sshd\n"
                + "exec /usr/sbin/sshd -D -e -f " + config + "\n";
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(LAYOUT.enter(h.name()));
        argv.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", inner));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.redirectErrorStream(true);
        pb.redirectOutput(hostDir.resolve("sshd.log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        sshds.put(h.name(), pb.start());
    }

    private void awaitListening(String address) throws IOException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, 22), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IOException("sshd did not listen on " + address + ":22: " + sshdLogs());
    }

    String sshdLogs() {
        StringBuilder sb = new StringBuilder();
        for (String h : sshds.keySet()) {
            try {
                sb.append(h).append(": ").append(Files.readString(dir.resolve(h).resolve("sshd.log"))).append('\n');
            } catch (IOException ignored) {
                // no log yet
            }
        }
        return sb.toString();
    }

    String address(String host) {
        return addresses.get(host);
    }

    Path clientKey() {
        return dir.resolve("id_ed25519");
    }

    /** A key the hosts accept whose private half is encrypted with the passphrase. */
    Path encryptedKey(String passphrase) throws IOException {
        Path key = dir.resolve("encrypted_ed25519");
        if (!Files.exists(key)) {
            Exec.check(SETUP, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "overlaylab-test", "-f", key.toString()));
            Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("encrypted_ed25519.pub")),
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return key;
    }

    /** A key pair the hosts do not accept. */
    Path otherKey() {
        return dir.resolve("other_ed25519");
    }

    Path dir() {
        return dir;
    }

    /** A fresh, empty known_hosts file path (not created yet). */
    Path knownHosts(String name) {
        return dir.resolve("known_hosts-" + name);
    }

    /** A known_hosts file that already trusts every host's keys, as `ssh-keyscan` would write it. */
    Path trustedKnownHosts() throws IOException {
        Path f = dir.resolve("known_hosts-trusted");
        StringBuilder sb = new StringBuilder();
        for (HostSpec h : lab.hosts()) {
            for (String type : List.of("ed25519", "ecdsa")) {
                String pub = Files.readString(dir.resolve(h.name()).resolve("ssh_host_" + type + "_key.pub")).strip();
                String[] f2 = pub.split(" ");
                sb.append(addresses.get(h.name())).append(' ').append(f2[0]).append(' ').append(f2[1]).append('\n');
            }
        }
        Files.writeString(f, sb.toString());
        return f;
    }

    /** The SHA256 fingerprint of a host's key of one type, as ssh-keygen -lf prints it. */
    String fingerprint(String host, String type) throws IOException {
        String out = Exec.check(SETUP, List.of("ssh-keygen", "-lf", dir.resolve(host).resolve("ssh_host_" + type + "_key.pub").toString()));
        return out.split(" ")[1];
    }

    /** A hosts file for the lab: every host as root with the given key and flavour. */
    Path hostsFile(String name, Path key, String flavour, Map<String, String> addressOverrides) throws IOException {
        StringBuilder sb = new StringBuilder("# test VMs in network namespaces\nhosts:\n");
        for (HostSpec h : lab.hosts()) {
            sb.append("  ").append(h.name()).append(":\n");
            sb.append("    address: ").append(addressOverrides.getOrDefault(h.name(), addresses.get(h.name()))).append('\n');
            sb.append("    user: root\n");
            sb.append("    key: ").append(key).append('\n');
            sb.append("    flavour: ").append(flavour).append('\n');
            sb.append("    workdir: ").append(WORKDIR).append('\n');
        }
        Path f = dir.resolve("hosts-" + name + ".yaml");
        Files.writeString(f, sb.toString());
        return f;
    }

    /** Makes a host stop answering on its management address (packets dropped), or answer again. */
    void silence(String host, boolean silent) throws IOException {
        sh("ip netns exec " + LAYOUT.hostNetns(host) + " iptables -w " + (silent ? "-I" : "-D") + " INPUT -i mgmt0 -j DROP");
    }

    /** An address that answers nothing: a veth into an empty namespace that drops every packet. */
    String voidAddress() throws IOException {
        String ns = PREFIX + "void";
        if (!Sweeper.ourNetns(PREFIX).contains(ns)) {
            sh("ip netns add " + ns + "\n"
                    + "ip link add " + PREFIX + "mv type veth peer name eth0 netns " + ns + "\n"
                    + "ip addr add 198.18.99.1/30 dev " + PREFIX + "mv\nip link set " + PREFIX + "mv up\n"
                    + "ip -n " + ns + " addr add 198.18.99.2/30 dev eth0\nip -n " + ns + " link set eth0 up\n"
                    + "ip netns exec " + ns + " iptables -w -I INPUT -j DROP\n");
            rootLinks.add(PREFIX + "mv");
        }
        return "198.18.99.2";
    }

    /**
     * What a host looks like from outside, to compare before and after a lab: its devices,
     * addresses and routes, the programs running in it besides sshd, and whether the backend's
     * folder exists.
     */
    String hostState(String host) throws IOException {
        String ns = LAYOUT.hostNetns(host);
        String out = Exec.check(SETUP, List.of("bash", "-c", "ip -n " + ns + " -br link | awk '{print $1, $3}' | sort\n"
                + "ip -n " + ns + " -br addr | sort\n"
                + "ip -n " + ns + " route show | sort\n"
                + "for p in $(ip netns pids " + ns + "); do cat /proc/$p/comm 2>/dev/null; done | grep -v '^sshd' | sort | uniq -c\n"));
        boolean folder = Files.exists(LAYOUT.hostDir(host).resolve(WORKDIR.substring(1)));
        return out + (folder ? "backend folder present\n" : "");
    }

    Sweeper.Leftovers leftovers() {
        return Sweeper.leftovers(LAYOUT);
    }

    @Override
    public void close() {
        dns.forEach(LabDns::close);
        sockets.close();
        sshds.values().forEach(p -> {
            Exec.signalGroup(p.pid(), "KILL");
            p.destroyForcibly();
        });
        Sweeper.sweep(LAYOUT);
        for (String l : rootLinks) {
            try {
                Exec.run(Duration.ofSeconds(5), "ip", "link", "del", l);
            } catch (IOException ignored) {
                // gone with its namespace
            }
        }
        try {
            Exec.run(Duration.ofSeconds(10), "rm", "-rf", dir.toString());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
