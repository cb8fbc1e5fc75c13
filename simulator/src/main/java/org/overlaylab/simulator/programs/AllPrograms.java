/* Every simulated program, by the name a program file names; one place to see what the simulator runs. */
package org.overlaylab.simulator.programs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.overlaylab.simulator.calico.CalicoctlProgram;
import org.overlaylab.simulator.docker.DockerCli;
import org.overlaylab.simulator.flannel.FlanneldProgram;
import org.overlaylab.simulator.ovs.OvsVsctl;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.shell.ProgramRegistry;

public final class AllPrograms {
    private AllPrograms() {}

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
        m.put("tcpdump", new TcpdumpProgram());
        m.put("jq", new JqProgram());
        m.put("docker", new DockerCli());
        m.put("dockerd", DockerCli.DOCKERD);
        m.put("ovs-vsctl", new OvsVsctl());
        m.put("ovs-vswitchd", inv -> inv.fail(1, "ovs-vswitchd: already running as pid " + (inv.host.ovs() == null ? 0
                : inv.host.ovs().pid()) + ", aborting"));
        m.put("flanneld", new FlanneldProgram());
        m.put("calicoctl", new CalicoctlProgram());
        m.forEach(registry::register);
    }
}
