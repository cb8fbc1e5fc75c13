/*
 * The detail view of one frame: its layers from the outer Ethernet header inwards
 * (Ethernet > IPv4 > UDP > VXLAN > Ethernet > IPv4 > ICMP ...), each with named fields, display
 * values and byte ranges. Built straight from the bytes; a header that does not fit ends the
 * tree with a "Malformed" layer covering the remaining bytes. Never throws. Tunnel headers
 * (VXLAN, Geneve, GRE, ...) are found, measured and described by the encapsulation registry.
 */
package org.overlaylab.packets.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.format.Ip6Text;

public final class LayerTree {
    public static final String ETHERNET = "Ethernet";
    public static final String VLAN = "802.1Q";
    public static final String ARP = "ARP";
    public static final String IPV4 = "IPv4";
    public static final String IPV6 = "IPv6";
    public static final String ICMP = "ICMP";
    public static final String ICMPV6 = "ICMPv6";
    public static final String UDP = "UDP";
    public static final String TCP = "TCP";
    public static final String VXLAN = "VXLAN";
    public static final String GRE = "GRE";
    public static final String BGP = BgpLayers.BGP;
    public static final String DATA = "Data";
    public static final String PADDING = "Padding";
    public static final String MALFORMED = "Malformed";

    private static final int MAX_DEPTH = 16;

    private final List<Layer> layers;

    private LayerTree(List<Layer> layers) {
        this.layers = Collections.unmodifiableList(layers);
    }

    public static LayerTree of(byte[] frame) {
        return of(frame, LayerAnnotator.NONE);
    }

    /** Decodes the frame and asks the annotator for a note on each layer. */
    public static LayerTree of(byte[] frame, LayerAnnotator annotator) {
        Walker w = new Walker(frame);
        try {
            w.ethernet(0, frame.length, 0);
        } catch (RuntimeException e) {
            w.malformed(w.lastEnd, "unexpected structure: " + e.getClass().getSimpleName());
        }
        List<Layer> out = new ArrayList<>(w.layers.size());
        for (int i = 0; i < w.layers.size(); i++) {
            Layer l = w.layers.get(i);
            String note = null;
            try {
                note = annotator.annotate(i, l);
            } catch (RuntimeException e) {
                note = null;
            }
            out.add(note == null ? l : l.withAnnotation(note));
        }
        return new LayerTree(out);
    }

    public List<Layer> layers() {
        return layers;
    }

    public boolean malformed() {
        return layers.stream().anyMatch(Layer::malformed);
    }

    /** The innermost layer covering a byte, e.g. to select a tree row when the hex view is clicked. */
    public Layer layerAt(int offset) {
        Layer found = null;
        for (Layer l : layers) {
            if (offset >= l.offset() && offset < l.offset() + l.length()) {
                found = l;
            }
        }
        return found;
    }

