/*
 * What commands print, the way a terminal shows it: standard output and standard error as two
 * streams, and the order their pieces were written in, so `docker run` shows its pull progress
 * (stderr) before the container ID (stdout), as on a real terminal.
 */
package org.overlaylab.simulator.shell;

import java.util.ArrayList;
import java.util.List;

public final class Streams {
    /** One piece of output, on stdout or stderr. */
    public record Chunk(boolean error, String text) {}

    private final List<Chunk> chunks = new ArrayList<>();
    public final Stream out = new Stream(false);
    public final Stream err = new Stream(true);

    /** One of the two streams; reads like the StringBuilder a program would print into. */
    public final class Stream {
        private final boolean error;
        private final StringBuilder text = new StringBuilder();

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
                text.append(str);
                chunks.add(new Chunk(error, str));
            }
            return this;
        }

        public int length() {
            return text.length();
        }

        public String substring(int from) {
            return text.substring(from);
        }

        public boolean isEmpty() {
            return text.length() == 0;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    public List<Chunk> chunks() {
        return List.copyOf(chunks);
    }

    /** Appends another command's output here, piece by piece, keeping its order. */
    public void appendAll(Streams other) {
        for (Chunk c : other.chunks) {
            (c.error() ? err : out).append(c.text());
        }
    }

    /** Both streams as the terminal showed them. */
    public String interleaved() {
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> sb.append(c.text()));
        return sb.toString();
    }
}
