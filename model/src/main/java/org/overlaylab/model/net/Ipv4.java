/*
 * IPv4 addresses as unsigned 32-bit ints, and the arithmetic every layer needs on them:
 * parsing, printing, prefixes and containment.
 */
package org.overlaylab.model.net;

public final class Ipv4 {
    private Ipv4() {}

    /** Parses dotted-quad text; throws IllegalArgumentException with the offending text. */
    public static int parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Netmask for a prefix length: 24 -> 0xffffff00. */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public static String maskText(int prefixLength) {
        return format(mask(prefixLength));
    }

    /** Prefix length of a dotted netmask such as 255.255.240.0. */
    public static int prefixOfMask(String netmask) {
        int m = parse(netmask);
        int len = Integer.bitCount(m);
        if (mask(len) != m) {
            throw new IllegalArgumentException("not a contiguous netmask: " + netmask);
        }
        return len;
    }

    public static byte[] toBytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    public static int fromBytes(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    /** Unsigned comparison, for sorting addresses the way people read them. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
