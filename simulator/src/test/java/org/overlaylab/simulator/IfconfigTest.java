/*
 * ifconfig as the tutorial's Ubuntu 16.04 prints it (net-tools 1.60) on the host, and as busybox
 * prints it inside a busybox container: the block layout, what setting an address does, the errors.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class IfconfigTest {
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

    @Test
    void listsTheUpInterfacesInNameOrderInNetTools160Layout() {
        ok("sudo ip link add veth0 type veth peer name veth1");
        String out = ok("ifconfig");
        List<String> names = out.lines().filter(l -> !l.isEmpty() && !l.startsWith(" ")).map(l -> l.split(" ")[0]).toList();
        assertThat(names).containsExactly("docker0", "enp0s3", "enp0s8", "lo");
        assertThat(ok("ifconfig -a").lines().filter(l -> !l.isEmpty() && !l.startsWith(" ")).map(l -> l.split(" ")[0]))
                .containsExactly("docker0", "enp0s3", "enp0s8", "lo", "veth0", "veth1");

        String enp0s8 = ok("ifconfig enp0s8");
        List<String> lines = enp0s8.lines().toList();
        assertThat(lines.get(0)).matches("enp0s8    Link encap:Ethernet  HWaddr 08:00:27(:[0-9a-f]{2}){3}  ");
        assertThat(lines.get(1)).isEqualTo("          inet addr:192.168.205.10  Bcast:192.168.205.255  Mask:255.255.255.0");
        assertThat(lines.get(2)).matches("          inet6 addr: fe80::a00:27ff:fe[0-9a-f]{2}:[0-9a-f]{1,4}/64 Scope:Link");
        assertThat(lines.get(3)).isEqualTo("          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1");
        assertThat(lines.get(4)).isEqualTo("          RX packets:0 errors:0 dropped:0 overruns:0 frame:0");
        assertThat(lines.get(5)).isEqualTo("          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0");
        assertThat(lines.get(6)).isEqualTo("          collisions:0 txqueuelen:1000 ");
        assertThat(lines.get(7)).isEqualTo("          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)");
        assertThat(enp0s8).endsWith("\n\n");

        assertThat(ok("ifconfig lo")).isEqualTo("""
                lo        Link encap:Local Loopback  \n\
                          inet addr:127.0.0.1  Mask:255.0.0.0
                          inet6 addr: ::1/128 Scope:Host
                          UP LOOPBACK RUNNING  MTU:65536  Metric:1
                          RX packets:0 errors:0 dropped:0 overruns:0 frame:0
                          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0
                          collisions:0 txqueuelen:1 \n\
                          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)

                """);
        // docker0 without a container: up but not running
        assertThat(ok("ifconfig docker0")).contains("          UP BROADCAST MULTICAST  MTU:1500  Metric:1\n");
    }

    @Test
    void longNamesPushTheHeaderRightAsUbuntusNetToolsDoes() {
        ok("sudo ip link add flannel.100 type vxlan id 100 dev enp0s8");
        assertThat(ok("ifconfig -a flannel.100")).startsWith("flannel.100 Link encap:Ethernet  HWaddr ");
    }

    @Test
    void settingAnAddressReplacesTheOldOneAndBringsTheInterfaceUp() {
        ok("sudo ifconfig docker0 10.15.64.1/20");
        assertThat(ok("ip addr show docker0")).contains("    inet 10.15.64.1/20 brd 10.15.79.255 scope global docker0\n")
                .doesNotContain("172.17.0.1");
        assertThat(ok("ifconfig docker0")).contains("inet addr:10.15.64.1  Bcast:10.15.79.255  Mask:255.255.240.0");

        ok("sudo ip link add veth0 type veth peer name veth1");
        // without a mask ifconfig takes the address's old class
        ok("sudo ifconfig veth0 10.20.0.1");
        assertThat(ok("ifconfig veth0")).contains("inet addr:10.20.0.1  Bcast:10.255.255.255  Mask:255.0.0.0",
                "UP BROADCAST MULTICAST  MTU:1500");
        ok("sudo ifconfig veth0 10.20.0.1 netmask 255.255.255.0");
        assertThat(ok("ifconfig veth0")).contains("inet addr:10.20.0.1  Bcast:10.20.0.255  Mask:255.255.255.0");
        ok("sudo ifconfig veth0 mtu 1450");
        ok("sudo ifconfig veth0 down");
        String down = ok("ifconfig -a veth0");
        assertThat(down).contains("          BROADCAST MULTICAST  MTU:1450  Metric:1\n").doesNotContain("inet6");
        assertThat(ok("ifconfig")).doesNotContain("veth0");
    }

    @Test
    void byteCountsUseNetToolsDecimalUnits() {
        try (SimLab two = SimLab.twoHosts()) {
            two.ok("node1", "ping -c 30 -i 0.2 192.168.205.11");
            String out = two.ok("node1", "ifconfig enp0s8");
            Matcher m = Pattern.compile("RX packets:(\\d+) .*\\n.*TX packets:(\\d+) [\\s\\S]*"
                    + "RX bytes:(\\d+) \\(([0-9.]+ [KM]?B)\\)  TX bytes:(\\d+) \\(([0-9.]+ [KM]?B)\\)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(30);
            assertThat(Integer.parseInt(m.group(2))).isGreaterThanOrEqualTo(30);
            long rx = Long.parseLong(m.group(3));
            assertThat(rx).isGreaterThan(1000);
            assertThat(m.group(4)).isEqualTo(netTools(rx));
            assertThat(m.group(6)).isEqualTo(netTools(Long.parseLong(m.group(5))));
        }
    }

    /** What net-tools 1.60 on Ubuntu prints after a byte count: one truncated decimal of B, KB or MB. */
    private static String netTools(long bytes) {
        if (bytes <= 1000) {
            return bytes + ".0 B";
        }
        if (bytes <= 1_000_000) {
            return bytes / 1000 + "." + bytes % 1000 / 100 + " KB";
        }
        return bytes / 1_000_000 + "." + bytes % 1_000_000 / 100_000 + " MB";
    }

    @Test
    void errorsOnTheHost() {
        CommandResult show = run("ifconfig nosuch");
        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.output()).isEqualTo("nosuch: error fetching interface information: Device not found\n");

        CommandResult set = run("sudo ifconfig nosuch 10.1.1.1");
        assertThat(set.exitCode()).isEqualTo(255);
        assertThat(set.output()).isEqualTo(
                "SIOCSIFADDR: No such device\nnosuch: ERROR while getting interface flags: No such device\n");

        CommandResult user = run("ifconfig docker0 10.15.64.1/20");
        assertThat(user.exitCode()).isEqualTo(255);
        assertThat(user.output()).isEqualTo("SIOCSIFADDR: Operation not permitted\nSIOCSIFFLAGS: Operation not permitted\n");
        assertThat(ok("ip addr show docker0")).contains("inet 172.17.0.1/16");

        CommandResult host = run("sudo ifconfig docker0 10.1.300.1");
        assertThat(host.exitCode()).isEqualTo(1);
        assertThat(host.output()).isEqualTo("10.1.300.1: Unknown host\nifconfig: `--help' gives usage information.\n");
    }

    @Test
    void busyboxInAContainerPrintsUpperCaseMacAndCannotChangeAnything() {
        lab.runSleeper("node1", "test1", null);
        String out = ok("sudo docker exec test1 ifconfig");
        List<String> headers = out.lines().filter(l -> !l.isEmpty() && !l.startsWith(" ")).toList();
        assertThat(headers).containsExactly("eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02  ",
                "lo        Link encap:Local Loopback  ");
        // Docker 20.10 sets the address with its broadcast address
        assertThat(out).contains("          inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0\n",
                "          inet6 addr: fe80::42:acff:fe11:2/64 Scope:Link\n",
                "          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n");

        CommandResult change = run("sudo docker exec test1 ifconfig eth0 10.9.9.9");
        assertThat(change.exitCode()).isEqualTo(1);
        assertThat(change.output()).isEqualTo("ifconfig: SIOCSIFADDR: Operation not permitted\n");
        CommandResult missing = run("sudo docker exec test1 ifconfig nosuch");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("ifconfig: nosuch: error fetching interface information: Device not found\n");
        assertThat(ok("sudo docker exec test1 ifconfig eth0")).contains("inet addr:172.17.0.2");
    }
}
