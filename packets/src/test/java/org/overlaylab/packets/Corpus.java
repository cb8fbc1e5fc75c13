/*
 * Named sample frames covering what the labs put on the wire (ARP, ping, ICMP errors, UDP, TCP
 * handshakes, VXLAN on 4789 and 8472, GRE, IPv6 neighbour discovery, MLDv2, 802.1Q), built with
 * the project's own frame builders. The golden corpus and the tcpdump comparisons use them.
 */
package org.overlaylab.packets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;

public final class Corpus {
    public static final long T0 = 1_700_000_000_123_456L;

    public static final long NODE1_MAC = Frames.mac("08:00:27:11:22:33");
    public static final long NODE2_MAC = Frames.mac("08:00:27:b8:22:30");
    public static final int NODE1 = Ipv4.parse("192.168.205.10");
    public static final int NODE2 = Ipv4.parse("192.168.205.11");
    public static final long C1_MAC = Frames.mac("02:42:0a:00:00:02");
    public static final long C2_MAC = Frames.mac("02:42:0a:00:00:03");
    public static final int C1 = Ipv4.parse("10.0.0.2");
    public static final int C2 = Ipv4.parse("10.0.0.3");

    private Corpus() {}

    public static Hop underlay() {
        return Hop.of(NODE1_MAC, NODE2_MAC, NODE1, NODE2);
    }

    public static Hop overlay() {
        return Hop.of(C1_MAC, C2_MAC, C1, C2).withIdentification(0x1c46);
    }

    public static byte[] ping(int seq) {
        return Frames.icmpEcho(overlay(), true, 23, seq, Frames.pingData(T0 + seq * 1_000_000L));
    }

    public static byte[] pong(int seq) {
        return Frames.icmpEcho(overlay().reversed(), false, 23, seq, Frames.pingData(T0 + seq * 1_000_000L));
    }

    /** Every sample, by name, each a list of frames (a small capture). */
    public static Map<String, List<byte[]>> all() {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        Hop u = underlay();
        m.put("arp", List.of(
                Frames.arpRequest(NODE1_MAC, NODE1, NODE2),
                Frames.arpReply(NODE2_MAC, NODE2, NODE1_MAC, NODE1),
                Frames.padToMinimum(Frames.arpReply(NODE2_MAC, NODE2, NODE1_MAC, NODE1)),
                Frames.arp(1, NODE2_MAC, NODE1_MAC, NODE1, NODE2_MAC, NODE2)));
        m.put("ping", List.of(ping(1), pong(1), ping(2), pong(2)));
        byte[] offending = Frames.ipPacketOf(ping(7));
        byte[] udpOffending = Frames.ipPacketOf(Frames.udp(overlay(), 40000, 5555, new byte[12], true));
        byte[] tcpOffending = Frames.ipPacketOf(Frames.tcp(overlay(), 40000, 2379, 1, 0, Frames.TCP_SYN, 64240,
                new byte[0], new byte[0]));
        Hop router = Hop.of(NODE2_MAC, NODE1_MAC, NODE2, C1).withDontFragment(false).withTtl(64);
        m.put("icmp-errors", List.of(
                Frames.icmpUnreachable(router, Frames.UNREACH_NET, offending, 0),
                Frames.icmpUnreachable(router, Frames.UNREACH_HOST, offending, 0),
                Frames.icmpUnreachable(router, Frames.UNREACH_PROTOCOL, offending, 0),
                Frames.icmpUnreachable(router, Frames.UNREACH_PORT, udpOffending, 0),
                Frames.icmpUnreachable(router, Frames.UNREACH_PORT, tcpOffending, 0),
                Frames.icmpUnreachable(router, Frames.UNREACH_NEED_FRAG, offending, 1450),
                Frames.icmpUnreachable(router, Frames.UNREACH_NEED_FRAG, offending, 0),
                Frames.icmpUnreachable(router, 10, offending, 0),
                Frames.icmpUnreachable(router, 13, offending, 0),
                Frames.icmpUnreachable(router, 9, offending, 0),
                Frames.icmpTimeExceeded(router, offending),
                Frames.icmpError(router, 11, 1, 0, offending),
                Frames.icmpError(router, 12, 0, 0x14000000, offending),
                Frames.icmpError(router, 4, 0, 0, offending),
                Frames.icmpError(router, 42, 0, 0, offending)));
        m.put("udp", List.of(
                Frames.udp(u, 7946, 7946, "gossip".getBytes(), true),
                Frames.udp(u, 40000, 5555, new byte[100], false),
                Frames.udp(u.withDontFragment(false), 33434, 33435, new byte[32], true)));
        m.put("tcp", tcpConversation());
        List<byte[]> vx = new ArrayList<>();
        for (int seq = 1; seq <= 2; seq++) {
            byte[] in = ping(seq);
            vx.add(Frames.vxlan(u, Frames.vxlanSourcePort(in), Frames.VXLAN_PORT, 256, in, false));
            byte[] back = pong(seq);
            vx.add(Frames.vxlan(u.reversed(), Frames.vxlanSourcePort(back), Frames.VXLAN_PORT, 256, back, false));
        }
        vx.add(Frames.vxlan(u, 45000, Frames.VXLAN_PORT, 256, Frames.arpRequest(C1_MAC, C1, C2), true));
        m.put("vxlan-4789", vx);
        List<byte[]> fl = new ArrayList<>();
        for (int seq = 1; seq <= 2; seq++) {
            byte[] in = ping(seq);
            fl.add(Frames.vxlan(u, Frames.vxlanSourcePort(in), Frames.FLANNEL_VXLAN_PORT, 100, in, false));
            byte[] back = pong(seq);
            fl.add(Frames.vxlan(u.reversed(), Frames.vxlanSourcePort(back), Frames.FLANNEL_VXLAN_PORT, 100, back, false));
        }
        m.put("vxlan-8472", fl);
        Hop gu = Hop.of(NODE2_MAC, NODE1_MAC, NODE2, NODE1);
        m.put("gre", List.of(
                Frames.gre(gu, Frames.ETHERTYPE_TEB, ping(1)),
                Frames.gre(gu.reversed(), Frames.ETHERTYPE_TEB, pong(1)),
                Frames.greIpv4(gu, ping(2)),
                Frames.gre(gu, Frames.ETHERTYPE_TEB, Frames.arpRequest(C1_MAC, C1, C2)),
                Frames.gre(gu, 0x88be, new byte[20])));
        m.put("dns", dnsExchange());
        m.put("dns-docker", dockerDns());
        m.put("tcp-apps", tcpApplications());
        m.put("ipv6", Ipv6Samples.all());
        m.put("vlan", List.of(vlanTag(ping(3), 100), vlanTag(Frames.arpRequest(NODE1_MAC, NODE1, NODE2), 5)));
        m.put("other", List.of(
                Frames.ethernet(Frames.BROADCAST_MAC, NODE1_MAC, 0x88cc - 1, new byte[46]),
                Frames.ethernet(Frames.BROADCAST_MAC, NODE1_MAC, 0x9000 + 7, "hello world, unknown type".getBytes()),
                Frames.ipv4(u, 253, new byte[44]),
                Frames.ipv4(u, 4, Frames.ipPacketOf(ping(5))),
                Frames.ipv4(u, 254, new byte[16])));
        return m;
    }

