/*
 * What commands print, the way a terminal shows it: standard output and standard error as two
 * streams, and the order their pieces were written in, so `docker run` shows its pull progress
 * (stderr) before the container ID (stdout), as on a real terminal. A listener sees each piece as
 * it is written (a live terminal, or the streams of the command that ran this one). What is kept
 * is capped: past a limit only the first and the last part stay, with a line saying how many lines
 * in between were not kept, so a flood ping left running holds flat memory.
 */
package org.overlaylab.simulator.shell;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

public final class Streams {
    /** Characters kept from the start of the output, and from its end, once it is longer than both. */
    public static final int HEAD_CHARS = 64 * 1024;
    public static final int TAIL_CHARS = 64 * 1024;

    /** One piece of output, on stdout or stderr. */
    public record Chunk(boolean error, String text) {}

    private final List<Chunk> head = new ArrayList<>();
    private final ArrayDeque<Chunk> tail = new ArrayDeque<>();
    private int headChars;
    private int tailChars;
    private long droppedLines;
    private Consumer<Chunk> listener;
    public final Stream out = new Stream(false);
    public final Stream err = new Stream(true);

    /** One of the two streams; reads like the StringBuilder a program would print into. */
    public final class Stream {
        private final boolean error;
        private long written;

        private Stream(boolean error) {
            this.error = error;
        }

        public Stream append(Object o) {
            return append(String.valueOf(o));
        }

        public Stream append(char c) {
            return append(String.valueOf(c));
        }

        public Stream append(CharSequence s) {
            String str = s.toString();
            if (!str.isEmpty()) {
                written += str.length();
                add(new Chunk(error, str));
            }
            return this;
        }

        /** Characters written to this stream so far (kept or not). */
        public int length() {
            return (int) Math.min(Integer.MAX_VALUE, written);
        }

        /** What was written from position `from` on, as far as it is kept. */
        public String substring(int from) {
            String all = toString();
            long skip = written - all.length();
            int at = (int) Math.max(0, from - skip);
            return at >= all.length() ? "" : all.substring(at);
        }

        public boolean isEmpty() {
            return written == 0;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (Chunk c : chunks()) {
                if (c.error() == error) {
                    sb.append(c.text());
                }
            }
            return sb.toString();
        }
    }

    /** Every piece written from now on also goes to `l`, as it is written. */
    public void listen(Consumer<Chunk> l) {
        this.listener = l;
    }

    private void add(Chunk c) {
        if (headChars < HEAD_CHARS) {
            head.add(c);
            headChars += c.text().length();
        } else {
            tail.addLast(c);
            tailChars += c.text().length();
            while (tailChars > TAIL_CHARS && tail.size() > 1) {
                Chunk gone = tail.removeFirst();
                tailChars -= gone.text().length();
                String t = gone.text();
                for (int i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) {
                    droppedLines++;
                }
            }
        }
        if (listener != null) {
            listener.accept(c);
        }
    }

    /** Lines written but not kept, between the first and the last part. */
    public long droppedLines() {
        return droppedLines;
    }

    public List<Chunk> chunks() {
        List<Chunk> all = new ArrayList<>(head.size() + tail.size() + 1);
        all.addAll(head);
        if (droppedLines > 0) {
            all.add(new Chunk(false, "… " + droppedLines + " lines not kept …\n"));
        }
        all.addAll(tail);
        return all;
    }

    /** Appends another command's output here, piece by piece, keeping its order. */
    public void appendAll(Streams other) {
        for (Chunk c : other.chunks()) {
            (c.error() ? err : out).append(c.text());
        }
    }

    /** Both streams as the terminal showed them. */
    public String interleaved() {
        StringBuilder sb = new StringBuilder();
        chunks().forEach(c -> sb.append(c.text()));
        return sb.toString();
    }
}
