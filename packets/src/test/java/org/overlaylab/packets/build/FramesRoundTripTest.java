/*
 * Frames built byte by byte parse back with Pcap4J (VXLAN and GRE through our codecs) to the
 * same field values, the fast accessors read the same values, and checksums verify.
 */
package org.overlaylab.packets.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.FrameDecoder.DecodedFrame;
import org.overlaylab.packets.pcap4j.GrePacket;
import org.overlaylab.packets.pcap4j.VxlanPacket;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IcmpV4TimeExceededPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.namednumber.ArpOperation;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.util.MacAddress;

class FramesRoundTripTest {

    @Test
    void pingParsesBackWithTheFieldsItWasBuiltWith() {
        byte[] f = Corpus.ping(5);
        DecodedFrame d = FrameDecoder.decode(f);
        assertThat(d.malformed()).isFalse();
        EthernetPacket eth = d.get(EthernetPacket.class);
        assertThat(eth.getHeader().getSrcAddr()).isEqualTo(MacAddress.getByName("02:42:0a:00:00:02"));
        IpV4Packet ip = d.get(IpV4Packet.class);
        assertThat(ip.getHeader().getSrcAddr().getHostAddress()).isEqualTo("10.0.0.2");
        assertThat(ip.getHeader().getDstAddr().getHostAddress()).isEqualTo("10.0.0.3");
        assertThat(ip.getHeader().getTtlAsInt()).isEqualTo(64);
        assertThat(ip.getHeader().getDontFragmentFlag()).isTrue();
        assertThat(ip.getHeader().getIdentificationAsInt()).isEqualTo(0x1c46);
        assertThat(ip.getHeader().hasValidChecksum(false)).isTrue();
        assertThat(ip.getHeader().getTotalLengthAsInt()).isEqualTo(84);
        IcmpV4EchoPacket echo = d.get(IcmpV4EchoPacket.class);
        assertThat(echo.getHeader().getIdentifierAsInt()).isEqualTo(23);
        assertThat(echo.getHeader().getSequenceNumberAsInt()).isEqualTo(5);
        assertThat(d.get(IcmpV4CommonPacket.class).hasValidChecksum(false)).isTrue();

        assertThat(FrameFields.etherType(f, 0)).isEqualTo(0x0800);
        assertThat(FrameFields.srcMac(f, 0)).isEqualTo(Corpus.C1_MAC);
        assertThat(FrameFields.dstMac(f, 0)).isEqualTo(Corpus.C2_MAC);
        assertThat(FrameFields.ipv4Src(f, 0)).isEqualTo(Corpus.C1);
        assertThat(FrameFields.ipv4Dst(f, 0)).isEqualTo(Corpus.C2);
        assertThat(FrameFields.ipv4Ttl(f, 0)).isEqualTo(64);
        assertThat(FrameFields.ipv4Protocol(f, 0)).isEqualTo(1);
        assertThat(FrameFields.icmpType(f, 0)).isEqualTo(8);
        assertThat(FrameFields.icmpIdentifier(f, 0)).isEqualTo(23);
        assertThat(FrameFields.icmpSequence(f, 0)).isEqualTo(5);
    }