    /** A resolver asking VirtualBox's NAT DNS for google.com, the answer, and a name that does not exist. */
    static List<byte[]> dnsExchange() {
        Hop q = Hop.of(NODE1_MAC, NODE2_MAC, Ipv4.parse("10.0.2.15"), Ipv4.parse("10.0.2.3"));
        byte[] name = {6, 'g', 'o', 'o', 'g', 'l', 'e', 3, 'c', 'o', 'm', 0};
        byte[] query = dns(0x1234, 0x0100, name, 1, 0, null);
        byte[] answer = dns(0x1234, 0x8180, name, 1, 1, new byte[] {(byte) 172, (byte) 217, 22, 14});
        byte[] missing = dns(0x4321, 0x8183, name, 1, 0, null);
        byte[] aaaa = dns(0x5555, 0x0100, name, 28, 0, null);
        return List.of(Frames.udp(q, 41000, 53, query, true), Frames.udp(q.reversed(), 53, 41000, answer, true),
                Frames.udp(q.reversed(), 53, 41000, missing, true), Frames.udp(q, 41001, 53, aaaa, true));
    }

    /**
     * A container asking Docker's embedded DNS server (127.0.0.11, over the container's loopback):
     * a peer's name with EDNS, a name outside with a CNAME and IPv6 answers, one that does not
     * exist (its SOA in the authority section), and etcd's SRV record with its TXT and MX neighbours.
     */
    static List<byte[]> dockerDns() {
        Hop lo = Hop.of(0L, 0L, Ipv4.parse("127.0.0.1"), Ipv4.parse("127.0.0.11"));
        byte[] test2 = name("test2");
        byte[] google = name("www.google.com");
        byte[] opt = {0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0};
        byte[] aaaa = {0x2a, 0x00, 0x14, 0x50, 0x40, 0x01, 0x08, 0x2b, 0, 0, 0, 0, 0, 0, 0x20, 0x0e};
        byte[] soa = concat(name("docker"), new byte[] {0, 6, 0, 1, 0, 0, 0, 60, 0, 22},
                new byte[] {2, 'n', 's', 0, 4, 'r', 'o', 'o', 't', 0}, new byte[12]);
        byte[] srvName = name("_etcd-server._tcp.lab");
        return List.of(
                Frames.udp(lo, 45000, 53, message(0x3a1f, 0x0100, test2, 1, 0, 0, 1, opt), true),
                Frames.udp(lo.reversed(), 53, 45000, message(0x3a1f, 0x8580, test2, 1, 1, 0, 1,
                        concat(rr(0xc00c, 1, 600, new byte[] {10, 0, 0, 3}), opt)), true),
                Frames.udp(lo, 45001, 53, message(0x3a20, 0x0100, google, 28, 0, 0, 0, new byte[0]), true),
                Frames.udp(lo.reversed(), 53, 45001, message(0x3a20, 0x8180, google, 28, 2, 0, 0,
                        concat(rr(0xc00c, 5, 300, concat(name("forcesafesearch.google.com"))),
                                rr(0xc02c, 28, 300, aaaa))), true),
                Frames.udp(lo, 45002, 53, message(0x3a21, 0x0100, name("nosuch"), 1, 0, 0, 0, new byte[0]), true),
                Frames.udp(lo.reversed(), 53, 45002, message(0x3a21, 0x8183, name("nosuch"), 1, 0, 1, 0, soa), true),
                Frames.udp(lo.reversed(), 53, 45003, message(0x3a22, 0x8580, srvName, 33, 3, 0, 0,
                        concat(rr(0xc00c, 33, 60, concat(new byte[] {0, 0, 0, 0, 0x09, 0x4c}, name("node1.lab"))),
                                rr(0xc00c, 16, 60, new byte[] {5, 'h', 'e', 'l', 'l', 'o', 3, 'l', 'a', 'b'}),
                                rr(0xc00c, 15, 60, concat(new byte[] {0, 10}, name("mail.lab"))))), true));
    }

