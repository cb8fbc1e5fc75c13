/*
 * memberlist's LZW against frames of a real capture (Docker 20.10's dockerds on this machine,
 * docker-overlay-etcd on the netns backend, port 7946 on node1's enp0s8): every compressed message
 * decompresses, and compressing what came out gives back the captured bytes, so the simulator's
 * compressed push-pulls and gossip are what Go's compress/lzw writes.
 */
package org.overlaylab.simulator.docker.gossip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

class GoLzwTest {
    /** The application payload of each TCP or UDP frame on 7946 that carries one. */
    static List<byte[]> realPayloads() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = GoLzwTest.class.getResourceAsStream("/gossip/docker20-serf-node1-enp0s8.pcap");
             PcapReader r = PcapReader.open(in)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                byte[] f = rec.data();
                int ip = 14;
                int total = ((f[ip + 2] & 0xff) << 8) | (f[ip + 3] & 0xff);
                int l4 = ip + (f[ip] & 15) * 4;
                int data = f[ip + 9] == 17 ? l4 + 8 : l4 + ((f[l4 + 12] & 0xff) >> 4) * 4;
                if (data < ip + total) {
                    out.add(Arrays.copyOfRange(f, data, ip + total));
                }
            }
        }
        return out;
    }

    @Test
    void compressingWhatRealMessagesDecompressToGivesTheirBytesBack() throws Exception {
        int compressed = 0;
        for (byte[] p : realPayloads()) {
            byte[] m = (p[0] & 0xff) == MemberlistMessages.HAS_CRC ? Arrays.copyOfRange(p, 5, p.length) : p;
            if ((m[0] & 0xff) != MemberlistMessages.COMPRESS) {
                continue;
            }
            byte[] plain = MemberlistMessages.unwrap(m);
            assertThat(MemberlistMessages.compressed(plain)).isEqualTo(m);
            compressed++;
        }
        assertThat(compressed).isGreaterThanOrEqualTo(10);
    }

    @Test
    void roundTripsLongInputThroughTableResets() {
        byte[] in = new byte[200_000];
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) ('a' + r.nextInt(i % 3 == 0 ? 26 : 4));
        }
        assertThat(GoLzw.decompress(GoLzw.compress(in))).isEqualTo(in);
        assertThat(GoLzw.decompress(GoLzw.compress(new byte[0]))).isEmpty();
    }
}
