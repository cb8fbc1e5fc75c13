/*
 * The messages two Docker daemons exchange on 7946, byte for byte as hashicorp/memberlist and
 * hashicorp/serf (as vendored by Docker's libnetwork) write them: memberlist's ping, ack (carrying
 * Serf's Vivaldi coordinate), alive and push-pull, Serf's join intent and user events wrapped as
 * memberlist user messages, compound messages, LZW compression when it makes a message shorter,
 * and the CRC32 header gossip carries for peers that speak protocol 5.
 */
package org.overlaylab.simulator.docker.gossip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

public final class MemberlistMessages {
    public static final int PING = 0;
    public static final int ACK = 2;
    public static final int ALIVE = 4;
    public static final int PUSH_PULL = 6;
    public static final int COMPOUND = 7;
    public static final int USER = 8;
    public static final int COMPRESS = 9;
    public static final int HAS_CRC = 12;

    /** Serf's message types inside a memberlist user message. */
    public static final int SERF_JOIN = 1;
    public static final int SERF_PUSH_PULL = 2;
    public static final int SERF_USER_EVENT = 3;

    /** Protocol versions: memberlist min/max/current 1/5/2, Serf's delegate min/max/current 2/5/4. */
    static final byte[] VSN = {1, 5, 2, 2, 5, 4};
    /** Serf's tags as node meta: the tag magic byte and an empty msgpack map. */
    static final byte[] META = {(byte) 0xff, (byte) 0x80};
    /** Serf keeps this many user-event slots and sends them all in a push-pull. */
    static final int EVENT_BUFFER = 512;
    /** The ack payload's first byte: Serf's ping delegate version. */
    static final int PING_VERSION = 1;

    private MemberlistMessages() {}

    /** A member as memberlist gossips it. */
    public record Member(String name, byte[] address, int port, long incarnation) {}

    /** A Serf user event: its name and payload, at a Lamport time. */
    public record UserEvent(long ltime, String name, String payload) {}

    static byte[] ping(long seq, String target, byte[] sourceAddress, String sourceNode, int sourcePort) {
        Msgpack m = new Msgpack().map(5).str("Node").str(target).str("SeqNo").uint(seq).str("SourceAddr")
                .raw(sourceAddress).str("SourceNode").str(sourceNode).str("SourcePort").uint(sourcePort);
        return typed(PING, m.bytes());
    }

    static byte[] ack(long seq, Vivaldi.Coordinate c) {
        byte[] coordinate = new Msgpack().map(4).str("Adjustment").float64(c.adjustment()).str("Error")
                .float64(c.error()).str("Height").float64(c.height()).str("Vec").array(c.vec().length).bytes();
        Msgpack vec = new Msgpack();
        for (double v : c.vec()) {
            vec.float64(v);
        }
        byte[] payload = concat(new byte[] {PING_VERSION}, concat(coordinate, vec.bytes()));
        return typed(ACK, new Msgpack().map(2).str("Payload").raw(payload).str("SeqNo").uint(seq).bytes());
    }

    /** swarm's network DB on memberlist directly: empty node meta, delegate protocol versions left at 0. */
    static final byte[] NETWORKDB_META = {};
    static final byte[] NETWORKDB_VSN = {1, 5, 2, 0, 0, 0};

    static byte[] alive(Member m) {
        return alive(m, META, VSN);
    }

    static byte[] alive(Member m, byte[] meta, byte[] vsn) {
        return typed(ALIVE, new Msgpack().map(6).str("Addr").raw(m.address()).str("Incarnation").uint(m.incarnation())
                .str("Meta").raw(meta).str("Node").str(m.name()).str("Port").uint(m.port()).str("Vsn").raw(vsn).bytes());
    }

    /** An ack without payload: the network DB sets no ping delegate, so no coordinate rides on it. */
    static byte[] ackWithoutPayload(long seq) {
        return typed(ACK, new Msgpack().map(2).str("Payload").nil().str("SeqNo").uint(seq).bytes());
    }

