/* ICMPv6 message and code names as tcpdump prints them. */
package org.overlaylab.packets.format;

final class Icmp6Names {
    private Icmp6Names() {}

    static String type(int type) {
        return switch (type) {
            case 1 -> "destination unreachable";
            case 2 -> "packet too big";
            case 3 -> "time exceeded in-transit";
            case 4 -> "parameter problem";
            case 128 -> "echo request";
            case 129 -> "echo reply";
            case 130 -> "multicast listener query";
            case 131 -> "multicast listener report";
            case 132 -> "multicast listener done";
            case 133 -> "router solicitation";
            case 134 -> "router advertisement";
            case 135 -> "neighbor solicitation";
            case 136 -> "neighbor advertisement";
            case 137 -> "redirect";
            case 138 -> "router renumbering";
            case 141 -> "inverse neighbor solicitation";
            case 142 -> "inverse neighbor advertisement";
            case 143 -> "multicast listener report v2";
            case 144 -> "ha discovery request";
            case 145 -> "ha discovery reply";
            case 146 -> "mobile router solicitation";
            case 147 -> "mobile router advertisement";
            case 139 -> "node information query";
            case 140 -> "node information reply";
            case 200 -> "mtrace message";
            case 201 -> "mtrace response";
            case 155 -> "RPL";
            default -> null;
        };
    }

    static String unreachCode(int code) {
        return switch (code) {
            case 0 -> "unreachable route";
            case 1 -> " unreachable prohibited";
            case 2 -> "beyond scope";
            case 3 -> "unreachable address";
            case 4 -> "unreachable port";
            default -> null;
        };
    }
}
