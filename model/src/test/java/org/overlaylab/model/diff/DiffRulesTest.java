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
}
