/*
 * A forwarding-database entry as `bridge fdb` prints it: a MAC on a device, either learned by a
 * Linux bridge (master) or programmed on a VXLAN device (self) with the remote VTEP as dst.
 */
package org.overlaylab.model.topology;

public record FdbEntry(String mac, String device, String master, String destination, boolean self, String state) {}
