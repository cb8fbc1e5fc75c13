/*
 * The simulator's fragments against the real tcpdump: a 1500-byte ping across flannel with the
 * VXLAN device at MTU 1500 (outer UDP fragmented on the underlay, "frag needed" back, inner
 * fragments after) written to a pcap, read back by `tcpdump -nn -r`, and compared line by line with
 * the packets module's printer.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.PcapWriter;
import org.overlaylab.packets.format.TcpdumpFormatter;

@Tag("tools")
class FragmentCapturesAgainstTcpdumpTest {

    @Test
    void fragmentsPrintAsTcpdumpPrintsThem(@TempDir Path dir) throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.etcdCluster().flannelConfigured().flannelRunning().dockerInFlannelSubnets();
            lab.runSleeper("node1", "test1", null);
            lab.runSleeper("node2", "test2", null);
            MtuTest.vxlanAt1500(lab);
            List<CapturedFrame> frames = new ArrayList<>();
            CaptureHandle h = lab.backend().capture(new CapturePoint("node2", null, "enp0s8"), f -> {
                if (!f.dropped()) {
                    frames.add(f);
                }
            });
            lab.run("node1", "ping -c 3 -s 1472 10.13.48.2");
            lab.run("node1", "sudo docker exec test1 ping -c 1 -s 1472 10.13.48.2");
            h.close();
            Path pcap = dir.resolve("frags.pcap");
            TcpdumpFormatter fmt = new TcpdumpFormatter(java.time.ZoneOffset.UTC, false, false);
            StringBuilder ours = new StringBuilder();
            try (PcapWriter w = PcapWriter.create(pcap)) {
                for (CapturedFrame f : frames) {
                    PcapRecord r = PcapRecord.of(f);
                    w.write(r);
                    ours.append(fmt.format(r)).append('\n');
                }
            }
            Process p = new ProcessBuilder("tcpdump", "-nn", "-r", pcap.toString()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Files.writeString(dir.resolve("ours.txt"), ours);
            // tcpdump prints times in the local zone; compare from the time's end on
            assertThat(strip(ours.toString())).isEqualTo(strip(theirs));
            assertThat(theirs).contains("ip-proto-17", "need to frag (mtu 1450)", "ip-proto-1");
        }
    }

    private static String strip(String s) {
        return s.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "");
    }
}
