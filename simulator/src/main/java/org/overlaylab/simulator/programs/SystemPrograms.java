/*
 * The everyday programs of a tutorial VM and of container images: cat, echo, ls, mkdir, chmod,
 * sleep, true, hostname, sh, and the setup-only ones the lab cannot really run (wget, curl, tar,
 * apt-get). Downloads and installs happen inside the simulated host: the notes say what the real
 * command would have fetched, and the files appear so later steps can use them.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.ovs.OvsSwitch;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Shell;
import org.overlaylab.simulator.text.Times;
import org.overlaylab.simulator.world.Packages;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.VirtualClock;
import org.overlaylab.simulator.world.VirtualFs;

final class SystemPrograms {
    private SystemPrograms() {}

    /**
     * A release file the lab's commands download: what it is, its size (null: not recorded here, so
     * wget's progress lines for it are not simulated), what program it is and in which version (a
     * second line of the program file, which the program reads), or what it unpacks to.
     */
    private record Download(String url, String fileName, Long size, String description, String program,
                            List<String> archiveEntries, String programVersion) {
        Download(String url, String fileName, Long size, String description, String program, List<String> archiveEntries) {
            this(url, fileName, size, description, program, archiveEntries, null);
        }
    }

    private static final String ARCHIVE_MARKER = "#!sim-archive\n";

    private static final List<Download> DOWNLOADS = List.of(
            new Download("https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz",
                    "etcd-v3.0.12-linux-amd64.tar.gz", 10164288L, "the etcd v3.0.12 release (etcd and etcdctl)", null,
                    List.of("etcd-v3.0.12-linux-amd64/", "etcd-v3.0.12-linux-amd64/Documentation/",
                            "etcd-v3.0.12-linux-amd64/Documentation/README.md",
                            "etcd-v3.0.12-linux-amd64/README-etcdctl.md", "etcd-v3.0.12-linux-amd64/README.md",
                            "etcd-v3.0.12-linux-amd64/etcdctl=etcdctl", "etcd-v3.0.12-linux-amd64/etcd=etcd")),
            new Download("https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64", "flanneld-amd64",
                    16546248L, "the flanneld v0.6.2 binary", "flanneld", null),
            new Download("https://github.com/coreos/flannel/releases/download/v0.10.0/flanneld-amd64", "flanneld-amd64",
                    null, "the flanneld v0.10.0 binary", "flanneld", null, "v0.10.0"),
            new Download("https://github.com/projectcalico/calicoctl/releases/download/v1.6.1/calicoctl", "calicoctl",
                    29815840L, "the calicoctl v1.6.1 binary", "calicoctl", null),
            // the calico-vxlan lab's calicoctl; its size is not recorded here, so wget shows no progress for it
            new Download("https://github.com/projectcalico/calicoctl/releases/download/v3.7.5/calicoctl", "calicoctl",
                    null, "the calicoctl v3.7.5 binary", "calicoctl", null));

    static void register(Map<String, org.overlaylab.simulator.shell.Program> r) {
        r.put("cat", SystemPrograms::cat);
        r.put("echo", inv -> {
            List<String> a = inv.rest();
            boolean newline = true;
            if (!a.isEmpty() && a.get(0).equals("-n")) {
                newline = false;
                a = a.subList(1, a.size());
            }
            inv.print(String.join(" ", a) + (newline ? "\n" : ""));
            return 0;
        });
        r.put("true", inv -> 0);
        r.put("sleep", inv -> {
            if (inv.rest().isEmpty()) {
                return inv.fail(1, "sleep: missing operand");
            }
            try {
                double s = Double.parseDouble(inv.rest().get(0).replaceAll("s$", ""));
                long nanos = (long) (s * VirtualClock.SECONDS);
                if (inv.mode == Invocation.Mode.BACKGROUND_JOB) {
                    // `sleep N &`: the terminal is free at once; nothing waits for it
                    return 0;
                }
                if (inv.stopAfterNanos != null && inv.stopAfterNanos < nanos) {
                    inv.world.clock().advance(inv.stopAfterNanos);
                    return 130;
                }
                inv.world.clock().advance(nanos);
                return 0;
            } catch (NumberFormatException e) {
                return inv.fail(1, "sleep: invalid time interval '" + inv.rest().get(0) + "'");
            }
        });
        r.put("hostname", inv -> {
            if (inv.rest().contains("-i")) {
                return hostnameAddress(inv);
            }
            inv.println(inv.container != null ? containerHostname(inv) : inv.host.hostname());
            return 0;
        });
        r.put("nslookup", SystemPrograms::nslookup);
        r.put("ls", SystemPrograms::ls);
        r.put("mkdir", inv -> {
            for (String a : inv.rest()) {
                if (!a.startsWith("-")) {
                    inv.host.fs().mkdirs(VirtualFs.normalize(inv.cwd(), a));
                }
            }
            return 0;
        });
        r.put("chmod", SystemPrograms::chmod);
        r.put("sh", SystemPrograms::sh);
        r.put("wget", SystemPrograms::wget);
        r.put("curl", SystemPrograms::curl);
        r.put("tar", SystemPrograms::tar);
        r.put("apt-get", SystemPrograms::aptGet);
        r.put("service", SystemPrograms::service);
        r.put("systemctl", SystemPrograms::systemctl);
    }

    private static int cat(Invocation inv) {
        if (inv.rest().isEmpty()) {
            inv.print(inv.stdin);
            return 0;
        }
        int status = 0;
        for (String a : inv.rest()) {
            if (inv.container != null) {
                String content = containerFile(inv, a);
                if (content == null) {
                    status = inv.fail(1, "cat: can't open '" + a + "': No such file or directory");
                } else {
                    inv.print(content);
                }
                continue;
            }
            String path = VirtualFs.normalize(inv.cwd(), a);
            String kernelFile = kernelFile(inv, path);
            if (kernelFile != null) {
                inv.print(kernelFile);
                continue;
            }
            if (path.startsWith("/proc/") || path.startsWith("/sys/")) {
                status = inv.fail(1, "'cat " + a + "' is not simulated here; it runs on the netns and ssh backends");
                continue;
            }
            if (inv.host.fs().isDirectory(path)) {
                status = inv.fail(1, "cat: " + a + ": Is a directory");
            } else if (!inv.host.fs().isFile(path)) {
                status = inv.fail(1, "cat: " + a + ": No such file or directory");
            } else {
                String c = inv.host.fs().read(path);
                inv.print(c.startsWith(VirtualFs.PROGRAM_MARKER) || c.startsWith(ARCHIVE_MARKER) ? "" : c);
            }
        }
        return status;
    }

    /** `hostname -i` in a container: its name looked up in the /etc/hosts Docker wrote. */
    private static int hostnameAddress(Invocation inv) {
        if (inv.container == null) {
            return inv.fail(1, "'hostname -i' is not simulated here on a host; it runs on the netns and ssh backends");
        }
        String hosts = containerHosts(inv);
        String name = containerHostname(inv);
        for (String line : hosts.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[1].equals(name)) {
                inv.println(f[0]);
                return 0;
            }
        }
        return inv.fail(1, "hostname: " + name + ": Unknown host");
    }

    /**
     * Busybox's nslookup in a container on a user-defined network, answered by Docker's embedded
     * DNS (127.0.0.11) from the containers on the same network, on every host for a global one.
     */
    private static int nslookup(Invocation inv) {
        List<String> names = inv.rest().stream().filter(w -> !w.startsWith("-")).toList();
        if (inv.container == null || names.isEmpty() || inv.host.docker() == null) {
            return inv.fail(1, "'nslookup " + String.join(" ", inv.rest())
                    + "' is not simulated here outside a container on a user-defined network; it runs on the netns and ssh backends");
        }
        org.overlaylab.simulator.docker.ContainerRecord me = inv.host.docker().container(inv.container);
        String name = names.get(0);
        for (org.overlaylab.simulator.docker.ContainerRecord.Endpoint ep : me.endpoints().values()) {
            if (ep.networkName().equals("bridge") || ep.networkName().equals("docker_gwbridge")) {
                continue;
            }
            DockerEngine.NetworkView net = inv.host.docker().network(ep.networkId());
            boolean global = net != null && net.global();
            for (SimHost h : inv.world.hosts()) {
                if ((!global && h != inv.host) || h.docker() == null || !h.docker().running()) {
                    continue;
                }
                for (org.overlaylab.simulator.docker.ContainerRecord c : h.docker().containers()) {
                    var other = c.endpoints().get(ep.networkName());
                    if (c.running() && other != null && other.networkId().equals(ep.networkId())
                            && other.address() != null && c.name().equals(name)) {
                        // busybox asks for AAAA and A at once; the empty AAAA answer comes back first
                        inv.print("Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n\n"
                                + "Non-authoritative answer:\nName:\t" + name + "\nAddress: "
                                + org.overlaylab.model.net.Ipv4.format(other.address().address()) + "\n\n");
                        return 0;
                    }
                }
            }
            return inv.fail(1, "'nslookup " + name + "' for a name that is not a container on the network is not "
                    + "simulated here; it runs on the netns and ssh backends");
        }
        return inv.fail(1, "'nslookup' on Docker's default bridge network is not simulated here; it runs on the "
                + "netns and ssh backends");
    }

    /** Docker names a container's host after the first 12 hex digits of the container's ID. */
    private static String containerHostname(Invocation inv) {
        org.overlaylab.simulator.docker.ContainerRecord c = inv.host.docker() == null ? null
                : inv.host.docker().container(inv.container);
        return c == null ? inv.container : c.id().substring(0, 12);
    }

    /** The files the kernel makes up from its state: /proc/net/arp and the /proc/sys/net values modelled. */
    private static String kernelFile(Invocation inv, String path) {
        if (path.equals("/proc/net/arp")) {
            return NetStatus.procNetArp(inv.ns, inv.world.clock().now());
        }
        if (path.startsWith("/proc/sys/net/")) {
            String v = NetStatus.procSys(inv.ns, path);
            return v == null ? null : v + "\n";
        }
        return null;
    }

    /**
     * The files of a container that a student reads: hosts (as Docker 20.10 writes it: localhost,
     * the IPv6 names, then the container's address and hostname), hostname, resolv.conf, and the
     * kernel's files of its namespace.
     */
    private static String containerFile(Invocation inv, String path) {
        String kernel = kernelFile(inv, path);
        if (kernel != null) {
            return kernel;
        }
        return switch (path) {
            case "/etc/hostname" -> containerHostname(inv) + "\n";
            case "/etc/resolv.conf" -> "nameserver 10.0.2.3\n";
            case "/etc/hosts" -> containerHosts(inv);
            default -> null;
        };
    }

    private static String containerHosts(Invocation inv) {
        StringBuilder sb = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
        org.overlaylab.simulator.docker.ContainerRecord c = inv.host.docker() == null ? null
                : inv.host.docker().container(inv.container);
        if (c != null) {
            c.endpoints().values().stream().filter(e -> e.address() != null).findFirst().ifPresent(e ->
                    sb.append(org.overlaylab.model.net.Ipv4.format(e.address().address())).append('\t')
                            .append(containerHostname(inv)).append('\n'));
        }
        return sb.toString();
    }

    private static int ls(Invocation inv) {
        List<String> targets = new ArrayList<>();
        boolean longFormat = false;
        for (String a : inv.rest()) {
            if (a.startsWith("-")) {
                longFormat |= a.contains("l");
            } else {
                targets.add(a);
            }
        }
        if (targets.isEmpty()) {
            targets.add(".");
        }
        int status = 0;
        for (String t : targets) {
            String path = VirtualFs.normalize(inv.cwd(), t);
            VirtualFs fs = inv.host.fs();
            if (path.equals("/var/run/docker/netns") || path.equals("/run/docker/netns")) {
                DockerEngine d = inv.host.docker();
                List<String> names = new ArrayList<>();
                inv.host.namespaces().values().forEach(ns -> {
                    if (ns.kind() != org.overlaylab.simulator.kernel.NetNs.Kind.NAMED) {
                        names.add(ns.name());
                    }
                });
                if (d == null || names.isEmpty()) {
                    if (!fs.isDirectory(path)) {
                        status = inv.fail(2, "ls: cannot access '" + t + "': No such file or directory");
                    }
                    continue;
                }
                names.sort(null);
                inv.println(String.join("  ", names));
                continue;
            }
            if (fs.isFile(path)) {
                inv.println(longFormat ? longLine(fs, path) : t);
            } else if (fs.isDirectory(path)) {
                List<String> names = fs.list(path);
                if (longFormat) {
                    inv.println("total " + names.size() * 4);
                    for (String n : names) {
                        inv.println(longLine(fs, path.equals("/") ? "/" + n : path + "/" + n));
                    }
                } else if (!names.isEmpty()) {
                    inv.println(String.join("  ", names));
                }
            } else {
                status = inv.fail(2, "ls: cannot access '" + t + "': No such file or directory");
            }
        }
        return status;
    }

    private static String longLine(VirtualFs fs, String path) {
        boolean dir = fs.isDirectory(path);
        VirtualFs.File f = fs.file(path);
        int mode = dir ? 0775 : f.mode();
        StringBuilder perms = new StringBuilder(dir ? "d" : "-");
        for (int shift = 6; shift >= 0; shift -= 3) {
            int m = (mode >> shift) & 7;
            perms.append((m & 4) != 0 ? 'r' : '-').append((m & 2) != 0 ? 'w' : '-').append((m & 1) != 0 ? 'x' : '-');
        }
        long size = dir ? 4096 : f.content().length();
        return perms + " 1 vagrant vagrant " + String.format("%8d", size) + " Oct 24 08:53 " + VirtualFs.name(path);
    }

    private static int chmod(Invocation inv) {
        if (inv.rest().size() < 2) {
            return inv.fail(1, "chmod: missing operand");
        }
        String mode = inv.rest().get(0);
        for (String target : inv.rest().subList(1, inv.rest().size())) {
            String path = VirtualFs.normalize(inv.cwd(), target);
            VirtualFs.File f = inv.host.fs().file(path);
            if (f == null) {
                return inv.fail(1, "chmod: cannot access '" + target + "': No such file or directory");
            }
            if (path.startsWith("/usr/") && !inv.root) {
                return inv.fail(1, "chmod: changing permissions of '" + target + "': Operation not permitted");
            }
            int m;
            if (mode.matches("[0-7]{3,4}")) {
                m = Integer.parseInt(mode, 8);
            } else if (mode.matches("[ugoa]*\\+x")) {
                m = f.mode() | 0111;
            } else if (mode.matches("[ugoa]*-x")) {
                m = f.mode() & ~0111;
            } else {
                return inv.fail(1, "chmod: invalid mode: '" + mode + "'");
            }
            inv.host.fs().chmod(path, m);
        }
        return 0;
    }

    /** sh -c "..." in a container (or on the host): the script runs in the same context. */
    private static int sh(Invocation inv) {
        List<String> a = inv.rest();
        if (a.size() >= 2 && a.get(0).equals("-c")) {
            Shell.Context ctx = new Shell.Context(inv.host, inv.ns, inv.userland, inv.container,
                    new LinkedHashMap<>(inv.env), inv.root, inv.userland != Invocation.Userland.HOST);
            Shell.Outcome out = inv.world.shell().runInside(ctx, a.get(1), inv);
            out.replayInto(inv);
            return out.status();
        }
        return 0;
    }

    // ------------------------------------------------------------------ downloads

    private static Download known(String url) {
        return DOWNLOADS.stream().filter(d -> d.url().equals(url)).findFirst().orElse(null);
    }

    private static int wget(Invocation inv) {
        String url = null;
        String output = null;
        boolean quiet = false;
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("-O") && i + 1 < a.size()) {
                output = a.get(++i);
            } else if (w.startsWith("-O") && w.length() > 2) {
                output = w.substring(2);
            } else if (w.equals("-q")) {
                quiet = true;
            } else if (!w.startsWith("-")) {
                url = w;
            }
        }
        if (url == null) {
            inv.err.append("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
            return 1;
        }
        Download d = known(url);
        long now = inv.world.clock().now();
        String stamp = Times.etcd(now).substring(0, 19);
        if (d == null) {
            if (!quiet) {
                inv.err.append("--").append(stamp).append("--  ").append(url).append('\n');
                inv.err.append("Resolving ").append(hostOf(url)).append(" (").append(hostOf(url))
                        .append(")... failed: Name or service not known.\n");
                inv.err.append("wget: unable to resolve host address '").append(hostOf(url)).append("'\n");
            }
            inv.note("this lab's simulated VMs can download only the files the tutorial uses");
            return 4;
        }
        String target = output != null ? output : d.fileName();
        String path = VirtualFs.normalize(inv.cwd(), target);
        if (!inv.root && path.startsWith("/usr/")) {
            inv.err.append(target).append(": Permission denied\n");
            return 3;
        }
        String content = d.program() != null ? VirtualFs.PROGRAM_MARKER + d.program() + "\n"
                + (d.programVersion() == null ? "" : "version " + d.programVersion() + "\n")
                : ARCHIVE_MARKER + String.join("\n", d.archiveEntries()) + "\n";
        inv.host.fs().write(path, content, 0644);
        long seconds = 3 + (d.size() == null ? 0 : d.size()) / 4_000_000;
        inv.world.clock().advance(seconds * VirtualClock.SECONDS);
        if (!quiet && d.size() == null) {
            inv.err.append("--").append(stamp).append("--  ").append(url).append('\n');
            inv.note("wget's progress lines for " + d.description() + " are not simulated here (its size is not"
                    + " recorded); the file is saved as " + target);
        } else if (!quiet) {
            String mb = String.format("%.2fM", d.size() / 1048576.0);
            String rate = String.format("%.2f MB/s", d.size() / 1048576.0 / seconds);
            inv.err.append("--").append(stamp).append("--  ").append(url).append('\n')
                    .append("Resolving github.com (github.com)... 192.30.253.112, 192.30.253.113\n")
                    .append("Connecting to github.com (github.com)|192.30.253.112|:443... connected.\n")
                    .append("HTTP request sent, awaiting response... 302 Found\n")
                    .append("Location: https://github-production-release-asset-2e65be.s3.amazonaws.com/").append(d.fileName())
                    .append(" [following]\n")
                    .append("HTTP request sent, awaiting response... 200 OK\n")
                    .append("Length: ").append(d.size()).append(" (").append(String.format("%.1fM", d.size() / 1048576.0))
                    .append(") [application/octet-stream]\n")
                    .append("Saving to: \u2018").append(target).append("\u2019\n\n")
                    .append(target).append("   100%[===================>]  ").append(mb).append("  ").append(rate)
                    .append("    in ").append(seconds).append(".0s\n\n")
                    .append(Times.etcd(inv.world.clock().now()).substring(0, 19)).append(" (").append(rate).append(") - \u2018")
                    .append(target).append("\u2019 saved [").append(d.size()).append('/').append(d.size()).append("]\n");
        }
        inv.note("the simulated VM downloads " + d.description() + "; no data leaves this machine");
        return 0;
    }

    private static String hostOf(String url) {
        String s = url.replaceFirst("^[a-z]+://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    private static int curl(Invocation inv) {
        String url = inv.rest().stream().filter(w -> !w.startsWith("-")).findFirst().orElse(null);
        if (url == null) {
            return inv.fail(2, "curl: no URL specified!");
        }
        if (url.matches("https?://(127\\.0\\.0\\.1|localhost|192\\.168\\.205\\.[0-9]+):2379/version")) {
            if (inv.world.etcd().available()) {
                inv.print("{\"etcdserver\":\"3.0.12\",\"etcdcluster\":\"3.0.0\"}");
                return 0;
            }
        }
        return inv.fail(6, "curl: (6) Could not resolve host: " + hostOf(url));
    }

    private static int tar(Invocation inv) {
        List<String> a = inv.rest();
        if (a.isEmpty()) {
            return inv.fail(2, "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n"
                    + "Try 'tar --help' or 'tar --usage' for more information.");
        }
        String flags = a.get(0).replace("-", "");
        String archive = null;
        int i = 1;
        if (flags.contains("f")) {
            if (a.size() < 2) {
                return inv.fail(2, "tar: option requires an argument -- 'f'");
            }
            archive = a.get(1);
            i = 2;
        }
        if (!flags.contains("x") && !flags.contains("t")) {
            return inv.fail(2, "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
        }
        String path = VirtualFs.normalize(inv.cwd(), archive);
        String content = inv.host.fs().read(path);
        if (content == null) {
            inv.err.append("tar (child): ").append(archive).append(": Cannot open: No such file or directory\n")
                    .append("tar (child): Error is not recoverable: exiting now\n")
                    .append("\ngzip: stdin: unexpected end of file\n")
                    .append("tar: Child returned status 2\ntar: Error is not recoverable: exiting now\n");
            return 2;
        }
        if (!content.startsWith(ARCHIVE_MARKER)) {
            inv.err.append("\ngzip: stdin: not in gzip format\ntar: Child returned status 1\n")
                    .append("tar: Error is not recoverable: exiting now\n");
            return 2;
        }
        boolean verbose = flags.contains("v");
        boolean list = flags.contains("t");
        for (String entry : content.substring(ARCHIVE_MARKER.length()).split("\n")) {
            if (entry.isBlank()) {
                continue;
            }
            String name = entry.contains("=") ? entry.substring(0, entry.indexOf('=')) : entry;
            if (verbose || list) {
                inv.println(name);
            }
            if (list) {
                continue;
            }
            String target = VirtualFs.normalize(inv.cwd(), name);
            if (name.endsWith("/")) {
                inv.host.fs().mkdirs(target);
            } else if (entry.contains("=")) {
                inv.host.fs().write(target, VirtualFs.PROGRAM_MARKER + entry.substring(entry.indexOf('=') + 1) + "\n", 0755);
            } else {
                inv.host.fs().write(target, "", 0644);
            }
        }
        if (!list) {
            inv.note("tar unpacks the release: its programs run as simulated "
                    + String.join(" and ", entriesWithPrograms(content)));
        }
        return 0;
    }

    private static List<String> entriesWithPrograms(String content) {
        List<String> out = new ArrayList<>();
        for (String e : content.split("\n")) {
            if (e.contains("=")) {
                out.add(e.substring(e.indexOf('=') + 1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ packages and services

    private static int aptGet(Invocation inv) {
        List<String> a = new ArrayList<>(inv.rest());
        a.removeIf(w -> w.startsWith("-"));
        if (a.isEmpty()) {
            inv.print("apt 1.2.24 (amd64)\nUsage: apt-get [options] command\n");
            return 0;
        }
        String cmd = a.remove(0);
        if (!inv.root) {
            inv.err.append("E: Could not open lock file /var/lib/dpkg/lock - open (13: Permission denied)\n")
                    .append("E: Unable to lock the administration directory (/var/lib/dpkg/), are you root?\n");
            return 100;
        }
        if (cmd.equals("update")) {
            inv.print("Hit:1 http://archive.ubuntu.com/ubuntu xenial InRelease\nReading package lists...\n");
            inv.world.clock().advance(4 * VirtualClock.SECONDS);
            inv.note("the simulated VM refreshes its package lists");
            return 0;
        }
        if (!cmd.equals("install")) {
            return inv.fail(100, "E: Invalid operation " + cmd);
        }
        List<String> toInstall = new ArrayList<>();
        for (String p : a) {
            if (!Packages.FILES.containsKey(p)) {
                inv.print("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
                return inv.fail(100, "E: Unable to locate package " + p);
            }
            for (String dep : Packages.withDependencies(p)) {
                if (!inv.host.packages().contains(dep) && !toInstall.contains(dep)) {
                    toInstall.add(dep);
                }
            }
        }
        inv.print("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
        if (toInstall.isEmpty()) {
            for (String p : a) {
                inv.println(p + " is already the newest version (" + Packages.VERSIONS.get(p) + ").");
            }
            inv.println("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            return 0;
        }
        inv.println("The following NEW packages will be installed:");
        inv.println("  " + String.join(" ", toInstall));
        inv.println("0 upgraded, " + toInstall.size() + " newly installed, 0 to remove and 0 not upgraded.");
        int n = 1;
        for (String p : toInstall) {
            inv.println("Get:" + n++ + " http://archive.ubuntu.com/ubuntu xenial-updates/main amd64 " + p + " amd64 "
                    + Packages.VERSIONS.get(p));
        }
        for (String p : toInstall) {
            inv.println("Selecting previously unselected package " + p + ".");
            inv.println("Unpacking " + p + " (" + Packages.VERSIONS.get(p) + ") ...");
        }
        for (String p : toInstall) {
            inv.println("Setting up " + p + " (" + Packages.VERSIONS.get(p) + ") ...");
            inv.host.install(p);
            if (p.equals("openvswitch-switch") && inv.host.ovs() == null) {
                inv.host.setOvs(new OvsSwitch(inv.world, inv.host));
            }
        }
        inv.world.clock().advance(12 * VirtualClock.SECONDS);
        inv.note("the simulated VM installs " + String.join(", ", toInstall)
                + (toInstall.contains("openvswitch-switch") ? " and starts ovsdb-server and ovs-vswitchd" : ""));
        return 0;
    }

    private static int service(Invocation inv) {
        List<String> a = inv.rest();
        if (a.size() < 2) {
            return inv.fail(1, "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]");
        }
        return serviceAction(inv, a.get(0), a.get(1));
    }

    private static int systemctl(Invocation inv) {
        List<String> a = inv.rest();
        if (a.size() < 2) {
            return inv.fail(1, "Too few arguments.");
        }
        return serviceAction(inv, a.get(1).replace(".service", ""), a.get(0));
    }

    private static int serviceAction(Invocation inv, String name, String action) {
        SimHost host = inv.host;
        if (name.equals("openvswitch-switch") && host.ovs() != null) {
            return 0;
        }
        if (!name.equals("docker") || host.docker() == null) {
            return inv.fail(5, "Failed to " + action + " " + name + ".service: Unit " + name + ".service not found.");
        }
        if (!inv.root && !action.equals("status")) {
            return inv.fail(1, "Failed to " + action + " docker.service: Interactive authentication required.\n"
                    + "See system logs and 'systemctl status docker.service' for details.");
        }
        DockerEngine d = host.docker();
        switch (action) {
            case "stop" -> {
                if (d.running() && d.origin() == DockerEngine.Origin.SERVICE) {
                    d.stop();
                } else if (d.running()) {
                    inv.note("the running daemon was started by hand, not by the docker service; the service had nothing to stop");
                }
                return 0;
            }
            case "start", "restart" -> {
                if (action.equals("restart") && d.running() && d.origin() == DockerEngine.Origin.SERVICE) {
                    d.stop();
                }
                if (!d.running()) {
                    try {
                        d.start(org.overlaylab.simulator.docker.DaemonConfig.DEFAULT, DockerEngine.Origin.SERVICE,
                                new StringBuilder());
                    } catch (DockerEngine.DockerError e) {
                        return inv.fail(1, "Job for docker.service failed because the control process exited with error code.\n"
                                + "See \"systemctl status docker.service\" and \"journalctl -xe\" for details.");
                    }
                }
                return 0;
            }
            case "status" -> {
                boolean up = d.running() && d.origin() == DockerEngine.Origin.SERVICE;
                inv.println("\u25cf docker.service - Docker Application Container Engine");
                inv.println("   Loaded: loaded (/lib/systemd/system/docker.service; enabled; vendor preset: enabled)");
                inv.println("   Active: " + (up ? "active (running)" : "inactive (dead)"));
                if (up) {
                    inv.println(" Main PID: " + d.pid() + " (dockerd)");
                }
                return up ? 0 : 3;
            }
            default -> {
                return inv.fail(1, "Usage: /etc/init.d/docker {start|stop|restart|status}");
            }
        }
    }
}
