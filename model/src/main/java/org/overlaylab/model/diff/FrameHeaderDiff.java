/*
 * Compares the frames two backends put on the underlay during the same step, by their headers:
 * each frame is reduced to a signature (ARP operation and addresses; IP addresses, protocol and
 * TTL; UDP destination port; VXLAN VNI; GRE protocol; the inner frame's signature), and the two
 * multisets of signatures are compared. Random fields are left out: MACs, IP IDs, UDP source
 * ports (VXLAN picks them from a flow hash), ICMP identifiers and timestamps.
 */
package org.overlaylab.model.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.overlaylab.model.net.Ipv4;

public final class FrameHeaderDiff {
    private FrameHeaderDiff() {}

    public static final List<String> IGNORED = List.of("MACs", "IP identification", "ephemeral ports (a TCP or UDP"
            + " flow is named by its service port; VXLAN's source port comes from a flow hash)", "ICMP echo identifiers",
            "timestamps", "checksums", "the order of frames within a step",
            "ARP on the underlay (when it happens depends on cache timers and on other traffic)");

    /** A difference in how often a kind of frame was seen: left count vs right count. */
    public record Difference(String signature, int left, int right) {
        @Override
        public String toString() {
            return signature + ": " + left + " | " + right;
        }
    }

    public static List<Difference> compare(List<byte[]> left, List<byte[]> right) {
        Map<String, int[]> counts = new TreeMap<>();
        for (byte[] f : left) {
            String sig = signature(f);
            if (!sig.startsWith("ARP ")) {
                counts.computeIfAbsent(sig, k -> new int[2])[0]++;
            }
        }
        for (byte[] f : right) {
            String sig = signature(f);
            if (!sig.startsWith("ARP ")) {
                counts.computeIfAbsent(sig, k -> new int[2])[1]++;
            }
        }
        List<Difference> out = new ArrayList<>();
        counts.forEach((sig, c) -> {
            if (c[0] != c[1]) {
                out.add(new Difference(sig, c[0], c[1]));
            }
        });
        return out;
    }

    /** The header signature of an Ethernet frame; never throws on short or odd frames. */
    public static String signature(byte[] f) {
        try {
            return ethernet(f, 0, 0);
        } catch (RuntimeException e) {
            return "malformed";
        }
    }

    private static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    private static int u16(byte[] b, int o) {
        return (u8(b, o) << 8) | u8(b, o + 1);
    }

    private static String ethernet(byte[] f, int o, int depth) {
        if (f.length < o + 14 || depth > 3) {
            return "short";
        }
        int type = u16(f, o + 12);
        int p = o + 14;
        if (type == 0x0806 && f.length >= p + 28) {
            String op = u16(f, p + 6) == 1 ? "request" : "reply";
            return "ARP " + op + " " + Ipv4.format(Ipv4.fromBytes(f, p + 14)) + " -> " + Ipv4.format(Ipv4.fromBytes(f, p + 24));
        }
        if (type != 0x0800 || f.length < p + 20) {
            return String.format("ethertype 0x%04x", type);
        }
        int ihl = (u8(f, p) & 15) * 4;
        int proto = u8(f, p + 9);
        int ttl = u8(f, p + 8);
        String ips = Ipv4.format(Ipv4.fromBytes(f, p + 12)) + " > " + Ipv4.format(Ipv4.fromBytes(f, p + 16));
        int l4 = p + ihl;
        return switch (proto) {
            case 1 -> "IP " + ips + " ttl " + ttl + " ICMP " + (f.length > l4 ? icmpType(u8(f, l4)) : "?");
            case 17 -> {
                int dport = f.length >= l4 + 4 ? u16(f, l4 + 2) : -1;
                int sport = f.length >= l4 + 4 ? u16(f, l4) : -1;
                boolean vxlan = dport == 4789 || dport == 8472;
                if (vxlan && f.length >= l4 + 16) {
                    int vni = (u8(f, l4 + 12) << 16) | (u8(f, l4 + 13) << 8) | u8(f, l4 + 14);
                    yield "IP " + ips + " ttl " + ttl + " UDP dport " + dport + " VXLAN vni " + vni + " [" + ethernet(f, l4 + 16, depth + 1) + "]";
                }
                yield "IP " + servicePair(f, p) + " ttl " + ttl + " UDP port " + servicePort(sport, dport);
            }
            case 47 -> {
                int gp = f.length >= l4 + 4 ? u16(f, l4 + 2) : 0;
                yield "IP " + ips + " ttl " + ttl + String.format(" GRE 0x%04x", gp)
                        + (gp == 0x6558 ? " [" + ethernet(f, l4 + 4, depth + 1) + "]" : "");
            }
            case 6 -> "IP " + servicePair(f, p) + " ttl " + ttl + " TCP port "
                    + (f.length >= l4 + 4 ? servicePort(u16(f, l4), u16(f, l4 + 2)) : -1);
            default -> "IP " + ips + " ttl " + ttl + " proto " + proto;
        };
    }

    /** The port that names a flow: the one below the ephemeral range, else the lower of the two. */
    private static int servicePort(int sport, int dport) {
        if (dport < 32768 && sport >= 32768) {
            return dport;
        }
        if (sport < 32768 && dport >= 32768) {
            return sport;
        }
        return Math.min(sport, dport);
    }

    /** The two addresses of a flow in a fixed order, so both directions read alike. */
    private static String servicePair(byte[] f, int p) {
        int a = Ipv4.fromBytes(f, p + 12);
        int b = Ipv4.fromBytes(f, p + 16);
        return Integer.compareUnsigned(a, b) <= 0 ? Ipv4.format(a) + " <> " + Ipv4.format(b)
                : Ipv4.format(b) + " <> " + Ipv4.format(a);
    }

    private static String icmpType(int t) {
        return switch (t) {
            case 0 -> "echo reply";
            case 8 -> "echo request";
            case 3 -> "unreachable";
            case 11 -> "time exceeded";
            default -> "type " + t;
        };
    }
}
