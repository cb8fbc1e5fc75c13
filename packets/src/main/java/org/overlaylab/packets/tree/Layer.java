/*
 * One protocol layer of a frame (Ethernet, IPv4, UDP, VXLAN, ...) with its byte range, its fields,
 * whether it is malformed (then it covers the bytes that could not be parsed), and an optional
 * note from the caller such as which device added a tunnel header.
 */
package org.overlaylab.packets.tree;

import java.util.List;
import org.overlaylab.packets.encap.Encapsulations;

public record Layer(String name, String summary, int offset, int length, List<Field> fields, boolean malformed,
                    String annotation) {

    public Layer {
        fields = List.copyOf(fields);
    }

    Layer withAnnotation(String note) {
        return new Layer(name, summary, offset, length, fields, malformed, note);
    }

    /** Whether this layer is a tunnel header (VXLAN, Geneve, GRE ...) that some device put around a frame. */
    public boolean isTunnel() {
        return Encapsulations.isTunnelLayer(name);
    }
}
