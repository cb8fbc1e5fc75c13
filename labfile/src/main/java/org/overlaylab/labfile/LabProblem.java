/* One thing wrong in a lab file, with the line and column it is at (1-based, as editors count). */
package org.overlaylab.labfile;

public record LabProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
