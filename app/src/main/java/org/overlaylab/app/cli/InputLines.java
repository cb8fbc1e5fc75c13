/*
 * Reads typed lines from a byte stream without trusting it: a line longer than the limit is
 * skipped to its end and reported by its length (never held in memory whole), bytes that are not
 * UTF-8 text are reported, and a final line without a newline still counts.
 */
package org.overlaylab.app.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

final class InputLines {
    /** The longest line the shell takes, in bytes. */
    static final int LIMIT = 4096;

    /** One line: its text, or why it cannot be used (then text is null). */
    record Line(int number, String text, String problem) {}

    private final InputStream in;
    private int number;

    InputLines(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long length = 0;
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (length < LIMIT + 1) {
                buf.write(b);
            }
            length++;
        }
        if (!any) {
            return null;
        }
        number++;
        byte[] bytes = buf.toByteArray();
        if (length > 0 && bytes.length > 0 && bytes[bytes.length - 1] == '\r' && length <= LIMIT + 1) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
            length--;
        }
        if (length > LIMIT) {
            return new Line(number, null, "the line is too long (" + length + " bytes; a line may have at most "
                    + LIMIT + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new Line(number, null, "the line holds bytes that are not UTF-8 text; only text can be typed");
        }
        String why = binaryProblem(text);
        return why == null ? new Line(number, text, null) : new Line(number, null, why);
    }

    /** Control characters other than tab make a line binary; says where the first one is. */
    static String binaryProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return String.format("the line holds a control byte (0x%02x at column %d); only text can be typed", (int) c,
                        i + 1);
            }
        }
        return null;
    }
}
