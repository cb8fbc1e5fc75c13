/*
 * HPACK against etcd 3.4 and etcdctl 3.4 (grpc-go 1.33) on this machine: the header blocks of a
 * `put` request and of its answer and trailers, taken from a capture, are what the encoder writes
 * for the same fields, and the decoder reads them back to those fields.
 */
package org.overlaylab.packets.http2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpackTest {
    private static final HexFormat HEX = HexFormat.of();

    static final String PUT_REQUEST_BLOCK = "8386458f60a924882d9dcb6571af9b8b1aed4f418a089d5c0b8170dc132ebf5f8b1d75d0620d"
            + "263d4c4d65647a8b9acac8b4c7602bb2caecff40027465864d833505b11f40899acac8b24d494f6a7f8669f7dd700d5b408d25"
            + "062d495875996ee5b1063d5f03332e34";

    static final List<HpackTable.Field> PUT_REQUEST = List.of(
            new HpackTable.Field(":method", "POST"), new HpackTable.Field(":scheme", "http"),
            new HpackTable.Field(":path", "/etcdserverpb.KV/Put"), new HpackTable.Field(":authority", "127.0.0.1:2379"),
            new HpackTable.Field("content-type", "application/grpc"), new HpackTable.Field("user-agent", "grpc-go/1.33.3"),
            new HpackTable.Field("te", "trailers"), new HpackTable.Field("grpc-timeout", "4997604u"),
            new HpackTable.Field("client-api-version", "3.4"));

    @Test
    void encoderWritesWhatGrpcGoWrote() {
        assertThat(HEX.formatHex(new HpackEncoder().encode(PUT_REQUEST))).isEqualTo(PUT_REQUEST_BLOCK);
        HpackEncoder server = new HpackEncoder();
        assertThat(HEX.formatHex(server.encode(List.of(new HpackTable.Field(":status", "200"),
                new HpackTable.Field("content-type", "application/grpc"))))).isEqualTo("885f8b1d75d0620d263d4c4d6564");
        assertThat(HEX.formatHex(server.encode(List.of(new HpackTable.Field("grpc-status", "0"),
                new HpackTable.Field("grpc-message", ""))))).isEqualTo("40889acac8b21234da8f013040899acac8b5254207317f00");
    }

    @Test
    void aSecondBlockOnTheConnectionIndexesWhatTheFirstAdded() throws Exception {
        HpackEncoder e = new HpackEncoder();
        e.encode(PUT_REQUEST);
        byte[] again = e.encode(PUT_REQUEST.subList(0, 7));
        // newest first from 62: client-api-version, grpc-timeout, te (64), user-agent, content-type, :authority, :path (68)
        assertThat(HEX.formatHex(again)).isEqualTo("8386c4c3c2c1c0");
        HpackDecoder d = new HpackDecoder();
        d.decode(new HpackEncoder().encode(PUT_REQUEST), 0, new HpackEncoder().encode(PUT_REQUEST).length);
        assertThat(d.decode(again, 0, again.length)).isEqualTo(PUT_REQUEST.subList(0, 7));
    }

    @Test
    void decoderReadsTheCapturedBlock() throws Exception {
        byte[] block = HEX.parseHex(PUT_REQUEST_BLOCK);
        assertThat(new HpackDecoder().decode(block, 0, block.length)).isEqualTo(PUT_REQUEST);
    }

    @Test
    void huffmanRoundTrips() {
        for (String s : List.of("", "a", "/etcdserverpb.KV/Range", "grpc-go/1.33.3", "\u00ff\u0000~")) {
            byte[] raw = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] coded = HpackHuffman.encode(raw);
            assertThat(coded).hasSize(HpackHuffman.encodedLength(raw));
            assertThat(HpackHuffman.decode(coded, 0, coded.length)).isEqualTo(raw);
        }
    }
}
