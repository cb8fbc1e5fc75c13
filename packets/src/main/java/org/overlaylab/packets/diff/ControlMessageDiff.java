/*
 * Compares the control-plane conversations two backends held during the same step, in order: each
 * underlay frame that carries a control message becomes one line (a TCP connection opened to BGP or
 * etcd, a BGP OPEN, UPDATE, NOTIFICATION, an etcd v2 request or answer, an HTTP/2 (gRPC) exchange
 * and the method of each gRPC call in it,
 * an etcd peer's stream request, a Serf push-pull or, on a swarm, a memberlist message encrypted with
 * the swarm's gossip keys), and the two sequences are aligned (longest common subsequence). What is left
 * over on either side is the difference. Values that are random by nature are normalised (flannel's
 * subnet in a key, the prefixes of Calico's blocks become a count), and messages that only keep
 * sessions alive are left out: their number depends on how long a step took, not on what it did.
 */
package org.overlaylab.packets.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.net.Ipv4;

public final class ControlMessageDiff {
    private ControlMessageDiff() {}

    public static final List<String> IGNORED = List.of("messages that keep sessions alive (BGP KEEPALIVE, etcd's"
            + " peer heartbeats, probes and version checks on 2380 and the connections they open, Serf's and memberlist's UDP"
            + " probes and gossip on 7946, plain or encrypted)", "ARP", "TCP segments without data other than"
            + " a connection's SYN", "segments that continue a message begun in an earlier one",
            "flannel's subnets in etcd keys (shown as SUBNET)", "Docker's 64-digit IDs in etcd keys (shown as ID)", "the prefixes in a BGP UPDATE (counted)");

    /** A message one side exchanged and the other did not, at that point of the sequence. */
    public record Difference(String message, boolean leftOnly) {}

    private static final int BGP = 179;
    private static final int ETCD_CLIENT = 2379;
    private static final int ETCD_PEER = 2380;
    private static final int SERF = 7946;
    private static final int[] SERVICES = {BGP, ETCD_CLIENT, ETCD_PEER, SERF};

