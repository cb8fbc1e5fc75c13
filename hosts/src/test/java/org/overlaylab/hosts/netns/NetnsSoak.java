/*
 * Soak run: one built-in lab from nothing to its last step on the netns backend, judged as its lab
 * test judges it (every expectation and check, the real tools' known differences apart, nothing
 * left behind), printed as one line `SOAK <lab> PASS|FAIL <seconds> [reasons]`. scripts/soak-netns.sh
 * calls it once per run, under the machine-wide netns lock, and counts the lines.
 */
package org.overlaylab.hosts.netns;

import java.util.List;
import java.util.Map;
import org.overlaylab.model.backend.CapturePoint;

public final class NetnsSoak {
    private NetnsSoak() {}

    /** The steps where Docker 20.10 and the tutorial's Docker differ by nature (see hosts/NETNS.md). */
    static final Map<String, List<String>> KNOWN_DIFFERENCES = Map.of(
            "docker-overlay-etcd", List.of("step 13 (duplicate-name)"),
            "flannel-vxlan", List.of(
                    "step 8 (stop-docker-node1) on node1: `sudo docker ps`: output contains \"Cannot connect",
                    "step 11 (run-containers) on node2: `sudo docker exec test2 ifconfig`: output contains \"inet addr:10.13.48.2  Bcast:0.0.0.0"));

    public static void main(String[] args) throws Exception {
        String lab = args[0];
        List<String> failures;
        double seconds;
        boolean clean;
        String left;
        try {
            LabRun.Outcome o = LabRun.run(lab, CapturePoint.of("node1", "enp0s8"));
            failures = LabRun.withoutKnownDifferences(o.failures(),
                    KNOWN_DIFFERENCES.getOrDefault(lab, List.of()).toArray(String[]::new));
            seconds = o.elapsed().toMillis() / 1000.0;
            clean = o.leftovers().none();
            left = o.leftovers().toString();
        } catch (Exception e) {
            System.out.println("SOAK " + lab + " FAIL 0.0 the run did not complete: " + e);
            System.exit(1);
            return;
        }
        boolean pass = failures.isEmpty() && clean;
        StringBuilder line = new StringBuilder(String.format("SOAK %s %s %.1f", lab, pass ? "PASS" : "FAIL", seconds));
        if (!clean) {
            line.append(" left behind: ").append(left);
        }
        for (String f : failures) {
            line.append("\n    ").append(f.replace("\n", "\n    "));
        }
        System.out.println(line);
        System.exit(pass ? 0 : 1);
    }
}
