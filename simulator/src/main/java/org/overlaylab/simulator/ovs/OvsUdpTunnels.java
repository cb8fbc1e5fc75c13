/*
 * What Open vSwitch's userspace datapath (3.1, native tunneling) puts on the wire for a vxlan or
 * geneve port, and what it accepts: the port's options read as ovs-vswitchd reads them, the UDP
 * source port from the inner flow's 5-tuple hash, and the VXLAN or Geneve header. Checked against
 * frames captured from OVS 3.1 on the netns backend (OvsEncapFramesTest).
 */
package org.overlaylab.simulator.ovs;

import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Vxlan;

public final class OvsUdpTunnels {
    private OvsUdpTunnels() {}

    /** netdev-native-tnl's tnl_udp_port_min and tnl_udp_port_max (ovs-appctl tnl/egress_port_range). */
    static final int EGRESS_PORT_MIN = 32768;
    static final int EGRESS_PORT_MAX = 61000;

    /** True for the port types that travel in UDP. */
    public static boolean isUdpTunnel(OvsSwitch.Port p) {
        return p.type().equals("vxlan") || p.type().equals("geneve");
    }

    /** options:dst_port, else the IANA port of the type (4789 VXLAN, 6081 Geneve). */
    public static int dstPort(OvsSwitch.Port p) {
        Integer port = number(p.options().get("dst_port"), 65535);
        if (port != null) {
            return port;
        }
        return p.type().equals("geneve") ? Encapsulations.GENEVE_PORT : Encapsulations.VXLAN_PORT;
    }

    /** The VNI the port sends: options:out_key, else options:key, else 0 (also for "flow", no flow sets one here). */
    public static int outKey(OvsSwitch.Port p) {
        String v = p.options().getOrDefault("out_key", p.options().get("key"));
        Integer key = number(v, 0xffffff);
        return key == null ? 0 : key;
    }

    /** Whether the port takes a frame with this VNI: options:in_key, else options:key (0 unset); "flow" takes any. */
    public static boolean acceptsKey(OvsSwitch.Port p, long vni) {
        String v = p.options().getOrDefault("in_key", p.options().getOrDefault("key", "0"));
        if (v.equals("flow")) {
            return true;
        }
        Integer key = number(v, 0xffffff);
        return key != null && key == vni;
    }

    /** options:ttl, 64 by default. */
    public static int ttl(OvsSwitch.Port p) {
        Integer ttl = number(p.options().get("ttl"), 255);
        return ttl == null || ttl == 0 ? 64 : ttl;
    }

    /** options:df_default: DF is set unless it says false. */
    public static boolean dontFragment(OvsSwitch.Port p) {
        return !"false".equals(p.options().get("df_default"));
    }

    /** options:csum=true asks for the UDP checksum; without it the field stays 0. */
    public static boolean udpChecksum(OvsSwitch.Port p) {
        return "true".equals(p.options().get("csum"));
    }

