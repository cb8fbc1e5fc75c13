/*
 * Pcap4J's static packet factories plus the codecs Pcap4J lacks: UDP 4789 and 8472 decode as
 * VXLAN, IP protocol 47 as GRE. Everything else is answered by pcap4j-packetfactory-static.
 */
package org.overlaylab.packets.pcap4j;

import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactory;
import org.pcap4j.packet.factory.PacketFactoryBinder;
import org.pcap4j.packet.factory.statik.services.StaticPacketFactoryBinderProvider;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.NamedNumber;
import org.pcap4j.packet.namednumber.UdpPort;

public final class OverlayPacketFactoryBinder implements PacketFactoryBinder {
    public static final int VXLAN_PORT = 4789;
    public static final int FLANNEL_VXLAN_PORT = 8472;
    public static final int GRE_PROTOCOL = 47;

    private static final OverlayPacketFactoryBinder INSTANCE = new OverlayPacketFactoryBinder();

    private final PacketFactoryBinder base = new StaticPacketFactoryBinderProvider().getBinder();
    private final UdpFactory udp = new UdpFactory(base.getPacketFactory(Packet.class, UdpPort.class));
    private final IpFactory ip = new IpFactory(base.getPacketFactory(Packet.class, IpNumber.class));

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
        return base.getPacketFactory(targetClass, numberClass);
    }

    static boolean isVxlanPort(int port) {
        return port == VXLAN_PORT || port == FLANNEL_VXLAN_PORT;
    }

    static Packet vxlanOrIllegal(byte[] raw, int offset, int length) {
        try {
            return VxlanPacket.newPacket(raw, offset, length);
        } catch (IllegalRawDataException e) {
            return IllegalPacket.newPacket(raw, offset, length);
        }
    }

    static Packet greOrIllegal(byte[] raw, int offset, int length) {
        try {
            return GrePacket.newPacket(raw, offset, length);
        } catch (IllegalRawDataException e) {
            return IllegalPacket.newPacket(raw, offset, length);
        }
    }

    private record UdpFactory(PacketFactory<Packet, UdpPort> base) implements PacketFactory<Packet, UdpPort> {
        @Override
        public Packet newInstance(byte[] rawData, int offset, int length, UdpPort number) {
            if (number != null && isVxlanPort(number.valueAsInt())) {
                return vxlanOrIllegal(rawData, offset, length);
            }
            return base.newInstance(rawData, offset, length, number);
        }

        @Override
        public Packet newInstance(byte[] rawData, int offset, int length) {
            return base.newInstance(rawData, offset, length);
        }

        @Override
        public Class<? extends Packet> getTargetClass(UdpPort number) {
            if (number != null && isVxlanPort(number.valueAsInt())) {
                return VxlanPacket.class;
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
            if (number != null && (number.value() & 0xff) == GRE_PROTOCOL) {
                return greOrIllegal(rawData, offset, length);
            }
            return base.newInstance(rawData, offset, length, number);
        }

        @Override
        public Packet newInstance(byte[] rawData, int offset, int length) {
            return base.newInstance(rawData, offset, length);
        }

        @Override
        public Class<? extends Packet> getTargetClass(IpNumber number) {
            if (number != null && (number.value() & 0xff) == GRE_PROTOCOL) {
                return GrePacket.class;
            }
            return base.getTargetClass(number);
        }

        @Override
        public Class<? extends Packet> getTargetClass() {
            return base.getTargetClass();
        }
    }
}
