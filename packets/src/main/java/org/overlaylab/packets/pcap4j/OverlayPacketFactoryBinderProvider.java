/* The ServiceLoader entry that hands Pcap4J the binder with VXLAN, Geneve, GRE and BGP (see Pcap4jSetup). */
package org.overlaylab.packets.pcap4j;

import org.pcap4j.packet.factory.PacketFactoryBinder;
import org.pcap4j.packet.factory.PacketFactoryBinderProvider;

public final class OverlayPacketFactoryBinderProvider implements PacketFactoryBinderProvider {
    @Override
    public PacketFactoryBinder getBinder() {
        return OverlayPacketFactoryBinder.getInstance();
    }
}
