/* Trace ids of captured frames: a ping and the same ping inside any tunnel of the encapsulation registry share one. */
package org.overlaylab.hosts.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.build.Frames;
import org.overlaylab.packets.build.Hop;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;
import org.overlaylab.packets.encap.Gre;

class FrameStreamTraceTest {
    private final Hop underlay = Hop.of(Frames.mac("08:00:27:11:22:33"), Frames.mac("08:00:27:b8:22:30"),
            Ipv4.parse("192.168.205.10"), Ipv4.parse("192.168.205.11")).withIdentification(77);
    private final byte[] ping = Frames.icmpEcho(Hop.of(Frames.mac("02:42:0a:00:00:02"), Frames.mac("02:42:0a:00:00:03"),
            Ipv4.parse("10.0.0.2"), Ipv4.parse("10.0.0.3")).withTtl(63).withIdentification(0x1c46), true, 1, 1,
            new byte[56]);
    private final byte[] packet = Frames.ipPacketOf(ping);

    @Test
    void everyTunnelLeadsToTheInnerPing() {
        long[] inner = FrameStream.trace(ping);
        assertThat(inner[0]).isNotZero();
        assertThat(inner[1]).isEqualTo(1);
        byte[][] wrapped = {
            Frames.vxlan(underlay, 40000, Encapsulations.VXLAN_LINUX_PORT, 100, ping, false),
            Frames.geneve(underlay, 40000, 11, Encapsulations.ETHERTYPE_TEB, 0, Geneve.option(0x0102, 0x80, new byte[4]),
                    ping),
            Frames.geneve(underlay, 40000, 11, Encapsulations.ETHERTYPE_IPV4, 0, new byte[0], packet),
            Frames.vxlanGpe(underlay, 40000, 300, 1, packet),
            Frames.gre(underlay, Encapsulations.ETHERTYPE_TEB, ping, true, 40, 1),
            Frames.gre(underlay, Encapsulations.ETHERTYPE_IPV4, packet, false, Gre.NO_KEY, Gre.NO_SEQUENCE),
            Frames.ipv4(underlay, Encapsulations.IP_PROTO_IPIP, packet),
        };
        for (byte[] f : wrapped) {
            assertThat(FrameStream.trace(f)).containsExactly(inner);
        }
        assertThat(FrameStream.trace(Frames.udp(underlay, 40000, 5555, packet, false))).as("not a tunnel port")
                .doesNotContain(inner[0]);
    }
}
