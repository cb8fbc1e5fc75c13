/*
 * Makes backends of one kind. Backends are found through ServiceLoader so the app offers exactly
 * the kinds whose modules are present; {@link BackendRegistry} lists them.
 */
package org.overlaylab.model.backend;

public interface BackendFactory {

    /** "sim", "netns", "ssh". */
    String kind();

    /** One line for pickers and help text. */
    String description();

    /** Null when this kind can run here; otherwise why not (not root, not Linux, missing binary). */
    String unavailableReason();

    Backend create();
}
