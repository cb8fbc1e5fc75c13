/* Where something was written in a lab file, so every message can point at its line and column. */
package org.overlaylab.model.lab;

public record SourcePosition(String file, int line, int column) {

    public static final SourcePosition UNKNOWN = new SourcePosition("<unknown>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
