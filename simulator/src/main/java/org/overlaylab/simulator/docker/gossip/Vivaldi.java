/*
 * Serf's network coordinates (the Vivaldi algorithm of hashicorp/serf's coordinate package with
 * its default settings: 8 dimensions, error 1.5 at most and at start, a height of 10 us at least,
 * CE and CC 0.25, a 20-sample adjustment window, a median over the last 3 round trips, gravity
 * rho 150). Each node carries its coordinate in every ack it sends, and updates it from each
 * round trip it measures, so the acks' payloads change as the simulated probes come and go.
 */
package org.overlaylab.simulator.docker.gossip;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

final class Vivaldi {
    static final int DIMENSIONS = 8;
    static final double ERROR_MAX = 1.5;
    static final double CE = 0.25;
    static final double CC = 0.25;
    static final double HEIGHT_MIN = 10.0e-6;
    static final int ADJUSTMENT_WINDOW = 20;
    static final int LATENCY_FILTER = 3;
    static final double GRAVITY_RHO = 150.0;
    private static final double ZERO = 1.0e-6;

    record Coordinate(double[] vec, double error, double adjustment, double height) {
        static Coordinate origin() {
            return new Coordinate(new double[DIMENSIONS], ERROR_MAX, 0, HEIGHT_MIN);
        }

        double rawDistanceTo(Coordinate o) {
            return magnitude(diff(vec, o.vec)) + height + o.height;
        }

        double distanceTo(Coordinate o) {
            double dist = rawDistanceTo(o);
            double adjusted = dist + adjustment + o.adjustment;
            return adjusted > 0 ? adjusted : dist;
        }
    }

    private final SplittableRandom random;
    private Coordinate coordinate = Coordinate.origin();
    private final double[] adjustmentSamples = new double[ADJUSTMENT_WINDOW];
    private int adjustmentIndex;
    private final Map<String, Deque<Double>> latencies = new HashMap<>();

    Vivaldi(SplittableRandom random) {
        this.random = random;
    }

    Coordinate coordinate() {
        return coordinate;
    }

    /** One measured round trip to `node`, whose coordinate its ack carried. */
    void update(String node, Coordinate other, double rttSeconds) {
        double rtt = median(node, rttSeconds);
        updateVivaldi(other, rtt);
        updateAdjustment(other, rtt);
        updateGravity();
    }

    private double median(String node, double rtt) {
        Deque<Double> samples = latencies.computeIfAbsent(node, k -> new ArrayDeque<>());
        samples.addLast(rtt);
        if (samples.size() > LATENCY_FILTER) {
            samples.removeFirst();
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private void updateVivaldi(Coordinate other, double rtt) {
        Coordinate c = coordinate;
        double dist = c.distanceTo(other);
        rtt = Math.max(rtt, ZERO);
        double wrongness = Math.abs(dist - rtt) / rtt;
        double totalError = Math.max(c.error + other.error, ZERO);
        double weight = c.error / totalError;
        double error = Math.min(CE * weight * wrongness + c.error * (1.0 - CE * weight), ERROR_MAX);
        double force = CC * weight * (rtt - dist);
        coordinate = applyForce(new Coordinate(c.vec, error, c.adjustment, c.height), force, other);
    }

    private void updateAdjustment(Coordinate other, double rtt) {
        adjustmentSamples[adjustmentIndex] = rtt - coordinate.rawDistanceTo(other);
        adjustmentIndex = (adjustmentIndex + 1) % ADJUSTMENT_WINDOW;
        double sum = Arrays.stream(adjustmentSamples).sum();
        Coordinate c = coordinate;
        coordinate = new Coordinate(c.vec, c.error, sum / (2.0 * ADJUSTMENT_WINDOW), c.height);
    }

    private void updateGravity() {
        Coordinate origin = Coordinate.origin();
        double dist = origin.distanceTo(coordinate);
        double force = -1.0 * Math.pow(dist / GRAVITY_RHO, 2.0);
        coordinate = applyForce(coordinate, force, origin);
    }

    private Coordinate applyForce(Coordinate c, double force, Coordinate other) {
        double[] d = diff(c.vec, other.vec);
        double mag = magnitude(d);
        double[] unit = new double[DIMENSIONS];
        if (mag > ZERO) {
            for (int i = 0; i < DIMENSIONS; i++) {
                unit[i] = d[i] / mag;
            }
        } else {
            // two nodes at the same spot are pushed apart in a random direction
            for (int i = 0; i < DIMENSIONS; i++) {
                unit[i] = random.nextDouble() - 0.5;
            }
            double m = magnitude(unit);
            for (int i = 0; i < DIMENSIONS; i++) {
                unit[i] = m > ZERO ? unit[i] / m : 0;
            }
            mag = 0;
        }
        double[] vec = new double[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            vec[i] = c.vec[i] + unit[i] * force;
        }
        double height = c.height;
        if (mag > ZERO) {
            height = Math.max((c.height + other.height) * force / mag + c.height, HEIGHT_MIN);
        }
        return new Coordinate(vec, c.error, c.adjustment, height);
    }

    private static double[] diff(double[] a, double[] b) {
        double[] r = new double[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    private static double magnitude(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Reads the coordinate an ack's payload carries (the simulator's own acks). */
    static Coordinate fromAckPayload(byte[] ack) {
        double adjustment = floatAfter(ack, "Adjustment");
        double error = floatAfter(ack, "Error");
        double height = floatAfter(ack, "Height");
        byte[] key = new Msgpack().str("Vec").bytes();
        int at = MemberlistMessages.indexOf(ack, key) + key.length + 1;
        double[] vec = new double[DIMENSIONS];
        for (int i = 0; i < DIMENSIONS && at + 9 * i + 9 <= ack.length; i++) {
            vec[i] = readDouble(ack, at + 9 * i + 1);
        }
        return new Coordinate(vec, error, adjustment, height);
    }

    private static double floatAfter(byte[] msg, String key) {
        byte[] k = new Msgpack().str(key).bytes();
        int at = MemberlistMessages.indexOf(msg, k);
        return at < 0 ? 0 : readDouble(msg, at + k.length + 1);
    }

    private static double readDouble(byte[] b, int at) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (b[at + i] & 0xff);
        }
        return Double.longBitsToDouble(bits);
    }
}
