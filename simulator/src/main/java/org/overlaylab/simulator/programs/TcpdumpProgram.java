/*
 * tcpdump on a simulated host: captures the frames the forwarding engine moves through one device,
 * keeps those its capture filter accepts (outer headers, as BPF sees them), and prints them with
 * the same formatter as `overlay-lab decode`, so the lines read exactly like tcpdump 4.99's. In a
 * lab step it usually runs in the background while a ping runs, and stops at the end of the step;
 * typed with a trailing '&' it becomes a job of the terminal, printing into it as frames pass until
 * -c is reached or `kill` ends it.
 */
package org.overlaylab.simulator.programs;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.filter.DisplayFilter;
import org.overlaylab.packets.filter.FilterSyntaxException;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.shell.ShellState;

public final class TcpdumpProgram implements Program {

    /** A running capture, started by tcpdump and finished by Ctrl-C, -c or the end of a step. */
    public static final class Capture {
        private final Invocation inv;
        private final CaptureHandle handle;
        private final TcpdumpFormatter formatter;
        private final DisplayFilter filter;
        private final Integer limit;
        private final List<String> lines = new ArrayList<>();
        private int captured;
        private boolean finished;
        /** What tcpdump had printed to stderr when it started (its banner), so stop() adds only the rest. */
        private int stderrMark;
        /** As a job of a host's terminal: where its lines go as they come (null otherwise). */
        private java.util.function.Consumer<String> terminal;

        Capture(Invocation inv, String host, String device, DisplayFilter filter, boolean portNames, boolean linkLevel,
                Integer limit) {
            this.inv = inv;
            this.filter = filter;
            this.limit = limit;
            this.formatter = new TcpdumpFormatter(ZoneOffset.UTC, linkLevel, portNames);
            CapturePoint point = new CapturePoint(host, inv.ns.kind() == NetNs.Kind.HOST ? null : inv.ns.name(), device);
            this.handle = inv.world.frames().subscribe(point, this::onFrame);
            this.stderrMark = inv.err.length();
        }

        /** What tcpdump printed to stderr after it started: its closing counters. */
        public String laterStderr() {
            return inv.err.substring(stderrMark);
        }

        private void onFrame(CapturedFrame f) {
            if (f.dropped() || finished || (limit != null && captured >= limit)) {
                return;
            }
            if (!filter.matches(f.data())) {
                return;
            }
            captured++;
            if (terminal != null) {
                terminal.accept(formatter.format(PcapRecord.of(f)) + "\n");
                if (full()) {
                    finish();
                }
            } else if (inv.mode == Invocation.Mode.FOREGROUND) {
                // in the foreground each packet is printed as it is seen (a live terminal shows it then)
                inv.println(formatter.format(PcapRecord.of(f)));
            } else {
                lines.add(formatter.format(PcapRecord.of(f)));
            }
        }

        public boolean full() {
            return limit != null && captured >= limit;
        }

        /** Stops capturing and writes what tcpdump prints: the frames, then its counters. */
        public int finish() {
            if (!finished) {
                finished = true;
                handle.close();
                for (String l : lines) {
                    inv.println(l);
                }
                StringBuilder counters = new StringBuilder();
                if (!full()) {
                    // interrupted: tcpdump's signal handler starts the counters on a new line
                    counters.append('\n');
                }
                counters.append(captured).append(captured == 1 ? " packet" : " packets").append(" captured\n")
                        .append(captured).append(captured == 1 ? " packet" : " packets").append(" received by filter\n")
                        .append("0 packets dropped by kernel\n");
                if (terminal != null) {
                    terminal.accept(counters.toString());
                } else {
                    inv.err.append(counters);
                }
            }
            return 0;
        }

        public Invocation invocation() {
            return inv;
        }
    }

