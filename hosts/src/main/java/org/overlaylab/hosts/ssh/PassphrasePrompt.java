/*
 * Asked for the passphrase of an encrypted private key. The answer is used to decrypt the key
 * once; the decrypted key stays in this process's memory for the backend's life, and neither the
 * passphrase nor the key is ever written anywhere.
 */
package org.overlaylab.hosts.ssh;

import java.nio.file.Path;

@FunctionalInterface
public interface PassphrasePrompt {

    /** The passphrase for the key, or null to give up; `attempt` counts from 0 and grows after a wrong one. */
    char[] passphrase(Path keyFile, int attempt);

    /** Without a way to ask: an encrypted key fails with a message saying so. */
    PassphrasePrompt NONE = (key, attempt) -> null;
}
