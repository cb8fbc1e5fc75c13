/*
 * What one running lab of real hosts holds besides the hosts themselves: the daemons the backend
 * starts, the way to the lab's etcd, the built-in flannel agents and Calico mapping, and the seeded
 * choices. The netns backend and the SSH backend each make one per start() (their hosts differ:
 * namespaces here, machines over SSH) and drop it on reset() or close().
 */
package org.overlaylab.hosts.core;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.overlaylab.hosts.calico.CalicoController;
import org.overlaylab.hosts.etcd.EtcdAccess;
import org.overlaylab.hosts.flannel.FlannelAgents;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.random.SeededRandom;

public abstract class RealLab {
    private final Lab lab;
    private final BackendOptions options;
    private final HostDaemons daemons;
    private final EtcdAccess etcd = new EtcdAccess();
    private final FlannelAgents flannel;
    private final CalicoController calico;
    private final Random random;
    private final SeededRandom choices;

    protected RealLab(Lab lab, BackendOptions options, Set<String> imageTags) {
        this.lab = lab;
        this.options = options;
        this.random = new Random(options.seed() ^ lab.seed());
        this.choices = new SeededRandom(options.seed());
        this.daemons = new HostDaemons(imageTags);
        this.flannel = new FlannelAgents(this);
        this.calico = new CalicoController(this);
    }

    public Lab lab() {
        return lab;
    }

    public BackendOptions options() {
        return options;
    }

    /** The lab's hosts by name, in the lab file's order. */
    public abstract Map<String, ? extends RealHost> hosts();

    public RealHost host(String name) {
        return hosts().get(name);
    }

    /** The shell lab commands of a host run in, or null for a name that is no host of the lab. */
    public abstract LabShell shell(String host);

    public HostDaemons daemons() {
        return daemons;
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
    public SeededRandom choices() {
        return choices;
    }

    public synchronized int randomInt(int bound) {
        return random.nextInt(bound);
    }

    /** Stops what runs inside this JVM for the lab: flannel agents, etcd clients. */
    public void closeInProcess() {
        flannel.stopAll();
        calico.close();
        etcd.close();
    }
}
