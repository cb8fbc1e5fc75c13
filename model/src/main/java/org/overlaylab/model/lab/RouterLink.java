/*
 * One leg of a lab router: the router's interface on a segment and its address there, with the
 * prefix ("eth1 192.168.205.1/24" in the lab file). The prefix names the segment the leg is on.
 */
package org.overlaylab.model.lab;

import org.overlaylab.model.net.Cidr;

public record RouterLink(String interfaceName, String address) {

    /** The router's address on this segment, without the prefix length. */
    public String ip() {
        return Cidr.parse(address).addressText();
    }

    /** The segment this link is on, as a network prefix ("192.168.206.0/24"). */
    public String segment() {
        return Cidr.parse(address).networkCidr().toString();
    }
}
