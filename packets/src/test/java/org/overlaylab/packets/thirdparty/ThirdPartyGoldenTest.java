/*
 * The stored tcpdump output of each third-party capture is what this machine's tcpdump prints
 * for it now (`TZ=UTC tcpdump -nn -r`, in a network namespace of its own so cooked-v2 interface
 * names do not depend on the machine). With -Dthirdparty.regenerate=true the files are written
 * again into src/test/resources/thirdparty.
 */
package org.overlaylab.packets.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.packets.Tools;

@Tag("tools")
class ThirdPartyGoldenTest {
    private static final Path SOURCE = Path.of("src/test/resources/thirdparty");

    @Test
    void storedOutputIsWhatTcpdumpPrintsHere() throws Exception {
        assumeTrue(Tools.available("tcpdump") && Tools.available("unshare"), "tcpdump and unshare are needed");
        boolean regenerate = Boolean.getBoolean("thirdparty.regenerate");
        List<String> differ = new ArrayList<>();
        for (String name : ThirdPartyCapturesTest.captures()) {
            Path capture = SOURCE.resolve(name);
            String now = Tools.run("UTC", "unshare", "-n", "tcpdump", "-nn", "-r", capture.toString());
            Path golden = SOURCE.resolve(name + ".out");
            if (regenerate) {
                Files.writeString(golden, now, StandardCharsets.ISO_8859_1);
            } else if (!now.equals(Files.readString(golden, StandardCharsets.ISO_8859_1))) {
                differ.add(name);
            }
        }
        assertThat(differ).as("captures whose stored tcpdump output differs from this tcpdump's").isEmpty();
    }
}
