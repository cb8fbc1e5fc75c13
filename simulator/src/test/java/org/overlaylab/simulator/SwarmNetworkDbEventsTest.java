/*
 * The network DB's own traffic and the dispatcher session's later TLS records in the
 * docker-swarm-overlay lab on the simulated wire, against the real capture of the same lab (node1's
 * enp0s8, Docker 20.10 on the netns backend), phase by phase: node2's join, and node2's first
 * container on the overlay (the worker's network attachment). Each phase is anchored in both
 * captures at the same message: the join's first connection to 2377, the worker's attachment request.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.simulator.docker.gossip.MemberlistEncryption;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.world.SimWorld;

class SwarmNetworkDbEventsTest {
    private static final int NODE2 = Ipv4.parse("192.168.205.11");
    private static final long JOIN_WINDOW = 2_000_000;
    private static final long ATTACH_WINDOW = 2_200_000;

    /** One TCP or UDP payload on node1's underlay: when (µs), from node2 or not, its ports. */
    record Packet(long micros, boolean fromNode2, boolean udp, int srcPort, int dstPort, boolean syn, byte[] payload) {
        boolean on(int port) {
            return srcPort == port || dstPort == port;
        }
    }

    private static Packet packet(long micros, byte[] f) {
        if (f.length < 34 || (f[12] & 0xff) != 0x08 || f[13] != 0 || f[23] != 6 && f[23] != 17) {
            return null;
        }
        int l4 = 14 + (f[14] & 15) * 4;
        int total = Wire.u16(f, 16);
        boolean udp = f[23] == 17;
        int data = udp ? l4 + 8 : l4 + ((f[l4 + 12] & 0xff) >> 4) * 4;
        boolean syn = !udp && (f[l4 + 13] & 0x12) == 0x02;
        byte[] payload = java.util.Arrays.copyOfRange(f, Math.min(data, 14 + total), 14 + total);
        return new Packet(micros, Wire.ipSrc(f) == NODE2, udp, Wire.u16(f, l4), Wire.u16(f, l4 + 2), syn, payload);
    }

    private static List<Packet> real() throws Exception {
        List<Packet> out = new ArrayList<>();
        try (InputStream in = SwarmNetworkDbEventsTest.class.getResourceAsStream("/gossip/docker20-swarm-node1-enp0s8.pcap");
             PcapReader r = PcapReader.open(in)) {
            PcapRecord rec;
            while ((rec = r.next()) != null) {
                Packet p = packet(rec.epochMicros(), rec.data());
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static List<Packet> simulated(SimWorld w) {
        List<Packet> out = new ArrayList<>();
        int node1 = Ipv4.parse(w.host("node1").underlayIp());
        for (CapturedFrame f : w.frames().frames()) {
            if (f.host().equals("node1") && f.device().equals("enp0s8") && !f.dropped()
                    && f.direction() != CapturedFrame.Direction.DROP
                    && (f.direction() == CapturedFrame.Direction.OUT) == (Wire.ipSrc(f.data()) == node1)) {
                Packet p = packet(f.timeNanos() / 1000, f.data());
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static List<Packet> window(List<Packet> all, long from, long length) {
        return all.stream().filter(p -> p.micros() >= from && p.micros() < from + length).toList();
    }

    /** The join's first connection to 2377. */
    private static long joinAnchor(List<Packet> all) {
        return all.stream().filter(p -> p.on(2377) && p.syn()).findFirst().orElseThrow().micros();
    }

    /** The worker's network attachment request: its first record on 2377 after the join's three connections settled. */
    private static long attachAnchor(List<Packet> all) {
        long join = joinAnchor(all);
        return all.stream().filter(p -> p.on(2377) && p.fromNode2() && p.payload().length > 0 && p.micros() > join + JOIN_WINDOW)
                .findFirst().orElseThrow().micros();
    }

    /** Bulk syncs: the 7946 connections on which one side only sends, by who sent and how much. */
    private static List<String> bulkSyncs(List<Packet> packets) {
        Map<String, int[]> byConnection = new LinkedHashMap<>();
        for (Packet p : packets) {
            if (p.udp() || !p.on(7946)) {
                continue;
            }
            String key = Math.min(p.srcPort(), p.dstPort()) + "-" + Math.max(p.srcPort(), p.dstPort());
            int[] sent = byConnection.computeIfAbsent(key, k -> new int[2]);
            sent[p.fromNode2() ? 1 : 0] += p.payload().length;
        }
        List<String> out = new ArrayList<>();
        for (int[] sent : byConnection.values()) {
            if (sent[0] == 0 && sent[1] > 0) {
                out.add("node2 " + sent[1]);
            } else if (sent[1] == 0 && sent[0] > 0) {
                out.add("node1 " + sent[0]);
            }
        }
        return out;
    }

    /** The sealed datagrams on 7946 that are not memberlist's pings and acks (47 and 110 bytes in this lab). */
    private static List<Integer> networkDbDatagrams(List<Packet> packets) {
        return packets.stream().filter(p -> p.udp() && p.on(7946)).map(p -> p.payload().length)
                .filter(n -> n != 47 && n != 110).sorted().toList();
    }

    /** The TLS records on 2377, each side's stream reassembled: "C 170", "S 47", ... (C the worker). */
    private static List<String> tlsRecords(List<Packet> packets) {
        List<String> out = new ArrayList<>();
        for (boolean worker : new boolean[] {true, false}) {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            packets.stream().filter(p -> !p.udp() && p.on(2377) && p.fromNode2() == worker).forEach(p -> stream.writeBytes(p.payload()));
            byte[] s = stream.toByteArray();
            for (int at = 0; at + 5 <= s.length; ) {
                int length = (s[at + 3] & 0xff) << 8 | (s[at + 4] & 0xff);
                out.add((worker ? "C " : "S ") + (s[at] & 0xff) + "/" + length);
                at += 5 + length;
            }
        }
        return out;
    }

    @Test
    void networkDbMessagesAndDispatcherRecordsMatchTheRealLabPhaseByPhase() throws Exception {
        List<Packet> real = real();
        LabRuns.Run run = LabRuns.run("docker-swarm-overlay");
        SimWorld w = ((SimulatorBackend) run.session().backend()).world();
        List<Packet> sim = simulated(w);

        // node2's join: its network DB joins ingress and bulk-syncs it with node1 (no entries yet), node1 answers
        List<Packet> realJoin = window(real, joinAnchor(real), JOIN_WINDOW);
        List<Packet> simJoin = window(sim, joinAnchor(sim), JOIN_WINDOW);
        assertThat(bulkSyncs(realJoin)).containsExactly("node2 125", "node1 121");
        assertThat(bulkSyncs(simJoin)).containsExactly("node2 125", "node1 121");
        // node2's network event (node joined ingress), 84 bytes sealed, sent on by node1: 3 times each way on the
        // real wire, 4 in the simulator (memberlist's retransmits); the real table events of 371 bytes are not simulated
        assertThat(networkDbDatagrams(realJoin)).filteredOn(n -> n == 84).hasSize(6);
        assertThat(networkDbDatagrams(simJoin)).filteredOn(n -> n == 84).hasSize(8);

        // node2's first container on mynet: bulk syncs of one endpoint each way, 685 and 1031 bytes
        List<Packet> realAttach = window(real, attachAnchor(real), ATTACH_WINDOW);
        List<Packet> simAttach = window(sim, attachAnchor(sim), ATTACH_WINDOW);
        assertThat(bulkSyncs(realAttach)).containsExactly("node2 685", "node1 1031");
        assertThat(bulkSyncs(simAttach)).containsExactly("node2 685", "node1 1031");
        // the network event 4 times each way, then the endpoint's table events 4 times each way:
        // node2's 510 bytes, node1's resend one byte shorter on the real wire, as long in the simulator
        List<Integer> realUdp = networkDbDatagrams(realAttach);
        List<Integer> simUdp = networkDbDatagrams(simAttach);
        assertThat(realUdp).containsExactly(84, 84, 84, 84, 84, 84, 84, 84, 509, 509, 509, 509, 510, 510, 510, 510);
        assertThat(simUdp).containsExactly(84, 84, 84, 84, 84, 84, 84, 84, 510, 510, 510, 510, 510, 510, 510, 510);
        assertThat(simAttach).filteredOn(p -> p.udp() && p.on(7946))
                .allSatisfy(p -> assertThat(MemberlistEncryption.plaintext(w, p.payload())).isNotNull());

        // 2377 after the join: nothing until the attachment (creating mynet on the manager tells the worker nothing),
        // then the attachment's records, record for record
        long realQuiet = window(real, joinAnchor(real) + JOIN_WINDOW, attachAnchor(real) - joinAnchor(real) - JOIN_WINDOW)
                .stream().filter(p -> p.on(2377) && p.payload().length > 0).count();
        long simQuiet = window(sim, joinAnchor(sim) + JOIN_WINDOW, attachAnchor(sim) - joinAnchor(sim) - JOIN_WINDOW)
                .stream().filter(p -> p.on(2377) && p.payload().length > 0).count();
        assertThat(realQuiet).isZero();
        assertThat(simQuiet).isZero();
        List<String> realRecords = tlsRecords(window(real, attachAnchor(real), ATTACH_WINDOW));
        assertThat(realRecords).hasSize(43).contains("C 23/170", "S 23/3643");
        assertThat(tlsRecords(window(sim, attachAnchor(sim), ATTACH_WINDOW))).isEqualTo(realRecords);
    }
}
