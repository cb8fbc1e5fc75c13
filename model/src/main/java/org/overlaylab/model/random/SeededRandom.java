/*
 * Every random choice a lab makes (IDs, MACs, ports, flannel's lease, Calico's IPAM block) comes
 * from here, in the simulator and in the real backends alike. Each purpose ("docker-id:node1",
 * "flannel-lease:docker-node2") has its own stream derived from the lab's seed, so a run is
 * repeatable, adding a draw for one purpose never shifts the values of another, and with the same
 * seed both backends pick the same subnets and blocks, so their topologies can be compared.
 */
package org.overlaylab.model.random;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

public final class SeededRandom {
    private final long seed;
    private final Map<String, SplittableRandom> streams = new HashMap<>();

    public SeededRandom(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The stream of one purpose; a real backend's threads draw through the synchronized methods instead. */
    public synchronized SplittableRandom stream(String purpose) {
        return streams.computeIfAbsent(purpose, p -> new SplittableRandom(mix(seed, p)));
    }

    /** n random bytes as lower-case hex, e.g. Docker's 64-hex IDs with n = 32. */
    public synchronized String hex(String purpose, int bytes) {
        byte[] b = new byte[bytes];
        SplittableRandom r = stream(purpose);
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return HexFormat.of().formatHex(b);
    }

    public synchronized int nextInt(String purpose, int bound) {
        return stream(purpose).nextInt(bound);
    }

    /** A version 4 UUID, as ovsdb makes for its rows. */
    public String uuid(String purpose) {
        String h = hex(purpose, 16);
        char variant = "89ab".charAt(Character.digit(h.charAt(16), 16) & 3);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-" + variant
                + h.substring(17, 20) + "-" + h.substring(20, 32);
    }

    /** FNV-1a of the purpose folded into the seed, then SplitMix64's finaliser. */
    static long mix(long seed, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = seed * 0x9E3779B97F4A7C15L ^ h;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
