/* Times the pieces of one host command and of the host probe on a fresh lab (a diagnostic for the benchmark). */
package org.overlaylab.hosts.bench;

import java.time.Duration;
import java.util.Map;
import org.overlaylab.hosts.netns.NetnsBackend;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;

public final class ProbeTiming {
    private ProbeTiming() {}

    public static void main(String[] args) throws Exception {
        NetnsBackend b = new NetnsBackend();
        try {
            b.start(LabLoader.builtIn("docker-overlay-etcd"), new BackendOptions(7, null, Duration.ofSeconds(60), Map.of()));
            for (String line : args) {
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    var r = b.run(CommandRequest.of("node1", line));
                    System.out.printf("%6.0f ms  %s -> %s%n", (System.nanoTime() - t0) / 1e6, line,
                            r.output().strip().replace("\n", " | "));
                }
            }
        } finally {
            b.close();
        }
    }
}
