/* Frame signatures for comparing backends: flows named by their service port, tunnels by the registry's names and keys. */
package org.overlaylab.packets.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Corpus;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.encap.Gre;

class FrameHeaderDiffTest {

    @Test
    void framesAreNamedByServicePortWhateverTheDirection() {
        byte[] request = frame(0x0a000001, 0x0a000002, 45000, 2380);
        byte[] reply = frame(0x0a000002, 0x0a000001, 2380, 45000);
        assertThat(FrameHeaderDiff.signature(request)).isEqualTo(FrameHeaderDiff.signature(reply))
                .contains("TCP port 2380");
        assertThat(FrameHeaderDiff.signature(new byte[3])).isEqualTo("short");
    }

    @Test
    void tunnelsAreNamedWithTheirKeyAndInnerPacket() {
        byte[] vxlan = Frames.vxlan(Corpus.underlay(), 40000, Frames.VXLAN_PORT, 256, Corpus.ping(1), false);
        assertThat(FrameHeaderDiff.signature(vxlan)).isEqualTo("IP 192.168.205.10 > 192.168.205.11 ttl 64 UDP dport"
                + " 4789 VXLAN vni 256 [IP 10.0.0.2 > 10.0.0.3 ttl 64 ICMP echo request]");
        byte[] geneve = Frames.geneve(Corpus.underlay(), 40000, 11, 0x0800, 0, new byte[0],
                Frames.ipPacketOf(Corpus.ping(1)));
        assertThat(FrameHeaderDiff.signature(geneve)).isEqualTo("IP 192.168.205.10 > 192.168.205.11 ttl 64 UDP dport"
                + " 6081 Geneve vni 11 proto 0x0800 [IP 10.0.0.2 > 10.0.0.3 ttl 64 ICMP echo request]");
        byte[] gre = Frames.gre(Corpus.underlay(), Frames.ETHERTYPE_TEB, Corpus.ping(1), true, 40, Gre.NO_SEQUENCE);
        assertThat(FrameHeaderDiff.signature(gre)).as("the key found behind the checksum")
                .isEqualTo("IP 192.168.205.10 > 192.168.205.11 ttl 64 GRE key 40 [IP 10.0.0.2 > 10.0.0.3 ttl 64 ICMP"
                        + " echo request]");
        byte[] ipip = Frames.ipv4(Corpus.underlay(), 4, Frames.ipPacketOf(Corpus.ping(1)));
        assertThat(FrameHeaderDiff.signature(ipip)).isEqualTo("IP 192.168.205.10 > 192.168.205.11 ttl 64 IP-in-IP"
                + " proto 0x0800 [IP 10.0.0.2 > 10.0.0.3 ttl 64 ICMP echo request]");
    }

    private static byte[] frame(int src, int dst, int sport, int dport) {
        byte[] f = new byte[14 + 20 + 20];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 8] = 64;
        f[14 + 9] = 6;
        for (int i = 0; i < 4; i++) {
            f[14 + 12 + i] = (byte) (src >>> (24 - 8 * i));
            f[14 + 16 + i] = (byte) (dst >>> (24 - 8 * i));
        }
        f[34] = (byte) (sport >>> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >>> 8);
        f[37] = (byte) dport;
        return f;
    }
}
