/*
 * Virtual time and the event queue that drives it (as in ns-3's Simulator): nothing sleeps and no
 * thread is started; events run in time order, and events due at the same time run in the order
 * they were scheduled. Time is nanoseconds since the epoch, starting on the tutorial's date.
 * While a person watches a typed command, a pacer holds each step back until the wall clock has
 * caught up, and a Ctrl-C stops time where it is; without a pacer nothing ever waits.
 */
package org.overlaylab.simulator.world;

import java.time.Instant;
import java.util.PriorityQueue;

public final class VirtualClock {
    /** 2017-10-24 08:53:31 UTC, the date of the tutorial notes. */
    public static final long START_NANOS = Instant.parse("2017-10-24T08:53:31Z").getEpochSecond() * 1_000_000_000L;

    public static final long MILLIS = 1_000_000L;
    public static final long SECONDS = 1_000_000_000L;

    private record Event(long time, long order, Runnable action) {}

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private long now = START_NANOS;
    private long order;
    private Pacer pacer;

    /** Holds virtual time back to the wall clock's pace. */
    public interface Pacer {
        /** Waits until virtual time `t` is due on the wall clock; false when the command was interrupted meanwhile. */
        boolean waitFor(long t);
    }

    /** Paces time from now on (null: back to instant). */
    public void pace(Pacer p) {
        this.pacer = p;
    }

    /** How a pacer waits: some milliseconds, or less; false when the wait itself was interrupted. */
    public interface Sleeper {
        boolean sleep(long millis);
    }

    /** Waits with Thread.sleep. */
    public static final Sleeper THREAD_SLEEP = ms -> {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    };

    /** A pacer that maps virtual time from now onto the wall clock from now, stopped by `interrupted`. */
    public Pacer wallClockPacer(java.util.function.BooleanSupplier interrupted) {
        return wallClockPacer(interrupted, THREAD_SLEEP);
    }

    /** The same, waiting with `sleeper` (a monitor's wait, so others may read the world meanwhile). */
    public Pacer wallClockPacer(java.util.function.BooleanSupplier interrupted, Sleeper sleeper) {
        long wallStart = System.nanoTime();
        long virtualStart = now;
        return t -> {
            long due = wallStart + (t - virtualStart);
            while (true) {
                if (interrupted.getAsBoolean()) {
                    return false;
                }
                long wait = due - System.nanoTime();
                if (wait <= 0) {
                    return true;
                }
                if (!sleeper.sleep(Math.max(1, Math.min(wait / 1_000_000L, 20)))) {
                    return false;
                }
            }
        };
    }

    public long now() {
        return now;
    }

    public void schedule(long delayNanos, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayNanos), order++, action));
    }

    public void scheduleAt(long timeNanos, Runnable action) {
        queue.add(new Event(Math.max(now, timeNanos), order++, action));
    }

    /**
     * Runs every event due up to and including `until`, then sets the clock to `until`. Paced and
     * interrupted, it stops at the last event it ran.
     */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().time <= until) {
            if (pacer != null && queue.peek().time > now && !pacer.waitFor(queue.peek().time)) {
                return;
            }
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        if (until > now) {
            if (pacer != null && !pacer.waitFor(until)) {
                return;
            }
            now = until;
        }
    }

    public void advance(long nanos) {
        runUntil(now + nanos);
    }

    /** Runs events until none is left before `limit`; returns true if the queue ran dry. */
    public boolean runUntilIdle(long limit) {
        while (!queue.isEmpty() && queue.peek().time <= limit) {
            if (pacer != null && queue.peek().time > now && !pacer.waitFor(queue.peek().time)) {
                return false;
            }
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        return queue.isEmpty();
    }

    public int pending() {
        return queue.size();
    }
}
