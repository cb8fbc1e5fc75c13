/* A container as the daemon keeps it: identity, image and command, state, namespace and endpoints. */
package org.overlaylab.simulator.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Cidr;

public final class ContainerRecord {
    final String id;
    final String name;
    final String image;
    final List<String> command;
    final long created;
    String state = "created";
    int exitCode;
    long startedAt;
    long finishedAt;
    int pid;
    String sandboxId;
    final List<String> networks;
    /** Network name -> endpoint, for networks the container is connected to while running. */
    final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    /** A container's attachment to one network. */
    public record Endpoint(String networkName, String networkId, String endpointId, String device, Cidr address,
                           String mac, Integer gateway, String hostVeth) {}

    ContainerRecord(String id, String name, String image, List<String> command, long created, List<String> networks) {
        this.id = id;
        this.name = name;
        this.image = image;
        this.command = List.copyOf(command);
        this.created = created;
        this.networks = List.copyOf(networks);
    }

    /** Records the container's endpoint on a network, as a (remote) driver's join made it. */
    public void connect(Endpoint endpoint) {
        endpoints.put(endpoint.networkName(), endpoint);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String image() {
        return image;
    }

    public String state() {
        return state;
    }

    public boolean running() {
        return "running".equals(state);
    }

    public String sandboxId() {
        return sandboxId;
    }

    public Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    public List<String> command() {
        return command;
    }

    public List<String> networks() {
        return networks;
    }

    public long created() {
        return created;
    }

    public int exitCode() {
        return exitCode;
    }

    public long startedAt() {
        return startedAt;
    }

    public long finishedAt() {
        return finishedAt;
    }

    public int pid() {
        return pid;
    }
}
