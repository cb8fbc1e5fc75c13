/*
 * The two decoders of the project agree field by field: for every Ethernet frame of the golden
 * captures (golden/, tunnels/) and of the third-party captures, the values read from the Pcap4J
 * packet objects the layer tree is built from (MAC addresses, EtherType, VLAN id, ARP addresses,
 * IP addresses and ports, ICMP type/id/seq/length, TCP flags/window/payload length, UDP length,
 * VXLAN/Geneve VNI, GRE version/key/sequence/length, BGP) must appear, in order, in the line the
 * fast tcpdump-style printer writes for that frame with -e. Where the printer stops early, as
 * tcpdump does (a truncation mark "[|tcp]", "[bad opt]", "bad-len", an unknown version), the
 * fields it no longer prints are counted as not printed rather than compared. The line printer has
 * no verbose mode, so the TTL (printed by tcpdump only with -v) is not among the fields. Prints the
 * figures.
 */
package org.overlaylab.packets.pcap4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.format.Ip6Text;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.Dot1qVlanTagPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.FragmentedPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IcmpV4EchoReplyPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6EchoReplyPacket;
import org.pcap4j.packet.IcmpV6EchoRequestPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtDestinationOptionsPacket;
import org.pcap4j.packet.IpV6ExtHopByHopOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.IpNumber;

class Pcap4jAgreesWithLinePrinterTest {

    static final List<String> GOLDEN = List.of("arp", "ping", "icmp-errors", "udp", "tcp", "vxlan-4789",
            "vxlan-8472", "gre", "dns", "dns-docker", "tcp-apps", "ipv6", "vlan", "other");
    static final List<String> TUNNELS = List.of("built-geneve", "built-gre-options", "built-ip-in-ip");

    /** One value read from a Pcap4J object and the text the line printer must show for it. */
    record Check(String field, String text) {}

    /** What the printer writes where it stops decoding a frame, as tcpdump does. */
    static final List<String> STOP_MARKS = List.of("[|", "[bad opt]", "bad-len", "version error", "unknown-version");

    static final class Tally {
        int notPrinted;
        int frames;
        int framesAgreeing;
        int fields;
        int fieldsAgreeing;
        final Map<String, int[]> byField = new TreeMap<>();
        final List<String> disagreements = new ArrayList<>();
    }

    @Test
    void everyFieldPcap4jReadsIsTheOneTheLinePrinterPrints() throws Exception {
        Tally all = new Tally();
        Tally tunnelsAndBgp = new Tally();
        for (String name : GOLDEN) {
            compare("/golden/" + name + ".pcap", all, tunnelsAndBgp);
        }
        for (String name : TUNNELS) {
            compare("/tunnels/" + name + ".pcap", all, tunnelsAndBgp);
        }
        for (String line : resourceText("/thirdparty/captures.txt").split("\n")) {
            if (!line.isBlank()) {
                compare("/thirdparty/" + line.strip(), all, tunnelsAndBgp);
            }
        }
        System.out.printf("Pcap4J vs line printer: %d frames compared, %d agree on every field; %d fields, %d agree%n",
                all.frames, all.framesAgreeing, all.fields, all.fieldsAgreeing);
        System.out.printf("  %d fields not printed by the line printer (it stopped at a truncated or bad header)%n",
                all.notPrinted);
        System.out.printf("  of which VXLAN/Geneve/GRE/BGP frames: %d compared, %d agree%n",
                tunnelsAndBgp.frames, tunnelsAndBgp.framesAgreeing);
        all.byField.forEach((k, v) -> System.out.printf("  %-16s %6d compared, %6d agree%n", k, v[0], v[1]));
        all.disagreements.stream().limit(40).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(all.frames).isGreaterThan(3000);
        assertThat(tunnelsAndBgp.frames).isGreaterThan(100);
        assertThat(all.disagreements).isEmpty();
    }

