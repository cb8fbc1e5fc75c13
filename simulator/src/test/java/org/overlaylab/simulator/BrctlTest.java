/*
 * brctl from bridge-utils (1.5, as on the tutorial's Ubuntu): addbr, addif, delif, delbr, the tab
 * layout of `brctl show` that people read and scripts cut, and the messages of its refusals.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class BrctlTest {
    private static final String HEADER = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n";

    private final SimLab lab = SimLab.oneHost();

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

    private String mac(String dev) {
        return ok("ip link show " + dev).lines().toList().get(1).trim().split(" ")[1];
    }

    @Test
    void showOnAFreshVmListsDocker0WithoutInterfaces() {
        String id = "8000." + mac("docker0").replace(":", "");
        assertThat(ok("brctl show")).isEqualTo(HEADER + "docker0\t\t" + id + "\tno\t\t\n");
    }

    @Test
    void addifPutsEachPortOnItsOwnLineUnderTheBridge() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo brctl addif docker0 veth0");
        ok("sudo brctl addif docker0 veth1");
        ok("sudo brctl addbr br9");
        String docker0 = "8000." + mac("docker0").replace(":", "");
        String br9 = "8000." + mac("br9").replace(":", "");
        // bridges in name order, ports in name order, continuation lines indented by seven tabs
        assertThat(ok("brctl show")).isEqualTo(HEADER
                + "br9\t\t" + br9 + "\tno\t\t\n"
                + "docker0\t\t" + docker0 + "\tno\t\tveth0\n"
                + "\t\t\t\t\t\t\tveth1\n");
        assertThat(ok("brctl show docker0")).isEqualTo(HEADER + "docker0\t\t" + docker0 + "\tno\t\tveth0\n"
                + "\t\t\t\t\t\t\tveth1\n");
        assertThat(ok("ip link show veth0")).contains(" master docker0 ");

        ok("sudo brctl delif docker0 veth0");
        assertThat(ok("brctl show docker0")).isEqualTo(HEADER + "docker0\t\t" + docker0 + "\tno\t\tveth1\n");
        assertThat(ok("ip link show veth0")).doesNotContain("master");

        ok("sudo brctl delbr br9");
        assertThat(ok("brctl show")).doesNotContain("br9");
        assertThat(run("ip link show br9").exitCode()).isEqualTo(1);
    }

    @Test
    void aBridgeMadeWithBrctlIsALinuxBridgeForIp() {
        ok("sudo brctl addbr br9");
        assertThat(ok("ip -d link show br9")).contains("br9: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN",
                "    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 ");
    }

    @Test
    void showmacsListsThePortsOwnAddressesAsLocal() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo brctl addif docker0 veth0");
        assertThat(ok("brctl showmacs docker0")).isEqualTo("port no\tmac addr\t\tis local?\tageing timer\n"
                + "  1\t" + mac("veth0") + "\tyes\t\t   0.00\n");
    }

    @Test
    void refusals() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo brctl addbr br9");
        ok("sudo brctl addif docker0 veth0");
        expect("brctl addbr br8", "add bridge failed: Operation not permitted\n");
        expect("brctl addif docker0 veth1", "can't add veth1 to bridge docker0: Operation not permitted\n");
        expect("sudo brctl addbr docker0", "device docker0 already exists; can't create bridge with the same name\n");
        expect("sudo brctl addif docker0 nosuch", "interface nosuch does not exist!\n");
        expect("sudo brctl addif nosuch veth1", "bridge nosuch does not exist!\n");
        expect("sudo brctl addif br9 veth0",
                "device veth0 is already a member of a bridge; can't enslave it to bridge br9.\n");
        expect("sudo brctl delif docker0 veth1", "device veth1 is not a slave of docker0\n");
        expect("sudo brctl delbr nosuch", "bridge nosuch doesn't exist; can't delete it\n");
        ok("sudo ip link set br9 up");
        expect("sudo brctl delbr br9", "bridge br9 is still up; can't delete it\n");
        expect("sudo brctl addbr", "Incorrect number of arguments for command\n");
        CommandResult usage = run("brctl");
        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.output()).startsWith("Usage: brctl [commands]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n");
        // nothing of that changed the bridges
        assertThat(ok("brctl show")).contains("br9\t\t", "docker0\t\t").doesNotContain("br8", "veth1");
    }

    private void expect(String line, String output) {
        CommandResult r = run(line);
        assertThat(r.exitCode()).as(line).isEqualTo(1);
        assertThat(r.output()).as(line).isEqualTo(output);
    }
}
