/*
 * `ETCDCTL_API=3 etcdctl` on the simulated wire against a capture of the real etcdctl 3.4 and etcd
 * 3.4 on lo of this machine (put k v, get k, member list; resource etcd/etcdctl-v3-put-get-member-list):
 * per command one TCP connection to 127.0.0.1:2379 carrying the same HTTP/2 writes, each with the
 * same frames (type, flags, stream, length), the same request headers (grpc-timeout aside, which
 * counts down with real time), the same request messages, and answers whose protobuf fields are the
 * real ones octet for octet (etcd started with the capture's flags, so the same member and cluster
 * ids). Also the tcpdump lines of the put and member list conversations, as tcpdump 4.99.3 printed
 * the real ones, with ports, initial sequence numbers, times and TCP timestamps set aside.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.packets.http2.HpackDecoder;
import org.overlaylab.packets.http2.HpackTable;
import org.overlaylab.packets.http2.Http2Frame;
import org.overlaylab.simulator.net.Wire;

class EtcdV3WireTest {
    private static final String CAPTURE = "/etcd/etcdctl-v3-put-get-member-list";

    /** One write on the connection: who wrote it and the frames it held. */
    record Write(boolean fromClient, byte[] payload) {}

    /** A connection's writes, keyed by the client's port, in the order they were seen. */
    static Map<Integer, List<Write>> conversations(List<byte[]> frames) {
        Map<Integer, List<Write>> out = new LinkedHashMap<>();
        for (byte[] f : frames) {
            if (f.length < 54 || Wire.etherType(f) != Wire.ETHERTYPE_IPV4 || Wire.ipProto(f) != Wire.PROTO_TCP) {
                continue;
            }
            int l4 = Wire.ipPayload(f);
            int src = Wire.u16(f, l4);
            int dst = Wire.u16(f, l4 + 2);
            if (src != 2379 && dst != 2379) {
                continue;
            }
            boolean fromClient = dst == 2379;
            List<Write> writes = out.computeIfAbsent(fromClient ? src : dst, k -> new ArrayList<>());
            int data = l4 + (Wire.u8(f, l4 + 12) >> 4) * 4;
            int end = Wire.ETH + Wire.ipTotalLength(f);
            if (data < end) {
                writes.add(new Write(fromClient, Arrays.copyOfRange(f, data, end)));
            }
        }
        return out;
    }

    static List<byte[]> realFrames() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = EtcdV3WireTest.class.getResourceAsStream(CAPTURE + ".pcap");
             PcapReader r = PcapReader.open(in)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec.data());
            }
        }
        return out;
    }

    /**
     * The sim's lo frames on node1 after put k v, get k, member list, each once (as received), with
     * etcd started as it was for the capture: one member n1 on 127.0.0.1, so the same member and
     * cluster ids.
     */
    static List<CapturedFrame> simulatedFrames() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdUnpacked("node1");
            lab.ok("node1", "nohup ./etcd --name n1 --data-dir data --listen-client-urls http://127.0.0.1:2379"
                    + " --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380"
                    + " --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster n1=http://127.0.0.1:2380 &");
            int from = lab.world().frames().frames().size();
            lab.ok("node1", "ETCDCTL_API=3 ./etcdctl put k v");
            lab.ok("node1", "ETCDCTL_API=3 ./etcdctl get k");
            lab.ok("node1", "ETCDCTL_API=3 ./etcdctl member list");
            List<CapturedFrame> all = lab.world().frames().frames();
            return all.subList(from, all.size()).stream().filter(f -> f.host().equals("node1") && f.device().equals("lo")
                    && f.direction() == CapturedFrame.Direction.IN && !f.dropped()).toList();
        }
    }

    /** Type, flags, stream and length of each frame of a write; "PREFACE" for the client preface. */
    static String shape(Write w) {
        StringBuilder sb = new StringBuilder(w.fromClient() ? "C " : "S ");
        if (Http2Frame.startsWithPreface(w.payload(), 0, w.payload().length)) {
            sb.append("PREFACE ");
        }
        for (Http2Frame f : Http2Frame.parse(w.payload(), 0, w.payload().length)) {
            // the request headers' length follows the timeout's digits: compared by content below
            boolean variable = f.type() == Http2Frame.HEADERS && w.fromClient();
            sb.append(f.typeName()).append('/').append(f.flags()).append('/').append(f.stream()).append('/')
                    .append(variable ? "n" : f.payload().length).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void eachCommandIsOneConnectionWithTheWritesEtcdctlMakes() throws Exception {
        List<List<Write>> real = new ArrayList<>(conversations(realFrames()).values());
        List<List<Write>> sim = new ArrayList<>(conversations(simulatedFrames().stream().map(CapturedFrame::data).toList())
                .values());
        assertThat(sim).hasSize(3);
        for (int c = 0; c < 3; c++) {
            assertThat(sim.get(c).stream().map(EtcdV3WireTest::shape).toList()).as("connection " + c)
                    .isEqualTo(real.get(c).stream().map(EtcdV3WireTest::shape).toList());
        }
        String[] methods = {"/etcdserverpb.KV/Put", "/etcdserverpb.KV/Range", "/etcdserverpb.Cluster/MemberList"};
        for (int c = 0; c < 3; c++) {
            List<HpackTable.Field> realHeaders = requestHeaders(real.get(c));
            List<HpackTable.Field> simHeaders = requestHeaders(sim.get(c));
            assertThat(simHeaders.get(2).value()).isEqualTo(methods[c]);
            assertThat(withoutTimeout(simHeaders)).isEqualTo(withoutTimeout(realHeaders));
            assertThat(simHeaders.get(7).value()).matches("49\\d{5}u");
            // the request message is the same octets (same key and value)
            assertThat(HexFormat.of().formatHex(data(sim.get(c), true))).isEqualTo(HexFormat.of().formatHex(data(real.get(c), true)));
        }
        // answers: the same octets (same member, cluster, revisions), and the fields they hold
        for (int c = 0; c < 3; c++) {
            assertThat(HexFormat.of().formatHex(answer(sim.get(c)))).as("answer " + c)
                    .isEqualTo(HexFormat.of().formatHex(answer(real.get(c))));
        }
        assertThat(fields(data(sim.get(0), false))).containsExactly("1.1=ID", "1.2=ID", "1.3=2", "1.4=2");
        assertThat(fields(data(sim.get(1), false)))
                .containsExactly("1.1=ID", "1.2=ID", "1.3=2", "1.4=2", "2.1=k", "2.2=2", "2.3=2", "2.4=1", "2.5=v", "4=1");
        assertThat(fields(data(sim.get(2), false))).containsExactly("1.1=ID", "1.2=ID", "1.4=2", "2.1=ID", "2.2=n1",
                "2.3=http://127.0.0.1:2380", "2.4=http://127.0.0.1:2379");
    }

    /** Everything the server wrote after its SETTINGS ACK: flow control, answer headers, message, trailers. */
    private static byte[] answer(List<Write> writes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writes.stream().filter(w -> !w.fromClient()).skip(2).forEach(w -> out.writeBytes(w.payload()));
        return out.toByteArray();
    }

    @Test
    void tcpdumpPrintsThePutAndMemberListConversationsAsItPrintedTheRealOnes() throws Exception {
        String real;
        try (InputStream in = getClass().getResourceAsStream(CAPTURE + ".txt")) {
            real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> realLines = real.lines().toList();
        TcpdumpFormatter fmt = new TcpdumpFormatter(ZoneOffset.UTC, false, false);
        List<String> simLines = new ArrayList<>();
        for (CapturedFrame f : simulatedFrames()) {
            simLines.add(fmt.format(PcapRecord.of(f)));
        }
        List<Integer> realPorts = clientPorts(realLines);
        List<Integer> simPorts = clientPorts(simLines);
        assertThat(simPorts).hasSize(3);
        // put: every line, the kernel's pure ACKs included
        assertThat(String.join("\n", normalised(simLines, simPorts.get(0))))
                .isEqualTo(String.join("\n", normalised(realLines, realPorts.get(0))));
        // member list: every segment with data, SYN or FIN (the real server also acknowledged the
        // client's WINDOW_UPDATE and PING on its own before its PING ACK, a matter of scheduling);
        // the real get ended in a reset (its last PING ACK unread at close), see V3ClientCall
        assertThat(String.join("\n", withoutPureAcks(normalised(simLines, simPorts.get(2)))))
                .isEqualTo(String.join("\n", withoutPureAcks(normalised(realLines, realPorts.get(2)))));
    }

    private static List<String> withoutPureAcks(List<String> lines) {
        return lines.stream().filter(l -> !(l.contains("Flags [.],") && l.endsWith("length 0"))).toList();
    }

    /** The client ports of the connections, from their SYNs. */
    private static List<Integer> clientPorts(List<String> lines) {
        return lines.stream().filter(l -> l.contains("Flags [S],"))
                .map(l -> Integer.parseInt(l.replaceAll(".*127\\.0\\.0\\.1\\.(\\d+) > .*", "$1"))).toList();
    }

    /** The lines of one connection without time, port, absolute sequence numbers and TCP timestamps. */
    static List<String> normalised(List<String> lines, int port) {
        return lines.stream().filter(l -> l.contains("127.0.0.1." + port + " ") || l.contains("127.0.0.1." + port + ":")).map(l -> l.substring(l.indexOf(" IP ") + 1)
                .replace("." + port + " ", ".PORT ").replace("." + port + ":", ".PORT:")
                .replaceAll("Flags \\[S\\], seq \\d+", "Flags [S], seq ISN")
                .replaceAll("Flags \\[S\\.\\], seq \\d+, ack \\d+", "Flags [S.], seq ISN, ack ISN+1")
                .replaceAll("TS val \\d+ ecr \\d+", "TS")).toList();
    }

    private static List<HpackTable.Field> requestHeaders(List<Write> writes) throws Exception {
        for (Write w : writes) {
            for (Http2Frame f : Http2Frame.parse(w.payload(), 0, w.payload().length)) {
                if (w.fromClient() && f.type() == Http2Frame.HEADERS) {
                    return new HpackDecoder().decode(f.payload(), 0, f.payload().length);
                }
            }
        }
        throw new AssertionError("no request headers");
    }

    private static List<HpackTable.Field> withoutTimeout(List<HpackTable.Field> fields) {
        return fields.stream().filter(f -> !f.name().equals("grpc-timeout")).toList();
    }

    /** The gRPC message (without its 5-octet prefix) of the client's or the server's DATA frame. */
    private static byte[] data(List<Write> writes, boolean fromClient) {
        for (Write w : writes) {
            for (Http2Frame f : Http2Frame.parse(w.payload(), 0, w.payload().length)) {
                if (w.fromClient() == fromClient && f.type() == Http2Frame.DATA) {
                    return Arrays.copyOfRange(f.payload(), 5, f.payload().length);
                }
            }
        }
        throw new AssertionError("no DATA frame");
    }

    /**
     * Protobuf fields as "path=value": the top-level messages 1 (header) and 2 (kvs, members) are
     * opened; ids (cluster, member: varints above 2^32) read "ID".
     */
    static List<String> fields(byte[] m) {
        List<String> out = new ArrayList<>();
        walk(m, 0, m.length, "", true, out);
        return out;
    }

    private static void walk(byte[] m, int at, int end, String prefix, boolean top, List<String> out) {
        while (at < end) {
            long[] tag = varint(m, at);
            at = (int) tag[1];
            int number = (int) (tag[0] >>> 3);
            if ((tag[0] & 7) == 0) {
                long[] v = varint(m, at);
                at = (int) v[1];
                out.add(prefix + number + "=" + (Long.compareUnsigned(v[0], 1L << 32) > 0 ? "ID" : Long.toString(v[0])));
            } else {
                long[] len = varint(m, at);
                at = (int) len[1];
                if (top && (number == 1 || number == 2)) {
                    walk(m, at, at + (int) len[0], number + ".", false, out);
                } else {
                    out.add(prefix + number + "=" + new String(m, at, (int) len[0], StandardCharsets.UTF_8));
                }
                at += (int) len[0];
            }
        }
    }

    private static long[] varint(byte[] m, int at) {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = m[at++] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                return new long[] {v, at};
            }
        }
    }

    /**
     * A remote endpoint: from node2 to node1's member, the calls cross the underlay from node2's
     * address, with the endpoint as :authority; the prefix requests are the octets the real etcdctl
     * sent for `get --prefix /a`, `get --prefix --keys-only /a` and `del --prefix /a`, and
     * `endpoint health` reads the key "health".
     */
    @Test
    void commandsToAnotherHostsMemberCrossTheUnderlay() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster();
            int from = lab.world().frames().frames().size();
            String etcdctl = "ETCDCTL_API=3 ./etcdctl --endpoints=http://192.168.205.10:2379 ";
            lab.ok("node2", etcdctl + "put /a/x 1");
            assertThat(lab.ok("node2", etcdctl + "get --prefix /a")).isEqualTo("/a/x\n1\n");
            lab.ok("node2", etcdctl + "get --prefix --keys-only /a");
            assertThat(lab.ok("node2", etcdctl + "del --prefix /a")).isEqualTo("1\n");
            lab.ok("node2", etcdctl + "endpoint health");
            List<CapturedFrame> all = lab.world().frames().frames();
            List<byte[]> underlay = all.subList(from, all.size()).stream().filter(f -> f.host().equals("node1")
                    && f.device().equals("enp0s8") && !f.dropped()) // node2's segments come IN, the member's go OUT
                    .map(CapturedFrame::data).toList();
            List<List<Write>> calls = new ArrayList<>(conversations(underlay).values());
            assertThat(calls).hasSize(5);
            String[] requests = {"0a042f612f78120131", "0a022f6112022f62", "0a022f6112022f624001", "0a022f6112022f62",
                "0a066865616c7468"};
            String[] methods = {"/etcdserverpb.KV/Put", "/etcdserverpb.KV/Range", "/etcdserverpb.KV/Range",
                "/etcdserverpb.KV/DeleteRange", "/etcdserverpb.KV/Range"};
            for (int c = 0; c < 5; c++) {
                List<HpackTable.Field> headers = requestHeaders(calls.get(c));
                assertThat(headers.get(2).value()).isEqualTo(methods[c]);
                assertThat(headers.get(3).value()).isEqualTo("192.168.205.10:2379");
                assertThat(HexFormat.of().formatHex(data(calls.get(c), true))).isEqualTo(requests[c]);
            }
            // the range answer holds the key, its revisions and version, and its value
            assertThat(fields(data(calls.get(1), false))).containsSubsequence("2.1=/a/x", "2.4=1", "2.5=1", "4=1");
            assertThat(fields(data(calls.get(2), false))).contains("2.1=/a/x").noneMatch(f -> f.startsWith("2.5="));
            assertThat(fields(data(calls.get(3), false))).endsWith("2=1");
            byte[] syn = underlay.stream().filter(f -> Wire.u16(f, Wire.ipPayload(f) + 2) == 2379).findFirst().orElseThrow();
            assertThat(Wire.ipSrc(syn)).isEqualTo(org.overlaylab.model.net.Ipv4.parse("192.168.205.11"));
        }
    }
}
