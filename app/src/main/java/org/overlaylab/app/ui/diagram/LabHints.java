/*
 * What the lab file says about its hosts that the observed topology may not: which NIC is the
 * underlay and which the NAT NIC towards the outside world. Used when a backend reports no
 * segments; the simulator reports them and those win.
 */
package org.overlaylab.app.ui.diagram;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

public record LabHints(Map<String, String> underlayNics, Map<String, String> natNics, String underlayCidr) {

    public static final LabHints NONE = new LabHints(Map.of(), Map.of(), null);

    public LabHints {
        underlayNics = Map.copyOf(underlayNics);
        natNics = Map.copyOf(natNics);
    }

    public static LabHints of(Lab lab) {
        Map<String, String> underlay = new HashMap<>();
        Map<String, String> nat = new HashMap<>();
        List<HostSpec> hosts = lab.hosts();
        for (HostSpec h : hosts) {
            if (h.underlayInterface() != null) {
                underlay.put(h.name(), h.underlayInterface());
            }
            if (h.natInterface() != null) {
                nat.put(h.name(), h.natInterface());
            }
        }
        return new LabHints(underlay, nat, lab.underlayCidr());
    }
}
