/* Diagnostic: runs command lines on node1 of a fresh lab and times each; "!kill NAME" kills a daemon hard. */
package org.overlaylab.hosts.bench;

import java.time.Duration;
import java.util.Map;
import org.overlaylab.hosts.exec.Exec;
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
                if (line.startsWith("!kill ")) {
                    Exec.signal(b.daemonPid("node1", line.substring(6)), "KILL");
                    Thread.sleep(300);
                    continue;
                }
                long t0 = System.nanoTime();
                var r = b.run(CommandRequest.of("node1", line));
                System.out.printf("%6.0f ms  %s -> %s %s%n", (System.nanoTime() - t0) / 1e6, line, r.output().strip(), r.notes());
            }
        } finally {
            b.close();
        }
    }
}
