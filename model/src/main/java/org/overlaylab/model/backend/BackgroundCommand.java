/* A command started with Backend#startBackground; stop() interrupts it like Ctrl-C and returns its output. */
package org.overlaylab.model.backend;

public interface BackgroundCommand {

    CommandRequest request();

    CommandResult stop() throws BackendException;
}
