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

    public static final List<String> IGNORED = List.of("MACs", "IP identification", "UDP source ports",
            "ICMP echo identifiers", "timestamps", "checksums", "the order of frames within a step");

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
            counts.computeIfAbsent(signature(f), k -> new int[2])[0]++;
        }
        for (byte[] f : right) {
            counts.computeIfAbsent(signature(f), k -> new int[2])[1]++;
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
                yield "IP " + ips + " ttl " + ttl + " UDP " + (dport < 1024 || sport >= 1024 ? "dport " + dport : "sport " + sport);
            }
            case 47 -> {
                int gp = f.length >= l4 + 4 ? u16(f, l4 + 2) : 0;
                yield "IP " + ips + " ttl " + ttl + String.format(" GRE 0x%04x", gp)
                        + (gp == 0x6558 ? " [" + ethernet(f, l4 + 4, depth + 1) + "]" : "");
            }
            case 6 -> "IP " + ips + " ttl " + ttl + " TCP dport " + (f.length >= l4 + 4 ? u16(f, l4 + 2) : -1);
            default -> "IP " + ips + " ttl " + ttl + " proto " + proto;
        };
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
