/*
 * Which backends a lab runs on, when not all of them: the kinds it runs on and why the others
 * cannot run it (a kernel module this machine lacks, say). A lab without a limit runs everywhere.
 */
package org.overlaylab.model.lab;

import java.util.List;

public record BackendLimit(List<String> kinds, String reason) {
    /** The backend kinds a lab may name, in the order the pickers show them. */
    public static final List<String> KNOWN_KINDS = List.of("sim", "netns", "ssh");

    public BackendLimit {
        kinds = List.copyOf(kinds);
    }

    public boolean allows(String kind) {
        return kinds.contains(kind);
    }

    /** One line saying why the lab does not run on `kind`, or null when it does. */
    public String refusal(String labId, String kind) {
        if (allows(kind)) {
            return null;
        }
        return labId + " does not run on the " + kind + " backend: " + reason + " (it runs on " + String.join(", ", kinds)
                + ")";
    }

    /** For the lab summary: "sim, ssh only (reason)". */
    public String describe() {
        return String.join(", ", kinds) + " only (" + reason + ")";
    }
}
