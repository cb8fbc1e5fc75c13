/*
 * Package overview of the packets module's public API.
 */
/**
 * Packets as OverlayLab shows them.
 *
 * <ul>
 *   <li>{@link org.overlaylab.packets.CaptureReader}: pcap and pcapng (by magic number) from files, FIFOs
 *       and stdin, as libpcap reads them, interfaces, link types, comments and raw timestamps included;
 *       {@link org.overlaylab.packets.PcapReader} on top of it hands out Ethernet-style
 *       {@link org.overlaylab.packets.PcapRecord}s. {@link org.overlaylab.packets.PcapWriter} writes classic
 *       pcap, {@link org.overlaylab.packets.PcapngWriter} pcapng with named interfaces and comments.</li>
 *   <li>{@link org.overlaylab.packets.format.TcpdumpFormatter}: the fast line printer, the exact text of
 *       {@code tcpdump -nn} (4.99) for a frame of any link type tcpdump reads on Linux, optionally with
 *       {@code -e}, for the packet list; {@link org.overlaylab.packets.DecodeCommand} runs it over a capture.</li>
 *   <li>{@link org.overlaylab.packets.encap.Encapsulations}: the one table of tunnel header formats
 *       (VXLAN, Geneve, VXLAN-GPE, GRE, IP in IP, NSH) every walk into tunnels reads.</li>
 *   <li>{@link org.overlaylab.packets.FrameDecoder}: Pcap4J packets with VXLAN, Geneve, GRE and BGP
 *       ({@link org.overlaylab.packets.pcap4j.VxlanPacket}, {@link org.overlaylab.packets.pcap4j.GenevePacket},
 *       {@link org.overlaylab.packets.pcap4j.GrePacket}, {@link org.overlaylab.packets.pcap4j.BgpPacket})
 *       registered in Pcap4J's factories, marked malformed instead of throwing.</li>
 *   <li>{@link org.overlaylab.packets.tree.LayerTree} and {@link org.overlaylab.packets.HexDump}: the detail
 *       view, a walk over FrameDecoder's Pcap4J packets: fields with byte ranges (the hex view's field
 *       map) and caller-supplied notes per layer, BGP messages included.</li>
 *   <li>{@link org.overlaylab.packets.filter.DisplayFilter}: the packet list's filter expressions.</li>
 *   <li>{@link org.overlaylab.packets.diff.FrameHeaderDiff}: frames of two backends compared by their headers.</li>
 *   <li>{@link org.overlaylab.packets.build.Frames} and {@link org.overlaylab.packets.build.FrameFields}:
 *       building and reading raw frames for the simulator without a full decode.</li>
 * </ul>
 */
package org.overlaylab.packets;
