/*
 * What observing a lab on real hosts has in common across backends: every host probed in
 * parallel with one deadline (a silent host names itself in the failure), and the segments the
 * lab's hosts hang on: the underlay switch and each host's NAT network to the outside world.
 */
package org.overlaylab.hosts.observe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.lab.HostSpec;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.Segment;

public final class LabObservation {
    private LabObservation() {}

    /** Reads one host's state; an IOException says why the host could not be read. */
    @FunctionalInterface
    public interface HostReader<H> {
        Host read(H host) throws IOException;
    }

    /** Reads every host at once and waits up to `wait` for each; hosts come back in the map's order. */
    public static <H> List<Host> eachHost(Map<String, H> hosts, HostReader<H> reader, Duration wait)
            throws BackendException {
        Map<String, CompletableFuture<Host>> futures = new LinkedHashMap<>();
        hosts.forEach((name, h) -> futures.put(name, CompletableFuture.supplyAsync(() -> {
            try {
                return reader.read(h);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        })));
        List<Host> out = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Host>> e : futures.entrySet()) {
            try {
                out.add(e.getValue().get(wait.toSeconds(), TimeUnit.SECONDS));
            } catch (Exception ex) {
                Throwable c = ex.getCause() == null ? ex : ex.getCause();
                String why = c.getCause() != null && c.getCause().getMessage() != null ? c.getCause().getMessage() : c.getMessage();
                // a reason that already names the host (and its address) stands as it is
                throw new BackendException(why != null && why.startsWith("host ") ? why
                        : "host " + e.getKey() + " does not answer: " + why, c);
            }
        }
        return out;
    }

    /**
     * The underlay switches (one per segment, named as the lab names them: underlay, underlay2...)
     * with every host's underlay card and every router link on its segment, and one NAT network per host.
     */
    public static List<Segment> segments(org.overlaylab.model.lab.Lab lab, Collection<HostSpec> hosts) {
        List<Segment> segments = new ArrayList<>();
        List<String> prefixes = lab.segments();
        if (prefixes.isEmpty() || lab.routers().isEmpty()) {
            List<Segment.Attachment> underlay = new ArrayList<>();
            hosts.forEach(h -> underlay.add(new Segment.Attachment(h.name(), h.underlayInterface())));
            segments.add(new Segment("underlay", lab.underlayCidr(), underlay));
        } else {
            for (String prefix : prefixes) {
                List<Segment.Attachment> on = new ArrayList<>();
                hosts.stream().filter(h -> lab.segmentOf(h.underlayAddress()).orElse(prefixes.get(0)).equals(prefix))
                        .forEach(h -> on.add(new Segment.Attachment(h.name(), h.underlayInterface())));
                lab.routers().forEach(r -> r.linkOn(prefix).ifPresent(l -> on.add(new Segment.Attachment(r.name(), l.interfaceName()))));
                segments.add(new Segment(lab.segmentName(prefix), prefix.equals(prefixes.get(0)) ? lab.underlayCidr() : prefix, on));
            }
        }
        for (HostSpec h : hosts) {
            if (h.natInterface() != null) {
                segments.add(new Segment("nat-" + h.name(), natCidr(h).networkCidr().toString(),
                        List.of(new Segment.Attachment(h.name(), h.natInterface()))));
            }
        }
        return segments;
    }

    /** The host's own cards as the lab file names them: the underlay one and, when it has one, the NAT one. */
    public static java.util.Set<String> cardNames(HostSpec h) {
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(h.underlayInterface());
        if (h.natInterface() != null) {
            names.add(h.natInterface());
        }
        return names;
    }

    /** A host's address on its NAT card, as the lab gives it or the tutorial VMs' 10.0.2.15/24. */
    public static Cidr natCidr(HostSpec h) {
        String a = h.natAddress() == null || h.natAddress().isBlank() ? "10.0.2.15/24" : h.natAddress();
        return Cidr.parse(a.contains("/") ? a : a + "/24");
    }
}
