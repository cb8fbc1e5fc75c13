/*
 * IPv4 reassembly as a receiving namespace does it (ip_defrag): fragments are held by source,
 * destination, protocol and identification until every byte from offset 0 to the last fragment's
 * end is in, then the whole packet goes on; an incomplete set is given up after 30 s (ipfrag_time).
 */
package org.overlaylab.simulator.net;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

final class Reassembly {
    static final long TIMEOUT = 30L * 1_000_000_000L;
    /** Sets held at once per namespace before the oldest is dropped, so a flood cannot grow memory. */
    static final int MAX_SETS = 1024;

    private record Key(int src, int dst, int proto, int id) {}

    private static final class Set {
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        final long started;
        byte[] first;
        int totalData = -1;
        int largest;

        Set(long started) {
            this.started = started;
        }
    }

    private final Map<Key, Set> sets = new HashMap<>();
    /** The size of the largest fragment of the packet last completed: a router refragments to it. */
    int lastLargestFragment;

    /** Adds a fragment; returns the whole packet's frame once complete, else null. */
    byte[] add(byte[] f, long now) {
        sets.values().removeIf(s -> now - s.started > TIMEOUT);
        if (sets.size() >= MAX_SETS) {
            sets.clear();
        }
        Key k = new Key(Wire.ipSrc(f), Wire.ipDst(f), Wire.ipProto(f), Wire.u16(f, Wire.ETH + 4));
        Set s = sets.computeIfAbsent(k, x -> new Set(now));
        int ihl = (f[Wire.ETH] & 0x0f) * 4;
        int flags = Wire.u16(f, Wire.ETH + 6);
        int offset = (flags & 0x1fff) * 8;
        int len = Math.min(Wire.ipTotalLength(f), f.length - Wire.ETH) - ihl;
        s.pieces.put(offset, Wire.slice(f, Wire.ETH + ihl, Wire.ETH + ihl + len));
        s.largest = Math.max(s.largest, ihl + len);
        if (offset == 0) {
            s.first = f;
        }
        if ((flags & 0x2000) == 0) {
            s.totalData = offset + len;
        }
        if (s.first == null || s.totalData < 0) {
            return null;
        }
        int covered = 0;
        for (Map.Entry<Integer, byte[]> e : s.pieces.entrySet()) {
            if (e.getKey() > covered) {
                return null;
            }
            covered = Math.max(covered, e.getKey() + e.getValue().length);
        }
        if (covered < s.totalData) {
            return null;
        }
        sets.remove(k);
        lastLargestFragment = s.largest;
        int firstIhl = (s.first[Wire.ETH] & 0x0f) * 4;
        byte[] whole = new byte[Wire.ETH + firstIhl + s.totalData];
        System.arraycopy(s.first, 0, whole, 0, Wire.ETH + firstIhl);
        for (Map.Entry<Integer, byte[]> e : s.pieces.entrySet()) {
            byte[] d = e.getValue();
            int n = Math.min(d.length, s.totalData - e.getKey());
            System.arraycopy(d, 0, whole, Wire.ETH + firstIhl + e.getKey(), n);
        }
        Wire.put16(whole, Wire.ETH + 2, firstIhl + s.totalData);
        Wire.put16(whole, Wire.ETH + 6, Wire.u16(s.first, Wire.ETH + 6) & 0x4000);
        Wire.put16(whole, Wire.ETH + 10, 0);
        Wire.put16(whole, Wire.ETH + 10, Wire.checksum(whole, Wire.ETH, firstIhl, 0));
        return whole;
    }
}
