/*
 * The comparison of labs as a table: one row per measure, one column per lab. The desktop view
 * shows these rows, and `overlay-lab compare` writes them as Markdown or CSV. A lab that could not
 * be measured keeps its column: its first row says why, its other cells stay empty.
 */
package org.overlaylab.app.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

public final class ComparisonTable {
    /** One measure and its value for each lab, in the labs' order. */
    public record Row(String measure, List<String> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /** Between the items of a cell that holds several (protocols, routes, FDB entries). */
    public static final String ITEM_SEPARATOR = "; ";

    private ComparisonTable() {}

    public static List<Row> rows(List<LabComparison> labs) {
        return table(labs.stream().map(LabOutcome::measured).toList());
    }

    /** The rows for labs some of which may not have been measured. */
    public static List<Row> table(List<LabOutcome> labs) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("run on", labs.stream()
                .map(o -> o.compared() ? o.comparison().backend() + ": " + o.comparison().capturedAt() : o.reason())
                .toList()));
        rows.add(row(labs, "ping step", c -> c.stepNumber() + ": " + c.stepTitle()));
        rows.add(row(labs, "from > to", c -> c.sender() + " > " + c.receiver()));
        rows.add(row(labs, "source address the receiver sees", c -> c.sourceAtReceiver().equals(c.senderAddress())
                ? c.sourceAtReceiver() + " (the sender's own)"
                : c.sourceAtReceiver() + " (rewritten on the way: the sender's is " + c.senderAddress() + ")"));
        rows.add(row(labs, "underlay headers (bytes)", LabComparison::headerStack));
        rows.add(row(labs, "frame on the underlay (bytes)", c -> String.valueOf(c.underlayFrameBytes())));
        rows.add(row(labs, "frame the container sent (bytes)", c -> String.valueOf(c.containerFrameBytes())));
        rows.add(row(labs, "overhead (bytes)", c -> String.valueOf(c.overheadBytes())));
        rows.add(row(labs, "max ICMP payload, underlay MTU " + PingComparer.UNDERLAY_MTU,
                c -> String.valueOf(c.maxPayloadOnUnderlay())));
        rows.add(row(labs, "smallest MTU on the container's side", c -> c.innerMtu() + " (" + c.innerDevice() + ")"));
        rows.add(row(labs, "max ICMP payload, that MTU", c -> String.valueOf(c.maxPayloadInside())));
        rows.add(row(labs, "TTL at the receiver", c -> String.valueOf(c.receivedTtl())));
        rows.add(row(labs, "control plane before the ping (packets, bytes)",
                c -> c.controlPackets() + ", " + c.controlBytes()));
        rows.add(row(labs, "control plane by protocol", c -> c.controlTraffic().stream()
                .map(t -> t.protocol() + " " + t.packets() + " (" + t.bytes() + " B)").collect(Collectors.joining(ITEM_SEPARATOR))));
        rows.add(row(labs, "forwarding state on the sender", c -> String.join(ITEM_SEPARATOR, c.forwardingState())));
        return rows;
    }

    private static Row row(List<LabOutcome> labs, String measure, Function<LabComparison, String> value) {
        return new Row(measure, labs.stream().map(o -> o.compared() ? value.apply(o.comparison()) : "").toList());
    }

    /** A GitHub-flavoured Markdown table. */
    public static String markdown(List<LabOutcome> labs) {
        StringBuilder sb = new StringBuilder("| measure |");
        labs.forEach(c -> sb.append(' ').append(markdownCell(c.labId())).append(" |"));
        sb.append("\n| --- |");
        labs.forEach(c -> sb.append(" --- |"));
        sb.append('\n');
        for (Row r : table(labs)) {
            sb.append("| ").append(markdownCell(r.measure())).append(" |");
            r.values().forEach(v -> sb.append(' ').append(markdownCell(v)).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 CSV: a header line, then one line per measure. */
    public static String csv(List<LabOutcome> labs) {
        StringBuilder sb = new StringBuilder("measure");
        labs.forEach(c -> sb.append(',').append(csvCell(c.labId())));
        sb.append("\r\n");
        for (Row r : table(labs)) {
            sb.append(csvCell(r.measure()));
            r.values().forEach(v -> sb.append(',').append(csvCell(v)));
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String markdownCell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
    }

    private static String csvCell(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
