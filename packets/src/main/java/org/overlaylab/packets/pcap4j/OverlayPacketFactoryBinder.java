/*
 * Pcap4J's static packet factories plus the codecs Pcap4J lacks, for the encapsulation registry's
 * UDP ports and IP protocols that have a Pcap4J class (VXLAN on 4789 and 8472, Geneve on 6081,
 * GRE on protocol 47; see Pcap4jTunnels), and BGP on TCP port 179. Everything else is answered by
 * pcap4j-packetfactory-static.
 */
package org.overlaylab.packets.pcap4j;

import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.factory.PacketFactory;
import org.pcap4j.packet.factory.PacketFactoryBinder;
import org.pcap4j.packet.factory.statik.services.StaticPacketFactoryBinderProvider;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.NamedNumber;
import org.pcap4j.packet.namednumber.TcpPort;
import org.pcap4j.packet.namednumber.UdpPort;

public final class OverlayPacketFactoryBinder implements PacketFactoryBinder {
    private static final OverlayPacketFactoryBinder INSTANCE = new OverlayPacketFactoryBinder();

    private final PacketFactoryBinder base = new StaticPacketFactoryBinderProvider().getBinder();
    private final UdpFactory udp = new UdpFactory(base.getPacketFactory(Packet.class, UdpPort.class));
    private final IpFactory ip = new IpFactory(base.getPacketFactory(Packet.class, IpNumber.class));
    private final TcpFactory tcp = new TcpFactory(base.getPacketFactory(Packet.class, TcpPort.class));

    private OverlayPacketFactoryBinder() {}

    public static OverlayPacketFactoryBinder getInstance() {
        return INSTANCE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, N extends NamedNumber<?, ?>> PacketFactory<T, N> getPacketFactory(Class<T> targetClass,
                                                                                 Class<N> numberClass) {
        if (targetClass == Packet.class && numberClass == UdpPort.class) {
            return (PacketFactory<T, N>) udp;
        }
        if (targetClass == Packet.class && numberClass == IpNumber.class) {
            return (PacketFactory<T, N>) ip;
        }
        if (targetClass == Packet.class && numberClass == TcpPort.class) {
            return (PacketFactory<T, N>) tcp;
        }
        return base.getPacketFactory(targetClass, numberClass);
    }

    /**
     * Pcap4J's own decoding of a payload, or its bytes kept raw when one of Pcap4J's codecs fails
     * with an exception it does not declare (its GTP codec reads past the end of a first
     * fragment): the headers around it stay decoded.
     */
    private static <N extends NamedNumber<?, ?>> Packet applicationOrRaw(PacketFactory<Packet, N> base, byte[] rawData,
                                                                        int offset, int length, N number) {
        try {
            return base.newInstance(rawData, offset, length, number);
        } catch (RuntimeException e) {
            return UnknownPacket.newPacket(rawData, offset, length);
        }
    }

    /**
     * BGP on its port; a segment that does not start at a message (the rest of a message cut by
     * TCP) stays raw data, as Pcap4J leaves any payload it has no class for.
     */
    private record TcpFactory(PacketFactory<Packet, TcpPort> base) implements PacketFactory<Packet, TcpPort> {
        @Override
        public Packet newInstance(byte[] rawData, int offset, int length, TcpPort number) {
            if (number != null && number.valueAsInt() == BgpPacket.PORT
                    && BgpPacket.startsWithMarker(rawData, offset, length)) {
                return Pcap4jTunnels.decodeOrIllegal(new Pcap4jTunnels.Codec(BgpPacket.class, BgpPacket::newPacket),
                        rawData, offset, length);
            }
            return applicationOrRaw(base, rawData, offset, length, number);
        }

        @Override
        public Packet newInstance(byte[] rawData, int offset, int length) {
            return base.newInstance(rawData, offset, length);
        }

        @Override
        public Class<? extends Packet> getTargetClass(TcpPort number) {
            if (number != null && number.valueAsInt() == BgpPacket.PORT) {
                return BgpPacket.class;
            }
            return base.getTargetClass(number);
        }

        @Override
        public Class<? extends Packet> getTargetClass() {
            return base.getTargetClass();
        }
    }

    private record UdpFactory(PacketFactory<Packet, UdpPort> base) implements PacketFactory<Packet, UdpPort> {
        @Override
        public Packet newInstance(byte[] rawData, int offset, int length, UdpPort number) {
            Pcap4jTunnels.Codec codec = number == null ? null : Pcap4jTunnels.forUdpPort(number.valueAsInt());
            if (codec != null) {
                return Pcap4jTunnels.decodeOrIllegal(codec, rawData, offset, length);
            }
            return applicationOrRaw(base, rawData, offset, length, number);
        }

        @Override
        public Packet newInstance(byte[] rawData, int offset, int length) {
            return base.newInstance(rawData, offset, length);
        }

        @Override
        public Class<? extends Packet> getTargetClass(UdpPort number) {
            Pcap4jTunnels.Codec codec = number == null ? null : Pcap4jTunnels.forUdpPort(number.valueAsInt());
            if (codec != null) {
                return codec.packetClass();
            }
            return base.getTargetClass(number);
        }

        @Override
        public Class<? extends Packet> getTargetClass() {
            return base.getTargetClass();
        }
    }

    private record IpFactory(PacketFactory<Packet, IpNumber> base) implements PacketFactory<Packet, IpNumber> {
        @Override
        public Packet newInstance(byte[] rawData, int offset, int length, IpNumber number) {
            Pcap4jTunnels.Codec codec = number == null ? null : Pcap4jTunnels.forIpProtocol(number.value() & 0xff);
            if (codec != null) {
                return Pcap4jTunnels.decodeOrIllegal(codec, rawData, offset, length);
            }
            return applicationOrRaw(base, rawData, offset, length, number);
        }

        @Override
        public Packet newInstance(byte[] rawData, int offset, int length) {
            return base.newInstance(rawData, offset, length);
        }

        @Override
        public Class<? extends Packet> getTargetClass(IpNumber number) {
            Pcap4jTunnels.Codec codec = number == null ? null : Pcap4jTunnels.forIpProtocol(number.value() & 0xff);
            if (codec != null) {
                return codec.packetClass();
            }
            return base.getTargetClass(number);
        }

        @Override
        public Class<? extends Packet> getTargetClass() {
            return base.getTargetClass();
        }
    }
}
