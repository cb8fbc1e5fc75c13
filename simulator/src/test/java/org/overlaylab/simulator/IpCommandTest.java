/*
 * `ip` on a simulated tutorial VM behaves and prints like iproute2 6.1: link, addr, route, neigh
 * and netns, their -j JSON (read back with Jackson) and -d details, and the errors a user meets.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class IpCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The first line `ip link show DEV` prints. */
    private String linkLine(String dev) {
        return ok("ip link show " + dev).lines().findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ a fresh VM

    @Test
    void aFreshVmHasLoopbackBothNicsAndDocker0() {
        List<String> lines = ok("ip link").lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).isEqualTo(
                "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000");
        assertThat(lines.get(1)).isEqualTo("    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00");
        assertThat(lines.get(2)).isEqualTo(
                "2: enp0s3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000");
        assertThat(lines.get(3)).matches("    link/ether 08:00:27(:[0-9a-f]{2}){3} brd ff:ff:ff:ff:ff:ff");
        assertThat(lines.get(4)).startsWith("3: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500");
        // docker0 has no port yet: up, but without carrier
        assertThat(lines.get(6)).isEqualTo(
                "4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default ");
        assertThat(lines.get(7)).matches("    link/ether 02:42(:[0-9a-f]{2}){4} brd ff:ff:ff:ff:ff:ff");
    }

    @Test
    void addrShowsIpv4WithBroadcastAndTheEui64LinkLocalAddress() {
        String out = ok("ip addr show enp0s8");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo(
                "3: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000");
        String mac = lines.get(1).split(" +")[2];
        assertThat(lines.get(2)).isEqualTo("    inet 192.168.205.10/24 brd 192.168.205.255 scope global enp0s8");
        assertThat(lines.get(3)).isEqualTo("       valid_lft forever preferred_lft forever");
        String[] b = mac.split(":");
        String eui64 = "fe80::" + Integer.toHexString(Integer.parseInt(b[0] + b[1], 16) ^ 0x0200) + ":" + b[2] + "ff:fe"
                + b[3] + ":" + Integer.toHexString(Integer.parseInt(b[4] + b[5], 16));
        assertThat(lines.get(4)).isEqualTo("    inet6 " + eui64 + "/64 scope link ");
        assertThat(ok("ip addr show lo")).contains("    inet 127.0.0.1/8 scope host lo\n", "    inet6 ::1/128 scope host \n");
    }

    @Test
    void theRoutingTableListsDefaultFirstThenConnectedRoutesByPrefix() {
        assertThat(ok("ip route")).isEqualTo("""
                default via 10.0.2.2 dev enp0s3 \n\
                10.0.2.0/24 dev enp0s3 proto kernel scope link src 10.0.2.15 \n\
                172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n\
                192.168.205.0/24 dev enp0s8 proto kernel scope link src 192.168.205.10 \n""");
    }

    // ------------------------------------------------------------------ link

    @Test
    void vethPairShowsPeersAndCarrierAsBothEndsComeUp() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        // the peer is created first and gets the lower index; M-DOWN says the peer is down
        assertThat(linkLine("veth1")).isEqualTo("5: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop "
                + "state DOWN mode DEFAULT group default qlen 1000");
        assertThat(linkLine("veth0")).startsWith("6: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN");

        ok("sudo ip link set veth1 up");
        assertThat(linkLine("veth1")).isEqualTo("5: veth1@veth0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 "
                + "qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000");
        assertThat(linkLine("veth0")).contains("<BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN");

        ok("sudo ip link set veth0 up");
        assertThat(linkLine("veth1")).contains("<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP");
        assertThat(linkLine("veth0")).contains("<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP");
    }

    @Test
    void vethWithoutPeerNameGetsTheLowestFreeVethName() {
        ok("sudo ip link add veth1 type veth peer name other");
        ok("sudo ip link add vZ type veth");
        assertThat(linkLine("vZ")).startsWith("8: vZ@veth0:");
        ok("sudo ip link add vY type veth");
        assertThat(linkLine("vY")).contains("vY@veth2:");
    }

    @Test
    void linkSetChangesMtuMacAddressAndName() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip link set veth0 mtu 1450");
        ok("sudo ip link set dev veth0 address 02:42:AC:11:00:02");
        ok("sudo ip link set veth0 name eth7");
        List<String> lines = ok("ip link show eth7").lines().toList();
        assertThat(lines.get(0)).startsWith("6: eth7@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1450 ");
        assertThat(lines.get(1)).isEqualTo("    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff");
        assertThat(linkLine("veth1")).startsWith("5: veth1@eth7:");
        assertThat(run("ip link show veth0").output()).isEqualTo("Device \"veth0\" does not exist.\n");
    }

    @Test
    void bridgePortsShowTheirMasterAndTheBridgeWearsItsLowestPortMac() {
        ok("sudo ip link add br9 type bridge");
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip link set veth0 master br9");
        ok("sudo ip link set veth1 master docker0");
        assertThat(linkLine("veth0")).contains(" master br9 state DOWN");
        assertThat(linkLine("veth1")).contains(" master docker0 state DOWN");
        String portMac = ok("ip link show veth0").lines().toList().get(1).split(" +")[2];
        assertThat(ok("ip link show br9").lines().toList().get(1)).contains("link/ether " + portMac);

        ok("sudo ip link set veth0 nomaster");
        assertThat(linkLine("veth0")).doesNotContain("master");
        assertThat(ok("ip -d link show veth1")).contains("bridge_slave state disabled");
        ok("sudo ip link set veth1 up");
        ok("sudo ip link set veth0 up");
        assertThat(ok("ip -d link show veth1")).contains("promiscuity 1  allmulti 1 ", "bridge_slave state forwarding");
        assertThat(ok("ip link show docker0")).contains("<BROADCAST,MULTICAST,UP,LOWER_UP>", "state UP");
    }

    @Test
    void vxlanDetailsReadLikeIproute2() {
        ok("sudo ip link add flannel.100 type vxlan id 100 local 192.168.205.10 dev enp0s8 dstport 8472 nolearning");
        List<String> lines = ok("ip -d link show flannel.100").lines().toList();
        // the kernel subtracts the 50 bytes of outer headers from the lower device's MTU
        assertThat(lines.get(0)).isEqualTo(
                "5: flannel.100: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default qlen 1000");
        assertThat(lines.get(1)).endsWith(" brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 ");
        assertThat(lines.get(2)).startsWith("    vxlan id 100 local 192.168.205.10 dev enp0s8 srcport 0 0 dstport 8472 "
                + "nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 ");
        // a kernel since 4.7 checksums the outer UDP header unless told `noudpcsum`
        ok("sudo ip link add vx1 type vxlan id 7 dstport 4789 noudpcsum");
        assertThat(ok("ip -d link show vx1")).contains(" ttl auto ageing 300 noudpcsum noudp6zerocsumtx ");
        assertThat(json(ok("ip -d -j link show vx1")).get(0).path("linkinfo").path("info_data").path("udp_csum").asBoolean())
                .isFalse();
        ok("sudo ip link del vx1");

        ok("sudo ip link add vx0 type vxlan id 256 dstport 4789 proxy l2miss l3miss nolearning");
        assertThat(ok("ip -d link show vx0")).contains(
                "vxlan id 256 srcport 0 0 dstport 4789 nolearning proxy l2miss l3miss ttl auto ageing 300 ");
        // without a lower device the kernel cannot know the headroom: a plain 1500
        assertThat(linkLine("vx0")).contains(" mtu 1500 ");

        ok("sudo ip link set flannel.100 up");
        assertThat(linkLine("flannel.100")).contains("<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN");
    }

    @Test
    void vxlanDetailsAsJson() {
        ok("sudo ip link add vx0 type vxlan id 256 dstport 4789 proxy l2miss l3miss nolearning");
        JsonNode link = json(ok("ip -j -d link show vx0")).get(0);
        assertThat(link.path("ifname").asText()).isEqualTo("vx0");
        assertThat(link.path("promiscuity").asInt()).isZero();
        assertThat(link.path("allmulti").asInt()).isZero();
        assertThat(link.path("min_mtu").asInt()).isEqualTo(68);
        JsonNode info = link.path("linkinfo");
        assertThat(info.path("info_kind").asText()).isEqualTo("vxlan");
        JsonNode data = info.path("info_data");
        assertThat(data.path("id").asInt()).isEqualTo(256);
        assertThat(data.path("port").asInt()).isEqualTo(4789);
        assertThat(data.path("port_range").path("low").asInt()).isZero();
        assertThat(data.path("learning").asBoolean(true)).isFalse();
        assertThat(data.path("proxy").asBoolean()).isTrue();
        assertThat(data.path("l2miss").asBoolean()).isTrue();
        assertThat(data.path("l3miss").asBoolean()).isTrue();
        assertThat(data.path("ageing").asInt()).isEqualTo(300);
        assertThat(data.has("udp_zero_csum6_tx")).isTrue();
        assertThat(data.has("local")).isFalse();
    }

    @Test
    void linkJsonCarriesWhatTheTextShows() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip link set veth0 master docker0");
        ok("sudo ip link set veth0 up");
        JsonNode all = json(ok("ip -j link"));
        assertThat(all.size()).isEqualTo(6);
        JsonNode veth0 = all.get(5);
        assertThat(veth0.path("ifindex").asInt()).isEqualTo(6);
        assertThat(veth0.path("link").asText()).isEqualTo("veth1");
        assertThat(veth0.path("ifname").asText()).isEqualTo("veth0");
        assertThat(texts(veth0.path("flags"))).containsExactly("NO-CARRIER", "BROADCAST", "MULTICAST", "UP", "M-DOWN");
        assertThat(veth0.path("mtu").asInt()).isEqualTo(1500);
        assertThat(veth0.path("qdisc").asText()).isEqualTo("noqueue");
        assertThat(veth0.path("master").asText()).isEqualTo("docker0");
        assertThat(veth0.path("operstate").asText()).isEqualTo("LOWERLAYERDOWN");
        assertThat(veth0.path("linkmode").asText()).isEqualTo("DEFAULT");
        assertThat(veth0.path("link_type").asText()).isEqualTo("ether");
        assertThat(veth0.path("broadcast").asText()).isEqualTo("ff:ff:ff:ff:ff:ff");
        assertThat(all.get(0).path("link_type").asText()).isEqualTo("loopback");
        // the JSON field order is iproute2's
        List<String> fields = new ArrayList<>();
        veth0.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("ifindex", "link", "ifname", "flags", "mtu", "qdisc", "master", "operstate",
                "linkmode", "group", "txqlen", "link_type", "address", "broadcast");
    }

    // ------------------------------------------------------------------ netns

    @Test
    void netnsAddListExecAndDelete() {
        assertThat(ok("ip netns list")).isEmpty();
        ok("sudo ip netns add red");
        ok("sudo ip netns add blue");
        assertThat(ok("ip netns")).isEqualTo("blue\nred\n");
        assertThat(ok("sudo ip netns exec red ip link")).isEqualTo("""
                1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000
                    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                """);
        // a new namespace's lo is down and has no address: even 127.0.0.1 is out of reach
        CommandResult unreachable = run("sudo ip netns exec red ping -c 1 127.0.0.1");
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.output()).isEqualTo("connect: Network is unreachable\n");
        ok("sudo ip netns exec red ip link set lo up");
        assertThat(ok("ip -n red link show lo")).contains("<LOOPBACK,UP,LOWER_UP>");
        assertThat(ok("sudo ip netns exec red ip addr show lo")).contains("    inet 127.0.0.1/8 scope host lo\n");
        assertThat(ok("sudo ip netns exec red ping -c 1 127.0.0.1")).contains("1 packets transmitted, 1 received, 0% packet loss");
        CommandResult noProgram = run("sudo ip netns exec red frobnicate");
        assertThat(noProgram.exitCode()).isEqualTo(1);
        assertThat(noProgram.output()).isEqualTo("exec of \"frobnicate\" failed: No such file or directory\n");
        CommandResult dup = run("sudo ip netns add red");
        assertThat(dup.exitCode()).isEqualTo(1);
        assertThat(dup.output()).isEqualTo("Cannot create namespace file \"/run/netns/red\": File exists\n");
        ok("sudo ip netns del red");
        assertThat(ok("ip netns list")).isEqualTo("blue\n");
        CommandResult gone = run("sudo ip netns exec red ip link");
        assertThat(gone.exitCode()).isEqualTo(255);
        assertThat(gone.output()).isEqualTo("Cannot open network namespace \"red\": No such file or directory\n");
        CommandResult delGone = run("sudo ip netns del red");
        assertThat(delGone.exitCode()).isEqualTo(1);
        assertThat(delGone.output()).contains("\"/run/netns/red\": No such file or directory");
    }

    @Test
    void netnsNeedsRoot() {
        CommandResult add = run("ip netns add red");
        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.output()).isEqualTo("mkdir /run/netns failed: Permission denied\n");
        ok("sudo ip netns add red");
        CommandResult del = run("ip netns del red");
        assertThat(del.output()).isEqualTo("Cannot remove namespace file \"/run/netns/red\": Permission denied\n");
        assertThat(ok("ip netns list")).isEqualTo("red\n");
    }

    @Test
    void movingOneEndIntoANamespaceShowsItAsIfIndexWithLinkNetns() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip addr add 10.9.0.1/24 dev veth1");
        ok("sudo ip netns add red");
        ok("sudo ip link set veth1 netns red");
        List<String> lines = ok("ip link show veth0").lines().toList();
        assertThat(lines.get(0)).startsWith("6: veth0@if5: <BROADCAST,MULTICAST> ");
        assertThat(lines.get(1)).endsWith(" brd ff:ff:ff:ff:ff:ff link-netns red");
        JsonNode j = json(ok("ip -j link show veth0")).get(0);
        assertThat(j.path("link_index").asInt()).isEqualTo(5);
        assertThat(j.has("link")).isFalse();
        // the moved end keeps its index, comes down and loses its addresses
        String inside = ok("sudo ip netns exec red ip addr show veth1");
        assertThat(inside).startsWith("5: veth1@if6: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN")
                .doesNotContain("inet ");
        assertThat(run("ip link show veth1").exitCode()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ addr

    @Test
    void addrAddDelFlushAndAutomaticBroadcast() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip addr add 10.1.0.1/24 dev veth0");
        ok("sudo ip addr add 10.2.0.1/16 brd + dev veth0");
        ok("sudo ip addr add 10.3.0.7 dev veth0");
        String out = ok("ip addr show veth0");
        assertThat(out).contains("    inet 10.1.0.1/24 scope global veth0\n",
                "    inet 10.2.0.1/16 brd 10.2.255.255 scope global veth0\n",
                "    inet 10.3.0.7/32 scope global veth0\n");
        // a down device has no IPv6 link-local address
        assertThat(out).doesNotContain("inet6");

        ok("sudo ip addr del 10.2.0.1/16 dev veth0");
        assertThat(ok("ip addr show veth0")).doesNotContain("10.2.0.1");
        ok("sudo ip addr flush dev veth0");
        assertThat(ok("ip addr show veth0")).doesNotContain("inet ");
    }

    @Test
    void connectedRoutesFollowAddressesAndLinkState() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        ok("sudo ip addr add 10.1.0.1/24 dev veth0");
        assertThat(ok("ip route")).doesNotContain("10.1.0.0/24");
        ok("sudo ip link set veth0 up");
        assertThat(ok("ip route")).contains("10.1.0.0/24 dev veth0 proto kernel scope link src 10.1.0.1 linkdown \n");
        ok("sudo ip link set veth1 up");
        assertThat(ok("ip route")).contains("10.1.0.0/24 dev veth0 proto kernel scope link src 10.1.0.1 \n");
        ok("sudo ip link set veth0 down");
        assertThat(ok("ip route")).doesNotContain("10.1.0.0/24");
    }

    @Test
    void addrErrors() {
        CommandResult twice = run("sudo ip addr add 192.168.205.10/24 dev enp0s8");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.output()).isEqualTo("Error: ipv4: Address already assigned.\n");
        CommandResult missing = run("sudo ip addr del 10.9.9.9/24 dev enp0s8");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).isEqualTo("Error: ipv4: Address not found.\n");
        CommandResult bad = run("sudo ip addr add 10.1.0.300/24 dev enp0s8");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.output()).isEqualTo("Error: any valid prefix is expected rather than \"10.1.0.300/24\".\n");
        CommandResult noDev = run("sudo ip addr add 10.1.0.1/24");
        assertThat(noDev.exitCode()).isEqualTo(1);
        assertThat(noDev.output()).isEqualTo("Not enough information: \"dev\" argument is required.\n");
        assertThat(run("sudo ip addr add 10.1.0.1/24 dev nosuch").output()).isEqualTo("Cannot find device \"nosuch\"\n");
        CommandResult show = run("ip addr show nosuch");
        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.output()).isEqualTo("Device \"nosuch\" does not exist.\n");
    }

    @Test
    void addrJsonListsInetThenInet6() {
        JsonNode enp0s8 = json(ok("ip -j addr show enp0s8")).get(0);
        assertThat(enp0s8.has("linkmode")).isFalse();
        JsonNode infos = enp0s8.path("addr_info");
        assertThat(infos.size()).isEqualTo(2);
        JsonNode inet = infos.get(0);
        assertThat(inet.path("family").asText()).isEqualTo("inet");
        assertThat(inet.path("local").asText()).isEqualTo("192.168.205.10");
        assertThat(inet.path("prefixlen").asInt()).isEqualTo(24);
        assertThat(inet.path("broadcast").asText()).isEqualTo("192.168.205.255");
        assertThat(inet.path("scope").asText()).isEqualTo("global");
        assertThat(inet.path("label").asText()).isEqualTo("enp0s8");
        assertThat(inet.path("valid_life_time").asLong()).isEqualTo(4294967295L);
        JsonNode inet6 = infos.get(1);
        assertThat(inet6.path("family").asText()).isEqualTo("inet6");
        assertThat(inet6.path("local").asText()).startsWith("fe80::a00:27ff:fe");
        assertThat(inet6.path("prefixlen").asInt()).isEqualTo(64);
        assertThat(inet6.path("scope").asText()).isEqualTo("link");
    }

    // ------------------------------------------------------------------ route

    @Test
    void routeAddReplaceDelete() {
        ok("sudo ip route add 10.3.0.0/16 via 192.168.205.11");
        ok("sudo ip route add 10.4.0.0/16 via 10.99.0.1 dev enp0s8 onlink");
        ok("sudo ip route add blackhole 10.5.0.0/26");
        ok("sudo ip route add 10.6.0.0/24 dev enp0s8 src 192.168.205.10 metric 100");
        ok("sudo ip route add 10.7.0.0/24 dev docker0");
        assertThat(ok("ip route")).contains(
                "10.3.0.0/16 via 192.168.205.11 dev enp0s8 \n",
                "10.4.0.0/16 via 10.99.0.1 dev enp0s8 onlink \n",
                "blackhole 10.5.0.0/26 \n",
                "10.6.0.0/24 dev enp0s8 scope link src 192.168.205.10 metric 100 \n",
                "10.7.0.0/24 dev docker0 scope link linkdown \n");

        ok("sudo ip route replace 10.3.0.0/16 via 192.168.205.12");
        assertThat(ok("ip route")).contains("10.3.0.0/16 via 192.168.205.12 dev enp0s8 \n")
                .doesNotContain("192.168.205.11");
        ok("sudo ip route replace 10.8.0.0/16 via 192.168.205.12");
        assertThat(ok("ip route")).contains("10.8.0.0/16 via 192.168.205.12 dev enp0s8 \n");

        ok("sudo ip route del 10.3.0.0/16");
        assertThat(ok("ip route")).doesNotContain("10.3.0.0/16");
        CommandResult again = run("sudo ip route del 10.3.0.0/16");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.output()).isEqualTo("RTNETLINK answers: No such process\n");
    }

    @Test
    void routeErrors() {
        CommandResult dup = run("sudo ip route add 192.168.205.0/24 dev enp0s8");
        assertThat(dup.exitCode()).isEqualTo(2);
        assertThat(dup.output()).isEqualTo("RTNETLINK answers: File exists\n");
        CommandResult gw = run("sudo ip route add 10.3.0.0/16 via 10.99.0.1");
        assertThat(gw.exitCode()).isEqualTo(2);
        assertThat(gw.output()).isEqualTo("Error: Nexthop has invalid gateway.\n");
        ok("sudo ip link add veth0 type veth peer name veth1");
        CommandResult down = run("sudo ip route add 10.9.0.0/24 dev veth0");
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.output()).isEqualTo("Error: Device for nexthop is not up.\n");
        CommandResult nodev = run("sudo ip route add 10.9.0.0/24 dev nosuch");
        assertThat(nodev.exitCode()).isEqualTo(1);
        assertThat(nodev.output()).isEqualTo("Cannot find device \"nosuch\"\n");
    }

    @Test
    void routeGetShowsTheChosenRouteAndSource() {
        ok("sudo ip route add 10.3.0.0/16 via 192.168.205.11");
        ok("sudo ip route add blackhole 10.5.0.0/26");
        assertThat(ok("ip route get 10.3.1.1")).isEqualTo(
                "10.3.1.1 via 192.168.205.11 dev enp0s8 src 192.168.205.10 uid 0 \n    cache \n");
        assertThat(ok("ip route get 8.8.8.8")).isEqualTo("8.8.8.8 via 10.0.2.2 dev enp0s3 src 10.0.2.15 uid 0 \n    cache \n");
        assertThat(ok("ip route get 192.168.205.11")).startsWith("192.168.205.11 dev enp0s8 src 192.168.205.10 uid 0 ");
        assertThat(ok("ip route get 192.168.205.10")).isEqualTo(
                "local 192.168.205.10 dev lo src 192.168.205.10 uid 0 \n    cache <local> \n");
        CommandResult hole = run("ip route get 10.5.0.3");
        assertThat(hole.exitCode()).isEqualTo(2);
        assertThat(hole.output()).isEqualTo("RTNETLINK answers: Invalid argument\n");
        // a route through a device without carrier is still the one the kernel picks
        assertThat(ok("ip route get 172.17.0.5")).startsWith("172.17.0.5 dev docker0 src 172.17.0.1 ");

        JsonNode j = json(ok("ip -j route get 10.3.1.1")).get(0);
        assertThat(j.path("dst").asText()).isEqualTo("10.3.1.1");
        assertThat(j.path("gateway").asText()).isEqualTo("192.168.205.11");
        assertThat(j.path("dev").asText()).isEqualTo("enp0s8");
        assertThat(j.path("prefsrc").asText()).isEqualTo("192.168.205.10");
        assertThat(j.path("uid").asInt()).isZero();
        JsonNode local = json(ok("ip -j route get 127.0.0.1")).get(0);
        assertThat(local.path("type").asText()).isEqualTo("local");
        assertThat(texts(local.path("cache"))).containsExactly("local");
    }

    @Test
    void routeJsonCarriesGatewayFlagsAndTypes() {
        ok("sudo ip route add 10.4.0.0/16 via 10.99.0.1 dev enp0s8 onlink");
        ok("sudo ip route add blackhole 10.5.0.0/26");
        ok("sudo ip route add 10.6.0.0/24 dev enp0s8 src 192.168.205.10 metric 100");
        JsonNode routes = json(ok("ip -j route"));
        JsonNode def = routes.get(0);
        assertThat(def.path("dst").asText()).isEqualTo("default");
        assertThat(def.path("gateway").asText()).isEqualTo("10.0.2.2");
        assertThat(def.path("dev").asText()).isEqualTo("enp0s3");
        assertThat(def.path("flags").isArray()).isTrue();
        JsonNode onlink = find(routes, "10.4.0.0/16");
        assertThat(texts(onlink.path("flags"))).containsExactly("onlink");
        JsonNode hole = find(routes, "10.5.0.0/26");
        assertThat(hole.path("type").asText()).isEqualTo("blackhole");
        assertThat(hole.has("dev")).isFalse();
        JsonNode metric = find(routes, "10.6.0.0/24");
        assertThat(metric.path("metric").asInt()).isEqualTo(100);
        assertThat(metric.path("prefsrc").asText()).isEqualTo("192.168.205.10");
        assertThat(metric.path("scope").asText()).isEqualTo("link");
        JsonNode connected = find(routes, "172.17.0.0/16");
        assertThat(connected.path("protocol").asText()).isEqualTo("kernel");
        assertThat(texts(connected.path("flags"))).containsExactly("linkdown");
    }

    private static JsonNode find(JsonNode routes, String dst) {
        for (JsonNode r : routes) {
            if (r.path("dst").asText().equals(dst)) {
                return r;
            }
        }
        throw new AssertionError("no route to " + dst + " in " + routes);
    }

    // ------------------------------------------------------------------ neigh

    @Test
    void neighAddReplaceDelete() {
        ok("sudo ip neigh add 192.168.205.11 lladdr 08:00:27:b8:22:30 dev enp0s8");
        ok("sudo ip neigh replace 192.168.205.12 lladdr 08:00:27:b8:22:31 dev enp0s8 nud reachable");
        assertThat(ok("ip neigh")).isEqualTo("""
                192.168.205.11 dev enp0s8 lladdr 08:00:27:b8:22:30 PERMANENT \n\
                192.168.205.12 dev enp0s8 lladdr 08:00:27:b8:22:31 REACHABLE \n""");
        assertThat(ok("ip neigh show dev enp0s8")).startsWith("192.168.205.11 lladdr 08:00:27:b8:22:30 PERMANENT \n");

        CommandResult twice = run("sudo ip neigh add 192.168.205.11 lladdr 08:00:27:b8:22:30 dev enp0s8");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.output()).isEqualTo("RTNETLINK answers: File exists\n");
        ok("sudo ip neigh replace 192.168.205.11 lladdr 08:00:27:00:00:01 dev enp0s8");
        assertThat(ok("ip neigh")).contains("192.168.205.11 dev enp0s8 lladdr 08:00:27:00:00:01 PERMANENT \n");

        ok("sudo ip neigh del 192.168.205.11 dev enp0s8");
        assertThat(ok("ip neigh")).doesNotContain("192.168.205.11");
        CommandResult gone = run("sudo ip neigh del 192.168.205.11 dev enp0s8");
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.output()).isEqualTo("RTNETLINK answers: No such file or directory\n");
        assertThat(run("sudo ip neigh add 10.1.1.1 lladdr 02:00:00:00:00:01 dev nosuch").exitCode()).isEqualTo(1);
    }

    @Test
    void reachableNeighboursGoStaleAfterTheirReachableTime() {
        // the kernel draws each device's reachable time between 15 and 45 s (base_reachable_time 30 s)
        ok("sudo ip neigh replace 192.168.205.12 lladdr 08:00:27:b8:22:31 dev enp0s8 nud reachable");
        ok("sleep 10");
        assertThat(ok("ip neigh")).contains("192.168.205.12 dev enp0s8 lladdr 08:00:27:b8:22:31 REACHABLE \n");
        ok("sleep 34");
        assertThat(ok("ip neigh")).contains("192.168.205.12 dev enp0s8 lladdr 08:00:27:b8:22:31 STALE \n");
    }

    @Test
    void neighJson() {
        ok("sudo ip neigh add 192.168.205.11 lladdr 08:00:27:b8:22:30 dev enp0s8");
        JsonNode n = json(ok("ip -j neigh")).get(0);
        assertThat(n.path("dst").asText()).isEqualTo("192.168.205.11");
        assertThat(n.path("dev").asText()).isEqualTo("enp0s8");
        assertThat(n.path("lladdr").asText()).isEqualTo("08:00:27:b8:22:30");
        assertThat(texts(n.path("state"))).containsExactly("PERMANENT");
        assertThat(json(ok("ip -j neigh show dev enp0s8")).get(0).has("dev")).isFalse();
    }

    // ------------------------------------------------------------------ errors

    @Test
    void changesNeedRoot() {
        for (String line : List.of("ip link add veth0 type veth peer name veth1", "ip link set enp0s8 down",
                "ip addr add 10.1.0.1/24 dev enp0s8", "ip route add 10.3.0.0/16 via 192.168.205.11",
                "ip neigh add 192.168.205.11 lladdr 08:00:27:b8:22:30 dev enp0s8")) {
            CommandResult r = run(line);
            assertThat(r.exitCode()).as(line).isEqualTo(2);
            assertThat(r.output()).as(line).isEqualTo("RTNETLINK answers: Operation not permitted\n");
        }
        assertThat(linkLine("enp0s8")).contains("state UP");
        assertThat(ok("ip route")).doesNotContain("10.3.0.0");
    }

    @Test
    void linkErrors() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        CommandResult exists = run("sudo ip link add veth0 type veth peer name veth9");
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(exists.output()).isEqualTo("RTNETLINK answers: File exists\n");
        assertThat(run("ip link show veth9").exitCode()).isEqualTo(1);

        for (String line : List.of("sudo ip link set nosuch up", "sudo ip link del nosuch")) {
            CommandResult r = run(line);
            assertThat(r.exitCode()).as(line).isEqualTo(1);
            assertThat(r.output()).as(line).isEqualTo("Cannot find device \"nosuch\"\n");
        }
        CommandResult master = run("sudo ip link set veth0 master nosuch");
        assertThat(master.exitCode()).isEqualTo(255);
        assertThat(master.output()).isEqualTo("Error: argument \"nosuch\" is wrong: Device does not exist\n\n");
        CommandResult notBridge = run("sudo ip link set veth0 master veth1");
        assertThat(notBridge.exitCode()).isEqualTo(2);
        assertThat(notBridge.output()).isEqualTo("RTNETLINK answers: Operation not supported\n");
        CommandResult mtu = run("sudo ip link set veth0 mtu 99999");
        assertThat(mtu.exitCode()).isEqualTo(2);
        assertThat(mtu.output()).isEqualTo("Error: mtu greater than device maximum.\n");
        CommandResult netns = run("sudo ip link set veth0 netns nosuch");
        assertThat(netns.exitCode()).isEqualTo(255);
        assertThat(netns.output()).isEqualTo("Error: argument \"nosuch\" is wrong: Invalid \"netns\" value\n\n");
        CommandResult garbage = run("sudo ip link set veth0 foo");
        assertThat(garbage.exitCode()).isEqualTo(255);
        assertThat(garbage.output()).isEqualTo("Error: either \"dev\" is duplicate, or \"foo\" is a garbage.\n");
        CommandResult name = run("sudo ip link add averyveryverylongname type bridge");
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.output()).isEqualTo("Error: Attribute failed policy validation.\n");
        CommandResult gre = run("sudo ip link add gre1 type gre remote 192.168.205.11");
        assertThat(gre.exitCode()).isEqualTo(2);
        assertThat(gre.output()).isEqualTo("Error: Unknown device type.\n");
        assertThat(run("sudo ip link add vx9 type vxlan dev enp0s8").output())
                .isEqualTo("Error: Required attributes not provided to perform the operation.\n");
        // nothing of the failed commands was made
        assertThat(ok("ip link").lines().filter(l -> !l.startsWith(" ")).count()).isEqualTo(6);
    }

    @Test
    void unknownObjectsAndOptions() {
        CommandResult object = run("ip foo");
        assertThat(object.exitCode()).isEqualTo(255);
        assertThat(object.output()).isEqualTo("Object \"foo\" is unknown, try \"ip help\".\n");
        CommandResult option = run("ip -z link");
        assertThat(option.exitCode()).isEqualTo(255);
        assertThat(option.output()).isEqualTo("Option \"-z\" is unknown, try \"ip -help\".\n");
        // any unambiguous prefix of a keyword works
        assertThat(ok("ip a s enp0s8")).contains("inet 192.168.205.10/24");
        assertThat(ok("ip r")).startsWith("default via 10.0.2.2");
    }
}
