/* A Docker network as `docker network inspect` describes it: id, driver, scope, IPAM, VNI. */
package org.overlaylab.model.topology;

import java.util.List;
import java.util.Map;

public record DockerNetwork(String id, String name, String driver, String scope, List<String> subnets,
                            List<String> gateways, Map<String, String> options) {

    public DockerNetwork {
        subnets = List.copyOf(subnets);
        gateways = List.copyOf(gateways);
        options = Map.copyOf(options);
    }
}
