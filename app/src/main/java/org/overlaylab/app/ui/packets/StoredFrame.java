/* One frame read back from the FrameStore: its index (the list shows index + 1) and what was captured. */
package org.overlaylab.app.ui.packets;

import org.overlaylab.model.backend.CapturedFrame;

public record StoredFrame(int index, long timeNanos, String host, String namespace, String device,
                          CapturedFrame.Direction direction, byte[] data, int originalLength, long traceId, int hop,
                          String dropReason) {

    public int number() {
        return index + 1;
    }
}
