/*
 * How each tutorial command that cannot run as written on this machine is carried out instead, and
 * the small rewrites of commands that do run for real (userspace datapath for OVS bridges, Ctrl-C
 * inside a container for `docker exec ... ping`). The notes each mapping adds say what really ran.
 */
package org.overlaylab.hosts.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.overlaylab.hosts.core.LabShell.Handler;
import org.overlaylab.hosts.core.LabShell.Invocation;
import org.overlaylab.hosts.core.LabShell.Outcome;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.shell.Programs;
import org.overlaylab.model.shell.ShellScript.Pipeline;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;

public final class Mappings {
    private Mappings() {}

    /** Every mapping below: the tutorial's commands on a host whose tools are Debian's. */
    public static final CommandMapping DEBIAN = new CommandMapping() {
        @Override
        public Handler handlerFor(Invocation inv) {
            return Mappings.handlerFor(inv);
        }

        @Override
        public List<String> rewrite(LabShell shell, SimpleCommand c, Duration stopAfter, List<String> notes) {
            return Mappings.rewrite(shell, c, stopAfter, notes);
        }

        @Override
        public boolean needsInnerInterrupt(Pipeline p, Duration stopAfter) {
            return Mappings.needsInnerInterrupt(p, stopAfter);
        }
    };

    /** Programs inside a container that never end by themselves and print a summary on Ctrl-C. */
    private static final Set<String> INTERRUPTIBLE = Set.of("ping", "tcpdump", "top", "watch", "tail", "arping", "nc");

    static Handler handlerFor(Invocation inv) {
        List<String> a = inv.args();
        return switch (inv.program()) {
            case "wget", "curl" -> a.stream().anyMatch(x -> x.startsWith("http://") || x.startsWith("https://"))
                    ? Mappings::download : null;
            case "tar" -> Mappings::untar;
            case "apt-get", "apt", "yum" -> a.contains("install") ? Mappings::install : null;
            case "service", "systemctl" -> Mappings::service;
            case "dockerd" -> Mappings::dockerDaemon;
            case "docker" -> dockerHandler(a);
            case "etcd" -> Mappings::etcd;
            case "flanneld" -> (shell, i) -> shell.lab().flannel().start(shell, i);
            case "calicoctl" -> (shell, i) -> shell.lab().calico().calicoctl(shell, i);
            case "chmod" -> Mappings::chmod;
            case "tc" -> a.contains("netem") ? Mappings::netem : null;
            case "pkill", "killall" -> a.contains("flanneld") && a.stream().filter(x -> !x.startsWith("-")).count() == 1
                    ? (shell, i) -> shell.lab().flannel().kill(shell, i) : null;
            default -> null;
        };
    }

    /** This machine's kernel has no sch_netem: delay and loss by tc are the simulator's alone. */
    static Outcome netem(LabShell shell, Invocation inv) {
        return Outcome.fail(2, "Error: Specified qdisc kind is unknown.\n", List.of("refused: `" + inv.shown()
                + "` needs the netem queueing discipline, which this machine's kernel does not have; delay and loss by"
                + " tc work on the simulator backend (iptables' statistic match drops packets here)"));
    }

    private static Handler dockerHandler(List<String> a) {
        if (a.isEmpty()) {
            return null;
        }
        if (a.get(0).equals("daemon")) {
            return (shell, inv) -> dockerDaemon(shell, new Invocation("dockerd", "dockerd", a.subList(1, a.size()),
                    inv.assignments(), inv.wrappers(), inv.background(), inv.stopAfter(), inv.command()));
        }
        if (a.size() >= 2 && a.get(0).equals("network") && a.get(1).equals("create")) {
            return (shell, inv) -> shell.lab().calico().createNetwork(shell, inv);
        }
        if (a.size() >= 2 && a.get(0).equals("network") && (a.get(1).equals("ls") || a.get(1).equals("inspect"))) {
            return (shell, inv) -> shell.lab().calico().networkCommand(shell, inv);
        }
        if (a.get(0).equals("run")) {
            return (shell, inv) -> shell.lab().calico().run(shell, inv);
        }
        if (a.get(0).equals("start") || a.get(0).equals("stop") || a.get(0).equals("restart")) {
            return (shell, inv) -> shell.lab().calico().stopOrStart(shell, inv);
        }
        return null;
    }

