/*
 * The detail view of one frame: its layers from the outer Ethernet header inwards
 * (Ethernet > IPv4 > UDP > VXLAN > Ethernet > IPv4 > ICMP ...), each with named fields, display
 * values and byte ranges (the hex view highlights a field's bytes from these ranges). The layers
 * are a walk over the Pcap4J packet chain FrameDecoder builds, with the project's VXLAN, Geneve,
 * GRE and BGP classes registered in Pcap4J's factories: which layer follows which, and the field
 * values, come from the Pcap4J objects; byte ranges come from where each Pcap4J header starts.
 * Tunnels Pcap4J has no class for (VXLAN-GPE, NSH) are measured and described by the
 * encapsulation registry, and the frame inside them is decoded by Pcap4J again. What Pcap4J
 * rejects (IllegalPacket) ends the tree with a "Malformed" layer covering the remaining bytes,
 * with the reason. Never throws.
 */
package org.overlaylab.packets.tree;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.format.Ip6Text;
import org.overlaylab.packets.pcap4j.BgpPacket;
import org.overlaylab.packets.pcap4j.GenevePacket;
import org.overlaylab.packets.pcap4j.GrePacket;
import org.overlaylab.packets.pcap4j.Pcap4jTunnels;
import org.overlaylab.packets.pcap4j.VxlanPacket;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.Dot1qVlanTagPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4DestinationUnreachablePacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IcmpV4EchoReplyPacket;
import org.pcap4j.packet.IcmpV4ParameterProblemPacket;
import org.pcap4j.packet.IcmpV4RedirectPacket;
import org.pcap4j.packet.IcmpV4SourceQuenchPacket;
import org.pcap4j.packet.IcmpV4TimeExceededPacket;
import org.pcap4j.packet.IcmpV4TimestampPacket;
import org.pcap4j.packet.IcmpV4TimestampReplyPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6EchoReplyPacket;
import org.pcap4j.packet.IcmpV6EchoRequestPacket;
import org.pcap4j.packet.IcmpV6NeighborAdvertisementPacket;
import org.pcap4j.packet.IcmpV6NeighborSolicitationPacket;
import org.pcap4j.packet.IcmpV6RedirectPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtDestinationOptionsPacket;
import org.pcap4j.packet.IpV6ExtHopByHopOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.FragmentedPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.util.ByteArrays;

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
    public static final String HTTP2 = Http2Layers.HTTP2;
    public static final String DATA = "Data";
    public static final String PADDING = "Padding";
    public static final String MALFORMED = "Malformed";

    /** Nesting beyond this many tunnels is shown as data (Pcap4J itself follows any depth). */
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
            w.frame();
        } catch (RuntimeException | StackOverflowError e) {
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

    /** Walks the Pcap4J packet chain, keeping the byte offset where each packet starts. */
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

        static String hex(long v, int digits) {
            return String.format("0x%0" + digits + "x", v);
        }

        static String ip(InetAddress a) {
            byte[] raw = a.getAddress();
            return raw.length == 16 ? Ip6Text.format(raw, 0) : a.getHostAddress();
        }

        void add(String name, String summary, int offset, int length, List<Field> fields) {
            layers.add(new Layer(name, summary, offset, length, fields, false, null));
            lastEnd = Math.max(lastEnd, offset + length);
        }

        void malformed(int from, String why) {
            int start = Math.min(Math.max(from, 0), b.length);
            layers.add(new Layer(MALFORMED, why, start, b.length - start, List.of(), true, null));
            // it covers the rest of the frame: no Ethernet padding after it
            lastEnd = b.length;
        }

        void data(int p, int len, String summary) {
            int e = Math.min(p + len, b.length);
            if (e > p) {
                add(DATA, summary == null ? (e - p) + " bytes" : summary, p, e - p, List.of());
            }
        }

        void data(int p, int len) {
            data(p, len, null);
        }

        void frame() {
            if (b.length < 14) {
                malformed(0, "Ethernet header needs 14 bytes, " + b.length + " left");
                return;
            }
            FrameDecoder.DecodedFrame decoded = FrameDecoder.decode(b);
            if (decoded.packet() instanceof UnknownPacket) {
                // FrameDecoder's answer when a Pcap4J codec failed with an exception it does not declare
                malformed(0, "Pcap4J could not decode this frame");
                return;
            }
            walk(decoded.packet(), 0, Expect.ETHERNET, 0, false);
        }

        /** What the enclosing header says comes next, to name what Pcap4J could not decode. */
        record Expect(String what, int etherType, Encapsulation tunnel) {
            static final Expect ETHERNET = new Expect("Ethernet", Encapsulations.ETHERTYPE_TEB, null);
            static final Expect DATA = new Expect(null, -1, null);

            static Expect etherType(int type) {
                return switch (type) {
                    case 0x0800 -> new Expect("IPv4", type, null);
                    case 0x86dd -> new Expect("IPv6", type, null);
                    case 0x0806 -> new Expect("ARP", type, null);
                    case 0x8100, 0x88a8 -> new Expect("802.1Q", type, null);
                    case Encapsulations.ETHERTYPE_TEB -> ETHERNET;
                    default -> {
                        Encapsulation e = Encapsulations.forEtherType(type);
                        yield e == null ? DATA : new Expect(e.name(), type, e);
                    }
                };
            }

            static Expect ipProtocol(int proto) {
                return switch (proto) {
                    case 1 -> new Expect("ICMP", -1, null);
                    case 58 -> new Expect("ICMPv6", -1, null);
                    case 6 -> new Expect("TCP", -1, null);
                    case 17 -> new Expect("UDP", -1, null);
                    case 0, 43, 60 -> new Expect("IPv6 extension", -1, null);
                    default -> {
                        Encapsulation e = Encapsulations.forIpProtocol(proto);
                        yield e == null ? DATA : new Expect(e.name(), -1, e);
                    }
                };
            }
        }

        /**
         * Adds the layers of a Pcap4J packet starting at byte {@code pos}, then of its payload.
         *
         * @param quoted inside the packet an ICMP error quotes, where a cut-short header is normal
         */
        void walk(Packet pk, int pos, Expect expect, int depth, boolean quoted) {
            if (pk == null || pos >= b.length) {
                return;
            }
            if (depth > MAX_DEPTH) {
                data(pos, pk.length());
                return;
            }
            if (pk instanceof IllegalPacket) {
                rejected(pos, pk.length(), expect, depth, quoted);
            } else if (pk instanceof EthernetPacket eth) {
                ethernet(eth, pos, depth, quoted);
            } else if (pk instanceof Dot1qVlanTagPacket tag) {
                vlan(tag, pos, depth, quoted);
            } else if (pk instanceof ArpPacket arp) {
                arp(arp, pos);
            } else if (pk instanceof IpV4Packet v4) {
                ipv4(v4, pos, depth, quoted);
            } else if (pk instanceof IpV6Packet v6) {
                ipv6(v6, pos, depth, quoted);
            } else if (pk instanceof IcmpV4CommonPacket icmp) {
                icmp(icmp, pos, depth);
            } else if (pk instanceof IcmpV6CommonPacket icmp6) {
                icmp6(icmp6, pos);
            } else if (pk instanceof UdpPacket udp) {
                udp(udp, pos, depth, quoted);
            } else if (pk instanceof TcpPacket tcp) {
                tcp(tcp, pos);
            } else if (Pcap4jTunnels.encapsulationOf(pk) != null) {
                Encapsulation e = Pcap4jTunnels.encapsulationOf(pk);
                int hlen = pk.getHeader().length();
                add(e.name(), e.summary(b, pos), pos, hlen, withPcap4jKeys(pk, e.fields(b, pos, hlen)));
                walk(pk.getPayload(), pos + hlen, Expect.etherType(e.payloadType(b, pos)), depth + 1, quoted);
            } else if (expect.tunnel() != null) {
                // a tunnel of the registry Pcap4J has no class for: Pcap4J left its bytes raw
                tunnel(expect.tunnel(), pos, pos + pk.length(), depth, quoted);
            } else {
                data(pos, pk.length());
            }
        }

        /**
         * The registry names and places a tunnel header's fields; the key fields (VNI, GRE key and
         * sequence number) show the values Pcap4J's header object holds.
         */
        static List<Field> withPcap4jKeys(Packet tunnel, List<Field> described) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            if (tunnel instanceof VxlanPacket vx) {
                values.put("VNI", String.valueOf(vx.getHeader().getVni()));
            } else if (tunnel instanceof GenevePacket g) {
                values.put("VNI", String.valueOf(g.getHeader().getVni()));
            } else if (tunnel instanceof GrePacket gre && gre.getHeader().getVersion() == 0) {
                if (gre.getHeader().isKeyPresent()) {
                    values.put("Key", Integer.toUnsignedString(gre.getHeader().getKey()));
                }
                if (gre.getHeader().isSequencePresent()) {
                    values.put("Sequence number", Integer.toUnsignedString(gre.getHeader().getSequenceNumber()));
                }
            }
            List<Field> out = new ArrayList<>(described.size());
            for (Field f : described) {
                String v = values.get(f.name());
                out.add(v == null ? f : new Field(f.name(), v, f.offset(), f.length(), f.bitMask(), f.children()));
            }
            return out;
        }

        /** Bytes Pcap4J's factory refused as the header the enclosing layer announced. */
        void rejected(int pos, int len, Expect expect, int depth, boolean quoted) {
            int end = Math.min(pos + len, b.length);
            if (quoted) {
                data(pos, end - pos, "quoted bytes");
            } else if (expect.tunnel() != null) {
                tunnel(expect.tunnel(), pos, end, depth, false);
            } else if (expect.what() == null) {
                data(pos, end - pos);
            } else {
                malformed(pos, reason(expect.what(), pos, end));
            }
        }

        /** Why a header does not fit, in the words of the layer tree (Pcap4J's exception does not travel with IllegalPacket). */
        String reason(String what, int p, int end) {
            int left = end - p;
            int min = switch (what) {
                case "Ethernet" -> 14;
                case "IPv4", "TCP" -> 20;
                case "IPv6" -> 40;
                case "ARP" -> 28;
                case "802.1Q" -> 4;
                case "ICMPv6" -> 4;
                default -> 8;
            };
            if (left < min) {
                return what + " header needs " + min + " bytes, " + left + " left";
            }
            if (what.equals("IPv4")) {
                int ihl = (u8(p) & 0x0f) * 4;
                if (ihl < 20) {
                    return "IPv4 header length " + ihl;
                }
                if (ihl > left) {
                    return "IPv4 header with options needs " + ihl + " bytes, " + left + " left";
                }
                return "IPv4 total length " + u16(p + 2) + " is less than the header";
            }
            if (what.equals("IPv6 extension")) {
                int need = (u8(p + 1) + 1) * 8;
                return "IPv6 extension header needs " + need + " bytes, " + left + " left";
            }
            if (what.equals("TCP")) {
                int hlen = (u8(p + 12) >> 4) * 4;
                return hlen < 20 ? "TCP header length " + hlen
                        : "TCP header with options needs " + hlen + " bytes, " + left + " left";
            }
            return what + " header rejected by Pcap4J (" + left + " bytes)";
        }

        void ethernet(EthernetPacket eth, int p, int depth, boolean quoted) {
            EthernetPacket.EthernetHeader h = eth.getHeader();
            int type = h.getType().value() & 0xffff;
            String dst = h.getDstAddr().toString();
            String src = h.getSrcAddr().toString();
            add(ETHERNET, src + " > " + dst, p, 14, List.of(
                    Field.of("Destination", dst, p, 6),
                    Field.of("Source", src, p + 6, 6),
                    Field.of("Type", etherTypeText(type), p + 12, 2)));
            Packet payload = eth.getPayload();
            int q = p + 14;
            if (type == 0x88a8 && payload != null && !(payload instanceof Dot1qVlanTagPacket)) {
                // Pcap4J names no class for the 802.1ad service tag; its layout is 802.1Q's
                payload = decodeOrNull(() -> Dot1qVlanTagPacket.newPacket(b, q, Math.min(b.length, q + eth.getPayload().length()) - q), payload);
            }
            walk(payload, q, Expect.etherType(type), depth, quoted);
            int pad = eth.getPad().length;
            if (pad > 0 && lastEnd < b.length) {
                int at = q + (eth.getPayload() == null ? 0 : eth.getPayload().length());
                // bytes the IP header still claims (past a shorter UDP length, say) are data, not Ethernet padding
                int claimed = eth.getPayload() instanceof IpV4Packet v4 ? q + v4.getHeader().getTotalLengthAsInt()
                        : eth.getPayload() instanceof IpV6Packet v6 ? q + 40 + v6.getHeader().getPayloadLengthAsInt() : at;
                int from = Math.max(at, lastEnd);
                int padStart = Math.max(from, Math.min(claimed, at + pad));
                data(from, padStart - from);
                if (at + pad > padStart) {
                    add(PADDING, (at + pad - padStart) + " bytes", padStart, at + pad - padStart, List.of());
                }
            }
        }

        interface Decode {
            Packet decode() throws IllegalRawDataException;
        }

        static Packet decodeOrNull(Decode d, Packet fallback) {
            try {
                return d.decode();
            } catch (IllegalRawDataException | RuntimeException e) {
                return fallback;
            }
        }

        void vlan(Dot1qVlanTagPacket tag, int q, int depth, boolean quoted) {
            Dot1qVlanTagPacket.Dot1qVlanTagHeader h = tag.getHeader();
            int inner = h.getType().value() & 0xffff;
            add(VLAN, "VLAN " + h.getVidAsInt(), q, 4, List.of(
                    Field.bits("Priority", String.valueOf(h.getPriority() & 0xff), q, 2, 0xe000),
                    Field.bits("DEI", h.getCfi() ? "1" : "0", q, 2, 0x1000),
                    Field.bits("VLAN ID", String.valueOf(h.getVidAsInt()), q, 2, 0x0fff),
                    Field.of("Type", etherTypeText(inner), q + 2, 2)));
            Packet payload = tag.getPayload();
            if (inner == 0x8100 && payload != null && !(payload instanceof Dot1qVlanTagPacket)) {
                int at = q + 4;
                int len = payload.length();
                payload = decodeOrNull(() -> Dot1qVlanTagPacket.newPacket(b, at, len), payload);
            }
            walk(payload, q + 4, Expect.etherType(inner), depth, quoted);
        }

        void arp(ArpPacket arp, int p) {
            ArpPacket.ArpHeader h = arp.getHeader();
            int hln = h.getHardwareAddrLengthAsInt();
            int pln = h.getProtocolAddrLengthAsInt();
            int op = h.getOperation().value() & 0xffff;
            int hw = h.getHardwareType().value() & 0xffff;
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Hardware type", hw == 1 ? "Ethernet (1)" : String.valueOf(hw), p, 2));
            f.add(Field.of("Protocol type", etherTypeText(h.getProtocolType().value() & 0xffff), p + 2, 2));
            f.add(Field.of("Hardware size", String.valueOf(hln), p + 4, 1));
            f.add(Field.of("Protocol size", String.valueOf(pln), p + 5, 1));
            String opText = op == 1 ? "request (1)" : op == 2 ? "reply (2)" : String.valueOf(op);
            f.add(Field.of("Opcode", opText, p + 6, 2));
            boolean std = hln == 6 && pln == 4;
            if (!std) {
                // Pcap4J reads every ARP as Ethernet/IPv4; other sizes are shown as their bytes
                // Pcap4J rebuilds its raw data from its 28-byte reading, so the frame's own bytes are shown
                byte[] raw = b;
                int len = 8 + 2 * hln + 2 * pln;
                int avail = b.length - p;
                if (avail < len) {
                    add(ARP, opText, p, 8, f);
                    data(p + 8, avail - 8);
                    return;
                }
                int sha = p + 8;
                int spa = sha + hln;
                int tha = spa + pln;
                int tpa = tha + hln;
                f.add(Field.of("Sender MAC address", hexBytes(raw, sha, hln), sha, hln));
                f.add(Field.of("Sender IP address", hexBytes(raw, spa, pln), spa, pln));
                f.add(Field.of("Target MAC address", hexBytes(raw, tha, hln), tha, hln));
                f.add(Field.of("Target IP address", hexBytes(raw, tpa, pln), tpa, pln));
                add(ARP, opText, p, len, f);
                return;
            }
            String sha = h.getSrcHardwareAddr().toString();
            String spa = h.getSrcProtocolAddr().getHostAddress();
            String tha = h.getDstHardwareAddr().toString();
            String tpa = h.getDstProtocolAddr().getHostAddress();
            f.add(Field.of("Sender MAC address", sha, p + 8, 6));
            f.add(Field.of("Sender IP address", spa, p + 14, 4));
            f.add(Field.of("Target MAC address", tha, p + 18, 6));
            f.add(Field.of("Target IP address", tpa, p + 24, 4));
            String summary = op == 1 ? "who has " + tpa + "? tell " + spa : op == 2 ? spa + " is at " + sha : opText;
            add(ARP, summary, p, 28, f);
            if (arp.getPayload() != null) {
                data(p + 28, arp.getPayload().length());
            }
        }

        static String hexBytes(byte[] raw, int p, int len) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(String.format("%02x", raw[p + i] & 0xff));
            }
            return sb.toString();
        }

        void ipv4(IpV4Packet v4, int p, int depth, boolean quoted) {
            IpV4Packet.IpV4Header h = v4.getHeader();
            int version = h.getVersion().value() & 0xff;
            int ihl = h.getIhlAsInt() * 4;
            if (version != 4) {
                malformed(p, "IP version " + version + " in an IPv4 frame");
                return;
            }
            int total = h.getTotalLengthAsInt();
            int proto = h.getProtocol().value() & 0xff;
            int sum = h.getHeaderChecksum() & 0xffff;
            String src = h.getSrcAddr().getHostAddress();
            String dst = h.getDstAddr().getHostAddress();
            int ttl = h.getTtlAsInt();
            int flags = (h.getReservedFlag() ? 4 : 0) | (h.getDontFragmentFlag() ? 2 : 0) | (h.getMoreFragmentFlag() ? 1 : 0);
            List<Field> f = new ArrayList<>();
            f.add(Field.bits("Version", String.valueOf(version), p, 1, 0xf0));
            f.add(Field.bits("Header length", ihl + " bytes (" + (ihl / 4) + ")", p, 1, 0x0f));
            f.add(Field.of("Differentiated services", hex(h.getTos().value() & 0xff, 2), p + 1, 1));
            f.add(Field.of("Total length", String.valueOf(total), p + 2, 2));
            f.add(Field.of("Identification", hex(h.getIdentificationAsInt(), 4) + " (" + h.getIdentificationAsInt() + ")", p + 4, 2));
            List<Field> flagBits = List.of(
                    Field.bits("Reserved bit", h.getReservedFlag() ? "set" : "not set", p + 6, 2, 0x8000),
                    Field.bits("Don't fragment", h.getDontFragmentFlag() ? "set" : "not set", p + 6, 2, 0x4000),
                    Field.bits("More fragments", h.getMoreFragmentFlag() ? "set" : "not set", p + 6, 2, 0x2000));
            String flagText = h.getDontFragmentFlag() ? "DF" : h.getMoreFragmentFlag() ? "MF" : "none";
            f.add(new Field("Flags", hex(flags, 1) + " (" + flagText + ")", p + 6, 2, 0xe000, flagBits));
            f.add(Field.bits("Fragment offset", String.valueOf((h.getFragmentOffset() & 0x1fff) * 8), p + 6, 2, 0x1fff));
            f.add(Field.of("Time to live", String.valueOf(ttl), p + 8, 1));
            f.add(Field.of("Protocol", protocolText(proto), p + 9, 1));
            boolean valid = Checksums.internet(b, p, ihl) == 0;
            f.add(Field.of("Header checksum", hex(sum, 4) + (valid ? " [correct]"
                    : " [incorrect, should be " + hex(expectedChecksum(p, ihl), 4) + "]"), p + 10, 2));
            f.add(Field.of("Source address", src, p + 12, 4));
            f.add(Field.of("Destination address", dst, p + 16, 4));
            if (ihl > 20) {
                f.add(Field.of("Options", (ihl - 20) + " bytes", p + 20, ihl - 20));
            }
            add(quoted ? "IPv4 (quoted)" : IPV4, src + " > " + dst + ", TTL " + ttl, p, ihl, f);
            Packet payload = v4.getPayload();
            Expect expect = Expect.ipProtocol(proto);
            if (payload instanceof FragmentedPacket && (h.getFragmentOffset() & 0x1fff) == 0) {
                // Pcap4J keeps every fragment raw; the first one starts with the transport header, which tcpdump shows too
                payload = byProtocol(proto, p + ihl, payload.length(), payload);
            }
            if (payload == null && total > ihl && expect.what() != null && !quoted) {
                malformed(p + ihl, reason(expect.what(), p + ihl, b.length));
                return;
            }
            walk(payload, p + ihl, expect, depth, quoted);
        }

        /** Pcap4J's decoding of {@code len} bytes at {@code q} as what the IP protocol number names. */
        Packet byProtocol(int proto, int q, int len, Packet fallback) {
            if (len <= 0 || q + len > b.length) {
                return fallback;
            }
            try {
                return PacketFactories.getFactory(Packet.class, IpNumber.class)
                        .newInstance(b, q, len, IpNumber.getInstance((byte) proto));
            } catch (RuntimeException e) {
                // a Pcap4J codec (GTP, say) reading past the end of a fragment
                return fallback;
            }
        }

        int expectedChecksum(int p, int ihl) {
            byte[] copy = new byte[ihl];
            System.arraycopy(b, p, copy, 0, ihl);
            copy[10] = 0;
            copy[11] = 0;
            return Checksums.internet(copy, 0, ihl);
        }

        void icmp(IcmpV4CommonPacket icmp, int p, int depth) {
            IcmpV4CommonPacket.IcmpV4CommonHeader h = icmp.getHeader();
            int type = h.getType().value() & 0xff;
            int code = h.getCode().value() & 0xff;
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Type", type + " (" + icmpTypeText(type) + ")", p, 1));
            f.add(Field.of("Code", String.valueOf(code), p + 1, 1));
            f.add(Field.of("Checksum", hex(h.getChecksum() & 0xffff, 4)
                    + (icmp.hasValidChecksum(false) ? " [correct]" : " [unverified]"), p + 2, 2));
            Packet body = icmp.getPayload();
            String summary = icmpTypeText(type);
            int id = -1;
            int seq = -1;
            if (body instanceof IcmpV4EchoPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            } else if (body instanceof IcmpV4EchoReplyPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            } else if (body instanceof IcmpV4TimestampPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            } else if (body instanceof IcmpV4TimestampReplyPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            }
            if (id >= 0) {
                f.add(Field.of("Identifier", String.valueOf(id), p + 4, 2));
                f.add(Field.of("Sequence number", String.valueOf(seq), p + 6, 2));
                add(ICMP, summary + ", id " + id + ", seq " + seq, p, 8, f);
                data(p + 8, body.length() - 4);
                return;
            }
            if (body instanceof IcmpV4DestinationUnreachablePacket || body instanceof IcmpV4TimeExceededPacket
                    || body instanceof IcmpV4SourceQuenchPacket || body instanceof IcmpV4RedirectPacket
                    || body instanceof IcmpV4ParameterProblemPacket) {
                Packet error = body;
                int unused = ByteArrays.getInt(error.getHeader().getRawData(), 0);
                if (body instanceof IcmpV4DestinationUnreachablePacket && code == 4) {
                    f.add(Field.of("Unused", hex(unused >>> 16, 4), p + 4, 2));
                    f.add(Field.of("Next-hop MTU", String.valueOf(unused & 0xffff), p + 6, 2));
                } else if (body instanceof IcmpV4RedirectPacket r) {
                    f.add(Field.of("Gateway address", r.getHeader().getGatewayInternetAddress().getHostAddress(), p + 4, 4));
                } else {
                    f.add(Field.of("Unused", hex(Integer.toUnsignedLong(unused), 8), p + 4, 4));
                }
                add(ICMP, summary, p, 8, f);
                walk(error.getPayload(), p + 8, new Expect("IPv4", 0x0800, null), depth + 1, true);
                return;
            }
            if (body == null || body.length() < 4) {
                malformed(p, "ICMP header needs 8 bytes, " + icmp.length() + " left");
                return;
            }
            byte[] rest = body.getRawData();
            long word = Integer.toUnsignedLong(ByteArrays.getInt(rest, 0));
            f.add(Field.of("Rest of header", hex(word, 8), p + 4, 4));
            add(ICMP, summary, p, 8, f);
            data(p + 8, body.length() - 4);
        }

        void udp(UdpPacket udp, int p, int depth, boolean quoted) {
            UdpPacket.UdpHeader h = udp.getHeader();
            int sport = h.getSrcPort().valueAsInt();
            int dport = h.getDstPort().valueAsInt();
            int len = h.getLengthAsInt();
            int sum = h.getChecksum() & 0xffff;
            add(UDP, sport + " > " + dport + ", length " + len, p, 8, List.of(
                    Field.of("Source port", String.valueOf(sport), p, 2),
                    Field.of("Destination port", String.valueOf(dport), p + 2, 2),
                    Field.of("Length", String.valueOf(len), p + 4, 2),
                    Field.of("Checksum", sum == 0 ? "0x0000 (none)" : hex(sum, 4), p + 6, 2)));
            Encapsulation tunnel = Encapsulations.forUdpPorts(sport, dport);
            walk(udp.getPayload(), p + 8, tunnel == null ? Expect.DATA : new Expect(tunnel.name(), -1, tunnel), depth, quoted);
        }

        /** A tunnel header of the registry on bytes Pcap4J left raw, then the frame inside, decoded by Pcap4J. */
        void tunnel(Encapsulation e, int p, int end, int depth, boolean quoted) {
            end = Math.min(end, b.length);
            if (p + e.minLength() > end) {
                malformed(p, e.name() + " header needs " + e.minLength() + " bytes, " + (end - p) + " left");
                return;
            }
            int hlen = e.headerLength(b, p);
            if (hlen > e.minLength() && p + hlen > end) {
                malformed(p, e.name() + " header with optional fields needs " + hlen + " bytes, " + (end - p) + " left");
                return;
            }
            if (hlen > 0) {
                add(e.name(), e.summary(b, p), p, hlen, e.fields(b, p, hlen));
            }
            int q = p + hlen;
            if (q >= end) {
                return;
            }
            int type = e.payloadType(b, p);
            int len = end - q;
            Packet inner = switch (type) {
                case Encapsulations.ETHERTYPE_TEB -> decodeOrIllegal(() -> EthernetPacket.newPacket(b, q, len), q, len);
                case Encapsulations.ETHERTYPE_IPV4 -> decodeOrIllegal(() -> IpV4Packet.newPacket(b, q, len), q, len);
                case Encapsulations.ETHERTYPE_IPV6 -> decodeOrIllegal(() -> IpV6Packet.newPacket(b, q, len), q, len);
                default -> UnknownPacket.newPacket(b, q, len);
            };
            walk(inner, q, Expect.etherType(type), depth + 1, quoted);
        }

        Packet decodeOrIllegal(Decode d, int q, int len) {
            return decodeOrNull(d, IllegalPacket.newPacket(b, q, len));
        }

        void tcp(TcpPacket tcp, int p) {
            TcpPacket.TcpHeader h = tcp.getHeader();
            int hlen = h.getDataOffsetAsInt() * 4;
            int sport = h.getSrcPort().valueAsInt();
            int dport = h.getDstPort().valueAsInt();
            int flags = ((h.getReserved() & 0x03) << 6) | (h.getUrg() ? 0x20 : 0) | (h.getAck() ? 0x10 : 0)
                    | (h.getPsh() ? 0x08 : 0) | (h.getRst() ? 0x04 : 0) | (h.getSyn() ? 0x02 : 0) | (h.getFin() ? 0x01 : 0);
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Source port", String.valueOf(sport), p, 2));
            f.add(Field.of("Destination port", String.valueOf(dport), p + 2, 2));
            f.add(Field.of("Sequence number", String.valueOf(h.getSequenceNumberAsLong()), p + 4, 4));
            f.add(Field.of("Acknowledgment number", String.valueOf(h.getAcknowledgmentNumberAsLong()), p + 8, 4));
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
            f.add(Field.of("Window", String.valueOf(h.getWindowAsInt()), p + 14, 2));
            f.add(Field.of("Checksum", hex(h.getChecksum() & 0xffff, 4), p + 16, 2));
            f.add(Field.of("Urgent pointer", String.valueOf(h.getUrgentPointerAsInt()), p + 18, 2));
            if (hlen > 20) {
                f.add(Field.of("Options", (hlen - 20) + " bytes", p + 20, hlen - 20));
            }
            add(TCP, sport + " > " + dport + " [" + (set.length() == 0 ? "none" : set) + "]", p, hlen, f);
            boolean bgpPort = sport == BgpPacket.PORT || dport == BgpPacket.PORT;
            int q = p + hlen;
            for (Packet m = tcp.getPayload(); m != null; m = m.getPayload()) {
                if (m instanceof BgpPacket bgp) {
                    int len = bgp.getHeader().length();
                    for (Layer l : BgpLayers.decode(b, q, q + len)) {
                        layers.add(l);
                        lastEnd = Math.max(lastEnd, l.offset() + l.length());
                    }
                    q += len;
                    continue;
                }
                if (bgpPort) {
                    // a cut message (IllegalPacket) or bytes continuing an earlier segment's message
                    for (Layer l : BgpLayers.decode(b, q, Math.min(b.length, q + m.length()))) {
                        layers.add(l);
                        lastEnd = Math.max(lastEnd, l.offset() + l.length());
                    }
                } else if (sport == Http2Layers.ETCD_CLIENT_PORT || dport == Http2Layers.ETCD_CLIENT_PORT) {
                    // etcd's v3 API: gRPC over HTTP/2; bytes that are not whole frames stay data
                    List<Layer> http2 = Http2Layers.decode(b, q, Math.min(b.length, q + m.length()));
                    if (http2.isEmpty()) {
                        data(q, m.length());
                    }
                    for (Layer l : http2) {
                        layers.add(l);
                        lastEnd = Math.max(lastEnd, l.offset() + l.length());
                    }
                } else {
                    data(q, m.length());
                }
                return;
            }
        }

        void ipv6(IpV6Packet v6, int p, int depth, boolean quoted) {
            IpV6Packet.IpV6Header h = v6.getHeader();
            int version = h.getVersion().value() & 0xff;
            if (version != 6) {
                // Pcap4J reads any version as IPv6; tcpdump and the line printer stop with "version error"
                malformed(p, "IP version " + version + " in an IPv6 frame");
                return;
            }
            int tc = h.getTrafficClass().value() & 0xff;
            int flow = h.getFlowLabel().value() & 0xfffff;
            int plen = h.getPayloadLengthAsInt();
            int nh = h.getNextHeader().value() & 0xff;
            List<Field> f = new ArrayList<>();
            f.add(Field.bits("Version", String.valueOf(h.getVersion().value() & 0xff), p, 4, 0xf0000000L));
            f.add(Field.bits("Traffic class", hex(tc, 2), p, 4, 0x0ff00000L));
            f.add(Field.bits("Flow label", hex(flow, 5), p, 4, 0x000fffffL));
            f.add(Field.of("Payload length", String.valueOf(plen), p + 4, 2));
            f.add(Field.of("Next header", protocolText(nh), p + 6, 1));
            f.add(Field.of("Hop limit", String.valueOf(h.getHopLimitAsInt()), p + 7, 1));
            String src = ip(h.getSrcAddr());
            String dst = ip(h.getDstAddr());
            f.add(Field.of("Source address", src, p + 8, 16));
            f.add(Field.of("Destination address", dst, p + 24, 16));
            add(IPV6, src + " > " + dst, p, 40, f);
            int q = p + 40;
            Packet next = v6.getPayload();
            while (next instanceof IpV6ExtHopByHopOptionsPacket || next instanceof IpV6ExtDestinationOptionsPacket
                    || next instanceof IpV6ExtRoutingPacket) {
                byte[] ext = next.getHeader().getRawData();
                int len = ((ext[1] & 0xff) + 1) * 8;
                String name = next instanceof IpV6ExtHopByHopOptionsPacket ? "IPv6 Hop-by-Hop Options"
                        : next instanceof IpV6ExtDestinationOptionsPacket ? "IPv6 Destination Options" : "IPv6 Routing";
                nh = ext[0] & 0xff;
                add(name, "", q, len, List.of(
                        Field.of("Next header", protocolText(nh), q, 1),
                        Field.of("Length", len + " bytes", q + 1, 1),
                        Field.of("Options", (len - 2) + " bytes", q + 2, len - 2)));
                int parsed = next.getHeader().length();
                int rest = next.length() - parsed;
                q += len;
                next = next.getPayload();
                if (parsed != len) {
                    // Pcap4J measures an options header by the options it could parse, not by its length
                    // byte, so after an option it does not know it decodes the payload from the wrong byte
                    next = byProtocol(nh, q, rest - (len - parsed), next);
                }
            }
            walk(next, q, Expect.ipProtocol(nh), depth, quoted);
        }

        void icmp6(IcmpV6CommonPacket icmp, int p) {
            IcmpV6CommonPacket.IcmpV6CommonHeader h = icmp.getHeader();
            int type = h.getType().value() & 0xff;
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Type", type + " (" + icmp6TypeText(type) + ")", p, 1));
            f.add(Field.of("Code", String.valueOf(h.getCode().value() & 0xff), p + 1, 1));
            f.add(Field.of("Checksum", hex(h.getChecksum() & 0xffff, 4), p + 2, 2));
            int len = 4;
            String summary = icmp6TypeText(type);
            Packet body = icmp.getPayload();
            InetAddress target = null;
            if (body instanceof IcmpV6NeighborSolicitationPacket ns) {
                target = ns.getHeader().getTargetAddress();
            } else if (body instanceof IcmpV6NeighborAdvertisementPacket na) {
                target = na.getHeader().getTargetAddress();
            } else if (body instanceof IcmpV6RedirectPacket r) {
                target = r.getHeader().getTargetAddress();
            }
            int id = -1;
            int seq = -1;
            if (body instanceof IcmpV6EchoRequestPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            } else if (body instanceof IcmpV6EchoReplyPacket e) {
                id = e.getHeader().getIdentifierAsInt();
                seq = e.getHeader().getSequenceNumberAsInt();
            }
            if (target != null) {
                byte[] raw = body.getRawData();
                long word = Integer.toUnsignedLong(ByteArrays.getInt(raw, 0));
                f.add(Field.of(type == 136 ? "Flags" : "Reserved", hex(word, 8), p + 4, 4));
                String t = ip(target);
                f.add(Field.of("Target address", t, p + 8, 16));
                summary += " " + t;
                len = 24;
            } else if (id >= 0) {
                f.add(Field.of("Identifier", String.valueOf(id), p + 4, 2));
                f.add(Field.of("Sequence number", String.valueOf(seq), p + 6, 2));
                summary += ", id " + id + ", seq " + seq;
                len = 8;
            } else if (type == 143 && body != null && body.length() >= 4) {
                // Pcap4J has no class for MLDv2 reports: its reserved word and record count are read from the raw payload
                byte[] raw = body.getRawData();
                int records = ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
                f.add(Field.of("Reserved", hex(((raw[0] & 0xff) << 8) | (raw[1] & 0xff), 4), p + 4, 2));
                f.add(Field.of("Number of records", String.valueOf(records), p + 6, 2));
                summary += ", " + records + " group record(s)";
                len = 8;
            }
            add(ICMPV6, summary, p, len, f);
            data(p + len, icmp.length() - len);
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
