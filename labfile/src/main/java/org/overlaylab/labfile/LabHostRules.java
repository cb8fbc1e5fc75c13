/*
 * Limits on a lab file's values that the netns backend turns into real devices and timers: a
 * card's name fits the kernel's 15 characters, prefixes leave room for the addresses the lab
 * needs, a stop-after is a time a lesson can wait.
 */
package org.overlaylab.labfile;

import java.time.Duration;
import org.overlaylab.model.net.Cidr;

final class LabHostRules {
    /** IFNAMSIZ is 16 with the final NUL. */
    static final int MAX_INTERFACE_NAME = 15;
    static final Duration MAX_STOP_AFTER = Duration.ofHours(1);

    private LabHostRules() {}

    /** Null when Linux accepts `device` as an interface name, else why not. */
    private static String interfaceNameProblem(String device) {
        if (device.length() > MAX_INTERFACE_NAME) {
            return "interface name '" + device + "' is " + device.length() + " characters; Linux allows at most "
                    + MAX_INTERFACE_NAME;
        }
        if (device.equals(".") || device.equals("..")) {
            return "'" + device + "' is not an interface name";
        }
        return null;
    }

    /** Null when `underlay:`/`nat:` is usable, else why not. */
    static String nicProblem(String key, String device, Cidr address) {
        String name = interfaceNameProblem(device);
        if (name != null) {
            return name;
        }
        int len = address.prefixLength();
        if (key.equals("nat")) {
            // the NAT network holds the host, its gateway (.2) and its DNS server (.3), as VirtualBox's does
            if (len == 0 || len > 29) {
                return "nat prefix /" + len + " leaves no room for the gateway and DNS server (.2 and .3); use /1 to /29,"
                        + " such as 10.0.2.15/24";
            }
            if (address.address() == address.host(2) || address.address() == address.host(3)
                    || address.address() == address.network() || address.address() == address.broadcast()) {
                return "nat address " + address.addressText() + " is the network's gateway (.2), DNS server (.3), network"
                        + " or broadcast address; pick another, such as .15";
            }
            return null;
        }
        if (len == 0 || len > 30) {
            return "underlay prefix /" + len + " leaves no room for the other hosts; use /1 to /30, such as 192.168.205.10/24";
        }
        if (address.address() == address.network() || address.address() == address.broadcast()) {
            return "underlay address " + address.addressText() + " is the network or broadcast address of /" + len;
        }
        return null;
    }

    /** Null when a router link "eth1 192.168.205.1/24" is usable, else why not. */
    static String linkProblem(String device, Cidr address) {
        String name = interfaceNameProblem(device);
        if (name != null) {
            return name;
        }
        int len = address.prefixLength();
        if (len == 0 || len > 30) {
            return "link prefix /" + len + " leaves no room for hosts beside the router; use /1 to /30, such as"
                    + " 192.168.206.1/24";
        }
        if (address.address() == address.network() || address.address() == address.broadcast()) {
            return "link address " + address.addressText() + " is the network or broadcast address of /" + len;
        }
        return null;
    }

    /** The duration, or null when it is longer than MAX_STOP_AFTER (however many digits it has). */
    static Duration stopAfter(String digits, String unit) {
        String n = digits.replaceFirst("^0+(?=\\d)", "");
        if (n.length() > 9) {
            return null;
        }
        long v = Long.parseLong(n);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            default -> Duration.ofMinutes(v);
        };
        return d.compareTo(MAX_STOP_AFTER) > 0 ? null : d;
    }
}
