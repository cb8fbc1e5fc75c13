/* A lab that names the backends it runs on: read with its reason, refused on the others in one line, shown in its summary. */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.model.lab.Lab;

class BackendLimitTest {
    private static final String LAB = """
            id: tunnel-lab
            title: A tunnel
            backends:
              only: [sim, ssh]
              reason: this machine's kernel has no ipip module
            hosts:
              - name: node1
                underlay: enp0s8 192.168.205.10/24
            sections:
              - title: S
                steps:
                  - id: s1
                    title: T
                    explain: E
                    run:
                      - node1: ip link
            """;

    @Test
    void aLabNamesItsBackendsAndWhyAndIsRefusedOnTheOthersInOneLine() throws Exception {
        Lab lab = LabParser.parse(LAB, "t.yaml");
        assertThat(lab.backends().kinds()).containsExactly("sim", "ssh");
        assertThat(lab.backendRefusal("sim")).isNull();
        assertThat(lab.backendRefusal("ssh")).isNull();
        assertThat(lab.backendRefusal("netns")).isEqualTo(
                "tunnel-lab does not run on the netns backend: this machine's kernel has no ipip module (it runs on sim, ssh)");
        assertThat(LabSummary.of(lab).brief()).endsWith("\nruns on: sim, ssh only (this machine's kernel has no ipip module)");
    }

    @Test
    void aLabWithoutTheFieldRunsEverywhere() throws Exception {
        Lab lab = LabParser.parse(LAB.replaceAll("(?s)backends:.*?module\\n", ""), "t.yaml");
        assertThat(lab.backends()).isNull();
        assertThat(lab.backendRefusal("netns")).isNull();
        assertThat(LabSummary.of(lab).brief()).doesNotContain("runs on");
    }
}
