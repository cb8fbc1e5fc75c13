/*
 * Reads a lab file: YAML is composed into a node tree that remembers where every node was written,
 * then turned into model records while checking every field. All problems are collected and
 * reported together, each as `file:line:column: message`, so a teacher fixes a file in one pass.
 *
 * The format is described in docs/lab-format.md.
 */
package org.overlaylab.labfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.overlaylab.model.lab.BackendLimit;
import org.overlaylab.model.lab.Check;
import org.overlaylab.model.lab.CheckKinds;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Expectation;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.RouterLink;
import org.overlaylab.model.lab.RouterSpec;
import org.overlaylab.model.lab.Section;
import org.overlaylab.model.lab.SourcePosition;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.lab.Task;
import org.overlaylab.model.lab.Variation;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.shell.LabCommandRules;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

public final class LabParser {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private static final Pattern NIC = Pattern.compile("([A-Za-z0-9._-]+)\\s+(\\S+)");

    private static final Set<String> LAB_FIELDS = Set.of("id", "title", "summary", "seed", "underlay", "hosts", "sections",
            "vary", "report-key", "backends", "routers");
    private static final Set<String> ROUTER_FIELDS = Set.of("name", "links");
    private static final Set<String> BACKENDS_FIELDS = Set.of("only", "reason");
    private static final Set<String> HOST_FIELDS = Set.of("name", "hostname", "underlay", "nat", "packages");
    private static final Set<String> SECTION_FIELDS = Set.of("title", "intro", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("id", "title", "explain", "run", "check",
            "task", "hints", "solution", "scenario");
    private static final Set<String> COMMAND_FIELDS = Set.of("on", "command", "stop-after", "background", "keeps-running", "expect", "remember");
    private static final Set<String> EXPECT_FIELDS = Set.of("exit", "contains", "absent", "matches");

    private final String file;
    private final String[] sourceLines;
    private final List<LabProblem> problems = new ArrayList<>();
    private final Set<String> hostNames = new HashSet<>();
    /** Routers by name, with where each was declared, so a host cannot take a router's name. */
    private final Map<String, SourcePosition> routerNames = new HashMap<>();
    /** Every router link's address -> "router1's eth1", so no host takes a router's address. */
    private final Map<Integer, String> routerAddresses = new HashMap<>();
    /** False when the routers list is broken: then hosts' addresses are not judged against the segments. */
    private boolean segmentsKnown = true;
    /** False when the host list itself is broken: then host references are not judged against it. */
    private boolean hostsKnown = true;
    /** Names remembered by commands so far, in file order: a command may only use earlier ones. */
    private final Set<String> remembered = new HashSet<>();
    /** Each host's working folder as the file's cd commands move it, for the path rules. */
    private final Map<String, LabCommandRules.Folder> folders = new HashMap<>();

    private LabParser(String file, String text) {
        this.file = file;
        this.sourceLines = text.split("\n", -1);
    }

    /** Parses and validates the text of a lab file; `file` names it in messages. */
    public static Lab parse(String text, String file) throws LabFileException {
        LabParser p = new LabParser(file, text);
        Lab lab = p.parseDocument(text);
        if (!p.problems.isEmpty()) {
            p.problems.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                    : Integer.compare(a.column(), b.column()));
            throw new LabFileException(p.problems);
        }
        return lab;
    }

    // ------------------------------------------------------------------ document

