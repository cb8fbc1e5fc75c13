/* A running capture; closing it stops the delivery of frames. */
package org.overlaylab.model.backend;

public interface CaptureHandle extends AutoCloseable {

    CapturePoint point();

    @Override
    void close();
}
