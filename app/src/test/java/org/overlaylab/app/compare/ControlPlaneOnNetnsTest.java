/*
 * The simulator's control plane in docker-overlay-etcd against the real one: the lab runs on the
 * simulator and on the netns backend (Docker 20.10, etcd 3.4) side by side, both captured on each
 * host's underlay device and on lo, step by step, and the control messages (ControlMessageDiff's
 * sequences) are compared kind by kind after normalising IDs, ports and times:
 * - Serf: the same join conversation in the same step (node2's daemon pushing and pulling with
 *   node1, then node1 with node2, over TCP), and UDP gossip of the same sizes (pings, acks, alive and join gossip, endpoint
 *   events, each within 8 bytes of a real datagram's size);
 * - etcd's peers: the same stream requests (/raft/stream/message and msgapp, both ways) in the step
 *   where the second member starts;
 * - Docker's etcd client: every write the simulated daemon sends (method and key, IDs normalised)
 *   is one the real daemon sends too, over lo or the underlay depending on which member its client
 *   pinned (over the whole lab: the real daemon's writes race the end of their step).
 */
package org.overlaylab.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.packets.diff.ControlMessageDiff;

@Tag("netns")
class ControlPlaneOnNetnsTest {

    /** Frames seen arriving, by the step during which they arrived. */
    private static final class ByStep {
        volatile int step;
        final Map<Integer, List<byte[]>> frames = new LinkedHashMap<>();
        /** On lo a packet leaves and arrives on the same device: take it whichever way a backend labels it. */
        final boolean anyDirection;

        ByStep(boolean anyDirection) {
            this.anyDirection = anyDirection;
        }

        void add(CapturedFrame f) {
            if (f.direction() == CapturedFrame.Direction.DROP || !anyDirection && f.direction() != CapturedFrame.Direction.IN) {
                return;
            }
            synchronized (frames) {
                frames.computeIfAbsent(step, k -> new ArrayList<>()).add(f.data());
            }
        }

        List<byte[]> of(int s) {
            synchronized (frames) {
                return List.copyOf(frames.getOrDefault(s, List.of()));
            }
        }
    }

