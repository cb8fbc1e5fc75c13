/*
 * libnetwork's network driver API as the simulated daemon uses it: a driver makes the networks of
 * its kind, joins a container's sandbox to one of them and takes the endpoint away again. The
 * bridge and overlay drivers are built in; a plugin (Calico's remote driver) registers itself with
 * the daemon when it starts, so the daemon never needs to know the plugin's code.
 */
package org.overlaylab.simulator.docker;

import org.overlaylab.simulator.docker.DockerEngine.DockerError;
import org.overlaylab.simulator.docker.DockerEngine.NetworkView;
import org.overlaylab.simulator.etcd.V2Store;
import org.overlaylab.simulator.kernel.KernelException;
import org.overlaylab.simulator.kernel.NetNs;

public interface NetworkDriver {
    /** The name `docker network create --driver` selects the driver by. */
    String name();

    /** `docker network create --driver <name>`: the network as the daemon then lists it. */
    NetworkView createNetwork(String name, String ipamDriver, String subnetText) throws DockerError;

    /** What the driver refuses before the daemon makes the container's sandbox at all. */
    default void checkJoin(ContainerRecord c, NetworkView net) throws DockerError {
    }

    /** Connects the container's namespace `ns` to `net` and records the endpoint in `c`. */
    void join(ContainerRecord c, NetNs ns, NetworkView net) throws KernelException, DockerError;

    /** Takes one of the container's endpoints away when it stops. */
    default void leave(ContainerRecord.Endpoint endpoint, NetworkView net) {
    }

    /** After the daemon deleted the network's own key: the driver's keys for it go too. */
    default void networkRemoved(V2Store store, NetworkView net) throws V2Store.EtcdError {
    }
}
