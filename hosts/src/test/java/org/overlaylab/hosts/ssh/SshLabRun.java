/*
 * Test support: runs a built-in lab on the test VMs over SSH from nothing to its last step,
 * capturing on one device meanwhile, and says in one message every command expectation and state
 * check that failed; also how long start, steps and close took, and each host's state before the
 * lab and after close.
 */
package org.overlaylab.hosts.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.CheckResult;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;

final class SshLabRun {
    /** What a run left for the test to look at. */
    record Outcome(List<String> failures, List<CapturedFrame> frames, List<StepResult> steps, Duration start, Duration run,
                   Duration close, Map<String, String> before, Map<String, String> after) {

        /** The failures that are not of the given steps, whose difference from the tutorial is the real tools'. */
        List<String> withoutKnownDifferences(String... prefixes) {
            return failures.stream().filter(f -> java.util.Arrays.stream(prefixes).noneMatch(f::startsWith)).toList();
        }

        String timing(String lab) {
            return String.format("%s over SSH: start %.1f s, %d steps %.1f s, close %.1f s", lab, start.toMillis() / 1e3,
                    steps.size(), run.toMillis() / 1e3, close.toMillis() / 1e3);
        }
    }

    private SshLabRun() {}

    static Outcome run(Lab lab, SshTestHosts vms, String flavour, CapturePoint capture) throws Exception {
        Path hosts = vms.hostsFile(lab.id(), vms.clientKey(), flavour, Map.of());
        BackendOptions options = new BackendOptions(lab.seed(), null, Duration.ofSeconds(60), Map.of(
                SshBackend.HOSTS_FILE, hosts.toString(), SshBackend.KNOWN_HOSTS, vms.trustedKnownHosts().toString()));
        Map<String, String> before = new LinkedHashMap<>();
        for (HostSpec h : lab.hosts()) {
            before.put(h.name(), vms.hostState(h.name()));
        }
        List<String> failures = new ArrayList<>();
        List<CapturedFrame> frames = new CopyOnWriteArrayList<>();
        List<StepResult> steps = new ArrayList<>();
        SshBackend backend = new SshBackend();
        long t0 = System.nanoTime();
        long started;
        long ran;
        try (LabSession session = new LabSession(lab, backend, options)) {
            session.setSolveTasks(true);
            session.start();
            started = System.nanoTime();
            CaptureHandle c = capture == null ? null : backend.capture(capture, frames::add);
            try {
                while (!session.finished()) {
                    StepResult r = session.runNext();
                    steps.add(r);
                    failures.addAll(failures(r));
                }
            } finally {
                if (c != null) {
                    c.close();
                }
            }
            ran = System.nanoTime();
        } finally {
            backend.close();
        }
        long closed = System.nanoTime();
        Map<String, String> after = new LinkedHashMap<>();
        for (HostSpec h : lab.hosts()) {
            after.put(h.name(), vms.hostState(h.name()));
        }
        return new Outcome(failures, frames, steps, Duration.ofNanos(started - t0), Duration.ofNanos(ran - started),
                Duration.ofNanos(closed - ran), before, after);
    }

    static List<String> failures(StepResult r) {
        List<String> out = new ArrayList<>();
        String step = "step " + r.number() + " (" + r.step().id() + ")";
        if (r.error() != null) {
            out.add(step + ": " + r.error());
        }
        for (CommandOutcome c : r.commands()) {
            for (CheckResult k : c.checks()) {
                if (!k.passed()) {
                    out.add(step + " on " + c.spec().host() + ": `" + c.spec().firstLine() + "`: " + k.description() + ": " + k.detail()
                            + "\n    output: " + c.result().output().strip() + "\n    notes: " + c.result().notes());
                }
            }
        }
        for (CheckResult k : r.checks()) {
            if (!k.passed()) {
                out.add(step + ": check " + k.description() + ": " + k.detail());
            }
        }
        return out;
    }

    /** Ethernet / IPv4 / UDP to `port` / VXLAN with `vni`. */
    static boolean isVxlan(byte[] d, int port, int vni) {
        if (d.length < 50 || (((d[12] & 0xff) << 8) | (d[13] & 0xff)) != 0x0800 || (d[23] & 0xff) != 17) {
            return false;
        }
        int l4 = 14 + (d[14] & 0x0f) * 4;
        int dport = ((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff);
        int v = ((d[l4 + 12] & 0xff) << 16) | ((d[l4 + 13] & 0xff) << 8) | (d[l4 + 14] & 0xff);
        return dport == port && (d[l4 + 8] & 0x08) != 0 && v == vni;
    }

    /** Ethernet / IPv4 / GRE carrying Ethernet (0x6558). */
    static boolean isGre(byte[] d) {
        if (d.length < 38 || (((d[12] & 0xff) << 8) | (d[13] & 0xff)) != 0x0800 || (d[23] & 0xff) != 47) {
            return false;
        }
        int l4 = 14 + (d[14] & 0x0f) * 4;
        return (((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff)) == 0x6558;
    }
}
