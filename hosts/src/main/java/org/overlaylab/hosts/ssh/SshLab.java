/*
 * One running lab on machines reached over SSH: a host per lab host (with its hosts-file entry and
 * its connection) and its shell, on top of what every lab of real hosts holds (daemons, etcd
 * access, flannel agents, Calico mapping). A debian host's shell maps the tutorial's commands as
 * the netns backend does; a tutorial VM's runs them as typed.
 */
package org.overlaylab.hosts.ssh;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.hosts.core.RealLab;
import org.overlaylab.hosts.core.ImageNames;
import org.overlaylab.hosts.core.LabShell;
import org.overlaylab.hosts.core.Mappings;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

final class SshLab extends RealLab {
    private final Map<String, SshHost> hosts = new LinkedHashMap<>();
    private final Map<String, LabShell> shells = new LinkedHashMap<>();

    SshLab(Lab lab, BackendOptions options, Map<String, HostsFile.Entry> entries, SshConnector connector, Duration connectTimeout) {
        super(lab, options, ImageNames.fromLab(lab));
        List<HostSpec> specs = lab.hosts();
        for (int i = 0; i < specs.size(); i++) {
            HostSpec spec = specs.get(i);
            HostsFile.Entry e = entries.get(spec.name());
            SshHost h = new SshHost(spec, i + 1, e, new SshLink(connector, e, connectTimeout));
            hosts.put(spec.name(), h);
            shells.put(spec.name(), new LabShell(this, h, e.flavour() == HostsFile.Flavour.DEBIAN ? Mappings.DEBIAN
                    : TutorialVmMapping.INSTANCE));
        }
    }

    @Override
    public Map<String, SshHost> hosts() {
        return hosts;
    }

    @Override
    public SshHost host(String name) {
        return hosts.get(name);
    }

    @Override
    public LabShell shell(String name) {
        return shells.get(name);
    }

    /** Closes the connections too; what runs on the hosts is the teardown's business. */
    @Override
    public void closeInProcess() {
        shells.values().forEach(LabShell::endJobs);
        super.closeInProcess();
        hosts.values().forEach(SshHost::closeClients);
    }
}
