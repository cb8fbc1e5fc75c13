/*
 * Docker's libkv etcd traffic in the docker-overlay-etcd lab on the simulated wire: each daemon's
 * client pinned to one member (with the lab's seed both pin their own host's member, so it crosses
 * lo), the folders it reads and makes at start, its discovery key with its TTL, the discovery watch
 * whose answer is the other daemon's key, the network's and endpoints' objects as atomic writes
 * and the endpoint's removal as an atomic delete. Requests are written byte for byte as the real
 * Docker 20.10 wrote them in a capture of the same lab on the netns backend (Go's net/http: Host,
 * User-Agent, Content-Length, Content-Type, Accept-Encoding; the form-encoded value); answers as
 * etcd 3.4 writes them. Also etcd's peer traffic on 2380: a heartbeat every 100 ms.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;

class DockerEtcdWireTest {

    static boolean port(byte[] f, int p) {
        if (f.length < 38 || Wire.etherType(f) != Wire.ETHERTYPE_IPV4 || Wire.ipProto(f) != Wire.PROTO_TCP) {
            return false;
        }
        int l4 = Wire.ipPayload(f);
        return Wire.u16(f, l4) == p || Wire.u16(f, l4 + 2) == p;
    }

    private static String payload(CapturedFrame f) {
        byte[] b = f.data();
        int l4 = Wire.ipPayload(b);
        int data = l4 + (Wire.u8(b, l4 + 12) >> 4) * 4;
        return new String(Arrays.copyOfRange(b, data, Wire.ETH + Wire.ipTotalLength(b)), StandardCharsets.UTF_8);
    }

    /** "37\r\n", 8 length bytes, then raftpb.Message's type (field 1): MsgHeartbeat 8 or MsgHeartbeatResp 9. */
    private static boolean isHeartbeatOrResponse(String chunk) {
        return chunk.charAt(12) == 0x08 && (chunk.charAt(13) == 8 || chunk.charAt(13) == 9);
    }

    private static int dataLength(CapturedFrame f) {
        byte[] b = f.data();
        int l4 = Wire.ipPayload(b);
        return Wire.ETH + Wire.ipTotalLength(b) - (l4 + (Wire.u8(b, l4 + 12) >> 4) * 4);
    }

    /** What crossed a host's device on a port, each segment once (as it arrived), payloads only. */
    private static List<String> payloads(SimWorld w, String host, String device, int port) {
        return w.frames().frames().stream().filter(f -> f.host().equals(host) && f.device().equals(device)
                && f.direction() == CapturedFrame.Direction.IN && !f.dropped() && port(f.data(), port))
                .map(DockerEtcdWireTest::payload).filter(p -> !p.isEmpty()).toList();
    }

    @Test
    void dockerTalksToEtcdAsLibkvDoes() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<String> node1 = payloads(w, "node1", "lo", 2379);
        assertThat(node1.get(0)).isEqualTo("GET /v2/keys/docker/network/v1.0/ipam/default/config/GlobalDefault/"
                + "?quorum=true&recursive=false&sorted=false HTTP/1.1\r\nHost: 192.168.205.10:2379\r\n"
                + "User-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(node1).anySatisfy(p -> assertThat(p).startsWith("HTTP/1.1 404 Not Found\r\n")
                .endsWith("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/docker\",\"index\":"
                        + p.substring(p.indexOf("\"index\":") + 8)));
        assertThat(node1).contains("PUT /v2/keys/docker/nodes?dir=true HTTP/1.1\r\nHost: 192.168.205.10:2379\r\n"
                + "User-Agent: Go-http-client/1.1\r\nContent-Length: 0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Accept-Encoding: gzip\r\n\r\n");
        assertThat(node1).contains("PUT /v2/keys/docker/nodes/192.168.205.10:2375 HTTP/1.1\r\nHost: 192.168.205.10:2379\r\n"
                + "User-Agent: Go-http-client/1.1\r\nContent-Length: 34\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Accept-Encoding: gzip\r\n\r\nttl=60&value=192.168.205.10%3A2375");
        assertThat(node1).anySatisfy(p -> assertThat(p).startsWith("HTTP/1.1 201 Created\r\n")
                .contains("{\"action\":\"set\",\"node\":{\"key\":\"/docker/nodes/192.168.205.10:2375\","
                        + "\"value\":\"192.168.205.10:2375\",\"expiration\":\"").contains("\"ttl\":60,"));
        // the discovery watch, answered when node2's daemon registers
        assertThat(node1).contains("GET /v2/keys/docker/nodes?recursive=true&wait=true&waitIndex=0 HTTP/1.1\r\n"
                + "Host: 192.168.205.10:2379\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(node1).anySatisfy(p -> assertThat(p).contains("\r\n{\"action\":\"set\",\"node\":{\"key\":"
                + "\"/docker/nodes/192.168.205.11:2375\"").endsWith("\r\n0\r\n\r\n"));
        // the network's objects, new ones with prevExist=false, updated ones with the index read before
        assertThat(node1).anySatisfy(p -> assertThat(p).matches("(?s)PUT /v2/keys/docker/network/v1.0/network/[0-9a-f]{64}/"
                + "\\?prevExist=false HTTP/1.1\r\n.*\r\n\r\nvalue=%7B.*"));
        assertThat(node1).anySatisfy(p -> assertThat(p).matches("(?s)PUT /v2/keys/docker/network/v1.0/idm/vxlan-id/"
                + "\\?prevExist=true&prevIndex=\\d+ HTTP/1.1\r\n.*"));
        assertThat(node1).anySatisfy(p -> assertThat(p).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("{\"action\":\"compareAndSwap\",\"node\":{\"key\":\"/docker/network/v1.0/idm/vxlan-id\"")
                .contains(",\"prevNode\":{\"key\":\"/docker/network/v1.0/idm/vxlan-id\""));
        // test2's endpoint leaves the store when it is killed: an atomic delete with the index last seen
        List<String> node2 = payloads(w, "node2", "lo", 2379);
        assertThat(node2).anySatisfy(p -> assertThat(p).matches("(?s)DELETE /v2/keys/docker/network/v1.0/endpoint/"
                + "[0-9a-f]{64}/[0-9a-f]{64}/\\?prevIndex=\\d+ HTTP/1.1\r\nHost: 192.168.205.11:2379\r\n"
                + "User-Agent: Go-http-client/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Accept-Encoding: gzip\r\n\r\n"));
        assertThat(node2).anySatisfy(p -> assertThat(p).contains("{\"action\":\"compareAndDelete\",\"node\":{\"key\":"
                + "\"/docker/network/v1.0/endpoint/").contains("\"prevNode\":{"));
    }

    @Test
    void etcdPeersHeartbeatEvery100Milliseconds() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd");
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<CapturedFrame> beats = w.frames().frames().stream().filter(f -> f.host().equals("node1")
                && f.device().equals("enp0s8") && f.direction() == CapturedFrame.Direction.IN && port(f.data(), 2380)
                && dataLength(f) == 61 && isHeartbeatOrResponse(payload(f))).toList();
        assertThat(beats).hasSizeGreaterThan(100);
        // 61 bytes: a chunk of 8 length bytes and a 47-byte raftpb.Message, as etcd 3.4 sends MsgHeartbeat(Resp)
        String first = payload(beats.get(0));
        assertThat(first).startsWith("37\r\n").endsWith("\r\n");
        long span = beats.get(beats.size() - 1).timeNanos() - beats.get(0).timeNanos();
        assertThat(span / (beats.size() - 1)).isBetween(90_000_000L, 110_000_000L);
        List<String> streams = payloads(w, "node1", "enp0s8", 2380).stream().filter(p -> p.startsWith("GET /raft/stream/"))
                .map(p -> p.substring(0, p.indexOf(" HTTP/1.1"))).toList();
        assertThat(streams).containsExactlyInAnyOrder("GET /raft/stream/message/8614974c83d1cc6d",
                "GET /raft/stream/msgapp/8614974c83d1cc6d");
    }
}