    // ------------------------------------------------------------------ rewrites of real commands

    static List<String> rewrite(LabShell shell, SimpleCommand c, Duration stopAfter, List<String> notes) {
        List<String> words = ShellText.words(c);
        int idx = Programs.indexOfProgram(c.words());
        if (idx < 0) {
            return words;
        }
        String program = KnownPrograms.baseName(c.words().get(idx).literal());
        List<String> lits = new ArrayList<>();
        c.words().forEach(w -> lits.add(w.literal()));
        switch (program) {
            case "docker" -> {
                String image = ImageNames.imageOf(c);
                if (image != null && !image.equals("busybox") && !image.startsWith("busybox:")) {
                    notes.add("image " + image + " is the lab's busybox image under that name (no registry here; "
                            + "its bash runs busybox sh)");
                }
                interruptInsideContainer(words, lits, idx, stopAfter, notes);
            }
            case "ovs-vsctl" -> {
                int addBr = lits.indexOf("add-br");
                if (addBr > 0 && addBr + 1 < lits.size() && lits.stream().noneMatch(w -> w.contains("datapath_type"))) {
                    String br = lits.get(addBr + 1);
                    int insertAt = addBr + 2;
                    words.add(insertAt, "-- set bridge " + br + " datapath_type=netdev");
                    notes.add("ran: ovs-vsctl add-br " + br + " -- set bridge " + br
                            + " datapath_type=netdev (userspace datapath: this kernel has no openvswitch module)");
                }
                int addPort = lits.indexOf("add-port");
                if (addPort > 0 && addPort + 2 < lits.size()) {
                    String port = lits.get(addPort + 2);
                    if (port.matches("[A-Za-z0-9_.-]+")) {
                        words.add("&& { [ -d /sys/class/net/" + port + " ] && [ ! -d /sys/class/net/" + port
                                + "/bridge ] && ip link set " + port + " promisc off 2>/dev/null; true; }");
                        notes.add("then: ip link set " + port + " promisc off when it is a device (the userspace datapath"
                                + " turns PROMISC on with an ioctl; a kernel-datapath port does not show it)");
                    }
                }
                boolean tunnel = lits.stream().anyMatch(w -> w.equals("type=gre") || w.equals("type=vxlan")
                        || w.equals("type=geneve") || w.startsWith("options:remote_ip"));
                if (tunnel) {
                    try {
                        List<String> ran = shell.lab().daemons().ensureUnderlayBridge(shell.host());
                        if (!ran.isEmpty()) {
                            notes.add("ran first: " + String.join("; ", ran) + " (userspace tunnels leave only through"
                                    + " a route whose device is an OVS bridge, so the underlay address moved to br-phy)");
                        }
                    } catch (IOException e) {
                        throw new LabShell.UncheckedIOException(e);
                    }
                }
            }
            case "etcdctl" -> {
                boolean v3 = c.assignments().stream().anyMatch(a -> a.name().equals("ETCDCTL_API")
                        && a.value().literal().equals("3"))
                        || "3".equals(shell.host().variables().get("ETCDCTL_API"))
                        || lits.subList(0, idx).contains("ETCDCTL_API=3");
                if (!v3) {
                    List<String> shown = new ArrayList<>(lits.subList(idx + 1, lits.size()));
                    notes.add("ran: ETCDCTL_API=2 etcdctl " + String.join(" ", shown)
                            + " (etcd 3.4's etcdctl speaks the v3 API unless told; the tutorial's spoke v2)");
                }
            }
            default -> {
                // runs as written
            }
        }
        return words;
    }

