/*
 * Made-up labs of any size for benchmarks and layout tests: n hosts on one underlay, each with
 * docker0, two containers cabled to it, and a flannel-style VXLAN device tunnelling to its
 * neighbours; and bursts of ping frames (container to container across the tunnel) with every
 * hop captured, like the simulator's.
 */
package org.overlaylab.app.ui.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.app.ui.session.StepFrame;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Daemon;
import org.overlaylab.model.topology.FdbEntry;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.InterfaceAddress;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.Route;
import org.overlaylab.model.topology.Segment;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;
import org.overlaylab.packets.encap.Encapsulations;

public final class SyntheticLab {
    private SyntheticLab() {}

    public static String underlayIp(int i) {
        return "192.168." + (200 + i / 250) + "." + (10 + i % 250);
    }

    /** n hosts named node1..nodeN, each tunnelling to the host before and after it. */
    public static Topology topology(int n) {
        List<Host> hosts = new ArrayList<>();
        List<Segment.Attachment> underlay = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "node" + (i + 1);
            List<NetInterface> root = new ArrayList<>();
            root.add(dev(1, "lo", "loopback", "00:00:00:00:00:00", null, null, List.of("127.0.0.1/8"), null));
            root.add(dev(2, "enp0s8", "ether", mac(i, 1), null, null, List.of(underlayIp(i) + "/16"), null));
            root.add(dev(3, "docker0", "bridge", mac(i, 2), null, null, List.of("10." + (i / 200 + 10) + "." + (i % 200) + ".1/24"), null));
            NetInterface.Vxlan vx = new NetInterface.Vxlan(100, underlayIp(i), null, "enp0s8",
                    Encapsulations.VXLAN_LINUX_PORT, false, false, false, false);
            root.add(dev(4, "flannel.100", "vxlan", mac(i, 3), null, null, List.of(), vx));
            List<NetNamespace> namespaces = new ArrayList<>();
            List<Container> containers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                String ctr = "c" + (i + 1) + "-" + (c + 1);
                String ns = "ns" + i + "x" + c;
                String hostVeth = "veth" + i + "x" + c;
                root.add(dev(10 + c, hostVeth, "veth", mac(i, 10 + c), "docker0",
                        new NetInterface.Peer("eth0", 2, ns), List.of(), null));
                String addr = "10." + (i / 200 + 10) + "." + (i % 200) + "." + (c + 2);
                namespaces.add(new NetNamespace(ns, NetNamespace.Kind.CONTAINER, ctr, List.of(
                        dev(2, "eth0", "veth", mac(i, 20 + c), null, new NetInterface.Peer(hostVeth, 10 + c, "host"),
                                List.of(addr + "/24"), null)), List.of(), List.of(), List.of()));
                containers.add(new Container(Integer.toHexString(0x1000 + i * 2 + c), ctr, "busybox", "running", ns,
                        List.of(new Container.Endpoint("bridge", "eth0", addr, 24, mac(i, 20 + c), null))));
            }
            List<FdbEntry> fdb = new ArrayList<>();
            for (int peer : new int[] {i - 1, i + 1}) {
                if (peer >= 0 && peer < n) {
                    fdb.add(new FdbEntry(mac(peer, 3), "flannel.100", null, underlayIp(peer), true, "permanent"));
                }
            }
            namespaces.add(0, new NetNamespace("host", NetNamespace.Kind.HOST, null, root,
                    List.of(new Route("default", null, "enp0s8", null, null, null, "unicast", 0, false)), List.of(), fdb));
            hosts.add(new Host(name, name, namespaces, List.of(), List.of(), containers,
                    List.of(new Daemon("dockerd", "running", Map.of()), new Daemon("flanneld", "running", Map.of()))));
            underlay.add(new Segment.Attachment(name, "enp0s8"));
        }
        return new Topology(hosts, List.of(new Segment("underlay", "192.168.0.0/16", underlay)), List.of(), List.of());
    }

    private static NetInterface dev(int index, String name, String kind, String mac, String master,
                                    NetInterface.Peer peer, List<String> cidrs, NetInterface.Vxlan vx) {
        List<InterfaceAddress> addrs = new ArrayList<>();
        for (String c : cidrs) {
            String[] p = c.split("/");
            addrs.add(new InterfaceAddress(p[0], Integer.parseInt(p[1]), null, "global"));
        }
        return new NetInterface(index, name, kind, mac, vx != null ? 1450 : 1500, true, "UP", master, peer, addrs, vx);
    }

    private static String mac(int host, int dev) {
        return String.format("02:42:%02x:%02x:%02x:%02x", (host >> 8) & 0xff, host & 0xff, dev, 1);
    }

    /**
     * Pings from container 1 of host i to container 1 of host i+1 for `count` packets, each seen at
     * every hop: eth0, the host veth, docker0, flannel.100, enp0s8 (wrapped), the peer's enp0s8,
     * flannel.100, docker0, veth and eth0. All start within `spreadNanos`, so many are in flight at once.
     */
    public static List<StepFrame> pings(int hosts, int count, long spreadNanos) {
        List<StepFrame> out = new ArrayList<>();
        long seq = 0;
        long t0 = 1_700_000_000_000_000_000L;
        for (int p = 0; p < count; p++) {
            int a = p % Math.max(1, hosts - 1);
            int b = a + 1;
            String ha = "node" + (a + 1);
            String hb = "node" + (b + 1);
            Hop innerHop = new Hop(Frames.mac(mac(a, 20)), Frames.mac(mac(b, 20)),
                    ipv4("10." + (a / 200 + 10) + "." + (a % 200) + ".2"),
                    ipv4("10." + (b / 200 + 10) + "." + (b % 200) + ".2"), 64, p & 0xffff, true, 0);
            byte[] inner = Frames.icmpEcho(innerHop, true, 7, p & 0xffff, Frames.pingData(0));
            Hop outerHop = new Hop(Frames.mac(mac(a, 1)), Frames.mac(mac(b, 1)), ipv4(underlayIp(a)), ipv4(underlayIp(b)),
                    64, p & 0xffff, false, 0);
            byte[] outer = Frames.vxlan(outerHop, Frames.vxlanSourcePort(inner), Frames.FLANNEL_VXLAN_PORT, 100, inner,
                    false);
            long start = t0 + (count == 0 ? 0 : spreadNanos * p / count);
            long trace = p + 1L;
            String[][] hops = {
                {ha, "ns" + a + "x0", "eth0", "OUT"}, {ha, "host", "veth" + a + "x0", "IN"}, {ha, "host", "docker0", "IN"},
                {ha, "host", "flannel.100", "OUT"}, {ha, "host", "enp0s8", "OUT"}, {hb, "host", "enp0s8", "IN"},
                {hb, "host", "flannel.100", "IN"}, {hb, "host", "docker0", "OUT"}, {hb, "host", "veth" + b + "x0", "OUT"},
                {hb, "ns" + b + "x0", "eth0", "IN"}};
            for (int h = 0; h < hops.length; h++) {
                boolean wrapped = h == 4 || h == 5;
                CapturedFrame f = new CapturedFrame(++seq, start + h * 3_000L, hops[h][0], hops[h][1], hops[h][2],
                        CapturedFrame.Direction.valueOf(hops[h][3]), wrapped ? outer : inner,
                        (wrapped ? outer : inner).length, trace, h, null);
                out.add(new StepFrame((int) seq - 1, f));
            }
        }
        return out;
    }

    private static int ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }
}
