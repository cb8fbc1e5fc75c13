/* Quoting text so that sh reads it back as exactly one word, with nothing expanded or run. */
package org.overlaylab.model.shell;

public final class ShellQuote {
    private ShellQuote() {}

    /**
     * The text in single quotes; a single quote inside becomes '\'' (close, escaped quote, open).
     * Whatever it holds ($(...), `...`, ;, |, newlines), sh reads it as one literal word.
     */
    public static String single(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * The text as one word: as it is when every character is one sh never treats specially (an
     * address, a name, an ID: transcripts then read as the tutorial does), else single(text).
     */
    public static String word(String text) {
        return !text.isEmpty() && text.matches("[A-Za-z0-9._:/@%+,=-]+") ? text : single(text);
    }
}
