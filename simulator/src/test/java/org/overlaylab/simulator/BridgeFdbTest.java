/*
 * `bridge fdb` of iproute2 6.1 on VXLAN devices (add, append, replace, del, show and -j) and on
 * Linux bridge ports (their own permanent entries and the MACs the bridge learned from traffic).
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class BridgeFdbTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimLab lab = SimLab.oneHost();

    @BeforeEach
    void vxlanDevice() {
        ok("sudo ip link add vx100 type vxlan id 100 local 192.168.205.10 dev enp0s8 dstport 8472 nolearning");
        ok("sudo ip link set vx100 up");
    }

    @AfterEach
    void close() {
        lab.close();
    }

    private String ok(String line) {
        return lab.ok("node1", line);
    }

    private CommandResult run(String line) {
        return lab.run("node1", line);
    }

    @Test
    void addAppendReplaceAndShowOnAVxlanDevice() {
        ok("sudo bridge fdb add 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.11");
        ok("sudo bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.205.11");
        ok("sudo bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.205.12");
        ok("sudo bridge fdb replace 82:53:2e:6a:a9:44 dev vx100 dst 192.168.205.13 self permanent");
        ok("sudo bridge fdb add 82:53:2e:6a:a9:46 dev vx100 dst 192.168.205.13 dynamic");
        // newest MAC first, a MAC's remotes in the order they were appended; no device column when asked for one
        assertThat(ok("bridge fdb show dev vx100")).isEqualTo("""
                82:53:2e:6a:a9:46 dst 192.168.205.13 self \n\
                82:53:2e:6a:a9:44 dst 192.168.205.13 self permanent
                00:00:00:00:00:00 dst 192.168.205.11 self permanent
                00:00:00:00:00:00 dst 192.168.205.12 self permanent
                82:53:2e:6a:a9:43 dst 192.168.205.11 self permanent
                """);
        assertThat(ok("bridge fdb show")).contains("82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.11 self permanent\n");

        ok("sudo bridge fdb replace 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.14");
        assertThat(ok("bridge fdb show dev vx100")).contains("82:53:2e:6a:a9:43 dst 192.168.205.14 self permanent\n")
                .doesNotContain("82:53:2e:6a:a9:43 dst 192.168.205.11");
    }

    @Test
    void deleteWithDstRemovesOnlyThatRemote() {
        ok("sudo bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.205.11");
        ok("sudo bridge fdb append 00:00:00:00:00:00 dev vx100 dst 192.168.205.12");
        ok("sudo bridge fdb del 00:00:00:00:00:00 dev vx100 dst 192.168.205.12");
        assertThat(ok("bridge fdb show dev vx100")).isEqualTo("00:00:00:00:00:00 dst 192.168.205.11 self permanent\n");
        ok("sudo bridge fdb del 00:00:00:00:00:00 dev vx100");
        assertThat(ok("bridge fdb show dev vx100")).isEmpty();
    }

    @Test
    void jsonCarriesTheSameEntries() throws Exception {
        ok("sudo bridge fdb add 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.11");
        ok("sudo bridge fdb add 82:53:2e:6a:a9:46 dev vx100 dst 192.168.205.13 dynamic");
        JsonNode entries = JSON.readTree(ok("bridge -j fdb show dev vx100"));
        assertThat(entries.size()).isEqualTo(2);
        JsonNode permanent = entries.get(1);
        assertThat(permanent.path("mac").asText()).isEqualTo("82:53:2e:6a:a9:43");
        assertThat(permanent.path("dst").asText()).isEqualTo("192.168.205.11");
        assertThat(permanent.path("flags").get(0).asText()).isEqualTo("self");
        assertThat(permanent.path("state").asText()).isEqualTo("permanent");
        assertThat(permanent.has("ifname")).isFalse();
        assertThat(entries.get(0).path("state").asText()).isEmpty();

        JsonNode all = JSON.readTree(ok("bridge -j fdb show"));
        boolean found = false;
        for (JsonNode e : all) {
            if (e.path("mac").asText().equals("82:53:2e:6a:a9:43")) {
                assertThat(e.path("ifname").asText()).isEqualTo("vx100");
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void refusalsExit255AndChangeNothing() {
        ok("sudo bridge fdb add 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.11");
        expect("sudo bridge fdb add 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.11", "RTNETLINK answers: File exists\n");
        expect("sudo bridge fdb add 82:53:2e:6a:a9:43 dev vx100 dst 192.168.205.12", "RTNETLINK answers: File exists\n");
        expect("sudo bridge fdb del 82:53:2e:6a:a9:99 dev vx100", "RTNETLINK answers: No such file or directory\n");
        expect("sudo bridge fdb add 82:53:2e:6a:a9:45 dev vx100", "RTNETLINK answers: Invalid argument\n");
        expect("sudo bridge fdb add 82:53:2e:6a:a9:45 dev nosuch dst 192.168.205.11", "Cannot find device \"nosuch\"\n");
        expect("bridge fdb add 82:53:2e:6a:a9:45 dev vx100 dst 192.168.205.11",
                "RTNETLINK answers: Operation not permitted\n");
        assertThat(ok("bridge fdb show dev vx100")).isEqualTo("82:53:2e:6a:a9:43 dst 192.168.205.11 self permanent\n");
    }

    private void expect(String line, String output) {
        CommandResult r = run(line);
        assertThat(r.exitCode()).as(line).isEqualTo(255);
        assertThat(r.output()).as(line).isEqualTo(output);
    }

    @Test
    void bridgePortsShowTheirOwnAndLearnedMacs() {
        lab.runSleeper("node1", "c1", null);
        lab.runSleeper("node1", "c2", null);
        ok("sudo docker exec c1 ping -c 1 172.17.0.3");
        List<String> lines = ok("bridge fdb show br docker0").lines().toList();
        // each port's own MAC is permanent; the containers' MACs were learned from the ping (no state)
        assertThat(lines).anyMatch(l -> l.matches("([0-9a-f]{2}:){5}[0-9a-f]{2} dev veth[0-9a-f]{7} master docker0 permanent"));
        assertThat(lines).anyMatch(l -> l.matches("02:42:ac:11:00:02 dev veth[0-9a-f]{7} master docker0 "));
        assertThat(lines).anyMatch(l -> l.matches("02:42:ac:11:00:03 dev veth[0-9a-f]{7} master docker0 "));
        assertThat(ok("bridge link")).matches("(?s)\\d+: veth[0-9a-f]{7}@if\\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 "
                + "master docker0 state forwarding priority 32 cost 2 \n.*");
    }
}
