/* One entry of the capture-point picker, like an interface given to `tcpdump -i`: "any", a host, or one device. */
package org.overlaylab.app.ui.packets;

import org.overlaylab.model.backend.CapturePoint;

public record CaptureChoice(String label, CapturePoint point) {

    public static final CaptureChoice ANY = new CaptureChoice("any (every device of every host)", CapturePoint.ANY);

    public boolean matches(FrameStore.Place place) {
        return point.matches(place.host(), place.namespace(), place.device());
    }

    @Override
    public String toString() {
        return label;
    }
}
