/*
 * One simulated tutorial VM: its namespaces (its own first, then Docker's and `ip netns` ones),
 * file system, terminal state, installed packages, and the daemons the lab starts on it.
 */
package org.overlaylab.simulator.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.simulator.calico.CalicoNode;
import org.overlaylab.simulator.docker.DockerEngine;
import org.overlaylab.simulator.etcd.EtcdMember;
import org.overlaylab.simulator.flannel.SimFlannelAgent;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.ovs.OvsSwitch;
import org.overlaylab.simulator.shell.ShellState;

public final class SimHost {
    public static final String HOME = "/home/vagrant";

    private final HostSpec spec;
    private final NetNs root;
    private final Map<String, NetNs> namespaces = new LinkedHashMap<>();
    private final VirtualFs fs = new VirtualFs();
    private final ShellState shell = new ShellState(HOME, "vagrant");
    private final Set<String> packages = new TreeSet<>();
    private int nextPid;
    private EtcdMember etcd;
    private DockerEngine docker;
    private OvsSwitch ovs;
    private SimFlannelAgent flannel;
    private CalicoNode calico;

    public SimHost(HostSpec spec, int firstPid) {
        this.spec = spec;
        this.root = new NetNs("host", NetNs.Kind.HOST, spec.name());
        this.nextPid = firstPid;
    }

    public String name() {
        return spec.name();
    }

    public String hostname() {
        return spec.hostname();
    }

    public HostSpec spec() {
        return spec;
    }

    public NetNs root() {
        return root;
    }

    public VirtualFs fs() {
        return fs;
    }

    public ShellState shell() {
        return shell;
    }

    public Set<String> packages() {
        return packages;
    }

    public int nextPid() {
        return nextPid++;
    }

    public int peekNextPid() {
        return nextPid;
    }

    /** The host's namespace first, then every other namespace in creation order. */
    public List<NetNs> allNamespaces() {
        List<NetNs> all = new ArrayList<>();
        all.add(root);
        all.addAll(namespaces.values());
        return all;
    }

    public NetNs namespace(String name) {
        return name == null || name.equals("host") ? root : namespaces.get(name);
    }

    public void addNamespace(NetNs ns) {
        namespaces.put(ns.name(), ns);
    }

    public void removeNamespace(String name) {
        NetNs ns = namespaces.remove(name);
        if (ns != null) {
            for (var l : ns.links()) {
                ns.delete(l);
            }
        }
    }

    public Map<String, NetNs> namespaces() {
        return namespaces;
    }

    public EtcdMember etcd() {
        return etcd;
    }

    public void setEtcd(EtcdMember etcd) {
        this.etcd = etcd;
    }

    public DockerEngine docker() {
        return docker;
    }

    public void setDocker(DockerEngine docker) {
        this.docker = docker;
    }

    public OvsSwitch ovs() {
        return ovs;
    }

    public void setOvs(OvsSwitch ovs) {
        this.ovs = ovs;
    }

    public SimFlannelAgent flannel() {
        return flannel;
    }

    public void setFlannel(SimFlannelAgent flannel) {
        this.flannel = flannel;
    }

    public CalicoNode calico() {
        return calico;
    }

    /** The host's calico/node; its Felix rules guard what the host forwards to its workloads. */
    public void setCalico(CalicoNode calico) {
        this.calico = calico;
        root.setForwardHook("calico", calico::forwardDropReason);
    }

    /** Installs a package's program files (as apt would); returns false if it was already there. */
    public boolean install(String pkg) {
        if (!packages.add(pkg)) {
            return false;
        }
        Map<String, String> files = Packages.FILES.getOrDefault(pkg, Map.of());
        files.forEach((path, program) -> fs.write(path, VirtualFs.PROGRAM_MARKER + program + "\n", 0755));
        return true;
    }

    /** The underlay address without prefix, e.g. 192.168.205.10. */
    public String underlayIp() {
        return spec.underlayIp();
    }
}
