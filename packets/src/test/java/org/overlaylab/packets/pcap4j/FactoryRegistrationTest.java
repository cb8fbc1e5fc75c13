/*
 * Pcap4J's factories hand the project's classes every number the encapsulation table gives a
 * tunnel that has a Pcap4J class (VXLAN on 4789 and 8472, Geneve on 6081, GRE on protocol 47),
 * and BGP's port 179 to BgpPacket: the registration is read from the table, not a second list.
 */
package org.overlaylab.packets.pcap4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.packet.namednumber.UdpPort;

class FactoryRegistrationTest {

    @Test
    void everyTunnelNumberOfTheTableWithAPcap4jClassIsRegistered() {
        assertThat(Pcap4jSetup.install()).isTrue();
        List<String> registered = new ArrayList<>();
        for (Encapsulation e : Encapsulations.all()) {
            for (int n : e.numbers()) {
                Pcap4jTunnels.Codec codec = e.carrier() == Encapsulation.Carrier.UDP_PORT ? Pcap4jTunnels.forUdpPort(n)
                        : e.carrier() == Encapsulation.Carrier.IP_PROTOCOL ? Pcap4jTunnels.forIpProtocol(n) : null;
                if (codec == null) {
                    continue;
                }
                Class<? extends Packet> target = e.carrier() == Encapsulation.Carrier.UDP_PORT
                        ? PacketFactories.getFactory(Packet.class, UdpPort.class).getTargetClass(UdpPort.getInstance((short) n))
                        : PacketFactories.getFactory(Packet.class, IpNumber.class).getTargetClass(IpNumber.getInstance((byte) n));
                assertThat(target).as(e.name() + " on " + n).isEqualTo(codec.packetClass());
                registered.add(e.name() + " " + n);
            }
        }
        assertThat(registered).containsExactlyInAnyOrder("VXLAN 4789", "VXLAN 8472", "Geneve 6081", "GRE 47");
        assertThat(PacketFactories.getFactory(Packet.class, TcpPort.class).getTargetClass(TcpPort.BGP))
                .isEqualTo(BgpPacket.class);
    }

    private static byte[] bgpMessage(int type, int... body) {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        for (int i = 0; i < 16; i++) {
            m.write(0xff);
        }
        m.write((19 + body.length) >> 8);
        m.write(19 + body.length);
        m.write(type);
        for (int v : body) {
            m.write(v);
        }
        return m.toByteArray();
    }

    private static byte[] segment(byte[] payload) {
        return Frames.tcp(Hop.of(Corpus.NODE1_MAC, Corpus.NODE2_MAC, Corpus.NODE1, Corpus.NODE2), 50000, 179, 1, 1,
                Frames.TCP_ACK | Frames.TCP_PSH, 502, new byte[0], payload);
    }

    @Test
    void aSegmentToPort179IsAChainOfBgpMessages() {
        byte[] keepalive = bgpMessage(4);
        byte[] notification = bgpMessage(3, 6, 2);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(keepalive, 0, keepalive.length);
        both.write(notification, 0, notification.length);
        Packet tcpPayload = FrameDecoder.decode(segment(both.toByteArray())).get(TcpPacket.class).getPayload();
        assertThat(tcpPayload).isInstanceOf(BgpPacket.class);
        BgpPacket first = (BgpPacket) tcpPayload;
        assertThat(first.getHeader().getType()).isEqualTo(4);
        assertThat(first.getHeader().getMessageLength()).isEqualTo(19);
        assertThat(first.getPayload()).isInstanceOf(BgpPacket.class);
        assertThat(((BgpPacket) first.getPayload()).getHeader().getType()).isEqualTo(3);
        assertThat(first.getPayload().getPayload()).isNull();
    }

    @Test
    void aCutMessageIsIllegalAndTheRestOfAnEarlierMessageStaysRaw() {
        byte[] update = bgpMessage(2, 0, 0, 0, 0);
        byte[] cut = java.util.Arrays.copyOf(update, 20);
        assertThat(FrameDecoder.decode(segment(cut)).get(TcpPacket.class).getPayload()).isInstanceOf(IllegalPacket.class);
        assertThat(FrameDecoder.decode(segment(cut)).malformed()).isTrue();
        byte[] continuation = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        Packet rest = FrameDecoder.decode(segment(continuation)).get(TcpPacket.class).getPayload();
        assertThat(rest).isInstanceOf(UnknownPacket.class);
    }
}
