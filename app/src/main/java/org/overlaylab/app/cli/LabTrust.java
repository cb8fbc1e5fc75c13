/*
 * Whether a lab may start on a real backend, checked by `run`, `diff` and `shell` alike before
 * anything starts. A lab that is not built in is a document someone shared: on the netns backend
 * its commands run as root on this machine, so it runs only with --trust-lab after the user has
 * read it. On the ssh backend the machines come from --hosts FILE, or from the lab file's own
 * addresses only with --use-lab-addresses. Each refusal is one line with the reason; exit 2.
 */
package org.overlaylab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.labfile.LabSummary;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;

public final class LabTrust {
    public static final String TRUST_LAB = "--trust-lab";
    public static final String USE_LAB_ADDRESSES = "--use-lab-addresses";
    public static final String SIM = "sim";
    public static final String SSH = "ssh";

    private LabTrust() {}

    /** What the user said on the command line about the lab and the machines. */
    public record Choices(String backend, boolean trustLab, Path hostsFile, boolean useLabAddresses,
                          boolean acceptNewHostKeys) {}

    public static boolean isBuiltIn(String labArgument) {
        return LabLoader.builtInIds().contains(labArgument);
    }

    /** Null when the lab may start as asked; else the reason, one line, for stderr and exit 2. */
    public static String refusal(String labArgument, Lab lab, Choices c) {
        if (c.backend().equals(SIM)) {
            if (c.hostsFile() != null) {
                return "--hosts names machines for the ssh backend; the simulator (--backend sim) has none";
            }
            if (c.useLabAddresses()) {
                return USE_LAB_ADDRESSES + " is for the ssh backend; the simulator (--backend sim) has no machines";
            }
            if (c.acceptNewHostKeys()) {
                return "--accept-new-host-keys is for the ssh backend; the simulator (--backend sim) has no machines";
            }
            return null;
        }
        if (!c.backend().equals(SSH)) {
            if (c.hostsFile() != null || c.useLabAddresses()) {
                return (c.hostsFile() != null ? "--hosts" : USE_LAB_ADDRESSES) + " is for the ssh backend; the "
                        + c.backend() + " backend makes its own hosts";
            }
            if (c.acceptNewHostKeys()) {
                return "--accept-new-host-keys is for the ssh backend, not " + c.backend();
            }
        }
        if (!isBuiltIn(labArgument) && !c.trustLab()) {
            LabSummary s = LabSummary.of(lab);
            String where = c.backend().equals(SSH) ? "on the ssh backend its commands run on the machines you name, with sudo"
                    : "on the " + c.backend() + " backend its commands run as root on this machine";
            return labArgument + " is not a built-in lab: " + where + ". It calls " + String.join(", ", s.programs())
                    + " in " + s.commands().size() + (s.commands().size() == 1 ? " command" : " commands") + " on " + hostNames(lab) + ". Read it, then run again with "
                    + TRUST_LAB;
        }
        if (c.backend().equals(SSH) && c.hostsFile() == null && !c.useLabAddresses()) {
            return "the ssh backend needs the machines to use: --hosts FILE, or " + USE_LAB_ADDRESSES
                    + " to connect to the addresses the lab names (" + addresses(lab) + ") as " + System.getProperty("user.name");
        }
        return null;
    }

    private static String hostNames(Lab lab) {
        List<String> names = new ArrayList<>();
        lab.hosts().forEach(h -> names.add(h.name()));
        return String.join(", ", names);
    }

    private static String addresses(Lab lab) {
        List<String> out = new ArrayList<>();
        for (HostSpec h : lab.hosts()) {
            out.add(h.name() + " " + h.underlayIp());
        }
        return String.join(", ", out);
    }
}
