/*
 * Compares the frames two backends put on the underlay during the same step, by their headers:
 * each frame is reduced to a signature (ARP operation and addresses; IP addresses, protocol and
 * TTL; UDP destination port; for a tunnel of the encapsulation registry its name, key (VNI, GRE
 * key) and, unless it is an Ethernet frame, what it carries; the inner packet's signature), and
 * the two multisets of signatures are compared. Random fields are left out: MACs, IP IDs, UDP
 * source ports (VXLAN picks them from a flow hash), ICMP identifiers and timestamps.
 */
package org.overlaylab.packets.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

public final class FrameHeaderDiff {
    private FrameHeaderDiff() {}

    public static final List<String> IGNORED = List.of("MACs", "IP identification", "ephemeral ports (a TCP or UDP"
            + " flow is named by its service port; VXLAN's source port comes from a flow hash)", "ICMP echo identifiers",
            "timestamps", "checksums", "the order of frames within a step",
            "ARP on the underlay (when it happens depends on cache timers and on other traffic)",
            "the control plane's conversations (BGP on 179, etcd on 2379 and 2380, Serf or swarm's encrypted memberlist"
            + " on 7946): compared message by message instead, their frame counts follow timers (keepalives, heartbeats, probes) and which etcd member"
            + " a client happens to pin");

    /** Services whose frames are left to ControlMessageDiff. */
    private static final List<String> CONTROL_PLANE = List.of("TCP port 179", "TCP port 2379", "TCP port 2380",
            "TCP port 7946", "UDP port 7946");

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
            if (!sig.startsWith("ARP ") && !controlPlane(sig)) {
                counts.computeIfAbsent(sig, k -> new int[2])[0]++;
            }
        }
        for (byte[] f : right) {
            String sig = signature(f);
            if (!sig.startsWith("ARP ") && !controlPlane(sig)) {
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

    private static boolean controlPlane(String signature) {
        return CONTROL_PLANE.stream().anyMatch(signature::endsWith);
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
        if (type != Encapsulations.ETHERTYPE_IPV4 || f.length < p + 20) {
            return String.format("ethertype 0x%04x", type);
        }
        return ipv4(f, p, depth);
    }

    private static String ipv4(byte[] f, int p, int depth) {
        if (f.length < p + 20 || depth > 3) {
            return "short";
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
                Encapsulation tunnel = Encapsulations.forUdpPort(dport);
                if (tunnel != null && f.length >= l4 + 8 + tunnel.minLength()) {
                    yield "IP " + ips + " ttl " + ttl + " UDP dport " + dport + " " + tunnel(tunnel, f, l4 + 8, depth);
                }
                yield "IP " + servicePair(f, p) + " ttl " + ttl + " UDP port " + servicePort(sport, dport);
            }
            case 6 -> "IP " + servicePair(f, p) + " ttl " + ttl + " TCP port "
                    + (f.length >= l4 + 4 ? servicePort(u16(f, l4), u16(f, l4 + 2)) : -1);
            default -> {
                Encapsulation tunnel = Encapsulations.forIpProtocol(proto);
                if (tunnel != null && f.length >= l4 + tunnel.minLength()) {
                    yield "IP " + ips + " ttl " + ttl + " " + tunnel(tunnel, f, l4, depth);
                }
                yield "IP " + ips + " ttl " + ttl + " proto " + proto;
            }
        };
    }

    /** "VXLAN vni 256 [inner]", "GRE key 40 [inner]", "Geneve vni 11 proto 0x0800 [inner]". */
    private static String tunnel(Encapsulation e, byte[] f, int h, int depth) {
        StringBuilder sb = new StringBuilder(e.name());
        long key = e.key(f, h);
        if (key >= 0 && e.keyName() != null) {
            sb.append(' ').append(e.keyName().toLowerCase(Locale.ROOT)).append(' ').append(key);
        }
        int type = e.payloadType(f, h);
        if (type != Encapsulations.ETHERTYPE_TEB) {
            sb.append(String.format(" proto 0x%04x", type & 0xffff));
        }
        int inner = h + e.headerLength(f, h);
        String innerSignature = switch (type) {
            case Encapsulations.ETHERTYPE_TEB -> ethernet(f, inner, depth + 1);
            case Encapsulations.ETHERTYPE_IPV4 -> ipv4(f, inner, depth + 1);
            default -> null;
        };
        if (innerSignature != null) {
            sb.append(" [").append(innerSignature).append(']');
        }
        return sb.toString();
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
