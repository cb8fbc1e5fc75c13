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
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.PcapFormatException;
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

    /**
     * The third-party captures' frames (DNS, BGP, HTTP, MPTCP, IPv6 extension headers, every link
     * type) mutated and cut: the printer of each link type, and the layer tree for Ethernet, never throw;
     * the captures' own bytes mutated: the reader only ever says the file is damaged.
     */
    @Test
    void nothingThrowsOnMutatedThirdPartyFramesAndFiles() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        String list = new String(getClass().getResourceAsStream("/thirdparty/captures.txt").readAllBytes(),
                java.nio.charset.StandardCharsets.US_ASCII);
        for (String name : list.split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            byte[] file = getClass().getResourceAsStream("/thirdparty/" + name.strip()).readAllBytes();
            files.add(file);
            try (CaptureReader r = CaptureReader.open(new java.io.ByteArrayInputStream(file))) {
                while (r.advance()) {
                    if (TcpdumpFormatter.supportsLinkType(r.recordLinkType())) {
                        frames.add(r.data());
                        linkTypes.add(r.recordLinkType());
                    }
                }
            } catch (PcapFormatException e) {
                // a capture damaged on purpose by its suite: its frames up to the damage are seeds
            }
        }
        SplittableRandom random = new SplittableRandom(20261202L);
        TcpdumpFormatter formatter = new TcpdumpFormatter(ZoneId.of("UTC"), false);
        TcpdumpFormatter linkLevel = new TcpdumpFormatter(ZoneId.of("UTC"), true);
        StringBuilder sb = new StringBuilder(512);
        int[] types = {1, 0, 108, 12, 101, 228, 229, 113, 276};
        for (int i = 0; i < FRAMES / 4; i++) {
            int k = random.nextInt(frames.size());
            byte[] frame = mutate(frames.get(k), random);
            int type = random.nextInt(8) == 0 ? types[random.nextInt(types.length)] : linkTypes.get(k);
            try {
                sb.setLength(0);
                if (frame.length > 0) {
                    (i % 2 == 0 ? formatter : linkLevel).formatLink(type, 1_600_000_000L + i, i % 1_000_000, frame, 0,
                            frame.length, frame.length + random.nextInt(3) * random.nextInt(40), sb);
                }
                assertThat(sb.toString()).doesNotContain("formatter error");
                if (type == 1 && i % 4 == 0) {
                    LayerTree.of(frame);
                }
            } catch (Throwable t) {
                throw new AssertionError("link type " + type + " frame " + i + " threw: "
                        + HexFormat.of().formatHex(frame), t);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] file = mutate(files.get(random.nextInt(files.size())), random);
            try (CaptureReader r = CaptureReader.open(new java.io.ByteArrayInputStream(file))) {
                while (r.advance()) {
                    r.data();
                }
            } catch (PcapFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (Throwable t) {
                throw new AssertionError("file " + i + " threw: " + HexFormat.of().formatHex(file, 0,
                        Math.min(file.length, 200)), t);
            }
        }
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
