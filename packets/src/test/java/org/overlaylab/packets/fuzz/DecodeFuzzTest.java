/*
 * One million mutated and truncated frames from a fixed seed through Pcap4J decode, layer tree,
 * hex dump, tcpdump formatter and display filter: nothing may throw.
 */
package org.overlaylab.packets.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.FrameDecoder;
import org.overlaylab.packets.HexDump;
import org.overlaylab.packets.build.FrameFields;
import org.overlaylab.packets.filter.DisplayFilter;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.packets.tree.LayerTree;

@Tag("fuzz")
class DecodeFuzzTest {
    private static final int FRAMES = 1_000_000;

    @Test
    void nothingThrowsOnAMillionMutatedFrames() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        Corpus.all().values().forEach(seeds::addAll);
        SplittableRandom random = new SplittableRandom(20261127L);
        TcpdumpFormatter formatter = new TcpdumpFormatter(ZoneId.of("Europe/Helsinki"), false);
        TcpdumpFormatter linkLevel = new TcpdumpFormatter(ZoneId.of("UTC"), true);
        DisplayFilter filter = DisplayFilter.parse("(icmp or arp or vni 256 or host 10.0.0.3) and not port 22 or ip6");
        StringBuilder sb = new StringBuilder(512);
        long malformed = 0;
        long matched = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                sb.setLength(0);
                int wire = random.nextInt(8) == 0 ? frame.length + random.nextInt(100) : frame.length;
                (i % 2 == 0 ? formatter : linkLevel).format(1_700_000_000L + i, i % 1_000_000, frame, 0,
                        frame.length, wire, sb);
                if (filter.matches(frame)) {
                    matched++;
                }
                if (i % 4 == 0) {
                    if (LayerTree.of(frame, (k, l) -> l.isTunnel() ? "tunnel" : null).malformed()) {
                        malformed++;
                    }
                    FrameFields.innerFrameOffset(frame, 0);
                    FrameFields.vxlanVni(frame, 0);
                }
                if (i % 8 == 0) {
                    FrameDecoder.decode(frame);
                    HexDump.lines(frame);
                }
            } catch (Throwable t) {
                throw new AssertionError("frame " + i + " threw: " + HexFormat.of().formatHex(frame), t);
            }
        }
        assertThat(malformed).isPositive();
        assertThat(matched).isPositive();
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] f;
        int kind = r.nextInt(10);
        if (kind < 3) {
            f = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
        } else {
            f = seed.clone();
        }
        int flips = r.nextInt(5);
        for (int k = 0; k < flips && f.length > 0; k++) {
            int at = r.nextInt(10) < 7 ? r.nextInt(Math.min(f.length, 80)) : r.nextInt(f.length);
            f[at] = (byte) (r.nextInt(4) == 0 ? 0xff : r.nextInt(256));
        }
        if (kind == 9 && f.length > 0) {
            f = java.util.Arrays.copyOf(f, f.length + r.nextInt(64));
        }
        return f;
    }
}
