/*
 * The hosts file of the ssh backend: for each lab host (by the name the lab file gives it) the
 * machine to reach, the login, the private key, and what kind of machine it is. YAML:
 *
 *   known-hosts: ~/.ssh/known_hosts        # optional, the default
 *   hosts:
 *     node1:
 *       address: 192.168.205.10            # required
 *       user: vagrant                      # default: the current user
 *       key: ~/.vagrant.d/insecure_private_key   # default: ~/.ssh/id_ed25519, id_ecdsa or id_rsa
 *       port: 22                           # default 22
 *       flavour: tutorial-vm               # or debian (see Flavour)
 *       workdir: /var/tmp/overlaylab/node1 # the backend's folder on the host
 *       docker-certs: certs/node1          # ca.pem, cert.pem, key.pem: Docker's API over TLS on 2376
 *
 * Relative paths are taken from the hosts file's folder, "~" is the user's home. Without a hosts
 * file every lab host is reached at its underlay address as the current user.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.Lab;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

public final class HostsFile {
    private static final Set<String> TOP_KEYS = Set.of("known-hosts", "hosts");
    private static final Set<String> HOST_KEYS = Set.of("address", "user", "key", "port", "flavour", "workdir", "docker-certs");

    /** What kind of machine a host is, which decides how the lab's commands run on it. */
    public enum Flavour {
        /**
         * The tutorial's own VM (Ubuntu with Docker and the tutorial's downloads): commands run as
         * typed, as the login user, with sudo where the tutorial writes it.
         */
        TUTORIAL_VM("tutorial-vm"),
        /**
         * A machine with Debian's packages (etcd-server, etcd-client, docker.io, openvswitch-switch,
         * bird2, busybox-static) and no service manager running them: the backend runs everything
         * as root, starts dockerd itself and maps the tutorial's commands exactly as the netns
         * backend does (see NETNS.md).
         */
        DEBIAN("debian");

        private final String word;

        Flavour(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Flavour parse(String s) {
            for (Flavour f : values()) {
                if (f.word.equals(s.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            return null;
        }
    }

    /** One host: how to reach it and what it is. */
    public record Entry(String name, String address, int port, String user, Path key, Flavour flavour, String workDir,
                        Path dockerCerts) {

        /** user@address[:port], as messages name the host. */
        public String login() {
            return user + "@" + address + (port == 22 ? "" : ":" + port);
        }

        public Entry withAddress(String newAddress, int newPort) {
            return new Entry(name, newAddress, newPort, user, key, flavour, workDir, dockerCerts);
        }
    }

    private final Path knownHosts;
    private final Map<String, Entry> entries;

    public HostsFile(Path knownHosts, Map<String, Entry> entries) {
        this.knownHosts = knownHosts;
        this.entries = Map.copyOf(entries);
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public static Path defaultKnownHosts() {
        return home().resolve(".ssh/known_hosts");
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /** The first of the usual private keys that exists, or id_rsa when none does (the error then names it). */
    public static Path defaultKey() {
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = home().resolve(".ssh").resolve(name);
            if (Files.exists(p)) {
                return p;
            }
        }
        return home().resolve(".ssh/id_rsa");
    }

    /** Every lab host at its underlay address, as the current user, with the default key. */
    public static HostsFile fromLab(Lab lab) {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (HostSpec h : lab.hosts()) {
            m.put(h.name(), new Entry(h.name(), h.underlayIp(), 22, System.getProperty("user.name"), defaultKey(),
                    Flavour.TUTORIAL_VM, defaultWorkDir(h.name()), null));
        }
        return new HostsFile(defaultKnownHosts(), m);
    }

    static String defaultWorkDir(String host) {
        return "/var/tmp/overlaylab/" + host;
    }

    public static HostsFile read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IOException("cannot read the hosts file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toAbsolutePath().getParent(), file.toString());
    }

    /** Parses the YAML text; relative paths are taken from `base`; `where` names the file in messages. */
    public static HostsFile parse(String text, Path base, String where) throws IOException {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(where).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IOException(where + ": not valid YAML: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw new IOException(where + ": expected a mapping with `hosts:`");
        }
        for (Object k : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(k))) {
                throw new IOException(where + ": unknown key `" + k + "` (known: " + String.join(", ", TOP_KEYS) + ")");
            }
        }
        Path knownHosts = top.get("known-hosts") == null ? defaultKnownHosts() : path(String.valueOf(top.get("known-hosts")), base);
        if (!(top.get("hosts") instanceof Map<?, ?> hosts) || hosts.isEmpty()) {
            throw new IOException(where + ": `hosts:` must map each lab host's name to its address, user and key");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : hosts.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> h)) {
                throw new IOException(where + ": host " + name + ": expected address, user, key ...");
            }
            List<String> unknown = new ArrayList<>();
            for (Object k : h.keySet()) {
                if (!HOST_KEYS.contains(String.valueOf(k))) {
                    unknown.add(String.valueOf(k));
                }
            }
            if (!unknown.isEmpty()) {
                throw new IOException(where + ": host " + name + ": unknown key " + String.join(", ", unknown)
                        + " (known: address, user, key, port, flavour, workdir, docker-certs)");
            }
            Object address = h.get("address");
            if (address == null || String.valueOf(address).isBlank()) {
                throw new IOException(where + ": host " + name + " has no address");
            }
            int port = 22;
            if (h.get("port") != null) {
                try {
                    port = Integer.parseInt(String.valueOf(h.get("port")));
                } catch (NumberFormatException ex) {
                    throw new IOException(where + ": host " + name + ": port must be a number, not " + h.get("port"));
                }
            }
            Flavour flavour = Flavour.TUTORIAL_VM;
            if (h.get("flavour") != null) {
                flavour = Flavour.parse(String.valueOf(h.get("flavour")));
                if (flavour == null) {
                    throw new IOException(where + ": host " + name + ": flavour must be tutorial-vm or debian, not "
                            + h.get("flavour"));
                }
            }
            String user = h.get("user") == null ? System.getProperty("user.name") : String.valueOf(h.get("user"));
            Path key = h.get("key") == null ? defaultKey() : path(String.valueOf(h.get("key")), base);
            String workDir = h.get("workdir") == null ? defaultWorkDir(name) : String.valueOf(h.get("workdir"));
            if (!workDir.startsWith("/")) {
                throw new IOException(where + ": host " + name + ": workdir must be an absolute path on the host");
            }
            Path certs = h.get("docker-certs") == null ? null : path(String.valueOf(h.get("docker-certs")), base);
            entries.put(name, new Entry(name, String.valueOf(address), port, user, key, flavour, workDir, certs));
        }
        return new HostsFile(knownHosts, entries);
    }

    private static Path path(String s, Path base) {
        if (s.equals("~")) {
            return home();
        }
        if (s.startsWith("~/")) {
            return home().resolve(s.substring(2));
        }
        Path p = Path.of(s);
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }

    /** The entry of every lab host, or an exception naming the hosts the file lacks. */
    public Map<String, Entry> forLab(Lab lab, String where) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (HostSpec h : lab.hosts()) {
            Entry e = entries.get(h.name());
            if (e == null) {
                missing.add(h.name());
            } else {
                out.put(h.name(), e);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(where + " has no entry for " + String.join(", ", missing) + " (lab " + lab.id()
                    + " has hosts " + String.join(", ", lab.hosts().stream().map(HostSpec::name).toList()) + ")");
        }
        return out;
    }
}
