/*
 * Tunnel frames built with the project's frame builders, one small capture per encapsulation of
 * the registry beyond the labs' own VXLAN and plain GRE: Geneve (options, flags, every protocol
 * type tcpdump prints differently), VXLAN-GPE (every next protocol, NSH included), GRE with key,
 * sequence number and checksum, IP in IP and IPv6 in IPv4. The tunnel golden files and the
 * tcpdump comparisons use them.
 */
package org.overlaylab.packets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Gre;
import org.overlaylab.packets.encap.VxlanGpe;

public final class TunnelSamples {
    /** OVN's option class, as ovn-controller puts it on every Geneve packet. */
    static final int OVN_CLASS = 0x0102;

    private TunnelSamples() {}

    /** Every sample, by name, each a list of frames. */
    public static Map<String, List<byte[]>> all() {
        Map<String, List<byte[]>> m = new LinkedHashMap<>();
        m.put("geneve", geneve());
        m.put("vxlan-gpe", vxlanGpe());
        m.put("gre-options", greOptions());
        m.put("ip-in-ip", ipInIp());
        return m;
    }

    /** The IPv4 packet of the overlay ping (no Ethernet header), as a tunnel without one carries it. */
    static byte[] pingPacket(int seq) {
        return Frames.ipPacketOf(Corpus.ping(seq));
    }

    /** The IPv6 echo request of Ipv6Samples without its Ethernet header. */
    static byte[] ipv6Echo() {
        byte[] f = Ipv6Samples.all().get(4);
        return Arrays.copyOfRange(f, 14, f.length);
    }

    static List<byte[]> geneve() {
        Hop u = Corpus.underlay();
        byte[] ovnOption = Geneve.option(OVN_CLASS, 0x80, new byte[] {0, 1, 0, 2});
        byte[] twoOptions = concat(Geneve.option(0x0101, 0x01, new byte[8]), Geneve.option(0xfff3, 0x02, new byte[0]));
        List<byte[]> l = new ArrayList<>();
        l.add(Frames.geneve(u, 50525, 11, Encapsulations.ETHERTYPE_TEB, 0, new byte[0], Corpus.ping(1)));
        l.add(Frames.geneve(u.reversed(), 12618, 10, Encapsulations.ETHERTYPE_TEB, Geneve.FLAG_CRITICAL, ovnOption,
                Corpus.pong(1)));
        l.add(Frames.geneve(u, 50525, 0x1389, Encapsulations.ETHERTYPE_IPV4, 0, twoOptions, pingPacket(2)));
        l.add(Frames.geneve(u, 50525, 7, Encapsulations.ETHERTYPE_IPV6, 0, new byte[0], ipv6Echo()));
        l.add(Frames.geneve(u, 50525, 7, 0x0806, 0, new byte[0],
                Arrays.copyOfRange(Frames.arpRequest(Corpus.C1_MAC, Corpus.C1, Corpus.C2), 14, 42)));
        l.add(Frames.geneve(u, 50525, 0xffffff, 0x1234, Geneve.FLAG_OAM | 0x21, new byte[0], new byte[12]));
        // the reply direction: Geneve named by the source port
        l.add(Frames.udp(u.reversed(), Encapsulations.GENEVE_PORT, 50525,
                concat(Geneve.header(11, Encapsulations.ETHERTYPE_TEB, 0, new byte[0]), Corpus.pong(1)), false));
        byte[] rsvd = Geneve.header(3, Encapsulations.ETHERTYPE_TEB, 0, new byte[0]);
        rsvd[7] = 0x5a;
        l.add(Frames.udp(u, 50525, Encapsulations.GENEVE_PORT, concat(rsvd, Corpus.ping(3)), false));
        byte[] version1 = Geneve.header(3, Encapsulations.ETHERTYPE_TEB, 0, new byte[0]);
        version1[0] |= 0x40;
        l.add(Frames.udp(u, 50525, Encapsulations.GENEVE_PORT, concat(version1, Corpus.ping(3)), false));
        byte[] tooManyOptions = Geneve.header(3, Encapsulations.ETHERTYPE_TEB, 0, new byte[0]);
        tooManyOptions[0] = 20;
        l.add(Frames.udp(u, 50525, Encapsulations.GENEVE_PORT, concat(tooManyOptions, new byte[40]), false));
        l.add(Frames.udp(u, 50525, Encapsulations.GENEVE_PORT, new byte[5], false));
        return l;
    }

