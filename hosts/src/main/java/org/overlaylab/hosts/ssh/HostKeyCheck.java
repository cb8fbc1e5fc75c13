/*
 * Checks a host's key against known_hosts as OpenSSH does: a key on record for the address lets
 * the connection go on; a different key of the same type is refused outright (the host was
 * replaced, or someone is in between) and never asked about; a key never seen is put to the
 * HostKeyPrompt, which may accept it once, accept and remember it (a line appended to
 * known_hosts), or refuse it. Why a key was refused is kept for the connection's error message.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

final class HostKeyCheck implements ServerKeyVerifier {
    /** The hosts-file entry a connection is for; set as the connection's context. */
    static final AttributeRepository.AttributeKey<HostsFile.Entry> ENTRY = new AttributeRepository.AttributeKey<>();

    private final Path knownHosts;
    private final HostKeyPrompt prompt;
    /** Keys accepted for this run only: "address:port type fingerprint". */
    private final Set<String> acceptedOnce = ConcurrentHashMap.newKeySet();
    /** Why the last key of a host was refused, by lab host name. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    HostKeyCheck(Path knownHosts, HostKeyPrompt prompt) {
        this.knownHosts = knownHosts;
        this.prompt = prompt;
    }

    Path knownHosts() {
        return knownHosts;
    }

    /** Why the host's key was refused on its last connection, or null. */
    String refusal(String host) {
        return refusals.get(host);
    }

    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    /** How known_hosts names an address: plain for port 22, else [address]:port. */
    static String hostPattern(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        HostsFile.Entry e = session.getConnectionContext() == null ? null : session.getConnectionContext().getAttribute(ENTRY);
        if (e == null) {
            return false;
        }
        refusals.remove(e.name());
        String type = KeyUtils.getKeyType(key);
        String fp = fingerprint(key);
        List<PublicKey> sameType = new ArrayList<>();
        try {
            for (KnownHostEntry k : entries()) {
                if (!k.isHostMatch(e.address(), e.port())) {
                    continue;
                }
                PublicKey known = resolve(k.getKeyEntry());
                if (known == null) {
                    continue;
                }
                if ("@revoked".equals(k.getMarker())) {
                    if (KeyUtils.compareKeys(known, key)) {
                        refusals.put(e.name(), "the host key of " + e.name() + " (" + e.address() + ", " + type + " " + fp
                                + ") is marked @revoked in " + knownHosts + ": refused");
                        return false;
                    }
                    continue;
                }
                if (k.getMarker() != null) {
                    continue;
                }
                if (KeyUtils.compareKeys(known, key)) {
                    return true;
                }
                if (KeyUtils.getKeyType(known).equals(type)) {
                    sameType.add(known);
                }
            }
        } catch (IOException ex) {
            refusals.put(e.name(), "cannot read " + knownHosts + " to check the host key of " + e.name() + ": " + ex.getMessage());
            return false;
        }
        if (!sameType.isEmpty()) {
            refusals.put(e.name(), "the host key of " + e.name() + " (" + e.address() + ") has changed: it now shows " + type + " "
                    + fp + ", but " + knownHosts + " records " + fingerprint(sameType.get(0))
                    + ". The machine was replaced, or someone is in between; refused. If the machine really was"
                    + " rebuilt, remove its old line (ssh-keygen -R " + hostPattern(e.address(), e.port()) + " -f " + knownHosts + ").");
            return false;
        }
        String once = hostPattern(e.address(), e.port()) + " " + type + " " + fp;
        if (acceptedOnce.contains(once)) {
            return true;
        }
        HostKeyPrompt.Decision d;
        try {
            d = prompt.unknownHostKey(e.name(), e.address(), e.port(), type, fp);
        } catch (RuntimeException ex) {
            d = HostKeyPrompt.Decision.REFUSE;
        }
        switch (d == null ? HostKeyPrompt.Decision.REFUSE : d) {
            case ACCEPT_ONCE -> {
                acceptedOnce.add(once);
                return true;
            }
            case ACCEPT_AND_REMEMBER -> {
                try {
                    remember(e, key);
                } catch (IOException ex) {
                    refusals.put(e.name(), "the host key of " + e.name() + " was accepted but cannot be added to "
                            + knownHosts + ": " + ex.getMessage());
                    return false;
                }
                return true;
            }
            default -> {
                refusals.put(e.name(), "the host key of " + e.name() + " (" + e.address() + ") is not in " + knownHosts
                        + ": " + type + " " + fp + ". Refused; check the fingerprint on the machine (ssh-keygen -lf"
                        + " /etc/ssh/ssh_host_" + shortType(type) + "_key.pub) and accept it (overlay-lab run"
                        + " --accept-new-host-keys, or the dialog in the app).");
                return false;
            }
        }
    }

    private static String shortType(String type) {
        if (type.contains("ed25519")) {
            return "ed25519";
        }
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return "rsa";
    }

    /** The key types known_hosts records for the entry's address (no @revoked lines), in file order. */
    List<String> knownTypes(HostsFile.Entry e) {
        List<String> out = new ArrayList<>();
        try {
            for (KnownHostEntry k : entries()) {
                if (k.getMarker() == null && k.isHostMatch(e.address(), e.port()) && k.getKeyEntry() != null
                        && !out.contains(k.getKeyEntry().getKeyType())) {
                    out.add(k.getKeyEntry().getKeyType());
                }
            }
        } catch (IOException ignored) {
            // the check itself will say that known_hosts cannot be read
        }
        return out;
    }

    /**
     * The host key algorithms to offer, the ones whose keys known_hosts holds for the host first,
     * as OpenSSH orders them: a host with several keys then shows the one on record, so a key of
     * another type is not taken for a new host. Then Ed25519, which OpenSSH prefers by default,
     * so a first-seen host shows the fingerprint `ssh` would show.
     */
    static String preferKnown(String offered, List<String> knownTypes) {
        List<String> known = new ArrayList<>();
        List<String> ed25519 = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String alg : offered.split(",")) {
            if (knownTypes.stream().anyMatch(t -> alg.equals(t) || alg.startsWith(t + "-cert")
                    || (t.equals("ssh-rsa") && alg.startsWith("rsa-sha2-")))) {
                known.add(alg);
            } else if (alg.startsWith("ssh-ed25519")) {
                ed25519.add(alg);
            } else {
                rest.add(alg);
            }
        }
        known.addAll(ed25519);
        known.addAll(rest);
        return String.join(",", known);
    }

    private List<KnownHostEntry> entries() throws IOException {
        if (!Files.exists(knownHosts)) {
            return List.of();
        }
        return KnownHostEntry.readKnownHostEntries(knownHosts);
    }

    private static PublicKey resolve(AuthorizedKeyEntry entry) {
        if (entry == null) {
            return null;
        }
        try {
            return entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
        } catch (IOException | java.security.GeneralSecurityException ex) {
            return null;
        }
    }

    /** Appends "pattern type base64" to known_hosts, making the file (mode 600) and its folder if needed. */
    private synchronized void remember(HostsFile.Entry e, PublicKey key) throws IOException {
        Path dir = knownHosts.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        boolean fresh = !Files.exists(knownHosts);
        String existing = fresh ? "" : Files.readString(knownHosts, StandardCharsets.UTF_8);
        String line = hostPattern(e.address(), e.port()) + " " + PublicKeyEntry.toString(key) + "\n";
        String text = (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + line;
        Files.writeString(knownHosts, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh) {
            try {
                Files.setPosixFilePermissions(knownHosts, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
    }
}
