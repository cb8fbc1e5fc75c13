/*
 * Task steps and varied values in lab files: what a well-formed task becomes, and the one message,
 * at its line and column, that each mistake in one gives.
 */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.lab.Variation;

class TaskLabFilesTest {
    private static final String HEAD = """
            id: lab-t
            title: A lab
            hosts:
              - name: node1
                underlay: enp0s8 192.168.205.10/24
            """;

    private static final String TASK = HEAD + """
            vary:
              VNI: "{100-4000}"
              NET: "10.{16-250}"
              COLOUR: [red, green]
            report-key: s3cret
            sections:
              - title: S
                steps:
                  - id: fix-vxlan
                    title: Make the VXLAN device
                    explain: The device is gone.
                    task: Create vxlan{{VNI}} with VNI {{VNI}}
                    hints:
                      - ip link add
                      - "dstport 4789"
                    scenario:
                      - node1: ip link del vxlan0
                    solution:
                      - node1: ip link add vxlan{{VNI}} type vxlan id {{VNI}} dstport 4789
                    check:
                      - interface: {host: node1, name: "vxlan{{VNI}}", vni: "{{VNI}}"}
            """;

    @Test
    void aTaskStepCarriesItsTextHintsScenarioSolutionAndChecks() throws Exception {
        Lab lab = LabParser.parse(TASK, "t.yaml");
        Step s = lab.steps().get(0);
        assertThat(s.isTask()).isTrue();
        assertThat(s.task().text()).isEqualTo("Create vxlan{{VNI}} with VNI {{VNI}}");
        assertThat(s.task().hints()).containsExactly("ip link add", "dstport 4789");
        assertThat(s.task().scenario()).extracting(c -> c.line()).containsExactly("ip link del vxlan0");
        assertThat(s.task().solution()).extracting(c -> c.line())
                .containsExactly("ip link add vxlan{{VNI}} type vxlan id {{VNI}} dstport 4789");
        assertThat(s.task().checks()).hasSize(1);
        assertThat(s.commands()).isEmpty();
        assertThat(lab.vary()).containsEntry("VNI", "{100-4000}").containsEntry("COLOUR", "red|green");
        assertThat(lab.reportKey()).isEqualTo("s3cret");
        assertThat(lab.taskSteps()).containsExactly(s);
    }

    @Test
    void twoSeedsGiveTwoStudentsDifferentValuesAndOneSeedAlwaysTheSame() throws Exception {
        Lab lab = LabParser.parse(TASK, "t.yaml");
        var a = Variation.resolve(lab.vary(), 1001);
        var b = Variation.resolve(lab.vary(), 1002);
        assertThat(Variation.resolve(lab.vary(), 1001)).isEqualTo(a);
        assertThat(a.get("VNI")).isNotEqualTo(b.get("VNI"));
        assertThat(Integer.parseInt(a.get("VNI"))).isBetween(100, 4000);
        assertThat(a.get("NET")).matches("10\\.\\d+");
        assertThat(a.get("COLOUR")).isIn("red", "green");
    }

    static Stream<Arguments> mistakes() {
        String step = """
                sections:
                  - title: S
                    steps:
                      - id: s1
                        title: T
                        explain: E
                """;
        return Stream.of(
                Arguments.of(HEAD + step + """
                                task: Fix it
                                solution:
                                  - node1: ip link set eth0 up
                        """, "12:9: a task needs 'check': the state that shows it is achieved"),
                Arguments.of(HEAD + step + """
                                task: Fix it
                                check:
                                  - interface: {host: node1, name: eth0}
                        """, "12:9: a task needs 'solution': the commands that achieve it"),
                Arguments.of(HEAD + step + """
                                run:
                                  - node1: ip link
                                hints: [look]
                        """, "14:9: 'hints' belongs to a task; add 'task:' saying what the student must achieve"),
                Arguments.of(HEAD + step + """
                                task: Fix it
                                scenario:
                                  - node3: ip link del eth0
                                solution:
                                  - node1: ip link
                                check:
                                  - interface: {host: node1, name: eth0}
                        """, "14:13: unknown host 'node3'; this lab's hosts are: node1"),
                Arguments.of(HEAD + step + """
                                task: Fix it
                                solution:
                                  - node1: ifup eth0
                                check:
                                  - interface: {host: node1, name: eth0}
                        """, "14:20: unknown command 'ifup'"),
                Arguments.of(HEAD + step + """
                                task: Fix it
                                solution:
                                  - node1: ip link
                                check:
                                  - interface: {host: node1, name: "vxlan{{VNI}}"}
                        """, "16:44: {{VNI}} is neither varied (vary:) nor remembered by an earlier command"),
                Arguments.of(HEAD + """
                        vary:
                          VNI: "{4000-100}"
                        """ + step + """
                                run:
                                  - node1: ip link
                        """, "7:8: vary.VNI: range {4000-100} goes downwards"),
                Arguments.of(HEAD + """
                        vary:
                          vni: "{1-2}"
                        """ + step + """
                                run:
                                  - node1: ip link
                        """, "7:3: a varied name is upper-case letters, digits and underscores, like VNI"),
                Arguments.of(HEAD + """
                        vary:
                          NET: "10.{1-x}"
                        """ + step + """
                                run:
                                  - node1: ip link
                        """, "7:8: vary.NET: braces are only for ranges such as {100-4000}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void eachMistakeIsOneMessageAtItsPlace(String text, String expected) {
        assertThatThrownBy(() -> LabParser.parse(text, "t.yaml"))
                .isInstanceOf(LabFileException.class)
                .satisfies(e -> {
                    LabFileException lfe = (LabFileException) e;
                    assertThat(lfe.problems()).as(lfe.getMessage()).hasSize(1);
                    assertThat(lfe.getMessage()).startsWith("t.yaml:" + expected);
                });
    }
}
