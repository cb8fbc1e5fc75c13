/* Prints one encapsulation's header the way tcpdump 4.99 does, then hands on what it carries. */
package org.overlaylab.packets.format;

@FunctionalInterface
interface TunnelPrinter {

    /**
     * Prints the header at {@code p} (the UDP payload, or the IP payload for protocol-named
     * tunnels), {@code length} bytes long on the wire, and leaves the inner packet to the cursor.
     */
    void print(TunnelCursor c, int p, int length);
}
