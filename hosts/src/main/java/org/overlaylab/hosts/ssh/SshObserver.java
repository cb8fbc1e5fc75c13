/*
 * Observes a lab on SSH hosts as the same Topology value the netns backend gives: one probe script
 * per host over SSH (HostProbe, in parallel), Docker's containers and networks with docker-java
 * over TCP when the daemon listens there (the tutorial's 2375, or 2376 with TLS) and through the
 * docker CLI in the probe otherwise, the daemons (recorded ones on a debian host, running processes
 * on a tutorial VM), and the etcd cluster through connections forwarded over SSH (v2 over HTTP, v3
 * with jetcd).
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.hosts.calico.CalicoController;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.exec.HostDaemon;
import org.overlaylab.hosts.observe.EtcdObservation;
import org.overlaylab.hosts.observe.HostProbe;
import org.overlaylab.hosts.observe.LabObservation;
import org.overlaylab.hosts.observe.ProbeTopologyBuilder;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.EtcdMember;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;

final class SshObserver {
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(30);

    /** Process names that are the tutorial's daemons on a VM; `docker daemon` (Docker before 17.06) counts as dockerd. */
    private static final String DAEMON_SCAN = """
            sec daemons
            for n in etcd dockerd ovs-vswitchd ovsdb-server flanneld bird calico-felix; do
              for p in $(pgrep -x "$n"); do echo "$n $p $(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null)"; done
            done
            for p in $(pgrep -f '^([^ ]*/)?docker daemon'); do echo "dockerd $p $(tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null)"; done
            """;

    private SshObserver() {}

    /** Per daemon name of a debian host: "pid alive rc" from its record files. */
    private static String recordScan(SshHost h) {
        return "sec records\nfor f in " + Exec.quote(RemoteDaemon.recordDir(h)) + "/*.pid; do\n"
                + "  [ -f \"$f\" ] || continue; n=$(basename \"$f\" .pid); p=$(cat \"$f\"); r=\"${f%.pid}.rc\"\n"
                + "  if [ -e \"/proc/$p\" ] && [ ! -e \"$r\" ]; then echo \"$n $p running\"; else echo \"$n $p ended $(cat \"$r\" 2>/dev/null)\"; fi\n"
                + "done\n";
    }

    static Topology observe(SshLab lab) throws BackendException {
        List<Host> hosts = LabObservation.eachHost(lab.hosts(), h -> host(lab, h), PROBE_DEADLINE.plusSeconds(30));
        List<Segment> segments = LabObservation.segments(lab.lab(),
                lab.hosts().values().stream().map(SshHost::spec).toList());
        Set<String> withEtcd = new java.util.HashSet<>();
        for (Host h : hosts) {
            if (h.daemon("etcd").map(Daemon::running).orElse(false)) {
                withEtcd.add(h.name());
            }
        }
        List<EtcdMember> members = new ArrayList<>();
        List<EtcdKey> keys = new ArrayList<>();
        EtcdObservation.read(lab.etcd(), List.copyOf(lab.hosts().values()), h -> withEtcd.contains(h.name()), members, keys);
        return new Topology(hosts, segments, members, keys);
    }

    private static Host host(SshLab lab, SshHost h) throws IOException {
        DockerTcp docker = h.dockerTcp();
        boolean tcp = docker.answers();
        boolean debian = h.flavour() == HostsFile.Flavour.DEBIAN;
        String script = (tcp ? HostProbe.SCRIPT_WITHOUT_DOCKER : HostProbe.SCRIPT) + (debian ? recordScan(h) : DAEMON_SCAN);
        Exec.Result r = h.rootRun(script, PROBE_DEADLINE);
        if (r.timedOut()) {
            throw new IOException("host " + h.where() + " did not finish the probe within " + PROBE_DEADLINE.toSeconds() + " s");
        }
        if (!r.ok() && r.stdout().isBlank()) {
            throw new IOException(r.text().isEmpty() ? "host " + h.where() + " does not answer" : r.text());
        }
        HostProbe.Output parsed = HostProbe.parse(r.stdout());
        Map<String, String> sections = new LinkedHashMap<>(parsed.sections());
        if (tcp) {
            try {
                docker.sections(sections);
            } catch (IOException e) {
                // the daemon stopped between the ping and the reads: no containers to show
            }
        }
        HostProbe.Output out = new HostProbe.Output(parsed.namespaces(), sections);
        List<Daemon> daemons = debian ? recordedDaemons(lab, h, sections.getOrDefault("records", ""))
                : runningDaemons(h, sections.getOrDefault("daemons", ""));
        List<Daemon> shown = new ArrayList<>();
        for (Daemon d : daemons) {
            if (d.name().equals("dockerd") && tcp) {
                Map<String, String> details = new LinkedHashMap<>(d.details());
                details.put("api", docker.describe());
                shown.add(new Daemon(d.name(), d.state(), details));
            } else {
                shown.add(d);
            }
        }
        shown.sort(Comparator.comparing(Daemon::name));
        List<ProbeTopologyBuilder.ExtraEndpoint> extra = new ArrayList<>();
        for (CalicoController.Workload w : lab.calico().workloads(h.name())) {
            extra.add(new ProbeTopologyBuilder.ExtraEndpoint(w.container(),
                    new Container.Endpoint(w.network(), "cali0", w.address(), 32, w.mac(), "169.254.1.1")));
        }
        List<DockerNetwork> extraNets = new ArrayList<>();
        for (CalicoController.CalicoNetwork n : lab.calico().networks()) {
            extraNets.add(new DockerNetwork(n.id(), n.name(), "calico", "global",
                    n.subnet() == null ? List.of() : List.of(n.subnet()), List.of(), Map.of()));
        }
        return ProbeTopologyBuilder.nicsAsEther(ProbeTopologyBuilder.host(h.name(), h.spec().hostname(), out, shown, extra, extraNets),
                org.overlaylab.hosts.observe.LabObservation.cardNames(h.spec()));
    }

    /** A debian host's daemons: those the backend started, with the state their record files show. */
    private static List<Daemon> recordedDaemons(SshLab lab, SshHost h, String records) {
        Map<String, String[]> seen = new LinkedHashMap<>();
        for (String line : records.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length >= 3) {
                seen.put(f[0], f);
            }
        }
        List<Daemon> out = new ArrayList<>();
        Map<String, String> states = new LinkedHashMap<>();
        for (HostDaemon d : h.daemons().values()) {
            String[] rec = seen.get(d.name());
            boolean alive = rec != null && rec[2].equals("running");
            Integer rc = rec != null && rec.length >= 4 ? parse(rec[3]) : null;
            states.put(d.name(), ((RemoteDaemon) d).state(alive, rc));
        }
        for (HostDaemon d : h.daemons().values()) {
            // ovsdb-server belongs to Open vSwitch and BIRD to the Calico node: they show as those
            if (d.name().equals("ovsdb-server")) {
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("pid", String.valueOf(d.pid()));
            details.put("command", String.join(" ", d.command()));
            String[] rec = seen.get(d.name());
            if (rec != null && rec.length >= 4) {
                details.put("exit", rec[3]);
            }
            if (d.name().equals("ovs-vswitchd") && states.containsKey("ovsdb-server")) {
                details.put("ovsdb-server", states.get("ovsdb-server"));
            }
            String name = d.name().equals("bird") ? "calico-node" : d.name();
            if (name.equals("calico-node")) {
                details.put("implementation", "BIRD 2 with the built-in Calico mapping");
            }
            out.add(new Daemon(name, states.get(d.name()), details));
        }
        if (lab.flannel().running(h.name())) {
            out.add(new Daemon("flanneld", "running", Map.of("implementation", "built-in flannel agent")));
        }
        return out;
    }

    private static Integer parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A tutorial VM's daemons: the processes running now; one seen running before and gone now is
     * "stopped" (a VM cannot tell a daemon stopped by the lab from one that died).
     */
    private static List<Daemon> runningDaemons(SshHost h, String scan) {
        Map<String, Map<String, String>> running = new LinkedHashMap<>();
        for (String line : scan.split("\n")) {
            String[] f = line.trim().split(" ", 3);
            if (f.length < 2) {
                continue;
            }
            String name = switch (f[0]) {
                case "bird", "calico-felix" -> "calico-node";
                case "ovsdb-server" -> null;
                default -> f[0];
            };
            if (name == null || running.containsKey(name)) {
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("pid", f[1]);
            if (f.length > 2) {
                details.put("command", f[2].strip());
            }
            running.put(name, details);
        }
        List<Daemon> out = new ArrayList<>();
        running.forEach((name, details) -> out.add(new Daemon(name, "running", details)));
        for (String gone : h.daemonsSeen(running.keySet())) {
            out.add(new Daemon(gone, "stopped", Map.of()));
        }
        return out;
    }
}
