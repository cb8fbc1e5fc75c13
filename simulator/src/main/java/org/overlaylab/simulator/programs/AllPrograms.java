/* Every simulated program, by the name a program file names; one place to see what the simulator runs. */
package org.overlaylab.simulator.programs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.overlaylab.simulator.calico.CalicoctlProgram;
import org.overlaylab.simulator.docker.DockerCli;
import org.overlaylab.simulator.flannel.FlanneldProgram;
import org.overlaylab.simulator.ovs.OvsVsctl;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.simulator.shell.NotSimulated;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.shell.ProgramRegistry;

public final class AllPrograms {
    private AllPrograms() {}

    /** Words the shell itself handles; no program stands behind them. */
    public static final Set<String> SHELL_BUILTINS = Set.of("cd", "source", ".", "export");

    public static void register(ProgramRegistry registry) {
        Map<String, Program> m = new LinkedHashMap<>();
        SystemPrograms.register(m);
        NetTools.register(m);
        NetStatus.register(m);
        TextTools.register(m);
        ProcessTools.register(m);
        EtcdPrograms.register(m);
        m.put("ip", new IpProgram());
        m.put("ping", new PingProgram());
        m.put("iptables", new IptablesProgram());
        m.put("tc", new TcProgram());
        m.put("traceroute", new TracerouteProgram());
        m.put("iptables-save", new IptablesProgram());
        m.put("tcpdump", new TcpdumpProgram());
        m.put("jq", new JqProgram());
        m.put("docker", new DockerCli());
        m.put("dockerd", DockerCli.DOCKERD);
        m.put("ovs-vsctl", new OvsVsctl());
        m.put("ovs-ofctl", org.overlaylab.simulator.ovs.OvsTools::ofctl);
        m.put("ovs-appctl", org.overlaylab.simulator.ovs.OvsTools::appctl);
        m.put("ovs-vswitchd", inv -> inv.fail(1, "ovs-vswitchd: already running as pid " + (inv.host.ovs() == null ? 0
                : inv.host.ovs().pid()) + ", aborting"));
        m.put("flanneld", new FlanneldProgram());
        m.put("calicoctl", new CalicoctlProgram());
        m.put("birdc", new org.overlaylab.simulator.calico.BirdProgram("birdc"));
        m.put("birdcl", new org.overlaylab.simulator.calico.BirdProgram("birdcl"));
        // what the registry names and no class above models answers that it is not simulated
        for (String name : KnownPrograms.ALL.keySet()) {
            if (!m.containsKey(name) && !SHELL_BUILTINS.contains(name)) {
                m.put(name, new NotSimulated(name));
            }
        }
        m.forEach(registry::register);
    }
}
