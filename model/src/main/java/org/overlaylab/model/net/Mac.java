/*
 * MAC addresses as six bytes, with the rules Docker and Linux use to make them:
 * 02:42 plus the IPv4 address for containers, random locally administered unicast otherwise.
 */
package org.overlaylab.model.net;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

public final class Mac {
    public static final String BROADCAST = "ff:ff:ff:ff:ff:ff";
    public static final String ZERO = "00:00:00:00:00:00";

    private Mac() {}

    /** Docker's container MAC: 02:42 followed by the four bytes of the IPv4 address. */
    public static String docker(int ipv4) {
        return String.format("02:42:%02x:%02x:%02x:%02x",
                (ipv4 >>> 24) & 0xff, (ipv4 >>> 16) & 0xff, (ipv4 >>> 8) & 0xff, ipv4 & 0xff);
    }

    /** A random unicast, locally administered address, as the kernel's eth_random_addr makes. */
    public static String random(RandomGenerator random) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        b[0] &= (byte) 0xfe;
        b[0] |= 0x02;
        return format(b);
    }

    /** A random address with a fixed prefix of whole bytes, e.g. VirtualBox's 08:00:27 or Docker's 02:42. */
    public static String randomWithPrefix(String prefix, RandomGenerator random) {
        String[] fixed = prefix.split(":");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = i < fixed.length ? (byte) Integer.parseInt(fixed[i], 16) : (byte) random.nextInt(256);
        }
        return format(b);
    }

    public static String format(byte[] bytes) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HexFormat.of().toHexDigits(bytes[i]));
        }
        return sb.toString();
    }

    public static byte[] parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            try {
                b[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: " + text, e);
            }
        }
        return b;
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Lower-case, zero-padded canonical form. */
    public static String normalize(String text) {
        return format(parse(text));
    }

    public static boolean isMulticast(byte[] mac) {
        return (mac[0] & 1) != 0;
    }
}
