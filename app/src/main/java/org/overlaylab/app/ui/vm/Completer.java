/*
 * What Tab offers in a terminal: given the host (and container) it types on and the text before the
 * caret, the words that may stand where the last word is being typed.
 */
package org.overlaylab.app.ui.vm;

import java.util.List;

@FunctionalInterface
public interface Completer {

    /** Whole words that start with the word being typed (the text after the last blank), sorted. */
    List<String> candidates(String host, String container, String beforeCaret);

    Completer NONE = (h, c, b) -> List.of();
}
