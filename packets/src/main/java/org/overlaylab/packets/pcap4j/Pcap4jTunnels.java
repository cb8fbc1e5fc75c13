/*
 * Which Pcap4J packet class decodes each of the registry's encapsulations that has one: one line
 * per class below. The factory binder and FrameDecoder both look tunnels up here, by the UDP port
 * or IP protocol the encapsulation registry gives them.
 */
package org.overlaylab.packets.pcap4j;

import java.util.Map;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;

public final class Pcap4jTunnels {

    /** A Pcap4J packet class and its newPacket factory method. */
    public record Codec(Class<? extends Packet> packetClass, Decoder decoder) {}

    @FunctionalInterface
    public interface Decoder {
        Packet decode(byte[] rawData, int offset, int length) throws IllegalRawDataException;
    }

    private static final Map<Encapsulation, Codec> CODECS = Map.of(
            Encapsulations.VXLAN, new Codec(VxlanPacket.class, VxlanPacket::newPacket),
            Encapsulations.GENEVE, new Codec(GenevePacket.class, GenevePacket::newPacket),
            Encapsulations.GRE, new Codec(GrePacket.class, GrePacket::newPacket));

    private Pcap4jTunnels() {}

    /** The codec of the encapsulation on this UDP port, or null. */
    public static Codec forUdpPort(int port) {
        Encapsulation e = Encapsulations.forUdpPort(port);
        return e == null ? null : CODECS.get(e);
    }

    /** The codec of the encapsulation a UDP datagram carries (destination port, else source), or null. */
    public static Codec forUdpPorts(int srcPort, int dstPort) {
        Encapsulation e = Encapsulations.forUdpPorts(srcPort, dstPort);
        return e == null ? null : CODECS.get(e);
    }

    /** The codec of the encapsulation on this IP protocol, or null. */
    public static Codec forIpProtocol(int protocol) {
        Encapsulation e = Encapsulations.forIpProtocol(protocol);
        return e == null ? null : CODECS.get(e);
    }

    /** The registry's encapsulation a Pcap4J tunnel packet (VxlanPacket, GenevePacket, GrePacket) decodes, or null. */
    public static Encapsulation encapsulationOf(Packet packet) {
        for (Map.Entry<Encapsulation, Codec> e : CODECS.entrySet()) {
            if (e.getValue().packetClass().isInstance(packet)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Decodes with the codec, or keeps the bytes as an IllegalPacket when they do not fit its header. */
    public static Packet decodeOrIllegal(Codec codec, byte[] raw, int offset, int length) {
        try {
            return codec.decoder().decode(raw, offset, length);
        } catch (IllegalRawDataException e) {
            return IllegalPacket.newPacket(raw, offset, length);
        }
    }
}
