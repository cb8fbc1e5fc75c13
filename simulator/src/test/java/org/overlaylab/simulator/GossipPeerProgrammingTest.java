/*
 * Docker's overlay driver learning the other host's containers from Serf's "jl" events in the
 * docker-overlay-etcd lab: each sandbox's vxlan0 gets the remote container's neighbour and FDB
 * entries, and the gossip frame that brought the event carries them as its effects when the
 * sandbox already existed (otherwise the entries come when the sandbox is made, with no frame);
 * a stopped container's leave takes them away, and a restarted daemon learns the other host's
 * containers from the join events announced again after its Serf join.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.docker.gossip.GossipCapture;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.Neighbour;
import org.overlaylab.simulator.kernel.Vxlan;
import org.overlaylab.simulator.world.SimWorld;

class GossipPeerProgrammingTest {

    private static int stepNumber(String labId, String stepId) throws Exception {
        Lab lab = org.overlaylab.labfile.LabLoader.builtIn(labId);
        for (int i = 0; i < lab.steps().size(); i++) {
            if (lab.steps().get(i).id().equals(stepId)) {
                return i + 1;
            }
        }
        throw new AssertionError("no step " + stepId);
    }

    private static NetNs sandbox(SimWorld w, String host) {
        return w.host(host).namespaces().values().stream().filter(n -> n.kind() == NetNs.Kind.OVERLAY).findFirst()
                .orElseThrow();
    }

    private static void assertProgrammed(NetNs sandbox, String ip, String mac, String vtep) {
        Vxlan vx = (Vxlan) sandbox.link("vxlan0").orElseThrow();
        Neighbour n = sandbox.neighbour(Ipv4.parse(ip), vx);
        assertThat(n).as("neighbour " + ip).isNotNull();
        assertThat(n.lladdr()).isEqualTo(mac);
        assertThat(n.state()).isEqualTo(Neighbour.State.PERMANENT);
        assertThat(vx.fdb()).contains(new Vxlan.FdbRecord(mac, Ipv4.parse(vtep), true));
    }

    /** node1's enp0s8, inbound: the UDP gossip frames that carry an event whose payload starts with `payload`. */
    private static List<CapturedFrame> carrying(SimWorld w, String host, String payload) {
        return w.frames().frames().stream().filter(f -> f.host().equals(host) && f.device().equals("enp0s8")
                && f.direction() == CapturedFrame.Direction.IN && GossipCapture.isGossip(f.data())
                && GossipCapture.userEvents(f.data()).stream().anyMatch(e -> e.contains(": " + payload))).toList();
    }

    @Test
    void eachHostProgramsTheOtherHostsContainerFromItsJoinEvent() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd", org.overlaylab.labfile.LabLoader.builtIn("docker-overlay-etcd").seed(), stepNumber("docker-overlay-etcd", "run-test2"));
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();

        // node1 had test1's sandbox when test2's join came: the first frame that brought it programs test2
        assertProgrammed(sandbox(w, "node1"), "10.0.0.3", "02:42:0a:00:00:03", "192.168.205.11");
        List<CapturedFrame> test2Join = carrying(w, "node1", "join 10.0.0.3 255.255.255.0 02:42:0a:00:00:03");
        assertThat(test2Join).isNotEmpty();
        assertThat(Ipv4.format(org.overlaylab.simulator.net.Wire.ipSrc(test2Join.get(0).data())))
                .isEqualTo("192.168.205.11");
        assertThat(test2Join.get(0).effects()).extracting(StateChange::host, StateChange::kind, StateChange::subject)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("node1", StateChange.Kind.NEIGH_ADDED, "10.0.0.3 dev vxlan0"),
                        org.assertj.core.groups.Tuple.tuple("node1", StateChange.Kind.FDB_ADDED, "02:42:0a:00:00:03 dev vxlan0"));
        assertThat(test2Join.get(0).effects().get(1).description())
                .isEqualTo("programs test2's MAC 02:42:0a:00:00:03 at 192.168.205.11 into vxlan0 on node1");
        // the event's later copies (each side gossips it 4 times) change nothing more
        assertThat(test2Join.subList(1, test2Join.size())).allSatisfy(f -> assertThat(f.effects()).isEmpty());

        // node2 heard of test1 before it had the network's sandbox: the peer DB kept it, and the sandbox
        // that test2's start made got test1's entries then, with no frame to show for it
        assertProgrammed(sandbox(w, "node2"), "10.0.0.2", "02:42:0a:00:00:02", "192.168.205.10");
        List<CapturedFrame> test1Join = carrying(w, "node2", "join 10.0.0.2 255.255.255.0 02:42:0a:00:00:02");
        assertThat(test1Join).isNotEmpty();
        assertThat(test1Join).allSatisfy(f -> assertThat(f.effects()).isEmpty());
    }

    @Test
    void aStoppedContainersLeaveEventTakesItsEntriesAway() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd", org.overlaylab.labfile.LabLoader.builtIn("docker-overlay-etcd").seed(), stepNumber("docker-overlay-etcd", "ping-across"));
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        run.session().backend().run(org.overlaylab.model.backend.CommandRequest.of("node2", "sudo docker kill test2"));
        run.session().backend().run(org.overlaylab.model.backend.CommandRequest.of("node2", "sudo docker ps"));
        NetNs node1 = sandbox(w, "node1");
        Vxlan vx = (Vxlan) node1.link("vxlan0").orElseThrow();
        assertThat(node1.neighbour(Ipv4.parse("10.0.0.3"), vx)).isNull();
        assertThat(vx.fdb()).noneMatch(f -> f.mac().equals("02:42:0a:00:00:03"));
        List<CapturedFrame> leave = carrying(w, "node1", "leave 10.0.0.3");
        assertThat(leave.get(0).effects()).extracting(StateChange::kind)
                .containsExactly(StateChange.Kind.NEIGH_REMOVED, StateChange.Kind.FDB_REMOVED);
    }

    @Test
    void aRestartedDaemonLearnsTheOtherHostsContainersFromItsAnnouncementAfterTheJoin() throws Exception {
        LabRuns.Run run = LabRuns.run("docker-overlay-etcd", org.overlaylab.labfile.LabLoader.builtIn("docker-overlay-etcd").seed(),
                stepNumber("docker-overlay-etcd", "ping-across"));
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        var b = run.session().backend();
        // node2's daemon stops (its containers with it) and starts again, as in the lab's restart step
        assertThat(b.run(org.overlaylab.model.backend.CommandRequest.of("node2", "sudo pkill -x dockerd")).exitCode())
                .isZero();
        b.run(new org.overlaylab.model.backend.CommandRequest("node2", "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375"
                + " -H unix:///var/run/docker.sock --cluster-store=etcd://192.168.205.11:2379"
                + " --cluster-advertise=192.168.205.11:2375", null, true));
        b.run(org.overlaylab.model.backend.CommandRequest.of("node2", "sleep 2"));
        assertThat(b.run(org.overlaylab.model.backend.CommandRequest.of("node2", "sudo docker start test2")).exitCode())
                .isZero();
        b.run(org.overlaylab.model.backend.CommandRequest.of("node2", "sleep 1"));

        // the new daemon ignored the events from before its join; node1 announced test1 again after it
        assertProgrammed(sandbox(w, "node2"), "10.0.0.2", "02:42:0a:00:00:02", "192.168.205.10");
        assertProgrammed(sandbox(w, "node1"), "10.0.0.3", "02:42:0a:00:00:03", "192.168.205.11");
        assertThat(b.run(org.overlaylab.model.backend.CommandRequest.of("node1", "sudo docker exec test1 ping -c 1 10.0.0.3"))
                .output()).contains("1 packets transmitted, 1 packets received");
    }
}
