/*
 * A layer-2 segment that joins hosts outside any host: the underlay switch between the VMs, or
 * the NAT network towards the lab's outside world. Lists which host device plugs into it.
 */
package org.overlaylab.model.topology;

import java.util.List;

public record Segment(String name, String cidr, List<Attachment> attachments) {

    public Segment {
        attachments = List.copyOf(attachments);
    }

    public record Attachment(String host, String device) {}
}
