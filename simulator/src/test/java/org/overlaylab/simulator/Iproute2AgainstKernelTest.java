/*
 * The same session of `ip`, `bridge fdb` and `brctl show` typed into a simulated namespace and into
 * a real network namespace on this machine (iproute2 6.1): every command must print the same text
 * and end with the same status, once the values a kernel draws at random (MACs and the link-local
 * addresses made from them) and the IPv6 duplicate-address-detection flags of the first second are
 * written the same way. Needs root; the namespaces it makes are deleted even when a test fails.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

@Tag("netns")
class Iproute2AgainstKernelTest {

    /** The ip session, as typed inside the namespace. Each line is a command; none needs shell quoting. */
    private static final List<String> IP_SESSION = List.of(
            "ip addr show lo",
            "ip route get 127.0.0.1",
            "ip link set lo up",
            "ip -j route get 127.0.0.1",
            "ip link add veth0 type veth peer name veth1",
            "ip link show",
            "ip -j link show",
            "ip link set veth1 up",
            "ip link show",
            "ip link add br9 type bridge",
            "ip link set veth0 master br9",
            "ip link set veth0 up",
            "ip link set br9 up",
            "sleep 1",
            "ip link show",
            "ip -j link show veth0",
            "ip addr add 10.2.0.1/24 brd + dev veth1",
            "ip addr add 10.3.0.7 dev veth1",
            "ip addr add 10.1.0.1/24 dev br9",
            "ip addr show",
            "ip -j addr show veth1",
            "ip addr add 10.2.0.1/24 dev veth1",
            "ip addr del 10.9.0.1/24 dev veth1",
            "ip addr add 10.1.0.300/24 dev veth1",
            "ip addr show nosuch",
            "ip route add 10.5.0.0/16 via 10.2.0.2",
            "ip route add 10.6.0.0/16 via 10.99.0.1 dev veth1 onlink",
            "ip route add blackhole 10.7.0.0/26",
            "ip route add 10.8.0.0/24 dev veth1 src 10.2.0.1 metric 100",
            "ip route add 10.9.0.0/16 via 10.88.0.1",
            "ip route add 10.5.0.0/16 via 10.2.0.3",
            "ip route add 10.2.0.0/24 dev veth1",
            "ip route replace 10.5.0.0/16 via 10.2.0.3",
            "ip route",
            "ip -j route",
            "ip route get 10.5.1.1",
            "ip -j route get 10.5.1.1",
            "ip route get 10.2.0.1",
            "ip -j route get 10.2.0.1",
            "ip route get 10.7.0.1",
            "ip route del 10.5.0.0/16",
            "ip route del 10.5.0.0/16",
            "ip neigh add 10.2.0.9 lladdr 02:42:0a:00:00:09 dev veth1",
            "ip neigh add 10.2.0.9 lladdr 02:42:0a:00:00:09 dev veth1",
            "ip neigh show",
            "ip -j neigh show",
            "ip neigh replace 10.2.0.9 lladdr 02:42:0a:00:00:0a dev veth1 nud reachable",
            "ip neigh show dev veth1",
            "ip -j neigh show dev veth1",
            "ip neigh show dev nosuch",
            "ip neigh del 10.2.0.9 dev veth1",
            "ip neigh del 10.2.0.9 dev veth1",
            "ip neigh show",
            "ip link add vx0 type vxlan id 256 dstport 4789 proxy l2miss l3miss nolearning",
            "ip link show vx0",
            "ip link set nosuch up",
            "ip link del nosuch",
            "ip link show nosuch",
            "ip link set veth1 mtu 99999",
            "ip link set veth1 master nosuch",
            "ip link set veth1 master veth0",
            "ip link set veth1 foo",
            "ip link add veth0 type veth peer name veth5",
            "ip link add averyveryverylongname type bridge",
            "ip link set veth1 mtu 1450",
            "ip link set veth1 address 02:42:ac:11:00:02",
            "ip link add vZ type veth",
            "ip link set veth2 master br9",
            "ip link set veth2 up",
            "ip link set vZ up",
            "ip link set veth0 nomaster",
            "ip link show",
            "ip route");

    /**
     * bridge fdb on a VXLAN device (the kernel refuses a second device with the same VNI and port, so
     * the device has its own), and the layout of brctl show, which bridge-utils 1.5 and 1.7 share.
     */
    private static final List<String> BRIDGE_SESSION = List.of(
            "ip link add vx42 type vxlan id 42 local 127.0.0.1 dev lo dstport 8472 nolearning",
            "ip link set vx42 up",
            "bridge fdb add 82:53:2e:6a:a9:43 dev vx42 dst 192.168.205.11",
            "bridge fdb add 82:53:2e:6a:a9:43 dev vx42 dst 192.168.205.11",
            "bridge fdb add 82:53:2e:6a:a9:43 dev vx42 dst 192.168.205.12",
            "bridge fdb append 00:00:00:00:00:00 dev vx42 dst 192.168.205.11",
            "bridge fdb append 00:00:00:00:00:00 dev vx42 dst 192.168.205.12",
            "bridge fdb replace 82:53:2e:6a:a9:44 dev vx42 dst 192.168.205.13 self permanent",
            "bridge fdb add 82:53:2e:6a:a9:46 dev vx42 dst 192.168.205.13 dynamic",
            "bridge fdb show dev vx42",
            "bridge -j fdb show dev vx42",
            "bridge fdb del 82:53:2e:6a:a9:99 dev vx42",
            "bridge fdb del 00:00:00:00:00:00 dev vx42 dst 192.168.205.12",
            "bridge fdb add 82:53:2e:6a:a9:45 dev vx42",
            "bridge fdb add 82:53:2e:6a:a9:45 dev nosuch dst 192.168.205.11",
            "bridge fdb replace 82:53:2e:6a:a9:43 dev vx42 dst 192.168.205.14",
            "bridge fdb show dev vx42",
            "ip link add veth0 type veth peer name veth1",
            "ip link add veth2 type veth peer name veth3",
            "brctl addbr docker0",
            "brctl addbr br9",
            "brctl addif docker0 veth0 veth2",
            "brctl show",
            "brctl show docker0",
            "brctl delif docker0 veth0",
            "brctl show",
            "ip link set veth2 up",
            "ip link set veth3 up",
            "ip link set docker0 up",
            "sleep 1",
            "bridge link");

    private static final Pattern MAC = Pattern.compile("\\b(?:[0-9a-f]{2}:){5}[0-9a-f]{2}\\b");
    private static final Pattern LINK_LOCAL = Pattern.compile("fe80::[0-9a-f:]+");
    private static final Pattern BRIDGE_ID = Pattern.compile("8000\\.([0-9a-f]{12})");

    @Test
    void ipPrintsWhatTheKernelAndIproute2Print() throws Exception {
        assumeTrue(isRoot() && has("ip"), "needs root and iproute2");
        compare(IP_SESSION);
    }

    @Test
    void bridgeFdbAndBrctlShowPrintWhatTheRealToolsPrint() throws Exception {
        assumeTrue(isRoot() && has("ip") && has("bridge") && has("brctl"), "needs root, iproute2 and bridge-utils");
        compare(BRIDGE_SESSION);
    }

    /** Types the session into a fresh real namespace and into a simulated one, and compares each answer. */
    private static void compare(List<String> session) throws Exception {
        String ns = "simt-ip-" + ProcessHandle.current().pid();
        List<Exchange> real = new ArrayList<>();
        exec(List.of("ip", "netns", "add", ns));
        try {
            for (String line : session) {
                List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
                cmd.addAll(List.of(line.split(" ")));
                real.add(exec(cmd));
            }
        } finally {
            exec(List.of("ip", "netns", "del", ns));
        }

        List<Exchange> sim = new ArrayList<>();
        try (SimLab lab = SimLab.oneHost()) {
            lab.ok("node1", "sudo ip netns add cmp");
            for (String line : session) {
                CommandResult r = lab.run("node1", "sudo ip netns exec cmp " + line);
                sim.add(new Exchange(r.exitCode(), r.output()));
            }
        }

        List<String> differences = new ArrayList<>();
        for (int i = 0; i < session.size(); i++) {
            String want = normalize(real.get(i).output());
            String have = normalize(sim.get(i).output());
            if (real.get(i).status() != sim.get(i).status() || !want.equals(have)) {
                differences.add("$ " + session.get(i) + "\n--- kernel (exit " + real.get(i).status() + ")\n" + want
                        + "--- simulator (exit " + sim.get(i).status() + ")\n" + have);
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + session.size() + " commands differ:\n" + String.join("\n", differences));
        }
    }

    private record Exchange(int status, String output) {}

    /**
     * Writes what differs by chance the same way: each distinct MAC (other than all-zero and
     * broadcast) becomes MAC1, MAC2 ... in order of appearance, link-local IPv6 addresses become
     * fe80::LL, and the tentative flag an address carries during its first second goes.
     */
    static String normalize(String text) {
        Map<String, String> macs = new LinkedHashMap<>();
        Matcher m = MAC.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String mac = m.group();
            String name = mac.equals("00:00:00:00:00:00") || mac.equals("ff:ff:ff:ff:ff:ff") || mac.startsWith("02:42:")
                    ? mac : macs.computeIfAbsent(mac, k -> "MAC" + (macs.size() + 1));
            m.appendReplacement(sb, name);
        }
        m.appendTail(sb);
        // brctl writes a bridge's MAC without colons in its bridge id
        Matcher id = BRIDGE_ID.matcher(sb.toString());
        StringBuilder ids = new StringBuilder();
        while (id.find()) {
            String mac = id.group(1).replaceAll("(..)(?!$)", "$1:");
            id.appendReplacement(ids, "8000." + macs.computeIfAbsent(mac, k -> "MAC" + (macs.size() + 1)));
        }
        id.appendTail(ids);
        sb = ids;
        return LINK_LOCAL.matcher(sb.toString()).replaceAll("fe80::LL")
                .replace(" tentative", "")
                .replace("\"tentative\":true,", "");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean has(String program) {
        try {
            return exec(List.of("which", program)).status() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Exchange exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Exchange(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
