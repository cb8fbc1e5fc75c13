/*
 * BGP-4 messages (RFC 4271) byte for byte as BIRD 2.0.12 writes them for Calico's IPv4 iBGP mesh:
 * OPEN with the capabilities BIRD sends by default, KEEPALIVE, UPDATE announcing /26 blocks with
 * ORIGIN, an empty AS_PATH, NEXT_HOP and LOCAL_PREF, UPDATE withdrawing them, the End-of-RIB
 * marker (an empty UPDATE, RFC 4724) and the NOTIFICATION of a BIRD shutting down. The layout was read off a capture of two BIRD 2.0.12 daemons
 * on this machine (src/test/resources/bgp/bird2-session.pcap).
 */
package org.overlaylab.simulator.calico;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.overlaylab.model.net.Cidr;

public final class BgpMessages {
    public static final int PORT = 179;
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    /** BIRD's default hold time; the keepalive time is a third of the negotiated hold time. */
    public static final int HOLD_TIME = 240;
    /** LOCAL_PREF BIRD puts on routes it originates into iBGP (its default_local_pref). */
    public static final int LOCAL_PREF = 100;

    private static final int HEADER = 19;

    private BgpMessages() {}

    /** The 19-byte header (all-ones marker, length, type) followed by a body. */
    private static byte[] message(int type, byte[] body) {
        byte[] m = new byte[HEADER + body.length];
        for (int i = 0; i < 16; i++) {
            m[i] = (byte) 0xff;
        }
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, HEADER, body.length);
        return m;
    }

    public static byte[] keepalive() {
        return message(KEEPALIVE, new byte[0]);
    }

    /**
     * BIRD 2.0.12's OPEN for an IPv4 unicast channel with default options: version 4, the AS (or
     * AS_TRANS for a 4-byte one), the hold time, the router id, and one optional parameter holding
     * the capabilities multiprotocol IPv4 unicast, route refresh, graceful restart (aware: restart
     * time 120, no address families), 4-byte AS, enhanced route refresh and long-lived graceful
     * restart (aware, no address families).
     */
    public static byte[] open(long as, int routerId) {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        capability(caps, 1, new byte[] {0, 1, 0, 1});
        capability(caps, 2, new byte[0]);
        capability(caps, 64, new byte[] {0, 120});
        capability(caps, 65, u32(as));
        capability(caps, 70, new byte[0]);
        capability(caps, 71, new byte[0]);
        byte[] params = caps.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(4);
        int twoByteAs = as > 0xffff ? 23456 : (int) as;
        b.write(twoByteAs >>> 8);
        b.write(twoByteAs);
        b.write(HOLD_TIME >>> 8);
        b.write(HOLD_TIME);
        b.writeBytes(u32(routerId & 0xffffffffL));
        b.write(params.length + 2);
        b.write(2);
        b.write(params.length);
        b.writeBytes(params);
        return message(OPEN, b.toByteArray());
    }

    private static void capability(ByteArrayOutputStream out, int code, byte[] value) {
        out.write(code);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** A NOTIFICATION without data: BIRD shutting down sends Cease (6), administrative shutdown (2). */
    public static byte[] notification(int code, int subcode) {
        return message(NOTIFICATION, new byte[] {(byte) code, (byte) subcode});
    }

    /** An UPDATE announcing prefixes from this AS (iBGP: empty AS_PATH) with a next hop. */
    public static byte[] announce(List<Cidr> prefixes, int nextHop) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attribute(attrs, 0x40, 1, new byte[] {0});                       // ORIGIN IGP
        attribute(attrs, 0x40, 2, new byte[0]);                          // AS_PATH, empty inside the AS
        attribute(attrs, 0x40, 3, u32(nextHop & 0xffffffffL));           // NEXT_HOP
        attribute(attrs, 0x40, 5, u32(LOCAL_PREF));                      // LOCAL_PREF
        byte[] a = attrs.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(0);
        b.write(a.length >>> 8);
        b.write(a.length);
        b.writeBytes(a);
        b.writeBytes(nlri(prefixes));
        return message(UPDATE, b.toByteArray());
    }

    /** An UPDATE withdrawing prefixes. */
    public static byte[] withdraw(List<Cidr> prefixes) {
        byte[] w = nlri(prefixes);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(w.length >>> 8);
        b.write(w.length);
        b.writeBytes(w);
        b.write(0);
        b.write(0);
        return message(UPDATE, b.toByteArray());
    }

    /** The End-of-RIB marker for IPv4 unicast: an UPDATE with nothing in it. */
    public static byte[] endOfRib() {
        return message(UPDATE, new byte[4]);
    }

    private static void attribute(ByteArrayOutputStream out, int flags, int type, byte[] value) {
        out.write(flags);
        out.write(type);
        out.write(value.length);
        out.writeBytes(value);
    }

    /** Prefixes as NLRI: the length in bits, then only the bytes that length covers. */
    private static byte[] nlri(List<Cidr> prefixes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Cidr c : prefixes) {
            out.write(c.prefixLength());
            byte[] net = u32(c.network() & 0xffffffffL);
            out.write(net, 0, (c.prefixLength() + 7) / 8);
        }
        return out.toByteArray();
    }
}