    @Override
    public int run(Invocation inv) {
        Capture c = start(inv);
        if (c == null) {
            return inv.err.length() > 0 ? 1 : 0;
        }
        if (inv.mode == Invocation.Mode.STEP_BACKGROUND) {
            inv.world.backgroundCaptures().add(c);
            return 0;
        }
        if (inv.mode == Invocation.Mode.BACKGROUND_JOB && inv.host.shell().adopt(new ShellState.JobControl() {
            @Override
            public void terminate() {
                c.finish();
            }

            @Override
            public boolean done() {
                return c.finished;
            }
        })) {
            c.terminal = inv.host.shell()::print;
            return 0;
        }
        long start = inv.world.clock().now();
        long bound = inv.stopAfterNanos != null ? inv.stopAfterNanos
                : inv.world.live() ? Long.MAX_VALUE / 4 : PingProgram.COMMAND_LIMIT;
        long limit = start + bound;
        while (inv.world.clock().now() < limit && !c.full() && !inv.world.interrupted()) {
            inv.world.clock().runUntil(inv.world.clock().now() + Math.min(10_000_000L, limit - inv.world.clock().now()));
        }
        if (!c.full() && !inv.world.interrupted()) {
            inv.note(inv.stopAfterNanos != null ? "stopped with Ctrl-C after " + inv.stopAfterNanos / 1_000_000_000L + " s"
                    : "tcpdump would run until Ctrl-C; the lab stopped it after " + (limit - start) / 1_000_000_000L + " s");
        }
        return c.finish();
    }

    /** Parses tcpdump's arguments and starts capturing; null (with a message) when it cannot. */
    static Capture start(Invocation inv) {
        String device = null;
        int numericFlags = 0;
        boolean linkLevel = false;
        Integer count = null;
        boolean verbose = false;
        List<String> filterWords = new ArrayList<>();
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("-i")) {
                device = i + 1 < a.size() ? a.get(++i) : null;
            } else if (w.equals("-c")) {
                count = Integer.parseInt(a.get(++i));
            } else if (w.equals("-w") || w.equals("-s") || w.equals("-r")) {
                i++;
            } else if (w.startsWith("-") && w.length() > 1 && !w.startsWith("--")) {
                for (char ch : w.substring(1).toCharArray()) {
                    switch (ch) {
                        case 'n' -> numericFlags++;
                        case 'e' -> linkLevel = true;
                        case 'v' -> verbose = true;
                        case 'i' -> {
                            device = w.substring(w.indexOf('i') + 1);
                        }
                        default -> { }
                    }
                    if (ch == 'i') {
                        break;
                    }
                }
            } else {
                filterWords.add(w);
            }
        }
        if (!inv.root) {
            String d = device == null ? "enp0s3" : device;
            inv.err.append("tcpdump: ").append(d).append(": You don't have permission to perform this capture on that device\n")
                    .append("(socket: Operation not permitted)\n");
            return null;
        }
        if (device == null) {
            device = inv.ns.links().stream().filter(l -> !(l instanceof org.overlaylab.simulator.kernel.Loopback) && l.adminUp())
                    .map(l -> l.name()).findFirst().orElse("lo");
        }
        String dev = device;
        if (!dev.equals("any") && inv.ns.link(dev).isEmpty()) {
            inv.err.append("tcpdump: ").append(dev).append(": No such device exists\n(No such device exists)\n");
            return null;
        }
        if (!dev.equals("any") && inv.ns.link(dev).get() instanceof org.overlaylab.simulator.kernel.IpipTunnel) {
            // frames here are kept from the Ethernet header on; a tunnel device's raw IP capture is not
            inv.err.append("'tcpdump -i ").append(dev).append("' is not simulated here; capture on the underlay device to")
                    .append(" see the IP-in-IP packets it carries\n");
            return null;
        }
        DisplayFilter filter;
        try {
            filter = DisplayFilter.parseCapture(String.join(" ", filterWords));
        } catch (FilterSyntaxException e) {
            inv.err.append("tcpdump: can't parse filter expression: syntax error\n");
            inv.note("the capture filter was not understood: " + e.getMessage());
            return null;
        }
        if (!verbose) {
            inv.err.append("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
        } else {
            inv.note("tcpdump -v's verbose decode (IP header fields, checksums) is not simulated here; the lines are"
                    + " those without -v. It runs on the netns and ssh backends");
        }
        inv.err.append("listening on ").append(dev).append(", link-type EN10MB (Ethernet), snapshot length 262144 bytes\n");
        return new Capture(inv, inv.host.name(), dev.equals("any") ? null : dev, filter, numericFlags < 2,
                linkLevel, count);
    }
}
