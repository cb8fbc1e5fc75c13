/*
 * The control-plane sequence diff on frames as flanneld and etcd exchange them: requests and answers
 * named with flannel's random subnet normalised, segments without data and continuations left out,
 * and the alignment reporting what one side said and the other did not; on 7946, Serf's plain
 * push-pull told from a swarm's encrypted memberlist message.
 */
package org.overlaylab.packets.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessageDiffTest {
    private static final String NODE1 = "192.168.205.10";
    private static final String NODE2 = "192.168.205.11";

    /** An Ethernet/IPv4/TCP frame from src:sport to dst:dport with these TCP flags and payload. */
    private static byte[] tcp(String src, int sport, String dst, int dport, int flags, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] f = new byte[14 + 20 + 20 + data.length];
        f[12] = 0x08;
        f[14] = 0x45;
        int total = 40 + data.length;
        f[16] = (byte) (total >> 8);
        f[17] = (byte) total;
        f[22] = 64;
        f[23] = 6;
        address(f, 26, src);
        address(f, 30, dst);
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        f[46] = 0x50;
        f[47] = (byte) flags;
        System.arraycopy(data, 0, f, 54, data.length);
        return f;
    }

    private static void address(byte[] f, int at, String ip) {
        String[] parts = ip.split("\\.");
        for (int i = 0; i < 4; i++) {
            f[at + i] = (byte) Integer.parseInt(parts[i]);
        }
    }

    /** A memberlist TCP message as a swarm's network DB seals it: type 10, the sealed length, version 1, then opaque bytes. */
    private static String sealed(int sealedLength) {
        StringBuilder b = new StringBuilder().append((char) 10).append((char) 0).append((char) 0)
                .append((char) (sealedLength >> 8)).append((char) (sealedLength & 0xff)).append((char) 1);
        for (int i = 1; i < sealedLength; i++) {
            b.append((char) (i * 37 & 0xff));
        }
        return b.toString();
    }

    @Test
    void aSwarmsEncryptedGossipIsToldFromSerfsPlainPushPull() {
        List<byte[]> frames = List.of(
                // Serf (docker-overlay-etcd): a push-pull compressed with LZW, memberlist's type 9 first
                tcp(NODE2, 41000, NODE1, 7946, 0x18, "\u0009\u0081\u00a4Algo\u0000"),
                // swarm's network DB: node2's join push-pull sealed (178 bytes on the real wire), and node1's answer
                tcp(NODE2, 42000, NODE1, 7946, 0x18, sealed(173)),
                tcp(NODE1, 7946, NODE2, 42000, 0x18, sealed(214)));
        assertThat(ControlMessageDiff.sequence(frames)).containsExactly(
                "Serf push-pull 192.168.205.11 > 192.168.205.10",
                "memberlist encrypted message 192.168.205.11 > 192.168.205.10",
                "memberlist encrypted message 192.168.205.10 > 192.168.205.11");
    }

    @Test
    void flannelsLeaseWriteIsNamedWithoutItsRandomSubnet() {
        List<byte[]> frames = List.of(
                tcp(NODE2, 40312, NODE1, 2379, 0x02, ""),
                tcp(NODE1, 2379, NODE2, 40312, 0x12, ""),
                tcp(NODE2, 40312, NODE1, 2379, 0x10, ""),
                tcp(NODE2, 40312, NODE1, 2379, 0x18,
                        "PUT /v2/keys/coreos.com/network/subnets/10.15.83.0-24?prevExist=false HTTP/1.1\r\nHost: x\r\n\r\n"),
                tcp(NODE2, 40312, NODE1, 2379, 0x18, "value=%7B%22PublicIP%22..."),
                tcp(NODE1, 2379, NODE2, 40312, 0x18, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n"));
        assertThat(ControlMessageDiff.sequence(frames)).containsExactly(
                "etcd connect 192.168.205.11 > 192.168.205.10",
                "etcd PUT /v2/keys/coreos.com/network/subnets/SUBNET 192.168.205.11 > 192.168.205.10",
                "etcd answer 201 192.168.205.10 > 192.168.205.11");
    }

    @Test
    void dockersEndpointKeysAreNamedWithoutTheirIds() {
        String id = "ad03860d4ea9a10daa7018d475647e7fb8d75b3a9754ff4a0cea9b522a433333";
        byte[] put = tcp(NODE1, 40000, NODE2, 2379, 0x18, "PUT /v2/keys/docker/network/v1.0/endpoint/" + id + "/ HTTP/1.1\r\n\r\n");
        assertThat(ControlMessageDiff.sequence(List.of(put)))
                .containsExactly("etcd PUT /v2/keys/docker/network/v1.0/endpoint/ID/ 192.168.205.10 > 192.168.205.11");
    }

    @Test
    void theAlignmentNamesWhatEachSideSaidAlone() {
        List<ControlMessageDiff.Difference> d = ControlMessageDiff.align(
                List.of("etcd connect a", "etcd GET /v2/keys/x a", "etcd answer 200 b"),
                List.of("etcd connect a", "etcd answer 200 b", "etcd PUT /v2/keys/y a"));
        assertThat(d).containsExactly(new ControlMessageDiff.Difference("etcd GET /v2/keys/x a", true),
                new ControlMessageDiff.Difference("etcd PUT /v2/keys/y a", false));
        assertThat(ControlMessageDiff.align(List.of("m"), List.of("m"))).isEmpty();
    }

    @Test
    void framesThatAreNotControlMessagesAddNothing() {
        byte[] web = tcp("10.0.0.2", 5555, "10.0.0.3", 80, 0x18, "GET / HTTP/1.1\r\n\r\n");
        byte[] shortFrame = new byte[20];
        assertThat(ControlMessageDiff.sequence(List.of(web, shortFrame))).isEmpty();
    }

    /** etcdctl 3.4's put and get to etcd 3.4 from the real capture golden/control-etcd-v3.pcap. */
    @Test
    void etcdV3CallsAreNamedByTheirGrpcMethod() throws Exception {
        List<byte[]> frames = new java.util.ArrayList<>();
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/control-etcd-v3.pcap");
             org.overlaylab.packets.PcapReader r = org.overlaylab.packets.PcapReader.open(in)) {
            for (org.overlaylab.packets.PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                frames.add(rec.data());
            }
        }
        List<String> calls = ControlMessageDiff.sequence(frames).stream().filter(m -> m.startsWith("etcd gRPC")).toList();
        assertThat(calls).containsExactly("etcd gRPC /etcdserverpb.KV/Put 127.0.0.1 > 127.0.0.1",
                "etcd gRPC /etcdserverpb.KV/Range 127.0.0.1 > 127.0.0.1");
    }
}