    /**
     * What follows a TCP segment's length in tcpdump: etcd's v2 HTTP API on its own port 2379 (no
     * suffix: tcpdump decodes HTTP on 80 and 8080 only) and on 80 (request, response, a body),
     * a BGP keepalive, Fast Open cookies (kind 34 and the experimental 254) and MPTCP options.
     */
    static List<byte[]> tcpApplications() {
        Hop a = Hop.of(NODE1_MAC, NODE2_MAC, NODE1, NODE2);
        Hop b = a.reversed();
        byte[] get = "GET /v2/keys/coreos.com/network/config HTTP/1.1\r\nHost: 192.168.205.11:2379\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Etcd-Index: 7\r\n\r\n{\"action\":\"get\"}"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = "{\"Network\": \"10.0.0.0/8\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] keepalive = new byte[19];
        java.util.Arrays.fill(keepalive, 0, 16, (byte) 0xff);
        keepalive[17] = 19;
        keepalive[18] = 4;
        int psh = Frames.TCP_ACK | Frames.TCP_PSH;
        return List.of(
                Frames.tcp(a, 40010, 2379, 100, 200, psh, 502, new byte[0], get),
                Frames.tcp(a, 40011, 80, 100, 200, psh, 502, new byte[0], get),
                Frames.tcp(b, 80, 40011, 200, 100 + get.length, psh, 509, new byte[0], ok),
                Frames.tcp(b, 8080, 40012, 300, 100, psh, 509, new byte[0], body),
                Frames.tcp(a, 50000, 179, 1, 1, psh, 502, new byte[0], keepalive),
                Frames.tcp(a, 40013, 2379, 5, 0, Frames.TCP_SYN, 64240, new byte[] {34, 2, 1, 1}, new byte[0]),
                Frames.tcp(b, 2379, 40013, 9, 6, Frames.TCP_SYN | Frames.TCP_ACK, 65160,
                        new byte[] {34, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1}, new byte[0]),
                Frames.tcp(a, 40014, 2379, 5, 0, Frames.TCP_SYN, 64240, new byte[] {(byte) 254, 4, (byte) 0xf9,
                        (byte) 0x89}, new byte[0]),
                Frames.tcp(a, 40015, 2379, 5, 0, Frames.TCP_SYN, 64240, new byte[] {30, 4, 0x01, (byte) 0x81},
                        new byte[0]),
                Frames.tcp(a, 40015, 2379, 6, 10, Frames.TCP_ACK, 502, new byte[] {30, 8, 0x20, 0x01, 0, 0, 0, 7},
                        new byte[0]));
    }

