/*
 * The ssh backend logs into the addresses a lab file names only when the user said so: without a
 * hosts file and without the confirmation, start() fails at once with a message saying both ways
 * on, and connects to nothing.
 */
package org.overlaylab.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;

class LabAddressesChoiceTest {

    @Test
    void withoutAHostsFileTheLabsAddressesNeedAnExplicitYes() throws Exception {
        Lab lab = LabLoader.builtIn("docker-overlay-etcd");
        SshBackend backend = new SshBackend();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> backend.start(lab, new BackendOptions(1, null, Duration.ofSeconds(5), Map.of())))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("--hosts FILE")
                .hasMessageContaining("--use-lab-addresses")
                .hasMessageContaining("node1 192.168.205.10, node2 192.168.205.11");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused before any connection").isLessThan(Duration.ofSeconds(1));
        backend.close();
    }
}