    /** Indented text of the whole tree, one field per line (for logs and tests). */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Layer l : layers) {
            sb.append(l.name());
            if (!l.summary().isEmpty()) {
                sb.append(", ").append(l.summary());
            }
            sb.append(" [").append(l.offset()).append('+').append(l.length()).append(']');
            if (l.malformed()) {
                sb.append(" (malformed)");
            }
            if (l.annotation() != null) {
                sb.append(" {").append(l.annotation()).append('}');
            }
            sb.append('\n');
            for (Field f : l.fields()) {
                appendField(sb, f, "  ");
            }
        }
        return sb.toString();
    }

    private static void appendField(StringBuilder sb, Field f, String indent) {
        sb.append(indent).append(f.label()).append(" [").append(f.offset()).append('+').append(f.length());
        if (f.bitMask() != 0) {
            sb.append(" mask 0x").append(Long.toHexString(f.bitMask()));
        }
        sb.append("]\n");
        for (Field c : f.children()) {
            appendField(sb, c, indent + "  ");
        }
    }

    /** Walks the bytes and collects layers. */
    private static final class Walker {
        final byte[] b;
        final List<Layer> layers = new ArrayList<>();
        int lastEnd;

        Walker(byte[] b) {
            this.b = b;
        }

        int u8(int p) {
            return b[p] & 0xff;
        }

        int u16(int p) {
            return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
        }

        long u32(int p) {
            return ((long) u16(p) << 16) | u16(p + 2);
        }

        String mac(int p) {
            StringBuilder sb = new StringBuilder(17);
            for (int i = 0; i < 6; i++) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(String.format("%02x", u8(p + i)));
            }
            return sb.toString();
        }

        String ip4(int p) {
            return u8(p) + "." + u8(p + 1) + "." + u8(p + 2) + "." + u8(p + 3);
        }

        static String hex(long v, int digits) {
            return String.format("0x%0" + digits + "x", v);
        }

        void add(String name, String summary, int offset, int length, List<Field> fields) {
            layers.add(new Layer(name, summary, offset, length, fields, false, null));
            lastEnd = Math.max(lastEnd, offset + length);
        }

        void malformed(int from, String why) {
            int start = Math.min(Math.max(from, 0), b.length);
            layers.add(new Layer(MALFORMED, why, start, b.length - start, List.of(), true, null));
        }

        /** Returns false (after adding a Malformed layer) when fewer than {@code need} bytes remain. */
        boolean fits(int p, int need, int end, String what) {
            if (p + need <= end && p + need <= b.length) {
                return true;
            }
            malformed(p, what + " needs " + need + " bytes, " + Math.max(0, Math.min(end, b.length) - p) + " left");
            return false;
        }

        void data(int p, int end) {
            int e = Math.min(end, b.length);
            if (e > p) {
                add(DATA, (e - p) + " bytes", p, e - p, List.of());
            }
        }

        void ethernet(int p, int end, int depth) {
            if (depth > MAX_DEPTH || !fits(p, 14, end, "Ethernet header")) {
                return;
            }
            int type = u16(p + 12);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Destination", mac(p), p, 6));
            f.add(Field.of("Source", mac(p + 6), p + 6, 6));
            f.add(Field.of("Type", etherTypeText(type), p + 12, 2));
            add(ETHERNET, mac(p + 6) + " > " + mac(p), p, 14, f);
            int q = p + 14;
            while (type == 0x8100 || type == 0x88a8) {
                if (!fits(q, 4, end, "802.1Q tag")) {
                    return;
                }
                int tci = u16(q);
                int inner = u16(q + 2);
                add(VLAN, "VLAN " + (tci & 0xfff), q, 4, List.of(
                        Field.bits("Priority", String.valueOf(tci >> 13), q, 2, 0xe000),
                        Field.bits("DEI", String.valueOf((tci >> 12) & 1), q, 2, 0x1000),
                        Field.bits("VLAN ID", String.valueOf(tci & 0xfff), q, 2, 0x0fff),
                        Field.of("Type", etherTypeText(inner), q + 2, 2)));
                type = inner;
                q += 4;
            }
            int used = switch (type) {
                case 0x0800 -> ipv4(q, end, depth, IPV4);
                case 0x86dd -> ipv6(q, end, depth);
                case 0x0806 -> arp(q, end);
                default -> {
                    data(q, end);
                    yield -1;
                }
            };
            if (used > 0 && q + used < Math.min(end, b.length)) {
                int padEnd = Math.min(end, b.length);
                add(PADDING, (padEnd - q - used) + " bytes", q + used, padEnd - q - used, List.of());
            }
        }

        int arp(int p, int end) {
            if (!fits(p, 8, end, "ARP header")) {
                return -1;
            }
            int hln = u8(p + 4);
            int pln = u8(p + 5);
            int len = 8 + 2 * hln + 2 * pln;
            if (!fits(p, len, end, "ARP message")) {
                return -1;
            }
            int op = u16(p + 6);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Hardware type", u16(p) == 1 ? "Ethernet (1)" : String.valueOf(u16(p)), p, 2));
            f.add(Field.of("Protocol type", etherTypeText(u16(p + 2)), p + 2, 2));
            f.add(Field.of("Hardware size", String.valueOf(hln), p + 4, 1));
            f.add(Field.of("Protocol size", String.valueOf(pln), p + 5, 1));
            String opText = op == 1 ? "request (1)" : op == 2 ? "reply (2)" : String.valueOf(op);
            f.add(Field.of("Opcode", opText, p + 6, 2));
            int sha = p + 8;
            int spa = sha + hln;
            int tha = spa + pln;
            int tpa = tha + hln;
            boolean std = hln == 6 && pln == 4;
            f.add(Field.of("Sender MAC address", std ? mac(sha) : hexBytes(sha, hln), sha, hln));
            f.add(Field.of("Sender IP address", std ? ip4(spa) : hexBytes(spa, pln), spa, pln));
            f.add(Field.of("Target MAC address", std ? mac(tha) : hexBytes(tha, hln), tha, hln));
            f.add(Field.of("Target IP address", std ? ip4(tpa) : hexBytes(tpa, pln), tpa, pln));
            String summary = !std ? opText
                    : op == 1 ? "who has " + ip4(tpa) + "? tell " + ip4(spa)
                    : op == 2 ? ip4(spa) + " is at " + mac(sha) : opText;
            add(ARP, summary, p, len, f);
            return len;
        }

        String hexBytes(int p, int len) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(String.format("%02x", u8(p + i)));
            }
            return sb.toString();
        }

        /** Returns the bytes the IPv4 packet claims (for padding detection), or -1. */
        int ipv4(int p, int end, int depth, String name) {
            if (!fits(p, 20, end, "IPv4 header")) {
                return -1;
            }
            int version = u8(p) >> 4;
            int ihl = (u8(p) & 0x0f) * 4;
            if (version != 4 || ihl < 20) {
                malformed(p, version != 4 ? "IP version " + version + " in an IPv4 frame" : "IPv4 header length " + ihl);
                return -1;
            }
            if (!fits(p, ihl, end, "IPv4 header with options")) {
                return -1;
            }
            int total = u16(p + 2);
            int flags = u16(p + 6);
            int proto = u8(p + 9);
            int sum = u16(p + 10);
            int computed = Checksums.internet(b, p, ihl);
            List<Field> f = new ArrayList<>();
            f.add(Field.bits("Version", String.valueOf(version), p, 1, 0xf0));
            f.add(Field.bits("Header length", ihl + " bytes (" + (ihl / 4) + ")", p, 1, 0x0f));
            f.add(Field.of("Differentiated services", hex(u8(p + 1), 2), p + 1, 1));
            f.add(Field.of("Total length", String.valueOf(total), p + 2, 2));
            f.add(Field.of("Identification", hex(u16(p + 4), 4) + " (" + u16(p + 4) + ")", p + 4, 2));
            List<Field> flagBits = List.of(
                    Field.bits("Reserved bit", (flags & 0x8000) != 0 ? "set" : "not set", p + 6, 2, 0x8000),
                    Field.bits("Don't fragment", (flags & 0x4000) != 0 ? "set" : "not set", p + 6, 2, 0x4000),
                    Field.bits("More fragments", (flags & 0x2000) != 0 ? "set" : "not set", p + 6, 2, 0x2000));
            String flagText = (flags & 0x4000) != 0 ? "DF" : (flags & 0x2000) != 0 ? "MF" : "none";
            f.add(new Field("Flags", hex(flags >> 13, 1) + " (" + flagText + ")", p + 6, 2, 0xe000, flagBits));
            f.add(Field.bits("Fragment offset", String.valueOf((flags & 0x1fff) * 8), p + 6, 2, 0x1fff));
            f.add(Field.of("Time to live", String.valueOf(u8(p + 8)), p + 8, 1));
            f.add(Field.of("Protocol", protocolText(proto), p + 9, 1));
            f.add(Field.of("Header checksum", hex(sum, 4) + (computed == 0 ? " [correct]"
                    : " [incorrect, should be " + hex(expectedChecksum(p, ihl), 4) + "]"), p + 10, 2));
            f.add(Field.of("Source address", ip4(p + 12), p + 12, 4));
            f.add(Field.of("Destination address", ip4(p + 16), p + 16, 4));
            if (ihl > 20) {
                f.add(Field.of("Options", (ihl - 20) + " bytes", p + 20, ihl - 20));
            }
            add(name, ip4(p + 12) + " > " + ip4(p + 16) + ", TTL " + u8(p + 8), p, ihl, f);
            int payloadEnd = Math.min(end, p + Math.max(total, ihl));
            if (total < ihl) {
                malformed(p + ihl, "IPv4 total length " + total + " is less than the header");
                return -1;
            }
            if ((flags & 0x1fff) != 0) {
                data(p + ihl, payloadEnd);
                return total;
            }
            transport(proto, p + ihl, payloadEnd, depth, false);
            return total;
        }

        int expectedChecksum(int p, int ihl) {
            byte[] copy = new byte[ihl];
            System.arraycopy(b, p, copy, 0, ihl);
            copy[10] = 0;
            copy[11] = 0;
            return Checksums.internet(copy, 0, ihl);
        }

        void transport(int proto, int p, int end, int depth, boolean v6) {
            switch (proto) {
                case 1 -> icmp(p, end, depth);
                case 58 -> icmp6(p, end);
                case 6 -> tcp(p, end);
                case 17 -> udp(p, end, depth);
                default -> {
                    Encapsulation tunnel = Encapsulations.forIpProtocol(proto);
                    if (tunnel != null) {
                        tunnel(tunnel, p, end, depth);
                    } else {
                        data(p, end);
                    }
                }
            }
        }

        void icmp(int p, int end, int depth) {
            if (!fits(p, 8, end, "ICMP header")) {
                return;
            }
            int type = u8(p);
            int code = u8(p + 1);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Type", type + " (" + icmpTypeText(type) + ")", p, 1));
            f.add(Field.of("Code", String.valueOf(code), p + 1, 1));
            int len = Math.min(end, b.length) - p;
            boolean ok = Checksums.internet(b, p, len) == 0;
            f.add(Field.of("Checksum", hex(u16(p + 2), 4) + (ok ? " [correct]" : " [unverified]"), p + 2, 2));
            String summary = icmpTypeText(type);
            if (type == 0 || type == 8 || type == 13 || type == 14) {
                f.add(Field.of("Identifier", String.valueOf(u16(p + 4)), p + 4, 2));
                f.add(Field.of("Sequence number", String.valueOf(u16(p + 6)), p + 6, 2));
                summary += ", id " + u16(p + 4) + ", seq " + u16(p + 6);
                add(ICMP, summary, p, 8, f);
                data(p + 8, end);
            } else if (type == 3 || type == 11 || type == 12 || type == 4 || type == 5) {
                if (type == 3 && code == 4) {
                    f.add(Field.of("Unused", hex(u16(p + 4), 4), p + 4, 2));
                    f.add(Field.of("Next-hop MTU", String.valueOf(u16(p + 6)), p + 6, 2));
                } else if (type == 5) {
                    f.add(Field.of("Gateway address", ip4(p + 4), p + 4, 4));
                } else {
                    f.add(Field.of("Unused", hex(u32(p + 4), 8), p + 4, 4));
                }
                add(ICMP, summary, p, 8, f);
                if (p + 8 < Math.min(end, b.length)) {
                    quotedIpv4(p + 8, end, depth);
                }
            } else {
                f.add(Field.of("Rest of header", hex(u32(p + 4), 8), p + 4, 4));
                add(ICMP, summary, p, 8, f);
                data(p + 8, end);
            }
        }

        /** The packet an ICMP error quotes: its IP header and the first bytes of its payload. */
        void quotedIpv4(int p, int end, int depth) {
            if (Math.min(end, b.length) - p < 20 || (u8(p) >> 4) != 4) {
                data(p, end);
                return;
            }
            int ihl = (u8(p) & 0x0f) * 4;
            if (ihl < 20 || p + ihl > Math.min(end, b.length)) {
                data(p, end);
                return;
            }
            int before = layers.size();
            int total = u16(p + 2);
            // the quote is usually cut short of the packet's own total length: that is normal, not malformed
            ipv4(p, Math.min(end, p + Math.max(total, ihl)), depth + 1, "IPv4 (quoted)");
            for (int i = before; i < layers.size(); i++) {
                Layer l = layers.get(i);
                if (l.malformed()) {
                    layers.set(i, new Layer(DATA, "quoted bytes", l.offset(), l.length(), List.of(), false, null));
                }
            }
        }

        void udp(int p, int end, int depth) {
            if (!fits(p, 8, end, "UDP header")) {
                return;
            }
            int sport = u16(p);
            int dport = u16(p + 2);
            int len = u16(p + 4);
            int sum = u16(p + 6);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Source port", String.valueOf(sport), p, 2));
            f.add(Field.of("Destination port", String.valueOf(dport), p + 2, 2));
            f.add(Field.of("Length", String.valueOf(len), p + 4, 2));
            f.add(Field.of("Checksum", sum == 0 ? "0x0000 (none)" : hex(sum, 4), p + 6, 2));
            add(UDP, sport + " > " + dport + ", length " + len, p, 8, f);
            int payloadEnd = len >= 8 ? Math.min(end, p + len) : end;
            Encapsulation tunnel = Encapsulations.forUdpPorts(sport, dport);
            if (tunnel != null) {
                tunnel(tunnel, p + 8, payloadEnd, depth);
            } else {
                data(p + 8, payloadEnd);
            }
        }

        /** A tunnel header from the registry, then what its protocol field says follows it. */
        void tunnel(Encapsulation e, int p, int end, int depth) {
            if (!fits(p, e.minLength(), end, e.name() + " header")) {
                return;
            }
            int hlen = e.headerLength(b, p);
            if (hlen > e.minLength() && !fits(p, hlen, end, e.name() + " header with optional fields")) {
                return;
            }
            if (hlen > 0) {
                add(e.name(), e.summary(b, p), p, hlen, e.fields(b, p, hlen));
            }
            inner(e.payloadType(b, p), p + hlen, end, depth + 1);
        }

        /** The packet after a tunnel header, named by an EtherType. */
        void inner(int type, int p, int end, int depth) {
            if (depth > MAX_DEPTH) {
                data(p, end);
                return;
            }
            switch (type) {
                case Encapsulations.ETHERTYPE_TEB -> ethernet(p, end, depth);
                case Encapsulations.ETHERTYPE_IPV4 -> ipv4(p, end, depth, IPV4);
                case Encapsulations.ETHERTYPE_IPV6 -> ipv6(p, end, depth);
                default -> {
                    Encapsulation nested = Encapsulations.forEtherType(type);
                    if (nested != null) {
                        tunnel(nested, p, end, depth);
                    } else {
                        data(p, end);
                    }
                }
            }
        }

        void tcp(int p, int end) {
            if (!fits(p, 20, end, "TCP header")) {
                return;
            }
            int hlen = (u8(p + 12) >> 4) * 4;
            if (hlen < 20) {
                malformed(p, "TCP header length " + hlen);
                return;
            }
            if (!fits(p, hlen, end, "TCP header with options")) {
                return;
            }
            int flags = u8(p + 13);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Source port", String.valueOf(u16(p)), p, 2));
            f.add(Field.of("Destination port", String.valueOf(u16(p + 2)), p + 2, 2));
            f.add(Field.of("Sequence number", String.valueOf(u32(p + 4)), p + 4, 4));
            f.add(Field.of("Acknowledgment number", String.valueOf(u32(p + 8)), p + 8, 4));
            f.add(Field.bits("Header length", hlen + " bytes (" + (hlen / 4) + ")", p + 12, 1, 0xf0));
            String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
            List<Field> bits = new ArrayList<>();
            StringBuilder set = new StringBuilder();
            for (int i = 7; i >= 0; i--) {
                boolean on = (flags & (1 << i)) != 0;
                bits.add(Field.bits(names[i], on ? "set" : "not set", p + 13, 1, 1L << i));
                if (on) {
                    set.append(set.length() == 0 ? "" : ", ").append(names[i]);
                }
            }
            f.add(new Field("Flags", hex(flags, 2) + " (" + (set.length() == 0 ? "none" : set) + ")", p + 13, 1, 0, bits));
            f.add(Field.of("Window", String.valueOf(u16(p + 14)), p + 14, 2));
            f.add(Field.of("Checksum", hex(u16(p + 16), 4), p + 16, 2));
            f.add(Field.of("Urgent pointer", String.valueOf(u16(p + 18)), p + 18, 2));
            if (hlen > 20) {
                f.add(Field.of("Options", (hlen - 20) + " bytes", p + 20, hlen - 20));
            }
            add(TCP, u16(p) + " > " + u16(p + 2) + " [" + (set.length() == 0 ? "none" : set) + "]", p, hlen, f);
            int payloadEnd = Math.min(end, b.length);
            if ((u16(p) == 179 || u16(p + 2) == 179) && p + hlen < payloadEnd) {
                for (Layer l : BgpLayers.decode(b, p + hlen, payloadEnd)) {
                    layers.add(l);
                    lastEnd = Math.max(lastEnd, l.offset() + l.length());
                }
                return;
            }
            data(p + hlen, end);
        }

        int ipv6(int p, int end, int depth) {
            if (depth > MAX_DEPTH || !fits(p, 40, end, "IPv6 header")) {
                return -1;
            }
            long first = u32(p);
            int plen = u16(p + 4);
            int nh = u8(p + 6);
            List<Field> f = new ArrayList<>();
            f.add(Field.bits("Version", String.valueOf(first >>> 28), p, 4, 0xf0000000L));
            f.add(Field.bits("Traffic class", hex((first >>> 20) & 0xff, 2), p, 4, 0x0ff00000L));
            f.add(Field.bits("Flow label", hex(first & 0xfffff, 5), p, 4, 0x000fffffL));
            f.add(Field.of("Payload length", String.valueOf(plen), p + 4, 2));
            f.add(Field.of("Next header", protocolText(nh), p + 6, 1));
            f.add(Field.of("Hop limit", String.valueOf(u8(p + 7)), p + 7, 1));
            String src = Ip6Text.format(b, p + 8);
            String dst = Ip6Text.format(b, p + 24);
            f.add(Field.of("Source address", src, p + 8, 16));
            f.add(Field.of("Destination address", dst, p + 24, 16));
            add(IPV6, src + " > " + dst, p, 40, f);
            int payloadEnd = Math.min(end, p + 40 + plen);
            int q = p + 40;
            int guard = 0;
            while ((nh == 0 || nh == 60 || nh == 43) && guard++ < 8) {
                if (!fits(q, 8, payloadEnd, "IPv6 extension header")) {
                    return -1;
                }
                int len = (u8(q + 1) + 1) * 8;
                if (!fits(q, len, payloadEnd, "IPv6 extension header")) {
                    return -1;
                }
                String name = nh == 0 ? "IPv6 Hop-by-Hop Options" : nh == 60 ? "IPv6 Destination Options" : "IPv6 Routing";
                int next = u8(q);
                add(name, "", q, len, List.of(
                        Field.of("Next header", protocolText(next), q, 1),
                        Field.of("Length", len + " bytes", q + 1, 1),
                        Field.of("Options", (len - 2) + " bytes", q + 2, len - 2)));
                nh = next;
                q += len;
            }
            transport(nh, q, payloadEnd, depth, true);
            return 40 + plen;
        }

        void icmp6(int p, int end) {
            if (!fits(p, 4, end, "ICMPv6 header")) {
                return;
            }
            int type = u8(p);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Type", type + " (" + icmp6TypeText(type) + ")", p, 1));
            f.add(Field.of("Code", String.valueOf(u8(p + 1)), p + 1, 1));
            f.add(Field.of("Checksum", hex(u16(p + 2), 4), p + 2, 2));
            int len = 4;
            String summary = icmp6TypeText(type);
            int avail = Math.min(end, b.length) - p;
            if ((type == 135 || type == 136 || type == 137) && avail >= 24) {
                f.add(Field.of(type == 136 ? "Flags" : "Reserved", hex(u32(p + 4), 8), p + 4, 4));
                String target = Ip6Text.format(b, p + 8);
                f.add(Field.of("Target address", target, p + 8, 16));
                summary += " " + target;
                len = 24;
            } else if ((type == 128 || type == 129) && avail >= 8) {
                f.add(Field.of("Identifier", String.valueOf(u16(p + 4)), p + 4, 2));
                f.add(Field.of("Sequence number", String.valueOf(u16(p + 6)), p + 6, 2));
                summary += ", id " + u16(p + 4) + ", seq " + u16(p + 6);
                len = 8;
            } else if (type == 143 && avail >= 8) {
                f.add(Field.of("Reserved", hex(u16(p + 4), 4), p + 4, 2));
                f.add(Field.of("Number of records", String.valueOf(u16(p + 6)), p + 6, 2));
                summary += ", " + u16(p + 6) + " group record(s)";
                len = 8;
            }
            add(ICMPV6, summary, p, len, f);
            data(p + len, end);
        }

        static String etherTypeText(int type) {
            String name = switch (type) {
                case 0x0800 -> "IPv4";
                case 0x0806 -> "ARP";
                case 0x86dd -> "IPv6";
                case 0x8100 -> "802.1Q";
                case 0x88a8 -> "802.1ad";
                case 0x6558 -> "Transparent Ethernet bridging";
                default -> null;
            };
            String h = String.format("0x%04x", type);
            return name == null ? h : name + " (" + h + ")";
        }

        static String protocolText(int p) {
            String name = switch (p) {
                case 0 -> "Hop-by-Hop Options";
                case 1 -> "ICMP";
                case 4 -> "IPIP";
                case 6 -> "TCP";
                case 17 -> "UDP";
                case 41 -> "IPv6";
                case 43 -> "Routing";
                case 44 -> "Fragment";
                case 47 -> "GRE";
                case 58 -> "ICMPv6";
                case 60 -> "Destination Options";
                default -> null;
            };
            return name == null ? String.valueOf(p) : name + " (" + p + ")";
        }

        static String icmpTypeText(int t) {
            return switch (t) {
                case 0 -> "Echo reply";
                case 3 -> "Destination unreachable";
                case 4 -> "Source quench";
                case 5 -> "Redirect";
                case 8 -> "Echo request";
                case 11 -> "Time exceeded";
                case 12 -> "Parameter problem";
                case 13 -> "Timestamp request";
                case 14 -> "Timestamp reply";
                default -> "type " + t;
            };
        }

        static String icmp6TypeText(int t) {
            return switch (t) {
                case 1 -> "Destination unreachable";
                case 2 -> "Packet too big";
                case 3 -> "Time exceeded";
                case 4 -> "Parameter problem";
                case 128 -> "Echo request";
                case 129 -> "Echo reply";
                case 133 -> "Router solicitation";
                case 134 -> "Router advertisement";
                case 135 -> "Neighbor solicitation";
                case 136 -> "Neighbor advertisement";
                case 137 -> "Redirect";
                case 143 -> "Multicast listener report v2";
                default -> "type " + t;
            };
        }
    }
}
