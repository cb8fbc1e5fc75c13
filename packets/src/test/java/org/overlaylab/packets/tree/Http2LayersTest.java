/*
 * The detail view of etcd v3 traffic from the real capture golden/control-etcd-v3.pcap (etcdctl
 * 3.4's put and get to etcd 3.4 on lo): HTTP/2 layers after TCP, one per frame, the request's
 * layer naming its gRPC method, the answer's status and trailers, the SETTINGS parameters.
 */
package org.overlaylab.packets.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

class Http2LayersTest {

    private static List<LayerTree> trees() throws Exception {
        List<LayerTree> out = new ArrayList<>();
        try (InputStream in = Http2LayersTest.class.getResourceAsStream("/golden/control-etcd-v3.pcap");
             PcapReader r = PcapReader.open(in)) {
            for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(LayerTree.of(rec.data()));
            }
        }
        return out;
    }

    private static List<String> http2Summaries(List<LayerTree> trees) {
        List<String> out = new ArrayList<>();
        for (LayerTree t : trees) {
            t.layers().stream().filter(l -> l.name().equals(LayerTree.HTTP2)).forEach(l -> out.add(l.summary()));
        }
        return out;
    }

    @Test
    void requestsNameTheirGrpcMethod() throws Exception {
        List<String> summaries = http2Summaries(trees());
        assertThat(summaries).contains("Connection preface", "HEADERS, stream 1: POST /etcdserverpb.KV/Put",
                "HEADERS, stream 1: POST /etcdserverpb.KV/Range", "DATA, stream 1, gRPC message of 18 bytes",
                "HEADERS, stream 1: 200", "HEADERS, stream 1: grpc-status 0", "SETTINGS, stream 0 (ACK)",
                "PING, stream 0 (ACK)", "WINDOW_UPDATE, stream 0, increment 23");
    }

    @Test
    void theRequestsHeaderFieldsAndTheServersSettingsAreShown() throws Exception {
        List<LayerTree> trees = trees();
        Layer put = trees.stream().flatMap(t -> t.layers().stream())
                .filter(l -> l.summary().equals("HEADERS, stream 1: POST /etcdserverpb.KV/Put")).findFirst().orElseThrow();
        Field block = put.fields().stream().filter(f -> f.name().equals("Header block")).findFirst().orElseThrow();
        assertThat(block.children().stream().map(Field::label).toList()).startsWith(":method: POST", ":scheme: http",
                ":path: /etcdserverpb.KV/Put", ":authority: 127.0.0.1:2379", "content-type: application/grpc",
                "user-agent: grpc-go/1.33.3", "te: trailers");
        Layer settings = trees.stream().flatMap(t -> t.layers().stream())
                .filter(l -> l.summary().equals("SETTINGS, stream 0") && l.length() == 21).findFirst().orElseThrow();
        assertThat(settings.fields().stream().map(Field::label).toList())
                .contains("MAX_FRAME_SIZE: 16384", "MAX_CONCURRENT_STREAMS: 4294967295");
        // the segments of the capture decode without a malformed layer; TCP is followed by HTTP/2, not Data
        assertThat(trees).noneMatch(LayerTree::malformed);
        assertThat(trees.stream().flatMap(t -> t.layers().stream()).filter(l -> l.name().equals(LayerTree.DATA)))
                .isEmpty();
    }
}