    private static byte[] name(String dotted) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            b.write(label.length());
            b.write(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, label.length());
        }
        b.write(0);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p, 0, p.length);
        }
        return b.toByteArray();
    }

    /** A resource record whose name is a compression pointer. */
    private static byte[] rr(int pointer, int type, int ttl, byte[] data) {
        return concat(new byte[] {(byte) (pointer >> 8), (byte) pointer, (byte) (type >> 8), (byte) type, 0, 1,
                (byte) (ttl >> 24), (byte) (ttl >> 16), (byte) (ttl >> 8), (byte) ttl, (byte) (data.length >> 8),
                (byte) data.length}, data);
    }

    private static byte[] message(int id, int flags, byte[] qname, int qtype, int an, int ns, int ar, byte[] records) {
        return concat(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1, 0, (byte) an,
                0, (byte) ns, 0, (byte) ar}, qname, new byte[] {(byte) (qtype >> 8), (byte) qtype, 0, 1}, records);
    }

    private static byte[] dns(int id, int flags, byte[] name, int qtype, int answers, byte[] address) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        int[] header = {id >> 8, id, flags >> 8, flags, 0, 1, 0, answers, 0, 0, 0, 0};
        for (int h : header) {
            b.write(h);
        }
        b.write(name, 0, name.length);
        b.write(qtype >> 8);
        b.write(qtype);
        b.write(0);
        b.write(1);
        if (address != null) {
            int[] rr = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4};
            for (int r : rr) {
                b.write(r);
            }
            b.write(address, 0, 4);
        }
        return b.toByteArray();
    }

    static byte[] vlanTag(byte[] frame, int vid) {
        byte[] f = new byte[frame.length + 4];
        System.arraycopy(frame, 0, f, 0, 12);
        f[12] = (byte) 0x81;
        f[13] = 0;
        f[14] = (byte) (vid >> 8);
        f[15] = (byte) vid;
        System.arraycopy(frame, 12, f, 16, frame.length - 12);
        return f;
    }

    /** A handshake, data both ways, a SACK, FIN and RST, as seen between etcd members. */
    public static List<byte[]> tcpConversation() {
        Hop a = Hop.of(NODE1_MAC, NODE2_MAC, NODE1, NODE2);
        Hop b = a.reversed();
        long isnA = 3_000_000_000L;
        long isnB = 123_456_789L;
        int pa = 51234;
        int pb = 2380;
        byte[] synOpts = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
        byte[] synAckOpts = {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0, 9, 0, 0, 0, 1, 1, 3, 3, 7};
        byte[] ts = {1, 1, 8, 10, 0, 0, 0, 2, 0, 0, 0, 9};
        byte[] sack = {1, 1, 5, 10, 0, 0, 0, 0, 0, 0, 0, 0};
        long sackStart = isnB + 1 + 200;
        for (int i = 0; i < 4; i++) {
            sack[4 + i] = (byte) (sackStart >>> (8 * (3 - i)));
            sack[8 + i] = (byte) ((sackStart + 100) >>> (8 * (3 - i)));
        }
        List<byte[]> l = new ArrayList<>();
        l.add(Frames.tcp(a, pa, pb, isnA, 0, Frames.TCP_SYN, 64240, synOpts, new byte[0]));
        l.add(Frames.tcp(b, pb, pa, isnB, isnA + 1, Frames.TCP_SYN | Frames.TCP_ACK, 65160, synAckOpts, new byte[0]));
        l.add(Frames.tcp(a, pa, pb, isnA + 1, isnB + 1, Frames.TCP_ACK, 502, ts, new byte[0]));
        l.add(Frames.tcp(a, pa, pb, isnA + 1, isnB + 1, Frames.TCP_ACK | Frames.TCP_PSH, 502, ts, new byte[100]));
        l.add(Frames.tcp(b, pb, pa, isnB + 1, isnA + 101, Frames.TCP_ACK, 509, ts, new byte[0]));
        l.add(Frames.tcp(b, pb, pa, isnB + 1, isnA + 101, Frames.TCP_ACK | Frames.TCP_PSH, 509, ts, new byte[200]));
        l.add(Frames.tcp(a, pa, pb, isnA + 101, isnB + 201, Frames.TCP_ACK, 501, sack, new byte[0]));
        l.add(Frames.tcp(a, pa, pb, isnA + 101, isnB + 201, Frames.TCP_ACK | Frames.TCP_FIN, 501, ts, new byte[0]));
        l.add(Frames.tcp(b, pb, pa, isnB + 201, 0, Frames.TCP_RST, 0, new byte[0], new byte[0]));
        l.add(Frames.tcp(a, 40001, 2379, 77, 0, Frames.TCP_SYN, 64240, new byte[] {2, 4, 5, (byte) 0xb4}, new byte[0]));
        l.add(Frames.tcp(a, 40002, 2379, 5, 6, 0xff, 1000, new byte[0], new byte[3]));
        l.add(Frames.tcp(a, 40003, 2379, 5, 6, 0, 1000, new byte[] {99, 4, 0, 0, 19, 18, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, new byte[0]));
        return l;
    }
}