    private Lab parseDocument(String text) {
        Optional<Node> root;
        if (text.length() > LabFileLimits.MAX_BYTES) {
            problems.add(LabFileLimits.tooBig(file, text.length()).problems().get(0));
            return null;
        }
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).build();
            LabProblem tooDeep = LabFileLimits.nesting(text, file, settings);
            if (tooDeep != null) {
                problems.add(tooDeep);
                return null;
            }
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
            if (e.getProblem() != null && e.getProblem().contains("end of stream") && e.getContextMark().isPresent()) {
                // an unterminated quote or bracket: point at where it was opened, not at the end of the file
                m = e.getContextMark().get();
            }
            String what = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            problems.add(new LabProblem(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    "YAML syntax error: " + what));
            return null;
        } catch (YamlEngineException e) {
            problems.add(new LabProblem(file, 1, 1, "YAML syntax error: " + e.getMessage()));
            return null;
        }
        if (root.isEmpty()) {
            problems.add(new LabProblem(file, 1, 1, "the file is empty; a lab needs id, title, hosts and sections"));
            return null;
        }
        Map<String, NodeTuple> top = mapping(root.get(), "the lab", LAB_FIELDS);
        if (top == null) {
            return null;
        }
        Node rootNode = root.get();
        String id = requiredString(top, "id", rootNode, "the lab");
        if (id != null && !ID.matcher(id).matches()) {
            error(top.get("id").getValueNode(), "lab id '" + id + "' must be lower-case letters, digits and dashes");
        }
        String title = requiredString(top, "title", rootNode, "the lab");
        String summary = optionalString(top, "summary", "");
        long seed = 1;
        if (top.containsKey("seed")) {
            String s = scalar(top.get("seed").getValueNode(), "seed");
            if (s != null) {
                try {
                    seed = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    error(top.get("seed").getValueNode(), "seed must be a whole number, not '" + s + "'");
                }
            }
        }
        Map<String, String> vary = top.containsKey("vary") ? parseVary(top.get("vary").getValueNode()) : Map.of();
        String reportKey = null;
        if (top.containsKey("report-key")) {
            reportKey = scalar(top.get("report-key").getValueNode(), "report-key");
            if (reportKey != null && reportKey.isBlank()) {
                error(top.get("report-key").getValueNode(), "'report-key' is empty");
            }
        }
        BackendLimit backends = top.containsKey("backends") ? parseBackends(top.get("backends").getValueNode()) : null;
        String underlay = optionalString(top, "underlay", null);
        Cidr underlayCidr = null;
        if (underlay != null) {
            if (Cidr.isValid(underlay) && underlay.contains("/")) {
                underlayCidr = Cidr.parse(underlay);
            } else {
                error(top.get("underlay").getValueNode(), "underlay must be a prefix such as 192.168.205.0/24, not '" + underlay + "'");
            }
        }
        int problemsBeforeRouters = problems.size();
        List<RouterSpec> routers = top.containsKey("routers")
                ? parseRouters(top.get("routers").getValueNode(), underlayCidr) : List.of();
        // a broken router list says nothing sure about segments: hosts' addresses are not judged against it
        segmentsKnown = problems.size() == problemsBeforeRouters;
        List<Cidr> segments = new ArrayList<>();
        if (underlayCidr != null) {
            segments.add(underlayCidr.networkCidr());
        }
        routers.forEach(r -> r.links().forEach(l -> {
            Cidr net = Cidr.parse(l.address()).networkCidr();
            if (!segments.contains(net)) {
                segments.add(net);
            }
        }));
        List<HostSpec> hosts = new ArrayList<>();
        if (!top.containsKey("hosts")) {
            error(rootNode, "the lab has no 'hosts'");
        } else {
            List<Node> items = sequence(top.get("hosts").getValueNode(), "hosts");
            hostsKnown = items != null;
            if (items != null && items.isEmpty()) {
                error(top.get("hosts").getValueNode(), "'hosts' is empty; a lab needs at least one host");
            }
            if (items != null) {
                for (Node n : items) {
                    HostSpec h = parseHost(n, underlayCidr, routers, segments);
                    if (h != null) {
                        hosts.add(h);
                    }
                }
            }
        }
        List<Section> sections = new ArrayList<>();
        Set<String> stepIds = new HashSet<>();
        if (!top.containsKey("sections")) {
            error(rootNode, "the lab has no 'sections'");
        } else {
            List<Node> items = sequence(top.get("sections").getValueNode(), "sections");
            if (items != null && items.isEmpty()) {
                error(top.get("sections").getValueNode(), "'sections' is empty; a lab needs at least one step");
            }
            if (items != null) {
                for (Node n : items) {
                    Section s = parseSection(n, stepIds);
                    if (s != null) {
                        sections.add(s);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Lab(id, title, summary.strip(), seed, hosts, underlay, sections, position(rootNode), vary, reportKey,
                backends, routers);
    }

    /** backends: {only: [sim, ssh], reason: why the others cannot run it} */
    private BackendLimit parseBackends(Node node) {
        Map<String, NodeTuple> m = mapping(node, "backends", BACKENDS_FIELDS);
        if (m == null) {
            return null;
        }
        List<String> kinds = new ArrayList<>();
        if (!m.containsKey("only")) {
            error(node, "backends needs 'only', the backends the lab runs on, e.g. only: [sim, ssh]");
        } else {
            List<Node> items = sequence(m.get("only").getValueNode(), "only");
            if (items != null && items.isEmpty()) {
                error(m.get("only").getValueNode(), "'only' is empty; name at least one backend: "
                        + String.join(", ", BackendLimit.KNOWN_KINDS));
            }
            for (Node n : items == null ? List.<Node>of() : items) {
                String kind = scalar(n, "a backend");
                if (kind == null) {
                    continue;
                }
                if (!BackendLimit.KNOWN_KINDS.contains(kind)) {
                    error(n, "unknown backend '" + kind + "'; backends: " + String.join(", ", BackendLimit.KNOWN_KINDS));
                } else if (kinds.contains(kind)) {
                    error(n, "backend '" + kind + "' is named twice");
                } else {
                    kinds.add(kind);
                }
            }
        }
        String reason = null;
        if (!m.containsKey("reason")) {
            error(node, "backends needs 'reason': why the lab does not run on the other backends");
        } else {
            reason = scalar(m.get("reason").getValueNode(), "reason");
            if (reason != null && reason.isBlank()) {
                error(m.get("reason").getValueNode(), "'reason' is empty");
            } else if (reason != null && reason.strip().contains("\n")) {
                error(m.get("reason").getValueNode(), "'reason' is one line: it is shown in menus and in one-line messages");
            }
        }
        return kinds.isEmpty() || reason == null ? null : new BackendLimit(kinds, reason.strip());
    }

    /**
     * routers: each with a name and at least two links "<interface> <address/prefix>", one per
     * segment it joins. Segments are the lab underlay and each link's network: two segments are
     * equal or apart, and one router joins a given pair of segments.
     */
    private List<RouterSpec> parseRouters(Node node, Cidr underlay) {
        List<Node> items = sequence(node, "routers");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            error(node, "'routers' is empty; leave it out, or declare a router with a link on each of two segments");
        }
        List<Cidr> segments = new ArrayList<>();
        if (underlay != null) {
            segments.add(underlay.networkCidr());
        }
        Map<String, String> joinedBy = new HashMap<>();
        List<RouterSpec> routers = new ArrayList<>();
        for (Node item : items) {
            Map<String, NodeTuple> m = mapping(item, "a router", ROUTER_FIELDS);
            if (m == null) {
                continue;
            }
            String name = requiredString(m, "name", item, "a router");
            if (name != null) {
                if (!HOST_NAME.matcher(name).matches()) {
                    error(m.get("name").getValueNode(), "router name '" + name
                            + "' must start with a letter and use lower-case letters, digits and dashes");
                    name = null;
                } else if (routerNames.containsKey(name)) {
                    error(m.get("name").getValueNode(), "router '" + name + "' is declared twice");
                    name = null;
                } else {
                    routerNames.put(name, position(m.get("name").getValueNode()));
                }
            }
            List<RouterLink> links = new ArrayList<>();
            if (!m.containsKey("links")) {
                error(item, "the router has no 'links' (one per segment, such as: - eth1 192.168.205.1/24)");
            } else {
                Node linksNode = m.get("links").getValueNode();
                List<Node> linkItems = sequence(linksNode, "links");
                if (linkItems != null && linkItems.size() < 2) {
                    error(linksNode, "a router needs at least two links, one on each segment it joins");
                }
                for (Node l : linkItems == null ? List.<Node>of() : linkItems) {
                    RouterLink link = parseRouterLink(l, name, links, segments);
                    if (link != null) {
                        links.add(link);
                    }
                }
            }
            if (name == null || links.size() < 2) {
                continue;
            }
            for (int i = 0; i < links.size(); i++) {
                for (int j = i + 1; j < links.size(); j++) {
                    String a = links.get(i).segment();
                    String b = links.get(j).segment();
                    String pair = a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
                    String other = joinedBy.putIfAbsent(pair, name);
                    if (other != null) {
                        error(m.get("name").getValueNode(), "router '" + name + "' joins " + a + " and " + b
                                + ", which router '" + other + "' already joins; one router per pair of segments");
                    }
                }
            }
            routers.add(new RouterSpec(name, links, position(item)));
        }
        return routers;
    }

    /** "eth1 192.168.205.1/24", checked against the router's other links and the segments so far. */
    private RouterLink parseRouterLink(Node node, String router, List<RouterLink> earlier, List<Cidr> segments) {
        String s = scalar(node, "a link");
        if (s == null) {
            return null;
        }
        Matcher mm = NIC.matcher(s.trim());
        if (!mm.matches() || !mm.group(2).contains("/") || !Cidr.isValid(mm.group(2))) {
            error(node, "a link must be an interface and an address with prefix, such as 'eth1 192.168.205.1/24', not '"
                    + s + "'");
            return null;
        }
        String device = mm.group(1);
        Cidr address = Cidr.parse(mm.group(2));
        String problem = LabHostRules.linkProblem(device, address);
        if (problem != null) {
            error(node, problem);
            return null;
        }
        Cidr segment = address.networkCidr();
        for (RouterLink e : earlier) {
            if (e.interfaceName().equals(device)) {
                error(node, "interface " + device + " is used by two links of the router");
                return null;
            }
            if (e.segment().equals(segment.toString())) {
                error(node, "the router has two links on segment " + segment + "; each link joins a different segment");
                return null;
            }
        }
        for (Cidr other : segments) {
            if (other.overlaps(segment) && !other.equals(segment)) {
                error(node, "segment " + segment + " overlaps segment " + other + "; two segments are either equal or apart");
                return null;
            }
        }
        String owner = (router == null ? "a router" : router) + "'s " + device;
        String taken = routerAddresses.putIfAbsent(address.address(), owner);
        if (taken != null) {
            error(node, "address " + address.addressText() + " is already " + taken);
            return null;
        }
        if (!segments.contains(segment)) {
            segments.add(segment);
        }
        return new RouterLink(device, address.toString());
    }

    private HostSpec parseHost(Node node, Cidr underlay, List<RouterSpec> routers, List<Cidr> segments) {
        Map<String, NodeTuple> m = mapping(node, "a host", HOST_FIELDS);
        if (m == null) {
            return null;
        }
        String name = requiredString(m, "name", node, "a host");
        if (name != null) {
            if (!HOST_NAME.matcher(name).matches()) {
                error(m.get("name").getValueNode(), "host name '" + name + "' must start with a letter and use lower-case letters, digits and dashes");
            } else if (!hostNames.add(name)) {
                error(m.get("name").getValueNode(), "host '" + name + "' is declared twice");
            } else if (routerNames.containsKey(name)) {
                error(m.get("name").getValueNode(), "'" + name + "' is already the name of the router at line "
                        + routerNames.get(name).line() + "; hosts and routers need different names");
            }
        }
        String hostname = optionalString(m, "hostname", name);
        String[] underlayNic = nic(m, "underlay", true, node);
        if (underlayNic != null && segmentsKnown && routers.isEmpty() && underlay != null
                && !underlay.contains(Cidr.parse(underlayNic[1]).address())) {
            error(m.get("underlay").getValueNode(), "address " + underlayNic[1] + " is outside the lab's underlay " + underlay);
        }
        if (underlayNic != null && segmentsKnown && !routers.isEmpty()) {
            String problem = segmentProblem(Cidr.parse(underlayNic[1]), routers, segments);
            if (problem != null) {
                error(m.get("underlay").getValueNode(), problem);
            }
        }
        String[] natNic = nic(m, "nat", false, node);
        List<String> packages = HostSpec.DEFAULT_PACKAGES;
        if (m.containsKey("packages")) {
            List<Node> items = sequence(m.get("packages").getValueNode(), "packages");
            if (items != null) {
                packages = new ArrayList<>();
                for (Node p : items) {
                    String s = scalar(p, "a package name");
                    if (s != null) {
                        packages.add(s);
                    }
                }
            }
        }
        if (name == null || underlayNic == null) {
            return null;
        }
        return new HostSpec(name, hostname, underlayNic[0], underlayNic[1],
                natNic == null ? null : natNic[0], natNic == null ? null : natNic[1], packages, position(node));
    }

    /** Null when a host's underlay address fits a lab with routers, else why not. */
    private String segmentProblem(Cidr address, List<RouterSpec> routers, List<Cidr> segments) {
        Cidr segment = segments.stream().filter(s -> s.contains(address.address())).findFirst().orElse(null);
        if (segment == null) {
            return "address " + address + " is outside every segment of the lab ("
                    + segments.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + ")";
        }
        if (segment.prefixLength() != address.prefixLength()) {
            return "address " + address + " lies in segment " + segment + " but has another prefix; write "
                    + address.addressText() + "/" + segment.prefixLength();
        }
        String router = routerAddresses.get(address.address());
        if (router != null) {
            return "address " + address.addressText() + " is " + router + "; a host needs an address of its own";
        }
        boolean reachable = routers.stream().anyMatch(r -> r.linkOn(segment.toString()).isPresent());
        if (!reachable) {
            return "no router has a link on segment " + segment + ", so a host there cannot reach the other segments;"
                    + " give a router a link on it";
        }
        return null;
    }

    /** "enp0s8 192.168.205.10/24" -> {device, address/len}. */
    private String[] nic(Map<String, NodeTuple> m, String key, boolean required, Node owner) {
        if (!m.containsKey(key)) {
            if (required) {
                error(owner, "the host has no '" + key + "' (write it as: " + key + ": enp0s8 192.168.205.10/24)");
            }
            return null;
        }
        Node v = m.get(key).getValueNode();
        String s = scalar(v, key);
        if (s == null) {
            return null;
        }
        Matcher mm = NIC.matcher(s.trim());
        if (!mm.matches() || !mm.group(2).contains("/") || !Cidr.isValid(mm.group(2))) {
            error(v, key + " must be a device and an address with prefix, such as 'enp0s8 192.168.205.10/24', not '" + s + "'");
            return null;
        }
        String problem = LabHostRules.nicProblem(key, mm.group(1), Cidr.parse(mm.group(2)));
        if (problem != null) {
            error(v, problem);
            return null;
        }
        return new String[] {mm.group(1), mm.group(2)};
    }

    private Section parseSection(Node node, Set<String> stepIds) {
        Map<String, NodeTuple> m = mapping(node, "a section", SECTION_FIELDS);
        if (m == null) {
            return null;
        }
        String title = requiredString(m, "title", node, "a section");
        String intro = optionalString(m, "intro", "");
        List<Step> steps = new ArrayList<>();
        if (!m.containsKey("steps")) {
            error(node, "the section has no 'steps'");
        } else {
            List<Node> items = sequence(m.get("steps").getValueNode(), "steps");
            if (items != null && items.isEmpty()) {
                error(m.get("steps").getValueNode(), "'steps' is empty");
            }
            if (items != null) {
                for (Node n : items) {
                    Step s = parseStep(n, stepIds);
                    if (s != null) {
                        steps.add(s);
                    }
                }
            }
        }
        return title == null ? null : new Section(title, intro.strip(), steps, position(node));
    }

    private Step parseStep(Node node, Set<String> stepIds) {
        Map<String, NodeTuple> m = mapping(node, "a step", STEP_FIELDS);
        if (m == null) {
            return null;
        }
        String id = requiredString(m, "id", node, "a step");
        if (id != null) {
            if (!ID.matcher(id).matches()) {
                error(m.get("id").getValueNode(), "step id '" + id + "' must be lower-case letters, digits and dashes");
            } else if (!stepIds.add(id)) {
                error(m.get("id").getValueNode(), "step id '" + id + "' is used twice");
            }
        }
        String title = requiredString(m, "title", node, "a step");
        String explain = requiredString(m, "explain", node, "a step");
        // a task's scenario runs before the step's commands, so what it remembers they may use
        List<CommandSpec> scenario = m.containsKey("scenario") ? commands(m.get("scenario").getValueNode(), "scenario")
                : List.of();
        List<CommandSpec> commands = m.containsKey("run") ? commands(m.get("run").getValueNode(), "run") : List.of();
        List<Check> checks = new ArrayList<>();
        if (m.containsKey("check")) {
            List<Node> items = sequence(m.get("check").getValueNode(), "check");
            if (items != null) {
                for (Node n : items) {
                    Check c = parseCheck(n);
                    if (c != null) {
                        checks.add(c);
                    }
                }
            }
        }
        if (!m.containsKey("run") && !m.containsKey("check") && !m.containsKey("task")) {
            error(node, "the step has neither 'run' nor 'check'");
        }
        Task task = null;
        if (m.containsKey("task")) {
            task = parseTask(m, checks, scenario);
        } else {
            for (String key : List.of("hints", "solution", "scenario")) {
                if (m.containsKey(key)) {
                    error(m.get(key).getKeyNode(), "'" + key + "' belongs to a task; add 'task:' saying what the student must achieve");
                }
            }
        }
        if (id == null || title == null || explain == null) {
            return null;
        }
        return new Step(id, title, explain.strip(), commands, checks, position(node), task);
    }

    private List<CommandSpec> commands(Node node, String what) {
        List<CommandSpec> out = new ArrayList<>();
        List<Node> items = sequence(node, what);
        if (items != null) {
            for (Node n : items) {
                CommandSpec c = parseCommand(n);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** task: what to achieve; hints: one at a time; solution: commands; scenario: hidden setup; check: when achieved. */
    private Task parseTask(Map<String, NodeTuple> m, List<Check> checks, List<CommandSpec> scenario) {
        NodeTuple taskTuple = m.get("task");
        String text = scalar(taskTuple.getValueNode(), "'task'");
        if (text != null && text.isBlank()) {
            error(taskTuple.getValueNode(), "'task' is empty; say what the student must achieve");
        }
        if (!m.containsKey("check")) {
            error(taskTuple.getKeyNode(), "a task needs 'check': the state that shows it is achieved");
        } else if (checks.isEmpty() && m.get("check").getValueNode() instanceof SequenceNode sn && sn.getValue().isEmpty()) {
            error(m.get("check").getValueNode(), "a task's 'check' list is empty");
        }
        List<String> hints = m.containsKey("hints") ? stringOrList(m, "hints") : List.of();
        List<CommandSpec> solution = List.of();
        if (!m.containsKey("solution")) {
            error(taskTuple.getKeyNode(), "a task needs 'solution': the commands that achieve it");
        } else {
            solution = commands(m.get("solution").getValueNode(), "solution");
            if (m.get("solution").getValueNode() instanceof SequenceNode sn && sn.getValue().isEmpty()) {
                error(m.get("solution").getValueNode(), "a task's 'solution' list is empty");
            }
        }
        return text == null ? null : new Task(text.strip(), hints.stream().map(String::strip).toList(), solution,
                scenario, checks);
    }

    /** vary: {NAME: "template with {A-B} ranges"} or {NAME: [one, of, these]}. */
    private Map<String, String> parseVary(Node node) {
        if (!(node instanceof MappingNode mn)) {
            error(node, "vary is a mapping of NAME: template, e.g. {VNI: '{100-4000}', NET: '10.{16-250}'}");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String name = keyText(t);
            if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) {
                error(t.getKeyNode(), "a varied name is upper-case letters, digits and underscores, like VNI");
                continue;
            }
            if (out.containsKey(name)) {
                error(t.getKeyNode(), "'" + name + "' is varied twice");
                continue;
            }
            String template;
            if (t.getValueNode() instanceof SequenceNode sn) {
                List<String> items = new ArrayList<>();
                for (Node n : sn.getValue()) {
                    String item = scalar(n, "vary." + name);
                    if (item != null && (item.isBlank() || item.contains(Variation.CHOICE))) {
                        error(n, "a choice is a non-empty value without '" + Variation.CHOICE + "'");
                    } else if (item != null) {
                        items.add(item);
                    }
                }
                if (items.isEmpty()) {
                    error(t.getValueNode(), "vary." + name + " lists no choice");
                    continue;
                }
                template = String.join(Variation.CHOICE, items);
            } else {
                template = scalar(t.getValueNode(), "vary." + name);
                if (template == null) {
                    continue;
                }
            }
            String why = Variation.problem(template);
            if (why != null) {
                error(t.getValueNode(), "vary." + name + ": " + why);
                continue;
            }
            remembered.add(name);
            out.put(name, template);
        }
        return out;
    }

    // ------------------------------------------------------------------ commands

    private CommandSpec parseCommand(Node node) {
        if (!(node instanceof MappingNode mn)) {
            error(node, "a command is written '- <host>: <command>' or as a mapping with 'on' and 'command'");
            return null;
        }
        boolean longForm = mn.getValue().stream().anyMatch(t -> "on".equals(keyText(t)) || "command".equals(keyText(t)));
        if (!longForm) {
            if (mn.getValue().size() != 1) {
                error(node, "a short command has exactly one '<host>: <command>' pair; use 'on' and 'command' for more");
                return null;
            }
            NodeTuple t = mn.getValue().get(0);
            String host = keyText(t);
            if (!hostNames.contains(host)) {
                if (hostsKnown) {
                    error(t.getKeyNode(), unknownHost(host));
                }
                return null;
            }
            String line = scalar(t.getValueNode(), "a command");
            if (line == null) {
                return null;
            }
            validateCommandLine(line, t.getValueNode(), host);
            return new CommandSpec(host, trimCommand(line), null, false, false, Expectation.SUCCESS, Map.of(),
                    position(t.getKeyNode()));
        }
        Map<String, NodeTuple> m = mapping(node, "a command", COMMAND_FIELDS);
        if (m == null) {
            return null;
        }
        String host = requiredString(m, "on", node, "a command");
        if (host != null && !hostNames.contains(host)) {
            if (hostsKnown) {
                error(m.get("on").getValueNode(), unknownHost(host));
            }
            host = null;
        }
        String line = requiredString(m, "command", node, "a command");
        if (line != null) {
            validateCommandLine(line, m.get("command").getValueNode(), host);
        }
        Duration stopAfter = null;
        if (m.containsKey("stop-after")) {
            stopAfter = duration(m.get("stop-after").getValueNode());
        }
        boolean background = bool(m, "background");
        boolean keepsRunning = bool(m, "keeps-running");
        if (background && keepsRunning) {
            error(m.get("keeps-running").getKeyNode(), "a command is either 'background' (stopped when the step ends) or 'keeps-running' (left running), not both");
        }
        Expectation expect = background ? Expectation.ANY : Expectation.SUCCESS;
        if (m.containsKey("expect")) {
            expect = parseExpectation(m.get("expect").getValueNode());
        }
        Map<String, String> remember = Map.of();
        if (m.containsKey("remember")) {
            remember = parseRemember(m.get("remember").getValueNode());
        }
        if (host == null || line == null || expect == null) {
            return null;
        }
        return new CommandSpec(host, trimCommand(line), stopAfter, background, keepsRunning, expect, remember,
                position(node));
    }

    private static String trimCommand(String line) {
        String t = line.strip();
        return t;
    }

    private String unknownHost(String host) {
        return "unknown host '" + host + "'; this lab's hosts are: " + String.join(", ", hostNames.stream().sorted().toList());
    }

    private void validateCommandLine(String line, Node node) {
        validateCommandLine(line, node, null);
    }

    /** `host`: whose working folder the line's cd commands move (null: a folder of its own). */
    private void validateCommandLine(String line, Node node, String host) {
        Matcher placeholders = CommandSpec.PLACEHOLDER.matcher(line);
        while (placeholders.find()) {
            if (!remembered.contains(placeholders.group(1))) {
                int[] lc = locate(node, line, placeholders.start());
                problems.add(new LabProblem(file, lc[0], lc[1], "{{" + placeholders.group(1)
                        + "}} is not remembered by an earlier command (add remember: {" + placeholders.group(1)
                        + ": '...(value)...'} to the command that prints it)"));
            }
        }
        LabCommandRules.Folder folder = host == null ? new LabCommandRules.Folder()
                : folders.computeIfAbsent(host, h -> new LabCommandRules.Folder());
        for (LabCommandRules.Refusal r : LabCommandRules.check(line.strip(), folder)) {
            int[] lc = locate(node, line, r.offset() + leadingTrim(line));
            problems.add(new LabProblem(file, lc[0], lc[1], r.message()));
        }
    }

    private static int leadingTrim(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Maps an offset inside a scalar's value to a line and column of the file. Exact for plain
     * and quoted one-line scalars and for literal blocks ('|'); other styles point at the scalar.
     */
    private int[] locate(Node node, String value, int offset) {
        Mark start = node.getStartMark().orElse(null);
        if (start == null) {
            return new int[] {1, 1};
        }
        int line = start.getLine() + 1;
        int col = start.getColumn() + 1;
        ScalarStyle style = node instanceof ScalarNode s ? s.getScalarStyle() : ScalarStyle.PLAIN;
        if (style == ScalarStyle.LITERAL) {
            int before = 0;
            int lastNl = -1;
            for (int i = 0; i < Math.min(offset, value.length()); i++) {
                if (value.charAt(i) == '\n') {
                    before++;
                    lastNl = i;
                }
            }
            int fileLine = start.getLine() + 1 + before;
            int indent = 0;
            if (start.getLine() + 1 < sourceLines.length) {
                String first = sourceLines[start.getLine() + 1];
                while (indent < first.length() && first.charAt(indent) == ' ') {
                    indent++;
                }
            }
            return new int[] {fileLine + 1, indent + (offset - lastNl - 1) + 1};
        }
        if (value.indexOf('\n') >= 0) {
            return new int[] {line, col};
        }
        int quote = style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED ? 1 : 0;
        return new int[] {line, col + quote + offset};
    }

    /** remember: {NAME: 'regex with (one group)'} */
    private Map<String, String> parseRemember(Node node) {
        if (!(node instanceof MappingNode mn)) {
            error(node, "remember is a mapping of NAME: 'regular expression with one (group)'");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String name = keyText(t);
            if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) {
                error(t.getKeyNode(), "a remembered name is upper-case letters, digits and underscores, like WORKLOAD_IP");
                continue;
            }
            String regex = scalar(t.getValueNode(), "remember." + name);
            if (regex == null) {
                continue;
            }
            try {
                if (Pattern.compile(regex).matcher("").groupCount() != 1) {
                    error(t.getValueNode(), "the pattern for " + name + " needs exactly one (group): the value to remember");
                    continue;
                }
            } catch (PatternSyntaxException e) {
                error(t.getValueNode(), "'" + regex + "' is not a valid regular expression: " + e.getDescription());
                continue;
            }
            remembered.add(name);
            out.put(name, regex);
        }
        return out;
    }

    private Duration duration(Node node) {
        String s = scalar(node, "stop-after");
        if (s == null) {
            return null;
        }
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) {
            error(node, "stop-after must be a duration such as 3s, 500ms or 1m, not '" + s + "'");
            return null;
        }
        Duration d = LabHostRules.stopAfter(m.group(1), m.group(2));
        if (d == null) {
            error(node, "stop-after '" + s + "' is too long; at most " + LabHostRules.MAX_STOP_AFTER.toMinutes() + "m");
        }
        return d;
    }

    private Expectation parseExpectation(Node node) {
        Map<String, NodeTuple> m = mapping(node, "expect", EXPECT_FIELDS);
        if (m == null) {
            return null;
        }
        Integer exit = 0;
        if (m.containsKey("exit")) {
            Node v = m.get("exit").getValueNode();
            String s = scalar(v, "exit");
            if (s != null) {
                if (s.equals("any")) {
                    exit = null;
                } else {
                    try {
                        exit = Integer.parseInt(s);
                        if (exit < 0 || exit > 255) {
                            error(v, "exit must be 0 to 255 or 'any', not '" + s + "'");
                        }
                    } catch (NumberFormatException e) {
                        error(v, "exit must be a number or 'any', not '" + s + "'");
                    }
                }
            }
        }
        List<String> contains = stringOrList(m, "contains");
        List<String> absent = stringOrList(m, "absent");
        List<String> matches = stringOrList(m, "matches");
        if (m.containsKey("matches")) {
            Node v = m.get("matches").getValueNode();
            for (String regex : matches) {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    error(v, "'" + regex + "' is not a valid regular expression: " + e.getDescription());
                }
            }
        }
        return new Expectation(exit, contains, absent, matches);
    }

    // ------------------------------------------------------------------ checks

    private Check parseCheck(Node node) {
        if (!(node instanceof MappingNode mn) || mn.getValue().size() != 1) {
            error(node, "a check is written '- <kind>: {fields}', e.g. '- interface: {host: node1, name: docker0}'; kinds: "
                    + String.join(", ", CheckKinds.ALL.keySet()));
            return null;
        }
        NodeTuple t = mn.getValue().get(0);
        String kindName = keyText(t);
        CheckKinds.Kind kind = CheckKinds.ALL.get(kindName);
        if (kind == null) {
            error(t.getKeyNode(), "unknown check '" + kindName + "'; kinds: " + String.join(", ", CheckKinds.ALL.keySet()));
            return null;
        }
        Node v = t.getValueNode();
        if (!(v instanceof MappingNode fields)) {
            error(v, "the fields of a " + kindName + " check are a mapping, e.g. {host: node1, ...}");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String host = null;
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (NodeTuple f : fields.getValue()) {
            String key = keyText(f);
            if (key == null) {
                error(f.getKeyNode(), "field names are plain words");
                ok = false;
                continue;
            }
            if (!seen.add(key)) {
                error(f.getKeyNode(), "field '" + key + "' is given twice");
                ok = false;
                continue;
            }
            if (!kind.accepts(key)) {
                List<String> accepted = new ArrayList<>(kind.required());
                accepted.addAll(kind.optional());
                if (kind.needsHost()) {
                    accepted.add(0, "host");
                }
                error(f.getKeyNode(), article(kindName) + " " + kindName + " check has no field '" + key + "'; its fields: "
                        + String.join(", ", accepted));
                ok = false;
                continue;
            }
            String value = scalar(f.getValueNode(), "field '" + key + "'");
            if (value == null) {
                ok = false;
                continue;
            }
            if (kindName.equals("command") && key.equals("run")) {
                validateCommandLine(value, f.getValueNode(), host);
            }
            Matcher placeholder = CommandSpec.PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                if (!remembered.contains(placeholder.group(1))) {
                    error(f.getValueNode(), "{{" + placeholder.group(1) + "}} is neither varied (vary:) nor remembered by an earlier command");
                    ok = false;
                }
            }
            if (key.equals("host")) {
                if (!hostNames.contains(value)) {
                    if (hostsKnown) {
                        error(f.getValueNode(), unknownHost(value));
                    }
                    ok = false;
                }
                host = value;
            } else {
                values.put(key, value);
            }
            if (key.equals("to") && kindName.equals("tunnel") && !hostNames.contains(value)) {
                error(f.getValueNode(), unknownHost(value));
                ok = false;
            }
        }
        if (kind.needsHost() && host == null && !seen.contains("host")) {
            error(v, article(kindName) + " " + kindName + " check needs 'host'");
            ok = false;
        }
        for (String r : kind.required()) {
            if (!values.containsKey(r) && !seen.contains(r)) {
                error(v, article(kindName) + " " + kindName + " check needs '" + r + "'");
                ok = false;
            }
        }
        return ok ? new Check(kindName, host, values, position(node)) : null;
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    // ------------------------------------------------------------------ node helpers

    private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            error(node, what + " must be a mapping of fields (" + String.join(", ", allowed.stream().sorted().toList()) + ")");
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = keyText(t);
            if (key == null) {
                error(t.getKeyNode(), "field names are plain words");
                continue;
            }
            if (!allowed.contains(key)) {
                error(t.getKeyNode(), "unknown field '" + key + "' in " + what + "; expected one of: "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")));
                continue;
            }
            if (out.containsKey(key)) {
                error(t.getKeyNode(), "field '" + key + "' is given twice in " + what);
                continue;
            }
            out.put(key, t);
        }
        return out;
    }

    private List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sn)) {
            error(node, "'" + what + "' must be a list (items start with '- ')");
            return null;
        }
        return sn.getValue();
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode sn)) {
            error(node, what + " must be a single value, not a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        return sn.getValue();
    }

    private static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }

    private String requiredString(Map<String, NodeTuple> m, String key, Node owner, String what) {
        if (!m.containsKey(key)) {
            error(owner, what + " needs '" + key + "'");
            return null;
        }
        Node v = m.get(key).getValueNode();
        String s = scalar(v, "'" + key + "'");
        if (s != null && s.isBlank()) {
            error(v, "'" + key + "' is empty");
            return null;
        }
        return s;
    }

    private String optionalString(Map<String, NodeTuple> m, String key, String fallback) {
        if (!m.containsKey(key)) {
            return fallback;
        }
        String s = scalar(m.get(key).getValueNode(), "'" + key + "'");
        return s == null ? fallback : s;
    }

    private boolean bool(Map<String, NodeTuple> m, String key) {
        if (!m.containsKey(key)) {
            return false;
        }
        Node v = m.get(key).getValueNode();
        String s = scalar(v, key);
        if ("true".equals(s)) {
            return true;
        }
        if (!"false".equals(s)) {
            error(v, key + " must be true or false, not '" + s + "'");
        }
        return false;
    }

    private List<String> stringOrList(Map<String, NodeTuple> m, String key) {
        if (!m.containsKey(key)) {
            return List.of();
        }
        Node v = m.get(key).getValueNode();
        if (v instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<Node> items = sequence(v, key);
        List<String> out = new ArrayList<>();
        if (items != null) {
            for (Node n : items) {
                String s = scalar(n, key);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private SourcePosition position(Node node) {
        Mark m = node.getStartMark().orElse(null);
        return m == null ? new SourcePosition(file, 1, 1) : new SourcePosition(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private void error(Node node, String message) {
        SourcePosition p = position(node);
        problems.add(new LabProblem(file, p.line(), p.column(), message));
    }
}