    private void compare(String resource, Tally all, Tally tunnelsAndBgp) throws IOException {
        TcpdumpFormatter printer = new TcpdumpFormatter(ZoneId.of("UTC"), true);
        try (InputStream in = getClass().getResourceAsStream(resource); CaptureReader r = CaptureReader.open(in)) {
            while (r.advance()) {
                if (r.recordLinkType() != CaptureReader.LINKTYPE_ETHERNET || r.capturedLength() > r.originalLength()) {
                    continue;
                }
                byte[] data = r.data();
                StringBuilder line = new StringBuilder();
                printer.format(0, 0, data, 0, data.length, r.originalLength(), line);
                List<Check> checks = new ArrayList<>();
                boolean[] tunnel = new boolean[1];
                facts(FrameDecoder.decode(data).packet(), -1, checks, tunnel);
                if (checks.isEmpty()) {
                    continue;
                }
                String text = line.toString();
                boolean agrees = tally(all, resource, r.recordNumber(), checks, text);
                if (tunnel[0]) {
                    tally(tunnelsAndBgp, resource, r.recordNumber(), checks, text);
                }
            }
        }
    }

    private static boolean tally(Tally t, String resource, long record, List<Check> checks, String text) {
        int cursor = 0;
        boolean agrees = true;
        boolean stopped = STOP_MARKS.stream().anyMatch(text::contains);
        int compared = 0;
        for (Check c : checks) {
            int at = text.indexOf(c.text(), cursor);
            if (at < 0 && stopped) {
                t.notPrinted++;
                continue;
            }
            compared++;
            int[] counts = t.byField.computeIfAbsent(c.field(), k -> new int[2]);
            counts[0]++;
            t.fields++;
            if (at < 0) {
                agrees = false;
                t.disagreements.add(resource + " #" + record + " " + c.field() + " '" + c.text() + "' not in: " + text);
            } else {
                counts[1]++;
                t.fieldsAgreeing++;
                cursor = at + c.text().length();
            }
        }
        if (compared == 0) {
            return agrees;
        }
        t.frames++;
        if (agrees) {
            t.framesAgreeing++;
        }
        return agrees;
    }

