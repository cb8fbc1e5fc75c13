/* The segments of a lab with a router, and the boot routes each host gets towards the others. */
package org.overlaylab.model.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LabRoutersTest {

    private static HostSpec host(String name, String address) {
        return new HostSpec(name, name, "enp0s8", address, null, null, List.of(), SourcePosition.UNKNOWN);
    }

    private static Lab lab(List<HostSpec> hosts, List<RouterSpec> routers) {
        return new Lab("t", "T", "", 1, hosts, "192.168.205.0/24", List.of(), SourcePosition.UNKNOWN, Map.of(), null,
                null, routers);
    }

    private static final RouterSpec ROUTER1 = new RouterSpec("router1",
            List.of(new RouterLink("eth1", "192.168.205.1/24"), new RouterLink("eth2", "192.168.206.1/24")),
            SourcePosition.UNKNOWN);

    @Test
    void segmentsAreTheUnderlayThenEachRouterLinksNetworkOnce() {
        Lab lab = lab(List.of(), List.of(ROUTER1));
        assertEquals(List.of("192.168.205.0/24", "192.168.206.0/24"), lab.segments());
        assertEquals("192.168.206.0/24", lab.segmentOf("192.168.206.12/24").orElseThrow());
        assertEquals("192.168.205.0/24", lab.segmentOf("192.168.205.10").orElseThrow());
        assertEquals("underlay", lab.segmentName("192.168.205.0/24"));
        assertEquals("underlay2", lab.segmentName("192.168.206.0/24"));
    }

    @Test
    void eachHostRoutesTheOtherSegmentViaTheRoutersAddressOnItsOwn() {
        HostSpec node1 = host("node1", "192.168.205.10/24");
        HostSpec node3 = host("node3", "192.168.206.12/24");
        Lab lab = lab(List.of(node1, node3), List.of(ROUTER1));
        assertEquals(List.of(new BootRoute("192.168.206.0/24", "192.168.205.1", "enp0s8")), lab.bootRoutes(node1));
        assertEquals(List.of(new BootRoute("192.168.205.0/24", "192.168.206.1", "enp0s8")), lab.bootRoutes(node3));
        assertEquals("192.168.205.0/24 via 192.168.206.1 dev enp0s8", lab.bootRoutes(node3).get(0).routeText());
    }

    @Test
    void aLabWithoutRoutersHasOneSegmentAndNoBootRoutes() {
        HostSpec node1 = host("node1", "192.168.205.10/24");
        Lab lab = new Lab("t", "T", "", 1, List.of(node1), "192.168.205.0/24", List.of(), SourcePosition.UNKNOWN);
        assertEquals(List.of(), lab.routers());
        assertEquals(List.of("192.168.205.0/24"), lab.segments());
        assertEquals(List.of(), lab.bootRoutes(node1));
    }
}
