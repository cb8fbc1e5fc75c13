/*
 * Soak run: one built-in lab from nothing to its last step on the netns backend, judged as its lab
 * test judges it (every expectation, check and task, the real tools' known differences apart,
 * nothing left behind), printed as one line `SOAK <lab> PASS|FAIL <seconds> [reasons]`. scripts/soak-netns.sh
 * calls it once per run, under the machine-wide netns lock, and counts the lines.
 */
package org.overlaylab.hosts.netns;

import java.util.List;
import org.overlaylab.model.backend.CapturePoint;

public final class NetnsSoak {
    private NetnsSoak() {}

    public static void main(String[] args) throws Exception {
        String lab = args[0];
        List<String> failures;
        double seconds;
        boolean clean;
        String left;
        try {
            LabRun.Outcome o = LabRun.run(lab, CapturePoint.of("node1", "enp0s8"));
            failures = o.failures();
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
