/*
 * A frame's kind (innermost protocol and tunnel) as the animation reads it from the Pcap4J layer
 * tree against the one the packet list reads from the bytes, on every frame of the packets
 * module's golden and tunnel captures: the same, or the decoded one names more. The fast reading
 * looks inside a tunnel only for an inner Ethernet frame and finds UDP tunnels by destination
 * port only (as the kernel does); the layer tree also reads IP carried straight in GRE, Geneve,
 * VXLAN-GPE or IP-in-IP, and a tunnel on the source port (a reply), as tcpdump does.
 */
package org.overlaylab.app.ui.packets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.tree.LayerTree;

class ProtocolTest {
    private static final Path CAPTURES = Path.of("..", "packets", "src", "test", "resources");

    @Test
    void theDecodedKindIsTheFastKindOnEveryGoldenFrame() throws Exception {
        List<Path> files;
        try (Stream<Path> golden = Files.list(CAPTURES.resolve("golden"));
             Stream<Path> tunnels = Files.list(CAPTURES.resolve("tunnels"))) {
            files = Stream.concat(golden, tunnels).filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);
        int frames = 0;
        List<String> differing = new java.util.ArrayList<>();
        for (Path file : files) {
            try (CaptureReader r = CaptureReader.open(file)) {
                while (r.advance()) {
                    byte[] data = r.data();
                    LayerTree tree = LayerTree.of(data);
                    Protocol.Kind decoded = Protocol.of(tree);
                    Protocol.Kind fast = Protocol.classify(data);
                    if (!decoded.equals(fast)) {
                        boolean fastSeesLess = (fast.protocol() == Protocol.OTHER && fast.tunnel() == decoded.tunnel())
                                || (fast.tunnel() == Protocol.Tunnel.NONE && decoded.tunnel() != Protocol.Tunnel.NONE);
                        assertThat(fastSeesLess).as(file + " #" + r.recordNumber() + " fast " + fast + ", decoded "
                                + decoded).isTrue();
                        differing.add(file.getFileName() + " #" + r.recordNumber() + " fast " + fast + ", decoded "
                                + decoded + ": " + tree.layers().stream().map(l -> l.name()).toList());
                    }
                    frames++;
                }
            }
        }
        assertThat(frames).isGreaterThan(100);
        assertThat(differing).hasSizeLessThan(frames / 5);
    }

    @Test
    void aFrameTooShortForEthernetIsOtherAndAnArpRequestIsArp() {
        assertThat(Protocol.of(LayerTree.of(new byte[3]))).isEqualTo(new Protocol.Kind(Protocol.OTHER, Protocol.Tunnel.NONE));
        byte[] arp = Frames.arpRequest(0x080027112233L, 0xc0a8cd0a, 0xc0a8cd0b);
        assertThat(Protocol.of(LayerTree.of(arp))).isEqualTo(new Protocol.Kind(Protocol.ARP, Protocol.Tunnel.NONE));
    }
}
