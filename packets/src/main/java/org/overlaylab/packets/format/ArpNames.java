/* ARP hardware types and operations as tcpdump names them. */
package org.overlaylab.packets.format;

final class ArpNames {
    private ArpNames() {}

    static String hardware(int hrd) {
        return switch (hrd) {
            case 1 -> "Ethernet";
            case 6 -> "TokenRing";
            case 7 -> "ArcNet";
            case 15 -> "FrameRelay";
            case 23 -> "Strip";
            case 24 -> "IEEE 1394";
            case 19 -> "ATM";
            case 32 -> "InfiniBand";
            default -> "Unknown Hardware (" + hrd + ")";
        };
    }

    static String operation(int op) {
        return switch (op) {
            case 1 -> "Request";
            case 2 -> "Reply";
            case 3 -> "Reverse Request";
            case 4 -> "Reverse Reply";
            case 8 -> "Inverse Request";
            case 9 -> "Inverse Reply";
            case 10 -> "NACK Reply";
            default -> null;
        };
    }
}
