/*
 * Every frame the packet view has seen, kept compactly so a million frames fit comfortably: per
 * chunk of 16384 frames, primitive arrays for the metadata and one byte arena for the bytes, with
 * capture points and drop reasons interned. Memory stays bounded: past the frame or byte budget
 * the oldest chunk is dropped whole, and frame numbers keep counting. Backends append from their
 * own threads; the UI reads by index. All methods are thread-safe.
 */
package org.overlaylab.app.ui.packets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.StateChange;

public final class FrameStore {
    public static final int CHUNK = 1 << 14;
    /** Two million frames or 400 MiB of frame bytes, whichever comes first. */
    public static final int DEFAULT_MAX_FRAMES = 2_000_000;
    public static final long DEFAULT_MAX_BYTES = 400L << 20;

    /** Told (on the appending thread) that frames were appended or the store was cleared. */
    public interface Listener {
        void changed();
    }

    private final int maxFrames;
    private final long maxBytes;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final List<Place> places = new ArrayList<>();
    private final Map<Place, Integer> placeIds = new HashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Integer> reasonIds = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> noteIds = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The changes of state frames caused, by index; few frames cause any, so this stays small. */
    private final Map<Integer, List<StateChange>> effects = new HashMap<>();
    /** Index of the first frame still kept; frames before it were dropped for memory. */
    private int first;
    /** Index the next frame gets; the number shown is index + 1. */
    private int next;
    private long bytesKept;
    private long generation;

    /** Where a frame was seen: host, namespace and device; host "file" for frames read from a pcap. */
    public record Place(String host, String namespace, String device) {}

    public FrameStore() {
        this(DEFAULT_MAX_FRAMES, DEFAULT_MAX_BYTES);
    }

