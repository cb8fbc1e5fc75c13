/*
 * What an encapsulation's tcpdump printer sees of the walk over a frame: the captured bytes
 * (reads past them end the line with " [|proto]" as tcpdump does), the line being written, the
 * -e flag, and the way to hand on the packet inside the tunnel, which the walk prints once the
 * tunnel printer has returned (so a frame wrapped thousands of times does not nest calls).
 */
package org.overlaylab.packets.format;

interface TunnelCursor {

    /** The text of the current line. */
    StringBuilder out();

    /** Whether the link-level header is printed (`tcpdump -e`). */
    boolean linkLevel();

    /** The protocol named in " [|name]" if the bytes run out from here on (tcpdump's ndo_protocol). */
    void protocol(String name);

    int u8(int p);

    int u16(int p);

    int u24(int p);

    long u32(int p);

    /** Ends the line as truncated unless {@code len} bytes from {@code p} were captured. */
    void check(int p, int len);

    /** Captured bytes from {@code p} on. */
    int available(int p);

    /** The exception that ends the line as truncated: {@code throw c.truncated();}. */
    RuntimeException truncated();

    /** Appends a dotted IPv4 address read at {@code p}. */
    void ipv4(int p);

    /** tcpdump's ether_print for the Ethernet frame at {@code p}, after this printer returns. */
    void nextEthernet(int p, int length);

    /** tcpdump's ip_print for the IPv4 packet at {@code p}, after this printer returns. */
    void nextIpv4(int p, int length);

    /** tcpdump's ip6_print for the IPv6 packet at {@code p}, after this printer returns. */
    void nextIpv6(int p, int length);

    /**
     * tcpdump's ethertype_print: prints (after this printer returns) the packet an EtherType names,
     * for the types this printer knows (IPv4, IPv6, ARP, and EtherType-named tunnels such as NSH);
     * false, with nothing printed, for the others.
     */
    boolean nextByEtherType(int etherType, int p, int length);

    /** Another tunnel printer for the header at {@code p}, after this printer returns. */
    void nextTunnel(TunnelPrinter printer, int p, int length);
}