    /**
     * The checks for a Pcap4J packet and its payloads, in the order the line prints them.
     *
     * @param ipPayloadLength what the enclosing IP header says follows it (tcpdump's "length"), or -1
     */
    static void facts(Packet p, int ipPayloadLength, List<Check> out, boolean[] tunnel) {
        if (p instanceof EthernetPacket eth) {
            EthernetPacket.EthernetHeader h = eth.getHeader();
            out.add(new Check("MAC addresses", h.getSrcAddr() + " > " + h.getDstAddr() + ", "));
            int type = h.getType().value() & 0xffff;
            // up to 1500 the field is an IEEE 802.3 length, not an EtherType
            out.add(type <= 1500 ? new Check("802.3 length", "802.3, length " + type)
                    : new Check("EtherType", String.format("(0x%04x)", type)));
            facts(eth.getPayload(), -1, out, tunnel);
        } else if (p instanceof Dot1qVlanTagPacket tag) {
            out.add(new Check("VLAN id", "vlan " + tag.getHeader().getVidAsInt() + ", p " + tag.getHeader().getPriority()));
            out.add(new Check("EtherType", String.format("(0x%04x)", tag.getHeader().getType().value() & 0xffff)));
            facts(tag.getPayload(), -1, out, tunnel);
        } else if (p instanceof ArpPacket arp) {
            ArpPacket.ArpHeader h = arp.getHeader();
            if (h.getHardwareAddrLengthAsInt() != 6 || h.getProtocolAddrLengthAsInt() != 4) {
                return;
            }
            int op = h.getOperation().value() & 0xffff;
            if (op == 1) {
                out.add(new Check("ARP addresses", "who-has " + h.getDstProtocolAddr().getHostAddress()));
                out.add(new Check("ARP addresses", " tell " + h.getSrcProtocolAddr().getHostAddress() + ", "));
            } else if (op == 2) {
                out.add(new Check("ARP addresses", h.getSrcProtocolAddr().getHostAddress() + " is-at "
                        + h.getSrcHardwareAddr()));
            }
        } else if (p instanceof IpV4Packet v4) {
            IpV4Packet.IpV4Header h = v4.getHeader();
            if ((h.getVersion().value() & 0xff) != 4) {
                return;
            }
            int payloadLength = h.getTotalLengthAsInt() - h.getIhlAsInt() * 4;
            Packet payload = v4.getPayload();
            if (payload instanceof FragmentedPacket) {
                if ((h.getFragmentOffset() & 0x1fff) != 0) {
                    out.add(new Check("IP addresses", h.getSrcAddr().getHostAddress() + " > "
                            + h.getDstAddr().getHostAddress() + ":"));
                    return;
                }
                // the layer tree decodes a first fragment's transport header as tcpdump does
                byte[] raw = payload.getRawData();
                payload = PacketFactories.getFactory(Packet.class, IpNumber.class)
                        .newInstance(raw, 0, raw.length, h.getProtocol());
            }
            addresses(h.getSrcAddr().getHostAddress(), h.getDstAddr().getHostAddress(), payload, out);
            facts(payload, payloadLength, out, tunnel);
        } else if (p instanceof IpV6Packet v6) {
            IpV6Packet.IpV6Header h = v6.getHeader();
            if ((h.getVersion().value() & 0xff) != 6) {
                out.add(new Check("IP version", "version error: " + (h.getVersion().value() & 0xff) + " != 6"));
                return;
            }
            int payloadLength = h.getPayloadLengthAsInt();
            Packet payload = v6.getPayload();
            while (payload instanceof IpV6ExtHopByHopOptionsPacket || payload instanceof IpV6ExtDestinationOptionsPacket
                    || payload instanceof IpV6ExtRoutingPacket) {
                payloadLength -= payload.getHeader().length();
                payload = payload.getPayload();
            }
            if (payloadLength <= 0 || v6.getPayload() != payload) {
                // jumbograms and extension headers: tcpdump prints their own forms; compare the addresses only
                addresses(Ip6Text.format(h.getSrcAddr().getAddress(), 0), Ip6Text.format(h.getDstAddr().getAddress(), 0),
                        null, out);
                return;
            }
            addresses(Ip6Text.format(h.getSrcAddr().getAddress(), 0), Ip6Text.format(h.getDstAddr().getAddress(), 0),
                    payload, out);
            facts(payload, payloadLength, out, tunnel);
        } else if (p instanceof IcmpV4CommonPacket icmp) {
            Packet body = icmp.getPayload();
            if (body instanceof IcmpV4EchoPacket e) {
                out.add(new Check("ICMP type/id/seq", "ICMP echo request, id " + e.getHeader().getIdentifierAsInt()
                        + ", seq " + e.getHeader().getSequenceNumberAsInt() + ", length " + ipPayloadLength));
            } else if (body instanceof IcmpV4EchoReplyPacket e) {
                out.add(new Check("ICMP type/id/seq", "ICMP echo reply, id " + e.getHeader().getIdentifierAsInt()
                        + ", seq " + e.getHeader().getSequenceNumberAsInt() + ", length " + ipPayloadLength));
            } else {
                out.add(new Check("ICMP type", "ICMP "));
            }
        } else if (p instanceof IcmpV6CommonPacket icmp) {
            Packet body = icmp.getPayload();
            if (body instanceof IcmpV6EchoRequestPacket e) {
                out.add(new Check("ICMP type/id/seq", "ICMP6, echo request, id " + e.getHeader().getIdentifierAsInt()
                        + ", seq " + e.getHeader().getSequenceNumberAsInt() + ", length " + ipPayloadLength));
            } else if (body instanceof IcmpV6EchoReplyPacket e) {
                out.add(new Check("ICMP type/id/seq", "ICMP6, echo reply, id " + e.getHeader().getIdentifierAsInt()
                        + ", seq " + e.getHeader().getSequenceNumberAsInt() + ", length " + ipPayloadLength));
            } else {
                out.add(new Check("ICMP type", "ICMP6, "));
            }
        } else if (p instanceof TcpPacket tcp) {
            TcpPacket.TcpHeader h = tcp.getHeader();
            out.add(new Check("TCP flags", "Flags [" + tcpdumpFlags(h) + "]"));
            out.add(new Check("TCP window", "win " + h.getWindowAsInt()));
            int payload = ipPayloadLength - h.getDataOffsetAsInt() * 4;
            if (tcp.getPayload() instanceof BgpPacket) {
                tunnel[0] = true;
                out.add(new Check("TCP length + BGP", "length " + payload + ": BGP"));
            } else if (ipPayloadLength >= 0) {
                out.add(new Check("TCP length", "length " + payload));
            }
        } else if (p instanceof UdpPacket udp) {
            Packet payload = udp.getPayload();
            if (payload instanceof VxlanPacket vx) {
                tunnel[0] = true;
                // on Linux's port 8472 tcpdump names the same header OTV and the VNI its instance
                boolean otv = udp.getHeader().getDstPort().valueAsInt() == 8472;
                out.add(new Check("VXLAN flags", String.format("flags [I] (0x%02x)", vx.getHeader().getFlags() & 0xff)));
                out.add(new Check("VXLAN VNI", (otv ? "instance " : "vni ") + vx.getHeader().getVni()));
                facts(vx.getPayload(), -1, out, tunnel);
            } else if (payload instanceof GenevePacket g) {
                tunnel[0] = true;
                out.add(new Check("Geneve VNI", "vni 0x" + Integer.toHexString(g.getHeader().getVni())));
                facts(g.getPayload(), -1, out, tunnel);
            }
        } else if (p instanceof GrePacket gre) {
            tunnel[0] = true;
            GrePacket.GreHeader h = gre.getHeader();
            out.add(new Check("GRE version", "GREv" + h.getVersion() + ", "));
            if (h.isKeyPresent()) {
                out.add(new Check("GRE key", "key=0x" + Integer.toHexString(h.getKey())));
            }
            if (h.isSequencePresent()) {
                out.add(new Check("GRE sequence", "seq " + Integer.toUnsignedString(h.getSequenceNumber())));
            }
            out.add(new Check("GRE length", "length " + ipPayloadLength + ": "));
            facts(gre.getPayload(), -1, out, tunnel);
        }
    }

