/*
 * What the lab file says about its hosts that the observed topology may not: which NIC is the
 * underlay and which the NAT NIC towards the outside world. Used when a backend reports no
 * segments; the simulator reports them and those win. Also the lab's routers, which no host
 * reports: each link's interface, address and the name of the segment it is on.
 */
package org.overlaylab.app.ui.diagram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

public record LabHints(Map<String, String> underlayNics, Map<String, String> natNics, String underlayCidr,
                       List<Router> routers) {

    public static final LabHints NONE = new LabHints(Map.of(), Map.of(), null);

    /** A router of the lab file, drawn between the segments it joins. */
    public record Router(String name, List<RouterLink> links) {
        public Router {
            links = List.copyOf(links);
        }
    }

    /** One link: interface, address with prefix ("192.168.205.1/24"), and the segment's topology name ("underlay2"). */
    public record RouterLink(String interfaceName, String address, String segment) {}

    public LabHints {
        underlayNics = Map.copyOf(underlayNics);
        natNics = Map.copyOf(natNics);
        routers = List.copyOf(routers);
    }

    public LabHints(Map<String, String> underlayNics, Map<String, String> natNics, String underlayCidr) {
        this(underlayNics, natNics, underlayCidr, List.of());
    }

    public static LabHints of(Lab lab) {
        Map<String, String> underlay = new HashMap<>();
        Map<String, String> nat = new HashMap<>();
        List<HostSpec> hosts = lab.hosts();
        for (HostSpec h : hosts) {
            if (h.underlayInterface() != null) {
                underlay.put(h.name(), h.underlayInterface());
            }
            if (h.natInterface() != null) {
                nat.put(h.name(), h.natInterface());
            }
        }
        List<Router> routers = new java.util.ArrayList<>();
        for (org.overlaylab.model.lab.RouterSpec r : lab.routers()) {
            routers.add(new Router(r.name(), r.links().stream()
                    .map(l -> new RouterLink(l.interfaceName(), l.address(), lab.segmentName(l.segment()))).toList()));
        }
        return new LabHints(underlay, nat, lab.underlayCidr(), routers);
    }
}
