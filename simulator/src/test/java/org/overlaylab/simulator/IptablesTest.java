/*
 * iptables on the simulator against what Debian 12's iptables v1.8.9 (nf_tables) printed for the
 * same rules in a fresh network namespace (src/test/resources/iptables-1.8.9-listings.txt): -L with
 * and without -n, -v, --line-numbers, -S, the nat table and iptables-save; the messages for bad
 * input; and the rules acting on traffic (a dropped tunnel port, seeded random loss, counters).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class IptablesTest {
    private static final String[] RULES = {
        "sudo iptables -I FORWARD -m statistic --mode random --probability 0.3 -j DROP",
        "sudo iptables -I INPUT -p udp --dport 8472 -j DROP",
        "sudo iptables -A INPUT -p gre -j DROP",
        "sudo iptables -A OUTPUT -p tcp -s 10.0.0.0/8 -d 192.168.1.1 --sport 22 -j REJECT",
        "sudo iptables -A FORWARD -i eth0 -o docker0 -p icmp -j ACCEPT",
        "sudo iptables -t nat -A POSTROUTING -s 10.15.64.0/20 ! -o docker0 -j MASQUERADE",
    };

    /** The real tool's output, section by section ("== name" lines). */
    private static Map<String, String> real() throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        try (InputStream in = IptablesTest.class.getResourceAsStream("/iptables-1.8.9-listings.txt")) {
            String name = null;
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("== ")) {
                    if (name != null) {
                        sections.put(name, sb.toString());
                    }
                    name = line.substring(3);
                    sb.setLength(0);
                } else if (name != null) {
                    sb.append(line).append('\n');
                }
            }
            sections.put(name, sb.toString());
        }
        return sections;
    }

    @Test
    void listingsAreThoseOfTheRealTool() throws IOException {
        Map<String, String> real = real();
        try (SimLab lab = SimLab.oneHost()) {
            // Docker's own masquerade rule out of the way, so the tables hold what the real run had
            lab.ok("node1", "sudo iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
            assertThat(lab.ok("node1", "sudo iptables -L")).isEqualTo(real.get("empty -L"));
            assertThat(lab.ok("node1", "sudo iptables -S")).isEqualTo(real.get("empty -S"));
            for (String r : RULES) {
                lab.ok("node1", r);
            }
            assertThat(lab.ok("node1", "sudo iptables -L")).isEqualTo(real.get("-L"));
            assertThat(lab.ok("node1", "sudo iptables -L -n")).isEqualTo(real.get("-L -n"));
            assertThat(lab.ok("node1", "sudo iptables -L -n -v")).isEqualTo(real.get("-L -n -v"));
            assertThat(lab.ok("node1", "sudo iptables -L -n --line-numbers")).isEqualTo(real.get("--line-numbers"));
            assertThat(lab.ok("node1", "sudo iptables -L INPUT -n")).isEqualTo(real.get("-L INPUT"));
            assertThat(lab.ok("node1", "sudo iptables -S")).isEqualTo(real.get("-S"));
            assertThat(lab.ok("node1", "sudo iptables -S INPUT")).isEqualTo(real.get("-S INPUT"));
            assertThat(lab.ok("node1", "sudo iptables -t nat -L -n")).isEqualTo(real.get("nat -L -n"));
            assertThat(lab.ok("node1", "sudo iptables -t nat -S")).isEqualTo(real.get("nat -S"));
            assertThat(lab.ok("node1", "sudo iptables-save").replaceAll("on [A-Z][a-z][a-z] .*", "on DATE"))
                    .isEqualTo(real.get("save"));
        }
    }

    @Test
    void mistakesGetTheRealToolsMessages() {
        try (SimLab lab = SimLab.oneHost()) {
            lab.ok("node1", "sudo iptables -I INPUT -p udp --dport 8472 -j DROP");
            assertThat(lab.run("node1", "sudo iptables -D INPUT -p udp --dport 8472 -j DROP").exitCode()).isZero();
            CommandResult again = lab.run("node1", "sudo iptables -D INPUT -p udp --dport 8472 -j DROP");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.stderr()).isEqualTo("iptables: Bad rule (does a matching rule exist in that chain?).\n");
            assertThat(lab.run("node1", "sudo iptables -D INPUT 5").stderr()).isEqualTo("iptables: Index of deletion too big.\n");
            assertThat(lab.run("node1", "sudo iptables -A NOPE -j DROP").stderr())
                    .isEqualTo("iptables: No chain/target/match by that name.\n");
            CommandResult foo = lab.run("node1", "sudo iptables -A INPUT -j FOO");
            assertThat(foo.exitCode()).isEqualTo(2);
            assertThat(foo.stderr()).isEqualTo("iptables v1.8.9 (nf_tables): Chain 'FOO' does not exist\n"
                    + "Try `iptables -h' or 'iptables --help' for more information.\n");
            assertThat(lab.run("node1", "sudo iptables -A INPUT --dport 80 -j DROP").stderr())
                    .startsWith("iptables v1.8.9 (nf_tables): unknown option \"--dport\"\n");
            assertThat(lab.run("node1", "sudo iptables -A INPUT -m statistic --mode random --probability 1.5 -j DROP").stderr())
                    .isEqualTo("iptables v1.8.9 (nf_tables): statistic: bad value for option \"--probability\", or out of range (0-1).\n\n"
                            + "Try `iptables -h' or 'iptables --help' for more information.\n");
        }
    }

    @Test
    void randomLossDrawsFromTheSeedAndCounts() {
        try (SimLab lab = SimLab.twoHosts()) {
            lab.ok("node2", "sudo iptables -I INPUT -p icmp -m statistic --mode random --probability 0.5 -j DROP");
            CommandResult r = lab.run("node1", "ping -c 20 -i 0.2 -W 1 192.168.205.11");
            String stats = r.stdout().lines().filter(l -> l.contains("packets transmitted")).findFirst().orElseThrow();
            assertThat(stats).matches("20 packets transmitted, \\d+ received, \\d+% packet loss, time \\d+ms");
            int received = Integer.parseInt(stats.replaceAll(".*transmitted, (\\d+) received.*", "$1"));
            assertThat(received).isBetween(3, 17);
            String listing = lab.ok("node2", "sudo iptables -L INPUT -n -v");
            assertThat(listing).contains(String.format("%5d ", 20 - received) + String.format("%5d ", (20 - received) * 84)
                    + "DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.50000000000");
            // same seed, same losses
            try (SimLab again = SimLab.twoHosts()) {
                again.ok("node2", "sudo iptables -I INPUT -p icmp -m statistic --mode random --probability 0.5 -j DROP");
                assertThat(again.run("node1", "ping -c 20 -i 0.2 -W 1 192.168.205.11").stdout().lines()
                        .filter(l -> l.contains("packets transmitted")).findFirst().orElseThrow()).isEqualTo(stats);
            }
        }
    }
}
