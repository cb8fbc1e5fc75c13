/*
 * `nat:` is optional in a lab file: a host without it comes up on netns with its underlay card
 * only (no way out, as in the simulator), its neighbours reach it, and it is observed and swept.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabParser;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.topology.Host;

@Tag("netns")
class HostWithoutNatTest {
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(30), Map.of());

    @Test
    void aHostWithoutNatComesUpWithItsUnderlayCardOnly() throws Exception {
        Lab lab = LabParser.parse("""
                id: no-nat
                title: Two hosts, one without a NAT card
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                    packages: [iproute2, iputils-ping]
                  - name: node2
                    underlay: enp0s8 192.168.205.11/24
                    nat: enp0s3 10.0.2.15/24
                    packages: [iproute2, iputils-ping]
                sections:
                  - title: S
                    steps:
                      - id: s1
                        title: Ping across
                        explain: The underlay works without a NAT card.
                        run:
                          - node1: ping -c 1 -W 2 192.168.205.11
                """, "no-nat.yaml");
        NetnsBackend backend = new NetnsBackend();
        try {
            backend.start(lab, OPTIONS);
            var links = backend.run(CommandRequest.of("node1", "ip -br link; ip route"));
            assertThat(links.stdout()).contains("enp0s8").doesNotContain("enp0s3").doesNotContain("default");
            assertThat(backend.run(CommandRequest.of("node1", "ping -c 1 -W 2 192.168.205.11")).exitCode()).isZero();
            assertThat(backend.run(CommandRequest.of("node2", "ip route show default")).stdout()).contains("default via 10.0.2.2");
            Host node1 = backend.observe().host("node1").orElseThrow();
            assertThat(node1.toString()).contains("enp0s8");
        } finally {
            backend.close();
        }
        assertThat(Sweeper.leftovers(backend.layout()).none()).as("left behind: " + Sweeper.leftovers(backend.layout())).isTrue();
    }
}
