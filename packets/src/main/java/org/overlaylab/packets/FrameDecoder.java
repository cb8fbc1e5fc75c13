/*
 * Decodes an Ethernet frame into Pcap4J packets, VXLAN, Geneve, GRE and BGP included, and never throws:
 * what cannot be parsed (Pcap4J's IllegalRawDataException paths, which it turns into
 * IllegalPacket, or a frame shorter than an Ethernet header) is kept as raw bytes and the
 * result is marked malformed.
 */
package org.overlaylab.packets;

import org.overlaylab.packets.pcap4j.Pcap4jSetup;
import org.overlaylab.packets.pcap4j.Pcap4jTunnels;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.SimpleBuilder;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;

public final class FrameDecoder {

    /**
     * A decoded frame.
     *
     * @param packet the Pcap4J packet chain (EthernetPacket at the top), or raw bytes when even that failed;
     *               null only for an empty frame
     * @param malformed true when some part could not be parsed and is kept as raw bytes
     */
    public record DecodedFrame(Packet packet, boolean malformed) {

        /** The first packet of the given class in the chain (e.g. the outer IPv4Packet), or null. */
        public <T extends Packet> T get(Class<T> type) {
            return packet == null ? null : packet.get(type);
        }
    }

    private FrameDecoder() {}

    public static DecodedFrame decode(byte[] frame) {
        return decode(frame, 0, frame.length);
    }

    public static DecodedFrame decode(byte[] frame, int offset, int length) {
        if (frame == null || length <= 0 || offset < 0 || offset + length > frame.length) {
            return new DecodedFrame(null, true);
        }
        boolean native4j = Pcap4jSetup.install();
        Packet packet;
        try {
            packet = EthernetPacket.newPacket(frame, offset, length);
        } catch (IllegalRawDataException e) {
            return new DecodedFrame(IllegalPacket.newPacket(frame, offset, length), true);
        } catch (RuntimeException | LinkageError e) {
            // a Pcap4J codec failing in a way it does not declare, or Pcap4J missing a dependency
            return new DecodedFrame(UnknownPacket.newPacket(frame, offset, length), true);
        }
        if (!native4j) {
            try {
                packet = addTunnels(packet);
            } catch (RuntimeException e) {
                return new DecodedFrame(packet, true);
            }
        }
        return new DecodedFrame(packet, containsIllegal(packet));
    }

    private static boolean containsIllegal(Packet p) {
        for (Packet q = p; q != null; q = q.getPayload()) {
            if (q instanceof IllegalPacket) {
                return true;
            }
        }
        return false;
    }

    /**
     * Re-decodes tunnel payloads (the registry's encapsulations that have a Pcap4J class, by UDP
     * port or IP protocol) with our classes where Pcap4J's active binder left them as raw data,
     * rebuilding the enclosing packets with unchanged header fields.
     */
    private static Packet addTunnels(Packet p) {
        Packet payload = p.getPayload();
        if (payload == null) {
            return p;
        }
        Packet replaced = payload;
        Pcap4jTunnels.Codec codec = null;
        if (p instanceof UdpPacket udp) {
            codec = Pcap4jTunnels.forUdpPorts(udp.getHeader().getSrcPort().valueAsInt(),
                    udp.getHeader().getDstPort().valueAsInt());
        } else if (p instanceof IpV4Packet ip) {
            codec = Pcap4jTunnels.forIpProtocol(ip.getHeader().getProtocol().value() & 0xff);
        }
        if (codec != null && !codec.packetClass().isInstance(payload)) {
            byte[] raw = payload.getRawData();
            replaced = Pcap4jTunnels.decodeOrIllegal(codec, raw, 0, raw.length);
        }
        replaced = addTunnels(replaced);
        if (replaced == payload) {
            return p;
        }
        return p.getBuilder().payloadBuilder(new SimpleBuilder(replaced)).build();
    }
}
