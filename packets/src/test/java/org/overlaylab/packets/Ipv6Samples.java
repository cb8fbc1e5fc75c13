/*
 * IPv6 frames as a Linux host sends them when an interface comes up: neighbour solicitation and
 * advertisement, router solicitation, MLDv2 reports behind a hop-by-hop router-alert header,
 * plus an echo request and a UDP datagram.
 */
package org.overlaylab.packets;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.overlaylab.packets.build.Checksums;
import org.overlaylab.packets.build.Frames;

final class Ipv6Samples {
    private static final long MAC = Frames.mac("02:42:0a:00:00:02");

    private Ipv6Samples() {}

    static List<byte[]> all() {
        byte[] ll = addr("fe80::42:aff:fe00:2");
        byte[] unspecified = addr("::");
        byte[] solicitedNode = addr("ff02::1:ff00:2");
        byte[] allRouters = addr("ff02::2");
        byte[] allNodes = addr("ff02::1");
        byte[] mldv2 = addr("ff02::16");
        byte[] global = addr("2001:db8:0:1::2");
        byte[] global2 = addr("2001:db8::1:0:0:3");

        byte[] ns = new byte[24];
        ns[0] = (byte) 135;
        System.arraycopy(ll, 0, ns, 8, 16);
        byte[] na = new byte[32];
        na[0] = (byte) 136;
        na[4] = 0x20;
        System.arraycopy(ll, 0, na, 8, 16);
        na[24] = 2;
        na[25] = 1;
        putMac(na, 26, MAC);
        byte[] rs = new byte[16];
        rs[0] = (byte) 133;
        rs[8] = 1;
        rs[9] = 1;
        putMac(rs, 10, MAC);
        byte[] report = new byte[8 + 2 * 20];
        report[0] = (byte) 143;
        report[7] = 2;
        report[8] = 4;
        System.arraycopy(solicitedNode, 0, report, 12, 16);
        report[28] = 4;
        System.arraycopy(addr("ff02::fb"), 0, report, 32, 16);
        byte[] echo = new byte[8 + 16];
        echo[0] = (byte) 128;
        echo[5] = 9;
        echo[7] = 1;
        byte[] udp = new byte[8 + 10];
        udp[0] = (byte) 0x9c;
        udp[1] = 0x40;
        udp[2] = 0x15;
        udp[3] = (byte) 0xb3;
        udp[5] = 18;

        return List.of(
                ip6(Frames.mac("33:33:ff:00:00:02"), unspecified, solicitedNode, 58, 255, ns, false),
                ip6(Frames.mac("33:33:00:00:00:01"), ll, allNodes, 58, 255, na, false),
                ip6(Frames.mac("33:33:00:00:00:02"), ll, allRouters, 58, 255, rs, false),
                ip6(Frames.mac("33:33:00:00:00:16"), ll, mldv2, 58, 1, report, true),
                ip6(Frames.mac("02:42:0a:00:00:03"), global, global2, 58, 64, echo, false),
                ip6(Frames.mac("02:42:0a:00:00:03"), global, global2, 17, 64, udp, false));
    }

    static byte[] ip6(long dstMac, byte[] src, byte[] dst, int nextHeader, int hopLimit, byte[] l4, boolean routerAlert) {
        int ext = routerAlert ? 8 : 0;
        byte[] f = new byte[14 + 40 + ext + l4.length];
        Frames.writeEthernet(f, 0, dstMac, MAC, Frames.ETHERTYPE_IPV6);
        int p = 14;
        f[p] = 0x60;
        int plen = ext + l4.length;
        f[p + 4] = (byte) (plen >> 8);
        f[p + 5] = (byte) plen;
        f[p + 6] = (byte) (routerAlert ? 0 : nextHeader);
        f[p + 7] = (byte) hopLimit;
        System.arraycopy(src, 0, f, p + 8, 16);
        System.arraycopy(dst, 0, f, p + 24, 16);
        int q = p + 40;
        if (routerAlert) {
            f[q] = (byte) nextHeader;
            f[q + 2] = 5;
            f[q + 3] = 2;
            f[q + 6] = 1;
            q += 8;
        }
        System.arraycopy(l4, 0, f, q, l4.length);
        long acc = Checksums.sum(src, 0, 16, 0);
        acc = Checksums.sum(dst, 0, 16, acc);
        acc += l4.length + nextHeader;
        int sum = Checksums.finish(Checksums.sum(f, q, l4.length, acc));
        int at = nextHeader == 17 ? 6 : 2;
        f[q + at] = (byte) (sum >> 8);
        f[q + at + 1] = (byte) sum;
        return f;
    }

    private static void putMac(byte[] b, int p, long mac) {
        for (int i = 0; i < 6; i++) {
            b[p + i] = (byte) (mac >>> (8 * (5 - i)));
        }
    }

    static byte[] addr(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
