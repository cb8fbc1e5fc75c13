/*
 * Every built-in lab of the lab index runs end to end on the simulator: every check passes, the
 * same seed gives the same run, and going back gives the same result; the tutorial labs'
 * transcripts show what the tutorial shows.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.session.Transcript;

class BuiltInLabsOnSimulatorTest {

    /** Every lab of the lab index, so a lab added there is run here too. */
    static List<String> builtInLabs() {
        return LabLoader.builtInIds();
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void everyCheckPasses(String id) throws Exception {
        LabRuns.Run run = LabRuns.run(id);
        assertThat(run.results()).hasSize(run.lab().steps().size());
        assertThat(run.results()).allSatisfy(r -> assertThat(r.passed())
                .as("step %d %s:%n%s", r.number(), r.step().title(), Transcript.step(run.lab(), r, null)).isTrue());
    }

    @Test
    void overlayTranscriptShowsTheTutorialsOutputs() throws Exception {
        String t = LabRuns.run("docker-overlay-etcd").transcript();
        assertThat(t).contains(
                "member 21eca106efe4caee is healthy: got healthy result from http://192.168.205.10:2379",
                "member 8614974c83d1cc6d is healthy: got healthy result from http://192.168.205.11:2379",
                "cluster is healthy",
                "\"Subnet\": \"10.0.0.0/24\"",
                "/docker/network\n/docker/nodes\n",
                "/docker/nodes/192.168.205.10:2375\n/docker/nodes/192.168.205.11:2375\n",
                "docker: Error response from daemon: service endpoint with name test1 already exists.",
                "64 bytes from 10.0.0.3: seq=0 ttl=64",
                "VXLAN, flags [I] (0x08), vni 256\nIP 10.0.0.2 > 10.0.0.3: ICMP echo request");
    }

    @Test
    void ovsTranscriptShowsTheGreTunnel() throws Exception {
        String t = LabRuns.run("ovs-gre").transcript();
        assertThat(t).contains("    Bridge br-int\n        Port br-int\n            Interface br-int\n                type: internal\n",
                "        Port \"gre0\"\n            Interface \"gre0\"\n                type: gre\n"
                        + "                options: {remote_ip=\"192.168.205.11\"}\n",
                "ovs_version: \"2.5.2\"",
                "3 packets transmitted, 0 received, +3 errors, 100% packet loss",
                "IP 192.168.205.11 > 192.168.205.10: GREv0, length 102: IP 172.17.0.2 > 172.17.0.3: ICMP echo request");
    }

    @Test
    void flannelTranscriptReproducesTheTutorialLeasesWithItsSeed() throws Exception {
        String t = LabRuns.run("flannel-vxlan").transcript();
        assertThat(t).contains("FLANNEL_NETWORK=10.0.0.0/8\nFLANNEL_SUBNET=10.15.64.1/20\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
                "FLANNEL_SUBNET=10.13.48.1/20",
                "flannel.100 Link encap:Ethernet  HWaddr ",
                "inet addr:10.15.64.0  Bcast:0.0.0.0  Mask:255.0.0.0",
                "/coreos.com/network/subnets/10.15.64.0-20", "/coreos.com/network/subnets/10.13.48.0-20",
                "Cannot connect to the Docker daemon. Is the docker daemon running on this host?",
                "inet addr:10.13.48.2  Bcast:10.13.63.255  Mask:255.255.240.0",
                "64 bytes from 10.13.48.2: seq=0 ttl=62",
                "OTV, flags [I] (0x08), overlay 0, instance 100");
        assertThat(t).containsPattern("64 bytes from 172\\.217\\.22\\.14: seq=0 ttl=61");
    }

    @Test
    void calicoTranscriptShowsTheBgpSessionAndRoutes() throws Exception {
        String t = LabRuns.run("calico-bgp").transcript();
        assertThat(t).contains("Calico process is running.", "Successfully created 1 'ipPool' resource(s)",
                "default via 169.254.1.1 dev cali0");
        assertThat(t).containsPattern("\\| 192\\.168\\.205\\.11 \\| node-to-node mesh \\| up +\\| [0-9:]+ \\| Established \\|");
        assertThat(t).containsPattern("10\\.20\\.\\d+\\.\\d+/26 via 192\\.168\\.205\\.11 dev enp0s8 proto bird");
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void aSeedMakesTheRunRepeatable(String id) throws Exception {
        Lab lab = LabLoader.builtIn(id);
        String first = LabRuns.run(id, 7, 0).transcript();
        String second = LabRuns.run(id, 7, 0).transcript();
        assertThat(second).isEqualTo(first);
        assertThat(LabRuns.run(id, 8, 0).transcript()).isNotEqualTo(first);
        assertThat(lab.seed()).isNotEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("builtInLabs")
    void goingBackAndRunningAgainGivesTheSameTranscript(String id) throws Exception {
        Lab lab = LabLoader.builtIn(id);
        int k = lab.steps().size();
        String straight = LabRuns.run(id).transcript();
        for (int j : new int[] {1, k / 2, k}) {
            LabSession session = new LabSession(lab, new SimulatorBackend(), BackendOptions.withSeed(lab.seed()));
            session.setSolveTasks(true);
            session.start();
            session.runThrough(k);
            session.undoTo(j);
            assertThat(session.completed()).isEqualTo(j - 1);
            List<StepResult> results = session.runThrough(k);
            assertThat(results).hasSize(k - j + 1);
            assertThat(Transcript.of(lab, "sim", lab.seed(), session.results())).as("back to step %d", j)
                    .isEqualTo(straight);
        }
    }
}