    /**
     * `docker exec C ping ...` stopped after a time: the Ctrl-C must come from inside the container
     * (`timeout -s INT`), since docker exec does not pass it on and ping would print no summary.
     * `words` (shell text) and `lits` (literal words) are the command's, `idx` its program's index.
     */
    public static void interruptInsideContainer(List<String> words, List<String> lits, int idx, Duration stopAfter,
                                                List<String> notes) {
        int inner = execProgramIndex(lits, idx);
        if (stopAfter != null && inner > 0 && INTERRUPTIBLE.contains(KnownPrograms.baseName(lits.get(inner)))) {
            long secs = Math.max(1, (stopAfter.toMillis() + 999) / 1000);
            words.add(inner, "timeout -s INT " + secs);
            notes.add("ran: " + String.join(" ", words.subList(idx, words.size()))
                    + " (Ctrl-C after " + secs + " s inside the container: docker exec does not pass Ctrl-C on)");
        }
    }

    /** In `docker exec [opts] CONTAINER PROG ...`, the index of PROG; -1 when the line is no exec. */
    private static int execProgramIndex(List<String> w, int dockerIdx) {
        int i = dockerIdx + 1;
        if (i >= w.size() || !w.get(i).equals("exec")) {
            return -1;
        }
        i++;
        Set<String> withValue = Set.of("-e", "--env", "-u", "--user", "-w", "--workdir", "--env-file", "--detach-keys");
        while (i < w.size() && w.get(i).startsWith("-")) {
            i += withValue.contains(w.get(i)) ? 2 : 1;
        }
        i++;
        return i < w.size() ? i : -1;
    }

