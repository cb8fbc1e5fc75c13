/* The rules that make two runs comparable: random IDs, MACs and cali names scrubbed; JSON compared on shared fields. */
package org.overlaylab.model.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiffRulesTest {

    @Test
    void scrubsWhatIsRandom() {
        assertThat(TopologyDiff.scrub("/docker/network/v1.0/network/" + "ab".repeat(32)))
                .isEqualTo("/docker/network/v1.0/network/<id>");
        assertThat(TopologyDiff.scrub("{\"mac\":\"02:42:0a:00:00:02\",\"name\":\"cali792fe847e40\"}"))
                .isEqualTo("{\"mac\":\"<mac>\",\"name\":\"cali<id>\"}");
        assertThat(TopologyDiff.scrub("10.0.0.0/24")).isEqualTo("10.0.0.0/24");
    }

    @Test
    void jsonValuesAgreeOnTheFieldsBothHave() {
        assertThat(TopologyDiff.sameValue("{\"Count\":1,\"ID\":\"x\"}", "{\"Count\":1}")).isTrue();
        assertThat(TopologyDiff.sameValue("{\"Count\":1}", "{\"Count\":2}")).isFalse();
        assertThat(TopologyDiff.sameValue("{\"a\":{\"b\":1,\"c\":2}}", "{\"a\":{\"b\":1}}")).isTrue();
        assertThat(TopologyDiff.sameValue("{\"a\":1}", "{\"b\":1}")).as("nothing shared").isFalse();
        assertThat(TopologyDiff.sameValue("192.168.205.10", "192.168.205.10")).isTrue();
        assertThat(TopologyDiff.sameValue("not json {", "{}")).isFalse();
    }

    @Test
    void framesAreNamedByServicePortWhateverTheDirection() {
        byte[] request = frame(0x0a000001, 0x0a000002, 45000, 2380);
        byte[] reply = frame(0x0a000002, 0x0a000001, 2380, 45000);
        assertThat(FrameHeaderDiff.signature(request)).isEqualTo(FrameHeaderDiff.signature(reply))
                .contains("TCP port 2380");
        assertThat(FrameHeaderDiff.signature(new byte[3])).isEqualTo("short");
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
