/*
 * Lab files with routers between underlay segments: a good one reads into RouterSpecs and boot
 * routes; each broken one gives one message at the line and column of the offending value.
 */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.model.lab.BootRoute;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.RouterLink;

class LabRoutersParseTest {

    /** A lab whose routers and hosts are given as YAML lines (indented as under the top level). */
    private static String lab(String routers, String hosts) {
        return "id: routed\n"                              // 1
                + "title: Routed\n"                        // 2
                + "underlay: 192.168.205.0/24\n"           // 3
                + routers                                  // 4..
                + hosts
                + "sections:\n"
                + "  - title: S\n"
                + "    steps:\n"
                + "      - id: s1\n"
                + "        title: T\n"
                + "        explain: E\n"
                + "        run:\n"
                + "          - node1: ip route\n";
    }

    private static final String ROUTER1 = "routers:\n"         // 4
            + "  - name: router1\n"                            // 5
            + "    links:\n"                                   // 6
            + "      - eth1 192.168.205.1/24\n"                // 7
            + "      - eth2 192.168.206.1/24\n";               // 8

    private static final String HOSTS = "hosts:\n"             // 9
            + "  - name: node1\n"                              // 10
            + "    underlay: enp0s8 192.168.205.10/24\n"       // 11
            + "  - name: node3\n"                              // 12
            + "    underlay: enp0s8 192.168.206.12/24\n";      // 13

    @Test
    void readsRoutersSegmentsAndBootRoutes() throws Exception {
        Lab lab = LabParser.parse(lab(ROUTER1, HOSTS), "routed.yaml");
        assertThat(lab.routers()).hasSize(1);
        assertThat(lab.routers().get(0).name()).isEqualTo("router1");
        assertThat(lab.routers().get(0).links()).containsExactly(new RouterLink("eth1", "192.168.205.1/24"),
                new RouterLink("eth2", "192.168.206.1/24"));
        assertThat(lab.routers().get(0).position().line()).isEqualTo(5);
        assertThat(lab.segments()).containsExactly("192.168.205.0/24", "192.168.206.0/24");
        assertThat(lab.bootRoutes(lab.host("node1").orElseThrow()))
                .containsExactly(new BootRoute("192.168.206.0/24", "192.168.205.1", "enp0s8"));
        assertThat(lab.bootRoutes(lab.host("node3").orElseThrow()))
                .containsExactly(new BootRoute("192.168.205.0/24", "192.168.206.1", "enp0s8"));
    }

    @Test
    void aLabWithoutRoutersHasNone() throws Exception {
        Lab lab = LabParser.parse(lab("", "hosts:\n  - name: node1\n    underlay: enp0s8 192.168.205.10/24\n"), "plain.yaml");
        assertThat(lab.routers()).isEmpty();
        assertThat(lab.bootRoutes(lab.host("node1").orElseThrow())).isEmpty();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("one link", lab("routers:\n  - name: router1\n    links:\n      - eth1 192.168.205.1/24\n",
                        HOSTS.replace("192.168.206.12", "192.168.205.12")),
                        "7:7: a router needs at least two links, one on each segment it joins"),
                Arguments.of("two links on one segment", lab(ROUTER1.replace("192.168.206.1/24", "192.168.205.2/24"), HOSTS),
                        "8:9: the router has two links on segment 192.168.205.0/24; each link joins a different segment"),
                Arguments.of("overlapping segments", lab(ROUTER1.replace("192.168.206.1/24", "192.168.205.129/25"), HOSTS),
                        "8:9: segment 192.168.205.128/25 overlaps segment 192.168.205.0/24; two segments are either equal"
                                + " or apart"),
                Arguments.of("bad link", lab(ROUTER1.replace("eth2 192.168.206.1/24", "eth2 192.168.206.1"), HOSTS),
                        "8:9: a link must be an interface and an address with prefix, such as 'eth1 192.168.205.1/24',"
                                + " not 'eth2 192.168.206.1'"),
                Arguments.of("link on the network address", lab(ROUTER1.replace("192.168.206.1/24", "192.168.206.0/24"), HOSTS),
                        "8:9: link address 192.168.206.0 is the network or broadcast address of /24"),
                Arguments.of("router named twice", lab(ROUTER1 + "  - name: router1\n    links:\n      - eth1 192.168.205.2/24\n"
                        + "      - eth2 192.168.207.1/24\n", HOSTS),
                        "9:11: router 'router1' is declared twice"),
                Arguments.of("second router on the same pair", lab(ROUTER1 + "  - name: router2\n    links:\n"
                        + "      - eth1 192.168.205.2/24\n      - eth2 192.168.206.2/24\n", HOSTS),
                        "9:11: router 'router2' joins 192.168.205.0/24 and 192.168.206.0/24, which router 'router1'"
                                + " already joins; one router per pair of segments"),
                Arguments.of("host named like the router", lab(ROUTER1, HOSTS.replace("name: node3", "name: router1")),
                        "12:11: 'router1' is already the name of the router at line 5; hosts and routers need different names"),
                Arguments.of("host outside every segment", lab(ROUTER1, HOSTS.replace("192.168.206.12", "192.168.207.12")),
                        "13:15: address 192.168.207.12/24 is outside every segment of the lab (192.168.205.0/24,"
                                + " 192.168.206.0/24)"),
                Arguments.of("host on the router's address", lab(ROUTER1, HOSTS.replace("192.168.206.12", "192.168.206.1")),
                        "13:15: address 192.168.206.1 is router1's eth2; a host needs an address of its own"),
                Arguments.of("host with another prefix", lab(ROUTER1, HOSTS.replace("192.168.206.12/24", "192.168.206.12/16")),
                        "13:15: address 192.168.206.12/16 lies in segment 192.168.206.0/24 but has another prefix; write"
                                + " 192.168.206.12/24"),
                Arguments.of("host on a segment no router reaches", lab("routers:\n  - name: router1\n    links:\n"
                        + "      - eth1 192.168.206.1/24\n      - eth2 192.168.207.1/24\n", HOSTS),
                        "11:15: no router has a link on segment 192.168.205.0/24, so a host there cannot reach the other"
                                + " segments; give a router a link on it"),
                Arguments.of("routers not a list", lab("routers: router1\n", HOSTS.replace("192.168.206.12", "192.168.205.12")),
                        "4:10: 'routers' must be a list (items start with '- ')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void pointsAtTheProblem(String what, String text, String expected) {
        assertThatThrownBy(() -> LabParser.parse(text, "routed.yaml"))
                .isInstanceOf(LabFileException.class)
                .satisfies(e -> {
                    List<LabProblem> problems = ((LabFileException) e).problems();
                    assertThat(problems).as("one problem, no cascade: " + problems).hasSize(1);
                    assertThat(e.getMessage()).startsWith("routed.yaml:" + expected);
                });
    }
}
