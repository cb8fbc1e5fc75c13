/*
 * The options `run`, `shell` and `diff` share for the real backends: which machines (ssh), whether
 * to trust a lab file or its addresses, and host keys. One place checks them before a lab starts
 * and turns them into the backend's settings.
 */
package org.overlaylab.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.overlaylab.hosts.ssh.SshBackend;
import org.overlaylab.model.lab.Lab;
import picocli.CommandLine.Option;

final class RealBackendOptions {

    @Option(names = "--hosts", paramLabel = "FILE", description = "ssh backend: the hosts file (address, user, key)")
    Path hostsFile;

    @Option(names = "--accept-new-host-keys", description = "ssh backend: trust a host key seen for the first time and add it"
            + " to known_hosts (default: refuse, naming its fingerprint); a changed key is always refused")
    boolean acceptNewHostKeys;

    @Option(names = LabTrust.TRUST_LAB, description = "run a lab file that is not built in on a real backend"
            + " (its commands run as root on netns): read it first")
    boolean trustLab;

    @Option(names = LabTrust.USE_LAB_ADDRESSES, description = "ssh backend: connect to the addresses the lab file names,"
            + " as the current user (instead of --hosts)")
    boolean useLabAddresses;

    /** Why these options cannot run `lab` (as the user named it) on `backend`, or null when they can. */
    String refusal(String labArgument, Lab lab, String backend) {
        String refused = lab.backendRefusal(backend);
        if (refused != null) {
            return refused;
        }
        refused = LabTrust.refusal(labArgument, lab, new LabTrust.Choices(backend, trustLab, hostsFile,
                useLabAddresses, acceptNewHostKeys));
        if (refused == null && hostsFile != null) {
            refused = OptionChecks.hostsFile(hostsFile);
        }
        return refused;
    }

    /** The backend settings these options stand for. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (hostsFile != null) {
            settings.put(SshBackend.HOSTS_FILE, hostsFile.toString());
        }
        if (useLabAddresses) {
            settings.put(SshBackend.USE_LAB_ADDRESSES, "true");
        }
        if (acceptNewHostKeys) {
            settings.put(SshBackend.ACCEPT_NEW_HOST_KEYS, "true");
        }
        return settings;
    }
}
