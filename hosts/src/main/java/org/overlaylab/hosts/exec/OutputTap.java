/*
 * Passes a running program's output on to a watcher as it arrives (stdout and stderr in the order
 * they were read), whole UTF-8 characters at a time: a character split across two reads is held
 * until its last byte comes. What came before the watcher was set is passed on first.
 */
package org.overlaylab.hosts.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class OutputTap {
    private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private final ByteArrayOutputStream[] all = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    private Consumer<String> watcher;

    /** Takes bytes of stream 0 (stdout) or 1 (stderr). */
    public synchronized void write(int stream, byte[] b, int off, int len) {
        all[stream].write(b, off, len);
        if (watcher != null) {
            pending[stream].write(b, off, len);
            deliver(stream);
        }
    }

    /** Everything a stream carried so far. */
    public synchronized String text(int stream) {
        return all[stream].toString(StandardCharsets.UTF_8);
    }

    /** From now on, output goes to the watcher as it arrives; what came before goes first. */
    public synchronized void watch(Consumer<String> w) {
        watcher = w;
        for (int s = 0; s < 2; s++) {
            pending[s].reset();
            byte[] b = all[s].toByteArray();
            pending[s].write(b, 0, b.length);
            deliver(s);
        }
    }

    private void deliver(int stream) {
        byte[] b = pending[stream].toByteArray();
        int cut = completeLength(b);
        if (cut > 0) {
            String text = new String(b, 0, cut, StandardCharsets.UTF_8);
            pending[stream].reset();
            pending[stream].write(b, cut, b.length - cut);
            try {
                watcher.accept(text);
            } catch (RuntimeException ignored) {
                // a watcher that fails must not stop the program's output from being gathered
            }
        }
    }

    /** The length of the longest prefix that does not end inside a UTF-8 character. */
    static int completeLength(byte[] b) {
        int n = b.length;
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
