/*
 * A lab as the tutorial teaches it: the hosts and their underlay, then sections of steps. Steps
 * are numbered 1..N across sections in the order they appear, which is the order they run in.
 * `vary` names values a student's seed chooses (name -> template, see {@link Variation});
 * `reportKey`, when the teacher sets one, signs students' reports (null: none). `backends` limits
 * the backends the lab runs on, with the reason (null: it runs on all of them).
 */
package org.overlaylab.model.lab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.overlaylab.model.net.Cidr;

public record Lab(String id, String title, String summary, long seed, List<HostSpec> hosts, String underlayCidr,
                  List<Section> sections, SourcePosition source, java.util.Map<String, String> vary, String reportKey,
                  BackendLimit backends, List<RouterSpec> routers) {

    public Lab {
        hosts = List.copyOf(hosts);
        routers = routers == null ? List.of() : List.copyOf(routers);
        sections = List.copyOf(sections);
        vary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vary));
    }

    /** A lab with its hosts on the one underlay segment, no routers. */
    public Lab(String id, String title, String summary, long seed, List<HostSpec> hosts, String underlayCidr,
               List<Section> sections, SourcePosition source, java.util.Map<String, String> vary, String reportKey,
               BackendLimit backends) {
        this(id, title, summary, seed, hosts, underlayCidr, sections, source, vary, reportKey, backends, List.of());
    }

    /** A lab that runs on every backend. */
    public Lab(String id, String title, String summary, long seed, List<HostSpec> hosts, String underlayCidr,
               List<Section> sections, SourcePosition source, java.util.Map<String, String> vary, String reportKey) {
        this(id, title, summary, seed, hosts, underlayCidr, sections, source, vary, reportKey, null);
    }

    /** A lab with no varied values and no report key. */
    public Lab(String id, String title, String summary, long seed, List<HostSpec> hosts, String underlayCidr,
               List<Section> sections, SourcePosition source) {
        this(id, title, summary, seed, hosts, underlayCidr, sections, source, java.util.Map.of(), null);
    }

    /** Why this lab does not run on a backend kind, in one line, or null when it does. */
    public String backendRefusal(String kind) {
        return backends == null ? null : backends.refusal(id, kind);
    }

    /** The steps that carry a task, in running order. */
    public List<Step> taskSteps() {
        return steps().stream().filter(Step::isTask).toList();
    }

    /** All steps in running order. */
    public List<Step> steps() {
        List<Step> all = new ArrayList<>();
        sections.forEach(s -> all.addAll(s.steps()));
        return all;
    }

    public Optional<HostSpec> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public Optional<RouterSpec> router(String name) {
        return routers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * The underlay segments as network prefixes ("192.168.205.0/24"): the lab underlay first, then
     * each router link's network in the order the file gives them, each once.
     */
    public List<String> segments() {
        Set<String> all = new LinkedHashSet<>();
        if (underlayCidr != null && Cidr.isValid(underlayCidr)) {
            all.add(Cidr.parse(underlayCidr).networkCidr().toString());
        }
        routers.forEach(r -> r.links().forEach(l -> all.add(l.segment())));
        return List.copyOf(all);
    }

    /**
     * The name a topology gives a segment: "underlay" for the first (the lab underlay, as in a lab
     * without routers), then "underlay2", "underlay3"... in {@link #segments()} order.
     */
    public String segmentName(String segment) {
        int i = segments().indexOf(segment);
        if (i < 0) {
            throw new IllegalArgumentException("not a segment of lab " + id + ": " + segment);
        }
        return i == 0 ? "underlay" : "underlay" + (i + 1);
    }

    /** The segment an underlay address (with or without prefix) lies in, if any. */
    public Optional<String> segmentOf(String address) {
        int slash = address.indexOf('/');
        String ip = slash < 0 ? address : address.substring(0, slash);
        return segments().stream().filter(s -> Cidr.parse(s).contains(ip)).findFirst();
    }

    /**
     * The routes a host gets at boot: for every other segment that a router joins to the host's
     * own, `<segment> via <that router's address on the host's segment> dev <underlay NIC>`, in
     * segment order. Empty when the lab has no routers. One router per pair of segments: the
     * first router in file order that joins them is the one taken.
     */
    public List<BootRoute> bootRoutes(HostSpec host) {
        Optional<String> own = segmentOf(host.underlayAddress());
        if (own.isEmpty() || routers.isEmpty()) {
            return List.of();
        }
        List<BootRoute> routes = new ArrayList<>();
        for (String segment : segments()) {
            if (segment.equals(own.get())) {
                continue;
            }
            routers.stream()
                    .filter(r -> r.linkOn(segment).isPresent())
                    .flatMap(r -> r.linkOn(own.get()).stream())
                    .findFirst()
                    .ifPresent(gateway -> routes.add(new BootRoute(segment, gateway.ip(), host.underlayInterface())));
        }
        return routes;
    }

    /** The 1-based number of a step given by number or by id, if it exists. */
    public Optional<Integer> stepNumber(String numberOrId) {
        List<Step> all = steps();
        if (numberOrId.chars().allMatch(Character::isDigit) && !numberOrId.isEmpty()) {
            int n = Integer.parseInt(numberOrId);
            return n >= 1 && n <= all.size() ? Optional.of(n) : Optional.empty();
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(numberOrId)) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }

    public Section sectionOf(Step step) {
        return sections.stream().filter(s -> s.steps().contains(step)).findFirst().orElseThrow();
    }
}
