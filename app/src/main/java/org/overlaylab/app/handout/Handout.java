/*
 * A lab as a printable handout: runs the lab on a backend and writes one self-contained XHTML page
 * (index.html) with, for each step, its explanation, the topology after it as inline SVG with the
 * parts it added marked, its commands and their output, its key frames as tcpdump prints them with
 * a diagram of their headers, and for a task its text only: never its solution, hints or the
 * commands that set it up. No script, no image file, no network: it prints as it shows. Beside it,
 * handout.pdf holds the same content laid out into pages (see HandoutPdf).
 */
package org.overlaylab.app.handout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.overlaylab.app.ui.diagram.Diagram;
import org.overlaylab.app.ui.diagram.DiagramDiff;
import org.overlaylab.app.ui.diagram.DiagramLayout;
import org.overlaylab.app.ui.diagram.LabHints;
import org.overlaylab.app.ui.diagram.Point;
import org.overlaylab.app.ui.diagram.Rect;
import org.overlaylab.model.backend.Backend;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.Plane;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.overlaylab.model.session.CommandOutcome;
import org.overlaylab.model.session.LabSession;
import org.overlaylab.model.session.StepResult;
import org.overlaylab.model.topology.Topology;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.format.TcpdumpFormatter;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public final class Handout {
    /** At most this many frames per step: the first of each exchange, enough to follow it on paper. */
    static final int KEY_FRAMES = 6;

    /** What one step left behind for the page. */
    record StepPage(StepResult result, Diagram diagram, DiagramDiff added, List<CapturedFrame> frames) {}

    private final Lab lab;
    private final String backendName;
    /** Made from the steps a session had run (true), or from a run of its own (false). */
    private final boolean fromSession;
    private final List<StepPage> pages = new ArrayList<>();

    private Handout(Lab lab, String backendName, boolean fromSession) {
        this.lab = lab;
        this.backendName = backendName;
        this.fromSession = fromSession;
    }

    /**
     * Runs `lab` through step `last` on `backend` (tasks solved by their own solutions, which the page
     * leaves out) and collects what each step shows.
     */
    public static Handout run(Lab lab, String backendName, Backend backend, BackendOptions options, int last)
            throws BackendException {
        Handout h = new Handout(lab, backendName, false);
        LabHints hints = LabHints.of(lab);
        DiagramLayout.Options layout = DiagramLayout.Options.defaults();
        List<CapturedFrame> captured = new ArrayList<>();
        try (LabSession session = new LabSession(lab, backend, options)) {
            session.setSolveTasks(true);
            session.start();
            Diagram before = DiagramLayout.layout(session.topology(), hints, layout);
            CaptureHandle capture = backend.capture(CapturePoint.ANY, f -> {
                synchronized (captured) {
                    captured.add(f);
                }
            });
            try {
                for (int n = 1; n <= last; n++) {
                    StepResult r = session.runNext();
                    Topology now = session.topology();
                    Diagram after = DiagramLayout.layout(now, hints, layout);
                    List<CapturedFrame> frames;
                    synchronized (captured) {
                        frames = keyFrames(captured);
                        captured.clear();
                    }
                    h.pages.add(new StepPage(r, after, DiagramDiff.between(before, after), frames));
                    before = after;
                }
            } finally {
                capture.close();
            }
        }
        return h;
    }

    /**
     * The steps a session has run, as they ran there: `results` in order from step 1, `frames[i]` what
     * was captured while results[i] ran, `start` the hosts before the first step. Nothing runs again;
     * commands typed at the prompts belong to no step and stay out (a task's answer among them).
     */
    public static Handout ofSession(Lab lab, String backendName, Topology start, List<StepResult> results,
                                    List<List<CapturedFrame>> frames) {
        Handout h = new Handout(lab, backendName, true);
        LabHints hints = LabHints.of(lab);
        DiagramLayout.Options layout = DiagramLayout.Options.defaults();
        Diagram before = DiagramLayout.layout(start, hints, layout);
        for (int i = 0; i < results.size(); i++) {
            StepResult r = results.get(i);
            // a step whose hosts could not be observed keeps the drawing before it
            Diagram after = r.topology() == null ? before : DiagramLayout.layout(r.topology(), hints, layout);
            List<CapturedFrame> seen = i < frames.size() ? frames.get(i) : List.of();
            h.pages.add(new StepPage(r, after, DiagramDiff.between(before, after), keyFrames(seen)));
            before = after;
        }
        return h;
    }

    /**
     * The frames worth printing: the first capture of each exchange (one trace through the hosts),
     * and the first capture of it wrapped in a tunnel, up to KEY_FRAMES, in the order they crossed.
     * The data plane and control-plane messages that changed state come first; the control plane's
     * routine chatter (heartbeats, probes, keepalives), which fills a real step, only where room is left.
     */
    static List<CapturedFrame> keyFrames(List<CapturedFrame> all) {
        Map<Long, List<CapturedFrame>> byTrace = new LinkedHashMap<>();
        for (CapturedFrame f : all) {
            if (!f.dropped()) {
                byTrace.computeIfAbsent(f.traceId(), k -> new ArrayList<>()).add(f);
            }
        }
        List<List<CapturedFrame>> telling = new ArrayList<>();
        List<List<CapturedFrame>> chatter = new ArrayList<>();
        for (List<CapturedFrame> trace : byTrace.values()) {
            boolean routine = trace.stream().allMatch(f -> f.plane() == Plane.CONTROL && f.effects().isEmpty());
            (routine ? chatter : telling).add(trace);
        }
        List<CapturedFrame> chosen = new ArrayList<>();
        for (List<List<CapturedFrame>> group : List.of(telling, chatter)) {
            for (List<CapturedFrame> trace : group) {
                if (chosen.size() >= KEY_FRAMES) {
                    break;
                }
                CapturedFrame first = trace.get(0);
                chosen.add(first);
                if (!tunnelled(first)) {
                    trace.stream().filter(Handout::tunnelled).findFirst().ifPresent(t -> {
                        if (chosen.size() < KEY_FRAMES) {
                            chosen.add(t);
                        }
                    });
                }
            }
        }
        List<CapturedFrame> out = new ArrayList<>();
        for (CapturedFrame f : all) {
            if (chosen.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean tunnelled(CapturedFrame f) {
        return LayerTree.of(f.data()).layers().stream().anyMatch(Layer::isTunnel);
    }

    public List<StepResult> results() {
        return pages.stream().map(StepPage::result).toList();
    }

    /** The PDF's name beside index.html. */
    public static final String PDF = "handout.pdf";

    /** Writes dir/index.html (making dir) and dir/handout.pdf; returns the page's path. */
    public Path write(Path dir) throws IOException {
        return write(dir, true);
    }

    /** Writes dir/index.html (making dir), and dir/handout.pdf when `pdf`; returns the page's path. */
    public Path write(Path dir, boolean pdf) throws IOException {
        Files.createDirectories(dir);
        Path page = dir.resolve("index.html");
        Files.writeString(page, html(), StandardCharsets.UTF_8);
        if (pdf) {
            pdfWarnings = HandoutPdf.write(html(HandoutPdf.PRINT_CSS), lab.title(), dir.resolve(PDF));
        }
        return page;
    }

    private List<String> pdfWarnings = List.of();

    /** What laying out the last PDF warned about (styles the PDF's layout does not know, missing glyphs). */
    List<String> pdfWarnings() {
        return pdfWarnings;
    }

    // ------------------------------------------------------------------ the page

    /** The page as XHTML: well-formed XML, so any XML parser reads it, and any browser shows it. */
    public String html() {
        return html("");
    }

    /** The page with `moreCss` after its own styles. */
    private String html(String moreCss) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(esc(lab.title())).append(" - handout</title>\n")
                .append("<style>\n").append(CSS).append(moreCss).append("</style>\n</head>\n<body>\n");
        sb.append("<header><h1>").append(esc(lab.title())).append("</h1>\n<p class=\"meta\">Lab <code>")
                .append(esc(lab.id())).append("</code>, ").append(pages.size()).append(" of ").append(lab.steps().size())
                .append(fromSession ? " steps as they ran in an OverlayLab session on the " : " steps, run on the ")
                .append(esc(backendName)).append(fromSession ? " backend; commands typed at the prompts are not included.</p>\n"
                        : " backend by OverlayLab.</p>\n");
        if (lab.summary() != null && !lab.summary().isBlank()) {
            sb.append("<p>").append(codeSpans(lab.summary())).append("</p>\n");
        }
        sb.append("<nav><ol>\n");
        for (StepPage p : pages) {
            sb.append("<li><a href=\"#step-").append(p.result().number()).append("\">").append(esc(p.result().step().title()))
                    .append("</a>").append(p.result().step().isTask() ? " (task)" : "").append("</li>\n");
        }
        sb.append("</ol></nav></header>\n");
        for (StepPage p : pages) {
            step(sb, p);
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private void step(StringBuilder sb, StepPage p) {
        StepResult r = p.result();
        Step step = r.step();
        sb.append("<section class=\"step\" id=\"step-").append(r.number()).append("\">\n<h2>")
                .append(r.number()).append(". ").append(esc(step.title())).append("</h2>\n");
        if (lab.sectionOf(step) != null) {
            sb.append("<p class=\"meta\">").append(esc(lab.sectionOf(step).title())).append("</p>\n");
        }
        if (step.explanation() != null && !step.explanation().isBlank()) {
            for (String para : step.explanation().strip().split("\n\\s*\n")) {
                sb.append("<p>").append(codeSpans(para.strip())).append("</p>\n");
            }
        }
        if (step.isTask()) {
            sb.append("<div class=\"task\"><h3>Your task</h3>\n");
            for (String para : step.task().text().strip().split("\n\\s*\n")) {
                sb.append("<p>").append(codeSpans(para.strip())).append("</p>\n");
            }
            sb.append("<p class=\"meta\">Work it out on the lab's hosts; the app checks it and has ")
                    .append(step.task().hints().size()).append(step.task().hints().size() == 1 ? " hint" : " hints")
                    .append(" if you need them.</p>\n<div class=\"answer\">Notes:</div></div>\n");
        }
        sb.append("<figure>\n");
        Svg.diagram(sb, p.diagram(), p.added());
        sb.append("<figcaption>The hosts after step ").append(r.number())
                .append(p.added().added().isEmpty() ? "" : "; outlined in orange: what this step added").append(".</figcaption>\n</figure>\n");
        List<CommandOutcome> shown = shownCommands(r);
        if (!shown.isEmpty()) {
            sb.append("<h3>Commands</h3>\n<pre class=\"terminal\">");
            for (CommandOutcome o : shown) {
                sb.append("<b>").append(esc(o.spec().host())).append("$ ").append(esc(o.spec().line().strip())).append("</b>\n");
                String out = o.result().output();
                if (!out.isEmpty()) {
                    sb.append(esc(out.endsWith("\n") ? out : out + "\n"));
                }
                // what the backend did beyond the literal command (what ran instead on a real host), set apart as the console sets it
                for (String note : o.result().notes()) {
                    sb.append("<i class=\"note\">").append(esc(note)).append("</i>\n");
                }
            }
            sb.append("</pre>\n");
        }
        if (!p.frames().isEmpty()) {
            sb.append("<h3>Key frames</h3>\n");
            TcpdumpFormatter tcpdump = new TcpdumpFormatter(ZoneOffset.UTC, false);
            for (CapturedFrame f : p.frames()) {
                long nanos = f.timeNanos();
                String line = tcpdump.format(new PcapRecord(Math.floorDiv(nanos, 1_000_000_000L),
                        (int) (Math.floorMod(nanos, 1_000_000_000L) / 1000), f.data(), f.originalLength()));
                sb.append("<div class=\"frame\"><p class=\"where\">").append(esc(f.host()))
                        .append(f.namespace() == null || f.namespace().equals("host") ? "" : " (" + esc(f.namespace()) + ")")
                        .append(' ').append(esc(f.device())).append(' ').append(f.direction() == CapturedFrame.Direction.IN ? "In" : "Out")
                        .append("</p>\n<pre class=\"tcpdump\">").append(esc(line)).append("</pre>\n");
                headers(sb, LayerTree.of(f.data()).layers());
                sb.append("</div>\n");
            }
        }
        sb.append("</section>\n");
    }

    /**
     * The commands the page shows: a task step's own commands, without those that set the task up
     * (scenario) or solve it (solution), which the session ran to go on. A command ran with the values
     * it was given ({{POOL}} filled in), so it is known by where the lab file wrote it.
     */
    static List<CommandOutcome> shownCommands(StepResult r) {
        if (!r.step().isTask()) {
            return r.commands();
        }
        List<CommandSpec> hidden = new ArrayList<>(r.step().task().solution());
        hidden.addAll(r.step().task().scenario());
        return r.commands().stream().filter(o -> hidden.stream().noneMatch(h -> sameCommand(h, o.spec()))).toList();
    }

    private static boolean sameCommand(CommandSpec written, CommandSpec ran) {
        return written.host().equals(ran.host()) && (written.line().equals(ran.line())
                || written.position() != null && written.position().equals(ran.position()));
    }

    /** A row of boxes, one per header, each as wide as its share of the frame's bytes (at least readable). */
    private static void headers(StringBuilder sb, List<Layer> layers) {
        sb.append("<div class=\"headers\">");
        int total = layers.stream().mapToInt(l -> Math.max(8, l.length())).sum();
        for (Layer l : layers) {
            int share = Math.max(8, l.length());
            // flex-grow for the page, the same share as a width for the PDF (whose layout has no flex boxes)
            sb.append("<span class=\"hdr").append(l.isTunnel() ? " tunnel" : "").append("\" style=\"flex-grow:")
                    .append(share).append(String.format(Locale.ROOT, ";width:%.1f%%", 100.0 * share / total))
                    .append("\"><b>").append(esc(l.name())).append("</b> ").append(l.length()).append(" B</span>");
        }
        sb.append("</div>\n");
    }

    /** Text with `code` set in monospace, as the app shows explanations. */
    static String codeSpans(String text) {
        StringBuilder sb = new StringBuilder();
        String[] parts = text.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean code = i % 2 == 1 && i < parts.length - 1;
            sb.append(code ? "<code>" : "").append(esc(i % 2 == 1 && !code ? "`" + parts[i] : parts[i])).append(code ? "</code>" : "");
        }
        return sb.toString();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; a command's output may hold some
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; margin: 2em auto; max-width: 60em; color: #111; }
            h1 { font-size: 20pt; margin-bottom: .2em; }
            h2 { font-size: 15pt; border-bottom: 2px solid #2f5d8a; padding-bottom: .15em; }
            h3 { font-size: 12pt; margin: 1em 0 .3em; }
            .meta { color: #555; font-size: 10pt; }
            code, pre { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; }
            pre.terminal { background: #f4f6f8; border: 1px solid #ccd; padding: .6em; white-space: pre-wrap; word-break: break-all; }
            pre.terminal b { color: #0b5cad; }
            pre.terminal i.note { color: #666; }
            pre.tcpdump { margin: .2em 0; white-space: pre-wrap; word-break: break-all; }
            .frame { border-left: 3px solid #2f5d8a; padding-left: .6em; margin: .6em 0; }
            .frame .where { margin: 0; font-weight: bold; font-size: 9.5pt; }
            .headers { display: flex; gap: 2px; font-size: 8.5pt; margin: .2em 0; }
            .hdr { border: 1px solid #333; padding: 2px 4px; background: #e3eefb; white-space: nowrap; overflow: hidden; }
            .hdr.tunnel { background: #fbdcc3; }
            .task { border: 2px solid #c98a12; padding: .2em 1em .6em; background: #fff8e8; }
            .task .answer { border-top: 1px dashed #c98a12; min-height: 5em; margin-top: .5em; padding-top: .3em; color: #777; }
            figure { margin: 1em 0; }
            figure svg { width: 100%; height: auto; border: 1px solid #ccd; }
            figcaption { font-size: 9pt; color: #555; }
            nav ol { columns: 2; font-size: 10pt; }
            @media print {
              body { margin: 0; max-width: none; font-size: 10pt; }
              nav { display: none; }
              section.step { break-before: page; }
              figure, .frame, pre.terminal b, .task { break-inside: avoid; }
              a { color: inherit; text-decoration: none; }
              pre.terminal { background: none; }
              @page { margin: 1.6cm 1.4cm; }
            }
            """;

    /** The topology as SVG: boxes, device chips and cables with their labels, new parts outlined. */
    static final class Svg {
        private Svg() {}

        static void diagram(StringBuilder sb, Diagram d, DiagramDiff diff) {
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            List<Rect> all = new ArrayList<>();
            d.boxes().forEach(b -> all.add(b.bounds()));
            d.chips().forEach(c -> all.add(c.bounds()));
            for (Rect r : all) {
                minX = Math.min(minX, r.x());
                minY = Math.min(minY, r.y());
                maxX = Math.max(maxX, r.maxX());
                maxY = Math.max(maxY, r.maxY());
            }
            for (Diagram.Link l : d.links()) {
                for (Point p : l.points()) {
                    minX = Math.min(minX, p.x());
                    minY = Math.min(minY, p.y());
                    maxX = Math.max(maxX, p.x());
                    maxY = Math.max(maxY, p.y());
                }
            }
            if (all.isEmpty()) {
                minX = minY = 0;
                maxX = maxY = 10;
            }
            double pad = 16;
            sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"%.1f %.1f %.1f %.1f\" "
                            + "role=\"img\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
                    minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad));
            sb.append("<title>Topology</title>\n");
            Set<String> added = diff.added();
            // hosts, then boxes inside them, then cables, then device chips on top, as the canvas draws them
            for (Diagram.BoxKind pass : List.of(Diagram.BoxKind.HOST, Diagram.BoxKind.SWITCH, Diagram.BoxKind.CLOUD,
                    Diagram.BoxKind.CONTAINER, Diagram.BoxKind.NAMESPACE, Diagram.BoxKind.LINUX_BRIDGE, Diagram.BoxKind.OVS_BRIDGE)) {
                for (Diagram.Box b : d.boxes()) {
                    if (b.kind() == pass) {
                        box(sb, b, added.contains(b.id()), d.boxes());
                    }
                }
            }
            for (Diagram.Link l : d.links()) {
                link(sb, l, added.contains(l.id()));
            }
            for (Diagram.Chip c : d.chips()) {
                chip(sb, c, added.contains(c.id()));
            }
            sb.append("</svg>\n");
        }

        private static String fill(Diagram.BoxKind k) {
            return switch (k) {
                case HOST -> "#ffffff";
                case CONTAINER -> "#fff6e0";
                case NAMESPACE -> "#f1f3f7";
                case LINUX_BRIDGE -> "#e3eefb";
                case OVS_BRIDGE -> "#efe7fc";
                case SWITCH -> "#2f5d8a";
                case ROUTER -> "#eaf3e4";
                case CLOUD -> "#e4f4f3";
            };
        }

        private static String stroke(Diagram.BoxKind k) {
            return switch (k) {
                case HOST -> "#566579";
                case CONTAINER -> "#c98a12";
                case NAMESPACE -> "#8a96a8";
                case LINUX_BRIDGE -> "#3c78c3";
                case OVS_BRIDGE -> "#7a52c7";
                case SWITCH -> "#1f3f5f";
                case ROUTER -> "#4e7d3a";
                case CLOUD -> "#23807f";
            };
        }

        private static void box(StringBuilder sb, Diagram.Box b, boolean isNew, List<Diagram.Box> all) {
            Rect r = b.bounds();
            sb.append("<g class=\"").append(b.kind().name().toLowerCase(Locale.ROOT)).append(isNew ? " new" : "").append("\">");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%d\" fill=\"%s\" "
                            + "stroke=\"%s\" stroke-width=\"%s\"%s/>",
                    r.x(), r.y(), r.w(), r.h(), b.kind() == Diagram.BoxKind.HOST ? 12 : 8, fill(b.kind()),
                    isNew ? "#ff8c00" : stroke(b.kind()), isNew ? "4" : "1.6",
                    b.kind() == Diagram.BoxKind.NAMESPACE || b.inactive() ? " stroke-dasharray=\"6 4\"" : ""));
            String colour = b.kind() == Diagram.BoxKind.SWITCH ? "#ffffff" : "#1f2d3d";
            boolean host = b.kind() == Diagram.BoxKind.HOST;
            boolean top = host || b.kind() == Diagram.BoxKind.CONTAINER;
            // a host's label goes where the layout kept room for it (clear of the devices on its top edge)
            double x = host ? (b.labelArea() != null ? b.labelArea().x() : r.x() + 12) : r.cx();
            double y = host && b.labelArea() != null ? b.labelArea().y() + 13
                    : top ? r.y() + 18 : r.cy() - (b.lines().size() - 1) * 7 + 4;
            List<String> lines = b.lines();
            if (b.kind() == Diagram.BoxKind.NAMESPACE) {
                // under the bridge drawn inside it, as the canvas puts it
                double below = r.y();
                for (Diagram.Box inner : all) {
                    if (b.id().equals(inner.parent())) {
                        below = Math.max(below, inner.bounds().maxY());
                    }
                }
                y = below + 12;
                lines = List.of(b.title());
            }
            for (int i = 0; i < lines.size(); i++) {
                boolean name = i == 0 && b.kind() != Diagram.BoxKind.NAMESPACE;
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%s\" text-anchor=\"%s\" fill=\"%s\"%s>%s</text>",
                        x, y, name ? "13" : "10", host ? "start" : "middle", colour,
                        name ? " font-weight=\"bold\"" : "", esc(lines.get(i))));
                y += name ? 15 : 12;
            }
            if (!b.badges().isEmpty()) {
                StringBuilder daemons = new StringBuilder();
                for (Diagram.Badge badge : b.badges()) {
                    daemons.append(daemons.length() == 0 ? "" : " · ").append(badge.text()).append(' ').append(badge.state());
                }
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#23864a\">%s</text>",
                        x, y + 2, esc(daemons.toString())));
            }
            sb.append("</g>\n");
        }

        private static void chip(StringBuilder sb, Diagram.Chip c, boolean isNew) {
            Rect r = c.bounds();
            String fill = switch (c.role()) {
                case NIC -> "#2f5d8a";
                case NAT_NIC -> "#23807f";
                case VTEP -> "#e8700f";
                case TUNNEL_PORT -> "gre".equals(c.kind()) ? "#b8329c" : "#e8700f";
                default -> "#ffffff";
            };
            boolean dark = !fill.equals("#ffffff");
            sb.append("<g class=\"device").append(isNew ? " new" : "").append("\">");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"5\" fill=\"%s\" "
                            + "stroke=\"%s\" stroke-width=\"%s\"%s/>",
                    r.x(), r.y(), r.w(), r.h(), fill, isNew ? "#ff8c00" : "#4d5b6b", isNew ? "4" : "1.2",
                    c.up() ? "" : " stroke-dasharray=\"4 3\""));
            double y = r.y() + 13;
            for (int i = 0; i < c.lines().size(); i++) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%s\" text-anchor=\"middle\" fill=\"%s\"%s>%s</text>",
                        r.cx(), y, i == 0 ? "10.5" : "8.5", dark ? "#ffffff" : "#1f2d3d", i == 0 ? " font-weight=\"bold\"" : "",
                        esc(c.lines().get(i))));
                y += i == 0 ? 12 : 10;
            }
            sb.append("</g>\n");
        }

        private static void link(StringBuilder sb, Diagram.Link l, boolean isNew) {
            StringBuilder pts = new StringBuilder();
            for (Point p : l.points()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", p.x(), p.y()));
            }
            String colour = switch (l.kind()) {
                case VXLAN -> "#e8700f";
                case GRE -> "#b8329c";
                case HALF_TUNNEL -> "#c58a5a";
                case BGP -> "#2f6fc0";
                case UNDERLAY -> "#2f5d8a";
                case NAT -> "#23807f";
                default -> "#66768a";
            };
            double width = l.isTunnel() ? 7 : l.kind() == Diagram.LinkKind.UNDERLAY ? 4 : 2;
            String dash = l.kind() == Diagram.LinkKind.BGP || l.kind() == Diagram.LinkKind.HALF_TUNNEL ? " stroke-dasharray=\"3 5\"" : "";
            sb.append("<g class=\"link").append(isNew ? " new" : "").append("\">");
            if (isNew) {
                sb.append("<polyline points=\"").append(pts.toString().strip()).append("\" fill=\"none\" stroke=\"#ff8c00\" stroke-width=\"")
                        .append(width + 6).append("\" stroke-opacity=\"0.55\" stroke-linecap=\"round\"/>");
            }
            sb.append("<polyline points=\"").append(pts.toString().strip()).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"").append(width).append("\" stroke-linecap=\"round\"").append(dash).append("/>");
            if (l.label() != null && l.labelAt() != null) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9.5\" text-anchor=\"middle\" fill=\"#1f2d3d\" "
                        + "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">%s</text>", l.labelAt().x(), l.labelAt().y() + 3, esc(l.label())));
            }
            sb.append("</g>\n");
        }
    }
}
