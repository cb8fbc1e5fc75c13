/*
 * Everything the simulator knows about one lab run: the hosts as fresh tutorial VMs, the underlay
 * switches (one per segment) and the lab's routers between them, each host's NAT network and the outside world behind it, the etcd cluster, the virtual
 * clock, the seeded randomness, the shell that runs commands and the forwarding engine that moves
 * frames. Built from a lab and a seed; the same pair always gives the same world.
 */
package org.overlaylab.simulator.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.BootRoute;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.RouterLink;
import org.overlaylab.model.lab.RouterSpec;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.random.SeededRandom;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.etcd.EtcdCluster;
import org.overlaylab.simulator.kernel.Ether;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Segment;
import org.overlaylab.simulator.net.Forwarder;
import org.overlaylab.simulator.net.FrameLog;
import org.overlaylab.simulator.programs.AllPrograms;
import org.overlaylab.simulator.shell.ProgramRegistry;
import org.overlaylab.simulator.shell.Shell;

public final class SimWorld {
    /** The host name frames from the lab's outside world carry. */
    public static final String OUTSIDE = "outside";
    /** google.com inside the lab: a namespace that owns this address and answers pings. */
    public static final String GOOGLE_IP = "172.217.22.14";
    /** Virtual time a person takes between two commands. */
    public static final long TYPING_PAUSE = 2 * VirtualClock.SECONDS;

    private final Lab lab;
    private final SeededRandom random;
    private final VirtualClock clock = new VirtualClock();
    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final List<Segment> segments = new ArrayList<>();
    private final Map<String, NetNs> outside = new LinkedHashMap<>();
    private final EtcdCluster etcd;
    private final ProgramRegistry programs = new ProgramRegistry();
    private final Shell shell;
    private final FrameLog frames;
    private final Forwarder forwarder;
    private final Segment underlay;
    /** The underlay segments by network prefix ("192.168.206.0/24"), the lab underlay first. */
    private final Map<String, Segment> underlaySegments = new LinkedHashMap<>();
    /** The lab's routers by name: one namespace each, forwarding between its links. */
    private final Map<String, NetNs> routers = new LinkedHashMap<>();
    private final List<org.overlaylab.simulator.programs.TcpdumpProgram.Capture> backgroundCaptures = new ArrayList<>();

    public SimWorld(Lab lab, long seed) {
        this(lab, seed, new FrameLog());
    }

    public SimWorld(Lab lab, long seed, FrameLog frames) {
        this.lab = lab;
        this.frames = frames;
        this.random = new SeededRandom(seed);
        this.etcd = new EtcdCluster(clock::now);
        AllPrograms.register(programs);
        this.shell = new Shell(this, programs);
        this.forwarder = new Forwarder(this);
        Cidr underlayCidr = lab.underlayCidr() != null ? Cidr.parse(lab.underlayCidr())
                : Cidr.parse(lab.hosts().get(0).underlayAddress()).networkCidr();
        this.underlay = new Segment("underlay", underlayCidr.networkCidr());
        segments.add(underlay);
        underlaySegments.put(underlayCidr.networkCidr().toString(), underlay);
        for (String segment : lab.segments()) {
            if (!underlaySegments.containsKey(segment)) {
                Segment s = new Segment(lab.segmentName(segment), Cidr.parse(segment));
                segments.add(s);
                underlaySegments.put(segment, s);
            }
        }
        buildOutsideCore();
        for (RouterSpec router : lab.routers()) {
            routers.put(router.name(), buildRouter(router));
        }
        int i = 0;
        for (HostSpec spec : lab.hosts()) {
            hosts.put(spec.name(), buildHost(spec, i++));
        }
        settle();
    }

    public Lab lab() {
        return lab;
    }

    public SeededRandom random() {
        return random;
    }

    public VirtualClock clock() {
        return clock;
    }

    private java.util.function.BooleanSupplier interrupt = () -> false;

