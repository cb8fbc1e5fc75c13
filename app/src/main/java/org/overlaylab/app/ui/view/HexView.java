/*
 * The hex dump of the selected frame, one line per 16 bytes as tcpdump -X prints them, with the
 * bytes of the selected field (and their ASCII column) highlighted. Lines are Text nodes and the
 * highlight is rectangles behind them, so a 1500-byte frame is a hundred nodes, not thousands.
 */
package org.overlaylab.app.ui.view;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.packets.HexDump;

public final class HexView extends Region {
    private final Group highlights = new Group();
    private final Group lines = new Group();
    private Font font = Font.font(FxTextMetrics.MONO, 12);
    private double charW;
    private double lineH;
    private List<String> text = List.of();
    private PacketListViewModel.ByteRange range;
    private int byteCount;

    public HexView() {
        getStyleClass().add("hex-view");
        getChildren().addAll(highlights, lines);
        measure();
    }

    public void setFontSize(double size) {
        font = Font.font(FxTextMetrics.MONO, size);
        measure();
        show(text, byteCount);
    }

    private void measure() {
        Text probe = new Text("0123456789");
        probe.setFont(font);
        charW = probe.getLayoutBounds().getWidth() / 10;
        lineH = Math.ceil(probe.getLayoutBounds().getHeight());
    }

    /** Shows the dump lines of a frame of `bytes` bytes. */
    public void show(List<String> dump, int bytes) {
        text = dump;
        byteCount = bytes;
        lines.getChildren().clear();
        double y = 4;
        for (String l : dump) {
            Text t = new Text(4, y, l);
            t.setFont(font);
            t.setTextOrigin(VPos.TOP);
            t.getStyleClass().add("hex-line");
            lines.getChildren().add(t);
            y += lineH;
        }
        highlight(range);
        requestLayout();
    }

    /** Highlights bytes [offset, offset + length) in the hex and ASCII columns; null clears. */
    public void highlight(PacketListViewModel.ByteRange r) {
        range = r;
        highlights.getChildren().clear();
        if (r == null || r.length() <= 0) {
            return;
        }
        int from = Math.max(0, r.offset());
        int to = Math.min(byteCount, r.offset() + r.length());
        for (int line = HexDump.lineOf(from); from < to; line++) {
            int lineEnd = Math.min(to, (line + 1) * HexDump.BYTES_PER_LINE);
            double y = 4 + line * lineH;
            double hx0 = 4 + HexDump.hexColumn(from) * charW - charW * 0.2;
            double hx1 = 4 + (HexDump.hexColumn(lineEnd - 1) + 2) * charW + charW * 0.2;
            highlights.getChildren().add(rect(hx0, y, hx1 - hx0));
            double ax0 = 4 + HexDump.asciiColumn(from) * charW;
            double ax1 = 4 + (HexDump.asciiColumn(lineEnd - 1) + 1) * charW;
            highlights.getChildren().add(rect(ax0, y, ax1 - ax0));
            from = lineEnd;
        }
    }

    private Rectangle rect(double x, double y, double w) {
        Rectangle r = new Rectangle(x, y, w, lineH);
        r.setArcWidth(4);
        r.setArcHeight(4);
        r.getStyleClass().add("hex-highlight");
        return r;
    }

    /** The highlighted range, or null (for tests). */
    public PacketListViewModel.ByteRange highlighted() {
        return range;
    }

    /** The highlight rectangles (for tests). */
    public List<Rectangle> highlightRects() {
        List<Rectangle> out = new ArrayList<>();
        highlights.getChildren().forEach(n -> out.add((Rectangle) n));
        return out;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 8 + 76 * charW;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 8 + Math.max(1, text.size()) * lineH;
    }
}