    /** memberlist's push-pull header and members with no user state after them (UserStateLen 0). */
    static byte[] pushPullMembersOnly(boolean join, List<Member> members) {
        Msgpack m = new Msgpack().map(3).str("Join").bool(join).str("Nodes").uint(members.size()).str("UserStateLen").uint(0);
        for (Member n : members) {
            m.map(7).str("Addr").raw(n.address()).str("Incarnation").uint(n.incarnation()).str("Meta").raw(NETWORKDB_META)
                    .str("Name").str(n.name()).str("Port").uint(n.port()).str("State").uint(0).str("Vsn").raw(NETWORKDB_VSN);
        }
        return typed(PUSH_PULL, m.bytes());
    }

    static byte[] serfJoin(long ltime, String node) {
        return concat(new byte[] {USER, SERF_JOIN}, new Msgpack().map(2).str("LTime").uint(ltime).str("Node").str(node)
                .bytes());
    }

    /** A user event as Serf broadcasts it; libnetwork's are coalescable ("CC": true). */
    static byte[] userEvent(UserEvent e) {
        return concat(new byte[] {USER, SERF_USER_EVENT}, new Msgpack().map(4).str("CC").bool(true).str("LTime")
                .uint(e.ltime()).str("Name").str(e.name()).str("Payload").str(e.payload()).bytes());
    }

