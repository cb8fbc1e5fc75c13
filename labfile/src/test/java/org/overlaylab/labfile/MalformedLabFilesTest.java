/*
 * Broken lab files, each with the one message a teacher should see: where the problem is (line
 * and column in the file) and what is wrong, never a stack trace.
 */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedLabFilesTest {

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("01-not-yaml.yaml", "2:8: YAML syntax error: while scanning a quoted scalar: found unexpected end of stream"),
                Arguments.of("02-unknown-top-field.yaml", "3:1: unknown field 'colour' in the lab; expected one of: backends, hosts, id, report-key, routers, sections, seed, summary, title, underlay, vary"),
                Arguments.of("03-unknown-host.yaml", "13:13: unknown host 'node3'; this lab's hosts are: node1"),
                Arguments.of("04-unknown-command.yaml", "13:25: unknown command 'ifup'; supported commands: ip, ifconfig, brctl"),
                Arguments.of("05-missing-title.yaml", "1:1: the lab needs 'title'"),
                Arguments.of("06-bad-underlay.yaml", "5:15: underlay must be a device and an address with prefix, such as 'enp0s8 192.168.205.10/24', not 'enp0s8 192.168.205.300/24'"),
                Arguments.of("07-duplicate-step-id.yaml", "14:13: step id 's1' is used twice"),
                Arguments.of("08-unknown-check-kind.yaml", "13:13: unknown check 'firewall'; kinds: interface, route"),
                Arguments.of("09-unknown-check-field.yaml", "13:50: an interface check has no field 'colour'; its fields: host, name"),
                Arguments.of("10-bad-duration.yaml", "15:25: stop-after must be a duration such as 3s, 500ms or 1m, not 'three seconds'"),
                Arguments.of("11-shell-syntax.yaml", "13:25: command: unterminated double quote"),
                Arguments.of("12-bad-regex.yaml", "16:24: 'default via (' is not a valid regular expression: Unclosed group"),
                Arguments.of("13-check-missing-required.yaml", "13:20: a route check needs 'destination'"),
                Arguments.of("14-empty-file.yaml", "1:1: the file is empty; a lab needs id, title, hosts and sections"),
                Arguments.of("15-unremembered-placeholder.yaml", "13:30: {{PEER_IP}} is not remembered by an earlier command"),
                Arguments.of("16-unknown-command-in-block.yaml", "15:20: unknown command 'netplan'"),
                Arguments.of("17-hosts-not-a-list.yaml", "3:8: 'hosts' must be a list (items start with '- ')"),
                Arguments.of("18-duplicate-host.yaml", "6:11: host 'node1' is declared twice"),
                Arguments.of("19-unknown-backend.yaml", "4:15: unknown backend 'vagrant'; backends: sim, netns, ssh"),
                Arguments.of("20-backends-without-reason.yaml", "4:3: backends needs 'reason': why the lab does not run on the other backends"),
                Arguments.of("21-backend-named-twice.yaml", "4:15: backend 'sim' is named twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void pointsAtTheProblem(String file, String expected) throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/malformed/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThatThrownBy(() -> LabParser.parse(text, file))
                .isInstanceOf(LabFileException.class)
                .satisfies(e -> {
                    LabFileException lfe = (LabFileException) e;
                    assertThat(lfe.problems()).as("one problem, no cascade").hasSize(1);
                    assertThat(lfe.getMessage()).startsWith(file + ":" + expected);
                });
    }
}
