/* A backend could not do what was asked: a host that does not answer, a daemon that died. The message is for the user. */
package org.overlaylab.model.backend;

public class BackendException extends Exception {

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
