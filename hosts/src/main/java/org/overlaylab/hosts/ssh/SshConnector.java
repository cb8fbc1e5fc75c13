/*
 * Opens authenticated SSH sessions to lab hosts with Apache MINA sshd: public-key authentication
 * only (no password is ever sent or stored), host keys checked by HostKeyCheck, nothing read from
 * ~/.ssh except what the hosts file names (no ~/.ssh/config, no default identities). An encrypted
 * private key is decrypted once with a passphrase from the PassphrasePrompt and kept in memory
 * only. Every way a connection can fail becomes one sentence naming the host: it does not answer,
 * it refuses connections, its key changed or is unknown, it refused our key.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.overlaylab.model.backend.BackendException;

public final class SshConnector implements AutoCloseable {
    private static final int PASSPHRASE_ATTEMPTS = 3;

    private final SshClient client;
    private final HostKeyCheck hostKeys;
    private final PassphrasePrompt passphrases;
    private final Map<Path, List<KeyPair>> keys = new ConcurrentHashMap<>();

    public SshConnector(Path knownHosts, HostKeyPrompt hostKeyPrompt, PassphrasePrompt passphrasePrompt) {
        this.hostKeys = new HostKeyCheck(knownHosts, hostKeyPrompt);
        this.passphrases = passphrasePrompt;
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(hostKeys);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
        client.addSessionListener(new SessionListener() {
            @Override
            public void sessionNegotiationOptionsCreated(Session session, Map<KexProposalOption, String> proposal) {
                HostsFile.Entry e = session instanceof ClientSession cs && cs.getConnectionContext() != null
                        ? cs.getConnectionContext().getAttribute(HostKeyCheck.ENTRY) : null;
                String offered = proposal.get(KexProposalOption.SERVERKEYS);
                if (e != null && offered != null) {
                    proposal.put(KexProposalOption.SERVERKEYS, HostKeyCheck.preferKnown(offered, hostKeys.knownTypes(e)));
                }
            }
        });
        // a host that vanishes while connected is noticed within about 20 s, not at the next TCP timeout
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, Duration.ofSeconds(5));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        CoreModuleProperties.CHANNEL_OPEN_TIMEOUT.set(client, Duration.ofSeconds(10));
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.start();
    }

    public Path knownHosts() {
        return hostKeys.knownHosts();
    }

    /** Connects, checks the host key and logs in; throws with one sentence saying what went wrong. */
    public ClientSession open(HostsFile.Entry e, Duration timeout) throws BackendException {
        List<KeyPair> identities = identities(e);
        String where = "host " + e.name() + " (" + e.address() + ")";
        AttributeRepository context = AttributeRepository.ofKeyValuePair(HostKeyCheck.ENTRY, e);
        ClientSession session;
        long t0 = System.nanoTime();
        try {
            ConnectFuture f = client.connect(e.user(), e.address(), e.port(), context, null);
            if (!f.await(timeout.toMillis())) {
                f.cancel();
                throw new BackendException(where + " does not answer on port " + e.port() + " (no answer within "
                        + timeout.toSeconds() + " s)");
            }
            if (f.getException() != null) {
                throw connectFailure(where, e, f.getException());
            }
            session = f.getSession();
        } catch (IOException ex) {
            throw connectFailure(where, e, ex);
        }
        try {
            identities.forEach(session::addPublicKeyIdentity);
            Duration left = timeout.minusNanos(System.nanoTime() - t0);
            if (left.compareTo(Duration.ofSeconds(2)) < 0) {
                left = Duration.ofSeconds(2);
            }
            var auth = session.auth();
            if (!auth.await(left.toMillis())) {
                throw new BackendException(where + " answers on port " + e.port() + " but did not finish the SSH handshake within "
                        + timeout.toSeconds() + " s");
            }
            if (!auth.isSuccess()) {
                String refusal = hostKeys.refusal(e.name());
                if (refusal != null) {
                    throw new BackendException(refusal);
                }
                Throwable why = auth.getException();
                String text = why == null ? "" : String.valueOf(why.getMessage());
                if (text.contains("No more authentication methods") || text.contains("authentication methods available")
                        || why == null) {
                    throw new BackendException("permission denied (publickey) for " + e.user() + "@" + e.address()
                            + (e.port() == 22 ? "" : ":" + e.port()) + ": the host did not accept the key " + e.key());
                }
                throw new BackendException(where + ": SSH login failed: " + text);
            }
            return session;
        } catch (BackendException ex) {
            closeQuietly(session);
            throw ex;
        } catch (IOException ex) {
            closeQuietly(session);
            String refusal = hostKeys.refusal(e.name());
            throw new BackendException(refusal != null ? refusal : where + ": SSH login failed: " + ex.getMessage(), ex);
        }
    }

    private static BackendException connectFailure(String where, HostsFile.Entry e, Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && !(c instanceof ConnectException) && !(c instanceof NoRouteToHostException)
                && !(c instanceof SocketTimeoutException) && !(c instanceof UnknownHostException)) {
            c = c.getCause();
        }
        if (c instanceof NoRouteToHostException) {
            return new BackendException(where + " cannot be reached: no route to host", t);
        }
        if (c instanceof ConnectException) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("timed out")) {
                return new BackendException(where + " does not answer on port " + e.port(), t);
            }
            return new BackendException(where + " refuses connections on port " + e.port() + " (is sshd running there?)", t);
        }
        if (c instanceof SocketTimeoutException) {
            return new BackendException(where + " does not answer on port " + e.port(), t);
        }
        if (c instanceof UnknownHostException) {
            return new BackendException(where + ": unknown host name " + e.address(), t);
        }
        return new BackendException(where + ": cannot connect on port " + e.port() + ": " + t.getMessage(), t);
    }

    /** The key pairs of the entry's private key file, decrypted once (asking for the passphrase) and kept in memory. */
    private List<KeyPair> identities(HostsFile.Entry e) throws BackendException {
        Path file = e.key();
        List<KeyPair> cached = keys.get(file);
        if (cached != null) {
            return cached;
        }
        synchronized (keys) {
            cached = keys.get(file);
            if (cached != null) {
                return cached;
            }
            List<KeyPair> loaded = load(e, file);
            keys.put(file, loaded);
            return loaded;
        }
    }

    private List<KeyPair> load(HostsFile.Entry e, Path file) throws BackendException {
        boolean[] asked = {false};
        boolean[] gaveUp = {false};
        FilePasswordProvider provider = new FilePasswordProvider() {
            @Override
            public String getPassword(SessionContext session, NamedResource resource, int retryIndex) {
                asked[0] = true;
                char[] p = passphrases.passphrase(file, retryIndex);
                if (p == null) {
                    gaveUp[0] = true;
                    return null;
                }
                String s = new String(p);
                java.util.Arrays.fill(p, '\0');
                return s;
            }

            @Override
            public ResourceDecodeResult handleDecodeAttemptResult(SessionContext session, NamedResource resource, int retryIndex,
                                                                  String password, Exception err) {
                if (err == null) {
                    return ResourceDecodeResult.TERMINATE;
                }
                return retryIndex + 1 < PASSPHRASE_ATTEMPTS && !gaveUp[0] ? ResourceDecodeResult.RETRY : ResourceDecodeResult.TERMINATE;
            }
        };
        try (InputStream in = Files.newInputStream(file)) {
            List<KeyPair> out = new ArrayList<>();
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, provider);
            if (pairs != null) {
                pairs.forEach(out::add);
            }
            if (out.isEmpty()) {
                throw new BackendException("the key file " + file + " for " + e.name() + " holds no private key");
            }
            return List.copyOf(out);
        } catch (NoSuchFileException ex) {
            throw new BackendException("the private key " + file + " for " + e.name() + " does not exist (set `key:` in the hosts file)");
        } catch (IOException | GeneralSecurityException | RuntimeException ex) {
            if (gaveUp[0] || (asked[0] && passphrases == PassphrasePrompt.NONE)) {
                throw new BackendException("the private key " + file + " for " + e.name()
                        + " is encrypted and no passphrase was given");
            }
            if (asked[0]) {
                throw new BackendException("the private key " + file + " for " + e.name() + " could not be decrypted: wrong passphrase");
            }
            throw new BackendException("cannot read the private key " + file + " for " + e.name() + ": " + ex.getMessage(), ex);
        }
    }

    static void closeQuietly(ClientSession s) {
        if (s != null) {
            try {
                s.close(true);
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (RuntimeException ignored) {
            // stopping anyway
        }
        keys.clear();
    }
}