    /** While a typed command runs live: what says the person pressed Ctrl-C (null: nobody watches). */
    public void watchInterrupt(java.util.function.BooleanSupplier interrupted) {
        this.interrupt = interrupted == null ? () -> false : interrupted;
    }

    /** True once the person watching the running command pressed Ctrl-C. */
    public boolean interrupted() {
        return interrupt.getAsBoolean();
    }

    /** True while a person watches the running command (its time passes at the wall clock's pace). */
    public boolean live() {
        return clockPaced;
    }

    private boolean clockPaced;

    /** Starts or stops pacing virtual time to the wall clock for a watched command. */
    public void paceToWallClock(boolean on) {
        paceToWallClock(on, VirtualClock.THREAD_SLEEP);
    }

    /** The same, waiting with `sleeper` between events. */
    public void paceToWallClock(boolean on, VirtualClock.Sleeper sleeper) {
        clockPaced = on;
        clock.pace(on ? clock.wallClockPacer(this::interrupted, sleeper) : null);
    }

    /** The swarm the first `docker swarm init` made, or null. */
    public org.overlaylab.simulator.docker.SwarmCluster swarm() {
        return swarm;
    }

    public void setSwarm(org.overlaylab.simulator.docker.SwarmCluster swarm) {
        this.swarm = swarm;
    }

    private org.overlaylab.simulator.docker.SwarmCluster swarm;

    public EtcdCluster etcd() {
        return etcd;
    }

    public Shell shell() {
        return shell;
    }

    public ProgramRegistry programs() {
        return programs;
    }

    public FrameLog frames() {
        return frames;
    }

    public Forwarder forwarder() {
        return forwarder;
    }

    public List<SimHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public SimHost host(String name) {
        return hosts.get(name);
    }

    public List<Segment> segments() {
        return List.copyOf(segments);
    }

    /** Captures started alongside a lab step, waiting for the step's end to print. */
    public List<org.overlaylab.simulator.programs.TcpdumpProgram.Capture> backgroundCaptures() {
        return backgroundCaptures;
    }

    public Segment underlay() {
        return underlay;
    }

    /** The underlay segment an address lies in; the lab underlay when none holds it. */
    public Segment underlaySegmentOf(String address) {
        return lab.segmentOf(address).map(underlaySegments::get).orElse(underlay);
    }

    /** The lab's routers' namespaces by router name, in file order. */
    public Map<String, NetNs> routers() {
        return java.util.Collections.unmodifiableMap(routers);
    }

    public Map<String, NetNs> outsideNamespaces() {
        return outside;
    }

    /** The lab host whose underlay address is ip, or null. */
    public SimHost hostWithUnderlayIp(String ip) {
        return hosts.values().stream().filter(h -> h.underlayIp().equals(ip)).findFirst().orElse(null);
    }

