/*
 * libnetwork's bridge driver on one simulated host: endpoints on docker0 (a veth pair, an address
 * from the bridge's pool or --fixed-cidr, the default route through the bridge's gateway) and the
 * docker_gwbridge network that gives containers of overlay networks their way out (eth1).
 */
package org.overlaylab.simulator.docker;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Mac;
import org.overlaylab.simulator.docker.DockerEngine.DockerError;
import org.overlaylab.simulator.docker.DockerEngine.NetworkView;
import org.overlaylab.simulator.kernel.Bridge;
import org.overlaylab.simulator.kernel.Devices;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.RouteEntry;
import org.overlaylab.simulator.kernel.Veth;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

final class BridgeDriver implements NetworkDriver {
    private final DockerEngine engine;
    private final SimWorld world;
    private final SimHost host;
    private String gatewayBridgeId;

    BridgeDriver(DockerEngine engine) {
        this.engine = engine;
        this.world = engine.world();
        this.host = engine.host();
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public NetworkView createNetwork(String name, String ipamDriver, String subnetText) throws DockerError {
        throw new DockerError("this simulator creates user-defined bridge networks only through the"
                + " default bridge; use the default network or an overlay");
    }

    @Override
    public void join(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError {
        NetNs root = host.root();
        Bridge docker0 = (Bridge) root.link("docker0").orElseThrow(() -> new DockerError("no docker0 bridge"));
        Cidr pool = engine.config().fixedCidr() != null ? engine.config().fixedCidr() : net.subnet();
        int ip = allocateLocal(net, pool);
        Cidr addr = new Cidr(ip, net.subnet().prefixLength());
        String vethName = "veth" + world.random().hex("docker-veth:" + host.name(), 4).substring(0, 7);
        Veth[] pair = Devices.vethPair(root, vethName, Mac.random(world.random().stream("mac:veth:" + host.name())),
                ns, "eth0", Mac.docker(ip));
        pair[1].setMtu(engine.config().mtu());
        pair[0].setMtu(engine.config().mtu());
        pair[0].setTxQueueLen(0);
        pair[1].setTxQueueLen(0);
        root.setMaster(pair[0], docker0);
        root.setUp(pair[0], true);
        Devices.addressWithBroadcastUp(ns, pair[1], addr);
        ns.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), net.gateway(), pair[1], null, null, null, "unicast", 0,
                false), false);
        String eid = world.random().hex("docker-endpoint:" + host.name(), 32);
        c.endpoints.put(net.name(), new ContainerRecord.Endpoint(net.name(), net.id(), eid, "eth0", addr,
                Mac.docker(ip), net.gateway(), vethName));
    }

    int allocateLocal(NetworkView net, Cidr pool) throws DockerError {
        Set<Integer> used = new HashSet<>();
        if (net.gateway() != null) {
            used.add(net.gateway());
        }
        // the daemon's own sandboxes (swarm's ingress_sbox) take addresses on docker_gwbridge too
        for (ContainerRecord other : engine.attachedRecords()) {
            ContainerRecord.Endpoint e = other.endpoints.get(net.name());
            if (e != null) {
                used.add(e.address().address());
            }
        }
        for (int i = 1; i < pool.size() - 1; i++) {
            int candidate = pool.network() + i;
            if (!net.subnet().contains(candidate) || candidate == net.subnet().network()) {
                continue;
            }
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new DockerError("no available IPv4 addresses on this network's address pools: " + net.name());
    }

    /** The network id of docker_gwbridge, made with the bridge when the first overlay endpoint needs it. */
    String gatewayBridgeId() {
        return gatewayBridgeId;
    }

    /** The way out for a container of an overlay network: docker_gwbridge on the host, eth1 in the container. */
    void joinGatewayBridge(ContainerRecord c, NetNs ns) throws KernelException, DockerError {
        Bridge gw = ensureGwBridge();
        NetworkView gwNet = engine.network("docker_gwbridge");
        int gip = allocateLocal(gwNet, gwNet.subnet());
        Cidr gaddr = new Cidr(gip, gwNet.subnet().prefixLength());
        String gwVeth = "veth" + world.random().hex("docker-veth:" + host.name(), 4).substring(0, 7);
        Veth[] gpair = Devices.vethPair(host.root(), gwVeth, Mac.random(world.random().stream("mac:veth:" + host.name())),
                ns, "eth1", Mac.docker(gip));
        gpair[0].setTxQueueLen(0);
        gpair[1].setTxQueueLen(0);
        host.root().setMaster(gpair[0], gw);
        host.root().setUp(gpair[0], true);
        Devices.addressWithBroadcastUp(ns, gpair[1], gaddr);
        ns.addRoute(new RouteEntry(Cidr.parse("0.0.0.0/0"), gwNet.gateway(), gpair[1], null, null, null, "unicast", 0,
                false), false);
        c.endpoints.put("docker_gwbridge", new ContainerRecord.Endpoint("docker_gwbridge", gwNet.id(),
                world.random().hex("docker-endpoint:" + host.name(), 32), "eth1", gaddr, Mac.docker(gip),
                gwNet.gateway(), gwVeth));
    }

    private Bridge ensureGwBridge() throws KernelException {
        NetNs root = host.root();
        Optional<Link> existing = root.link("docker_gwbridge");
        if (existing.isPresent()) {
            return (Bridge) existing.get();
        }
        Cidr subnet = null;
        for (int second = 17; second <= 31 && subnet == null; second++) {
            Cidr candidate = Cidr.parse("172." + second + ".0.0/16");
            boolean clash = root.links().stream().flatMap(l -> l.addresses().stream())
                    .anyMatch(a -> a.cidr().overlaps(candidate));
            if (!clash) {
                subnet = candidate;
            }
        }
        if (subnet == null) {
            subnet = Cidr.parse("192.168.16.0/20");
        }
        Bridge gw = new Bridge("docker_gwbridge", dockerBridgeMac("docker_gwbridge"));
        gw.setTxQueueLen(0); // libnetwork makes its bridges over netlink with txqlen 0; ip and brctl get 1000
        gw.setMac(gw.mac());
        root.attach(gw);
        Cidr addr = new Cidr(subnet.network() + 1, subnet.prefixLength());
        root.addAddress(gw, addr, addr.broadcast());
        root.setUp(gw, true);
        root.addMasquerade(new NetNs.Masquerade(subnet, null, "docker_gwbridge"));
        gatewayBridgeId = world.random().hex("docker-net-id:" + host.name(), 32);
        return gw;
    }

    /** libnetwork gives the bridges it creates a random MAC in Docker's 02:42 range. */
    String dockerBridgeMac(String bridge) {
        return Mac.randomWithPrefix("02:42", world.random().stream("mac:" + bridge + ":" + host.name()));
    }
}
