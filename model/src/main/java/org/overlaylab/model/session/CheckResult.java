/* The verdict of one check: what was checked, in words, and when it failed, what was found instead. */
package org.overlaylab.model.session;

public record CheckResult(boolean passed, String description, String detail) {

    public static CheckResult pass(String description) {
        return new CheckResult(true, description, "");
    }

    public static CheckResult fail(String description, String detail) {
        return new CheckResult(false, description, detail);
    }
}
