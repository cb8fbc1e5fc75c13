/*
 * The packet list itself: a virtual list that lays out only the rows on screen and finds them by
 * arithmetic, so a million frames scroll as fast as ten (TableView's flow walks every row above
 * the one it shows). Fixed row height, four columns (number, time, capture point, tcpdump text),
 * a row colour per protocol, single selection by mouse or keys, and a follow mode that keeps the
 * newest frame in view.
 */
package org.overlaylab.app.ui.view;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import org.overlaylab.app.ui.packets.PacketListViewModel.Row;

public final class FrameListView extends Region {
    private static final String[] HEADERS = {"No.", "Time", "Capture point", "tcpdump -nn"};

    private final IntFunction<Row> rows;
    private final ScrollBar bar = new ScrollBar();
    private final HBox header = new HBox();
    private final javafx.scene.layout.Pane body = new javafx.scene.layout.Pane();
    private final List<RowNode> pool = new ArrayList<>();
    private final Label placeholder = new Label();
    private final IntegerProperty selected = new SimpleIntegerProperty(-1);
    private final double[] widths = {62, 86, 190, 900};
    private double rowHeight = 24;
    private int count;
    private int top;
    private boolean follow = true;
    private boolean adjusting;

    public FrameListView(IntFunction<Row> rows) {
        this.rows = rows;
        getStyleClass().add("frame-list");
        setFocusTraversable(true);
        header.getStyleClass().add("frame-list-header");
        for (int c = 0; c < HEADERS.length; c++) {
            Label h = new Label(HEADERS[c]);
            h.getStyleClass().add("frame-list-heading");
            h.setMinWidth(widths[c]);
            h.setPrefWidth(widths[c]);
            h.setMaxWidth(widths[c]);
            header.getChildren().add(h);
        }
        bar.setOrientation(Orientation.VERTICAL);
        bar.setMin(0);
        bar.valueProperty().addListener((o, a, b) -> {
            if (!adjusting) {
                follow = false;
                setTop((int) Math.round(b.doubleValue()));
            }
        });
        body.getStyleClass().add("frame-list-body");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(body.widthProperty());
        clip.heightProperty().bind(body.heightProperty());
        body.setClip(clip);
        placeholder.getStyleClass().add("frame-list-placeholder");
        getChildren().addAll(header, body, bar, placeholder);
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                follow = false;
                setTop(top - (int) Math.signum(e.getDeltaY()) * 3);
                e.consume();
            }
        });
        body.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            int pos = top + (int) (e.getY() / rowHeight);
            if (pos < count) {
                select(pos);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    public void setPlaceholder(String text) {
        placeholder.setText(text);
    }

    public void setRowHeight(double h) {
        rowHeight = h;
        requestLayout();
    }

    /** The list position of the selected row, -1 for none. */
    public IntegerProperty selectedPositionProperty() {
        return selected;
    }

    public int rowCount() {
        return count;
    }

    /** The first row on screen. */
    public int topRow() {
        return top;
    }

    public int visibleRows() {
        return Math.max(1, (int) Math.floor(body.getHeight() / rowHeight));
    }

    public boolean following() {
        return follow;
    }

    public void setFollow(boolean on) {
        follow = on;
        if (on) {
            setTop(count);
        }
    }

    /** The list grew or was replaced: `reset` drops the selection's position. */
    public void setRowCount(int n, boolean reset) {
        count = n;
        if (reset) {
            top = Math.min(top, Math.max(0, n - 1));
        }
        if (follow) {
            top = Math.max(0, n - visibleRows());
        }
        refresh();
    }

    /** Redraws the rows on screen (their content may have changed). */
    public void refresh() {
        adjusting = true;
        try {
            int max = Math.max(0, count - visibleRows());
            top = Math.max(0, Math.min(top, max));
            bar.setMax(max);
            bar.setVisibleAmount(Math.max(1, Math.min(max, visibleRows())));
            bar.setBlockIncrement(visibleRows());
            bar.setValue(top);
        } finally {
            adjusting = false;
        }
        placeholder.setVisible(count == 0);
        requestLayout();
        fill();
    }

    public void select(int position) {
        if (position < 0 || position >= count) {
            selected.set(-1);
        } else {
            selected.set(position);
            scrollIntoView(position);
        }
        fill();
    }

    /** Shows a row, a few rows down from the top when it has to scroll. */
    public void scrollTo(int position) {
        follow = false;
        setTop(position);
    }

    private void scrollIntoView(int position) {
        if (position < top) {
            follow = false;
            setTop(position);
        } else if (position >= top + visibleRows()) {
            follow = false;
            setTop(position - visibleRows() + 1);
        }
    }

    private void setTop(int t) {
        top = Math.max(0, Math.min(t, Math.max(0, count - visibleRows())));
        refresh();
    }

    private void key(KeyEvent e) {
        int sel = selected.get();
        int page = visibleRows();
        switch (e.getCode()) {
            case DOWN -> select(Math.min(count - 1, sel + 1));
            case UP -> select(Math.max(0, sel - 1));
            case PAGE_DOWN -> select(Math.min(count - 1, sel + page));
            case PAGE_UP -> select(Math.max(0, sel - page));
            case HOME -> select(0);
            case END -> select(count - 1);
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The row nodes on screen, for tests: the list position each shows. */
    public List<Region> rowNodes() {
        List<Region> out = new ArrayList<>();
        for (RowNode r : pool) {
            if (r.isVisible()) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double headerH = header.prefHeight(-1);
        double barW = bar.prefWidth(-1);
        header.resizeRelocate(0, 0, w - barW, headerH);
        body.resizeRelocate(0, headerH, w - barW, h - headerH);
        bar.resizeRelocate(w - barW, headerH, barW, h - headerH);
        placeholder.resizeRelocate(0, headerH, w - barW, Math.min(80, h - headerH));
        placeholder.setAlignment(Pos.CENTER);
        int need = (int) Math.ceil((h - headerH) / rowHeight) + 1;
        while (pool.size() < need) {
            RowNode r = new RowNode();
            r.setManaged(false);
            pool.add(r);
            body.getChildren().add(r);
        }
        double infoW = Math.max(200, w - barW - widths[0] - widths[1] - widths[2]);
        widths[3] = infoW;
        ((Label) header.getChildren().get(3)).setPrefWidth(infoW);
        ((Label) header.getChildren().get(3)).setMaxWidth(infoW);
        for (int i = 0; i < pool.size(); i++) {
            pool.get(i).resizeRelocate(0, i * rowHeight, w - barW, rowHeight);
            pool.get(i).layoutCells();
        }
        if (follow && count > 0) {
            int t = Math.max(0, count - visibleRows());
            if (t != top) {
                top = t;
                adjusting = true;
                bar.setMax(t);
                bar.setValue(t);
                adjusting = false;
            }
        }
        fill();
    }

    private void fill() {
        for (int i = 0; i < pool.size(); i++) {
            int pos = top + i;
            RowNode r = pool.get(i);
            if (pos < count && i * rowHeight < body.getHeight()) {
                r.show(pos, rows.apply(pos), pos == selected.get());
            } else {
                r.setVisible(false);
            }
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        return 800;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }

    /** One row on screen, reused for whichever frame scrolls into its place. */
    private final class RowNode extends Region {
        private final Label[] cells = new Label[4];
        private int position = -1;

        RowNode() {
            getStyleClass().add("frame-row");
            for (int c = 0; c < cells.length; c++) {
                cells[c] = new Label();
                cells[c].getStyleClass().add("frame-cell");
                getChildren().add(cells[c]);
            }
        }

        int position() {
            return position;
        }

        void show(int pos, Row row, boolean isSelected) {
            position = pos;
            getProperties().put("position", pos);
            setVisible(true);
            cells[0].setText(Integer.toString(row.number()));
            cells[1].setText(row.time());
            cells[2].setText(row.where());
            cells[3].setText(row.info().replace("\n", "  ▸ "));
            getStyleClass().setAll("frame-row", row.dropped() ? "proto-drop" : "proto-" + PacketPane.protocolClass(row.kind()));
            if (isSelected) {
                getStyleClass().add("selected");
            }
        }

        @Override
        protected void layoutChildren() {
            layoutCells();
        }

        void layoutCells() {
            double x = 0;
            for (int c = 0; c < cells.length; c++) {
                cells[c].resizeRelocate(x + 6, 0, widths[c] - 10, rowHeight);
                x += widths[c];
            }
        }
    }
}
