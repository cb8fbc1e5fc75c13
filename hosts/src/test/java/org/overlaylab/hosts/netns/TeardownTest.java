/*
 * Teardown leaves nothing: after close(), and after a run that never closed (as after a crash),
 * the next start sweeps every namespace, process, mount and file of the earlier lab.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.lab.Lab;

@Tag("netns")
class TeardownTest {
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(30), Map.of());

    @Test
    void theFreshHostsAreTheTutorialsVmsAndCloseLeavesNothing() throws Exception {
        Lab lab = LabLoader.builtIn("ovs-gre");
        NetnsBackend backend = new NetnsBackend();
        try {
            backend.start(lab, OPTIONS);
            var r = backend.run(CommandRequest.of("node1", "hostname; ip -br addr show enp0s8; ip -br addr show enp0s3; "
                    + "ip route show default; ip -br addr show docker0"));
            assertThat(r.stdout()).contains("docker-node1", "192.168.205.10/24", "10.0.2.15/24", "default via 10.0.2.2 dev enp0s3",
                    "172.17.0.1/16");
            assertThat(backend.run(CommandRequest.of("node2", "ping -c 1 -W 2 192.168.205.10")).exitCode()).isZero();
            var google = backend.run(CommandRequest.of("node2", "ping -c 1 -W 2 google.com"));
            assertThat(google.stdout()).contains("172.217.22.14").contains("ttl=62");
            assertThat(Sweeper.leftovers(backend.layout()).none()).isFalse();
        } finally {
            backend.close();
        }
        assertThat(Sweeper.leftovers(backend.layout()).none()).as("left behind: " + Sweeper.leftovers(backend.layout())).isTrue();
    }

    @Test
    void aLabThatWasNeverClosedIsSweptByTheNextStart() throws Exception {
        Lab lab = LabLoader.builtIn("docker-overlay-etcd");
        NetnsBackend crashed = new NetnsBackend();
        crashed.start(lab, OPTIONS);
        crashed.run(CommandRequest.of("node1", "docker run -d --name left busybox sleep 3600"));
        LabLayout layout = crashed.layout();
        // a run whose owner died: its record names a process that is gone
        java.nio.file.Files.writeString(LabRuns.REGISTRY.resolve(layout.runId()), "999999999 1\n" + layout.root() + "\n");
        assertThat(Sweeper.leftovers(layout).processes()).isNotEmpty();

        NetnsBackend next = new NetnsBackend();
        try {
            next.start(lab, OPTIONS);
            assertThat(Sweeper.ourNetns(layout.prefix())).isEmpty();
            var ps = next.run(CommandRequest.of("node1", "docker ps -a --format '{{.Names}}'"));
            assertThat(ps.stdout()).doesNotContain("left");
        } finally {
            next.close();
        }
        assertThat(Sweeper.leftovers(layout).none()).as("left behind: " + Sweeper.leftovers(layout)).isTrue();
        assertThat(Files.exists(layout.root())).isFalse();
    }
}
