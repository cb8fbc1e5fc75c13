/*
 * Observes a running netns lab as one Topology: runs the host probe inside every host (in
 * parallel), adds the daemons the backend runs and the Calico endpoints it wired, the underlay
 * and NAT segments, and the etcd cluster (EtcdObservation). enp0s8 and enp0s3 stand for the VMs'
 * network cards: they show as plain Ethernet devices, not as the veth ends they are cabled with.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

final class NetnsObserver {
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(20);

    private NetnsObserver() {}

    private static final boolean TIMING = Boolean.getBoolean("overlaylab.netns.timing");

    private static void timing(String what, long since) {
        if (TIMING) {
            System.err.printf("observe: %-10s %6.0f ms%n", what, (System.nanoTime() - since) / 1e6);
        }
    }

    static Topology observe(NetnsLab lab) throws BackendException {
        long t0 = System.nanoTime();
        List<Host> hosts = LabObservation.eachHost(lab.hosts(), h -> host(lab, h),
                PROBE_DEADLINE.plusSeconds(5));
        List<Segment> segments = LabObservation.segments(lab.lab(),
                lab.hosts().values().stream().map(NetnsHost::spec).toList());
        timing("hosts", t0);
        long t1 = System.nanoTime();
        List<EtcdMember> members = new ArrayList<>();
        List<EtcdKey> keys = new ArrayList<>();
        EtcdObservation.read(lab.etcd(), List.copyOf(lab.hosts().values()),
                h -> h.daemon("etcd").map(HostDaemon::alive).orElse(false), members, keys);
        timing("etcd", t1);
        return new Topology(hosts, segments, members, keys);
    }

    private static Host host(NetnsLab lab, NetnsHost h) throws IOException {
        long t0 = System.nanoTime();
        Exec.Result r = h.sh(HostProbe.SCRIPT_WITHOUT_DOCKER, PROBE_DEADLINE);
        timing("probe " + h.name(), t0);
        if (r.timedOut()) {
            throw new IOException("the probe did not finish within " + PROBE_DEADLINE.toSeconds() + " s");
        }
        if (!r.ok() && r.stdout().isBlank()) {
            throw new IOException(r.text());
        }
        HostProbe.Output parsed = HostProbe.parse(r.stdout());
        Map<String, String> sections = new LinkedHashMap<>(parsed.sections());
        long t1 = System.nanoTime();
        DockerApi.sections(h.dockerSocket(), sections);
        timing("docker " + h.name(), t1);
        HostProbe.Output out = new HostProbe.Output(parsed.namespaces(), sections);
        List<Daemon> daemons = new ArrayList<>();
        for (HostDaemon d : h.daemons().values()) {
            // ovsdb-server belongs to Open vSwitch and BIRD to the Calico node: they show as those
            if (d.name().equals("ovsdb-server")) {
                continue;
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put("pid", String.valueOf(d.pid()));
            details.put("command", String.join(" ", d.command()));
            if (d.exitCode() != null) {
                details.put("exit", String.valueOf(d.exitCode()));
            }
            if (d.name().equals("ovs-vswitchd")) {
                h.daemon("ovsdb-server").ifPresent(db -> details.put("ovsdb-server", db.state()));
            }
            String name = d.name().equals("bird") ? "calico-node" : d.name();
            if (name.equals("calico-node")) {
                details.put("implementation", "BIRD 2 with the built-in Calico mapping");
            }
            daemons.add(new Daemon(name, d.state(), details));
        }
        if (lab.flannel().running(h.name())) {
            daemons.add(new Daemon("flanneld", "running", Map.of("implementation", "built-in flannel agent")));
        }
        daemons.sort(java.util.Comparator.comparing(Daemon::name));
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
        return ProbeTopologyBuilder.nicsAsEther(ProbeTopologyBuilder.host(h.name(), h.spec().hostname(), out, daemons, extra, extraNets),
                org.overlaylab.hosts.observe.LabObservation.cardNames(h.spec()));
    }
}