    private static void addresses(String src, String dst, Packet payload, List<Check> out) {
        if (payload instanceof TcpPacket tcp) {
            out.add(new Check("IP addresses+ports", src + "." + tcp.getHeader().getSrcPort().valueAsInt() + " > "
                    + dst + "." + tcp.getHeader().getDstPort().valueAsInt() + ":"));
        } else if (payload instanceof UdpPacket udp) {
            out.add(new Check("IP addresses+ports", src + "." + udp.getHeader().getSrcPort().valueAsInt() + " > "
                    + dst + "." + udp.getHeader().getDstPort().valueAsInt() + ":"));
        } else {
            // with no transport header decoded by Pcap4J the printer may still show ports: no colon checked
            out.add(new Check("IP addresses", src));
            out.add(new Check("IP addresses", " > " + dst));
        }
    }

    /** tcpdump's flag letters, in its order: F S R P . U E W, "none" for none. */
    static String tcpdumpFlags(TcpPacket.TcpHeader h) {
        StringBuilder sb = new StringBuilder();
        if (h.getFin()) {
            sb.append('F');
        }
        if (h.getSyn()) {
            sb.append('S');
        }
        if (h.getRst()) {
            sb.append('R');
        }
        if (h.getPsh()) {
            sb.append('P');
        }
        if (h.getAck()) {
            sb.append('.');
        }
        if (h.getUrg()) {
            sb.append('U');
        }
        if ((h.getReserved() & 0x01) != 0) {
            sb.append('E');
        }
        if ((h.getReserved() & 0x02) != 0) {
            sb.append('W');
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private String resourceText(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
