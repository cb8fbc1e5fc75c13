/*
 * Standard output for bulk text such as `decode` of a whole file: written in 64 KiB blocks, plain
 * ASCII text copied into bytes through reused buffers (no String, charset encoder or allocation
 * per line; on a real capture this halved the decoding thread's CPU time against a PrintStream),
 * and checkError() answering whether a write has failed so far without forcing a flush, so a
 * caller may ask after every line (to stop when the reader of a pipe has gone) and still write in
 * blocks.
 */
package org.overlaylab.app.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

final class BlockBufferedStdout extends PrintStream {
    private static final int BLOCK = 1 << 16;

    private final FailureTracking sink;
    /** One line's characters and its bytes, reused line after line (no allocation per line). */
    private char[] chars = new char[512];
    private byte[] bytes = new byte[512];

    private BlockBufferedStdout(FailureTracking sink) {
        super(new BufferedOutputStream(sink, BLOCK), false);
        this.sink = sink;
    }

    static BlockBufferedStdout create() {
        return new BlockBufferedStdout(new FailureTracking(new FileOutputStream(FileDescriptor.out)));
    }

    /** Writes to `out` instead of the process's standard output (for tests). */
    static BlockBufferedStdout over(OutputStream out) {
        return new BlockBufferedStdout(new FailureTracking(out));
    }

    @Override
    public synchronized PrintStream append(CharSequence text) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
            bytes = new byte[chars.length];
        }
        if (text instanceof StringBuilder sb) {
            sb.getChars(0, n, chars, 0);
        } else {
            text.toString().getChars(0, n, chars, 0);
        }
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                // not plain ASCII: the charset decides the bytes
                return super.append(text);
            }
            bytes[i] = (byte) c;
        }
        write(bytes, 0, n);
        return this;
    }

    @Override
    public boolean checkError() {
        return sink.failed || sink.closed;
    }

    @Override
    public void close() {
        super.close();
        sink.closed = true;
    }

    /** Remembers that a write to the underlying stream failed (e.g. EPIPE once a pipe's reader has gone). */
    private static final class FailureTracking extends FilterOutputStream {
        volatile boolean failed;
        volatile boolean closed;

        FailureTracking(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
