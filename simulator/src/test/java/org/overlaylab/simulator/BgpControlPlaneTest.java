/*
 * The BGP session of the calico-bgp lab on the simulated wire: its handshake and OPEN/KEEPALIVE
 * exchange shaped as a real BIRD-to-BIRD session, its messages byte for byte those of BIRD 2.0.12,
 * tcpdump's lines for it (golden), the UPDATE that installs a route naming that route, withdrawals,
 * keepalive timing, and the control-plane flag.
 *
 * src/test/resources/bgp/bird2-session.pcap is a real session captured on this machine (BIRD 2.0.12,
 * Linux 6.18, tcpdump 4.99.3), made as root while holding /tmp/olab-netns.lock:
 *   ip netns add ctlp-bgp1; ip netns add ctlp-bgp2
 *   ip link add enp0s8 netns ctlp-bgp1 type veth peer name enp0s8 netns ctlp-bgp2
 *   addresses 192.168.205.10/24 (ctlp-bgp1) and 192.168.205.11/24 (ctlp-bgp2), lo and enp0s8 up
 *   ip netns exec ctlp-bgp1 tcpdump -i enp0s8 -nn -U -w bgp.pcap 'tcp port 179'
 *   in each namespace `bird -c birdN.conf -s birdN.ctl -P birdN.pid`, birdN.conf being:
 *     router id <own address>;
 *     protocol device { }
 *     protocol static blocks { ipv4; route <block> blackhole; }   # 10.20.96.0/26 on .10, 10.20.130.64/26 on .11
 *     protocol bgp Mesh_<peer address with _> {
 *       local <own address> as 64512; neighbor <peer address> as 64512; multihop;
 *       passive on;                                                # on .10 only, as Calico's mesh does for the lower address
 *       ipv4 { import all; export where source = RTS_STATIC; next hop self; };
 *     }
 *   15 s later .11's block is removed from bird2.conf and `birdc -s bird2.ctl configure` run (the
 *   withdrawal), 80 s later `birdc -s bird2.ctl down` (NOTIFICATION Cease, FIN); then both BIRDs are
 *   killed and the namespaces deleted.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.BackgroundCommand;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.diff.ControlMessageDiff;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.simulator.calico.BgpMessages;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

class BgpControlPlaneTest {
    private static final int NODE1 = Ipv4.parse("192.168.205.10");
    private static final int NODE2 = Ipv4.parse("192.168.205.11");

    /** The real capture's frames, in order. */
    private static List<byte[]> real;

    @BeforeAll
    static void readRealCapture() throws Exception {
        real = new ArrayList<>();
        try (InputStream in = BgpControlPlaneTest.class.getResourceAsStream("/bgp/bird2-session.pcap");
             PcapReader r = PcapReader.open(in)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                real.add(rec.data());
            }
        }
    }

    private static LabRuns.Run labRun() throws Exception {
        return LabRuns.run("calico-bgp");
    }

    private static SimWorld world(LabRuns.Run run) {
        return ((SimulatorBackend) run.session().backend()).world();
    }

    private static CommandResult run(LabRuns.Run run, String host, String command) throws Exception {
        return run.session().backend().run(new CommandRequest(host, command, Duration.ofSeconds(120), false));
    }

    private static boolean isBgp(byte[] f) {
        if (f.length < Wire.ETH + 20 || Wire.etherType(f) != Wire.ETHERTYPE_IPV4 || Wire.ipProto(f) != Wire.PROTO_TCP) {
            return false;
        }
        int l4 = Wire.ipPayload(f);
        return Wire.u16(f, l4) == BgpMessages.PORT || Wire.u16(f, l4 + 2) == BgpMessages.PORT;
    }

    /** The BGP session's frames as node1's enp0s8 sees them, both ways: the vantage point of the real capture. */
    private static List<CapturedFrame> atNode1(SimWorld w) {
        return w.frames().frames().stream()
                .filter(f -> f.host().equals("node1") && f.device().equals("enp0s8") && !f.dropped() && isBgp(f.data()))
                .toList();
    }

    private static byte[] payload(byte[] f) {
        int l4 = Wire.ipPayload(f);
        int data = l4 + (Wire.u8(f, l4 + 12) >> 4) * 4;
        return Arrays.copyOfRange(f, data, Wire.ETH + Wire.ipTotalLength(f));
    }

    /**
     * A segment as its shape: who sent it (client or server), TOS, TTL, flags, sequence and
     * acknowledgement relative to each side's ISN, window, option kinds, payload length and BGP type.
     */
    private static List<String> shape(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        long clientIsn = 0;
        long serverIsn = 0;
        int client = 0;
        for (byte[] f : frames) {
            int l4 = Wire.ipPayload(f);
            int flags = Wire.u8(f, l4 + 13);
            long seq = Wire.u32(f, l4 + 4) & 0xffffffffL;
            long ack = Wire.u32(f, l4 + 8) & 0xffffffffL;
            if (flags == 0x02) {
                clientIsn = seq;
                client = Wire.ipSrc(f);
            } else if (flags == 0x12) {
                serverIsn = seq;
            }
            boolean fromClient = Wire.ipSrc(f) == client;
            long mine = fromClient ? clientIsn : serverIsn;
            long theirs = fromClient ? serverIsn : clientIsn;
            StringBuilder kinds = new StringBuilder();
            int headerEnd = l4 + (Wire.u8(f, l4 + 12) >> 4) * 4;
            for (int o = l4 + 20; o < headerEnd; ) {
                int kind = Wire.u8(f, o);
                kinds.append(kind).append(' ');
                o += kind <= 1 ? 1 : Wire.u8(f, o + 1);
            }
            byte[] p = payload(f);
            out.add((fromClient ? "client" : "server") + " tos " + Wire.u8(f, Wire.ETH + 1) + " ttl " + Wire.ipTtl(f)
                    + " flags " + flags + " seq " + ((seq - mine) & 0xffffffffL) + " ack "
                    + ((flags & 0x10) != 0 ? (ack - theirs) & 0xffffffffL : 0) + " win " + Wire.u16(f, l4 + 14)
                    + " options " + kinds + "length " + p.length + (p.length >= 19 ? " type " + (p[18] & 0xff) : ""));
        }
        return out;
    }

    @Test
    void theSessionOpensAsTwoRealBirdsOpenIt() throws Exception {
        LabRuns.Run run = labRun();
        List<byte[]> simulated = atNode1(world(run)).stream().map(CapturedFrame::data).toList();
        // SYN, SYN-ACK, ACK, OPEN, its ACK, OPEN, its ACK, KEEPALIVE, KEEPALIVE, the delayed ACK
        List<String> realOpening = shape(real.subList(0, 10));
        assertThat(shape(simulated.subList(0, 10))).isEqualTo(realOpening);
        assertThat(realOpening.get(0)).isEqualTo("client tos 192 ttl 64 flags 2 seq 0 ack 0 win 64240 options 2 4 8 1 3 length 0");
        assertThat(realOpening.get(1)).startsWith("server tos 192 ttl 255 flags 18");
        // the node with the higher address connects to the lower one's port 179, as Calico's mesh makes it
        byte[] syn = simulated.get(0);
        assertThat(Wire.ipSrc(syn)).isEqualTo(NODE2);
        assertThat(Wire.u16(syn, Wire.ipPayload(syn) + 2)).isEqualTo(179);
    }

    @Test
    void diffTellsTheRealSessionsMessagesFromTheSimulatedOnes() throws Exception {
        String up = " 192.168.205.11 > 192.168.205.10";
        String down = " 192.168.205.10 > 192.168.205.11";
        // the real session as a control-plane sequence, keepalives left out
        assertThat(ControlMessageDiff.sequence(real)).containsExactly("BGP connect" + up, "BGP OPEN" + up, "BGP OPEN" + down,
                "BGP UPDATE announces 1 prefix" + up, "BGP UPDATE announces 1 prefix" + down, "BGP UPDATE End-of-RIB" + up,
                "BGP UPDATE End-of-RIB" + down, "BGP UPDATE withdraws 1 prefix" + up, "BGP NOTIFICATION" + up);
        // the lab's session opens the same way; its blocks come later, with the first workloads, where the
        // real BIRDs had theirs configured from the start; the withdrawal and the shutdown are the real run's own
        List<byte[]> simulated = atNode1(world(labRun())).stream().map(CapturedFrame::data).toList();
        assertThat(ControlMessageDiff.compare(real, simulated)).containsExactly(
                new ControlMessageDiff.Difference("BGP UPDATE announces 1 prefix" + up, true),
                new ControlMessageDiff.Difference("BGP UPDATE announces 1 prefix" + down, true),
                new ControlMessageDiff.Difference("BGP UPDATE End-of-RIB" + up, true),
                new ControlMessageDiff.Difference("BGP UPDATE withdraws 1 prefix" + up, true),
                new ControlMessageDiff.Difference("BGP NOTIFICATION" + up, true),
                new ControlMessageDiff.Difference("BGP UPDATE End-of-RIB" + up, false),
                new ControlMessageDiff.Difference("BGP UPDATE announces 1 prefix" + down, false),
                new ControlMessageDiff.Difference("BGP UPDATE announces 1 prefix" + up, false));
    }

    @Test
    void everyMessageIsByteForByteWhatBird2Sends() throws Exception {
        // the real session's messages are what BgpMessages builds for the same speakers and blocks
        List<byte[]> realMessages = real.stream().map(BgpControlPlaneTest::payload).filter(p -> p.length > 0).toList();
        assertThat(realMessages.get(0)).isEqualTo(BgpMessages.open(64512, NODE2));
        assertThat(realMessages.get(1)).isEqualTo(BgpMessages.open(64512, NODE1));
        assertThat(realMessages.get(2)).isEqualTo(BgpMessages.keepalive());
        assertThat(realMessages.get(3)).isEqualTo(BgpMessages.keepalive());
        assertThat(realMessages.get(4)).isEqualTo(BgpMessages.announce(List.of(Cidr.parse("10.20.130.64/26")), NODE2));
        assertThat(realMessages.get(5)).isEqualTo(BgpMessages.announce(List.of(Cidr.parse("10.20.96.0/26")), NODE1));
        assertThat(realMessages.get(6)).isEqualTo(BgpMessages.endOfRib());
        assertThat(realMessages.get(7)).isEqualTo(BgpMessages.endOfRib());
        assertThat(realMessages.get(8)).isEqualTo(BgpMessages.withdraw(List.of(Cidr.parse("10.20.130.64/26"))));
        assertThat(realMessages.get(11)).isEqualTo(BgpMessages.notification(6, 2));

        // and the simulated session sends only such messages, each the one its sender would send
        LabRuns.Run run = labRun();
        for (CapturedFrame f : atNode1(world(run))) {
            byte[] p = payload(f.data());
            if (p.length == 0) {
                continue;
            }
            int sender = Wire.ipSrc(f.data());
            switch (p[18]) {
                case 1 -> assertThat(p).isEqualTo(BgpMessages.open(64512, sender));
                case 4 -> assertThat(p).isEqualTo(BgpMessages.keepalive());
                case 2 -> {
                    if (p.length == 23) {
                        assertThat(p).isEqualTo(BgpMessages.endOfRib());
                    } else {
                        Cidr block = Cidr.parse(f.effects().get(0).subject());
                        assertThat(p).isEqualTo(BgpMessages.announce(List.of(block), sender));
                    }
                }
                default -> throw new AssertionError("unexpected BGP message type " + p[18]);
            }
        }
    }

    @Test
    void tcpdumpPrintsTheSessionAsTheGoldenLinesSay() throws Exception {
        LabRuns.Run run = labRun();
        TcpdumpFormatter tcpdump = new TcpdumpFormatter(ZoneOffset.UTC, false, false);
        StringBuilder lines = new StringBuilder("# the BGP frames at node1's enp0s8 over the whole lab (the packet list)\n");
        for (CapturedFrame f : atNode1(world(run))) {
            lines.append(tcpdump.format(PcapRecord.of(f))).append('\n');
        }
        // tcpdump in the lab, over one keepalive period
        BackgroundCommand capture = run.session().backend().startBackground(
                new CommandRequest("node1", "sudo tcpdump -i enp0s8 -nn tcp port 179", Duration.ofSeconds(200), false));
        assertThat(run(run, "node1", "sleep 90").exitCode()).isZero();
        CommandResult r = capture.stop();
        lines.append("# node1$ sudo tcpdump -i enp0s8 -nn tcp port 179, for 90 s after the lab\n").append(r.output());
        assertThat(r.stdout()).contains("IP 192.168.205.10.179 > 192.168.205.11.", "length 19: BGP\n");

        Path golden = Path.of("src/test/resources/golden/calico-bgp-session.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, lines.toString(), StandardCharsets.UTF_8);
        }
        assertThat(lines.toString()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void theUpdateThatInstallsARouteNamesIt() throws Exception {
        LabRuns.Run run = labRun();
        SimWorld w = world(run);
        List<CapturedFrame> installing = atNode1(w).stream()
                .filter(f -> f.direction() == CapturedFrame.Direction.IN && !f.effects().isEmpty()).toList();
        assertThat(installing).hasSize(1);
        StateChange change = installing.get(0).effects().get(0);
        assertThat(change.host()).isEqualTo("node1");
        assertThat(change.kind()).isEqualTo(StateChange.Kind.ROUTE_ADDED);
        assertThat(change.description()).isEqualTo("installs " + change.subject() + " via 192.168.205.11 on node1");
        // the route is there, as the UPDATE said, and it is node2's block, whose workload node1 pings
        assertThat(run(run, "node1", "ip route").output())
                .contains(change.subject() + " via 192.168.205.11 dev enp0s8 proto bird");
        String workloadB = run(run, "node2", "sudo docker exec workload-b ip -4 -o addr show cali0").output()
                .replaceAll("(?s).*inet ([0-9.]+)/.*", "$1");
        assertThat(Cidr.parse(change.subject()).contains(workloadB)).isTrue();
        // the same frame carries the same change at every hop: node2's enp0s8 on its way out
        long trace = installing.get(0).traceId();
        assertThat(w.frames().frames().stream().filter(f -> f.traceId() == trace && f.host().equals("node2")))
                .allSatisfy(f -> assertThat(f.effects()).containsExactly(change)).isNotEmpty();
        // BGP, ARP and etcd frames are control plane, the pings between workloads data plane
        assertThat(installing.get(0).plane()).isEqualTo(Plane.CONTROL);
        List<CapturedFrame> underlay = w.frames().frames().stream().filter(f -> f.device().equals("enp0s8")).toList();
        assertThat(underlay).filteredOn(f -> Wire.etherType(f.data()) == Wire.ETHERTYPE_ARP)
                .isNotEmpty().allSatisfy(f -> assertThat(f.plane()).isEqualTo(Plane.CONTROL));
        assertThat(underlay).filteredOn(f -> Wire.etherType(f.data()) == Wire.ETHERTYPE_IPV4
                        && Wire.ipProto(f.data()) == Wire.PROTO_ICMP)
                .isNotEmpty().allSatisfy(f -> assertThat(f.plane()).isEqualTo(Plane.DATA));
    }

    @Test
    void aBlockThatGoesAwayIsWithdrawnAndItsRouteRemoved() throws Exception {
        LabRuns.Run run = labRun();
        SimWorld w = world(run);
        String installed = atNode1(w).stream()
                .filter(f -> f.direction() == CapturedFrame.Direction.IN && !f.effects().isEmpty()).findFirst().orElseThrow()
                .effects().get(0).subject();
        Cidr block = Cidr.parse(installed);
        String key = "/calico/ipam/v2/host/docker-node2/ipv4/block/" + Ipv4.format(block.network()) + "-26";
        w.etcd().v2().delete(key, false);
        w.settle();
        w.clock().advance(VirtualClock.SECONDS);
        w.settle();
        CapturedFrame withdrawal = atNode1(w).stream()
                .filter(f -> f.direction() == CapturedFrame.Direction.IN && payload(f.data()).length == 28)
                .findFirst().orElseThrow();
        assertThat(payload(withdrawal.data())).isEqualTo(BgpMessages.withdraw(List.of(block)));
        assertThat(withdrawal.effects()).containsExactly(new StateChange("node1", StateChange.Kind.ROUTE_REMOVED,
                installed, "removes " + installed + " via 192.168.205.11 from node1"));
        assertThat(run(run, "node1", "ip route").output()).doesNotContain(installed + " via");
    }

    /** Direction, flags and payload length of a segment: the shape of a closing exchange. */
    private static String flagsAndLength(byte[] f) {
        int l4 = Wire.ipPayload(f);
        return Ipv4.format(Wire.ipSrc(f)) + " flags " + Wire.u8(f, l4 + 13) + " length " + payload(f).length;
    }

    @Test
    void aBirdThatStopsSaysGoodbyeAndItsPeerDropsItsRoutes() throws Exception {
        LabRuns.Run run = labRun();
        SimWorld w = world(run);
        String installed = atNode1(w).stream()
                .filter(f -> f.direction() == CapturedFrame.Direction.IN && !f.effects().isEmpty()).findFirst().orElseThrow()
                .effects().get(0).subject();
        int before = atNode1(w).size();
        assertThat(run(run, "node2", "sudo docker stop calico-node").exitCode()).isZero();
        w.clock().advance(VirtualClock.SECONDS);
        w.settle();
        List<CapturedFrame> after = atNode1(w).subList(before, atNode1(w).size());
        // docker stop takes its time: keepalives may still pass before BIRD goes
        List<CapturedFrame> closing = after.stream().dropWhile(f -> payload(f.data()).length != 21).toList();
        // NOTIFICATION Cease from node2, node1's ACK, node2's FIN, node1's FIN, node2's last ACK: as the real BIRD did
        List<String> realClosing = real.subList(real.size() - 5, real.size()).stream()
                .map(BgpControlPlaneTest::flagsAndLength).toList();
        assertThat(closing.stream().map(f -> flagsAndLength(f.data())).toList()).isEqualTo(realClosing);
        assertThat(payload(closing.get(0).data())).isEqualTo(BgpMessages.notification(6, 2));
        assertThat(closing.get(0).effects()).containsExactly(new StateChange("node1", StateChange.Kind.ROUTE_REMOVED,
                installed, "removes " + installed + " via 192.168.205.11 from node1"));
        assertThat(run(run, "node1", "ip route").output()).doesNotContain(installed + " via");
    }

    @Test
    void keepalivesGoEvery60To80SecondsEachWay() throws Exception {
        LabRuns.Run run = labRun();
        SimWorld w = world(run);
        for (int i = 0; i < 40; i++) {
            w.clock().advance(10 * VirtualClock.SECONDS);
            w.settle();
        }
        for (int sender : new int[] {NODE1, NODE2}) {
            List<Long> times = atNode1(w).stream()
                    .filter(f -> Wire.ipSrc(f.data()) == sender && payload(f.data()).length == 19)
                    .map(CapturedFrame::timeNanos).toList();
            assertThat(times.size()).isGreaterThanOrEqualTo(6);
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                // seen at node1: node2's arrive one wire delay after they leave, the same each time
                assertThat(gap).isBetween(60 * VirtualClock.SECONDS, 80 * VirtualClock.SECONDS);
            }
        }
    }
}
