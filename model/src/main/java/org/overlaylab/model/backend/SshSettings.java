/*
 * The ssh backend's kind and the settings keys it reads from BackendOptions: the contract between
 * whoever starts the backend (CLI, view models) and the backend itself, so the starters need not
 * depend on the hosts module's classes.
 */
package org.overlaylab.model.backend;

public final class SshSettings {
    /** The backend kind the registry knows the ssh backend by. */
    public static final String KIND = "ssh";
    /** Path of the hosts file that maps each lab host to the machine to log into. */
    public static final String HOSTS_FILE = "hosts-file";
    public static final String KNOWN_HOSTS = "known-hosts";
    public static final String ACCEPT_NEW_HOST_KEYS = "accept-new-host-keys";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    /** "true": the user confirmed logging into the addresses the lab file names (used when there is no hosts file). */
    public static final String USE_LAB_ADDRESSES = "use-lab-addresses";

    private SshSettings() {
    }
}
