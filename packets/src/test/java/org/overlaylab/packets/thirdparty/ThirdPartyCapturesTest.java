/*
 * The printer against tcpdump on captures from tcpdump's, Zeek's and nDPI's test suites
 * (src/test/resources/thirdparty, with the text tcpdump 4.99.3 printed for each): the share of
 * tcpdump's lines the printer reproduces exactly, for the frames it models and for all frames, per
 * protocol, and how many pcapng files are read whole. Runs without tcpdump; fails when the share
 * drops under the floor reached, or when a pcapng file can no longer be read.
 */
package org.overlaylab.packets.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThirdPartyCapturesTest {
    /** The share reached on these captures: every line of the frames the printer models. */
    static final double FLOOR_PERCENT = 100.0;

    static List<String> captures() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : resourceText("captures.txt").split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return names;
    }

    static String resourceText(String name) throws IOException {
        try (InputStream in = ThirdPartyCapturesTest.class.getResourceAsStream("/thirdparty/" + name)) {
            assertThat(in).as("resource thirdparty/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void printerReproducesTcpdumpOnThirdPartyCaptures() throws IOException {
        ThirdPartyMeasure m = new ThirdPartyMeasure();
        for (String name : captures()) {
            try (InputStream in = getClass().getResourceAsStream("/thirdparty/" + name)) {
                m.add(name, in, resourceText(name + ".out"));
            }
        }
        String report = m.report();
        Files.writeString(Path.of("target", "thirdparty-report.txt"), report);
        System.out.println(report.lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        assertThat(m.files).hasSize(captures().size());
        assertThat(m.inScope.percent()).as("share of tcpdump's lines reproduced (frames the printer models)\n%s", report)
                .isGreaterThanOrEqualTo(FLOOR_PERCENT);
        assertThat(m.files.stream().filter(f -> f.pcapng && f.readError != null).map(f -> f.name + ": " + f.readError))
                .as("pcapng files not read whole").isEmpty();
    }
}