    public FrameStore(int maxFrames, long maxBytes) {
        this.maxFrames = Math.max(CHUNK * 2, maxFrames);
        this.maxBytes = Math.max(1L << 20, maxBytes);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /** Appends a captured frame and returns its index. */
    public int append(CapturedFrame f) {
        return append(f, null);
    }

    /** Appends a captured frame with a note of when it was seen (e.g. the lab step) and returns its index. */
    public int append(CapturedFrame f, String note) {
        int index;
        synchronized (this) {
            index = put(f.timeNanos(), place(f.host(), f.namespace(), f.device()), f.direction(), f.data(),
                    f.originalLength(), f.traceId(), f.hop(), f.dropReason());
            setNote(index, note);
            keepEffects(index, f);
        }
        fire();
        return index;
    }

    /** Appends many frames with one notification. */
    public void appendAll(List<CapturedFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        synchronized (this) {
            for (CapturedFrame f : frames) {
                int index = put(f.timeNanos(), place(f.host(), f.namespace(), f.device()), f.direction(), f.data(),
                        f.originalLength(), f.traceId(), f.hop(), f.dropReason());
                keepEffects(index, f);
            }
        }
        fire();
    }

    /** Appends a frame read from a file; it has no trace. */
    public int appendRecord(long timeNanos, Place where, byte[] data, int originalLength) {
        return appendRecord(timeNanos, where, data, originalLength, null);
    }

    /** Appends a frame read from a file with the file's comment on it; it has no trace. */
    public int appendRecord(long timeNanos, Place where, byte[] data, int originalLength, String note) {
        int index;
        synchronized (this) {
            index = put(timeNanos, placeId(where), CapturedFrame.Direction.IN, data, originalLength, 0, 0, null);
            setNote(index, note);
        }
        fire();
        return index;
    }

    /** The note given when the frame was appended (the lab step it was seen in), or null. */
    public synchronized String note(int index) {
        Chunk c = chunk(index);
        int id = c.note[index - c.base];
        return id < 0 ? null : notes.get(id);
    }

    /** What the frame changed on its hosts (the routes a BGP UPDATE installed); empty for most frames. */
    public synchronized List<StateChange> effects(int index) {
        chunk(index);
        return effects.getOrDefault(index, List.of());
    }

    private void keepEffects(int index, CapturedFrame f) {
        if (!f.effects().isEmpty()) {
            effects.put(index, f.effects());
        }
    }

    private void setNote(int index, String note) {
        Chunk c = chunk(index);
        if (note == null) {
            c.note[index - c.base] = -1;
            return;
        }
        Integer id = noteIds.get(note);
        if (id == null) {
            id = notes.size();
            notes.add(note);
            noteIds.put(note, id);
        }
        c.note[index - c.base] = id;
    }

    /** Forgets every frame; numbering goes on from where it was, as in a capture that keeps running. */
    public void clear() {
        synchronized (this) {
            chunks.clear();
            effects.clear();
            first = next;
            bytesKept = 0;
            generation++;
        }
        fire();
    }

    /** Index the next frame will get: every index below it was used once. */
    public synchronized int endIndex() {
        return next;
    }

    /** The first index still kept. */
    public synchronized int firstIndex() {
        return first;
    }

    public synchronized int size() {
        return next - first;
    }

    /** Bumped by clear(), so readers can tell a cleared store from a grown one. */
    public synchronized long generation() {
        return generation;
    }

    public synchronized boolean contains(int index) {
        return index >= first && index < next;
    }

    public synchronized long timeNanos(int index) {
        Chunk c = chunk(index);
        return c.time[index - c.base];
    }

    public synchronized Place place(int index) {
        Chunk c = chunk(index);
        return places.get(c.place[index - c.base]);
    }

    public synchronized int placeId(int index) {
        Chunk c = chunk(index);
        return c.place[index - c.base];
    }

    public synchronized Place placeById(int id) {
        return places.get(id);
    }

    public synchronized int placeCount() {
        return places.size();
    }

    /** A copy of the frame's bytes. */
    public synchronized byte[] data(int index) {
        Chunk c = chunk(index);
        int i = index - c.base;
        byte[] out = new byte[c.length[i]];
        System.arraycopy(c.bytes, c.offset[i], out, 0, out.length);
        return out;
    }

    /** The whole frame as a record of its own. */
    public synchronized StoredFrame get(int index) {
        Chunk c = chunk(index);
        int i = index - c.base;
        byte[] data = new byte[c.length[i]];
        System.arraycopy(c.bytes, c.offset[i], data, 0, data.length);
        Place p = places.get(c.place[i]);
        return new StoredFrame(index, c.time[i], p.host(), p.namespace(), p.device(),
                CapturedFrame.Direction.values()[c.direction[i]], data, c.originalLength[i], c.trace[i], c.hop[i],
                c.reason[i] < 0 ? null : reasons.get(c.reason[i]));
    }

    /** Time of the first frame kept, or 0 when empty; the packet list counts time from it. */
    public synchronized long firstTimeNanos() {
        if (chunks.isEmpty()) {
            return 0;
        }
        return chunks.peekFirst().time[first - chunks.peekFirst().base];
    }

    /** Bytes of frame data kept (without metadata). */
    public synchronized long bytesKept() {
        return bytesKept;
    }

    // ------------------------------------------------------------------ internals

    private void fire() {
        for (Listener l : listeners) {
            l.changed();
        }
    }

    private int place(String host, String namespace, String device) {
        return placeId(new Place(host, namespace == null ? "host" : namespace, device));
    }

    private int placeId(Place p) {
        Integer id = placeIds.get(p);
        if (id == null) {
            id = places.size();
            places.add(p);
            placeIds.put(p, id);
        }
        return id;
    }

    private int reasonId(String reason) {
        if (reason == null) {
            return -1;
        }
        Integer id = reasonIds.get(reason);
        if (id == null) {
            id = reasons.size();
            reasons.add(reason);
            reasonIds.put(reason, id);
        }
        return id;
    }

    private int put(long time, int place, CapturedFrame.Direction dir, byte[] data, int originalLength, long trace,
                    int hop, String reason) {
        if (next == Integer.MAX_VALUE) {
            throw new IllegalStateException("frame numbers exhausted");
        }
        Chunk c = chunks.peekLast();
        if (c == null || c.count == CHUNK) {
            if (c != null) {
                c.seal();
            }
            c = new Chunk(next);
            chunks.addLast(c);
        }
        int i = c.count++;
        c.time[i] = time;
        c.trace[i] = trace;
        c.place[i] = place;
        c.hop[i] = hop;
        c.direction[i] = (byte) dir.ordinal();
        c.reason[i] = (short) reasonId(reason);
        c.note[i] = -1;
        c.originalLength[i] = Math.max(originalLength, data.length);
        c.offset[i] = c.used;
        c.length[i] = data.length;
        c.ensure(data.length);
        System.arraycopy(data, 0, c.bytes, c.used, data.length);
        c.used += data.length;
        bytesKept += data.length;
        int index = next++;
        while (chunks.size() > 1 && (next - first > maxFrames || bytesKept > maxBytes)) {
            Chunk old = chunks.removeFirst();
            bytesKept -= old.used;
            first = old.base + old.count;
            effects.keySet().removeIf(kept -> kept < first);
        }
        return index;
    }

    private Chunk chunk(int index) {
        if (index < first || index >= next) {
            throw new IndexOutOfBoundsException("frame " + (index + 1) + " is not kept (kept: " + (first + 1) + "-"
                    + next + ")");
        }
        Chunk head = chunks.peekFirst();
        // chunks hold CHUNK frames each except the last, so the chunk is found by arithmetic
        int k = (index - head.base) / CHUNK;
        if (k == 0) {
            return head;
        }
        if (k >= chunks.size() - 1) {
            return chunks.peekLast();
        }
        int seen = 0;
        for (Chunk c : chunks) {
            if (seen++ == k) {
                return c;
            }
        }
        return chunks.peekLast();
    }

    private static final class Chunk {
        final int base;
        final long[] time = new long[CHUNK];
        final long[] trace = new long[CHUNK];
        final int[] place = new int[CHUNK];
        final int[] hop = new int[CHUNK];
        final int[] offset = new int[CHUNK];
        final int[] length = new int[CHUNK];
        final int[] originalLength = new int[CHUNK];
        final byte[] direction = new byte[CHUNK];
        final short[] reason = new short[CHUNK];
        /** Index into the store's notes, -1 for none. */
        final int[] note = new int[CHUNK];
        byte[] bytes = new byte[1 << 16];
        int used;
        int count;

        Chunk(int base) {
            this.base = base;
        }

        void ensure(int more) {
            if (used + more > bytes.length) {
                int size = bytes.length;
                while (used + more > size) {
                    size *= 2;
                }
                byte[] grown = new byte[size];
                System.arraycopy(bytes, 0, grown, 0, used);
                bytes = grown;
            }
        }

        void seal() {
            if (bytes.length > used) {
                byte[] trimmed = new byte[used];
                System.arraycopy(bytes, 0, trimmed, 0, used);
                bytes = trimmed;
            }
        }
    }
}
