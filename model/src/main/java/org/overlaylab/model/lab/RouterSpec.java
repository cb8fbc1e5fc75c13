/*
 * A router as the lab file declares it: a machine with one link on each of two or more underlay
 * segments that forwards IPv4 between them (ip_forward=1, no NAT), so hosts can sit on separate
 * networks the way VMs in different racks or subnets do.
 */
package org.overlaylab.model.lab;

import java.util.List;
import java.util.Optional;

public record RouterSpec(String name, List<RouterLink> links, SourcePosition position) {

    public RouterSpec {
        links = List.copyOf(links);
    }

    /** The router's link on a segment ("192.168.205.0/24"), if it has one. */
    public Optional<RouterLink> linkOn(String segment) {
        return links.stream().filter(l -> l.segment().equals(segment)).findFirst();
    }
}
