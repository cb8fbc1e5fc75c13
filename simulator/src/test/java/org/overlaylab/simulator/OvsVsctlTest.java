/*
 * ovs-vsctl of Open vSwitch 2.5 as the tutorial uses it: add-br, add-port with a GRE interface set
 * in the same transaction, the `show` tree with 2.5's quoting, del-port, list-br, list-ports, what
 * the kernel side (ovs-system, internal ports) looks like to `ip`, and the refusals.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class OvsVsctlTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final SimLab lab = SimLab.oneHost();

    @BeforeEach
    void install() {
        CommandResult before = run("sudo ovs-vsctl show");
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.output()).isEqualTo("sudo: ovs-vsctl: command not found\n");
        String apt = ok("sudo apt-get install -y openvswitch-switch openvswitch-common");
        assertThat(apt).contains("Setting up openvswitch-switch (2.5.2-0ubuntu0.16.04.1) ...");
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
    void addBrShowsTheBridgeWithItsInternalPort() {
        assertThat(ok("sudo ovs-vsctl show")).matches(UUID + "\n    ovs_version: \"2\\.5\\.2\"\n");
        assertThat(ok("sudo ovs-vsctl add-br br-int")).isEmpty();
        String show = ok("sudo ovs-vsctl show");
        assertThat(show).matches(UUID + "\n" + """
                    Bridge br-int
                        Port br-int
                            Interface br-int
                                type: internal
                    ovs_version: "2.5.2"
                """);
        // the kernel side: the datapath device and the bridge's internal port, both down
        assertThat(ok("ip link show ovs-system")).contains("ovs-system: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN");
        assertThat(ok("ip link show br-int")).contains("br-int: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN");
        assertThat(ok("sudo ovs-vsctl list-br")).isEqualTo("br-int\n");
        assertThat(ok("sudo ovs-vsctl list-ports br-int")).isEmpty();
    }

    @Test
    void theTutorialsVethBetweenDocker0AndBrInt() {
        ok("sudo ovs-vsctl add-br br-int");
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ovs-vsctl add-port br-int veth1");
        ok("sudo brctl addif docker0 veth0");
        ok("sudo ip link set veth1 up");
        ok("sudo ip link set veth0 up");
        String links = ok("ip link");
        assertThat(links).containsPattern("\\d+: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
                + "master ovs-system state UP ");
        assertThat(links).containsPattern("\\d+: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
                + "master docker0 state UP ");
        // a name with a digit is quoted, as ovsdb quotes anything that is not a plain identifier
        assertThat(ok("sudo ovs-vsctl show")).contains("""
                        Port "veth1"
                            Interface "veth1"
                """);
        assertThat(ok("brctl show docker0")).contains("\tno\t\tveth0\n");
        assertThat(ok("ip -d link show veth1")).contains("\n    openvswitch_slave ");
    }

    @Test
    void greInterfaceSetInTheSameTransaction() {
        ok("sudo ovs-vsctl add-br br-int");
        String out = ok("sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.11");
        assertThat(out).isEmpty();
        assertThat(ok("sudo ovs-vsctl show")).contains("""
                        Port "gre0"
                            Interface "gre0"
                                type: gre
                                options: {remote_ip="192.168.205.11"}
                """);
        assertThat(ok("sudo ovs-vsctl list-ports br-int")).isEqualTo("gre0\n");
        // a GRE port of Open vSwitch is no kernel device
        assertThat(run("ip link show gre0").exitCode()).isEqualTo(1);
    }

    @Test
    void aPortWithoutDeviceIsAddedWithAnError() {
        ok("sudo ovs-vsctl add-br br-int");
        CommandResult r = run("sudo ovs-vsctl add-port br-int ghost0");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).isEqualTo(
                "ovs-vsctl: Error detected while setting up 'ghost0'.  See ovs-vswitchd log for details.\n");
        assertThat(ok("sudo ovs-vsctl show")).contains("""
                        Port "ghost0"
                            Interface "ghost0"
                                error: "could not open network device ghost0 (No such device)"
                """);
        assertThat(ok("sudo ovs-vsctl list-ports br-int")).isEqualTo("ghost0\n");
    }

    @Test
    void delPortListPortsAndDelBr() {
        ok("sudo ovs-vsctl add-br br-int");
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ovs-vsctl add-port br-int veth1");
        ok("sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.11");
        assertThat(ok("sudo ovs-vsctl list-ports br-int")).isEqualTo("gre0\nveth1\n");
        ok("sudo ovs-vsctl del-port br-int veth1");
        assertThat(ok("sudo ovs-vsctl list-ports br-int")).isEqualTo("gre0\n");
        assertThat(ok("ip link show veth1")).doesNotContain("master");
        ok("sudo ovs-vsctl add-br br-ex");
        assertThat(ok("sudo ovs-vsctl list-br")).isEqualTo("br-ex\nbr-int\n");
        ok("sudo ovs-vsctl del-br br-int");
        assertThat(ok("sudo ovs-vsctl list-br")).isEqualTo("br-ex\n");
        assertThat(run("ip link show br-int").exitCode()).isEqualTo(1);
        assertThat(ok("sudo ovs-vsctl show")).doesNotContain("br-int", "gre0");
    }

    @Test
    void refusals() {
        ok("sudo ovs-vsctl add-br br-int");
        ok("sudo ovs-vsctl add-port br-int gre0 -- set interface gre0 type=gre options:remote_ip=192.168.205.11");
        String before = ok("sudo ovs-vsctl show");
        expect("sudo ovs-vsctl add-br br-int",
                "ovs-vsctl: cannot create a bridge named br-int because a bridge named br-int already exists\n");
        expect("sudo ovs-vsctl add-port br-nope p1", "ovs-vsctl: no bridge named br-nope\n");
        expect("sudo ovs-vsctl add-port br-int gre0",
                "ovs-vsctl: cannot create a port named gre0 because a port named gre0 already exists on bridge br-int\n");
        expect("sudo ovs-vsctl del-port br-int nosuch", "ovs-vsctl: no port named nosuch\n");
        expect("sudo ovs-vsctl set interface nosuch type=gre", "ovs-vsctl: no row \"nosuch\" in table Interface\n");
        expect("sudo ovs-vsctl frobnicate", "ovs-vsctl: unknown command 'frobnicate'; use --help for help\n");
        expect("sudo ovs-vsctl", "ovs-vsctl: missing command name (use --help for help)\n");
        expect("ovs-vsctl show",
                "ovs-vsctl: unix:/var/run/openvswitch/db.sock: database connection failed (Permission denied)\n");
        // one transaction: the second command's error keeps the first from happening
        expect("sudo ovs-vsctl add-port br-int veth9 -- add-port br-nope veth8", "ovs-vsctl: no bridge named br-nope\n");
        assertThat(ok("sudo ovs-vsctl show")).isEqualTo(before);
        assertThat(ok("sudo ovs-vsctl --may-exist add-br br-int")).isEmpty();
        assertThat(ok("sudo ovs-vsctl --if-exists del-port br-int nosuch")).isEmpty();
    }

    private void expect(String line, String output) {
        CommandResult r = run(line);
        assertThat(r.exitCode()).as(line).isEqualTo(1);
        assertThat(r.output()).as(line).isEqualTo(output);
    }
}