    /**
     * The UDP payload: an 8-byte VXLAN header (flags 0x08, the VNI) or an 8-byte Geneve header
     * (version 0, no options, O and C clear, protocol 0x6558, the VNI), then the inner frame.
     */
    public static byte[] payload(OvsSwitch.Port p, byte[] innerFrame) {
        int vni = outKey(p);
        if (p.type().equals("vxlan")) {
            return Vxlan.wrap(vni, innerFrame);
        }
        byte[] header = Geneve.header(vni, Encapsulations.ETHERTYPE_TEB, 0, new byte[0]);
        byte[] out = new byte[header.length + innerFrame.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(innerFrame, 0, out, header.length, innerFrame.length);
        return out;
    }

    /**
     * Where the inner frame starts in a UDP payload the port's type can take, or -1 when ovs-vswitchd
     * drops it: VXLAN needs flags 0x08000000 and the low byte of the VNI word zero; Geneve needs
     * version 0, its options inside the packet and Ethernet (0x6558) as the protocol.
     */
    public static int innerOffset(String type, byte[] f, int payload, int end) {
        if (end - payload < 8) {
            return -1;
        }
        if (type.equals("vxlan")) {
            boolean ok = (f[payload] & 0xff) == 0x08 && f[payload + 1] == 0 && f[payload + 2] == 0
                    && f[payload + 3] == 0 && f[payload + 7] == 0;
            return ok ? payload + Vxlan.HEADER_LENGTH : -1;
        }
        int length = Encapsulations.GENEVE.headerLength(f, payload);
        boolean ok = Geneve.version(f, payload) == 0 && payload + length <= end
                && Encapsulations.GENEVE.payloadType(f, payload) == Encapsulations.ETHERTYPE_TEB;
        return ok ? payload + length : -1;
    }

    /** The VNI in a VXLAN or Geneve header. */
    public static long vni(String type, byte[] f, int payload) {
        return type.equals("vxlan") ? Encapsulations.VXLAN.key(f, payload) : Encapsulations.GENEVE.key(f, payload);
    }

    /**
     * netdev_tnl_get_src_port: the packet's RSS hash scaled into the egress range. A frame read from
     * a veth or tap device has no hash from the NIC, so dpif-netdev uses miniflow_hash_5tuple of the
     * inner frame: every packet of one flow leaves with one port, the way back with another.
     */
    public static int sourcePort(byte[] innerFrame) {
        long hash = hash5Tuple(innerFrame) & 0xffffffffL;
        return (int) ((hash * (EGRESS_PORT_MAX - EGRESS_PORT_MIN)) >>> 32) + EGRESS_PORT_MIN;
    }

    /**
     * lib/flow.c's 5-tuple hash with basis 0 (murmur-based hash_add, as the x86-64 build without
     * SSE 4.2 has it): IPv4 or ARP addresses (or the IPv6 ones), the protocol (ARP: the opcode),
     * then for TCP, UDP, SCTP, ICMP and ICMPv6 the two port fields as one 32-bit word (ICMP: type
     * and code). Words are read from the packet in the host's (little-endian) byte order.
     */
    static int hash5Tuple(byte[] f) {
        int hash = 0;
        int off = 12;
        if (f.length < off + 2) {
            return finish(hash, 42);
        }
        int type = u16(f, off);
        while ((type == 0x8100 || type == 0x88a8) && f.length >= off + 6) {
            off += 4;
            type = u16(f, off);
        }
        int l3 = off + 2;
        int proto;
        int l4;
        boolean laterFragment = false;
        if (type == 0x0800 && f.length >= l3 + 20) {
            hash = add(hash, le32(f, l3 + 12));
            hash = add(hash, le32(f, l3 + 16));
            proto = f[l3 + 9] & 0xff;
            l4 = l3 + (f[l3] & 0x0f) * 4;
            laterFragment = (u16(f, l3 + 6) & 0x1fff) != 0;
        } else if (type == 0x0806) {
            boolean ethIp = f.length >= l3 + 28 && u16(f, l3) == 1 && u16(f, l3 + 2) == 0x0800
                    && f[l3 + 4] == 6 && f[l3 + 5] == 4;
            hash = add(hash, ethIp ? le32(f, l3 + 14) : 0);
            hash = add(hash, ethIp ? le32(f, l3 + 24) : 0);
            int op = ethIp ? u16(f, l3 + 6) : 0;
            // the opcode stands in as the protocol; an ARP frame has no ports
            proto = op <= 0xff ? op : 0;
            l4 = f.length;
        } else if (type == 0x86dd && f.length >= l3 + 40) {
            for (int i = 0; i < 4; i++) {
                int lo = le32(f, l3 + 8 + i * 8);
                int hi = le32(f, l3 + 12 + i * 8);
                hash = add(add(hash, lo), hi);
            }
            proto = f[l3 + 6] & 0xff;
            l4 = l3 + 40;
        } else {
            return finish(hash, 42);
        }
        hash = add(hash, proto);
        if (proto != 6 && proto != 17 && proto != 132 && proto != 1 && proto != 58) {
            return finish(hash, 42);
        }
        int ports = 0;
        if (!laterFragment && f.length >= l4 + 4) {
            if (proto == 1 || proto == 58) {
                // miniflow_extract keeps the ICMP type and code as tp_src and tp_dst (16 bits each)
                ports = ((f[l4] & 0xff) << 8) | ((f[l4 + 1] & 0xff) << 24);
            } else {
                ports = le32(f, l4);
            }
        }
        return finish(add(hash, ports), 42);
    }

    private static int add(int hash, int data) {
        if (data != 0) {
            data *= 0xcc9e2d51;
            data = Integer.rotateLeft(data, 15);
            data *= 0x1b873593;
            hash ^= data;
        }
        hash = Integer.rotateLeft(hash, 13);
        return hash * 5 + 0xe6546b64;
    }

    private static int finish(int hash, int fin) {
        hash ^= fin;
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >>> 16;
        return hash;
    }

    private static int u16(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    private static int le32(byte[] f, int off) {
        return (f[off] & 0xff) | ((f[off + 1] & 0xff) << 8) | ((f[off + 2] & 0xff) << 16) | ((f[off + 3] & 0xff) << 24);
    }

    private static Integer number(String v, int max) {
        if (v == null) {
            return null;
        }
        try {
            long n = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            return n < 0 || n > max ? null : (int) n;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
