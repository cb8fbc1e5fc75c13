/*
 * A lab whose hosts sit on two underlay segments with a router between them, built for real: the
 * hosts' boot routes, a ping across the router (one hop, so TTL 63) seen on the router's far link,
 * the router with no way anywhere else, and nothing left after teardown, nor after a start that
 * failed halfway through building the router.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.RouterLink;
import org.overlaylab.model.lab.RouterSpec;

@Tag("netns")
class RoutedUnderlayTest {
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(30), Map.of());
    /** Enough to ping and look: no Docker, so the lab comes up in seconds. */
    private static final List<String> PACKAGES = List.of("iproute2", "iputils-ping", "tcpdump");

    static Lab routedLab(String farLinkName) {
        List<HostSpec> hosts = List.of(
                new HostSpec("node1", "docker-node1", "enp0s8", "192.168.205.10/24", "enp0s3", null, PACKAGES, null),
                new HostSpec("node2", "docker-node2", "enp0s8", "192.168.205.11/24", "enp0s3", null, PACKAGES, null),
                new HostSpec("node3", "docker-node3", "enp0s8", "192.168.206.12/24", "enp0s3", null, PACKAGES, null));
        RouterSpec router = new RouterSpec("router1",
                List.of(new RouterLink("eth1", "192.168.205.1/24"), new RouterLink(farLinkName, "192.168.206.1/24")), null);
        return new Lab("routed", "Routed", "two segments and a router", 7, hosts, "192.168.205.0/24", List.of(), null,
                Map.of(), null, null, List.of(router));
    }

    @Test
    void hostsBehindTheRouterAreOneHopAwayAndTeardownLeavesNothing() throws Exception {
        String rootLinksBefore = rootLinks();
        NetnsBackend backend = new NetnsBackend();
        LabLayout layout;
        try {
            backend.start(routedLab("eth2"), OPTIONS);
            layout = backend.layout();
            assertThat(backend.run(CommandRequest.of("node1", "ip route")).stdout())
                    .contains("192.168.205.0/24 dev enp0s8 proto kernel scope link src 192.168.205.10 \n",
                            "192.168.206.0/24 via 192.168.205.1 dev enp0s8 \n");
            assertThat(backend.run(CommandRequest.of("node3", "ip route")).stdout())
                    .contains("192.168.205.0/24 via 192.168.206.1 dev enp0s8 \n",
                            "192.168.206.0/24 dev enp0s8 proto kernel scope link src 192.168.206.12 \n");
            String router = "--net=" + LabLayout.netnsPath(layout.routerNetns("router1"));
            assertThat(Exec.check(Duration.ofSeconds(5), List.of("nsenter", router, "ip", "route")))
                    .as("the router knows its two segments and nothing else")
                    .isEqualTo("192.168.205.0/24 dev eth1 proto kernel scope link src 192.168.205.1 \n"
                            + "192.168.206.0/24 dev eth2 proto kernel scope link src 192.168.206.1 \n");
            assertThat(Exec.check(Duration.ofSeconds(5), List.of("nsenter", router, "sysctl", "-n", "net.ipv4.ip_forward")).strip())
                    .isEqualTo("1");

            List<CapturedFrame> farSide = new CopyOnWriteArrayList<>();
            String ping;
            try (CaptureHandle c = backend.capture(CapturePoint.of("router1", "eth2"), farSide::add)) {
                ping = backend.run(CommandRequest.of("node1", "ping -c 2 -W 2 192.168.206.12")).stdout();
                Sweeper.sleep(300);
            }
            assertThat(ping).contains("64 bytes from 192.168.206.12: icmp_seq=1 ttl=63 time=");
            List<byte[]> requests = farSide.stream().map(CapturedFrame::data)
                    .filter(d -> Frames.isIpv4(d) && Frames.protocol(d) == 1 && (d[34] & 0xff) == 8).toList();
            assertThat(farSide).allMatch(f -> f.host().equals("router1") && f.device().equals("eth2"));
            assertThat(requests).as("echo requests leaving the router on eth2").hasSize(2);
            assertThat(requests).allSatisfy(d -> {
                assertThat(d[22] & 0xff).as("TTL after one hop").isEqualTo(63);
                assertThat(ip(d, 26)).isEqualTo("192.168.205.10");
                assertThat(ip(d, 30)).isEqualTo("192.168.206.12");
            });
            assertThat(backend.run(CommandRequest.of("node2", "ping -c 1 -W 1 192.168.205.10")).stdout()).contains("ttl=64");
        } finally {
            backend.close();
        }
        assertThat(Sweeper.leftovers(layout).none()).as("left behind: " + Sweeper.leftovers(layout)).isTrue();
        assertThat(Sweeper.ourNetns(layout.prefix())).isEmpty();
        assertThat(rootLinks()).as("the machine's own links").isEqualTo(rootLinksBefore);
    }

    @Test
    void aStartThatFailsWhileBuildingTheRouterLeavesNothing() throws Exception {
        String rootLinksBefore = rootLinks();
        NetnsBackend backend = new NetnsBackend();
        LabLayout layout;
        try {
            // a link name longer than the kernel's 15 characters: the router's second veth cannot be made
            assertThatThrownBy(() -> backend.start(routedLab("eth-name-too-long"), OPTIONS))
                    .isInstanceOf(BackendException.class)
                    .hasMessageStartingWith("could not bring the lab's hosts up:");
            layout = backend.layout();
            assertThat(Sweeper.ourNetns(layout.prefix())).isEmpty();
        } finally {
            backend.close();
        }
        assertThat(Sweeper.leftovers(layout).none()).as("left behind: " + Sweeper.leftovers(layout)).isTrue();
        assertThat(rootLinks()).isEqualTo(rootLinksBefore);
    }

    /** The names of the links in the machine's own namespace. */
    private static String rootLinks() throws Exception {
        return Exec.check(Duration.ofSeconds(5), List.of("ip", "-o", "link", "show")).lines()
                .map(l -> l.split(":")[1].strip()).sorted().toList().toString();
    }

    private static String ip(byte[] d, int off) {
        return (d[off] & 0xff) + "." + (d[off + 1] & 0xff) + "." + (d[off + 2] & 0xff) + "." + (d[off + 3] & 0xff);
    }
}
