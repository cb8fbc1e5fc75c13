/*
 * Tab completion for a command line typed at a lab host's prompt, shared by the `shell` command and
 * the desktop terminal: the first word of a command completes to a program, the next words to the
 * program's sub-commands (when the registry knows them) and to the names in the current topology:
 * interfaces, bridges, containers, Docker networks, namespaces, hosts.
 */
package org.overlaylab.model.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.NetInterface;
import org.overlaylab.model.topology.NetNamespace;
import org.overlaylab.model.topology.OvsBridge;
import org.overlaylab.model.topology.Topology;

public final class Completion {

    /** A word the line may continue with, and what it is (shown beside it in a candidate list). */
    public record Candidate(String value, String description) {}

    /** Where the word being completed starts in the line, and what it may become. */
    public record Result(int wordStart, String word, List<Candidate> candidates) {}

    /** The sub-commands a program takes after the words already typed (program first); empty when unknown. */
    @FunctionalInterface
    public interface SubCommands {
        List<String> after(List<String> words);

        SubCommands NONE = words -> List.of();
    }

    /** Characters that end one command and start the next. */
    private static final String SEPARATORS = ";|&(";

    private final Map<String, String> programs;
    private final SubCommands subCommands;

    public Completion(Map<String, String> programs, SubCommands subCommands) {
        this.programs = new LinkedHashMap<>(programs);
        this.subCommands = subCommands;
    }

    /** The programs the lab-file validator knows, with the registry's sub-commands. */
    public static Completion standard(SubCommands subCommands) {
        return new Completion(KnownPrograms.ALL, subCommands);
    }

    /**
     * What the word ending at {@code cursor} may become, typed on {@code host} (and inside
     * {@code container}, or null for the host itself), with the topology as last observed.
     */
    public Result complete(String line, int cursor, Topology topology, String host, String container) {
        int end = Math.max(0, Math.min(cursor, line.length()));
        int start = end;
        while (start > 0 && !Character.isWhitespace(line.charAt(start - 1))
                && SEPARATORS.indexOf(line.charAt(start - 1)) < 0) {
            start--;
        }
        String word = line.substring(start, end);
        List<String> before = wordsOfThisCommand(line.substring(0, start));
        List<Candidate> out = new ArrayList<>();
        if (before.isEmpty()) {
            KnownPrograms.WRAPPERS.stream().sorted().forEach(w -> add(out, word, w, "run the program that follows"));
            programs.forEach((name, help) -> add(out, word, name, help));
        } else {
            for (String s : subCommands.after(before)) {
                add(out, word, s, "sub-command");
            }
            names(topology, host, container).forEach((name, what) -> add(out, word, name, what));
        }
        return new Result(start, word, dedupe(out));
    }

    /** The words of the command the cursor is in, wrappers (sudo, env A=B) left out. */
    private static List<String> wordsOfThisCommand(String text) {
        int cut = -1;
        for (int i = text.length() - 1; i >= 0; i--) {
            if (SEPARATORS.indexOf(text.charAt(i)) >= 0) {
                cut = i;
                break;
            }
        }
        List<String> words = new ArrayList<>(List.of(text.substring(cut + 1).trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        while (!words.isEmpty() && (KnownPrograms.WRAPPERS.contains(words.get(0)) || words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            words.remove(0);
        }
        if (!words.isEmpty()) {
            words.set(0, KnownPrograms.baseName(words.get(0)));
        }
        return words;
    }

    /** Every name a command on this host may refer to, with what it is; first seen wins. */
    static Map<String, String> names(Topology topology, String hostName, String container) {
        Map<String, String> names = new LinkedHashMap<>();
        Host host = topology.host(hostName).orElse(null);
        if (host != null) {
            List<NetNamespace> where = new ArrayList<>();
            if (container != null) {
                host.container(container).flatMap(c -> host.namespace(c.namespace())).ifPresent(where::add);
            } else {
                host.namespaces().stream().filter(ns -> ns.kind() == NetNamespace.Kind.HOST).forEach(where::add);
            }
            for (NetNamespace ns : where) {
                for (NetInterface i : ns.interfaces()) {
                    names.putIfAbsent(i.name(), i.kind().equals("bridge") ? "bridge" : "interface (" + i.kind() + ")");
                }
            }
            if (container == null) {
                for (OvsBridge b : host.ovsBridges()) {
                    names.putIfAbsent(b.name(), "Open vSwitch bridge");
                    b.ports().forEach(p -> names.putIfAbsent(p.name(), "port of " + b.name()));
                }
                for (Container c : host.containers()) {
                    names.putIfAbsent(c.name(), "container (" + c.state() + ")");
                }
                for (DockerNetwork n : host.dockerNetworks()) {
                    names.putIfAbsent(n.name(), "Docker network (" + n.driver() + ")");
                }
                host.namespaces().stream().filter(ns -> ns.kind() == NetNamespace.Kind.NAMED)
                        .forEach(ns -> names.putIfAbsent(ns.name(), "network namespace"));
            }
        }
        for (Host h : topology.hosts()) {
            names.putIfAbsent(h.hostname(), "host");
        }
        return names;
    }

    private static void add(List<Candidate> out, String word, String value, String description) {
        if (value.startsWith(word)) {
            out.add(new Candidate(value, description));
        }
    }

    private static List<Candidate> dedupe(List<Candidate> in) {
        Set<String> seen = new java.util.HashSet<>();
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : in) {
            if (seen.add(c.value())) {
                out.add(c);
            }
        }
        return out;
    }
}
