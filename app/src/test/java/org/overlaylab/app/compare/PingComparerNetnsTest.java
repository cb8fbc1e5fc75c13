/*
 * The Compare measurement on real hosts: docker-overlay-etcd, flannel-vxlan and ovs-gre run for real
 * in network namespaces (dockerd, etcd, the kernel's VXLAN, Open vSwitch's userspace GRE), each to its
 * cross-host ping, measured from tcpdump's bytes, against the simulator's figures for the same labs.
 * A lab this kernel cannot run (a gretap tunnel: no gre module) is compared with them and comes back
 * as "not run on netns" with the command that failed, while the others are measured.
 * Run under `flock /tmp/olab-netns.lock`; every lab is torn down by its session, pass or fail.
 */
package org.overlaylab.app.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.lab.Lab;

@Tag("netns")
class PingComparerNetnsTest {
    private static final List<String> LABS = List.of("docker-overlay-etcd", "flannel-vxlan", "ovs-gre");
    private static final Map<String, LabComparison> REAL = new LinkedHashMap<>();
    private static final Map<String, LabComparison> SIMULATED = new LinkedHashMap<>();
    private static final Path KERNEL_LACKS = Path.of("src/test/resources/labs/gretap-bridge.yaml");
    private static LabOutcome notRun;
    private static String table;

    @BeforeAll
    static void runBoth() throws Exception {
        List<Lab> labs = new ArrayList<>();
        for (String id : LABS) {
            labs.add(LabLoader.builtIn(id));
        }
        List<Lab> withTheOneThatCannot = new ArrayList<>(labs);
        withTheOneThatCannot.add(1, LabLoader.load(KERNEL_LACKS));
        long t0 = System.nanoTime();
        List<LabOutcome> real = PingComparer.compareAll(withTheOneThatCannot, "netns", new PingComparer.Progress() {
            @Override
            public void step(String labId, int number, int count, String title) {
                System.out.printf("%6.1f s %s %d/%d %s%n", (System.nanoTime() - t0) / 1e9, labId, number, count, title);
            }
        });
        System.out.printf("netns: %.1f s for %d labs%n", (System.nanoTime() - t0) / 1e9, withTheOneThatCannot.size());
        List<LabOutcome> simulated = PingComparer.compareAll(labs, "sim", PingComparer.Progress.NONE);
        table = ComparisonTable.markdown(real);
        System.out.println(table);
        System.out.println(ComparisonTable.markdown(simulated));
        for (LabOutcome o : real) {
            if (o.labId().equals("gretap-bridge")) {
                notRun = o;
                continue;
            }
            assertThat(o.reason()).as(o.labId() + " on netns").isNull();
            REAL.put(o.labId(), o.comparison());
        }
        simulated.forEach(o -> SIMULATED.put(o.labId(), o.comparison()));
    }

    @Test
    void aLabTheKernelCannotRunSaysWhyInItsColumn() {
        assertThat(notRun.compared()).isFalse();
        assertThat(notRun.reason()).isEqualTo("not run on netns: step 1 (A gretap device on each host, in docker0) fails"
                + " there: node1$ sudo ip link add gre1 type gretap local 192.168.205.10 remote 192.168.205.11:"
                + " Error: Unknown device type.");
        assertThat(table).startsWith("| measure | docker-overlay-etcd | gretap-bridge | flannel-vxlan | ovs-gre |\n")
                .contains("| " + notRun.reason() + " |")
                .contains("| overhead (bytes) | 50 |  | 50 | 38 |")
                .contains("| source address the receiver sees | 10.0.0.2 (the sender's own) |  |");
    }

    private static List<String> headers(LabComparison c) {
        return c.underlayHeaders().stream().map(h -> h.name() + " " + h.bytes()).toList();
    }

    @Test
    void dockerOverlayIsVxlanOnTheWireAsSimulated() {
        LabComparison real = REAL.get("docker-overlay-etcd");
        LabComparison sim = SIMULATED.get("docker-overlay-etcd");
        assertThat(real.backend()).isEqualTo("netns");
        assertThat(headers(real)).isEqualTo(headers(sim)).containsExactly("Ethernet 14", "IPv4 20", "UDP 8", "VXLAN 8",
                "Ethernet 14", "IPv4 20", "ICMP 8", "data 56");
        assertThat(real.overheadBytes()).isEqualTo(sim.overheadBytes()).isEqualTo(50);
        assertThat(real.containerFrameBytes()).isEqualTo(98);
        assertThat(real.maxPayloadOnUnderlay()).isEqualTo(sim.maxPayloadOnUnderlay()).isEqualTo(1422);
        // the container's eth0 on the overlay network is 1450, on the real dockerd as in the simulator
        assertThat(real.innerMtu()).isEqualTo(sim.innerMtu()).isEqualTo(1450);
        assertThat(real.receivedTtl()).isEqualTo(sim.receivedTtl()).isEqualTo(64);
        assertThat(real.sender()).isEqualTo(sim.sender());
        assertThat(real.receiver()).isEqualTo(sim.receiver());
        // the real etcd members talk on the underlay long before the ping: their peer traffic is counted
        assertThat(real.controlTraffic()).extracting(LabComparison.ControlTraffic::protocol).contains("etcd peers");
        assertThat(real.forwardingState()).anyMatch(s -> s.contains("fdb:") && s.contains("dst 192.168.205.11"));
    }

    @Test
    void flannelRoutesIntoVxlanOnItsOwnPortAsSimulated() {
        LabComparison real = REAL.get("flannel-vxlan");
        LabComparison sim = SIMULATED.get("flannel-vxlan");
        assertThat(headers(real)).isEqualTo(headers(sim));
        assertThat(real.overheadBytes()).isEqualTo(sim.overheadBytes()).isEqualTo(50);
        assertThat(real.innerMtu()).isEqualTo(sim.innerMtu()).isEqualTo(1450);
        assertThat(real.maxPayloadInside()).isEqualTo(1422);
        // routed twice, by node1 into flannel.100 and by node2 into docker0
        assertThat(real.receivedTtl()).isEqualTo(sim.receivedTtl()).isEqualTo(62);
        // where they differ: the netns hosts' dockerd runs without iptables, so nothing masquerades the
        // request on its way into flannel.100; the simulator's Docker does, as the tutorial's VMs do
        assertThat(real.sourceAtReceiver()).isEqualTo("10.15.64.2");
        assertThat(sim.sourceAtReceiver()).isEqualTo("10.15.64.0");
        assertThat(real.forwardingState()).anyMatch(s -> s.contains("route:") && s.contains("flannel.100"));
    }

    @Test
    void ovsGreSendsWhatOpenVswitchReallyPutsOnTheWire() {
        LabComparison real = REAL.get("ovs-gre");
        LabComparison sim = SIMULATED.get("ovs-gre");
        // Open vSwitch's userspace GRE port without a key or checksum: the 4-byte GRE header
        assertThat(headers(real)).isEqualTo(headers(sim)).containsExactly("Ethernet 14", "IPv4 20", "GRE 4",
                "Ethernet 14", "IPv4 20", "ICMP 8", "data 56");
        assertThat(real.overheadBytes()).isEqualTo(sim.overheadBytes()).isEqualTo(38);
        assertThat(real.maxPayloadOnUnderlay()).isEqualTo(1434);
        assertThat(real.receivedTtl()).isEqualTo(sim.receivedTtl()).isEqualTo(64);
        assertThat(real.innerMtu()).isEqualTo(sim.innerMtu()).isEqualTo(1500);
        assertThat(real.forwardingState()).anyMatch(s -> s.contains("ovs port:") && s.contains("type gre"));
    }
}
