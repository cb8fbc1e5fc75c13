/* An IPv4 address on a device, with the prefix length, broadcast and scope `ip addr` shows. */
package org.overlaylab.model.topology;

public record InterfaceAddress(String address, int prefixLength, String broadcast, String scope) {

    public String cidr() {
        return address + "/" + prefixLength;
    }
}
