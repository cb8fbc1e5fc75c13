/*
 * The measure behind ThirdPartyCapturesTest: every frame of a capture printed by the project's
 * formatter, set against what tcpdump printed for the same frame (its output cut into frames at
 * the timestamp that starts each one), line by line. Lines are counted for all frames and for the
 * frames PrintedScope says the printer models, overall and per label.
 */
package org.overlaylab.packets.thirdparty;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.PcapFormatException;
import org.overlaylab.packets.format.TcpdumpFormatter;

final class ThirdPartyMeasure {
    /** Where tcpdump starts the text of a frame: its timestamp, or the two bracketed notes that replace it. */
    static final Pattern FRAME_START = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{6,10} |\\[Error converting time\\] |\\[Invalid header)");
    /** SLL2 frames name interface 1 "lo" and others "?", as tcpdump does in a namespace of its own. */
    static final IntFunction<String> FRESH_NAMESPACE = index -> index == 1 ? "lo" : null;

    /** Lines of tcpdump's output and how many of them the printer reproduced. */
    static final class Count {
        long lines;
        long matched;

        void add(long l, long m) {
            lines += l;
            matched += m;
        }

        double percent() {
            return lines == 0 ? 100.0 : 100.0 * matched / lines;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%d/%d = %.2f%%", matched, lines, percent());
        }
    }

    /** One capture's outcome. */
    static final class FileResult {
        final String name;
        final Count all = new Count();
        final Count inScope = new Count();
        boolean pcapng;
        /** Null when the whole file was read; otherwise the reader's message. */
        String readError;
        final List<String> differences = new ArrayList<>();
        final Set<String> labels = new java.util.TreeSet<>();

        FileResult(String name) {
            this.name = name;
        }
    }

    final Count all = new Count();
    final Count inScope = new Count();
    final Map<String, Count> byLabel = new TreeMap<>();
    final List<FileResult> files = new ArrayList<>();

    /** Measures one capture against tcpdump's text for it. */
    FileResult add(String name, InputStream capture, String tcpdumpOutput) throws IOException {
        FileResult r = new FileResult(name);
        List<List<String>> expected = frames(tcpdumpOutput);
        TcpdumpFormatter formatter = new TcpdumpFormatter(ZoneOffset.UTC, false).interfaceNames(FRESH_NAMESPACE);
        int index = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            r.pcapng = reader.format() == CaptureReader.Format.PCAPNG;
            try {
                while (reader.advance() && index < expected.size()) {
                    int linkType = reader.recordLinkType();
                    String ours = "";
                    if (TcpdumpFormatter.supportsLinkType(linkType)) {
                        StringBuilder sb = new StringBuilder();
                        formatter.formatLink(linkType, reader.seconds(), reader.micros(), reader.buffer(),
                                reader.dataOffset(), reader.capturedLength(), reader.originalLength(), sb);
                        ours = sb.toString();
                    }
                    Set<String> labels = PrintedScope.of(linkType, reader.data(), reader.capturedLength());
                    compare(r, expected.get(index), List.of(ours.split("\n", -1)), labels);
                    index++;
                }
            } catch (PcapFormatException e) {
                r.readError = e.getMessage();
            }
        } catch (PcapFormatException e) {
            r.readError = e.getMessage();
        }
        // frames tcpdump printed that were never read here count as lines not reproduced
        for (; index < expected.size(); index++) {
            compare(r, expected.get(index), List.of(), null);
        }
        all.add(r.all.lines, r.all.matched);
        inScope.add(r.inScope.lines, r.inScope.matched);
        files.add(r);
        return r;
    }

    private void compare(FileResult r, List<String> expected, List<String> ours, Set<String> labels) {
        int matched = 0;
        for (int i = 0; i < expected.size(); i++) {
            if (i < ours.size() && expected.get(i).equals(ours.get(i))) {
                matched++;
            } else if (r.differences.size() < 5) {
                r.differences.add("tcpdump: " + expected.get(i) + "\n      ours:    "
                        + (i < ours.size() ? ours.get(i) : "<nothing>"));
            }
        }
        r.all.add(expected.size(), matched);
        if (labels != null) {
            r.labels.addAll(labels);
            r.inScope.add(expected.size(), matched);
            for (String label : labels) {
                byLabel.computeIfAbsent(label, k -> new Count()).add(expected.size(), matched);
            }
        }
    }

    /** tcpdump's output cut into the lines of each frame. */
    static List<List<String>> frames(String output) {
        List<List<String>> frames = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty() && frames.isEmpty()) {
                continue;
            }
            if (FRAME_START.matcher(line).find() || frames.isEmpty()) {
                frames.add(new ArrayList<>());
            }
            frames.get(frames.size() - 1).add(line);
        }
        return frames;
    }

    /** The report: overall figures, per label, pcapng files, then each file with its first differences. */
    String report() {
        StringBuilder sb = new StringBuilder();
        long pcapng = files.stream().filter(f -> f.pcapng).count();
        long pcapngRead = files.stream().filter(f -> f.pcapng && f.readError == null).count();
        sb.append("tcpdump lines reproduced exactly, frames the printer models: ").append(inScope).append('\n');
        sb.append("tcpdump lines reproduced exactly, all frames:              ").append(all).append('\n');
        sb.append("pcapng files read whole: ").append(pcapngRead).append(" of ").append(pcapng).append('\n');
        sb.append("per label (frames the printer models):\n");
        byLabel.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        sb.append("per file (modelled frames; all frames):\n");
        for (FileResult f : files) {
            sb.append("  ").append(f.name).append(": ").append(f.inScope).append("; ").append(f.all);
            if (f.readError != null) {
                sb.append(" [read error: ").append(f.readError).append(']');
            }
            sb.append(' ').append(f.labels).append('\n');
            if (f.inScope.matched < f.inScope.lines || f.all.matched < f.all.lines) {
                for (String d : f.differences) {
                    sb.append("      ").append(d).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
