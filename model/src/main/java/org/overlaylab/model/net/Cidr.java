/*
 * An IPv4 address with a prefix length ("10.0.0.2/24"). The address keeps its host bits, so the
 * same type serves interface addresses and network prefixes.
 */
package org.overlaylab.model.net;

public record Cidr(int address, int prefixLength) implements Comparable<Cidr> {

    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
    }

    /** Parses "a.b.c.d/len"; a bare address is taken as /32. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return new Cidr(Ipv4.parse(t), 32);
        }
        String len = t.substring(slash + 1);
        if (len.isEmpty() || !len.chars().allMatch(Character::isDigit) || len.length() > 2) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + text);
        }
        int prefix = Integer.parseInt(len);
        if (prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + text);
        }
        return new Cidr(Ipv4.parse(t.substring(0, slash)), prefix);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static Cidr of(String address, int prefixLength) {
        return new Cidr(Ipv4.parse(address), prefixLength);
    }

    public int mask() {
        return Ipv4.mask(prefixLength);
    }

    public int network() {
        return address & mask();
    }

    public int broadcast() {
        return network() | ~mask();
    }

    /** The network prefix with host bits cleared. */
    public Cidr networkCidr() {
        return new Cidr(network(), prefixLength);
    }

    public boolean contains(int ip) {
        return (ip & mask()) == network();
    }

    public boolean contains(String ip) {
        return contains(Ipv4.parse(ip));
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        int m = Ipv4.mask(shorter);
        return (address & m) == (other.address & m);
    }

    public String addressText() {
        return Ipv4.format(address);
    }

    public String networkText() {
        return Ipv4.format(network());
    }

    /** The n-th address of this network (1 gives the usual gateway). */
    public int host(int n) {
        return network() + n;
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + prefixLength;
    }

    @Override
    public int compareTo(Cidr o) {
        int c = Ipv4.compare(address, o.address);
        return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
    }
}
