/*
 * The two table layouts calicoctl v1.6 prints, shared by the simulator's calicoctl and the netns
 * backend's: `get` writes each cell followed by a tab through Go's text/tabwriter (minimum width 5,
 * padding 3, spaces) and leaves a blank line after the table; `node status` draws a bordered table.
 */
package org.overlaylab.model.tools;

import java.util.List;

public final class CalicoctlTables {
    private CalicoctlTables() {}

    private static final int MIN_WIDTH = 5;
    private static final int PADDING = 3;

    /**
     * A `calicoctl get` table: the header row then one row per resource. Every cell, the last one
     * too, ends in a tab, so tabwriter pads every column to its widest cell plus three spaces.
     */
    public static String resourceTable(List<String[]> rows) {
        int columns = rows.isEmpty() ? 0 : rows.get(0).length;
        int[] width = new int[columns];
        for (int i = 0; i < columns; i++) {
            width[i] = MIN_WIDTH;
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length() + PADDING);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]).append(" ".repeat(width[i] - r[i].length()));
            }
            sb.append('\n');
        }
        return sb.append('\n').toString();
    }

    /** The bordered table of `calicoctl node status` (olekukonko/tablewriter): centred headers, left-aligned cells. */
    public static String borderedTable(List<String> header, List<String[]> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder line = new StringBuilder("+");
        for (int x : w) {
            line.append("-".repeat(x + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder(line).append('\n').append('|');
        for (int i = 0; i < w.length; i++) {
            String h = header.get(i);
            int pad = w[i] - h.length();
            sb.append(' ').append(" ".repeat(pad / 2)).append(h).append(" ".repeat(pad - pad / 2)).append(" |");
        }
        sb.append('\n').append(line).append('\n');
        for (String[] r : rows) {
            sb.append('|');
            for (int i = 0; i < w.length; i++) {
                sb.append(' ').append(r[i]).append(" ".repeat(w[i] - r[i].length())).append(" |");
            }
            sb.append('\n');
        }
        return sb.append(line).append('\n').toString();
    }
}