    public static boolean needsInnerInterrupt(Pipeline p, Duration stopAfter) {
        if (stopAfter == null) {
            return false;
        }
        for (SimpleCommand c : p.commands()) {
            int idx = Programs.indexOfProgram(c.words());
            if (idx < 0) {
                continue;
            }
            List<String> lits = new ArrayList<>();
            c.words().forEach(w -> lits.add(w.literal()));
            int inner = execProgramIndex(lits, idx);
            if (KnownPrograms.baseName(lits.get(idx)).equals("docker") && inner > 0
                    && INTERRUPTIBLE.contains(KnownPrograms.baseName(lits.get(inner)))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ downloads and installs

    private static String replacementFor(String url) {
        String u = url.toLowerCase();
        if (u.contains("etcd")) {
            return "Debian's etcd-server and etcd-client 3.4.23 (/usr/bin/etcd, /usr/bin/etcdctl)";
        }
        if (u.contains("flannel")) {
            return "the backend's built-in flannel agent (flannel's etcd protocol, vxlan and host-gw backends)";
        }
        if (u.contains("calicoctl") || u.contains("calico")) {
            return "the backend's built-in calicoctl, with BIRD 2 for BGP";
        }
        if (u.contains("docker")) {
            return "Debian's docker.io 20.10";
        }
        return null;
    }

    private static Outcome download(LabShell shell, Invocation inv) throws IOException {
        String url = inv.args().stream().filter(x -> x.startsWith("http://") || x.startsWith("https://")).findFirst().orElseThrow();
        String target = null;
        List<String> a = inv.args();
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            if ((x.equals("-O") || x.equals("-o") || x.equals("--output-document") || x.equals("--output")) && i + 1 < a.size()) {
                target = a.get(i + 1);
            } else if (x.startsWith("--output-document=") || x.startsWith("-O") && x.length() > 2) {
                target = x.substring(x.startsWith("-O") ? 2 : x.indexOf('=') + 1);
            }
        }
        if (target == null) {
            target = url.substring(url.lastIndexOf('/') + 1);
        }
        String replacement = replacementFor(url);
        if (replacement == null) {
            return Outcome.fail(4, inv.program() + ": unable to resolve host address '" + hostOf(url) + "'\n",
                    List.of("the lab has no route to the internet"));
        }
        shell.recordDownload(target, replacement);
        List<String> notes = new ArrayList<>();
        notes.add("not downloaded: " + url + " -> " + target + "; the lab uses " + replacement + " instead");
        if (!target.equals("-") && !target.startsWith("/")) {
            String file = shell.host().resolve(target);
            if (!shell.host().exists(file)) {
                shell.host().writeFile(file, "#!/bin/sh\n# " + url + " was not downloaded; the OverlayLab backend provides "
                        + replacement + ".\n", false);
            }
        }
        // no wget progress or "saved" line: nothing was fetched, and the note above says what runs instead
        return new Outcome(0, "", "--  " + url + "\n'" + target + "' holds a note, not the download\n", notes);
    }

    private static String hostOf(String url) {
        String s = url.replaceFirst("^[a-z]+://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    private static Outcome untar(LabShell shell, Invocation inv) throws IOException {
        String archive = inv.args().stream().filter(x -> x.matches(".*\\.(tar\\.gz|tgz|tar\\.xz|tar\\.bz2|tar)$"))
                .findFirst().orElse(null);
        if (archive == null || !shell.isVirtualDownload(archive)) {
            return null;
        }
        String dirName = KnownPrograms.baseName(archive).replaceFirst("\\.(tar\\.gz|tgz|tar\\.xz|tar\\.bz2|tar)$", "");
        String dir = shell.host().resolve(dirName);
        shell.host().makeDirectories(dir);
        StringBuilder listing = new StringBuilder(dirName + "/\n");
        if (dirName.contains("etcd")) {
            shell.host().writeFile(dir + "/etcd", "#!/bin/sh\n# Debian's etcd 3.4.23 stands in for the tutorial's release.\n"
                    + "exec /usr/bin/etcd \"$@\"\n", true);
            shell.host().writeFile(dir + "/etcdctl", "#!/bin/sh\n# etcd 3.4's etcdctl speaks v3 unless told; the tutorial's spoke v2.\n"
                    + ": \"${ETCDCTL_API:=2}\"\nexport ETCDCTL_API\nexec /usr/bin/etcdctl \"$@\"\n", true);
            listing.append(dirName).append("/etcd\n").append(dirName).append("/etcdctl\n");
        }
        boolean verbose = inv.args().stream().anyMatch(x -> x.equals("-v") || (!x.startsWith("--") && x.matches("-?[a-zA-Z]*v[a-zA-Z]*")
                && !x.contains(".")));
        return Outcome.ok(verbose ? listing.toString() : "", List.of("not unpacked: " + archive
                + " was never downloaded; " + dirName + "/ holds etcd and etcdctl that run " + "Debian's etcd 3.4.23"));
    }

    private static Outcome chmod(LabShell shell, Invocation inv) {
        List<String> targets = inv.args().stream().filter(x -> !x.startsWith("-")).skip(1).toList();
        if (targets.isEmpty() || !targets.stream().allMatch(t -> shell.isVirtualDownload(t) && t.startsWith("/"))) {
            return null;
        }
        return Outcome.ok("", List.of("nothing to do: " + String.join(", ", targets) + " is provided by the backend"));
    }

    private static Outcome install(LabShell shell, Invocation inv) throws IOException {
        List<String> pkgs = inv.args().stream().filter(x -> !x.startsWith("-") && !x.equals("install")).toList();
        StringBuilder out = new StringBuilder("Reading package lists... Done\nBuilding dependency tree... Done\n");
        List<String> notes = new ArrayList<>();
        for (String p : pkgs) {
            out.append(p).append(" is already the newest version.\n");
            if (p.startsWith("openvswitch-switch")) {
                boolean was = shell.lab().daemons().ovsRunning(shell.host());
                shell.lab().daemons().startOvs(shell.host());
                if (!was) {
                    notes.add("ran: ovsdb-server /etc/openvswitch/conf.db --remote=punix:/run/openvswitch/db.sock; "
                            + "ovs-vswitchd unix:/run/openvswitch/db.sock (what installing openvswitch-switch starts)");
                }
            }
        }
        out.append("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
        notes.add("not installed: " + String.join(" ", pkgs) + " (Debian packages already on this machine)");
        return Outcome.ok(out.toString(), notes);
    }

    // ------------------------------------------------------------------ services and daemons

    private static Outcome service(LabShell shell, Invocation inv) throws IOException {
        List<String> a = inv.args().stream().filter(x -> !x.startsWith("-")).toList();
        if (a.size() < 2) {
            return null;
        }
        String name;
        String action;
        if (inv.program().equals("systemctl")) {
            action = a.get(0);
            name = a.get(1).replaceFirst("\\.service$", "");
        } else {
            name = a.get(0);
            action = a.get(1);
        }
        HostDaemons d = shell.lab().daemons();
        RealHost h = shell.host();
        switch (name) {
            case "docker", "docker.io" -> {
                if (action.equals("stop") || action.equals("restart")) {
                    long pid = h.daemon("dockerd").filter(HostDaemon::alive).map(HostDaemon::pid).orElse(-1L);
                    d.stopDocker(h);
                    if (action.equals("stop")) {
                        return Outcome.ok("", List.of(pid > 0 ? "ran: stopped dockerd (pid " + pid + ") with SIGTERM"
                                : "dockerd was not running"));
                    }
                }
                if (action.equals("start") || action.equals("restart")) {
                    if (d.dockerRunning(h)) {
                        return Outcome.ok("", List.of("dockerd is already running"));
                    }
                    d.startDefaultDocker(h);
                    return Outcome.ok("", List.of("ran: dockerd -H unix:///var/run/docker.sock"));
                }
                if (action.equals("status")) {
                    boolean up = d.dockerRunning(h);
                    return new Outcome(up ? 0 : 3, up ? "docker is running\n" : "docker is not running\n", "", List.of());
                }
            }
            case "openvswitch-switch", "ovs-vswitchd", "openvswitch" -> {
                if (action.equals("stop") || action.equals("restart")) {
                    d.stopOvs(h);
                }
                if (action.equals("start") || action.equals("restart")) {
                    d.startOvs(h);
                }
                return Outcome.ok("", List.of("ran: " + action + " of ovsdb-server and ovs-vswitchd"));
            }
            case "etcd" -> {
                if (action.equals("stop")) {
                    h.daemon("etcd").ifPresent(e -> e.stop(Duration.ofSeconds(1)));
                    return Outcome.ok("", List.of("ran: stopped etcd"));
                }
            }
            default -> {
                // falls through to the error below
            }
        }
        return Outcome.fail(5, "Failed to " + action + " " + name + ".service: Unit " + name + ".service not loaded.\n", List.of());
    }

    /** The boolean flags (--ip-masq=false, --iptables=false) that the host's daemon.json already sets to the same value. */
    private static List<String> settingsInDaemonJson(RealHost h, List<String> args) throws IOException {
        String file = "/etc/docker/daemon.json";
        if (!h.exists(file)) {
            return List.of();
        }
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(h.readFile(file));
        } catch (IOException e) {
            return List.of();
        }
        List<String> same = new ArrayList<>();
        for (String a : args) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--(ip-masq|iptables)=(true|false)").matcher(a);
            if (m.matches() && json.path(m.group(1)).isBoolean()
                    && json.path(m.group(1)).asBoolean() == Boolean.parseBoolean(m.group(2))) {
                same.add(a);
            }
        }
        return same;
    }

    static Outcome dockerDaemon(LabShell shell, Invocation inv) throws IOException {
        RealHost h = shell.host();
        HostDaemons d = shell.lab().daemons();
        if (d.dockerRunning(h)) {
            return Outcome.fail(1, "failed to start daemon: pid file found, ensure docker is not running or delete "
                    + "/var/run/docker.pid\n", List.of("dockerd is already running on " + h.name()));
        }
        List<String> args = HostDaemons.dockerdArguments(inv.args());
        boolean tlsAdded = args.size() > inv.args().size();
        List<String> alreadySet = settingsInDaemonJson(h, args);
        args.removeAll(alreadySet);
        String log = d.startDocker(h, args);
        List<String> notes = new ArrayList<>();
        if (!alreadySet.isEmpty()) {
            notes.add("left out " + String.join(" ", alreadySet) + ": /etc/docker/daemon.json already says the same, and"
                    + " dockerd refuses a setting given both as a flag and in that file");
        }
        notes.add("ran: dockerd " + ShellText.join(args) + " in the background"
                + (inv.program().equals("dockerd") && !inv.programWord().equals("dockerd") ? "" : "")
                + " (`docker daemon` is spelled dockerd since Docker 17.06; the tutorial's terminal kept it in the foreground)");
        if (tlsAdded) {
            notes.add("added --tls=false: dockerd 20.10 waits 15 s before serving plain TCP otherwise");
        }
        awaitClusterRegistration(shell, args, notes);
        return new Outcome(0, "", log, notes);
    }

    /**
     * dockerd answers its API before it has registered under /docker/nodes in the cluster store;
     * on the tutorial's VMs a person typing the next command never saw that gap, so the mapping
     * waits (up to 20 s) until the registration is there.
     */
    static void awaitClusterRegistration(LabShell shell, List<String> args, List<String> notes) {
        String store = optionValue(args, "--cluster-store");
        String advertise = optionValue(args, "--cluster-advertise");
        if (store == null || advertise == null || !store.startsWith("etcd://")) {
            return;
        }
        RealHost h = shell.host();
        String[] ep = store.substring("etcd://".length()).split("[,/]")[0].split(":");
        int colon = advertise.lastIndexOf(':');
        String where = colon < 0 ? advertise : advertise.substring(0, colon);
        if (where.equals(h.spec().underlayInterface())) {
            where = h.underlayIp();
        }
        String key = "/docker/nodes/" + where + (colon < 0 ? "" : advertise.substring(colon));
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (shell.lab().etcd().v2Get(h, ep[0], ep.length > 1 ? Integer.parseInt(ep[1]) : 2379, key, false).status() == 200) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // etcd not reachable yet: the daemon's own registration waits for it too
            }
            HostDaemons.sleep(200);
        }
        notes.add("dockerd had not registered under " + key + " after 20 s");
    }

