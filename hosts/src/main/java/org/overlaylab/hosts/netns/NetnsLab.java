/*
 * Everything one running netns lab holds: its hosts and their shells, the daemons, the way into
 * the namespaces (sockets, etcd), and the built-in flannel agents and Calico mapping. The backend
 * makes one per start() and drops it on reset() or close().
 */
package org.overlaylab.hosts.netns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.overlaylab.hosts.calico.CalicoController;
import org.overlaylab.hosts.etcd.EtcdAccess;
import org.overlaylab.hosts.flannel.FlannelAgents;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

public final class NetnsLab {
    private final Lab lab;
    private final BackendOptions options;
    private final LabLayout layout;
    private final Map<String, LabHost> hosts = new LinkedHashMap<>();
    private final Map<String, LabShell> shells = new LinkedHashMap<>();
    private final HostDaemons daemons;
    private final NetnsSockets sockets = new NetnsSockets();
    private final EtcdAccess etcd = new EtcdAccess(sockets);
    private final FlannelAgents flannel;
    private final CalicoController calico;
    private final Random random;
    private final LabRandom choices;

    NetnsLab(Lab lab, BackendOptions options, LabLayout layout, Set<String> imageTags) {
        this.lab = lab;
        this.options = options;
        this.layout = layout;
        this.random = new Random(options.seed() ^ lab.seed());
        this.choices = new LabRandom(options.seed());
        List<HostSpec> specs = lab.hosts();
        for (int i = 0; i < specs.size(); i++) {
            LabHost h = new LabHost(specs.get(i), i + 1, layout);
            hosts.put(h.name(), h);
            shells.put(h.name(), new LabShell(this, h));
        }
        this.daemons = new HostDaemons(layout, imageTags);
        this.flannel = new FlannelAgents(this);
        this.calico = new CalicoController(this);
    }

    public Lab lab() {
        return lab;
    }

    public BackendOptions options() {
        return options;
    }

    public LabLayout layout() {
        return layout;
    }

    public Map<String, LabHost> hosts() {
        return hosts;
    }

    public LabHost host(String name) {
        return hosts.get(name);
    }

    LabShell shell(String name) {
        return shells.get(name);
    }

    public HostDaemons daemons() {
        return daemons;
    }

    public NetnsSockets sockets() {
        return sockets;
    }

    public EtcdAccess etcd() {
        return etcd;
    }

    public FlannelAgents flannel() {
        return flannel;
    }

    public CalicoController calico() {
        return calico;
    }

    /** Seeded randomness for IDs and MACs the backend makes itself (Calico endpoints, networks). */
    public synchronized String randomHex(int digits) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < digits) {
            sb.append(String.format("%08x", random.nextInt()));
        }
        return sb.substring(0, digits);
    }

    /** Seeded choices drawn as the simulator draws them (leases, IPAM blocks). */
    public LabRandom choices() {
        return choices;
    }

    public synchronized int randomInt(int bound) {
        return random.nextInt(bound);
    }

    /** Stops what runs inside this JVM for the lab; processes and namespaces go with the Sweeper. */
    void closeInProcess() {
        flannel.stopAll();
        calico.close();
        etcd.close();
        sockets.close();
        daemons.close();
    }
}
