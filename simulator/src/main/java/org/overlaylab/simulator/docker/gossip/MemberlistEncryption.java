/*
 * memberlist's encryption as swarm mode's network DB puts it on the wire (the swarm's gossip keys,
 * AES-128-GCM, memberlist's encryption version 1: no padding, no label). A UDP packet is
 * [1][nonce 12][ciphertext][tag 16], the ciphertext as long as the plaintext; a TCP message is
 * [encryptMsg 10][uint32 big-endian length][that same sealed form], the 5-byte header authenticated
 * as additional data. The nonce, ciphertext and tag are seeded random bytes: no key is modelled.
 * Both ends share the swarm's keyring; here that keyring is the world's record of what each sealed
 * message carried, looked up by its nonce, so a receiving agent (or a test) reads its peer's plaintext.
 */
package org.overlaylab.simulator.docker.gossip;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import org.overlaylab.simulator.world.SimWorld;

public final class MemberlistEncryption {
    private MemberlistEncryption() {}

    public static final int VERSION = 1;
    public static final int NONCE = 12;
    public static final int TAG = 16;
    /** What encryption adds to a message: version byte, nonce and GCM tag. */
    public static final int OVERHEAD = 1 + NONCE + TAG;
    /** memberlist's message type for an encrypted TCP message. */
    public static final int ENCRYPT_MSG = 10;
    public static final int STREAM_HEADER = 5;

    /** Per world, what each sealed message carried, by its nonce. */
    private static final Map<SimWorld, Map<String, byte[]>> KEYRINGS = new WeakHashMap<>();

    /** A UDP packet as memberlist's encryptPayload writes it. */
    public static byte[] packet(SimWorld world, SplittableRandom random, byte[] plain) {
        byte[] out = new byte[OVERHEAD + plain.length];
        out[0] = VERSION;
        fill(random, out, 1, out.length);
        remember(world, out, 0, plain);
        return out;
    }

    /** A TCP message as memberlist's encryptLocalState writes it: header, then the sealed payload. */
    public static byte[] stream(SimWorld world, SplittableRandom random, byte[] plain) {
        int sealed = OVERHEAD + plain.length;
        byte[] out = new byte[STREAM_HEADER + sealed];
        out[0] = ENCRYPT_MSG;
        out[1] = (byte) (sealed >>> 24);
        out[2] = (byte) (sealed >>> 16);
        out[3] = (byte) (sealed >>> 8);
        out[4] = (byte) sealed;
        out[STREAM_HEADER] = VERSION;
        fill(random, out, STREAM_HEADER + 1, out.length);
        remember(world, out, STREAM_HEADER, plain);
        return out;
    }

    /** The plaintext of a packet or TCP message sealed in this world, or null if it was not. */
    public static byte[] plaintext(SimWorld world, byte[] wire) {
        int at = wire.length > STREAM_HEADER + OVERHEAD && (wire[0] & 0xff) == ENCRYPT_MSG ? STREAM_HEADER : 0;
        if (wire.length < at + OVERHEAD || wire[at] != VERSION) {
            return null;
        }
        synchronized (KEYRINGS) {
            Map<String, byte[]> ring = KEYRINGS.get(world);
            return ring == null ? null : ring.get(nonce(wire, at));
        }
    }

    private static void fill(SplittableRandom random, byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            b[i] = (byte) random.nextInt(256);
        }
    }

    private static void remember(SimWorld world, byte[] sealed, int at, byte[] plain) {
        synchronized (KEYRINGS) {
            KEYRINGS.computeIfAbsent(world, w -> new HashMap<>()).put(nonce(sealed, at), plain.clone());
        }
    }

    private static String nonce(byte[] b, int at) {
        return new String(b, at + 1, NONCE, StandardCharsets.ISO_8859_1);
    }
}
