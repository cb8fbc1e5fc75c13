/*
 * The other three labs over SSH on the debian test VMs, each to its end: Open vSwitch with GRE
 * (daemons and the userspace datapath's underlay bridge over SSH), flannel (the built-in agent
 * talking to etcd through forwarded ports) and Calico (BIRD and the libnetwork-style wiring); each
 * leaves the VMs as they were.
 */
package org.overlaylab.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.lab.Lab;

@Tag("ssh")
@Tag("slow")
class SshMoreLabsTest {

    private static SshLabRun.Outcome run(String labId, CapturePoint capture) throws Exception {
        Lab lab = LabLoader.builtIn(labId);
        try (SshTestHosts vms = SshTestHosts.start(lab)) {
            SshLabRun.Outcome o = SshLabRun.run(lab, vms, "debian", capture);
            System.out.println(o.timing(labId));
            assertThat(o.after()).as("the VMs after close, as before the lab").isEqualTo(o.before());
            return o;
        }
    }

    @Test
    void ovsGreOverSsh() throws Exception {
        SshLabRun.Outcome o = run("ovs-gre", CapturePoint.of("node1", "enp0s8"));
        assertThat(o.failures()).as("failed expectations and checks").isEmpty();
        assertThat(o.frames()).as("GRE frames carrying Ethernet on node1's underlay").anyMatch(f -> SshLabRun.isGre(f.data()));
    }

    @Test
    void flannelOverSsh() throws Exception {
        SshLabRun.Outcome o = run("flannel-vxlan", CapturePoint.of("node1", "enp0s8"));
        // Docker 20.10's client words "Cannot connect to the Docker daemon" differently, and its
        // bridge driver gives containers a broadcast address (Bcast:10.13.63.255, not 0.0.0.0).
        assertThat(o.withoutKnownDifferences(
                "step 8 (stop-docker-node1) on node1: `sudo docker ps`: output contains \"Cannot connect",
                "step 11 (run-containers) on node2: `sudo docker exec test2 ifconfig`: output contains \"inet addr:10.13.48.2  Bcast:0.0.0.0"))
                .as("failed expectations and checks").isEmpty();
        assertThat(o.frames()).as("VXLAN frames with VNI 100 on UDP 8472").anyMatch(f -> SshLabRun.isVxlan(f.data(), 8472, 100));
    }

    @Test
    void calicoOverSsh() throws Exception {
        SshLabRun.Outcome o = run("calico-bgp", null);
        assertThat(o.failures()).as("failed expectations and checks").isEmpty();
    }
}