    @Test
    void simulatedControlPlaneMatchesTheRealOneKindByKind() throws Exception {
        Lab lab = LabLoader.resolve("docker-overlay-etcd");
        BackendRegistry registry = BackendRegistry.load();
        BackendOptions options = new BackendOptions(lab.seed(), null, Duration.ofSeconds(120), Map.of());
        Backend simBackend = registry.require("sim").create();
        Backend realBackend = registry.require("netns").create();
        ByStep simUnderlay = new ByStep(false);
        ByStep realUnderlay = new ByStep(false);
        ByStep simLo = new ByStep(true);
        ByStep realLo = new ByStep(true);
        List<CaptureHandle> captures = new ArrayList<>();
        int steps = lab.steps().size();
        Map<Integer, String> titles = new LinkedHashMap<>();
        try (LabSession sim = new LabSession(lab, simBackend, options); LabSession real = new LabSession(lab, realBackend, options)) {
            sim.setSolveTasks(true);
            real.setSolveTasks(true);
            sim.start();
            real.start();
            for (HostSpec h : lab.hosts()) {
                captures.add(simBackend.capture(CapturePoint.of(h.name(), h.underlayInterface()), simUnderlay::add));
                captures.add(realBackend.capture(CapturePoint.of(h.name(), h.underlayInterface()), realUnderlay::add));
                captures.add(simBackend.capture(CapturePoint.of(h.name(), "lo"), simLo::add));
                captures.add(realBackend.capture(CapturePoint.of(h.name(), "lo"), realLo::add));
            }
            for (int n = 1; n <= steps; n++) {
                for (ByStep b : List.of(simUnderlay, realUnderlay, simLo, realLo)) {
                    b.step = n;
                }
                titles.put(n, sim.runNext().step().id());
                real.runNext();
            }
        } finally {
            captures.forEach(CaptureHandle::close);
        }
        int simUdpChecked = 0;
        Set<String> simWrites = new TreeSet<>();
        Set<String> realWrites = new TreeSet<>();
        List<String> simSerf = new ArrayList<>();
        List<String> realSerf = new ArrayList<>();
        List<byte[]> realUdp = new ArrayList<>();
        List<byte[]> simUdp = new ArrayList<>();
        for (int n = 1; n <= steps; n++) {
            List<String> simSeq = ControlMessageDiff.sequence(simUnderlay.of(n));
            List<String> realSeq = ControlMessageDiff.sequence(realUnderlay.of(n));
            for (String m : only(simSeq, "Serf ")) {
                simSerf.add(titles.get(n) + ": " + m);
            }
            for (String m : only(realSeq, "Serf ")) {
                realSerf.add(titles.get(n) + ": " + m);
            }
            assertThat(only(simSeq, "etcd peer GET /raft/stream")).as("etcd's peer streams in step " + titles.get(n))
                    .containsExactlyInAnyOrderElementsOf(only(realSeq, "etcd peer GET /raft/stream"));
            simWrites.addAll(writes(simUnderlay.of(n), simLo.of(n)));
            realWrites.addAll(writes(realUnderlay.of(n), realLo.of(n)));
            realUnderlay.of(n).stream().filter(ControlPlaneOnNetnsTest::serfUdp).forEach(realUdp::add);
            simUnderlay.of(n).stream().filter(ControlPlaneOnNetnsTest::serfUdp).forEach(simUdp::add);
        }
        // Docker's writes: the real daemon's come in a different number and order, racing the step's end
        assertThat(simWrites).hasSizeGreaterThanOrEqualTo(8);
        assertThat(realWrites).as("Docker's etcd writes over the lab").containsAll(simWrites);
        // the join: node2's daemon pushes and pulls with node1, then node1 with node2, when node2's daemon starts
        // (later push-pulls come every 30 s from a random start, on either backend)
        // (the real segments reach the two hosts' captures in either order, so each message is looked up, not the order)
        // (on a busy machine a periodic push-pull can follow within the next steps, so only the join's step is compared)
        String joinStep = realSerf.isEmpty() ? "" : realSerf.get(0).substring(0, realSerf.get(0).indexOf(": ") + 2);
        List<String> realJoin = realSerf.stream().filter(m -> m.startsWith(joinStep)).toList();
        assertThat(realJoin).isNotEmpty();
        assertThat(simSerf).containsAll(realJoin);
        // the datagram sizes the real daemons send again and again (pings, acks, gossip, events), the simulated ones send too
        Map<Integer, Integer> realSizes = new LinkedHashMap<>();
        realUdp.forEach(f -> realSizes.merge(udpLength(f), 1, Integer::sum));
        Set<Integer> simSizes = new TreeSet<>();
        simUdp.forEach(f -> simSizes.add(udpLength(f)));
        for (Map.Entry<Integer, Integer> e : realSizes.entrySet()) {
            if (e.getValue() >= 4) {
                int size = e.getKey();
                assertThat(simSizes).as("a simulated datagram within 8 bytes of the real %d-byte one", size)
                        .anyMatch(s -> Math.abs(s - size) <= 8);
                simUdpChecked++;
            }
        }
        assertThat(simUdpChecked).isGreaterThanOrEqualTo(4);
    }

    private static List<String> only(List<String> sequence, String prefix) {
        return sequence.stream().filter(m -> m.startsWith(prefix)).toList();
    }

    /** Docker's writes (PUT and DELETE under /v2/keys/docker), without who sent them to which member. */
    private static Set<String> writes(List<byte[]> underlay, List<byte[]> lo) {
        Set<String> out = new TreeSet<>();
        List<byte[]> all = new ArrayList<>(underlay);
        all.addAll(lo);
        for (String m : ControlMessageDiff.sequence(all)) {
            if (m.startsWith("etcd PUT /v2/keys/docker") || m.startsWith("etcd DELETE /v2/keys/docker")) {
                String[] parts = m.split(" ");
                out.add(parts[1] + " " + parts[2].replaceAll("/$", "").replaceAll("/\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+$", "/SUBNET"));
            }
        }
        return out;
    }

    private static boolean serfUdp(byte[] f) {
        if (f.length < 42 || (f[12] & 0xff) != 0x08 || f[23] != 17) {
            return false;
        }
        int l4 = 14 + (f[14] & 15) * 4;
        return ((f[l4] & 0xff) << 8 | (f[l4 + 1] & 0xff)) == 7946;
    }

    private static int udpLength(byte[] f) {
        int l4 = 14 + (f[14] & 15) * 4;
        return (f[l4 + 4] & 0xff) << 8 | (f[l4 + 5] & 0xff);
    }
}
