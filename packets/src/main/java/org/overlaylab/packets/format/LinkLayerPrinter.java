/*
 * The link layers other than Ethernet that tcpdump 4.99 reads on Linux, printed as its printers
 * do: BSD loopback (NULL, and OpenBSD's LOOP in network order), raw IP (LINKTYPE_RAW and Linux's
 * DLT_RAW 12, and the IPv4/IPv6 types 228/229, which tcpdump prints the same way), and Linux cooked captures (SLL from
 * `tcpdump -i any`, SLL2 from newer libpcap, which names the interface). What follows them goes
 * back to TcpdumpPrinter's IPv4, IPv6 and ARP printers; what tcpdump decodes and this module does
 * not model is printed as tcpdump prints a payload it has no printer for (header and hex).
 */
package org.overlaylab.packets.format;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.Stream;

final class LinkLayerPrinter {
    static final int NULL = 0;
    static final int RAW_DLT = 12;
    static final int RAW = 101;
    static final int LOOP = 108;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int IPV6 = 229;
    static final int LINUX_SLL2 = 276;

    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;

    private LinkLayerPrinter() {}

    /** Whether frames of this link type can be printed. */
    static boolean supported(int linkType) {
        return switch (linkType) {
            case 1, NULL, RAW_DLT, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    static void print(TcpdumpPrinter t, int linkType, int p, int length, int caplen) {
        switch (linkType) {
            case NULL, LOOP -> nullLoop(t, p, length, caplen);
            case RAW_DLT, RAW, IPV4, IPV6 -> {
                // tcpdump prints the IPv4-only and IPv6-only types with the raw printer: the version nibble decides
                t.protocol("raw");
                if (t.linkLevel()) {
                    t.out().append("ip: ");
                }
                ipN(t, p, length);
            }
            case LINUX_SLL -> sll(t, p, length, caplen);
            case LINUX_SLL2 -> sll2(t, p, length, caplen);
            default -> throw new IllegalArgumentException("link type " + linkType + " is not printed here");
        }
    }

    /** tcpdump's ipN_print: the version nibble picks IPv4 or IPv6. */
    private static void ipN(TcpdumpPrinter t, int p, int length) {
        t.protocol("ipn");
        if (length < 1) {
            t.out().append("truncated-ip ").append(length);
            return;
        }
        int version = t.byteAt(p) & 0xf0;
        switch (version) {
            case 0x40 -> t.printIp(p, length);
            case 0x60 -> t.printIp6(p, length);
            default -> t.out().append("unknown ip ").append(version >> 4);
        }
    }

    private static void nullLoop(TcpdumpPrinter t, int p, int length, int caplen) {
        t.protocol("null");
        t.need(p, 4);
        // the family is in the capturing host's byte order (network order for LOOP): tcpdump reads it in
        // its own (little-endian) order and swaps it when the upper half is not zero
        long family = (t.byteAt(p) & 0xffL) | ((long) t.byteAt(p + 1) << 8) | ((long) t.byteAt(p + 2) << 16)
                | ((long) t.byteAt(p + 3) << 24);
        if ((family & 0xffff0000L) != 0) {
            family = Integer.reverseBytes((int) family) & 0xffffffffL;
        }
        if (t.linkLevel()) {
            nullHeader(t, family, length);
        }
        int q = p + 4;
        switch ((int) family) {
            case 2 -> t.printIp(q, length - 4);
            case 24, 28, 30 -> t.printIp6(q, length - 4);
            default -> {
                if (!t.linkLevel()) {
                    nullHeader(t, family, length);
                }
                t.printDefault(q, caplen - 4);
            }
        }
    }

    private static void nullHeader(TcpdumpPrinter t, long family, int length) {
        String name = switch ((int) family) {
            case 2 -> "IPv4";
            case 6 -> "NS";
            case 7 -> "ISO";
            case 16 -> "Appletalk";
            case 23 -> "IPX";
            case 24, 28, 30 -> "IPv6";
            default -> "Unknown";
        };
        t.out().append("AF ").append(name).append(" (").append(family).append("), length ").append(length)
                .append(": ");
    }

    // ---------------------------------------------------------------- Linux cooked captures

    private static String packetType(int type) {
        return switch (type) {
            case 0 -> "In";
            case 1 -> "B";
            case 2 -> "M";
            case 3 -> "P";
            case 4 -> "Out";
            default -> "?";
        };
    }

    private static void sll(TcpdumpPrinter t, int p, int length, int caplen) {
        t.protocol("sll");
        t.need(p, SLL_HEADER);
        if (t.linkLevel()) {
            sllHeader(t, packetType(t.shortAt(p)), t.shortAt(p + 4), p + 6, t.shortAt(p + 14), length, -1);
        }
        cooked(t, p, length, caplen, SLL_HEADER, t.shortAt(p + 2), t.shortAt(p + 14), -1);
    }

    private static void sll2(TcpdumpPrinter t, int p, int length, int caplen) {
        t.protocol("sll2");
        t.need(p, SLL2_HEADER);
        long index = t.intAt(p + 4);
        StringBuilder sb = t.out();
        String name = t.interfaceName((int) index);
        sb.append(name == null ? "?" : name);
        for (int i = name == null ? 1 : name.length(); i < 5; i++) {
            sb.append(' ');
        }
        sb.append(' ');
        String type = packetType(t.byteAt(p + 10));
        sb.append(type);
        for (int i = type.length(); i < 3; i++) {
            sb.append(' ');
        }
        sb.append(' ');
        if (t.linkLevel()) {
            sllHeader(t, null, t.byteAt(p + 11), p + 12, t.shortAt(p), length, index);
        }
        cooked(t, p, length, caplen, SLL2_HEADER, t.shortAt(p + 8), t.shortAt(p), index);
    }

    /** sll_print / sll2_print: the header as -e shows it, and as tcpdump shows it before a payload it cannot decode. */
    private static void sllHeader(TcpdumpPrinter t, String packetType, int halen, int addr, int etherType, int length,
                                  long index) {
        StringBuilder sb = t.out();
        if (index >= 0) {
            sb.append("ifindex ").append(index).append(' ');
        } else {
            for (int i = packetType.length(); i < 3; i++) {
                sb.append(' ');
            }
            sb.append(packetType).append(' ');
        }
        if (halen == 6) {
            t.printMac(addr);
            sb.append(' ');
        }
        if (etherType <= 1500) {
            switch (etherType) {
                case 1 -> sb.append("802.3");
                case 4 -> sb.append("802.2");
                default -> {
                    sb.append("ethertype Unknown (0x");
                    hex4(t, etherType);
                    sb.append(')');
                }
            }
        } else {
            sb.append("ethertype ").append(EtherTypes.name(etherType)).append(" (0x");
            hex4(t, etherType);
            sb.append(')');
        }
        sb.append(", length ").append(length).append(": ");
    }

    private static void cooked(TcpdumpPrinter t, int start, int length, int caplen, int header, int hatype,
                               int etherType, long index) {
        int p = start + header;
        length -= header;
        caplen -= header;
        if (hatype == 803) {
            // 802.11 radio headers: no printer for them here, so their bytes as tcpdump shows an unknown payload
            t.printDefault(p, caplen);
            return;
        }
        while (true) {
            if (etherType <= 1500) {
                // IPX (802.3) and LLC (802.2) payloads are not modelled: shown as bytes
                t.printDefault(p, caplen);
                return;
            }
            if (etherType == 0x8100) {
                if (caplen < 4) {
                    t.protocol("vlan");
                    t.printTrunc();
                    return;
                }
                StringBuilder sb = t.out();
                if (t.linkLevel()) {
                    int tag = t.shortAt(p);
                    sb.append("vlan ").append(tag & 0xfff).append(", p ").append(tag >> 13);
                    if ((tag & 0x1000) != 0) {
                        sb.append(", DEI");
                    }
                    sb.append(", ");
                }
                etherType = t.shortAt(p + 2);
                if (etherType <= 1500) {
                    etherType = 4;
                }
                sb.append("ethertype ").append(etherType == 4 ? "Unknown" : EtherTypes.name(etherType)).append(", ");
                p += 4;
                length -= 4;
                caplen -= 4;
                continue;
            }
            switch (etherType) {
                case 0x0800 -> t.printIp(p, length);
                case 0x86dd -> t.printIp6(p, length);
                case 0x0806, 0x8035 -> t.printArp(p, length);
                default -> {
                    if (!t.linkLevel()) {
                        int h = start;
                        if (index >= 0) {
                            sllHeader(t, null, t.byteAt(h + 11), h + 12, etherType, length + header, index);
                        } else {
                            sllHeader(t, packetType(t.shortAt(h)), t.shortAt(h + 4), h + 6, etherType, length + header,
                                    -1);
                        }
                    }
                    t.printDefault(p, caplen);
                }
            }
            return;
        }
    }

    private static void hex4(TcpdumpPrinter t, int v) {
        t.printHex2(v >> 8);
        t.printHex2(v & 0xff);
    }

    /**
     * if_indextoname on this machine, as tcpdump looks SLL2's interface index up; null when unknown.
     * Linux lists every interface, with or without an address, in /sys/class/net (Java's
     * NetworkInterface only knows those with addresses).
     */
    static final IntFunction<String> HOST_INTERFACES = index -> {
        Path net = Path.of("/sys/class/net");
        try (Stream<Path> devices = Files.list(net)) {
            for (Path d : (Iterable<Path>) devices::iterator) {
                Path file = d.resolve("ifindex");
                if (Files.isReadable(file)
                        && Files.readString(file).strip().equals(Integer.toUnsignedString(index))) {
                    return d.getFileName().toString();
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            try {
                NetworkInterface ni = NetworkInterface.getByIndex(index);
                return ni == null ? null : ni.getName();
            } catch (SocketException | RuntimeException other) {
                return null;
            }
        }
    };
}
