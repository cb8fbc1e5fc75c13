/*
 * One tunnel header format (VXLAN, Geneve, GRE, IP in IP ...): how the outer packet names it, how
 * long its header is, what kind of packet starts after it, its key, and its layer-tree fields.
 * Every walk from an outer frame to the frame inside a tunnel (printer, layer tree, filters, the
 * simulator, captures, frame diffs) reads tunnel headers only through these objects, found in the
 * Encapsulations registry, so a new tunnel type is one subclass and one registration there.
 */
package org.overlaylab.packets.encap;

import java.util.Arrays;
import java.util.List;
import org.overlaylab.packets.tree.Field;

public abstract class Encapsulation {

    /** Which field of the enclosing header names this encapsulation. */
    public enum Carrier {
        /** A UDP port (the destination port; walks that follow tcpdump accept the source port too). */
        UDP_PORT,
        /** The IPv4 protocol / IPv6 next-header number. */
        IP_PROTOCOL,
        /** An EtherType in another tunnel's protocol field: GRE's protocol type, Geneve's, VXLAN-GPE's. */
        ETHERTYPE
    }

    private final String name;
    private final String filterName;
    private final Carrier carrier;
    private final int[] numbers;
    private final int minLength;
    private final String keyName;

    /**
     * @param name       the layer's name in the tree and in frame signatures ("VXLAN")
     * @param filterName the display-filter word that selects frames carrying it ("vxlan")
     * @param minLength  bytes of the fixed part, enough to compute {@link #headerLength}
     * @param keyName    what the key is called ("VNI", "Key"), or null when the header has none
     * @param numbers    the ports, protocol numbers or EtherTypes that name it
     */
    protected Encapsulation(String name, String filterName, Carrier carrier, int minLength, String keyName,
                            int... numbers) {
        this.name = name;
        this.filterName = filterName;
        this.carrier = carrier;
        this.minLength = minLength;
        this.keyName = keyName;
        this.numbers = numbers.clone();
    }

    public final String name() {
        return name;
    }

    public final String filterName() {
        return filterName;
    }

    public final Carrier carrier() {
        return carrier;
    }

    /** The ports, protocol numbers or EtherTypes that name this encapsulation. */
    public final int[] numbers() {
        return numbers.clone();
    }

    public final boolean isNamedBy(Carrier c, int number) {
        if (c != carrier) {
            return false;
        }
        for (int n : numbers) {
            if (n == number) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the fixed part of the header; a walk needs that many before it asks anything else. */
    public final int minLength() {
        return minLength;
    }

    /** What the key is called ("VNI", "Key"), or null. */
    public final String keyName() {
        return keyName;
    }

    /**
     * The whole header's length (options and optional fields included), read from its fixed part
     * at {@code p}; the caller has checked that {@link #minLength} bytes are there. The result may
     * pass the end of the captured bytes: callers check it fits before going further.
     */
    public abstract int headerLength(byte[] b, int p);

    /**
     * What starts after the header, as an EtherType: {@link Encapsulations#ETHERTYPE_TEB} for an
     * Ethernet frame, {@link Encapsulations#ETHERTYPE_IPV4}, {@link Encapsulations#ETHERTYPE_IPV6},
     * another type (possibly a registered {@link Carrier#ETHERTYPE} encapsulation), or -1 when the
     * header does not say or says something unknown.
     */
    public abstract int payloadType(byte[] b, int p);

    /** The key (VNI, GRE key) when the header carries one and flags it valid, else -1. */
    public long key(byte[] b, int p) {
        return -1;
    }

    /** The layer's one-line summary in the tree ("VNI 256"). */
    public abstract String summary(byte[] b, int p);

    /** The layer's fields with their byte ranges, for a header of {@code length} bytes at {@code p}. */
    public abstract List<Field> fields(byte[] b, int p, int length);

    @Override
    public String toString() {
        return name + " (" + carrier + " " + Arrays.toString(numbers) + ")";
    }

    // ---------------------------------------------------------------- helpers for subclasses

    protected static int u8(byte[] b, int p) {
        return b[p] & 0xff;
    }

    protected static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    protected static int u24(byte[] b, int p) {
        return ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
    }

    protected static long u32(byte[] b, int p) {
        return ((long) u16(b, p) << 16) | u16(b, p + 2);
    }

    protected static String hex(long v, int digits) {
        return String.format("0x%0" + digits + "x", v);
    }

    protected static String setOrNot(boolean on) {
        return on ? "set" : "not set";
    }

    /** "IPv4 (0x0800)"-style text for a protocol-type field holding an EtherType. */
    protected static String etherTypeText(int type) {
        String known = switch (type) {
            case Encapsulations.ETHERTYPE_IPV4 -> "IPv4";
            case 0x0806 -> "ARP";
            case Encapsulations.ETHERTYPE_IPV6 -> "IPv6";
            case 0x8100 -> "802.1Q";
            case 0x88a8 -> "802.1ad";
            case Encapsulations.ETHERTYPE_TEB -> "Transparent Ethernet bridging";
            case Encapsulations.ETHERTYPE_NSH -> "NSH";
            default -> null;
        };
        String h = hex(type, 4);
        return known == null ? h : known + " (" + h + ")";
    }
}
