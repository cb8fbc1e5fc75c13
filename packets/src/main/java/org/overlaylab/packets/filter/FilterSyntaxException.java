/* An invalid display filter: where (0-based character position) and what is wrong. */
package org.overlaylab.packets.filter;

public final class FilterSyntaxException extends Exception {
    private final int position;

    public FilterSyntaxException(int position, String message) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }

    /** "at 7: expected a port number after 'port'" */
    @Override
    public String toString() {
        return "at " + position + ": " + getMessage();
    }
}