    static List<byte[]> vxlanGpe() {
        Hop u = Corpus.underlay();
        byte[] arp = Frames.arpRequest(Corpus.C1_MAC, Corpus.C1, Corpus.C2);
        List<byte[]> l = new ArrayList<>();
        l.add(Frames.vxlanGpe(u, 40001, 300, VxlanGpe.NEXT_IPV4, pingPacket(1)));
        l.add(Frames.vxlanGpe(u, 40001, 300, VxlanGpe.NEXT_IPV6, ipv6Echo()));
        l.add(Frames.vxlanGpe(u, 40001, 300, VxlanGpe.NEXT_ETHERNET, arp));
        l.add(Frames.vxlanGpe(u, 40001, 0xffffff, VxlanGpe.NEXT_NSH,
                concat(nsh(0x00abcd, 255, 1, 0, false), pingPacket(2))));
        l.add(Frames.vxlanGpe(u, 40001, 42, VxlanGpe.NEXT_NSH, concat(nsh(7, 3, 3, 4, true), Corpus.ping(3))));
        l.add(Frames.vxlanGpe(u, 40001, 42, VxlanGpe.NEXT_NSH, concat(nsh(7, 3, 9, 0, false), new byte[8])));
        l.add(Frames.vxlanGpe(u, 40001, 42, 9, new byte[16]));
        byte[] bumOam = VxlanGpe.header(5, VxlanGpe.NEXT_IPV4);
        bumOam[0] = VxlanGpe.FLAG_BUM | VxlanGpe.FLAG_OAM | 0x20;
        l.add(Frames.udp(u, 40001, Encapsulations.VXLAN_GPE_PORT, concat(bumOam, pingPacket(4)), false));
        byte[] none = VxlanGpe.header(5, VxlanGpe.NEXT_IPV4);
        none[0] = 0;
        l.add(Frames.udp(u, 40001, Encapsulations.VXLAN_GPE_PORT, concat(none, pingPacket(4)), false));
        l.add(Frames.udp(u, 40001, Encapsulations.VXLAN_GPE_PORT, new byte[6], false));
        return l;
    }

    /** An NSH: MD type 2 with {@code contextWords} of context headers, service path and index, next protocol. */
    static byte[] nsh(int spi, int index, int nextProtocol, int contextWords, boolean oam) {
        byte[] h = new byte[8 + contextWords * 4];
        int words = 2 + contextWords;
        int ttl = 63;
        int first = (oam ? 0x2000 : 0) | (ttl << 6) | words;
        h[0] = (byte) (first >> 8);
        h[1] = (byte) first;
        h[2] = 2;
        h[3] = (byte) nextProtocol;
        h[4] = (byte) (spi >> 16);
        h[5] = (byte) (spi >> 8);
        h[6] = (byte) spi;
        h[7] = (byte) index;
        for (int i = 8; i < h.length; i++) {
            h[i] = (byte) i;
        }
        return h;
    }

    static List<byte[]> greOptions() {
        Hop g = Hop.of(Corpus.NODE2_MAC, Corpus.NODE1_MAC, Corpus.NODE2, Corpus.NODE1);
        List<byte[]> l = new ArrayList<>();
        l.add(Frames.gre(g, Frames.ETHERTYPE_TEB, Corpus.ping(1), false, 40, Gre.NO_SEQUENCE));
        l.add(Frames.gre(g.reversed(), Frames.ETHERTYPE_TEB, Corpus.pong(1), false, Gre.NO_KEY, 171));
        l.add(Frames.gre(g, Frames.ETHERTYPE_TEB, Corpus.ping(2), true, Gre.NO_KEY, Gre.NO_SEQUENCE));
        l.add(Frames.gre(g, Frames.ETHERTYPE_TEB, Corpus.ping(3), true, 0xfedcba98L, 4294967295L));
        l.add(Frames.gre(g, Frames.ETHERTYPE_IPV4, pingPacket(4), false, 1, 2));
        l.add(Frames.gre(g, Frames.ETHERTYPE_IPV6, ipv6Echo(), true, 40, Gre.NO_SEQUENCE));
        l.add(Frames.gre(g, 0x88be, new byte[20], false, Gre.NO_KEY, 9));
        l.add(Frames.gre(g, Frames.ETHERTYPE_TEB, Frames.arpRequest(Corpus.C1_MAC, Corpus.C1, Corpus.C2), false, 0,
                Gre.NO_SEQUENCE));
        return l;
    }

    static List<byte[]> ipInIp() {
        Hop u = Corpus.underlay();
        List<byte[]> l = new ArrayList<>();
        l.add(Frames.ipv4(u, Encapsulations.IP_PROTO_IPIP, pingPacket(1)));
        l.add(Frames.ipv4(u.reversed(), Encapsulations.IP_PROTO_IPIP, Frames.ipPacketOf(Corpus.pong(1))));
        l.add(Frames.ipv4(u, Encapsulations.IP_PROTO_IPV6, ipv6Echo()));
        l.add(Frames.ipv4(u, Encapsulations.IP_PROTO_IPIP,
                Frames.ipPacketOf(Frames.ipv4(u.withTtl(63), Encapsulations.IP_PROTO_IPV6, ipv6Echo()))));
        l.add(Frames.gre(Hop.of(Corpus.NODE2_MAC, Corpus.NODE1_MAC, Corpus.NODE2, Corpus.NODE1), Frames.ETHERTYPE_IPV4,
                Frames.ipPacketOf(Frames.ipv4(u, Encapsulations.IP_PROTO_IPIP, pingPacket(5))), false, 40,
                Gre.NO_SEQUENCE));
        return l;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