    @Test
    void arpRequestAndReply() {
        DecodedFrame req = FrameDecoder.decode(Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2));
        ArpPacket arp = req.get(ArpPacket.class);
        assertThat(arp.getHeader().getOperation()).isEqualTo(ArpOperation.REQUEST);
        assertThat(arp.getHeader().getDstProtocolAddr().getHostAddress()).isEqualTo("192.168.205.11");
        assertThat(req.get(EthernetPacket.class).getHeader().getDstAddr()).isEqualTo(MacAddress.ETHER_BROADCAST_ADDRESS);
        DecodedFrame rep = FrameDecoder.decode(Frames.arpReply(Corpus.NODE2_MAC, Corpus.NODE2, Corpus.NODE1_MAC, Corpus.NODE1));
        assertThat(rep.get(ArpPacket.class).getHeader().getSrcHardwareAddr()).isEqualTo(MacAddress.getByName("08:00:27:b8:22:30"));
    }

    @Test
    void vxlanOn4789And8472CarriesTheInnerFrame() {
        for (int port : new int[] {Frames.VXLAN_PORT, Frames.FLANNEL_VXLAN_PORT}) {
            byte[] inner = Corpus.ping(3);
            byte[] f = Frames.vxlan(Corpus.underlay(), 41000, port, 100, inner, true);
            DecodedFrame d = FrameDecoder.decode(f);
            assertThat(d.malformed()).isFalse();
            UdpPacket udp = d.get(UdpPacket.class);
            assertThat(udp.getHeader().getDstPort().valueAsInt()).isEqualTo(port);
            IpV4Packet outer = d.get(IpV4Packet.class);
            assertThat(udp.hasValidChecksum(outer.getHeader().getSrcAddr(), outer.getHeader().getDstAddr(), false)).isTrue();
            VxlanPacket vx = d.get(VxlanPacket.class);
            assertThat(vx.getHeader().getVni()).isEqualTo(100);
            assertThat(vx.getHeader().getFlags()).isEqualTo((byte) 0x08);
            assertThat(vx.getPayload().getRawData()).isEqualTo(inner);
            assertThat(vx.getPayload().get(IcmpV4EchoPacket.class).getHeader().getSequenceNumberAsInt()).isEqualTo(3);
            assertThat(FrameFields.vxlanVni(f, 0)).isEqualTo(100);
            int in = FrameFields.innerFrameOffset(f, 0);
            assertThat(in).isEqualTo(14 + 20 + 8 + 8);
            assertThat(FrameFields.icmpSequence(f, in)).isEqualTo(3);
            assertThat(FrameFields.ipv4Dst(f, in)).isEqualTo(Corpus.C2);
        }
    }

    @Test
    void vxlanWithoutChecksumAsLinuxSendsIt() {
        byte[] f = Frames.vxlan(Corpus.underlay(), 41000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
        assertThat(FrameDecoder.decode(f).get(UdpPacket.class).getHeader().getChecksum()).isZero();
    }

    @Test
    void greCarriesEthernetOrIpv4() {
        byte[] teb = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1));
        DecodedFrame d = FrameDecoder.decode(teb);
        GrePacket gre = d.get(GrePacket.class);
        assertThat(d.get(IpV4Packet.class).getHeader().getProtocol()).isEqualTo(IpNumber.GRE);
        assertThat(gre.getHeader().getProtocolType().value()).isEqualTo((short) 0x6558);
        assertThat(gre.getPayload()).isInstanceOf(EthernetPacket.class);
        assertThat(gre.getPayload().getRawData()).isEqualTo(Corpus.ping(1));
        assertThat(FrameFields.greProtocol(teb, 0)).isEqualTo(0x6558);
        assertThat(FrameFields.innerFrameOffset(teb, 0)).isEqualTo(14 + 20 + 4);

        byte[] ip = Frames.greIpv4(Corpus.underlay(), Corpus.ping(2));
        GrePacket g2 = FrameDecoder.decode(ip).get(GrePacket.class);
        assertThat(g2.getHeader().getProtocolType().value()).isEqualTo((short) 0x0800);
        assertThat(g2.getPayload()).isInstanceOf(IpV4Packet.class);
        assertThat(g2.getPayload().get(IcmpV4EchoPacket.class).getHeader().getSequenceNumberAsInt()).isEqualTo(2);
        assertThat(FrameFields.innerFrameOffset(ip, 0)).isEqualTo(-1);
        assertThat(FrameFields.grePayloadOffset(ip, 0)).isEqualTo(38);
    }

    @Test
    void pcap4jBuildersProduceTheSameBytesAsOurs() {
        byte[] f = Frames.vxlan(Corpus.underlay(), 41000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
        VxlanPacket vx = FrameDecoder.decode(f).get(VxlanPacket.class);
        VxlanPacket rebuilt = new VxlanPacket.Builder().vni(256).payloadBuilder(vx.getPayload().getBuilder()).build();
        assertThat(rebuilt.getRawData()).isEqualTo(vx.getRawData());
        GrePacket gre = FrameDecoder.decode(Frames.gre(Corpus.underlay(), 0x6558, Corpus.ping(1))).get(GrePacket.class);
        GrePacket built = new GrePacket.Builder().protocolType(GrePacket.TRANSPARENT_ETHERNET_BRIDGING)
                .payloadBuilder(gre.getPayload().getBuilder()).build();
        assertThat(built.getRawData()).isEqualTo(gre.getRawData());
        GrePacket keyed = new GrePacket.Builder().protocolType(GrePacket.TRANSPARENT_ETHERNET_BRIDGING).key(7)
                .sequenceNumber(9).payloadBuilder(gre.getPayload().getBuilder()).build();
        GrePacket back = FrameDecoder.decode(Frames.ipv4(Corpus.underlay(), 47, keyed.getRawData())).get(GrePacket.class);
        assertThat(back.getHeader().getKey()).isEqualTo(7);
        assertThat(back.getHeader().getSequenceNumber()).isEqualTo(9);
        assertThat(back.getRawData()).isEqualTo(keyed.getRawData());
        assertThat(back.getHeader()).isEqualTo(keyed.getHeader());
    }

    @Test
    void icmpErrorsQuoteTheOffendingPacket() {
        byte[] offending = Frames.ipPacketOf(Corpus.ping(9));
        byte[] te = Frames.icmpTimeExceeded(Corpus.underlay(), offending);
        DecodedFrame d = FrameDecoder.decode(te);
        assertThat(d.get(IcmpV4CommonPacket.class).hasValidChecksum(false)).isTrue();
        IcmpV4TimeExceededPacket t = d.get(IcmpV4TimeExceededPacket.class);
        assertThat(t).isNotNull();
        assertThat(FrameFields.icmpType(te, 0)).isEqualTo(11);
        byte[] frag = Frames.icmpUnreachable(Corpus.underlay(), Frames.UNREACH_NEED_FRAG, offending, 1450);
        assertThat(FrameFields.icmpCode(frag, 0)).isEqualTo(4);
        assertThat(frag[14 + 20 + 6] & 0xff).isEqualTo(1450 >> 8);
    }

    @Test
    void tcpSegmentHasAValidChecksum() {
        byte[] f = Corpus.tcpConversation().get(3);
        DecodedFrame d = FrameDecoder.decode(f);
        TcpPacket tcp = d.get(TcpPacket.class);
        IpV4Packet ip = d.get(IpV4Packet.class);
        assertThat(tcp.hasValidChecksum(ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(), false)).isTrue();
        assertThat(tcp.getHeader().getPsh()).isTrue();
        assertThat(tcp.getPayload().length()).isEqualTo(100);
        assertThat(FrameFields.srcPort(f, 0)).isEqualTo(51234);
        assertThat(FrameFields.dstPort(f, 0)).isEqualTo(2380);
    }

    @Test
    void decrementTtlKeepsTheHeaderChecksumValid() {
        byte[] f = Corpus.ping(1);
        for (int i = 0; i < 70; i++) {
            FrameFields.decrementTtl(f, 0);
            assertThat(Checksums.internet(f, 14, 20)).isZero();
        }
        assertThat(FrameFields.ipv4Ttl(f, 0)).isEqualTo((64 - 70) & 0xff);
        FrameFields.setMacs(f, 0, Corpus.NODE1_MAC, Corpus.NODE2_MAC);
        assertThat(FrameFields.srcMac(f, 0)).isEqualTo(Corpus.NODE1_MAC);
        assertThat(Frames.macText(FrameFields.dstMac(f, 0))).isEqualTo("08:00:27:b8:22:30");
        assertThat(Ipv4.format(FrameFields.ipv4Src(f, 0))).isEqualTo("10.0.0.2");
    }

    @Test
    void accessorsRejectFramesOfOtherKinds() {
        byte[] arp = Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2);
        assertThat(FrameFields.ipv4Offset(arp, 0)).isEqualTo(-1);
        assertThat(FrameFields.l4Offset(arp, 0)).isEqualTo(-1);
        assertThat(FrameFields.vxlanVni(arp, 0)).isEqualTo(-1);
        assertThat(FrameFields.innerFrameOffset(new byte[5], 0)).isEqualTo(-1);
        assertThat(FrameFields.etherType(new byte[5], 0)).isEqualTo(-1);
    }
}
