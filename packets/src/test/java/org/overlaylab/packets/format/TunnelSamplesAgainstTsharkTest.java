/*
 * The built tunnel samples read by a second real tool: tshark marks malformed exactly the frames
 * our layer tree marks malformed (the samples cut short on purpose), and reads from every other
 * frame the same tunnel key (VNI of Geneve and VXLAN-GPE, GRE key) the layer tree shows.
 */
package org.overlaylab.packets.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.Tools;
import org.overlaylab.packets.TunnelSamples;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

@Tag("tools")
class TunnelSamplesAgainstTsharkTest {

    @TempDir
    Path dir;

    @Test
    void tsharkAgreesOnMalformedFramesAndKeys() throws Exception {
        assumeTrue(Tools.available("tshark"), "tshark is not installed");
        List<byte[]> frames = new ArrayList<>();
        TunnelSamples.all().values().forEach(frames::addAll);
        List<PcapRecord> records = TcpdumpComparisonTest.records(frames, Corpus.T0);
        Path file = dir.resolve("tunnels.pcap");
        Tools.writePcap(file, records);
        String out = Tools.run("UTC", "tshark", "-n", "-r", file.toString(), "-T", "fields", "-E", "separator=|",
                "-e", "geneve.vni", "-e", "vxlan.vni", "-e", "gre.key", "-e", "_ws.malformed");
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(frames.size());
        List<String> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            String[] f = lines.get(i).split("\\|", -1);
            String text = !f[0].isEmpty() ? f[0] : !f[1].isEmpty() ? f[1] : f[2];
            long tsharkKey = text.isEmpty() ? -1 : Long.decode(text.split(",")[0]);
            boolean tsharkMalformed = !f[3].isEmpty();
            theirs.add(i + 1 + (tsharkMalformed ? ": malformed" : ": key " + tsharkKey));
            LayerTree tree = LayerTree.of(frames.get(i));
            long ourKey = tree.layers().stream().filter(Layer::isTunnel).findFirst()
                    .flatMap(l -> l.fields().stream().filter(f2 -> f2.name().equals("VNI") || f2.name().equals("Key"))
                            .findFirst())
                    .map(f2 -> Long.parseLong(f2.display())).orElse(-1L);
            ours.add(i + 1 + (tree.malformed() ? ": malformed" : ": key " + ourKey));
        }
        assertThat(ours).isEqualTo(theirs);
    }
}
