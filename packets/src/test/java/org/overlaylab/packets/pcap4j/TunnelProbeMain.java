/*
 * Run inside a packaged jar by ShadedJarRegistrationTest: decodes a VXLAN, a Geneve and a GRE frame and
 * prints what Pcap4J made of them. With "touch-first", Pcap4J is initialised before our setup
 * runs, as when another part of an application used Pcap4J first.
 */
package org.overlaylab.packets.pcap4j;

import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.build.Frames;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.UdpPort;

public final class TunnelProbeMain {
    private TunnelProbeMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("touch-first")) {
            PacketFactories.getFactory(Packet.class, UdpPort.class);
        }
        byte[] vx = Frames.vxlan(Corpus.underlay(), 40000, Frames.FLANNEL_VXLAN_PORT, 100, Corpus.ping(1), false);
        byte[] gre = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(2));
        FrameDecoder.DecodedFrame v = FrameDecoder.decode(vx);
        FrameDecoder.DecodedFrame g = FrameDecoder.decode(gre);
        byte[] gen = Frames.geneve(Corpus.underlay(), 40000, 11, Frames.ETHERTYPE_TEB, 0, new byte[0], Corpus.ping(3));
        FrameDecoder.DecodedFrame n = FrameDecoder.decode(gen);
        System.out.println("active=" + Pcap4jSetup.isActive());
        System.out.println("vxlan=" + (v.get(VxlanPacket.class) != null) + " vni=" + v.get(VxlanPacket.class).getHeader().getVni()
                + " inner-icmp=" + (v.get(VxlanPacket.class).getPayload().get(IcmpV4CommonPacket.class) != null));
        System.out.println("gre=" + (g.get(GrePacket.class) != null) + " inner-ethernet="
                + (g.get(GrePacket.class).getPayload() instanceof EthernetPacket));
        System.out.println("geneve=" + (n.get(GenevePacket.class) != null) + " vni="
                + n.get(GenevePacket.class).getHeader().getVni() + " inner-icmp="
                + (n.get(GenevePacket.class).getPayload().get(IcmpV4CommonPacket.class) != null));
    }
}
