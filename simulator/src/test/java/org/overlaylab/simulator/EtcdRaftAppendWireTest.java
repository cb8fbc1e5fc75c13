/*
 * Raft log replication on etcd's 2380 in the simulator against a capture of two etcd 3.4.23 members
 * on a veth (resource etcd/raft-append-veth.txt): for a v2 set and a v3 put, at the leader and at
 * the follower, the same chunks on the same streams in the same order (MsgProp, MsgApp in msgappv2's
 * encoding, MsgAppResp, the commit-only MsgApp, MsgAppResp), with the same raftpb fields once member
 * IDs, terms, request IDs and indexes (relative to the write's entry) are set aside.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.VirtualClock;

class EtcdRaftAppendWireTest {
    private final SimLab lab = SimLab.twoHosts();

    @AfterEach
    void close() {
        lab.close();
    }

    /** One chunk a member wrote on a stream: ms after the write's first chunk, the stream, its bytes. */
    record Chunk(double ms, String stream, byte[] bytes) {}

    @Test
    void writesAtLeaderAndFollowerCrossThePeerStreamsAsInTheCapture() throws IOException {
        List<List<Chunk>> capture = capture();
        lab.etcdCluster();
        long leader = Long.parseUnsignedLong("21eca106efe4caee", 16);
        List<List<Chunk>> sim = List.of(
                write("node1", "./etcdctl set /a b"),
                write("node2", "./etcdctl --endpoints http://192.168.205.11:2379 set /a c"),
                write("node1", "ETCDCTL_API=3 ./etcdctl put k v"),
                write("node2", "ETCDCTL_API=3 ./etcdctl --endpoints 192.168.205.11:2379 put k w"));
        long captureLeader = leaderOf(capture);
        for (int w = 0; w < 4; w++) {
            long realEntry = entryIndex(capture.get(w));
            long simEntry = entryIndex(sim.get(w));
            List<String> real = capture.get(w).stream().map(c -> canonical(c, captureLeader, realEntry)).toList();
            List<String> simulated = sim.get(w).stream().map(c -> canonical(c, leader, simEntry)).toList();
            assertThat(simulated).as("write %d", w).isEqualTo(real);
            // the exchange takes about as long as on the veth: a millisecond or two
            double realSpan = capture.get(w).get(capture.get(w).size() - 1).ms();
            double simSpan = sim.get(w).get(sim.get(w).size() - 1).ms();
            assertThat(simSpan).as("write %d", w).isBetween(realSpan - 0.6, realSpan + 0.6);
        }
        // msgappv2 framing, byte for byte: the commit-only MsgApp of the first write is type 1, no entry, the commit
        byte[] commitOnly = sim.get(0).get(2).bytes();
        assertThat(new String(commitOnly, StandardCharsets.US_ASCII)).startsWith("11\r\n").endsWith("\r\n");
        assertThat(Arrays.copyOfRange(commitOnly, 4, 13)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(commitOnly.length).isEqualTo(capture.get(0).get(2).bytes().length);
    }

    @Test
    void dockersWritesInTheDockerOverlayEtcdLabAreAppendedAndAcknowledged() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        var world = ((SimulatorBackend) run.session().backend()).world();
        List<Chunk> chunks = chunksOnNode1(world, 0);
        List<String> appended = new ArrayList<>();
        long acknowledged = 0;
        long msgApps = 0;
        long full = 0;
        // the run ends with writes whose answers are still to come
        double end = chunks.get(chunks.size() - 1).ms();
        for (Chunk c : chunks) {
            byte[] b = body(c);
            if (c.stream().equals("msgapp") && c.ms() < end - 5) {
                msgApps++;
            }
            if (c.stream().equals("msgapp") && b[0] == 2) {
                full++;
            }
            if (c.stream().equals("msgapp") && b[0] == 1 && u64(b, 1) == 1) {
                // one entry: its size, then raftpb.Entry whose data (field 4) is the v2 request
                byte[] entry = Arrays.copyOfRange(b, 17, b.length - 8);
                byte[] request = (byte[]) fields(entry).get(4);
                appended.add(new String((byte[]) fields(request).get(2), StandardCharsets.UTF_8) + " "
                        + new String((byte[]) fields(request).get(3), StandardCharsets.UTF_8));
            } else if (c.stream().equals("message") && (Long) fields(b).get(1) == 4) {
                acknowledged++;
            }
        }
        // discovery's registration of both daemons, and the overlay network's object
        assertThat(appended).contains("PUT /1/docker/nodes/192.168.205.10:2375", "PUT /1/docker/nodes/192.168.205.11:2375");
        assertThat(appended.stream().filter(a -> a.startsWith("PUT /1/docker/network/v1.0/network/"))).isNotEmpty();
        // every MsgApp, with an entry or with the commit only, is acknowledged
        assertThat(msgApps).isGreaterThan(2L * appended.size() - 1);
        assertThat(acknowledged).isGreaterThanOrEqualTo(msgApps);
        // with the leader's SYNC entries sent too, MsgApps follow on from the last (msgappv2's short form); the
        // whole message goes only after an index no entry was sent for (the sim's store gives a new key's
        // missing folders indexes of their own)
        assertThat(full).isLessThan(msgApps / 10);
    }

    /** The leader's ID in the capture: the sender of the message-stream MsgAppResp's recipient (field 2). */
    private static long leaderOf(List<List<Chunk>> capture) {
        Chunk resp = capture.get(0).get(1);
        Map<Integer, Object> fields = fields(body(resp));
        return (Long) fields.get(2);
    }

    /** The write's raft index: what the follower's MsgAppResp acknowledges. */
    private static long entryIndex(List<Chunk> write) {
        for (Chunk c : write) {
            if (c.stream().equals("message") && (Long) fields(body(c)).get(1) == 4) {
                return (Long) fields(body(c)).get(6);
            }
        }
        throw new AssertionError("no MsgAppResp");
    }

    private List<Chunk> write(String host, String command) {
        var world = lab.world();
        long from = world.clock().now();
        lab.ok(host, command);
        world.clock().advance(20 * VirtualClock.MILLIS);
        return chunksOnNode1(world, from);
    }

    /** What members wrote on their peer streams from `from` on, as node1's enp0s8 saw it, keepalives aside. */
    private static List<Chunk> chunksOnNode1(org.overlaylab.simulator.world.SimWorld world, long from) {
        Map<Integer, String> streams = new HashMap<>();
        List<Chunk> out = new ArrayList<>();
        long first = -1;
        for (CapturedFrame f : world.frames().frames()) {
            if (!f.host().equals("node1") || !f.device().equals("enp0s8") || !DockerEtcdWireTest.port(f.data(), 2380)) {
                continue;
            }
            byte[] d = f.data();
            int l4 = Wire.ipPayload(d);
            int src = Wire.u16(d, l4);
            int dst = Wire.u16(d, l4 + 2);
            int start = l4 + (Wire.u8(d, l4 + 12) >> 4) * 4;
            byte[] payload = Arrays.copyOfRange(d, start, Wire.ETH + Wire.ipTotalLength(d));
            String text = new String(payload, StandardCharsets.US_ASCII);
            if (text.startsWith("GET /raft/stream/")) {
                streams.put(src, text.substring("GET /raft/stream/".length(), text.indexOf('/', "GET /raft/stream/".length())));
                continue;
            }
            String stream = src == 2380 ? streams.get(dst) : null;
            if (f.timeNanos() < from || stream == null || payload.length == 0 || text.startsWith("HTTP/1.1 ")) {
                continue;
            }
            for (byte[] chunk : chunks(payload)) {
                if (isKeepalive(chunk, stream)) {
                    continue;
                }
                if (first < 0) {
                    first = f.timeNanos();
                }
                out.add(new Chunk((f.timeNanos() - first) / 1e6, stream, chunk));
            }
        }
        return out;
    }

    /** The HTTP chunks in one segment: writes made at the same moment share a segment. */
    private static List<byte[]> chunks(byte[] payload) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < payload.length) {
            int eol = at;
            while (payload[eol] != '\r') {
                eol++;
            }
            int size = Integer.parseInt(new String(payload, at, eol - at, StandardCharsets.US_ASCII), 16);
            int end = eol + 2 + size + 2;
            out.add(Arrays.copyOfRange(payload, at, end));
            at = end;
        }
        return out;
    }

    /** Heartbeats (raft types 8, 9) and each stream's link heartbeat. */
    private static boolean isKeepalive(byte[] chunk, String stream) {
        byte[] b = body(new Chunk(0, stream, chunk));
        if (stream.equals("msgapp")) {
            return b.length == 1 && b[0] == 0;
        }
        Object type = fields(b).get(1);
        return type == null || (Long) type == 0 || (Long) type == 8 || (Long) type == 9;
    }

    private static List<List<Chunk>> capture() throws IOException {
        List<List<Chunk>> writes = new ArrayList<>();
        try (InputStream in = EtcdRaftAppendWireTest.class.getResourceAsStream("/etcd/raft-append-veth.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.equals("write")) {
                    writes.add(new ArrayList<>());
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    String[] p = line.split(" ");
                    writes.get(writes.size() - 1).add(new Chunk(Double.parseDouble(p[0]), p[1], HexFormat.of().parseHex(p[2])));
                }
            }
        }
        return writes;
    }

    /** A chunk's data: a message stream's raftpb.Message (behind 8 length bytes), a msgapp stream's msgappv2 record. */
    private static byte[] body(Chunk c) {
        byte[] b = c.bytes();
        int at = 0;
        while (b[at] != '\n') {
            at++;
        }
        byte[] data = Arrays.copyOfRange(b, at + 1, b.length - 2);
        return c.stream().equals("message") ? Arrays.copyOfRange(data, 8, data.length) : data;
    }

    /**
     * The chunk with what differs between clusters set aside: member IDs as L/F, nonzero terms as
     * T, request IDs as id, indexes relative to the write's entry (e, e-1).
     */
    private static String canonical(Chunk c, long leader, long entry) {
        byte[] b = body(c);
        if (c.stream().equals("message")) {
            return "message " + message(b, leader, entry);
        }
        StringBuilder s = new StringBuilder("msgapp type " + b[0]);
        int at = 1;
        if (b[0] == 2) {
            return s + " " + message(Arrays.copyOfRange(b, 9, b.length), leader, entry);
        }
        long n = u64(b, at);
        at += 8;
        for (int i = 0; i < n; i++) {
            int size = (int) u64(b, at);
            at += 8;
            s.append(" entry ").append(entry(Arrays.copyOfRange(b, at, at + size), entry));
            at += size;
        }
        return s.append(" commit ").append(relative(u64(b, at), entry)).append(at + 8 == b.length ? "" : " trailing bytes")
                .toString();
    }

    private static String relative(long index, long entry) {
        return index == 0 ? "0" : index == entry ? "e" : "e" + (index - entry);
    }

    private static String message(byte[] m, long leader, long entryIndex) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Integer, Object> f : orderedFields(m)) {
            Object v = f.getValue();
            String shown = switch (f.getKey()) {
                case 2, 3 -> (Long) v == leader ? "L" : "F";
                case 4, 5 -> (Long) v == 0 ? "0" : "T";
                case 6, 8 -> relative((Long) v, entryIndex);
                case 7 -> entry((byte[]) v, entryIndex);
                case 9 -> HexFormat.of().formatHex((byte[]) v);
                default -> String.valueOf(v);
            };
            s.append(f.getKey()).append('=').append(shown).append(' ');
        }
        return s.toString().trim();
    }

    private static String entry(byte[] e, long entryIndex) {
        StringBuilder s = new StringBuilder("[");
        for (Map.Entry<Integer, Object> f : orderedFields(e)) {
            Object v = f.getValue();
            String shown = switch (f.getKey()) {
                case 2 -> (Long) v == 0 ? "0" : "T";
                case 3 -> relative((Long) v, entryIndex);
                case 4 -> request((byte[]) v);
                default -> String.valueOf(v);
            };
            s.append(f.getKey()).append('=').append(shown).append(' ');
        }
        return s.toString().trim() + "]";
    }

    /** etcdserverpb.Request (v2) or InternalRaftRequest (v3): the ID and the header's ID set aside. */
    private static String request(byte[] r) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<Integer, Object> f : orderedFields(r)) {
            Object v = f.getValue();
            String shown;
            if (f.getKey() == 1 || f.getKey() == 100) {
                shown = "id";
            } else if (v instanceof byte[] bytes) {
                shown = new String(bytes, StandardCharsets.UTF_8);
            } else {
                shown = String.valueOf(v);
            }
            s.append(f.getKey()).append('=').append(shown).append(' ');
        }
        return s.toString().trim() + "}";
    }

    private static Map<Integer, Object> fields(byte[] m) {
        Map<Integer, Object> out = new HashMap<>();
        orderedFields(m).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Protobuf fields in wire order: varints as Long, length-delimited as byte[]. */
    private static List<Map.Entry<Integer, Object>> orderedFields(byte[] m) {
        List<Map.Entry<Integer, Object>> out = new ArrayList<>();
        int[] at = {0};
        while (at[0] < m.length) {
            long tag = varint(m, at);
            int number = (int) (tag >>> 3);
            if ((tag & 7) == 0) {
                out.add(Map.entry(number, varint(m, at)));
            } else {
                int len = (int) varint(m, at);
                out.add(Map.entry(number, Arrays.copyOfRange(m, at[0], at[0] + len)));
                at[0] += len;
            }
        }
        return out;
    }

    private static long varint(byte[] m, int[] at) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int b = m[at[0]++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
    }

    private static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }
}
