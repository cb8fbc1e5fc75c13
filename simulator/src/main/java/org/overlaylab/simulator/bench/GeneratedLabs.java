/*
 * Labs made by program rather than by hand, for benchmarks and scale tests: a flannel VXLAN lab
 * with any number of hosts (one etcd member on the first, flanneld everywhere).
 */
package org.overlaylab.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Expectation;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.SourcePosition;
import org.overlaylab.model.lab.Step;
import org.overlaylab.packets.encap.Encapsulations;

public final class GeneratedLabs {
    private GeneratedLabs() {}

    /** Underlay address of host i (1-based) on 192.168.0.0/16. */
    public static String underlayIp(int i) {
        return "192.168." + (i / 250) + "." + (i % 250 + 1);
    }

    /** A flannel lab on `hosts` hosts: etcd on node1, the network config, then flanneld on every host. */
    public static Lab flannel(int hosts) {
        SourcePosition pos = new SourcePosition("generated", 1, 1);
        List<HostSpec> specs = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            specs.add(new HostSpec("node" + i, "node" + i, "enp0s8", underlayIp(i) + "/16", null, null,
                    List.of("coreutils", "iproute2", "iputils-ping", "wget", "tar"), pos));
        }
        String etcdIp = underlayIp(1);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("etcd", "etcd on node1", "one etcd member for the whole lab", List.of(
                cmd("node1", "wget https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz"),
                cmd("node1", "tar zxf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64"),
                cmd("node1", "nohup ./etcd --name node1 --initial-advertise-peer-urls http://" + etcdIp + ":2380"
                        + " --listen-peer-urls http://" + etcdIp + ":2380 --listen-client-urls http://" + etcdIp
                        + ":2379,http://127.0.0.1:2379 --advertise-client-urls http://" + etcdIp + ":2379"
                        + " --initial-cluster node1=http://" + etcdIp + ":2380 &"),
                cmd("node1", "./etcdctl set /coreos.com/network/config '{\"Network\": \"10.0.0.0/8\", \"SubnetLen\": 24,"
                        + " \"Backend\": {\"Type\": \"vxlan\", \"VNI\": 100, \"Port\": " + Encapsulations.VXLAN_LINUX_PORT
                        + "}}'")), List.of(), pos));
        List<CommandSpec> flannel = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            String h = "node" + i;
            flannel.add(cmd(h, "wget https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64 -O flanneld"
                    + " && chmod 755 flanneld"));
            flannel.add(cmd(h, "nohup sudo ./flanneld -iface=" + underlayIp(i) + " -etcd-endpoints=http://" + etcdIp
                    + ":2379 &"));
        }
        steps.add(new Step("flanneld", "flanneld everywhere", "every host leases a /24", flannel, List.of(), pos));
        return new Lab("flannel-" + hosts, "flannel VXLAN on " + hosts + " hosts", "generated", 1, specs,
                "192.168.0.0/16", List.of(new Section("generated", "", steps, pos)), pos);
    }

    private static CommandSpec cmd(String host, String line) {
        return new CommandSpec(host, line, null, false, false, Expectation.SUCCESS, Map.of(),
                new SourcePosition("generated", 1, 1));
    }
}
