/*
 * The random choices the real backend makes itself (flannel's lease, Calico's IPAM block), drawn
 * the way the simulator draws them: one stream per purpose ("flannel-lease:docker-node1",
 * "calico-block:docker-node2") derived from the run's seed. With the same seed both backends pick
 * the same subnets and blocks, so their topologies can be compared.
 */
package org.overlaylab.hosts.netns;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

public final class LabRandom {
    private final long seed;
    private final Map<String, SplittableRandom> streams = new HashMap<>();

    public LabRandom(long seed) {
        this.seed = seed;
    }

    public synchronized int nextInt(String purpose, int bound) {
        return streams.computeIfAbsent(purpose, p -> new SplittableRandom(mix(seed, p))).nextInt(bound);
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
