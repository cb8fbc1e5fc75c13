/*
 * How the netns measurement picks the ping out of a capture, checked fast on the simulator's frames
 * handed over as tcpdump would hand them (every device's frames of the step mixed: three echo
 * requests and their replies, ARP, the same packet on each device it crosses; no trace ids used):
 * it must find the same echo request, underlay frame and receiver as the simulator's own measure,
 * also where the request's source is masqueraded on the way (flannel-vxlan).
 */
package org.overlaylab.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.BackendRegistry;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.LabSession;

class RealPingSelectionTest {

    /** A frame as tcpdump delivers it: no trace id, no hop count. */
    private static CapturedFrame asCaptured(CapturedFrame f) {
        return new CapturedFrame(f.sequence(), f.timeNanos(), f.host(), f.namespace(), f.device(), f.direction(), f.data(),
                f.originalLength(), 0, 0, null);
    }

    @ParameterizedTest
    @CsvSource({"docker-overlay-etcd, ping-across", "flannel-vxlan, ping-test2", "ovs-gre, ping-through-gre",
            "calico-bgp, ping-routed"})
    void findsTheSamePingAsTheSimulatorsOwnMeasure(String labId, String stepId) throws Exception {
        Lab lab = LabLoader.builtIn(labId);
        int number = lab.stepNumber(stepId).orElseThrow();
        Step step = lab.steps().get(number - 1);
        Backend backend = BackendRegistry.load().require("sim").create();
        List<CapturedFrame> frames = new ArrayList<>();
        try (LabSession session = new LabSession(lab, backend, BackendOptions.withSeed(lab.seed()))) {
            session.setSolveTasks(true);
            session.start();
            try (CaptureHandle capture = backend.capture(CapturePoint.ANY, frames::add)) {
                session.runThrough(number - 1);
                int stepStart = frames.size();
                session.runNext();
                List<CapturedFrame> nicsSoFar = new ArrayList<>();
                List<CapturedFrame> nicsInStep = new ArrayList<>();
                List<CapturedFrame> inside = new ArrayList<>();
                for (int i = 0; i < frames.size(); i++) {
                    CapturedFrame f = asCaptured(frames.get(i));
                    if (f.dropped()) {
                        continue;
                    }
                    boolean nic = lab.host(f.host()).map(HostSpec::underlayInterface).orElse("").equals(f.device())
                            && f.namespace().equals(CapturePoint.HOST_NAMESPACE);
                    if (nic) {
                        nicsSoFar.add(f);
                        if (i >= stepStart) {
                            nicsInStep.add(f);
                        }
                    } else if (i >= stepStart) {
                        inside.add(f);
                    }
                }
                LabComparison simulated = PingComparer.measure(lab, number, step, frames, stepStart, session.topology())
                        .orElseThrow();
                Optional<LabComparison> picked = RealPing.measureStep(lab, number, step, inside, nicsInStep, nicsSoFar,
                        session.topology(), "netns", "test");
                assertThat(picked).isPresent();
                LabComparison real = picked.get();
                assertThat(real.sender()).isEqualTo(simulated.sender());
                assertThat(real.receiver()).isEqualTo(simulated.receiver());
                assertThat(real.headerStack()).isEqualTo(simulated.headerStack());
                assertThat(real.underlayFrameBytes()).isEqualTo(simulated.underlayFrameBytes());
                assertThat(real.containerFrameBytes()).isEqualTo(simulated.containerFrameBytes());
                assertThat(real.innerMtu()).isEqualTo(simulated.innerMtu());
                assertThat(real.innerDevice()).isEqualTo(simulated.innerDevice());
                assertThat(real.receivedTtl()).isEqualTo(simulated.receivedTtl());
                assertThat(real.sourceAtReceiver()).isEqualTo(simulated.sourceAtReceiver());
                assertThat(real.underlayCapturePoint()).isEqualTo(simulated.underlayCapturePoint());
            }
        }
    }
}
