/*
 * The simulator's VXLAN and Geneve frames against the real ones: the ovs-vxlan and ovs-geneve labs
 * captured on node1's enp0s8 by the netns backend (OVS 3.1, userspace datapath, on this machine;
 * resources real-*-frames.txt) and on the simulator. The golden lines are what tcpdump 4.99 -n
 * printed for the real capture; the packets module must print them for the real frames, and the
 * simulator's frames must be the real ones header for header.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;

class OvsEncapFramesTest {

    /** tcpdump 4.99.3 -n -t on the real capture (the ICMP id is the real ping's). */
    static final Map<String, List<String>> GOLDEN = Map.of(
            "vxlan", List.of(
                    "IP 192.168.205.11.57916 > 192.168.205.10.4789: VXLAN, flags [I] (0x08), vni 100\n"
                            + "ARP, Request who-has 172.17.0.3 tell 172.17.0.2, length 28",
                    "IP 192.168.205.10.60670 > 192.168.205.11.4789: VXLAN, flags [I] (0x08), vni 100\n"
                            + "ARP, Reply 172.17.0.3 is-at 02:42:ac:11:00:03, length 28",
                    "IP 192.168.205.11.54250 > 192.168.205.10.4789: VXLAN, flags [I] (0x08), vni 100\n"
                            + "IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 14, seq 0, length 64",
                    "IP 192.168.205.10.48365 > 192.168.205.11.4789: VXLAN, flags [I] (0x08), vni 100\n"
                            + "IP 172.17.0.3 > 172.17.0.2: ICMP echo reply, id 14, seq 0, length 64"),
            "geneve", List.of(
                    "IP 192.168.205.11.57916 > 192.168.205.10.6081: Geneve, Flags [none], vni 0x64: "
                            + "ARP, Request who-has 172.17.0.3 tell 172.17.0.2, length 28",
                    "IP 192.168.205.10.60670 > 192.168.205.11.6081: Geneve, Flags [none], vni 0x64: "
                            + "ARP, Reply 172.17.0.3 is-at 02:42:ac:11:00:03, length 28",
                    "IP 192.168.205.11.54250 > 192.168.205.10.6081: Geneve, Flags [none], vni 0x64: "
                            + "IP 172.17.0.2 > 172.17.0.3: ICMP echo request, id 16, seq 0, length 64",
                    "IP 192.168.205.10.48365 > 192.168.205.11.6081: Geneve, Flags [none], vni 0x64: "
                            + "IP 172.17.0.3 > 172.17.0.2: ICMP echo reply, id 16, seq 0, length 64"));

    static final List<String> KINDS = List.of("arp-request", "arp-reply", "echo-request", "echo-reply");

    /** Outer Ethernet 14, IPv4 20, UDP 8, VXLAN or Geneve 8 (no options): the inner frame's offset. */
    static final int INNER = 50;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vxlan", "geneve"})
    void thePacketsModulePrintsTheRealFramesAsTcpdumpDid(String type) throws IOException {
        Map<String, byte[]> real = realFrames(type);
        List<String> lines = new ArrayList<>();
        for (String kind : KINDS) {
            lines.add(print(real.get(kind)));
        }
        assertThat(lines).containsExactlyElementsOf(GOLDEN.get(type));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vxlan", "geneve"})
    void theSimulatorSendsWhatOvsSends(String type) throws Exception {
        Map<String, byte[]> real = realFrames(type);
        Map<String, byte[]> sim = simulatedFrames("ovs-" + type, "ping-through-" + type);
        assertThat(sim.keySet()).as("tunnelled ARP and ping on node1's enp0s8").containsExactlyInAnyOrderElementsOf(KINDS);
        List<String> golden = GOLDEN.get(type);
        for (int i = 0; i < KINDS.size(); i++) {
            String kind = KINDS.get(i);
            byte[] r = real.get(kind);
            byte[] s = sim.get(kind);
            // tcpdump's view: the same line but for the ping's own id and sequence number
            assertThat(withoutPingId(print(s))).as(kind).isEqualTo(withoutPingId(golden.get(i)));
            assertThat(s.length).as("%s: frame length", kind).isEqualTo(r.length);
            // outer IPv4 (ID 0, DF, TTL 64, its checksum), UDP (source port from OVS's flow hash,
            // checksum 0), the VXLAN or Geneve header and the inner Ethernet header: byte for byte
            assertThat(hex(s, 12, INNER + 14)).as("%s: outer headers, tunnel header, inner Ethernet", kind)
                    .isEqualTo(hex(r, 12, INNER + 14));
            if (kind.startsWith("arp")) {
                assertThat(hex(s, INNER + 14, s.length)).as("%s: the ARP message", kind).isEqualTo(hex(r, INNER + 14, r.length));
            } else {
                int ip = INNER + 14;
                // the inner IPv4 header but for its ID, flags (busybox and iputils set DF differently) and checksum
                assertThat(hex(s, ip, ip + 4) + hex(s, ip + 8, ip + 10) + hex(s, ip + 12, ip + 20)).as("%s: inner IPv4", kind)
                        .isEqualTo(hex(r, ip, ip + 4) + hex(r, ip + 8, ip + 10) + hex(r, ip + 12, ip + 20));
                assertThat(hex(s, ip + 20, ip + 22)).as("%s: ICMP type and code", kind).isEqualTo(hex(r, ip + 20, ip + 22));
            }
        }
    }

    private static String withoutPingId(String line) {
        return line.replaceAll("id \\d+, seq \\d+", "id ID, seq SEQ");
    }

    private static String print(byte[] frame) {
        String line = new TcpdumpFormatter(ZoneOffset.UTC, false, false).format(PcapRecord.of(0, frame));
        return line.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "");
    }

    private static String hex(byte[] b, int from, int to) {
        return HexFormat.of().formatHex(b, from, to);
    }

    /** The first frame of each kind in the resource: ARP request and reply, echo request and reply. */
    static Map<String, byte[]> realFrames(String type) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = OvsEncapFramesTest.class.getResourceAsStream("ovs/real-" + type + "-frames.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split(" ");
                    out.put(parts[0], HexFormat.of().parseHex(parts[1]));
                }
            }
        }
        return out;
    }

    /** Runs the lab on the simulator through the step of the ping and keeps the first tunnel frame of each kind. */
    static Map<String, byte[]> simulatedFrames(String labId, String throughStep) throws Exception {
        Lab lab = LabLoader.builtIn(labId);
        int last = 0;
        while (!lab.steps().get(last).id().equals(throughStep)) {
            last++;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (LabSession s = new LabSession(lab, new SimulatorBackend(), BackendOptions.withSeed(lab.seed()))) {
            s.start();
            CaptureHandle h = s.backend().capture(new CapturePoint("node1", null, "enp0s8"), f -> {
                if (!f.dropped()) {
                    String kind = kind(f);
                    if (kind != null) {
                        out.putIfAbsent(kind, f.data());
                    }
                }
            });
            for (int n = 0; n <= last; n++) {
                s.runNext();
            }
            h.close();
        }
        return out;
    }

    private static String kind(CapturedFrame f) {
        byte[] d = f.data();
        if (d.length < INNER + 14 + 28 || d[23] != 17) {
            return null;
        }
        byte[] inner = java.util.Arrays.copyOfRange(d, INNER, d.length);
        int type = ((inner[12] & 0xff) << 8) | (inner[13] & 0xff);
        if (type == 0x0806) {
            return inner[21] == 1 ? "arp-request" : "arp-reply";
        }
        if (type == 0x0800 && inner[23] == 1) {
            return inner[34] == 8 ? "echo-request" : inner[34] == 0 ? "echo-reply" : null;
        }
        return null;
    }
}
