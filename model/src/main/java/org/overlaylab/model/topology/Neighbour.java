/* An ARP table entry as `ip neigh` prints it: address, device, link-layer address and NUD state. */
package org.overlaylab.model.topology;

public record Neighbour(String address, String device, String lladdr, String state) {}
