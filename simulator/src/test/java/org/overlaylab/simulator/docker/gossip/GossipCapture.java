/*
 * Reading Docker's gossip on 7946 for the tests: the frames of the real captures (the
 * docker-overlay-etcd lab's Serf, the docker-swarm-overlay lab's encrypted network DB), and each
 * frame's kind with what is random normalised away: a TCP segment's flags, or a push-pull with its join flag and member count; a datagram's wrappers (CRC,
 * compression) and the types of the messages inside (ping, ack, alive, Serf join, user event with
 * its action). Clocks, coordinates, sequence numbers and IDs are left out.
 */
package org.overlaylab.simulator.docker.gossip;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

public final class GossipCapture {
    private GossipCapture() {}

    public static List<byte[]> realFrames() throws Exception {
        return frames("/gossip/docker20-serf-node1-enp0s8.pcap");
    }

    /** The frames of a capture among the test resources. */
    public static List<byte[]> frames(String resource) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = GossipCapture.class.getResourceAsStream(resource);
             PcapReader r = PcapReader.open(in)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                out.add(rec.data());
            }
        }
        return out;
    }

    public static boolean isGossip(byte[] f) {
        if (f.length < 34 || (f[12] & 0xff) != 0x08 || f[13] != 0) {
            return false;
        }
        int proto = f[23];
        if (proto != 6 && proto != 17) {
            return false;
        }
        int l4 = 14 + (f[14] & 15) * 4;
        return port(f, l4) == SerfAgent.PORT || port(f, l4 + 2) == SerfAgent.PORT;
    }

    private static int port(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    /** The payload after the TCP or UDP header. */
    public static byte[] payload(byte[] f) {
        int total = port(f, 16);
        int l4 = 14 + (f[14] & 15) * 4;
        int data = f[23] == 17 ? l4 + 8 : l4 + ((f[l4 + 12] & 0xff) >> 4) * 4;
        return Arrays.copyOfRange(f, Math.min(data, 14 + total), 14 + total);
    }

    public static String kind(byte[] f) {
        return kind(f, p -> null);
    }

    /**
     * The frame's kind when its payload may be sealed with memberlist's encryption: `open` gives a
     * sealed payload's plaintext (null if it is not sealed), read as above after "encrypted ".
     */
    public static String kind(byte[] f, java.util.function.Function<byte[], byte[]> open) {
        byte[] sealed = payload(f);
        byte[] opened = sealed.length == 0 ? null : open.apply(sealed);
        String kind = kindOf(f, opened == null ? sealed : opened, opened != null);
        return opened == null ? kind : kind.replaceFirst("^(udp|tcp to 7946|tcp from 7946) ", "$1 encrypted ");
    }

    /** `networkDb`: the payload was sealed, so a user message in it is swarm's network DB's, not Serf's. */
    private static String kindOf(byte[] f, byte[] p, boolean networkDb) {
        boolean udp = f[23] == 17;
        if (!udp) {
            int l4 = 14 + (f[14] & 15) * 4;
            int flags = f[l4 + 13] & 0xff;
            String dir = port(f, l4 + 2) == SerfAgent.PORT ? "to 7946" : "from 7946";
            if (p.length == 0) {
                return "tcp " + dir + ((flags & 2) != 0 ? " SYN" : "") + ((flags & 1) != 0 ? " FIN" : "")
                        + ((flags & 0x10) != 0 ? " ACK" : "");
            }
            byte[] m = MemberlistMessages.unwrap(p);
            if (networkDb && (m[0] & 0xff) == MemberlistMessages.USER) {
                return "tcp " + dir + " " + wrappers(p) + networkDbMessage(m);
            }
            return "tcp " + dir + " " + wrappers(p) + "push-pull join=" + (m.length > 10 && indexOfJoinTrue(m))
                    + " nodes=" + MemberlistMessages.uintAfter(m, "Nodes");
        }
        byte[] m = MemberlistMessages.unwrap(p);
        List<String> parts = new ArrayList<>();
        for (byte[] part : MemberlistMessages.parts(m)) {
            parts.add(networkDb && (part[0] & 0xff) == MemberlistMessages.USER ? networkDbMessage(part) : message(part));
        }
        return "udp " + wrappers(p) + ((m[0] & 0xff) == MemberlistMessages.COMPOUND ? "compound" : "") + parts;
    }

    /** The Serf user events a UDP gossip frame carries, each as "<name>: <payload>" ("jl 192.168.205.10 <nid> <eid>: join ..."). */
    public static List<String> userEvents(byte[] f) {
        List<String> out = new ArrayList<>();
        if (f[23] != 17) {
            return out;
        }
        for (byte[] part : MemberlistMessages.parts(MemberlistMessages.unwrap(payload(f)))) {
            if ((part[0] & 0xff) == MemberlistMessages.USER && (part[1] & 0xff) == MemberlistMessages.SERF_USER_EVENT) {
                out.add(MemberlistMessages.strAfter(part, "Name") + ": " + MemberlistMessages.strAfter(part, "Payload"));
            }
        }
        return out;
    }

    private static boolean indexOfJoinTrue(byte[] m) {
        return MemberlistMessages.indexOf(m, new byte[] {(byte) 0xa4, 'J', 'o', 'i', 'n', (byte) 0xc3}) >= 0;
    }

    private static String wrappers(byte[] p) {
        StringBuilder s = new StringBuilder();
        int at = 0;
        if ((p[0] & 0xff) == MemberlistMessages.HAS_CRC) {
            s.append("crc ");
            at = 5;
        }
        if ((p[at] & 0xff) == MemberlistMessages.COMPRESS) {
            s.append("lzw ");
        }
        return s.toString();
    }

    /** A network DB message in a memberlist user message: networkdb's GossipMessage type (protobuf field 1). */
    private static String networkDbMessage(byte[] part) {
        int type = part.length > 2 && part[1] == 0x08 ? part[2] & 0xff : -1;
        return "networkdb " + switch (type) {
            case 1 -> "network-event";
            case 2 -> "table-event";
            case 4 -> "bulk-sync";
            case 5 -> "compound";
            default -> "type-" + type;
        };
    }

    private static String message(byte[] part) {
        return switch (part[0] & 0xff) {
            case MemberlistMessages.PING -> "ping";
            case MemberlistMessages.ACK -> "ack";
            case MemberlistMessages.ALIVE -> "alive";
            case MemberlistMessages.USER -> switch (part[1] & 0xff) {
                case MemberlistMessages.SERF_JOIN -> "serf-join";
                case MemberlistMessages.SERF_USER_EVENT -> "event " + MemberlistMessages.strAfter(part, "Payload").split(" ")[0];
                default -> "serf-" + (part[1] & 0xff);
            };
            default -> "type-" + (part[0] & 0xff);
        };
    }
}
