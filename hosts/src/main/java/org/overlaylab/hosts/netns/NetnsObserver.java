/*
 * Observes a running netns lab as one Topology: runs the host probe inside every host (in
 * parallel), adds the daemons the backend runs and the Calico endpoints it wired, the underlay
 * and NAT segments, and the etcd cluster: members and health over the v2 HTTP API, v2 keys over
 * HTTP, v3 keys through jetcd (each EtcdKey says which API it came from).
 */
package org.overlaylab.hosts.netns;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.overlaylab.hosts.calico.CalicoController;
import org.overlaylab.hosts.etcd.EtcdAccess;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.hosts.observe.EtcdJson;
import org.overlaylab.hosts.observe.HostProbe;
import org.overlaylab.hosts.observe.TopologyBuilder;
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
        Map<String, CompletableFuture<Host>> futures = new LinkedHashMap<>();
        for (LabHost h : lab.hosts().values()) {
            futures.put(h.name(), CompletableFuture.supplyAsync(() -> {
                try {
                    return host(lab, h);
                } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        List<Host> hosts = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Host>> e : futures.entrySet()) {
            try {
                hosts.add(e.getValue().get(PROBE_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS));
            } catch (Exception ex) {
                Throwable c = ex.getCause() == null ? ex : ex.getCause();
                throw new BackendException("host " + e.getKey() + " does not answer: "
                        + (c.getCause() != null ? c.getCause().getMessage() : c.getMessage()), c);
            }
        }
        List<Segment> segments = new ArrayList<>();
        List<Segment.Attachment> underlay = new ArrayList<>();
        lab.hosts().values().forEach(h -> underlay.add(new Segment.Attachment(h.name(), h.spec().underlayInterface())));
        segments.add(new Segment("underlay", lab.lab().underlayCidr(), underlay));
        for (LabHost h : lab.hosts().values()) {
            segments.add(new Segment("nat-" + h.name(), Fabric.natCidr(h.spec()).networkCidr().toString(),
                    List.of(new Segment.Attachment(h.name(), h.spec().natInterface()))));
        }
        timing("hosts", t0);
        long t1 = System.nanoTime();
        List<EtcdMember> members = new ArrayList<>();
        List<EtcdKey> keys = new ArrayList<>();
        etcd(lab, members, keys);
        timing("etcd", t1);
        return new Topology(hosts, segments, members, keys);
    }

    private static Host host(NetnsLab lab, LabHost h) throws IOException {
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
        DockerApi.sections(lab.daemons().dockerSocket(h), sections);
        timing("docker " + h.name(), t1);
        HostProbe.Output out = new HostProbe.Output(parsed.namespaces(), sections);
        List<Daemon> daemons = new ArrayList<>();
        for (DaemonProcess d : h.daemons().values()) {
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
        List<TopologyBuilder.ExtraEndpoint> extra = new ArrayList<>();
        for (CalicoController.Workload w : lab.calico().workloads(h.name())) {
            extra.add(new TopologyBuilder.ExtraEndpoint(w.container(),
                    new Container.Endpoint(w.network(), "cali0", w.address(), 32, w.mac(), "169.254.1.1")));
        }
        List<DockerNetwork> extraNets = new ArrayList<>();
        for (CalicoController.CalicoNetwork n : lab.calico().networks()) {
            extraNets.add(new DockerNetwork(n.id(), n.name(), "calico", "global",
                    n.subnet() == null ? List.of() : List.of(n.subnet()), List.of(), Map.of()));
        }
        return asTutorialNics(h, TopologyBuilder.host(h.name(), h.spec().hostname(), out, daemons, extra, extraNets));
    }

    /**
     * enp0s8 and enp0s3 stand for the VMs' network cards: they show as plain Ethernet devices, not
     * as the veth ends the backend cabled them with.
     */
    private static Host asTutorialNics(LabHost h, Host host) {
        List<org.overlaylab.model.topology.NetNamespace> namespaces = new ArrayList<>();
        for (org.overlaylab.model.topology.NetNamespace ns : host.namespaces()) {
            if (ns.kind() != org.overlaylab.model.topology.NetNamespace.Kind.HOST) {
                namespaces.add(ns);
                continue;
            }
            List<org.overlaylab.model.topology.NetInterface> ifaces = new ArrayList<>();
            for (org.overlaylab.model.topology.NetInterface i : ns.interfaces()) {
                boolean nic = (i.name().equals(h.spec().underlayInterface()) || i.name().equals(h.spec().natInterface()))
                        && i.kind().equals("veth") && (i.peer() == null || i.peer().namespace() == null);
                ifaces.add(nic ? new org.overlaylab.model.topology.NetInterface(i.index(), i.name(), "ether", i.mac(), i.mtu(),
                        i.up(), i.operState(), i.master(), null, i.addresses(), i.vxlan()) : i);
            }
            namespaces.add(new org.overlaylab.model.topology.NetNamespace(ns.name(), ns.kind(), ns.container(), ifaces,
                    ns.routes(), ns.neighbours(), ns.fdb()));
        }
        return new Host(host.name(), host.hostname(), namespaces, host.ovsBridges(), host.dockerNetworks(),
                host.containers(), host.daemons());
    }

    private static void etcd(NetnsLab lab, List<EtcdMember> members, List<EtcdKey> keys) {
        LabHost source = null;
        for (LabHost h : lab.hosts().values()) {
            if (h.daemon("etcd").map(DaemonProcess::alive).orElse(false)) {
                source = h;
                break;
            }
        }
        if (source == null) {
            return;
        }
        EtcdAccess etcd = lab.etcd();
        List<EtcdJson.Member> list;
        try {
            EtcdAccess.HttpAnswer a = etcd.http(source.netnsPath(), "127.0.0.1", 2379, "GET", "/v2/members", null, 700);
            list = a.status() == 200 ? EtcdJson.members(a.body()) : List.of();
        } catch (IOException e) {
            // no leader yet (a member waiting for its peers): nothing to list
            return;
        }
        Map<String, LabHost> byIp = new HashMap<>();
        lab.hosts().values().forEach(h -> byIp.put(h.underlayIp(), h));
        for (EtcdJson.Member m : list) {
            LabHost owner = null;
            for (String u : m.peerUrls()) {
                String ip = u.replaceFirst("^https?://", "").replaceFirst(":.*", "");
                owner = byIp.getOrDefault(ip, owner);
            }
            boolean healthy = false;
            if (owner != null && owner.daemon("etcd").map(DaemonProcess::alive).orElse(false)) {
                try {
                    EtcdAccess.HttpAnswer a = etcd.http(owner.netnsPath(), "127.0.0.1", 2379, "GET", "/health", null, 1500);
                    healthy = a.status() == 200 && a.body().contains("true");
                } catch (IOException e) {
                    healthy = false;
                }
            }
            members.add(new EtcdMember(m.id(), m.name(), owner == null ? null : owner.name(), m.peerUrls(), m.clientUrls(), healthy));
        }
        try {
            EtcdAccess.HttpAnswer a = etcd.v2Get(source.netnsPath(), "127.0.0.1", 2379, "/", true);
            if (a.status() == 200) {
                keys.addAll(EtcdJson.v2Keys(a.body()));
            }
        } catch (IOException e) {
            // without quorum a v2 read may fail; the members say why
        }
        try {
            Client c = etcd.v3(source.netnsPath(), "127.0.0.1", 2379);
            ByteSequence zero = ByteSequence.from(new byte[] {0});
            var r = c.getKVClient().get(zero, GetOption.builder().withRange(zero).build()).get(2, TimeUnit.SECONDS);
            Map<Long, Long> ttl = new HashMap<>();
            for (KeyValue kv : r.getKvs()) {
                long t = 0;
                if (kv.getLease() != 0) {
                    t = ttl.computeIfAbsent(kv.getLease(), id -> {
                        try {
                            return c.getLeaseClient().timeToLive(id, io.etcd.jetcd.options.LeaseOption.DEFAULT)
                                    .get(2, TimeUnit.SECONDS).getTTL();
                        } catch (Exception e) {
                            return 0L;
                        }
                    });
                }
                keys.add(new EtcdKey(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8), "v3", t));
            }
        } catch (Exception e) {
            // v3 keys stay unlisted when the cluster has no leader
        }
        keys.sort(java.util.Comparator.comparing(EtcdKey::key).thenComparing(EtcdKey::api));
    }
}