    /** The step's control messages in the order the frames were seen. */
    public static List<String> sequence(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            try {
                messages(f, out);
            } catch (RuntimeException e) {
                // a frame too short for what it claims carries no message worth comparing
            }
        }
        return out;
    }

    /** Messages in left's sequence or right's that the other lacks, in sequence order. */
    public static List<Difference> compare(List<byte[]> left, List<byte[]> right) {
        return align(sequence(left), sequence(right));
    }

    static List<Difference> align(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Difference> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j >= b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Difference(a.get(i++), true));
            } else {
                out.add(new Difference(b.get(j++), false));
            }
        }
        return out;
    }

    private static int u8(byte[] b, int o) {
        return b[o] & 0xff;
    }

    private static int u16(byte[] b, int o) {
        return (u8(b, o) << 8) | u8(b, o + 1);
    }

    private static void messages(byte[] f, List<String> out) {
        if (f.length < 34 || u16(f, 12) != 0x0800) {
            return;
        }
        int ip = 14;
        int ihl = (u8(f, ip) & 15) * 4;
        int proto = u8(f, ip + 9);
        int total = Math.min(f.length, ip + u16(f, ip + 2));
        if ((u16(f, ip + 6) & 0x1fff) != 0) {
            return;
        }
        String src = Ipv4.format(Ipv4.fromBytes(f, ip + 12));
        String dst = Ipv4.format(Ipv4.fromBytes(f, ip + 16));
        int l4 = ip + ihl;
        if (proto != 6 || total < l4 + 20) {
            return;
        }
        int sport = u16(f, l4);
        int dport = u16(f, l4 + 2);
        int flags = u8(f, l4 + 13);
        int data = l4 + (u8(f, l4 + 12) >> 4) * 4;
        int service = service(sport, dport);
        if (service < 0) {
            return;
        }
        String who = src + " > " + dst;
        if ((flags & 0x02) != 0 && (flags & 0x10) == 0) {
            if (service != ETCD_PEER) {
                out.add(name(service) + " connect " + who);
            }
            return;
        }
        if (data >= total) {
            return;
        }
        switch (service) {
            case BGP -> bgp(f, data, total, who, out);
            case ETCD_CLIENT -> etcd(f, data, total, who, out);
            case SERF -> out.add((encryptedMemberlist(f, data, total) ? "memberlist encrypted message " : "Serf push-pull ") + who);
            case ETCD_PEER -> etcdPeer(f, data, total, who, out);
            default -> {
            }
        }
    }

    /**
     * A TCP message on 7946 that memberlist encrypted (swarm mode's network DB): its encryptMsg type
     * 10, a big-endian length of at least version, nonce and tag (29 bytes), then encryption version
     * 1. Plaintext memberlist starts with another type (6 push-pull, 8 user message, 9 compressed),
     * so a TCP message is never ambiguous; what is inside (push-pull or bulk sync) cannot be told.
     * UDP needs no such rule here, as its probes and gossip are left out either way; there an
     * encrypted packet's first byte 1 would equal an indirect ping's type, and only a plaintext
     * indirect ping has a msgpack map (0x80 to 0x8f) next.
     */
    private static boolean encryptedMemberlist(byte[] f, int at, int end) {
        if (at + 6 > end || u8(f, at) != 10) {
            return false;
        }
        long length = ((long) u16(f, at + 1) << 16) | u16(f, at + 3);
        return length >= 29 && u8(f, at + 5) == 1;
    }

    /** The well-known port of a conversation between these two ports, or -1. */
    private static int service(int sport, int dport) {
        for (int p : SERVICES) {
            if (sport == p || dport == p) {
                return p;
            }
        }
        return -1;
    }

    private static String name(int service) {
        return switch (service) {
            case BGP -> "BGP";
            case ETCD_CLIENT -> "etcd";
            case ETCD_PEER -> "etcd peer";
            default -> "Serf";
        };
    }

    /** Each whole BGP message in the segment; a segment that starts mid-message adds nothing. */
    private static void bgp(byte[] f, int at, int end, String who, List<String> out) {
        while (at + 19 <= end) {
            for (int k = 0; k < 16; k++) {
                if (u8(f, at + k) != 0xff) {
                    return;
                }
            }
            int length = u16(f, at + 16);
            int type = u8(f, at + 18);
            if (length < 19) {
                return;
            }
            switch (type) {
                case 1 -> out.add("BGP OPEN " + who);
                case 2 -> out.add("BGP UPDATE " + update(f, at, Math.min(end, at + length)) + " " + who);
                case 3 -> out.add("BGP NOTIFICATION " + who);
                case 5 -> out.add("BGP ROUTE-REFRESH " + who);
                default -> {
                    // 4, KEEPALIVE: left out, see IGNORED
                }
            }
            at += length;
        }
    }

    /** "End-of-RIB", or what it withdraws and announces as counts. */
    private static String update(byte[] f, int at, int end) {
        int p = at + 19;
        if (p + 2 > end) {
            return "(cut short)";
        }
        int withdrawnLength = u16(f, p);
        int withdrawn = prefixes(f, p + 2, Math.min(end, p + 2 + withdrawnLength));
        p += 2 + withdrawnLength;
        if (p + 2 > end) {
            return "(cut short)";
        }
        int attributes = u16(f, p);
        p += 2 + attributes;
        int announced = prefixes(f, p, end);
        if (withdrawn == 0 && announced == 0 && attributes == 0) {
            return "End-of-RIB";
        }
        List<String> parts = new ArrayList<>();
        if (announced > 0) {
            parts.add("announces " + announced + (announced == 1 ? " prefix" : " prefixes"));
        }
        if (withdrawn > 0) {
            parts.add("withdraws " + withdrawn + (withdrawn == 1 ? " prefix" : " prefixes"));
        }
        return parts.isEmpty() ? "attributes only" : String.join(", ", parts);
    }

    private static int prefixes(byte[] f, int p, int end) {
        int n = 0;
        while (p < end) {
            int bits = u8(f, p);
            p += 1 + (bits + 7) / 8;
            n++;
        }
        return n;
    }

    /**
     * A peer's stream request (/raft/stream/message or msgapp, the member ID normalised) or its
     * /members request; heartbeats, link heartbeats, probes and /version checks are left out.
     */
    private static void etcdPeer(byte[] f, int at, int end, String who, List<String> out) {
        String text = new String(f, at, Math.min(end - at, 120), StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String line = eol < 0 ? text : text.substring(0, eol);
        if (line.startsWith("GET /raft/stream/") || line.startsWith("GET /members ")) {
            out.add("etcd peer " + line.replaceAll("/[0-9a-f]{16} ", "/ID ").replace(" HTTP/1.1", "") + " " + who);
        }
    }

    /**
     * A gRPC call in a segment of HTTP/2 frames: the method its request headers name. A fresh
     * connection's first request refers to no earlier header block, so it decodes on its own; a
     * block that cannot be read alone is left out, as are the other frames (settings, flow control).
     */
    private static boolean grpcCall(byte[] f, int at, int end, String who, List<String> out) {
        boolean frames = false;
        for (org.overlaylab.packets.http2.Http2Frame h : org.overlaylab.packets.http2.Http2Frame.parse(f, at, end)) {
            frames = true;
            if (h.type() != org.overlaylab.packets.http2.Http2Frame.HEADERS) {
                continue;
            }
            try {
                for (org.overlaylab.packets.http2.HpackTable.Field field : new org.overlaylab.packets.http2.HpackDecoder()
                        .decode(h.payload(), 0, h.payload().length)) {
                    if (field.name().equals(":path")) {
                        out.add("etcd gRPC " + field.value() + " " + who);
                    }
                }
            } catch (org.overlaylab.packets.http2.HpackDecoder.HpackException e) {
                // refers to an earlier block of the connection: not shown
            }
        }
        return frames;
    }

    /** An HTTP/1.1 request line or status line, or one HTTP/2 exchange (etcd v3's gRPC). */
    private static void etcd(byte[] f, int at, int end, String who, List<String> out) {
        String text = new String(f, at, Math.min(end - at, 200), StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String line = eol < 0 ? text : text.substring(0, eol);
        if (line.startsWith("HTTP/1.")) {
            String[] parts = line.split(" ", 3);
            out.add("etcd answer " + (parts.length > 1 ? parts[1] : "?") + " " + who);
        } else if (line.startsWith("PRI * HTTP/2.0")) {
            out.add("etcd HTTP/2 (gRPC) " + who);
        } else if (grpcCall(f, at, end, who, out)) {
            return;
        } else if (line.matches("(GET|PUT|POST|DELETE|HEAD) \\S+ HTTP/1\\.[01]")) {
            String[] parts = line.split(" ");
            String path = parts[1];
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            path = path.replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+-\\d+", "SUBNET").replaceAll("\\b[0-9a-f]{64}\\b", "ID");
            out.add("etcd " + parts[0] + " " + path + " " + who);
        }
    }
}
