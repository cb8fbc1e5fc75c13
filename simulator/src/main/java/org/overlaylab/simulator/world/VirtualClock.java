/*
 * Virtual time and the event queue that drives it (as in ns-3's Simulator): nothing sleeps and no
 * thread is started; events run in time order, and events due at the same time run in the order
 * they were scheduled. Time is nanoseconds since the epoch, starting on the tutorial's date.
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

    public long now() {
        return now;
    }

    public void schedule(long delayNanos, Runnable action) {
        queue.add(new Event(now + Math.max(0, delayNanos), order++, action));
    }

    public void scheduleAt(long timeNanos, Runnable action) {
        queue.add(new Event(Math.max(now, timeNanos), order++, action));
    }

    /** Runs every event due up to and including `until`, then sets the clock to `until`. */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().time <= until) {
            Event e = queue.poll();
            now = e.time;
            e.action.run();
        }
        if (until > now) {
            now = until;
        }
    }

    public void advance(long nanos) {
        runUntil(now + nanos);
    }

    /** Runs events until none is left before `limit`; returns true if the queue ran dry. */
    public boolean runUntilIdle(long limit) {
        while (!queue.isEmpty() && queue.peek().time <= limit) {
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
