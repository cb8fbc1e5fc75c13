/*
 * Just enough DNS for the lab's outside world: A queries for a name (what a resolver sends) and
 * answers from the namespace's hosts table (what VirtualBox's NAT DNS at 10.0.2.3 replies).
 */
package org.overlaylab.simulator.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.overlaylab.simulator.kernel.NetNs;

public final class Dns {
    private Dns() {}

    /** A standard query for the A record of `name` with recursion desired. */
    public static byte[] query(int id, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(id >>> 8);
        b.write(id);
        b.write(0x01);
        b.write(0x00);
        writeShort(b, 1);
        writeShort(b, 0);
        writeShort(b, 0);
        writeShort(b, 0);
        writeName(b, name);
        writeShort(b, 1);
        writeShort(b, 1);
        return b.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    private static void writeName(ByteArrayOutputStream b, String name) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(l.length);
            b.write(l, 0, l.length);
        }
        b.write(0);
    }

    /** Reads the question name of a DNS message starting at `o`; returns null if malformed. */
    static String questionName(byte[] m, int o, int end) {
        int p = o + 12;
        StringBuilder sb = new StringBuilder();
        while (p < end) {
            int len = m[p] & 0xff;
            if (len == 0) {
                return sb.toString();
            }
            if (len > 63 || p + 1 + len > end) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(new String(m, p + 1, len, StandardCharsets.US_ASCII));
            p += 1 + len;
        }
        return null;
    }

    /** Answers a query that arrived in `ns` at UDP port 53, from its hosts table (NXDOMAIN otherwise). */
    static void answer(Forwarder fw, NetNs ns, byte[] f, int l4, int end, long trace) {
        int dnsStart = l4 + 8;
        if (end - dnsStart < 12) {
            return;
        }
        String name = questionName(f, dnsStart, end);
        if (name == null) {
            return;
        }
        int qEnd = dnsStart + 12;
        while (qEnd < end && (f[qEnd] & 0xff) != 0) {
            qEnd += 1 + (f[qEnd] & 0xff);
        }
        qEnd += 5;
        if (qEnd > end) {
            return;
        }
        Integer address = ns.hostsFile().get(name.toLowerCase());
        int qtype = Wire.u16(f, qEnd - 4);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(f[dnsStart]);
        b.write(f[dnsStart + 1]);
        boolean found = address != null && qtype == 1;
        b.write(0x81);
        b.write(address == null ? 0x83 : 0x80);
        writeShort(b, 1);
        writeShort(b, found ? 1 : 0);
        writeShort(b, 0);
        writeShort(b, 0);
        b.write(f, dnsStart + 12, qEnd - dnsStart - 12);
        if (found) {
            writeShort(b, 0xc00c);
            writeShort(b, 1);
            writeShort(b, 1);
            writeShort(b, 0);
            writeShort(b, 300);
            writeShort(b, 4);
            b.write(address >>> 24);
            b.write(address >>> 16);
            b.write(address >>> 8);
            b.write(address);
        }
        byte[] payload = b.toByteArray();
        int src = Wire.ipDst(f);
        int dst = Wire.ipSrc(f);
        byte[] udp = Wire.udp(src, dst, 53, Wire.u16(f, l4), payload, true);
        byte[] ip = Wire.ipv4(src, dst, Wire.PROTO_UDP, 64, fw.nextIpId(ns), false, udp);
        fw.sendIp(ns, ip, trace);
    }

    /** The first A record of an answer at `o`, or null (the name does not exist). */
    public static Integer firstAddress(byte[] m, int o, int end) {
        if (end - o < 12) {
            return null;
        }
        int answers = Wire.u16(m, o + 6);
        int p = o + 12;
        while (p < end && (m[p] & 0xff) != 0) {
            p += 1 + (m[p] & 0xff);
        }
        p += 5;
        for (int i = 0; i < answers && p + 12 <= end; i++) {
            p += (m[p] & 0xc0) == 0xc0 ? 2 : 0;
            int type = Wire.u16(m, p);
            int rdlen = Wire.u16(m, p + 8);
            if (type == 1 && rdlen == 4 && p + 14 <= end) {
                return Wire.u32(m, p + 10);
            }
            p += 10 + rdlen;
        }
        return null;
    }
}
