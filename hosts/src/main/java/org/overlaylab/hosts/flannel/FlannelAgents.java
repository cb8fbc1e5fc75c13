/*
 * The built-in stand-in for flanneld (no flanneld binary is packaged anywhere this machine can
 * reach): one agent per host that speaks flannel's etcd protocol through jetcd and programs the
 * host's kernel with iproute2, as flannel's vxlan backend does. See BuiltInFlannelAgent.
 */
package org.overlaylab.hosts.flannel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.core.LabShell.Invocation;
import org.overlaylab.hosts.core.LabShell.Outcome;
import org.overlaylab.hosts.core.RealLab;

public final class FlannelAgents {
    private final RealLab lab;
    private final Map<String, BuiltInFlannelAgent> agents = new ConcurrentHashMap<>();

    public FlannelAgents(RealLab lab) {
        this.lab = lab;
    }

    public boolean running(String host) {
        BuiltInFlannelAgent a = agents.get(host);
        return a != null && a.running();
    }

    public Outcome start(LabShell shell, Invocation inv) throws IOException {
        RealHost h = shell.host();
        if (inv.args().stream().anyMatch(a -> a.equals("-version") || a.equals("--version"))) {
            // the release's own answer: 0.6.2 printed its bare version, later builds their tag
            String version = downloadedVersion(h, inv);
            return Outcome.ok(version.equals("0.10.0") ? "v0.10.0\n" : "0.6.2\n", List.of());
        }
        if (running(h.name())) {
            return Outcome.fail(1, "flanneld is already running on " + h.name() + "\n", List.of());
        }
        BuiltInFlannelAgent.Settings s = BuiltInFlannelAgent.Settings.parse(inv.args(), h, downloadedVersion(h, inv));
        boolean nohup = inv.wrappers().contains("nohup");
        BuiltInFlannelAgent agent = new BuiltInFlannelAgent(lab, h, s, nohup ? h.resolve("nohup.out") : null);
        List<String> notes = new ArrayList<>();
        notes.add("ran: the built-in flannel agent for " + h.name() + " (flanneld " + s.version() + " "
                + String.join(" ", inv.args()) + "): config from " + s.prefix() + "/config, a lease under " + s.prefix()
                + "/subnets, the vxlan device and neighbour/FDB/route entries, or host-gw's routes, via iproute2");
        try {
            agent.start();
        } catch (IOException e) {
            agent.stop();
            return new Outcome(1, "", (nohup ? "" : agent.log()) + e.getMessage() + "\n", notes);
        }
        agents.put(h.name(), agent);
        notes.add(agent.api().equals("v2") ? "config and leases in etcd's v2 key space, as flannel 0.6 kept them"
                : "config and leases in etcd v3, written through jetcd");
        notes.add("wrote " + s.subnetFile() + ": " + agent.subnetEnvSummary());
        if (nohup) {
            notes.add("its log goes to nohup.out, as nohup sends it");
        }
        return new Outcome(0, "", nohup ? "nohup: ignoring input and appending output to 'nohup.out'\n" : agent.log(), notes);
    }

    /**
     * The flanneld release the lab downloaded into the file it runs (the download's placeholder
     * names its URL): 0.10.0 for .../v0.10.0/flanneld-amd64, else the tutorial's 0.6.2.
     */
    private static String downloadedVersion(RealHost h, Invocation inv) {
        String word = inv.programWord();
        if (word == null || !word.contains("/")) {
            return "0.6.2";
        }
        try {
            String file = h.resolve(word);
            return h.exists(file) && h.readFile(file).contains("/v0.10.0/flanneld") ? "0.10.0" : "0.6.2";
        } catch (IOException e) {
            return "0.6.2";
        }
    }

    /** What `pkill flanneld` does to the real one: it ends; its lease, device and routes stay. */
    public Outcome kill(LabShell shell, Invocation inv) {
        BuiltInFlannelAgent a = agents.remove(shell.host().name());
        if (a == null || !a.running()) {
            return new Outcome(1, "", "", List.of("no flanneld runs on " + shell.host().name()));
        }
        a.stop();
        return new Outcome(0, "", "", List.of("ran: stopped the built-in flannel agent of " + shell.host().name()
                + " (it stands for flanneld; its lease, vxlan device and routes stay, as a killed flanneld leaves them)"));
    }

    public void stopAll() {
        agents.values().forEach(BuiltInFlannelAgent::stop);
        agents.clear();
    }
}
