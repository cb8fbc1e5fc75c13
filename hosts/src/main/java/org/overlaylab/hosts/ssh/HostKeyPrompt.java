/*
 * Asked when a host shows a key that known_hosts does not list yet: the UI shows a dialog, the CLI
 * refuses unless told to accept new keys. A key that differs from the one on record is never
 * asked about: it is refused (see HostKeyCheck).
 */
package org.overlaylab.hosts.ssh;

@FunctionalInterface
public interface HostKeyPrompt {

    enum Decision {
        /** Trust the key for this run only. */
        ACCEPT_ONCE,
        /** Trust it and add it to known_hosts. */
        ACCEPT_AND_REMEMBER,
        REFUSE
    }

    /** An unknown key: the lab host's name, the address and port it was reached at, the key's type and SHA256 fingerprint. */
    Decision unknownHostKey(String host, String address, int port, String keyType, String fingerprint);

    /** What the CLI does by default: refuse, and the failure names the fingerprint. */
    HostKeyPrompt REFUSE = (host, address, port, type, fingerprint) -> Decision.REFUSE;

    /** `--accept-new-host-keys`: trust a first-seen key and remember it, as OpenSSH's accept-new does. */
    HostKeyPrompt ACCEPT_NEW = (host, address, port, type, fingerprint) -> Decision.ACCEPT_AND_REMEMBER;
}