    private static String optionValue(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
            if (a.equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
        }
        return null;
    }

    private static Outcome etcd(LabShell shell, Invocation inv) throws IOException {
        RealHost h = shell.host();
        if (h.daemon("etcd").map(HostDaemon::alive).orElse(false)) {
            return Outcome.fail(1, "etcdmain: listen tcp " + h.underlayIp() + ":2380: bind: address already in use\n",
                    List.of("etcd is already running on " + h.name()));
        }
        String cwd = h.cwd();
        String log = shell.lab().daemons().startEtcd(h, inv.args(), cwd);
        List<String> notes = new ArrayList<>();
        List<String> shown = new ArrayList<>(inv.args());
        if (shown.stream().noneMatch(x -> x.contains("enable-v2"))) {
            shown.add("--enable-v2=true");
        }
        notes.add("ran: /usr/bin/etcd " + ShellText.join(shown) + " in the background (etcd 3.4 serves the v2 API the"
                + " tutorial uses only when asked to)");
        if (!log.contains("ready to serve client requests")) {
            notes.add("etcd waits for a quorum of its cluster before it serves clients");
        }
        String err = inv.wrappers().contains("nohup") ? "nohup: ignoring input and appending output to 'nohup.out'\n" : "";
        return new Outcome(0, "", err, notes);
    }

    static String quoteAll(List<String> words) {
        return ShellText.join(words);
    }

    static String q(String w) {
        return Exec.quote(w);
    }
}
