/*
 * What a lab file may be before it is parsed at all, so a hostile file ends at once with one
 * line: at most 1 MiB, UTF-8 text (the byte that is not is named by line and column), and YAML
 * nested at most 64 levels (checked on the parser's events, which need no stack, before the
 * node tree is composed, which does).
 */
package org.overlaylab.labfile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;

public final class LabFileLimits {
    /** The built-in labs are 10 to 15 KB; a hundred times that is still a lab. */
    public static final int MAX_BYTES = 1 << 20;
    /** Mappings and lists inside each other; a lab file uses six. */
    public static final int MAX_NESTING = 64;

    private LabFileLimits() {}

    static LabFileException problem(String file, int line, int column, String message) {
        return new LabFileException(List.of(new LabProblem(file, line, column, message)));
    }

    static LabFileException tooBig(String file, long size) {
        return problem(file, 1, 1, "the file is " + size + " bytes; a lab file is at most " + MAX_BYTES + " bytes (1 MiB)");
    }

    /** The bytes of a lab file as text: UTF-8 only, with a clear word for UTF-16 and Latin-1. */
    public static String text(byte[] bytes, String file) throws LabFileException {
        if (bytes.length > MAX_BYTES) {
            throw tooBig(file, bytes.length);
        }
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xff && bytes[1] == (byte) 0xfe)
                || (bytes[0] == (byte) 0xfe && bytes[1] == (byte) 0xff))) {
            throw problem(file, 1, 1, "the file is UTF-16 text; save it as UTF-8");
        }
        int start = bytes.length >= 3 && bytes[0] == (byte) 0xef && bytes[1] == (byte) 0xbb && bytes[2] == (byte) 0xbf ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = start;
            for (int i = start; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
            boolean utf16 = bytes.length > 1 && (bytes[0] == 0 || bytes[1] == 0);
            throw problem(file, line, column, String.format("not UTF-8 text (byte 0x%02x)%s; save the file as UTF-8", bytes[bad] & 0xff,
                    utf16 ? ", it looks like UTF-16" : ", perhaps Latin-1"));
        }
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            int line = 1;
            int col = 1;
            for (int i = 0; i < nul; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            throw problem(file, line, col, "a NUL character: this is not a text file (UTF-16 text? save it as UTF-8)");
        }
        return text;
    }

    /** Null when the YAML nests at most MAX_NESTING deep; else the problem, at the level that is one too deep. */
    static LabProblem nesting(String text, String file, LoadSettings settings) {
        int depth = 0;
        Iterator<Event> events = new Parse(settings).parseString(text).iterator();
        while (events.hasNext()) {
            Event e = events.next();
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    depth++;
                    if (depth > MAX_NESTING) {
                        Mark m = e.getStartMark().orElse(null);
                        return new LabProblem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                                "mappings and lists nested more than " + MAX_NESTING + " deep; a lab file needs a handful");
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> { }
            }
        }
        return null;
    }
}
