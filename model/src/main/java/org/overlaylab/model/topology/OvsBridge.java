/* An Open vSwitch bridge as `ovs-vsctl show` lists it, with its ports. */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Map;
import java.util.Optional;

public record OvsBridge(String name, String datapathType, List<Port> ports) {

    public OvsBridge {
        ports = List.copyOf(ports);
    }

    /** A port and its (single) interface: type is "" for a system device, else internal, gre, vxlan... */
    public record Port(String name, String type, Map<String, String> options) {
        public Port {
            options = Map.copyOf(options);
        }
    }

    public Optional<Port> port(String portName) {
        return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
    }
}
