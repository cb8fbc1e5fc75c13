/*
 * The one table of encapsulations OverlayLab knows, with the port, protocol and EtherType numbers
 * that name them. Every walk into tunnels (tcpdump text, layer tree, display filters, frame
 * fields, the simulator's forwarding, the capture trace ids, frame diffs) asks here instead of
 * testing numbers itself. To add a tunnel type: write its Encapsulation subclass, list it in ALL
 * below, and give it a tcpdump printer in format.TunnelPrinters (docs/architecture.md).
 */
package org.overlaylab.packets.encap;

import java.util.List;

public final class Encapsulations {
    /*
     * The tunnels' UDP ports are set through udpPort() so that they are not compile-time constants:
     * javac then compiles every use elsewhere as a read of this field instead of copying the
     * number, and the architecture test can tell a named use from a number written anew.
     */

    /** VXLAN's IANA port: Docker's overlay driver and `ip link add ... dstport 4789`. */
    public static final int VXLAN_PORT = udpPort(4789);
    /** The port a Linux VXLAN device uses when none is given, and flannel's VXLAN backend. */
    public static final int VXLAN_LINUX_PORT = udpPort(8472);
    public static final int GENEVE_PORT = udpPort(6081);
    public static final int VXLAN_GPE_PORT = udpPort(4790);

    public static final int IP_PROTO_IPIP = 4;
    public static final int IP_PROTO_IPV6 = 41;
    public static final int IP_PROTO_GRE = 47;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    /** Transparent Ethernet bridging: the payload is a whole Ethernet frame. */
    public static final int ETHERTYPE_TEB = 0x6558;
    public static final int ETHERTYPE_NSH = 0x894f;

    public static final Vxlan VXLAN = new Vxlan();
    public static final Geneve GENEVE = new Geneve();
    public static final VxlanGpe VXLAN_GPE = new VxlanGpe();
    public static final Gre GRE = new Gre();
    public static final IpInIp IPIP = new IpInIp("IP-in-IP", "ipip", IP_PROTO_IPIP, ETHERTYPE_IPV4);
    public static final IpInIp IPV6_IN_IP = new IpInIp("IPv6-in-IP", "6in4", IP_PROTO_IPV6, ETHERTYPE_IPV6);
    public static final Nsh NSH = new Nsh();

    /** The registration: every encapsulation, each with a distinct index (its position here). */
    private static final List<Encapsulation> ALL = List.of(VXLAN, GENEVE, VXLAN_GPE, GRE, IPIP, IPV6_IN_IP, NSH);

    private static final Encapsulation[] TABLE = ALL.toArray(Encapsulation[]::new);

    private Encapsulations() {}

    private static int udpPort(int port) {
        return port;
    }

    public static List<Encapsulation> all() {
        return ALL;
    }

    /** The position of an encapsulation in {@link #all()}, for bit sets over encapsulations. */
    public static int index(Encapsulation e) {
        for (int i = 0; i < TABLE.length; i++) {
            if (TABLE[i] == e) {
                return i;
            }
        }
        return -1;
    }

    private static Encapsulation find(Encapsulation.Carrier carrier, int number) {
        for (Encapsulation e : TABLE) {
            if (e.isNamedBy(carrier, number)) {
                return e;
            }
        }
        return null;
    }

    /** The encapsulation on this UDP port, or null. */
    public static Encapsulation forUdpPort(int port) {
        return find(Encapsulation.Carrier.UDP_PORT, port);
    }

    /** The encapsulation a UDP datagram carries: named by its destination port, else its source port. */
    public static Encapsulation forUdpPorts(int srcPort, int dstPort) {
        Encapsulation e = forUdpPort(dstPort);
        return e != null ? e : forUdpPort(srcPort);
    }

    /** The encapsulation on this IP protocol (IPv6 next header), or null. */
    public static Encapsulation forIpProtocol(int protocol) {
        return find(Encapsulation.Carrier.IP_PROTOCOL, protocol);
    }

    /** The encapsulation another tunnel's protocol field names by this EtherType, or null. */
    public static Encapsulation forEtherType(int etherType) {
        return find(Encapsulation.Carrier.ETHERTYPE, etherType);
    }

    /** The encapsulation whose display-filter word this is ("vxlan"), or null. */
    public static Encapsulation forFilterName(String word) {
        for (Encapsulation e : TABLE) {
            if (e.filterName().equalsIgnoreCase(word)) {
                return e;
            }
        }
        return null;
    }

    /** Whether a layer of this name is a tunnel header. */
    public static boolean isTunnelLayer(String layerName) {
        for (Encapsulation e : TABLE) {
            if (e.name().equals(layerName)) {
                return true;
            }
        }
        return false;
    }
}