    static byte[] compound(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(COMPOUND);
        out.write(parts.size());
        for (byte[] p : parts) {
            out.write(p.length >>> 8);
            out.write(p.length);
        }
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** memberlist's compressed form, used only when it is shorter than the message itself. */
    static byte[] compressIfShorter(byte[] msg) {
        byte[] c = compressed(msg);
        return c.length < msg.length ? c : msg;
    }

    static byte[] compressed(byte[] msg) {
        return typed(COMPRESS, new Msgpack().map(2).str("Algo").uint(0).str("Buf").raw(GoLzw.compress(msg)).bytes());
    }

    static byte[] withCrc(byte[] msg) {
        CRC32 crc = new CRC32();
        crc.update(msg);
        long v = crc.getValue();
        return concat(new byte[] {HAS_CRC, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, msg);
    }

    /**
     * A push-pull: the header, every member's state, and Serf's own state (its clocks, each
     * member's status time, and the ring of recent user events) as the user state.
     */
    static byte[] pushPull(boolean join, List<Member> members, long ltime, Map<String, Long> statusLTimes,
                           long eventLTime, List<UserEvent> events, long queryLTime) {
        Msgpack serf = new Msgpack().map(6).str("EventLTime").uint(eventLTime).str("Events").array(EVENT_BUFFER);
        Map<Long, List<UserEvent>> bySlot = new TreeMap<>();
        for (UserEvent e : events) {
            bySlot.computeIfAbsent(e.ltime(), k -> new java.util.ArrayList<>()).add(e);
        }
        Map<Integer, Long> slotTime = new TreeMap<>();
        bySlot.keySet().forEach(t -> slotTime.put((int) (t % EVENT_BUFFER), t));
        for (int i = 0; i < EVENT_BUFFER; i++) {
            Long t = slotTime.get(i);
            if (t == null) {
                serf.nil();
                continue;
            }
            List<UserEvent> at = bySlot.get(t);
            serf.map(2).str("Events").array(at.size());
            for (UserEvent e : at) {
                serf.map(2).str("Name").str(e.name()).str("Payload").str(e.payload());
            }
            serf.str("LTime").uint(t);
        }
        serf.str("LTime").uint(ltime).str("LeftMembers").array(0).str("QueryLTime").uint(queryLTime)
                .str("StatusLTimes").map(statusLTimes.size());
        new TreeMap<>(statusLTimes).forEach((k, v) -> serf.str(k).uint(v));
        byte[] userState = concat(new byte[] {SERF_PUSH_PULL}, serf.bytes());
        Msgpack m = new Msgpack().map(3).str("Join").bool(join).str("Nodes").uint(members.size()).str("UserStateLen")
                .uint(userState.length);
        for (Member n : members) {
            m.map(7).str("Addr").raw(n.address()).str("Incarnation").uint(n.incarnation()).str("Meta").raw(META)
                    .str("Name").str(n.name()).str("Port").uint(n.port()).str("State").uint(0).str("Vsn").raw(VSN);
        }
        return concat(typed(PUSH_PULL, m.bytes()), userState);
    }

    private static byte[] typed(int type, byte[] body) {
        return concat(new byte[] {(byte) type}, body);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The plain message inside memberlist's CRC and compression wrappers. */
    public static byte[] unwrap(byte[] msg) {
        if (msg.length > 5 && (msg[0] & 0xff) == HAS_CRC) {
            return unwrap(java.util.Arrays.copyOfRange(msg, 5, msg.length));
        }
        if (msg.length > 1 && (msg[0] & 0xff) == COMPRESS) {
            // 0x09, fixmap 2, "Algo" 0, "Buf" raw: find the raw's header after the key
            int at = indexOf(msg, "Buf".getBytes(StandardCharsets.US_ASCII)) + 3;
            int h = msg[at] & 0xff;
            int start;
            int len;
            if (h >= 0xa0 && h <= 0xbf) {
                len = h & 31;
                start = at + 1;
            } else if (h == 0xda) {
                len = (msg[at + 1] & 0xff) << 8 | (msg[at + 2] & 0xff);
                start = at + 3;
            } else {
                len = (msg[at + 1] & 0xff) << 24 | (msg[at + 2] & 0xff) << 16 | (msg[at + 3] & 0xff) << 8 | (msg[at + 4] & 0xff);
                start = at + 5;
            }
            return unwrap(GoLzw.decompress(java.util.Arrays.copyOfRange(msg, start, start + len)));
        }
        return msg;
    }

    /** The parts of a compound message, or the message itself. */
    public static List<byte[]> parts(byte[] msg) {
        if (msg.length < 2 || (msg[0] & 0xff) != COMPOUND) {
            return List.of(msg);
        }
        int n = msg[1] & 0xff;
        int at = 2 + 2 * n;
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = (msg[2 + 2 * i] & 0xff) << 8 | (msg[3 + 2 * i] & 0xff);
            out.add(java.util.Arrays.copyOfRange(msg, at, at + len));
            at += len;
        }
        return out;
    }

    /** The unsigned value after a msgpack key in a message the simulator wrote (SeqNo, LTime). */
    static long uintAfter(byte[] msg, String key) {
        byte[] k = new Msgpack().str(key).bytes();
        int at = indexOf(msg, k);
        if (at < 0) {
            return -1;
        }
        at += k.length;
        int h = msg[at] & 0xff;
        if (h < 0x80) {
            return h;
        }
        int n = h == 0xcc ? 1 : h == 0xcd ? 2 : h == 0xce ? 4 : 8;
        long v = 0;
        for (int i = 1; i <= n; i++) {
            v = v << 8 | (msg[at + i] & 0xff);
        }
        return v;
    }

    /** The string after a msgpack key (fixstr or str16). */
    static String strAfter(byte[] msg, String key) {
        byte[] k = new Msgpack().str(key).bytes();
        int at = indexOf(msg, k);
        if (at < 0) {
            return null;
        }
        at += k.length;
        int h = msg[at] & 0xff;
        if (h >= 0xa0 && h <= 0xbf) {
            return new String(msg, at + 1, h & 31, StandardCharsets.UTF_8);
        }
        if (h == 0xda) {
            int len = (msg[at + 1] & 0xff) << 8 | (msg[at + 2] & 0xff);
            return new String(msg, at + 3, len, StandardCharsets.UTF_8);
        }
        return null;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
