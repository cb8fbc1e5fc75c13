/*
 * Which tcpdump printer shows each encapsulation of the registry, keyed as tcpdump 4.99's own
 * dispatch keys them: UDP ports (either the source or the destination, in tcpdump's order, so
 * Linux's VXLAN port 8472 is Cisco OTV to tcpdump), IP protocol numbers, and EtherTypes in other
 * tunnels' protocol fields. A new tunnel type adds its printer class and one line here.
 */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Encapsulations;

final class TunnelPrinters {

    private record Entry(int number, TunnelPrinter printer) {}

    /** udp_print's order: OTV, VXLAN, Geneve, VXLAN-GPE (ports it names between them are not tunnels). */
    private static final Entry[] UDP = {
        new Entry(Encapsulations.VXLAN_LINUX_PORT, new OtvPrinter()),
        new Entry(Encapsulations.VXLAN_PORT, new VxlanPrinter()),
        new Entry(Encapsulations.GENEVE_PORT, new GenevePrinter()),
        new Entry(Encapsulations.VXLAN_GPE_PORT, new VxlanGpePrinter()),
    };

    /** ip_demux_print: IP in IP and IPv6 in IP have no header of their own. */
    private static final Entry[] IP = {
        new Entry(Encapsulations.IP_PROTO_IPIP, (c, p, length) -> c.nextIpv4(p, length)),
        new Entry(Encapsulations.IP_PROTO_IPV6, (c, p, length) -> c.nextIpv6(p, length)),
        new Entry(Encapsulations.IP_PROTO_GRE, new GrePrinter()),
    };

    /** ethertype_print's tunnels. */
    private static final Entry[] ETHERTYPE = {
        new Entry(Encapsulations.ETHERTYPE_NSH, new NshPrinter()),
    };

    private TunnelPrinters() {}

    private static TunnelPrinter find(Entry[] table, int number) {
        for (Entry e : table) {
            if (e.number() == number) {
                return e.printer();
            }
        }
        return null;
    }

    /** The printer for a UDP datagram between these ports, or null when tcpdump prints it as plain UDP. */
    static TunnelPrinter forUdp(int srcPort, int dstPort) {
        for (Entry e : UDP) {
            if (e.number() == srcPort || e.number() == dstPort) {
                return e.printer();
            }
        }
        return null;
    }

    static TunnelPrinter forIpProtocol(int protocol) {
        return find(IP, protocol);
    }

    static TunnelPrinter forEtherType(int etherType) {
        return find(ETHERTYPE, etherType);
    }
}
