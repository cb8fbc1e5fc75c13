/* The input is not a classic pcap file, or it ends in the middle of a record. */
package org.overlaylab.packets;

import java.io.IOException;

public class PcapFormatException extends IOException {
    public PcapFormatException(String message) {
        super(message);
    }
}
