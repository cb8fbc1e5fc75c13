/* Receives captured frames as they happen; called from the backend's thread, so hand work over quickly. */
package org.overlaylab.model.backend;

@FunctionalInterface
public interface FrameListener {

    void onFrame(CapturedFrame frame);
}
