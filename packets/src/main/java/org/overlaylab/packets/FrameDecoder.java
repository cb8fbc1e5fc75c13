/*
 * Decodes an Ethernet frame into Pcap4J packets, VXLAN and GRE included, and never throws:
 * what cannot be parsed (Pcap4J's IllegalRawDataException paths, which it turns into
 * IllegalPacket, or a frame shorter than an Ethernet header) is kept as raw bytes and the
 * result is marked malformed.
 */
package org.overlaylab.packets;

import org.overlaylab.packets.pcap4j.GrePacket;
import org.overlaylab.packets.pcap4j.Pcap4jSetup;
import org.overlaylab.packets.pcap4j.VxlanPacket;
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
     * Re-decodes UDP 4789/8472 and GRE payloads with our classes where Pcap4J's active binder left
     * them as raw data, rebuilding the enclosing packets with unchanged header fields.
     */
    private static Packet addTunnels(Packet p) {
        Packet payload = p.getPayload();
        if (payload == null) {
            return p;
        }
        Packet replaced = payload;
        if (p instanceof UdpPacket udp && !(payload instanceof VxlanPacket)
                && isVxlanPort(udp.getHeader().getDstPort().valueAsInt(), udp.getHeader().getSrcPort().valueAsInt())) {
            byte[] raw = payload.getRawData();
            replaced = decodeOrIllegal(raw, true);
        } else if (p instanceof IpV4Packet ip && !(payload instanceof GrePacket)
                && (ip.getHeader().getProtocol().value() & 0xff) == 47) {
            byte[] raw = payload.getRawData();
            replaced = decodeOrIllegal(raw, false);
        }
        replaced = addTunnels(replaced);
        if (replaced == payload) {
            return p;
        }
        return p.getBuilder().payloadBuilder(new SimpleBuilder(replaced)).build();
    }

    private static boolean isVxlanPort(int dst, int src) {
        return dst == 4789 || dst == 8472 || src == 4789 || src == 8472;
    }

    private static Packet decodeOrIllegal(byte[] raw, boolean vxlan) {
        try {
            return vxlan ? VxlanPacket.newPacket(raw, 0, raw.length) : GrePacket.newPacket(raw, 0, raw.length);
        } catch (IllegalRawDataException e) {
            return IllegalPacket.newPacket(raw, 0, raw.length);
        }
    }
}
