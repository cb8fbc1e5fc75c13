/*
 * Lab files made to hurt: each ends fast with one `file:line:column: message`, no stack trace,
 * no hang, bounded memory; and the command rules reach the file with their positions.
 */
package org.overlaylab.labfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileLabFilesTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            id: hostile
            title: T
            hosts:
              - name: node1
                underlay: enp0s8 192.168.205.10/24
            sections:
              - title: S
                steps:
                  - id: s1
                    title: One
                    explain: E
                    run:
            """;

    private static String problems(String text) {
        try {
            LabParser.parse(text, "lab.yaml");
        } catch (LabFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("no problem found in:\n" + text);
    }

    private String loadProblems(byte[] bytes) throws Exception {
        Path f = dir.resolve("lab.yaml");
        Files.write(f, bytes);
        try {
            LabLoader.load(f);
        } catch (LabFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("loaded");
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void yamlNestedFiveThousandLevelsEndsAtLevel65() {
        long t0 = System.nanoTime();
        String block = "a:\n" + "  ".repeat(1) + "- " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(problems(block)).isEqualTo("lab.yaml:2:67: mappings and lists nested more than 64 deep; a lab file needs a handful");
        String mappings = "{k: ".repeat(5000) + "v" + "}".repeat(5000);
        assertThat(problems(mappings)).startsWith("lab.yaml:1:257: mappings and lists nested more than 64 deep");
        assertThat(millisSince(t0)).isLessThan(3_000);
    }

    @Test
    void aTenMegabyteScalarIsRefusedBySizeBeforeParsing() throws Exception {
        byte[] big = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        System.arraycopy("title: ".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 7);
        Path file = Files.write(dir.resolve("big.yaml"), big);
        String text = new String(big, StandardCharsets.US_ASCII);
        // only the refusal is timed: writing 10 MB on a busy machine is not the lab file's doing
        long t0 = System.nanoTime();
        String message;
        try {
            LabLoader.load(file);
            throw new AssertionError("loaded");
        } catch (LabFileException e) {
            message = e.getMessage();
        }
        assertThat(millisSince(t0)).isLessThan(1_000);
        assertThat(message).isEqualTo(file + ":1:1: the file is 10485760 bytes; a lab file is at most 1048576 bytes (1 MiB)");
        t0 = System.nanoTime();
        message = problems(text);
        assertThat(millisSince(t0)).isLessThan(1_000);
        assertThat(message).contains(":1:1: the file is 10485760 bytes");
    }

    @Test
    void latin1AndUtf16AreNamedWithTheirPlace() throws Exception {
        byte[] latin1 = "id: x\ntitle: Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(loadProblems(latin1)).endsWith("lab.yaml:2:11: not UTF-8 text (byte 0xe9), perhaps Latin-1; save the file as UTF-8");
        byte[] utf16 = "id: x\n".getBytes(StandardCharsets.UTF_16);
        assertThat(loadProblems(utf16)).endsWith("lab.yaml:1:1: the file is UTF-16 text; save it as UTF-8");
        byte[] utf16NoBom = "id: x\n".getBytes(StandardCharsets.UTF_16LE);
        assertThat(loadProblems(utf16NoBom)).endsWith("lab.yaml:1:2: a NUL character: this is not a text file (UTF-16 text? save it as UTF-8)");
    }

    @Test
    void valuesTheKernelOrTheClockCannotTakeAreRefused() {
        assertThat(problems(HEAD + "          - {on: node1, command: sleep 1, stop-after: 99999999999999999999999s}\n"))
                .contains("lab.yaml:13:55: stop-after '99999999999999999999999s' is too long; at most 60m");
        assertThat(problems(HEAD + "          - {on: node1, command: sleep 1, stop-after: 2h}\n")).contains("stop-after must be a duration");
        assertThat(problems(HEAD + "          - {on: node1, command: sleep 1, stop-after: 61m}\n")).contains("is too long; at most 60m");
        for (String prefix : new String[] {"32", "31", "0"}) {
            String lab = HEAD.replace("192.168.205.10/24\n", "192.168.205.10/24\n    nat: enp0s3 10.0.2.15/" + prefix + "\n")
                    + "          - node1: true\n";
            assertThat(problems(lab)).as(prefix).contains("lab.yaml:6:10: nat prefix /" + prefix + " leaves no room");
        }
        String longName = HEAD.replace("enp0s8 192.168.205.10/24", "enp0s8-much-too-long 192.168.205.10/24") + "          - node1: true\n";
        assertThat(problems(longName)).contains("lab.yaml:5:15: interface name 'enp0s8-much-too-long' is 20 characters;"
                + " Linux allows at most 15");
    }

    @Test
    void aLabWithoutNatIsValid() throws Exception {
        var lab = LabParser.parse(HEAD + "          - node1: true\n", "lab.yaml");
        assertThat(lab.hosts().get(0).natInterface()).isNull();
    }

    @Test
    void commandRulesPointAtTheFileLineAndColumn() {
        String text = HEAD + "          - node1: echo $(curl -o /etc/cron.d/x http://a/b)\n"
                + "          - node1: sudo docker run --privileged busybox\n"
                + "          - node1: /tmp/x/jq .\n"
                + "          - node1: cd sub\n"
                + "          - node1: ../../ip link\n";
        assertThat(problems(text)).isEqualTo(String.join("\n",
                "lab.yaml:13:35: curl -o /etc/cron.d/x: /etc/cron.d/x is outside the lab's folders (relative paths, /run/,"
                        + " /var/run/, /var/lib/, /var/log/, /etc/docker/, /etc/openvswitch/)",
                "lab.yaml:14:36: docker run --privileged: a privileged container has every device and capability of the"
                        + " machine; not allowed",
                "lab.yaml:15:20: runs /tmp/x/jq, outside the lab; a program is a bare name (jq), a path inside the lab's"
                        + " folder (./jq) or a system one (/usr/bin/jq)",
                "lab.yaml:17:20: runs ../../ip: '..' climbs out of the lab's folder; a program is a bare name (ip) or a path"
                        + " inside the lab's folder (./ip)"));
    }

    @Test
    void everyBuiltInLabPassesTheRules() throws Exception {
        assertThat(LabLoader.builtIns()).hasSize(LabLoader.builtInIds().size());
    }
}
