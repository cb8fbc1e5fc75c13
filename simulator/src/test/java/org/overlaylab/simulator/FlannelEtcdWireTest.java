/*
 * flanneld's etcd v2 traffic in the flannel-vxlan lab on the simulated wire: one keep-alive HTTP
 * connection over lo to the local member's port 2379 carrying the config GET, the subnets listing,
 * the lease PUT with prevExist=false and its TTL, the relisting and the watch; the watch's answer on
 * node1 is node2's lease and names the route, neighbour and FDB entry node1 programs from it.
 * Requests are those of Go's net/http client as the etcd v2 client builds them; answers match what
 * etcd 3.4 on this machine answered the same requests from curl (tcpdump -w on lo of a scratch
 * namespace, etcd --enable-v2): header order, CORS headers, no raft headers on a 404, the watch's
 * headers flushed at once with Transfer-Encoding: chunked and the event as one chunk plus the
 * last chunk. tcpdump 4.99.3 prints no HTTP suffix for port 2379 (it is not one of its HTTP ports).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;

class FlannelEtcdWireTest {

    private static SimWorld world(LabRuns.Run run) {
        return ((SimulatorBackend) run.session().backend()).world();
    }

    private static boolean isEtcdClient(byte[] f) {
        if (f.length < Wire.ETH + 20 || Wire.etherType(f) != Wire.ETHERTYPE_IPV4 || Wire.ipProto(f) != Wire.PROTO_TCP) {
            return false;
        }
        int l4 = Wire.ipPayload(f);
        return Wire.u16(f, l4) == 2379 || Wire.u16(f, l4 + 2) == 2379;
    }

    /** flanneld's exchange with etcd on a host, as its lo sees it going in (each segment once). */
    private static List<CapturedFrame> onLo(SimWorld w, String host) {
        return w.frames().frames().stream()
                .filter(f -> f.host().equals(host) && f.device().equals("lo") && !f.dropped()
                        && f.direction() == CapturedFrame.Direction.IN && isEtcdClient(f.data()))
                .toList();
    }

    private static String payload(CapturedFrame f) {
        byte[] b = f.data();
        int l4 = Wire.ipPayload(b);
        int data = l4 + (Wire.u8(b, l4 + 12) >> 4) * 4;
        return new String(Arrays.copyOfRange(b, data, Wire.ETH + Wire.ipTotalLength(b)), StandardCharsets.UTF_8);
    }

    @Test
    void flanneldReadsLeasesAndWatchesAsGoAndEtcdDo() throws Exception {
        LabRuns.Run run = LabRuns.run("flannel-vxlan");
        List<String> node1 = onLo(world(run), "node1").stream().map(FlannelEtcdWireTest::payload)
                .filter(p -> !p.isEmpty()).toList();
        assertThat(node1.get(0)).isEqualTo("GET /v2/keys/coreos.com/network/config?quorum=false&recursive=false&sorted=false"
                + " HTTP/1.1\r\nHost: 127.0.0.1:2379\r\nUser-Agent: Go-http-client/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(node1.get(1)).startsWith("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Headers: accept, content-type, "
                + "authorization\r\nAccess-Control-Allow-Methods: POST, GET, OPTIONS, PUT, DELETE\r\n"
                + "Access-Control-Allow-Origin: *\r\nContent-Type: application/json\r\nX-Etcd-Cluster-Id: ")
                .contains("\r\nX-Raft-Term: 2\r\nDate: ")
                .contains("{\"action\":\"get\",\"node\":{\"key\":\"/coreos.com/network/config\",\"value\":\"{\\n")
                .endsWith("}\n");
        // node1 is first: nothing is leased yet
        assertThat(node1.get(2)).startsWith("GET /v2/keys/coreos.com/network/subnets?quorum=false&recursive=true&sorted=false");
        assertThat(node1.get(3)).startsWith("HTTP/1.1 404 Not Found\r\n").doesNotContain("X-Raft")
                .endsWith("{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/coreos.com/network/subnets\","
                        .concat(node1.get(3).substring(node1.get(3).indexOf("\"index\":"))));
        assertThat(node1.get(4)).startsWith("PUT /v2/keys/coreos.com/network/subnets/10.15.64.0-20?prevExist=false HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:2379\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: ")
                .contains("\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept-Encoding: gzip\r\n\r\n"
                        + "ttl=86400&value=%7B%22PublicIP%22%3A%22192.168.205.10%22%2C%22BackendType%22%3A%22vxlan%22");
        assertThat(node1.get(5)).startsWith("HTTP/1.1 201 Created\r\n")
                .contains("{\"action\":\"create\",\"node\":{\"key\":\"/coreos.com/network/subnets/10.15.64.0-20\"",
                        "\"ttl\":86400,");
        assertThat(node1.get(7)).contains("\"dir\":true,\"nodes\":[{\"key\":\"/coreos.com/network/subnets/10.15.64.0-20\"");
        assertThat(node1.get(8)).contains("?recursive=true&wait=true&waitIndex=");
        assertThat(node1.get(9)).endsWith("\r\nTransfer-Encoding: chunked\r\n\r\n");
        String event = node1.get(10);
        assertThat(event).contains("\r\n{\"action\":\"create\",\"node\":{\"key\":\"/coreos.com/network/subnets/10.13.48.0-20\","
                + "\"value\":\"{\\\"PublicIP\\\":\\\"192.168.205.11\\\"").endsWith("}\n\r\n0\r\n\r\n");
        int chunk = Integer.parseInt(event.substring(0, event.indexOf("\r\n")), 16);
        assertThat(chunk).isEqualTo(event.length() - event.indexOf("\r\n") - 2 - "\r\n0\r\n\r\n".length());
        // and flanneld watches again, after that event
        assertThat(node1.get(11)).contains("?recursive=true&wait=true&waitIndex=");
    }

    @Test
    void theWatchAnswerCarriesWhatNode1Programs() throws Exception {
        LabRuns.Run run = LabRuns.run("flannel-vxlan");
        CapturedFrame answer = onLo(world(run), "node1").stream()
                .filter(f -> payload(f).contains("\"action\":\"create\"") && payload(f).endsWith("0\r\n\r\n"))
                .findFirst().orElseThrow();
        assertThat(answer.plane()).isEqualTo(Plane.CONTROL);
        assertThat(answer.effects()).extracting(StateChange::kind)
                .containsExactly(StateChange.Kind.ROUTE_ADDED, StateChange.Kind.NEIGH_ADDED, StateChange.Kind.FDB_ADDED);
        assertThat(answer.effects().get(0).description()).isEqualTo("installs 10.13.48.0/20 via 10.13.48.0 dev flannel.100 on node1");
        assertThat(answer.effects().get(2).description()).contains("dst 192.168.205.11 on flannel.100 of node1");
        // node2 came second: it learns node1's lease from its listing of the subnets, not from a watch
        CapturedFrame listing = onLo(world(run), "node2").stream()
                .filter(f -> payload(f).contains("\"dir\":true") && !f.effects().isEmpty()).findFirst().orElseThrow();
        assertThat(listing.effects().get(0).description()).isEqualTo("installs 10.15.64.0/20 via 10.15.64.0 dev flannel.100 on node2");
    }

    @Test
    void stoppingFlanneldClosesItsConnectionBothWays() throws Exception {
        LabRuns.Run run = LabRuns.run("flannel-vxlan");
        SimulatorBackend b = (SimulatorBackend) run.session().backend();
        assertThat(b.run(new org.overlaylab.model.backend.CommandRequest("node1", "sudo pkill -x flanneld",
                java.time.Duration.ofSeconds(10), false)).exitCode()).isZero();
        b.run(new org.overlaylab.model.backend.CommandRequest("node1", "sleep 1", java.time.Duration.ofSeconds(10), false));
        List<CapturedFrame> frames = onLo(world(run), "node1");
        long fins = frames.stream().filter(f -> (Wire.u8(f.data(), Wire.ipPayload(f.data()) + 13) & 0x01) != 0).count();
        assertThat(fins).isEqualTo(2);
        CapturedFrame last = frames.get(frames.size() - 1);
        assertThat(Wire.u8(last.data(), Wire.ipPayload(last.data()) + 13)).isEqualTo(0x10);
    }

    @Test
    void tcpdumpPrintsTheExchangeAsTheGoldenLinesSay() throws Exception {
        LabRuns.Run run = LabRuns.run("flannel-vxlan");
        TcpdumpFormatter tcpdump = new TcpdumpFormatter(ZoneOffset.UTC, false, false);
        StringBuilder lines = new StringBuilder("# flanneld's etcd client traffic at node1's lo over the whole lab\n");
        for (CapturedFrame f : onLo(world(run), "node1")) {
            lines.append(tcpdump.format(PcapRecord.of(f))).append('\n');
        }
        assertThat(lines.toString()).contains("IP 127.0.0.1.2379 > 127.0.0.1.").doesNotContain("HTTP");
        Path golden = Path.of("src/test/resources/golden/flannel-etcd-exchange.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, lines.toString(), StandardCharsets.UTF_8);
        }
        assertThat(lines.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
