/*
 * What a person is shown before trusting a lab file to run on real machines: its hosts and
 * addresses, every program its commands call (however deep), the commands themselves, and which
 * backends it runs on when not all (`backends` null: every backend).
 */
package org.overlaylab.labfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.shell.LabCommandRules;

public record LabSummary(String file, List<String> hosts, List<String> programs, List<String> commands,
                         String backends) {

    public LabSummary {
        hosts = List.copyOf(hosts);
        programs = List.copyOf(programs);
        commands = List.copyOf(commands);
    }

    /** The summary of a lab that runs on every backend. */
    public LabSummary(String file, List<String> hosts, List<String> programs, List<String> commands) {
        this(file, hosts, programs, commands, null);
    }

    public static LabSummary of(Lab lab) {
        List<String> hosts = new ArrayList<>();
        for (HostSpec h : lab.hosts()) {
            hosts.add(h.name() + ": " + h.underlayInterface() + " " + h.underlayAddress()
                    + (h.natInterface() == null ? "" : ", nat " + h.natInterface() + " " + h.natAddress()));
        }
        Set<String> programs = new LinkedHashSet<>();
        List<String> commands = new ArrayList<>();
        for (Step s : lab.steps()) {
            for (CommandSpec c : s.commands()) {
                programs.addAll(LabCommandRules.programs(c.line()));
                commands.add(c.host() + "$ " + c.line());
            }
        }
        return new LabSummary(lab.source().file(), hosts, new ArrayList<>(programs), commands,
                lab.backends() == null ? null : lab.backends().describe());
    }

    /** A few lines for a terminal: hosts, then programs, then the backends when the lab names them. */
    public String brief() {
        return "hosts: " + String.join("; ", hosts) + "\nprograms it calls: " + String.join(", ", programs) + "\n"
                + commands.size() + " commands" + (backends == null ? "" : "\nruns on: " + backends);
    }
}
