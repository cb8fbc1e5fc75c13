/* A command line the shell cannot parse; `offset` is the character where the problem is. */
package org.overlaylab.model.shell;

public class ShellSyntaxException extends Exception {
    private final int offset;

    public ShellSyntaxException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
