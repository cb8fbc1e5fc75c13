/*
 * The control plane's traffic as tcpdump 4.99.3 on this machine prints it (`TZ=UTC tcpdump -nn -r`,
 * and -e), from real captures: Docker 20.10's libkv client and etcd 3.4's v2 HTTP API on 2379
 * between the two hosts of docker-overlay-etcd on the netns backend (control-etcd-v2), etcdctl v3's
 * put and get over HTTP/2 (gRPC) to etcd 3.4 on lo (control-etcd-v3), and the two dockerds' Serf
 * gossip on TCP and UDP 7946 (control-serf). tcpdump has no printer for these ports: a segment
 * ends at its length, a datagram is "UDP, length N". The line printer must print the same.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

class ControlPlaneGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"control-etcd-v2", "control-etcd-v3", "control-serf"})
    void linePrinterPrintsWhatTcpdumpPrinted(String name) throws Exception {
        for (boolean e : new boolean[] {false, true}) {
            String expected = resource(name + (e ? ".e.txt" : ".txt"));
            TcpdumpFormatter f = new TcpdumpFormatter(ZoneId.of("UTC"), e);
            StringBuilder sb = new StringBuilder();
            try (InputStream in = getClass().getResourceAsStream("/golden/" + name + ".pcap");
                 PcapReader r = PcapReader.open(in)) {
                for (PcapRecord rec = r.next(); rec != null; rec = r.next()) {
                    sb.append(f.format(rec)).append('\n');
                }
            }
            assertThat(sb.toString()).as(name + (e ? " -e" : "")).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"control-etcd-v2", "control-etcd-v3", "control-serf"})
    void goldenLinesShowTheMessagesTheyAreAbout(String name) throws Exception {
        String text = resource(name + ".txt");
        switch (name) {
            case "control-etcd-v2" -> assertThat(text)
                    .contains("IP 192.168.205.10.47858 > 192.168.205.11.2379: Flags [P.], seq 1:204, ack 1, win 63, "
                            + "options [nop,nop,TS val 944966729 ecr 674072914], length 203\n")
                    .doesNotContain(": HTTP");
            case "control-etcd-v3" -> assertThat(text)
                    .contains("127.0.0.1.2379: Flags [P.], seq 1:25, ack 1, win 64,").contains("], length 24\n");
            default -> assertThat(text).contains("IP 192.168.205.10.7946 > 192.168.205.11.7946: UDP, length 170\n")
                    .contains("IP 192.168.205.11.41892 > 192.168.205.10.7946: Flags [P.], seq 1:232, ack 1, win 63,");
        }
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
