/*
 * The forwarding engine: moves frames hop by hop on the virtual clock, doing what Linux and Open
 * vSwitch do with them. veth pairs hand frames to their peer; Linux bridges learn MACs and flood
 * what they do not know; the IP stack answers ARP (and proxy ARP), routes by longest prefix match,
 * decrements TTL, masquerades and un-NATs replies, queues packets while it resolves a next hop with
 * real ARP frames and gives up after three probes; VXLAN devices wrap frames in UDP towards the VTEP
 * their FDB names and unwrap what arrives on their port; an IP-in-IP device (tunl0) puts an outer
 * IPv4 header on what it routes and takes it off what arrives with protocol 4; OVS bridges switch
 * with the NORMAL action and wrap frames in GRE at a gre port, in UDP with VXLAN or Geneve at a
 * vxlan or geneve port (as the userspace datapath of OVS 3.1 sends them). Every frame is recorded
 * at every device it passes, with the
 * trace id of the packet it belongs to, so a ping can be followed from one container to another.
 */
package org.overlaylab.simulator.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame.Direction;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.net.Mac;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Gre;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Ether;
import org.overlaylab.simulator.kernel.IpipTunnel;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.Loopback;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Netfilter;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.NeighbourTable;
import org.overlaylab.simulator.kernel.OvsPort;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Segment;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.ovs.OvsSwitch;
import org.overlaylab.simulator.ovs.OvsUdpTunnels;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class Forwarder {
    static final long VETH_DELAY = 2_000;
    static final long BRIDGE_DELAY = 3_000;
    static final long WIRE_DELAY = 140_000;
    static final long STACK_DELAY = 9_000;
    static final long TUNNEL_DELAY = 6_000;

    /** Something in a namespace that receives ICMP for one echo identifier: a running ping. */
    public interface PingSocket {
        void onEchoReply(byte[] frame, long now);

        void onError(String message, int icmpType, int icmpCode, int from, int sequence, long now);
    }

    /** Something bound to a UDP port in a namespace: a resolver waiting for its answer. */
    public interface UdpSocket {
        void onDatagram(byte[] frame, int payloadOffset, long now);

        /** An ICMP error about a datagram this socket sent (traceroute's probes); `inner` is the quoted IP header's offset. */
        default void onIcmpError(int type, int code, int from, byte[] frame, int inner, long now) {}
    }

    /** One end of a simulated TCP connection: takes the segments of its own 4-tuple, and says so. */
    public interface TcpSocket {
        boolean onSegment(byte[] frame, int tcpOffset, int end, long now);
    }

    private record NeighKey(NetNs ns, Link dev, int address) {}

    /** A packet waiting for its next hop's MAC; `local` when our own stack sent it. */
    private record Queued(byte[] frame, long trace, int hop, boolean local) {}

    private record NatEntry(int proto, int original, int translated, int peer, int key) {}

    private final SimWorld world;
    private final FrameLog log;
    private final Map<NeighKey, List<Queued>> pending = new HashMap<>();
    private final Map<NetNs, List<NatEntry>> conntrack = new HashMap<>();
    /** Flows each namespace has forwarded, so replies are recognised and never masqueraded themselves. */
    private final Map<NetNs, java.util.LinkedHashSet<String>> flows = new HashMap<>();
    private final Map<NetNs, Map<Integer, PingSocket>> pingSockets = new HashMap<>();
    private final Map<NetNs, Map<Integer, UdpSocket>> udpSockets = new HashMap<>();
    private final Map<NetNs, List<TcpSocket>> tcpSockets = new HashMap<>();
    private final Map<NetNs, Integer> ipIds = new HashMap<>();
    private final Map<NetNs, Reassembly> reassembly = new HashMap<>();
    private final Map<Link, long[]> reachableTimes = new java.util.WeakHashMap<>();
    private final NeighbourTable neighbours;
    private long nextTrace = 1;
    private long forwarded;

    public Forwarder(SimWorld world) {
        this.world = world;
        this.log = world.frames();
        this.neighbours = new NeighbourTable(new NeighbourTable.Engine() {
            @Override
            public long now() {
                return Forwarder.this.now();
            }

            @Override
            public void schedule(long delay, Runnable action) {
                later(delay, action);
            }

            @Override
            public long reachableTime(Link device) {
                return Forwarder.this.reachableTime(device);
            }

            @Override
            public boolean keptConfirmed(NetNs ns, int address) {
                return world.keepsTcpSessionWith(ns, address);
            }

            @Override
            public void solicit(NetNs ns, Neighbour n, boolean unicast) {
                Forwarder.this.solicit(ns, n, unicast);
            }

            @Override
            public void resolved(NetNs ns, Neighbour n) {
                flushPending(ns, n.device(), n.address(), n.lladdr());
            }

            @Override
            public void failed(NetNs ns, Neighbour n) {
                Forwarder.this.failed(ns, n);
            }
        });
    }

    public long newTrace() {
        return nextTrace++;
    }

    /** Frames moved so far (every device hop counts once): the benchmark's figure. */
    public long hops() {
        return forwarded;
    }

    private long now() {
        return world.clock().now();
    }

    private void later(long delay, Runnable r) {
        world.clock().schedule(delay, r);
    }

    private static String nsName(NetNs ns) {
        return ns.kind() == NetNs.Kind.HOST ? CapturePoint.HOST_NAMESPACE : ns.name();
    }

    private void record(Link dev, Direction dir, byte[] f, long trace, int hop, String reason) {
        forwarded++;
        if (log.hasListeners()) {
            NetNs ns = dev.ns();
            log.record(now(), ns.hostName(), nsName(ns), dev.name(), dir, f, trace, hop, reason);
        }
    }

    private void drop(Link dev, byte[] f, long trace, int hop, String reason) {
        if (log.hasListeners() && dev != null && dev.ns() != null) {
            log.record(now(), dev.ns().hostName(), nsName(dev.ns()), dev.name(), Direction.DROP, f, trace, hop, reason);
        }
    }

    // ------------------------------------------------------------------ sockets

    public void bindPing(NetNs ns, int id, PingSocket s) {
        pingSockets.computeIfAbsent(ns, k -> new HashMap<>()).put(id, s);
    }

    public void unbindPing(NetNs ns, int id) {
        Map<Integer, PingSocket> m = pingSockets.get(ns);
        if (m != null) {
            m.remove(id);
        }
    }

    public void bindUdp(NetNs ns, int port, UdpSocket s) {
        udpSockets.computeIfAbsent(ns, k -> new HashMap<>()).put(port, s);
    }

    public void bindTcp(NetNs ns, TcpSocket s) {
        tcpSockets.computeIfAbsent(ns, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(s);
    }

    public void unbindTcp(NetNs ns, TcpSocket s) {
        List<TcpSocket> l = tcpSockets.get(ns);
        if (l != null) {
            l.remove(s);
        }
    }

    public void unbindUdp(NetNs ns, int port) {
        Map<Integer, UdpSocket> m = udpSockets.get(ns);
        if (m != null) {
            m.remove(port);
        }
    }

    public int nextIpId(NetNs ns) {
        int id = ipIds.computeIfAbsent(ns, k -> world.random().nextInt("ip-id:" + k.hostName() + "/" + k.name(), 65536));
        ipIds.put(ns, (id + 1) & 0xffff);
        return id;
    }

    // ------------------------------------------------------------------ devices

    /** A frame leaves a device: through its netem qdisc when it has one (tcpdump sees what netem lets out). */
    public void transmit(Link dev, byte[] f, long trace, int hop) {
        Link.Netem netem = dev.netem;
        if (netem == null || !dev.adminUp() || dev.ns() == null) {
            wire(dev, f, trace, hop);
            return;
        }
        if (netem.lossPercent() > 0 && world.random().stream("netem:" + dev.ns().hostName() + "/" + dev.name())
                .nextDouble() * 100 < netem.lossPercent()) {
            drop(dev, f, trace, hop, "lost by netem on " + dev.name() + " (loss " + netem.lossPercent() + "%)");
            return;
        }
        later(netem.delayNanos(), () -> wire(dev, f, trace, hop));
    }

    private void wire(Link dev, byte[] f, long trace, int hop) {
        if (!dev.adminUp() || dev.ns() == null) {
            return;
        }
        record(dev, Direction.OUT, f, trace, hop, null);
        dev.txPackets++;
        dev.txBytes += countedLength(dev, f);
        if (dev instanceof Veth v) {
            Veth peer = v.peer();
            if (peer == null || !peer.adminUp()) {
                return;
            }
            later(VETH_DELAY, () -> receive(peer, f, trace, hop + 1));
        } else if (dev instanceof Ether e) {
            Segment seg = e.segment();
            String src = Wire.srcMac(f);
            seg.learn(src, e);
            Ether target = Wire.isBroadcastOrMulticast(f) ? null : seg.lookup(Wire.dstMac(f));
            byte[] onWire = Wire.padded(f);
            for (Ether port : seg.ports()) {
                if (port == e || (target != null && port != target)) {
                    continue;
                }
                later(WIRE_DELAY, () -> receive(port, onWire, trace, hop + 1));
            }
        } else if (dev instanceof Bridge b) {
            bridgeOutput(b, null, f, trace, hop);
        } else if (dev instanceof Vxlan x) {
            vxlanOutput(x, f, trace, hop);
        } else if (dev instanceof OvsPort p && !p.datapath()) {
            ovsInput(dev.ns().hostName(), p.ovsBridge(), p.name(), f, trace, hop);
        } else if (dev instanceof Loopback) {
            later(0, () -> receive(dev, f, trace, hop + 1));
        }
    }

    /**
     * The bytes a device's counters add for a frame. A VXLAN device counts what follows the inner
     * Ethernet header: iptunnel_xmit adds the length from the inner network header on, and vxlan_rcv
     * the length after eth_type_trans pulled the header. Other devices count the whole frame.
     */
    private static int countedLength(Link dev, byte[] f) {
        return dev instanceof Vxlan ? Math.max(0, f.length - Wire.ETH) : f.length;
    }

    /** A frame arrives at a device. */
    public void receive(Link dev, byte[] f, long trace, int hop) {
        if (!dev.adminUp() || dev.ns() == null) {
            return;
        }
        record(dev, Direction.IN, f, trace, hop, null);
        dev.rxPackets++;
        dev.rxBytes += countedLength(dev, f);
        if (dev.master() != null) {
            bridgeInput(dev.master(), dev, f, trace, hop);
        } else if (dev.ovsBridge() != null && !(dev instanceof OvsPort)) {
            ovsInput(dev.ns().hostName(), dev.ovsBridge(), dev.name(), f, trace, hop);
        } else {
            stackInput(dev.ns(), dev, f, trace, hop);
        }
    }

    // ------------------------------------------------------------------ Linux bridge

    private void bridgeInput(Bridge br, Link in, byte[] f, long trace, int hop) {
        if (!br.adminUp()) {
            return;
        }
        String src = Wire.srcMac(f);
        if ((Mac.parse(src)[0] & 1) == 0) {
            br.learn(src, in, now());
        }
        String dst = Wire.dstMac(f);
        boolean local = Wire.isBroadcastOrMulticast(f) || dst.equals(br.mac());
        if (local) {
            later(BRIDGE_DELAY, () -> {
                // br_pass_frame_up counts the frame on the bridge device after the port's driver
                // pulled the Ethernet header
                br.rxPackets++;
                br.rxBytes += Math.max(0, f.length - Wire.ETH);
                record(br, Direction.IN, f, trace, hop + 1, null);
                stackInput(br.ns(), br, f, trace, hop + 1);
            });
        }
        if (!dst.equals(br.mac())) {
            bridgeOutput(br, in, f, trace, hop);
        }
    }

    /** Forwards within a bridge: to the port that learned the destination, else to every port but the input. */
    private void bridgeOutput(Bridge br, Link in, byte[] f, long trace, int hop) {
        Link out = Wire.isBroadcastOrMulticast(f) ? null : br.lookup(Wire.dstMac(f), now());
        if (out != null) {
            if (out != in && out.running()) {
                later(BRIDGE_DELAY, () -> transmit(out, f, trace, hop + 1));
            }
            return;
        }
        for (Link port : br.ports()) {
            if (port != in && port.running()) {
                later(BRIDGE_DELAY, () -> transmit(port, f, trace, hop + 1));
            }
        }
    }

    // ------------------------------------------------------------------ IP stack

    private void stackInput(NetNs ns, Link dev, byte[] f, long trace, int hop) {
        if (f.length < Wire.ETH) {
            return;
        }
        String dst = Wire.dstMac(f);
        if (!Wire.isBroadcastOrMulticast(f) && !dst.equals(dev.mac())) {
            return;
        }
        int type = Wire.etherType(f);
        if (type == Wire.ETHERTYPE_ARP && f.length >= Wire.ETH + 28) {
            later(STACK_DELAY, () -> arpInput(ns, dev, f, trace, hop));
        } else if (type == Wire.ETHERTYPE_IPV4 && f.length >= Wire.ETH + 20) {
            later(STACK_DELAY, () -> ipInput(ns, dev, f, trace, hop));
        }
    }

    private void arpInput(NetNs ns, Link dev, byte[] f, long trace, int hop) {
        int base = Wire.ETH;
        int op = Wire.u16(f, base + 6);
        String sha = Wire.mac(f, base + 8);
        int spa = Wire.u32(f, base + 14);
        int tpa = Wire.u32(f, base + 24);
        if (op == 1) {
            boolean forUs = ns.isLocalAddress(tpa) && (tpa >>> 24) != 127;
            boolean proxy = false;
            if (!forUs && ns.proxyArp(dev) && ns.ipForward()) {
                RouteEntry r = ns.lookup(tpa);
                proxy = r != null && !r.blackhole() && r.device() != dev;
            }
            if (forUs || proxy) {
                if (spa != 0) {
                    // arp_process: whoever asks us is remembered, STALE until traffic confirms it
                    neighbours.heardFrom(ns, spa, dev, sha);
                }
                byte[] reply = Wire.ethernet(sha, dev.mac(), Wire.ETHERTYPE_ARP, Wire.arp(2, dev.mac(), tpa, sha, spa));
                transmit(dev, reply, newTrace(), 0);
                return;
            }
        }
        if (op != 1 && op != 2 || spa == 0) {
            return;
        }
        // any other ARP packet updates the sender's entry if there is one: only a reply sent to us
        // confirms it; within a second of the last change a different answer does not override
        Neighbour n = ns.neighbour(spa, dev);
        if (n != null) {
            boolean toUs = op == 2 && Wire.dstMac(f).equals(dev.mac());
            boolean override = now() > n.updated() + NeighbourTable.LOCKTIME;
            neighbours.learned(ns, n, sha, toUs ? Neighbour.State.REACHABLE : Neighbour.State.STALE, override);
        }
    }

    private void ipInput(NetNs ns, Link dev, byte[] f, long trace, int hop) {
        int refragment = Integer.MAX_VALUE;
        if (Wire.ipIsFragment(f) && (!ns.masquerade().isEmpty() || conntrack.containsKey(ns))) {
            // conntrack (loaded with NAT) reassembles before PREROUTING; a forwarded packet leaves
            // fragmented again to the size of its largest fragment
            Reassembly r = reassembly.computeIfAbsent(ns, k -> new Reassembly());
            f = r.add(f, now());
            if (f == null) {
                return;
            }
            refragment = r.lastLargestFragment;
        }
        byte[] frame = unNat(ns, f);
        int dst = Wire.ipDst(frame);
        if (isLocal(ns, dev, dst)) {
            localDeliver(ns, dev, frame, trace, hop);
        } else if (ns.ipForward()) {
            forward(ns, dev, frame, trace, hop, refragment);
        }
    }

    private static boolean isLocal(NetNs ns, Link dev, int dst) {
        if (dst == -1 || ns.isLocalAddress(dst)) {
            return true;
        }
        for (Link.Address a : dev.addresses()) {
            if (a.cidr().broadcast() == dst && a.cidr().prefixLength() < 31) {
                return true;
            }
        }
        return false;
    }

    private void forward(NetNs ns, Link in, byte[] f, long trace, int hop, int refragment) {
        int src = Wire.ipSrc(f);
        int dst = Wire.ipDst(f);
        if (Wire.ipTtl(f) <= 1) {
            drop(in, f, trace, hop, "TTL exceeded in transit at " + ns.hostName());
            icmpError(ns, f, 11, 0, trace);
            return;
        }
        RouteEntry route = ns.lookup(dst);
        if (route == null) {
            drop(in, f, trace, hop, "no route to " + Ipv4.format(dst) + " on " + ns.hostName());
            icmpError(ns, f, 3, 0, trace);
            return;
        }
        if (route.blackhole()) {
            drop(in, f, trace, hop, "blackhole route " + route.destination() + " on " + ns.hostName());
            return;
        }
        Link out = route.device();
        String hookDrop = ns.forwardDropReason(out, src, dst);
        if (hookDrop != null) {
            drop(in, f, trace, hop, hookDrop);
            return;
        }
        if (!filter(ns, "FORWARD", in, out, f, trace, hop)) {
            return;
        }
        int mtu = out.mtu();
        if (Wire.ipTotalLength(f) > mtu && Wire.ipDontFragment(f)) {
            // ip_forward: too big with DF set: dropped, and the sender told the next hop's MTU
            drop(in, f, trace, hop, "packet of " + Wire.ipTotalLength(f) + " bytes with DF set is bigger than "
                    + out.name() + "'s MTU " + mtu + " on " + ns.hostName() + ": ICMP frag needed sent back");
            icmpError(ns, f, 3, 4, mtu, trace);
            return;
        }
        byte[] copy = f.clone();
        Wire.decrementTtl(copy);
        copy = masquerade(ns, out, copy);
        int nextHop = route.gateway() != null ? route.gateway() : dst;
        for (byte[] piece : fit(copy, Math.min(mtu, refragment))) {
            l2Output(ns, out, nextHop, piece, trace, hop, false);
        }
    }

    /** The packet as it leaves a device of this MTU: whole, or in fragments when it is bigger. */
    private static List<byte[]> fit(byte[] f, int mtu) {
        if (Wire.ipTotalLength(f) <= mtu || Wire.etherType(f) != Wire.ETHERTYPE_IPV4) {
            return List.of(f);
        }
        return Wire.fragment(f, mtu);
    }

    /**
     * The path MTU a local socket sees towards `dst`: the route's device MTU, or less when an ICMP
     * "frag needed" (or a tunnel's own check) taught a smaller one.
     */
    public int pathMtu(NetNs ns, int dst) {
        if (ns.isLocalAddress(dst)) {
            return ns.loopback().mtu();
        }
        RouteEntry r = ns.lookup(dst);
        int mtu = r == null || r.device() == null ? 1500 : r.device().mtu();
        Integer learnt = ns.learntPathMtu(dst, now());
        return learnt == null ? mtu : Math.min(mtu, learnt);
    }

    private boolean refusedByFilter;

    /** True when the last sendIp that failed was refused by the OUTPUT chain (EPERM), not for want of a route. */
    public boolean lastSendRefused() {
        return refusedByFilter;
    }

    /** Sends an IPv4 packet built by a local program; false when there is no route or OUTPUT drops it. */
    public boolean sendIp(NetNs ns, byte[] ipPacket, long trace) {
        return sendIp(ns, ipPacket, trace, null);
    }

    /** The same from a socket bound to `oif` (null: none), which routes only through that device. */
    public boolean sendIp(NetNs ns, byte[] ipPacket, long trace, Link oif) {
        refusedByFilter = false;
        int dst = Ipv4.fromBytes(ipPacket, 16);
        byte[] frame = new byte[Wire.ETH + ipPacket.length];
        Wire.put16(frame, 12, Wire.ETHERTYPE_IPV4);
        System.arraycopy(ipPacket, 0, frame, Wire.ETH, ipPacket.length);
        if (ns.isLocalAddress(dst)) {
            Loopback lo = ns.loopback();
            byte[] loopFrame = frame.clone();
            Wire.setMacs(loopFrame, Mac.ZERO, Mac.ZERO);
            record(lo, Direction.OUT, loopFrame, trace, 0, null);
            later(STACK_DELAY, () -> {
                record(lo, Direction.IN, loopFrame, trace, 1, null);
                localDeliver(ns, lo, loopFrame, trace, 1);
            });
            return true;
        }
        RouteEntry route = oif == null ? ns.lookup(dst) : ns.lookup(dst, oif);
        if (route == null || route.blackhole()) {
            return false;
        }
        Link out = route.device();
        if (!filter(ns, "OUTPUT", null, out, frame, trace, 0)) {
            refusedByFilter = true;
            return false;
        }
        frame = masquerade(ns, out, frame);
        int nextHop = route.gateway() != null ? route.gateway() : dst;
        int mtu = out.mtu();
        Integer learnt = ns.learntPathMtu(dst, now());
        if (Wire.ipTotalLength(frame) > mtu && Wire.ipDontFragment(frame)) {
            drop(out, frame, trace, 0, "packet of " + Wire.ipTotalLength(frame) + " bytes with DF set is bigger than "
                    + out.name() + "'s MTU " + mtu);
            return true;
        }
        if (learnt != null && !Wire.ipDontFragment(frame)) {
            mtu = Math.min(mtu, learnt);
        }
        for (byte[] piece : fit(frame, mtu)) {
            l2Output(ns, out, nextHop, piece, trace, 0, true);
        }
        return true;
    }

    /** The source address a local program's packet to `dst` leaves with, or null without a route. */
    public Integer sourceFor(NetNs ns, int dst) {
        if (ns.isLocalAddress(dst)) {
            return dst;
        }
        RouteEntry r = ns.lookup(dst);
        return r == null || r.blackhole() ? null : ns.sourceFor(r, dst);
    }

    private void l2Output(NetNs ns, Link dev, int nextHop, byte[] f, long trace, int hop, boolean local) {
        if (dev instanceof IpipTunnel t) {
            ipipOutput(ns, t, nextHop, f, trace, hop);
            return;
        }
        if (dev instanceof Loopback) {
            later(0, () -> localDeliver(ns, dev, f, trace, hop + 1));
            return;
        }
        Neighbour n = ns.neighbour(nextHop, dev);
        if (n != null && n.usable()) {
            neighbours.output(ns, nextHop, dev);
            byte[] out = f.clone();
            Wire.setMacs(out, n.lladdr(), dev.mac());
            transmit(dev, out, trace, hop + 1);
            return;
        }
        if (dev instanceof Vxlan) {
            drop(dev, f, trace, hop, "no neighbour entry for " + Ipv4.format(nextHop) + " on " + dev.name());
            return;
        }
        NeighKey key = new NeighKey(ns, dev, nextHop);
        List<Queued> q = pending.computeIfAbsent(key, k -> new ArrayList<>());
        if (q.size() < 3) {
            q.add(new Queued(f, trace, hop, local));
        }
        if (n == null || n.state() == Neighbour.State.FAILED) {
            neighbours.output(ns, nextHop, dev);
        }
    }

    /**
     * Resolves an address as if a packet had gone to it, with nothing waiting: what a daemon's first
     * TCP connection to a peer does. Nothing happens when the entry is usable or resolving.
     */
    public void resolve(NetNs ns, int address) {
        RouteEntry r = ns.lookup(address);
        if (r == null || r.blackhole() || r.device() == null || r.device() instanceof Loopback) {
            return;
        }
        int nextHop = r.gateway() != null ? r.gateway() : address;
        Neighbour n = ns.neighbour(nextHop, r.device());
        if (n == null || n.state() == Neighbour.State.FAILED) {
            neighbours.output(ns, nextHop, r.device());
        }
    }

    /**
     * The sender address of an ARP request (arp_solicit with arp_announce 0): the waiting packet's
     * source when it is one of ours, else what inet_select_addr picks for the device: its own
     * address in the target's subnet or its first one, else the first address of global scope on
     * any device in the order they were made.
     */
    private int arpSender(NetNs ns, Link dev, int target, Queued waiting) {
        if (waiting != null && ns.isLocalAddress(Wire.ipSrc(waiting.frame()))) {
            return Wire.ipSrc(waiting.frame());
        }
        Integer first = null;
        for (Link.Address a : dev.addresses()) {
            if (a.scope().equals("host")) {
                continue;
            }
            if (a.cidr().contains(target)) {
                return a.cidr().address();
            }
            if (first == null) {
                first = a.cidr().address();
            }
        }
        if (first != null) {
            return first;
        }
        for (Link l : ns.links()) {
            for (Link.Address a : l.addresses()) {
                if (a.scope().equals("global")) {
                    return a.cidr().address();
                }
            }
        }
        return 0;
    }

    private void solicit(NetNs ns, Neighbour n, boolean unicast) {
        Link dev = n.device();
        List<Queued> q = pending.get(new NeighKey(ns, dev, n.address()));
        int sender = arpSender(ns, dev, n.address(), q == null || q.isEmpty() ? null : q.get(q.size() - 1));
        byte[] req = Wire.ethernet(unicast ? n.lladdr() : Mac.BROADCAST, dev.mac(), Wire.ETHERTYPE_ARP,
                Wire.arp(1, dev.mac(), sender, Mac.ZERO, n.address()));
        transmit(dev, req, newTrace(), 0);
    }

    private void failed(NetNs ns, Neighbour n) {
        NeighKey key = new NeighKey(ns, n.device(), n.address());
        List<Queued> q = pending.remove(key);
        if (q == null) {
            return;
        }
        for (Queued p : q) {
            drop(key.dev(), p.frame(), p.trace(), p.hop(), "no ARP reply for " + Ipv4.format(key.address())
                    + " on " + key.dev().name());
            if (p.local()) {
                localUnreachable(key.ns(), p.frame());
            } else {
                icmpError(key.ns(), p.frame(), 3, 1, p.trace());
            }
        }
    }

    private void flushPending(NetNs ns, Link dev, int address, String mac) {
        List<Queued> q = pending.remove(new NeighKey(ns, dev, address));
        if (q == null) {
            return;
        }
        for (Queued p : q) {
            byte[] out = p.frame().clone();
            Wire.setMacs(out, mac, dev.mac());
            transmit(dev, out, p.trace(), p.hop() + 1);
        }
    }

    /** Each device's reachable time: drawn between half and one and a half base_reachable_time, again every 300 s. */
    private long reachableTime(Link dev) {
        long[] drawn = reachableTimes.get(dev);
        long now = now();
        if (drawn == null || now >= drawn[1] + 300 * VirtualClock.SECONDS) {
            String key = "neigh-reachable-time:" + dev.ns().hostName() + "/" + nsName(dev.ns()) + "/" + dev.name();
            long ms = world.random().stream(key).nextLong(15_000, 45_000);
            drawn = new long[] {ms * VirtualClock.MILLIS, now};
            reachableTimes.put(dev, drawn);
        }
        return drawn[0];
    }

    public NeighbourTable neighbours() {
        return neighbours;
    }

    /** The local sender of a packet whose next hop never answered learns it by EHOSTUNREACH. */
    private void localUnreachable(NetNs ns, byte[] f) {
        if (Wire.ipProto(f) != Wire.PROTO_ICMP) {
            return;
        }
        int l4 = Wire.ipPayload(f);
        if (Wire.u8(f, l4) != 8) {
            return;
        }
        int id = Wire.u16(f, l4 + 4);
        int seq = Wire.u16(f, l4 + 6);
        PingSocket s = pingSockets.getOrDefault(ns, Map.of()).get(id);
        if (s != null) {
            s.onError("Destination Host Unreachable", 3, 1, Wire.ipSrc(f), seq, now());
        }
    }

    // ------------------------------------------------------------------ local delivery

    private void localDeliver(NetNs ns, Link dev, byte[] f, long trace, int hop) {
        if (Wire.ipIsFragment(f)) {
            f = reassembly.computeIfAbsent(ns, k -> new Reassembly()).add(f, now());
            if (f == null) {
                return;
            }
        }
        if (!filter(ns, "INPUT", dev, null, f, trace, hop)) {
            return;
        }
        int proto = Wire.ipProto(f);
        int l4 = Wire.ipPayload(f);
        int end = Wire.ETH + Math.min(Wire.ipTotalLength(f), f.length - Wire.ETH);
        if (proto == Wire.PROTO_ICMP && end - l4 >= 8) {
            int type = Wire.u8(f, l4);
            if (type == 8) {
                byte[] data = Wire.slice(f, l4 + 8, end);
                byte[] icmp = Wire.icmp(0, 0, Wire.u32(f, l4 + 4), data);
                byte[] ip = Wire.ipv4(Wire.ipDst(f), Wire.ipSrc(f), Wire.PROTO_ICMP, 64, nextIpId(ns), false, icmp);
                sendIp(ns, ip, trace);
            } else if (type == 0) {
                PingSocket s = pingSockets.getOrDefault(ns, Map.of()).get(Wire.u16(f, l4 + 4));
                if (s != null) {
                    s.onEchoReply(f, now());
                }
            } else if ((type == 3 || type == 11) && end - l4 >= 8 + 20 + 8) {
                int inner = l4 + 8;
                int innerL4 = inner + (f[inner] & 0x0f) * 4;
                int code = Wire.u8(f, l4 + 1);
                if (type == 3 && code == 4) {
                    ns.learnPathMtu(Wire.u32(f, inner + 16), Wire.u16(f, l4 + 6), now());
                }
                if (innerL4 + 8 <= end && Wire.u8(f, inner + 9) == Wire.PROTO_UDP) {
                    UdpSocket u = udpSockets.getOrDefault(ns, Map.of()).get(Wire.u16(f, innerL4));
                    if (u != null) {
                        u.onIcmpError(type, code, Wire.ipSrc(f), f, inner, now());
                    }
                }
                if (innerL4 + 8 <= end && Wire.u8(f, inner + 9) == Wire.PROTO_ICMP && Wire.u8(f, innerL4) == 8) {
                    PingSocket s = pingSockets.getOrDefault(ns, Map.of()).get(Wire.u16(f, innerL4 + 4));
                    if (s != null) {
                        String msg = type == 11 ? "Time to live exceeded" : switch (Wire.u8(f, l4 + 1)) {
                            case 0 -> "Destination Net Unreachable";
                            case 1 -> "Destination Host Unreachable";
                            case 3 -> "Destination Port Unreachable";
                            case 4 -> "Frag needed and DF set (mtu = " + Wire.u16(f, l4 + 6) + ")";
                            default -> "Destination Unreachable";
                        };
                        s.onError(msg, type, Wire.u8(f, l4 + 1), Wire.ipSrc(f), Wire.u16(f, innerL4 + 6), now());
                    }
                }
            }
        } else if (proto == Wire.PROTO_UDP && end - l4 >= 8) {
            udpInput(ns, f, l4, end, trace, hop);
        } else if (proto == Wire.PROTO_TCP && end - l4 >= 20) {
            for (TcpSocket s : tcpSockets.getOrDefault(ns, List.of())) {
                if (s.onSegment(f, l4, end, now())) {
                    break;
                }
            }
        } else if (proto == Encapsulations.IP_PROTO_GRE && end - l4 >= Encapsulations.GRE.minLength()) {
            greInput(ns, f, l4, end, trace, hop);
        } else if (proto == Encapsulations.IP_PROTO_IPIP && end - l4 >= 20) {
            ipipInput(ns, f, l4, end, trace, hop);
        }
    }

    /**
     * IP-in-IP out of a tunnel device without a remote (ipip_tunnel_xmit, NBMA): the outer
     * destination is the route's gateway, the source what the route to it chooses; TTL and DF are
     * the inner packet's (ttl inherit, nopmtudisc) and the ID comes from the namespace's counter
     * (iptunnel_xmit's __ip_select_ident). The outer packet then leaves like any local one. Tunnel
     * devices have no link layer, so they are no capture point: what they carry is seen on the underlay.
     */
    private void ipipOutput(NetNs ns, IpipTunnel t, int gateway, byte[] f, long trace, int hop) {
        int end = Wire.ETH + Math.min(Wire.ipTotalLength(f), f.length - Wire.ETH);
        byte[] inner = Wire.slice(f, Wire.ETH, end);
        if (gateway == Wire.ipDst(f)) {
            drop(t, f, trace, hop, "route through " + t.name() + " to " + Ipv4.format(gateway)
                    + " has no gateway: an IP-in-IP device without a remote needs one (via ... onlink)");
            return;
        }
        RouteEntry outer = ns.lookup(gateway);
        Integer src = outer == null || outer.blackhole() ? null : ns.sourceFor(outer, gateway);
        if (src == null || outer.device() instanceof IpipTunnel) {
            t.txDropped++;
            drop(t, f, trace, hop, "no route to the tunnel's far end " + Ipv4.format(gateway) + " outside " + t.name());
            return;
        }
        boolean df = Wire.ipDontFragment(f);
        byte[] ip = Wire.ipv4(src, gateway, Encapsulations.IP_PROTO_IPIP, Wire.ipTtl(f), nextIpId(ns), df, inner);
        // ip_tunnel_ecn_encap: the outer TOS is 0 with the inner ECN bits
        ip[1] = (byte) (f[Wire.ETH + 1] & 0x03);
        Wire.put16(ip, 10, 0);
        Wire.put16(ip, 10, Wire.checksum(ip, 0, 20, 0));
        t.txPackets++;
        t.txBytes += inner.length;
        later(TUNNEL_DELAY, () -> sendIp(ns, ip, trace));
    }

    /**
     * IP-in-IP in (ipip_rcv): a packet of protocol 4 for this host is taken by an IP-in-IP device
     * that is up (tunl0 takes any remote); its inner packet is then routed as if it arrived on that
     * device. Without such a device the kernel answers protocol unreachable.
     */
    private void ipipInput(NetNs ns, byte[] f, int l4, int end, long trace, int hop) {
        IpipTunnel t = null;
        for (Link l : ns.links()) {
            if (l instanceof IpipTunnel x && x.adminUp()) {
                t = x;
                break;
            }
        }
        if (t == null) {
            drop(null, f, trace, hop, "no IP-in-IP device up on " + ns.hostName());
            icmpError(ns, f, 3, 2, trace);
            return;
        }
        byte[] inner = new byte[Wire.ETH + end - l4];
        Wire.put16(inner, 12, Wire.ETHERTYPE_IPV4);
        System.arraycopy(f, l4, inner, Wire.ETH, end - l4);
        if (Wire.etherType(inner) != Wire.ETHERTYPE_IPV4 || (inner[Wire.ETH] & 0xf0) != 0x40) {
            return;
        }
        IpipTunnel in = t;
        in.rxPackets++;
        in.rxBytes += end - l4;
        later(TUNNEL_DELAY, () -> ipInput(ns, in, inner, trace, hop + 1));
    }

    private void udpInput(NetNs ns, byte[] f, int l4, int end, long trace, int hop) {
        int dport = Wire.u16(f, l4 + 2);
        // a VXLAN socket of this namespace? (the device's port makes it VXLAN, the registry reads the header)
        int vxlan = l4 + 8;
        if (end - vxlan >= Encapsulations.VXLAN.minLength()) {
            long vni = Encapsulations.VXLAN.key(f, vxlan);
            for (Vxlan x : vxlanSockets(ns, dport)) {
                if (x.vni() != vni || !x.adminUp()) {
                    continue;
                }
                byte[] inner = Wire.slice(f, vxlan + Encapsulations.VXLAN.headerLength(f, vxlan), end);
                if (x.learning()) {
                    x.replaceFdb(Wire.srcMac(inner), Wire.ipSrc(f), false);
                }
                later(TUNNEL_DELAY, () -> receive(x, inner, trace, hop + 1));
                return;
            }
            if (!vxlanSockets(ns, dport).isEmpty()) {
                return;
            }
        }
        if (ovsTunnelInput(ns, f, l4, end, dport, trace, hop)) {
            return;
        }
        UdpSocket s = udpSockets.getOrDefault(ns, Map.of()).get(dport);
        if (s != null) {
            s.onDatagram(f, l4 + 8, now());
            return;
        }
        if (dport == 53 && !ns.hostsFile().isEmpty()) {
            Dns.answer(this, ns, f, l4, end, trace);
            return;
        }
        if (Wire.ipDst(f) != -1) {
            icmpError(ns, f, 3, 3, trace);
        }
    }

    private List<Vxlan> vxlanSockets(NetNs ns, int port) {
        List<Vxlan> out = new ArrayList<>();
        SimHost h = world.host(ns.hostName());
        if (h == null) {
            return out;
        }
        for (NetNs any : h.allNamespaces()) {
            for (Link l : any.links()) {
                if (l instanceof Vxlan x && x.socketNs() == ns && x.dstPort() == port) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /**
     * A UDP packet to the port of an OVS vxlan or geneve port of this host: ovs-vswitchd takes it.
     * The port whose type, remote_ip and key match gets the inner frame; without one the packet is
     * dropped (no ICMP error: the port is OVS's, not a socket's).
     */
    private boolean ovsTunnelInput(NetNs ns, byte[] f, int l4, int end, int dport, long trace, int hop) {
        SimHost h = world.host(ns.hostName());
        if (h == null || h.ovs() == null || ns != h.root()) {
            return false;
        }
        String from = Ipv4.format(Wire.ipSrc(f));
        int payload = l4 + 8;
        boolean listening = false;
        for (OvsSwitch.Bridge b : h.ovs().bridges()) {
            for (OvsSwitch.Port p : b.ports()) {
                if (!OvsUdpTunnels.isUdpTunnel(p) || OvsUdpTunnels.dstPort(p) != dport) {
                    continue;
                }
                listening = true;
                int inner = OvsUdpTunnels.innerOffset(p.type(), f, payload, end);
                if (inner < 0 || !from.equals(p.options().get("remote_ip"))
                        || !OvsUdpTunnels.acceptsKey(p, OvsUdpTunnels.vni(p.type(), f, payload))) {
                    continue;
                }
                byte[] frame = Wire.slice(f, inner, end);
                later(TUNNEL_DELAY, () -> ovsInput(h.name(), b.name(), p.name(), frame, trace, hop + 1));
                return true;
            }
        }
        return listening;
    }

    private void greInput(NetNs ns, byte[] f, int l4, int end, long trace, int hop) {
        SimHost h = world.host(ns.hostName());
        if (h == null || h.ovs() == null || ns != h.root()) {
            return;
        }
        int protocol = Encapsulations.GRE.payloadType(f, l4);
        int header = Encapsulations.GRE.headerLength(f, l4);
        String from = Ipv4.format(Wire.ipSrc(f));
        for (OvsSwitch.Bridge b : h.ovs().bridges()) {
            for (OvsSwitch.Port p : b.ports()) {
                if (p.type().equals("gre") && from.equals(p.options().get("remote_ip"))) {
                    if (protocol != Encapsulations.ETHERTYPE_TEB || l4 + header > end) {
                        return;
                    }
                    byte[] inner = Wire.slice(f, l4 + header, end);
                    later(TUNNEL_DELAY, () -> ovsInput(h.name(), b.name(), p.name(), inner, trace, hop + 1));
                    return;
                }
            }
        }
    }

    /** Sends an ICMP error about `f` back to its source, from this namespace. */
    private void icmpError(NetNs ns, byte[] f, int type, int code, long trace) {
        icmpError(ns, f, type, code, 0, trace);
    }

    /** The same, with the next-hop MTU in the header of a "fragmentation needed" (type 3 code 4). */
    private void icmpError(NetNs ns, byte[] f, int type, int code, int nextHopMtu, long trace) {
        if (Wire.ipProto(f) == Wire.PROTO_ICMP) {
            int l4 = Wire.ipPayload(f);
            int t = Wire.u8(f, l4);
            if (t != 0 && t != 8) {
                return;
            }
        }
        int src = Wire.ipSrc(f);
        Integer from = sourceFor(ns, src);
        if (from == null) {
            return;
        }
        // icmp_send quotes as much of the datagram as fits in 576 bytes with its own IPv4 and ICMP headers
        int ipLen = Math.min(Wire.ipTotalLength(f), 576 - 20 - 8);
        byte[] quoted = Wire.slice(f, Wire.ETH, Wire.ETH + Math.min(ipLen, f.length - Wire.ETH));
        byte[] icmp = Wire.icmp(type, code, nextHopMtu & 0xffff, quoted);
        byte[] ip = Wire.ipv4(from, src, Wire.PROTO_ICMP, 64, nextIpId(ns), false, icmp);
        sendIp(ns, ip, trace);
    }

    // ------------------------------------------------------------------ iptables filter

    /**
     * Runs a packet through a filter chain: the first rule that matches decides (ACCEPT, DROP, or
     * REJECT with its ICMP error), else the chain's policy; the deciding rule counts the packet.
     * True when the packet goes on.
     */
    private boolean filter(NetNs ns, String chainName, Link in, Link out, byte[] f, long trace, int hop) {
        Netfilter.Chain chain = ns.netfilter().chain(chainName);
        if (chain.rules.isEmpty() && chain.policy.equals("ACCEPT")) {
            return true;
        }
        int length = Wire.ipTotalLength(f);
        for (Netfilter.Rule r : chain.rules) {
            if (!matches(ns, r, in, out, f)) {
                continue;
            }
            r.packets++;
            r.bytes += length;
            switch (r.target == null ? "" : r.target) {
                case "ACCEPT" -> {
                    return true;
                }
                case "DROP" -> {
                    drop(in != null ? in : out, f, trace, hop, "dropped by iptables " + chainName + " rule on " + ns.hostName());
                    return false;
                }
                case "REJECT" -> {
                    drop(in != null ? in : out, f, trace, hop, "rejected by iptables " + chainName + " rule on " + ns.hostName());
                    int code = switch (r.rejectWith) {
                        case "icmp-net-unreachable" -> 0;
                        case "icmp-host-unreachable" -> 1;
                        case "icmp-admin-prohibited" -> 13;
                        default -> 3;
                    };
                    icmpError(ns, f, 3, code, trace);
                    return false;
                }
                case "RETURN" -> {
                    return policy(ns, chain, chainName, in, out, f, trace, hop);
                }
                default -> { }
            }
        }
        return policy(ns, chain, chainName, in, out, f, trace, hop);
    }

    private boolean policy(NetNs ns, Netfilter.Chain chain, String name, Link in, Link out, byte[] f, long trace, int hop) {
        chain.packets++;
        chain.bytes += Wire.ipTotalLength(f);
        if (chain.policy.equals("DROP")) {
            drop(in != null ? in : out, f, trace, hop, "dropped by the iptables " + name + " policy on " + ns.hostName());
            return false;
        }
        return true;
    }

    private boolean matches(NetNs ns, Netfilter.Rule r, Link in, Link out, byte[] f) {
        int proto = Wire.ipProto(f);
        if (r.proto != null && (proto == r.proto) == r.invProto) {
            return false;
        }
        if (r.source != null && r.source.contains(Wire.ipSrc(f)) == r.invSource) {
            return false;
        }
        if (r.destination != null && r.destination.contains(Wire.ipDst(f)) == r.invDestination) {
            return false;
        }
        if (r.in != null && (in != null && ifaceMatches(r.in, in.name())) == r.invIn) {
            return false;
        }
        if (r.out != null && (out != null && ifaceMatches(r.out, out.name())) == r.invOut) {
            return false;
        }
        if (r.sport != null || r.dport != null) {
            // ports are in the first fragment only; a later fragment never matches a port rule
            if ((Wire.u16(f, Wire.ETH + 6) & 0x1fff) != 0) {
                return false;
            }
            int l4 = Wire.ipPayload(f);
            if (r.sport != null && Wire.u16(f, l4) != r.sport) {
                return false;
            }
            if (r.dport != null && Wire.u16(f, l4 + 2) != r.dport) {
                return false;
            }
        }
        if (r.probability != null) {
            // xt_statistic: (get_random_u32() & 0x7fffffff) < probability, drawn from the run's seed
            int draw = world.random().stream("iptables-statistic:" + ns.hostName() + "/" + ns.name()).nextInt() & 0x7fffffff;
            if (draw >= r.probability) {
                return false;
            }
        }
        return true;
    }

    /** iptables interface names: exact, or a prefix when the rule's name ends in '+'. */
    private static boolean ifaceMatches(String rule, String name) {
        return rule.endsWith("+") ? name.startsWith(rule.substring(0, rule.length() - 1)) : rule.equals(name);
    }

    // ------------------------------------------------------------------ NAT

    private byte[] masquerade(NetNs ns, Link out, byte[] f) {
        if (ns.masquerade().isEmpty()) {
            return f;
        }
        int src = Wire.ipSrc(f);
        int dst = Wire.ipDst(f);
        if (Wire.ipProto(f) == Wire.PROTO_ICMP && !Wire.ipIsFragment(f)) {
            int type = Wire.u8(f, Wire.ipPayload(f));
            if (type == 3 || type == 11 || type == 12) {
                // an ICMP error is RELATED to the connection it reports on, never a new one to masquerade
                return f;
            }
        }
        java.util.LinkedHashSet<String> seen = flows.computeIfAbsent(ns, k -> new java.util.LinkedHashSet<>());
        if (seen.contains(tuple(f, true))) {
            // a reply on a connection this namespace already tracks: NAT rules apply to new connections only
            return f;
        }
        seen.add(tuple(f, false));
        if (seen.size() > 8192) {
            seen.remove(seen.iterator().next());
        }
        for (NetNs.Masquerade m : ns.masquerade()) {
            boolean devOk = (m.outDevice() == null || m.outDevice().equals(out.name()))
                    && (m.notOutDevice() == null || !m.notOutDevice().equals(out.name()));
            if (!devOk || !m.source().contains(src) || (m.notDestination() != null && m.notDestination().contains(dst))) {
                continue;
            }
            if (out.primaryAddress() == null || out.hasAddress(src)) {
                return f;
            }
            int translated = out.primaryAddress().address();
            int key = flowKey(f);
            List<NatEntry> table = conntrack.computeIfAbsent(ns, k -> new ArrayList<>());
            table.removeIf(e -> e.translated() == translated && e.peer() == dst && e.key() == key
                    && e.proto() == Wire.ipProto(f));
            table.add(new NatEntry(Wire.ipProto(f), src, translated, dst, key));
            if (table.size() > 4096) {
                table.remove(0);
            }
            byte[] copy = f.clone();
            Wire.rewriteAddress(copy, true, translated);
            return copy;
        }
        return f;
    }

    /** Reverses a masquerade for a reply addressed to a translated address. */
    private byte[] unNat(NetNs ns, byte[] f) {
        List<NatEntry> table = conntrack.get(ns);
        if (table == null || table.isEmpty()) {
            return f;
        }
        int dst = Wire.ipDst(f);
        int src = Wire.ipSrc(f);
        int proto = Wire.ipProto(f);
        int key = replyKey(f);
        int l4 = Wire.ipPayload(f);
        int end = Wire.ETH + Math.min(Wire.ipTotalLength(f), f.length - Wire.ETH);
        if (proto == Wire.PROTO_ICMP && end - l4 >= 8 + 20 + 8 && (Wire.u8(f, l4) == 3 || Wire.u8(f, l4) == 11)) {
            // an ICMP error about a masqueraded packet (conntrack's RELATED): back to the original
            // sender, with the quoted header's source restored too
            int inner = l4 + 8;
            int innerL4 = inner + (f[inner] & 0x0f) * 4;
            int innerProto = Wire.u8(f, inner + 9);
            int innerKey = innerProto == Wire.PROTO_ICMP ? Wire.u16(f, innerL4 + 4) : Wire.u16(f, innerL4);
            for (NatEntry e : table) {
                if (e.translated() == dst && e.translated() == Wire.u32(f, inner + 12) && e.peer() == Wire.u32(f, inner + 16)
                        && e.proto() == innerProto && e.key() == innerKey) {
                    byte[] copy = f.clone();
                    Wire.put32(copy, inner + 12, e.original());
                    Wire.put16(copy, inner + 10, 0);
                    Wire.put16(copy, inner + 10, Wire.checksum(copy, inner, (copy[inner] & 0x0f) * 4, 0));
                    Wire.put16(copy, l4 + 2, 0);
                    Wire.put16(copy, l4 + 2, Wire.checksum(copy, l4, end - l4, 0));
                    Wire.rewriteAddress(copy, false, e.original());
                    return copy;
                }
            }
        }
        Iterator<NatEntry> it = table.iterator();
        while (it.hasNext()) {
            NatEntry e = it.next();
            if (e.translated() == dst && e.peer() == src && e.proto() == proto && e.key() == key) {
                byte[] copy = f.clone();
                Wire.rewriteAddress(copy, false, e.original());
                return copy;
            }
        }
        return f;
    }

    /** A connection tuple as conntrack keys it; `reversed` gives the tuple of the other direction. */
    private static String tuple(byte[] f, boolean reversed) {
        int l4 = Wire.ipPayload(f);
        int proto = Wire.ipProto(f);
        int a = Wire.ipSrc(f);
        int b = Wire.ipDst(f);
        int pa;
        int pb;
        if (proto == Wire.PROTO_ICMP) {
            pa = Wire.u16(f, l4 + 4);
            pb = pa;
        } else if (proto == Wire.PROTO_UDP || proto == Wire.PROTO_TCP) {
            pa = Wire.u16(f, l4);
            pb = Wire.u16(f, l4 + 2);
        } else {
            pa = 0;
            pb = 0;
        }
        return reversed ? proto + "|" + b + "|" + a + "|" + pb + "|" + pa : proto + "|" + a + "|" + b + "|" + pa + "|" + pb;
    }

    /** What identifies a flow for NAT: the ICMP echo id, or the UDP source port. */
    private static int flowKey(byte[] f) {
        int l4 = Wire.ipPayload(f);
        return switch (Wire.ipProto(f)) {
            case Wire.PROTO_ICMP -> Wire.u16(f, l4 + 4);
            case Wire.PROTO_UDP, Wire.PROTO_TCP -> Wire.u16(f, l4);
            default -> 0;
        };
    }

    private static int replyKey(byte[] f) {
        int l4 = Wire.ipPayload(f);
        return switch (Wire.ipProto(f)) {
            case Wire.PROTO_ICMP -> Wire.u16(f, l4 + 4);
            case Wire.PROTO_UDP, Wire.PROTO_TCP -> Wire.u16(f, l4 + 2);
            default -> 0;
        };
    }

    // ------------------------------------------------------------------ VXLAN

    private void vxlanOutput(Vxlan x, byte[] f, long trace, int hop) {
        NetNs ns = x.ns();
        if (x.proxy() && Wire.etherType(f) == Wire.ETHERTYPE_ARP && f.length >= Wire.ETH + 28
                && Wire.u16(f, Wire.ETH + 6) == 1) {
            int tpa = Wire.u32(f, Wire.ETH + 24);
            Neighbour n = ns.neighbour(tpa, x);
            if (n != null && n.usable()) {
                String sha = Wire.mac(f, Wire.ETH + 8);
                int spa = Wire.u32(f, Wire.ETH + 14);
                byte[] reply = Wire.ethernet(sha, n.lladdr(), Wire.ETHERTYPE_ARP, Wire.arp(2, n.lladdr(), tpa, sha, spa));
                later(TUNNEL_DELAY, () -> receive(x, reply, trace, hop + 1));
            } else {
                drop(x, f, trace, hop, "vxlan proxy has no neighbour entry for " + Ipv4.format(tpa) + " (l3miss)");
            }
            return;
        }
        List<Integer> remotes = x.destinationsFor(Wire.isBroadcastOrMulticast(f) ? "00:00:00:00:00:00" : Wire.dstMac(f));
        if (remotes.isEmpty()) {
            drop(x, f, trace, hop, "no FDB entry for " + Wire.dstMac(f) + " on " + x.name() + " (l2miss)");
            return;
        }
        NetNs under = x.socketNs();
        int sport = sourcePort(x, f);
        for (int remote : remotes) {
            Integer src = x.local() != null ? x.local() : sourceFor(under, remote);
            if (src == null) {
                drop(x, f, trace, hop, "no route to VTEP " + Ipv4.format(remote));
                continue;
            }
            // skb_tunnel_check_pmtu: an inner packet bigger than the underlay's MTU less the 50 bytes
            // of VXLAN leaves a path MTU exception for its destination; the packet itself still goes,
            // its outer UDP packet (DF clear) fragmented on the underlay
            if (x.master() == null && Wire.etherType(f) == Wire.ETHERTYPE_IPV4) {
                int room = pathMtu(under, remote) - 50;
                if (Wire.ipTotalLength(f) > room) {
                    ns.learnPathMtu(Wire.ipDst(f), room, now());
                }
            }
            byte[] udp = Wire.udp(src, remote, sport, x.dstPort(), org.overlaylab.packets.encap.Vxlan.wrap(x.vni(), f), x.udpCsum());
            byte[] ip = Wire.ipv4(src, remote, Wire.PROTO_UDP, 64, nextIpId(under), false, udp);
            // the device's `dev` (flannel sets it to the external interface) binds the outer route lookup to it
            Link bound = x.underlayDevice() == null ? null : under.link(x.underlayDevice()).orElse(null);
            later(TUNNEL_DELAY, () -> sendIp(under, ip, trace, bound));
        }
    }

    /**
     * Linux picks the outer UDP source port from a hash of the inner flow (udp_flow_src_port), within
     * the ephemeral range: every packet of one flow leaves with the same port, another flow most
     * likely with another. The flow is the addresses, protocol and ports of an inner IPv4 packet,
     * else the inner Ethernet addresses and type. The kernel orders the flow's two ends before it
     * hashes (__flow_hash_consistentify), so a request and its reply leave with the same port, as a
     * capture of swarm's VXLAN on this machine shows.
     */
    private int sourcePort(Vxlan x, byte[] inner) {
        long h = 0x9E3779B97F4A7C15L * (x.vni() + 1L) ^ world.random().seed();
        if (Wire.etherType(inner) == Wire.ETHERTYPE_IPV4 && inner.length >= Wire.ETH + 20) {
            int proto = Wire.ipProto(inner);
            int src = Wire.ipSrc(inner);
            int dst = Wire.ipDst(inner);
            int l4 = Wire.ipPayload(inner);
            boolean ports = (proto == Wire.PROTO_TCP || proto == Wire.PROTO_UDP) && inner.length >= l4 + 4;
            int sport = ports ? Wire.u32(inner, l4) >>> 16 : 0;
            int dport = ports ? Wire.u32(inner, l4) & 0xffff : 0;
            if (Integer.compareUnsigned(dst, src) < 0 || dst == src && dport < sport) {
                int a = src;
                src = dst;
                dst = a;
                int p = sport;
                sport = dport;
                dport = p;
            }
            h = mixFlow(h, src);
            h = mixFlow(h, dst);
            h = mixFlow(h, proto);
            if (ports) {
                h = mixFlow(h, sport << 16 | dport);
            }
        } else {
            for (int i = 0; i < Math.min(inner.length, Wire.ETH); i++) {
                h = mixFlow(h, inner[i] & 0xff);
            }
        }
        h ^= h >>> 29;
        return 32768 + (int) Long.remainderUnsigned(h, 60999 - 32768 + 1);
    }

    private static long mixFlow(long h, int value) {
        return (h ^ (value & 0xffffffffL)) * 0x100000001b3L;
    }

    // ------------------------------------------------------------------ Open vSwitch

    private void ovsInput(String hostName, String bridgeName, String inPort, byte[] f, long trace, int hop) {
        SimHost h = world.host(hostName);
        if (h == null || h.ovs() == null) {
            return;
        }
        OvsSwitch.Bridge b = h.ovs().bridge(bridgeName).orElse(null);
        if (b == null) {
            return;
        }
        String src = Wire.srcMac(f);
        if ((Mac.parse(src)[0] & 1) == 0) {
            b.learn(src, inPort, world.clock().now());
        }
        b.countNormal(f.length);
        String known = Wire.isBroadcastOrMulticast(f) ? null : b.learned().get(Wire.dstMac(f));
        for (OvsSwitch.Port p : b.ports()) {
            if (p.name().equals(inPort) || (known != null && !known.equals(p.name()))) {
                continue;
            }
            ovsOutput(h, p, f, trace, hop);
        }
    }

    private void ovsOutput(SimHost h, OvsSwitch.Port p, byte[] f, long trace, int hop) {
        NetNs root = h.root();
        switch (p.type()) {
            case "internal" -> root.link(p.name()).ifPresent(dev -> {
                if (dev.adminUp()) {
                    later(BRIDGE_DELAY, () -> {
                        record(dev, Direction.IN, f, trace, hop + 1, null);
                        stackInput(root, dev, f, trace, hop + 1);
                    });
                }
            });
            case "gre" -> {
                String remoteText = p.options().get("remote_ip");
                if (remoteText == null || !Ipv4.isValid(remoteText)) {
                    return;
                }
                int remote = Ipv4.parse(remoteText);
                Integer src = sourceFor(root, remote);
                if (src == null) {
                    return;
                }
                byte[] gre = Gre.wrap(Encapsulations.ETHERTYPE_TEB, f);
                byte[] ip = Wire.ipv4(src, remote, Encapsulations.IP_PROTO_GRE, 64, nextIpId(root), true, gre);
                later(TUNNEL_DELAY, () -> sendIp(root, ip, trace));
            }
            case "vxlan", "geneve" -> {
                String remoteText = p.options().get("remote_ip");
                if (remoteText == null || !Ipv4.isValid(remoteText)) {
                    return;
                }
                int remote = Ipv4.parse(remoteText);
                Integer src = sourceFor(root, remote);
                if (src == null) {
                    return;
                }
                // native tunneling builds the outer headers once per route: IP ID 0, DF and TTL 64
                // unless the options say otherwise, the UDP checksum only with options:csum=true
                byte[] udp = Wire.udp(src, remote, OvsUdpTunnels.sourcePort(f), OvsUdpTunnels.dstPort(p),
                        OvsUdpTunnels.payload(p, f), OvsUdpTunnels.udpChecksum(p));
                byte[] ip = Wire.ipv4(src, remote, Wire.PROTO_UDP, OvsUdpTunnels.ttl(p), 0,
                        OvsUdpTunnels.dontFragment(p), udp);
                later(TUNNEL_DELAY, () -> sendIp(root, ip, trace));
            }
            case "" -> root.link(p.name()).ifPresent(dev -> {
                if (dev.running()) {
                    later(BRIDGE_DELAY, () -> transmit(dev, f, trace, hop + 1));
                }
            });
            default -> { }
        }
    }
}
