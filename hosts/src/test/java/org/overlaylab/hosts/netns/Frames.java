/* Test support: just enough frame reading to tell VXLAN, GRE and plain ICMP apart on the underlay. */
package org.overlaylab.hosts.netns;

final class Frames {
    private Frames() {}

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    static boolean isIpv4(byte[] d) {
        return d.length >= 34 && u16(d, 12) == 0x0800;
    }

    static int protocol(byte[] d) {
        return d[23] & 0xff;
    }

    /** Ethernet / IPv4 / UDP to `port` / VXLAN with `vni`. */
    static boolean isVxlan(byte[] d, int port, int vni) {
        if (!isIpv4(d) || protocol(d) != 17) {
            return false;
        }
        int l4 = 14 + (d[14] & 0x0f) * 4;
        if (d.length < l4 + 16 || u16(d, l4 + 2) != port) {
            return false;
        }
        int v = ((d[l4 + 12] & 0xff) << 16) | ((d[l4 + 13] & 0xff) << 8) | (d[l4 + 14] & 0xff);
        return (d[l4 + 8] & 0x08) != 0 && v == vni;
    }

    /** Ethernet / IPv4 / GRE carrying Ethernet (0x6558) that carries ICMP. */
    static boolean isGreWithIcmp(byte[] d) {
        if (!isIpv4(d) || protocol(d) != 47) {
            return false;
        }
        int l4 = 14 + (d[14] & 0x0f) * 4;
        if (d.length < l4 + 4 + 34 || u16(d, l4 + 2) != 0x6558) {
            return false;
        }
        int inner = l4 + 4;
        return u16(d, inner + 12) == 0x0800 && (d[inner + 14 + 9] & 0xff) == 1;
    }

    /** Plain IPv4 ICMP between two addresses of a prefix (no encapsulation). */
    static boolean isPlainIcmp(byte[] d, String prefix) {
        if (!isIpv4(d) || protocol(d) != 1) {
            return false;
        }
        String src = (d[26] & 0xff) + "." + (d[27] & 0xff) + "." + (d[28] & 0xff) + "." + (d[29] & 0xff);
        String dst = (d[30] & 0xff) + "." + (d[31] & 0xff) + "." + (d[32] & 0xff) + "." + (d[33] & 0xff);
        return src.startsWith(prefix) && dst.startsWith(prefix);
    }
}
