/*
 * Parses `docker inspect` (containers) and `docker network inspect` output. A container's
 * endpoints carry the device name inside the container, found by MAC among that namespace's links.
 */
package org.overlaylab.hosts.observe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.topology.DockerNetwork;

public final class DockerJson {
    private DockerJson() {}

    /** What observation needs of one container. */
    public record ContainerInfo(String id, String name, String image, String state, int pid, String sandbox,
                                List<EndpointInfo> endpoints) {}

    public record EndpointInfo(String network, String address, int prefixLength, String mac, String gateway) {}

    public static List<ContainerInfo> containers(String json) throws IOException {
        List<ContainerInfo> out = new ArrayList<>();
        for (JsonNode c : IpJson.tree(json)) {
            List<EndpointInfo> eps = new ArrayList<>();
            JsonNode nets = c.path("NetworkSettings").path("Networks");
            for (Iterator<Map.Entry<String, JsonNode>> it = nets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                if (n.path("IPAddress").asText("").isEmpty()) {
                    continue;
                }
                eps.add(new EndpointInfo(e.getKey(), n.path("IPAddress").asText(), n.path("IPPrefixLen").asInt(),
                        n.path("MacAddress").asText(null), n.path("Gateway").asText(null)));
            }
            String sandbox = c.path("NetworkSettings").path("SandboxKey").asText("");
            out.add(new ContainerInfo(c.path("Id").asText(), c.path("Name").asText().replaceFirst("^/", ""),
                    c.path("Config").path("Image").asText(), c.path("State").path("Status").asText(),
                    c.path("State").path("Pid").asInt(), sandbox.isEmpty() ? null : sandbox.substring(sandbox.lastIndexOf('/') + 1),
                    eps));
        }
        return out;
    }

    public static List<DockerNetwork> networks(String json) throws IOException {
        List<DockerNetwork> out = new ArrayList<>();
        for (JsonNode n : IpJson.tree(json)) {
            List<String> subnets = new ArrayList<>();
            List<String> gateways = new ArrayList<>();
            for (JsonNode c : n.path("IPAM").path("Config")) {
                if (c.has("Subnet")) {
                    subnets.add(c.get("Subnet").asText());
                }
                if (c.has("Gateway")) {
                    gateways.add(c.get("Gateway").asText());
                }
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("Options").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                options.put(e.getKey(), e.getValue().asText());
            }
            out.add(new DockerNetwork(n.path("Id").asText(), n.path("Name").asText(), n.path("Driver").asText(),
                    n.path("Scope").asText(), subnets, gateways, options));
        }
        out.sort(java.util.Comparator.comparing(DockerNetwork::name));
        return out;
    }
}