    /**
     * Lets the world catch up after a change: runs what is due on the clock, then lets every
     * daemon reconcile (Docker peers, flannel leases, Calico routes) until nothing changes.
     */
    public void settle() {
        clock.runUntil(clock.now());
        for (SimHost h : hosts.values()) {
            // a daemon's connection to its peers resolves their addresses, as its first SYN would
            for (int peer : tcpPeers(h.root())) {
                forwarder.resolve(h.root(), peer);
            }
        }
        for (int round = 0; round < 8; round++) {
            boolean changed = false;
            for (SimHost h : hosts.values()) {
                if (h.docker() != null) {
                    changed |= h.docker().reconcile();
                }
                if (h.flannel() != null) {
                    changed |= h.flannel().reconcile();
                }
                if (h.calico() != null) {
                    changed |= h.calico().reconcile();
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    /**
     * Whether a namespace keeps a TCP connection with an address, whose acknowledgements confirm
     * the address's neighbour entry all the time: the members of an etcd cluster exchange
     * heartbeats every 100 ms.
     */
    public boolean keepsTcpSessionWith(NetNs ns, int address) {
        return tcpPeers(ns).contains(address);
    }

    private List<Integer> tcpPeers(NetNs ns) {
        List<Integer> out = new ArrayList<>();
        for (SimHost h : hosts.values()) {
            if (h.root() != ns || etcd.runningOn(h.name()).isEmpty()) {
                continue;
            }
            for (org.overlaylab.simulator.etcd.EtcdMember m : etcd.members()) {
                if (!m.running() || m.host().equals(h.name()) || m.peerUrls().isEmpty()) {
                    continue;
                }
                String host = m.peerUrls().get(0).replaceFirst("^\\w+://", "").replaceFirst(":.*", "");
                if (Ipv4.isValid(host)) {
                    out.add(Ipv4.parse(host));
                }
            }
        }
        return out;
    }

    /** The pause between two commands, with whatever happens on the network meanwhile. */
    public void pauseBetweenCommands() {
        clock.advance(TYPING_PAUSE);
        settle();
    }

    // ------------------------------------------------------------------ building the fresh lab

    /** The ISP router and google.com, shared by every host's NAT network. */
    private void buildOutsideCore() {
        Segment internet = new Segment("internet", Cidr.parse("203.0.113.0/24"));
        Segment googleNet = new Segment("google", Cidr.parse("172.217.22.0/24"));
        segments.add(internet);
        segments.add(googleNet);
        try {
            NetNs isp = new NetNs("isp", NetNs.Kind.WORLD, OUTSIDE);
            isp.setUp(isp.loopback(), true);
            Ether ispUp = nic(isp, "eth0", "52:54:00:12:35:01", internet, "203.0.113.1/24");
            Ether ispDown = nic(isp, "eth1", "52:54:00:12:35:02", googleNet, "172.217.22.1/24");
            isp.setIpForward(true);
            outside.put("isp", isp);
            NetNs google = new NetNs("google", NetNs.Kind.WORLD, OUTSIDE);
            google.setUp(google.loopback(), true);
            nic(google, "eth0", "52:54:00:12:35:10", googleNet, GOOGLE_IP + "/24");
            google.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), Ipv4.parse("172.217.22.1"),
                    google.link("eth0").orElseThrow(), null, null, null, "unicast", 0, false), false);
            outside.put("google", google);
            if (ispUp == null || ispDown == null) {
                throw new IllegalStateException("outside world incomplete");
            }
        } catch (KernelException e) {
            throw new IllegalStateException("cannot build the outside world: " + e.getMessage(), e);
        }
    }

    private Ether nic(NetNs ns, String name, String mac, Segment seg, String cidr) throws KernelException {
        Ether e = new Ether(name, mac, seg);
        ns.attach(e);
        seg.attach(e);
        ns.setUp(e, true);
        Cidr c = Cidr.parse(cidr);
        ns.addAddress(e, c, c.broadcast());
        return e;
    }

    private SimHost buildHost(HostSpec spec, int index) {
        SimHost host = new SimHost(spec, 1000 + 137 * index + random.nextInt("pid:" + spec.name(), 400));
        for (String pkg : spec.packages()) {
            host.install(HostSpec.packageName(pkg));
        }
        Packages.BASE.forEach((path, program) -> host.fs().write(path, VirtualFs.PROGRAM_MARKER + program + "\n", 0755));
        VirtualFs fs = host.fs();
        fs.mkdirs(SimHost.HOME);
        fs.mkdirs("/run");
        fs.mkdirs("/var/run");
        fs.mkdirs("/tmp");
        fs.write("/etc/hostname", spec.hostname() + "\n");
        fs.write("/etc/resolv.conf", "nameserver 10.0.2.3\n");
        NetNs root = host.root();
        try {
            root.setUp(root.loopback(), true);
            if (spec.natInterface() != null) {
                Segment nat = new Segment("nat-" + spec.name(), Cidr.parse(spec.natAddress()).networkCidr());
                segments.add(nat);
                nic(root, spec.natInterface(), Mac.randomWithPrefix("08:00:27", random.stream("mac:" + spec.name())),
                        nat, spec.natAddress());
                buildNatRouter(spec, index, nat);
            }
            Ether underlayNic = nic(root, spec.underlayInterface(),
                    Mac.randomWithPrefix("08:00:27", random.stream("mac:" + spec.name())),
                    underlaySegmentOf(spec.underlayAddress()), spec.underlayAddress());
            // what the VM's provisioning adds at boot: `ip route add <segment> via <router> dev <NIC>`
            for (BootRoute r : lab.bootRoutes(spec)) {
                root.addRoute(new RouteEntry(Cidr.parse(r.segment()), Ipv4.parse(r.via()), underlayNic, null, null, null,
                        "unicast", 0, false), false);
            }
            if (spec.natInterface() != null) {
                Cidr nat = Cidr.parse(spec.natAddress());
                root.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), nat.network() + 2,
                        root.link(spec.natInterface()).orElseThrow(), null, null, null, "unicast", 0, false), false);
                root.setNameserver(nat.network() + 3);
            }
        } catch (KernelException e) {
            throw new IllegalStateException("cannot build host " + spec.name() + ": " + e.getMessage(), e);
        }
        if (host.packages().contains("docker.io")) {
            host.setDocker(new DockerEngine(this, host));
            host.docker().startAsService();
        }
        return host;
    }

    /**
     * A lab router: a machine of its own (its namespace carries the router's name, so frames it
     * forwards are seen at router1:eth1 and router1:eth2) with one NIC per segment and
     * ip_forward=1, no NAT. Its MACs are VirtualBox's (08:00:27), as the router stands for one
     * more VM of the lab, drawn from the world's seeded random like the hosts'.
     */
    private NetNs buildRouter(RouterSpec spec) {
        NetNs ns = new NetNs(spec.name(), NetNs.Kind.HOST, spec.name());
        try {
            ns.setUp(ns.loopback(), true);
            for (RouterLink link : spec.links()) {
                nic(ns, link.interfaceName(), Mac.randomWithPrefix("08:00:27", random.stream("mac:" + spec.name())),
                        underlaySegments.get(link.segment()), link.address());
            }
            ns.setIpForward(true);
        } catch (KernelException e) {
            throw new IllegalStateException("cannot build router " + spec.name() + ": " + e.getMessage(), e);
        }
        return ns;
    }

    /** VirtualBox's NAT for one VM: 10.0.2.2 as gateway, 10.0.2.3 as DNS, masquerading to the ISP. */
    private void buildNatRouter(HostSpec spec, int index, Segment nat) throws KernelException {
        NetNs router = new NetNs("nat-" + spec.name(), NetNs.Kind.WORLD, OUTSIDE);
        router.setUp(router.loopback(), true);
        Cidr net = nat.cidr();
        Ether inside = nic(router, "eth0", "52:54:00:12:35:" + String.format("%02x", 0x20 + index), nat,
                Ipv4.format(net.network() + 2) + "/" + net.prefixLength());
        router.addAddress(inside, new Cidr(net.network() + 3, net.prefixLength()), net.broadcast());
        Segment internet = segments.stream().filter(s -> s.name().equals("internet")).findFirst().orElseThrow();
        nic(router, "eth1", "52:54:00:12:35:" + String.format("%02x", 0x40 + index), internet,
                "203.0.113." + (10 + index) + "/24");
        router.setIpForward(true);
        router.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), Ipv4.parse("203.0.113.1"),
                router.link("eth1").orElseThrow(), null, null, null, "unicast", 0, false), false);
        router.addMasquerade(new NetNs.Masquerade(Cidr.parse("0.0.0.0/0"), "eth1", null));
        router.hostsFile().put("google.com", Ipv4.parse(GOOGLE_IP));
        outside.put(router.name(), router);
    }

    /** Every namespace of every lab host and of the outside world. */
    public List<NetNs> allNamespaces() {
        List<NetNs> all = new ArrayList<>();
        hosts.values().forEach(h -> all.addAll(h.allNamespaces()));
        all.addAll(routers.values());
        all.addAll(outside.values());
        return all;
    }
}
