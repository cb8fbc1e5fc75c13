/*
 * Calico's libnetwork remote driver, as calico/node 2.6 serves it to dockerd: networks of driver
 * `calico` (their subnet checked against Calico's pools when Calico IPAM hands out the addresses)
 * and workload endpoints made by the node (a cali veth, a /32, routes and proxy ARP). The node
 * registers it with the host's daemon when it starts, as the plugin's socket appears for dockerd.
 */
package org.overlaylab.simulator.calico;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.simulator.docker.ContainerRecord;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.docker.DockerEngine.DockerError;
import org.overlaylab.simulator.docker.DockerEngine.NetworkView;
import org.overlaylab.simulator.docker.NetworkDriver;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.text.JsonText;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class CalicoNetworkDriver implements NetworkDriver {
    public static final String NAME = "calico";

    private final DockerEngine engine;
    private final CalicoNode calico;
    private final SimWorld world;
    private final SimHost host;

    public CalicoNetworkDriver(DockerEngine engine, CalicoNode calico) {
        this.engine = engine;
        this.calico = calico;
        this.world = engine.world();
        this.host = engine.host();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NetworkView createNetwork(String name, String ipamDriver, String subnetText) throws DockerError {
        if (!calico.running()) {
            throw new DockerError("plugin not found");
        }
        V2Store store = engine.requireStore("global");
        Cidr subnet = subnetText == null ? null : DockerEngine.parseSubnet(subnetText);
        if ("calico-ipam".equals(ipamDriver) || ipamDriver == null) {
            String problem = calico.checkPoolForNetwork(subnet);
            if (problem != null) {
                throw new DockerError(problem);
            }
        }
        String id = world.random().hex("docker-net-id:" + host.name(), 32);
        try {
            ObjectNode net = JsonText.object();
            net.put("addrSpace", "CalicoGlobalAddressSpace");
            net.put("enableIPv6", false);
            net.put("id", id);
            net.put("ipamType", ipamDriver == null ? "default" : ipamDriver);
            net.put("name", name);
            net.put("networkType", "calico");
            net.put("persist", true);
            net.put("scope", "global");
            if (subnet != null) {
                net.put("pool", subnet.toString());
            }
            store.set(DockerEngine.NETWORK_PREFIX + id, JsonText.compact(net), 0);
        } catch (V2Store.EtcdError e) {
            throw new DockerError(e.getMessage());
        }
        calico.networkCreated(id, name);
        return engine.network(id);
    }

    @Override
    public void join(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        if (!calico.running()) {
            throw new DockerError("plugin not found");
        }
        String eid = world.random().hex("docker-endpoint:" + host.name(), 32);
        c.connect(calico.createWorkload(c.name(), eid, net.id(), net.name(), ns));
    }

    @Override
    public void leave(ContainerRecord.Endpoint endpoint, NetworkView net) {
        calico.removeWorkload(endpoint);
    }
}
