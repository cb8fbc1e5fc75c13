/*
 * The packet view: capture-point picker (like tcpdump -i), display filter (bad text is marked, and
 * the list keeps its last good filter), pause, clear, open and export pcap; the live frame list
 * (number, time, capture point, tcpdump's line) over a virtual list so a million frames scroll
 * smoothly; and for the selected frame its layer tree and hex dump, where picking a field
 * highlights its bytes. A selector above the list limits it to the control or the data plane, and a
 * frame that changed state (a BGP UPDATE) lists what it changed at the top of its layer tree.
 */
package org.overlaylab.app.ui.view;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.overlaylab.app.ui.packets.PacketListViewModel;
import org.overlaylab.app.ui.packets.Protocol;
import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.tree.Field;
import org.overlaylab.packets.tree.Layer;
import org.overlaylab.packets.tree.LayerTree;

public final class PacketPane extends BorderPane {
    private final PacketListViewModel vm;
    private final FrameListView table;
    // the layer tree and the hex dump are built when a frame is first picked: until then the pane
    // says how to fill them, and the window's first frame does not wait for them
    private TreeView<Object> tree;
    private HexView hex;
    private double hexFontSize = 12;
    private final Label detailHint = new Label("Select a frame in the list (or a packet on the canvas) to see its layers and bytes");
    private final TextField filter = new TextField();
    private final ToggleButton follow = new ToggleButton("Follow");
    private final SplitPane split;
    private SplitPane detailSplit;
    private boolean selecting;

    public PacketPane(PacketListViewModel vm, Runnable openPcap, Runnable exportPcap) {
        this.vm = vm;
        this.table = new FrameListView(vm::row);
        getStyleClass().add("packet-pane");

        ComboBox<org.overlaylab.app.ui.packets.CaptureChoice> point = new ComboBox<>();
        point.setId("capture-point");
        Tips.set(point, "Where to capture, like tcpdump -i: any device, one host, or one device");
        FxBind.list(vm.captureChoices(), point.getItems());
        point.getItems().addListener((javafx.collections.ListChangeListener<org.overlaylab.app.ui.packets.CaptureChoice>) c ->
                Platform.runLater(() -> point.setValue(vm.capturePoint().get())));
        FxBind.run(vm.capturePoint(), c -> {
            if (point.getValue() != c) {
                point.setValue(c);
            }
        });
        point.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.choosePoint(b);
            }
        });
        point.setPrefWidth(220);
        point.setMinWidth(140);

        filter.setId("display-filter");
        filter.setPromptText("filter: icmp, arp, vxlan, gre, host 10.0.0.3, port " + Encapsulations.VXLAN_PORT
                + ", vni 256, not arp …");
        filter.setOnAction(e -> vm.applyFilter(filter.getText()));
        filter.textProperty().addListener((o, a, b) -> {
            vm.checkFilter(b);
            if (b.isBlank()) {
                vm.applyFilter("");
            }
        });
        Tooltip filterTip = new Tooltip("Press Enter to apply");
        filter.setTooltip(filterTip);
        FxBind.run(vm.filterError(), err -> {
            filter.getStyleClass().remove("invalid");
            if (err != null) {
                filter.getStyleClass().add("invalid");
                filterTip.setText("Not a valid filter, " + err);
            } else {
                filterTip.setText("Press Enter to apply. Terms: icmp arp ip udp tcp vxlan gre, host A, src/dst host A, "
                        + "port N, vni N, and/or/not, ( )");
            }
        });
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label error = new Label();
        error.getStyleClass().add("filter-error");
        error.textProperty().bind(FxBind.property(vm.filterError()));

        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("pause-capture");
        Tips.set(pause, "Freeze the list; frames keep being recorded and appear on resume");
        pause.selectedProperty().addListener((o, a, b) -> vm.setPaused(b));
        follow.setSelected(true);
        Tips.set(follow, "Keep the newest frame in view");
        Button clear = new Button("Clear");
        clear.setId("clear-capture");
        clear.setOnAction(e -> vm.clear());
        Button open = new Button(null, Icons.icon(Icons.OPEN));
        open.setId("open-pcap");
        Tips.set(open, "Open a pcap or pcapng file in the list");
        open.setOnAction(e -> openPcap.run());
        Button export = new Button(null, Icons.icon(Icons.SAVE));
        export.setId("export-pcap");
        Tips.set(export, "Write the listed frames to one pcapng file: an interface per capture point,"
                + " each frame's lab step as its comment (Ctrl+E)");
        export.setOnAction(e -> exportPcap.run());
        Label count = new Label();
        count.getStyleClass().add("frame-count");
        FxBind.run(vm.rowCountValue(), n -> count.setText(n + (n == 1 ? " frame" : " frames")));
        FxBind.run(vm.filtering(), f -> count.setOpacity(f ? 0.5 : 1));
        for (javafx.scene.control.Control c : java.util.List.of(pause, follow, clear, open, export, count)) {
            c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        }
        filter.setMinWidth(120);
        HBox bar = new HBox(6, point, filter, pause, follow, clear, open, export, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 6, 4, 6));
        bar.getStyleClass().add("packet-bar");

        PlaneToggles planes = new PlaneToggles("plane-filter", "plane-", vm::choosePlane);
        FxBind.run(vm.plane(), planes::show);
        setTop(new javafx.scene.layout.VBox(bar, planes.row()));

        buildTable();
        detailHint.setId("packet-detail-hint");
        detailHint.getStyleClass().add("frame-list-placeholder");
        detailHint.setWrapText(true);
        detailHint.setPadding(new Insets(8));
        detailHint.setAlignment(Pos.TOP_LEFT);
        detailHint.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        split = new SplitPane(table, detailHint);
        split.setDividerPositions(0.6);
        setCenter(split);

        vm.subscribeRows(new PacketListViewModel.RowsListener() {
            @Override
            public void rowsAppended(int from, int to) {
                table.setRowCount(to, false);
            }

            @Override
            public void rowsReset(int size) {
                table.setRowCount(size, true);
                selectInTable(vm.selectedFrame().get());
            }
        });
        FxBind.run(vm.detail(), d -> {
            if (tree != null) {
                showDetail(d);
            } else if (d != null) {
                buildDetail(); // shows the detail as it is now
            }
        });
        FxBind.run(vm.highlight(), h -> {
            if (hex != null) {
                hex.highlight(h);
            }
        });
        FxBind.run(vm.selectedFrame(), this::selectInTable);
    }

    public FrameListView table() {
        return table;
    }

    public TreeView<Object> tree() {
        buildDetail();
        return tree;
    }

    public HexView hex() {
        buildDetail();
        return hex;
    }

    /** The hex dump's font size (larger in presenter mode). */
    public void setHexFontSize(double size) {
        hexFontSize = size;
        if (hex != null) {
            hex.setFontSize(size);
        }
    }

    public TextField filterField() {
        return filter;
    }

    public SplitPane split() {
        return split;
    }

    public SplitPane detailSplit() {
        buildDetail();
        return detailSplit;
    }

    // ------------------------------------------------------------------ the list

    private void buildTable() {
        table.setId("packet-list");
        table.setPlaceholder("No frames yet: run a step that sends traffic");
        table.selectedPositionProperty().addListener((o, a, b) -> {
            if (selecting) {
                return;
            }
            int i = b.intValue();
            if (i >= 0 && i < vm.rowCount()) {
                follow.setSelected(false);
                vm.select(vm.frameAt(i));
            }
        });
        follow.selectedProperty().addListener((o, a, b) -> table.setFollow(b));
        table.setRowCount(vm.rowCount(), true);
    }

    static String protocolClass(Protocol.Kind k) {
        if (k.tunnel() != Protocol.Tunnel.NONE) {
            return k.tunnel().name().toLowerCase();
        }
        return k.protocol().name().toLowerCase();
    }

    private void selectInTable(Integer frameIndex) {
        selecting = true;
        try {
            int pos = frameIndex == null || frameIndex < 0 ? -1 : vm.positionOf(frameIndex);
            if (pos >= 0) {
                follow.setSelected(false);
            }
            table.select(pos);
        } finally {
            selecting = false;
        }
    }

    // ------------------------------------------------------------------ layer tree and hex

    /** The layer tree over the hex dump, in place of the hint; once. */
    private void buildDetail() {
        if (tree != null) {
            return;
        }
        tree = new TreeView<>();
        hex = new HexView();
        hex.setFontSize(hexFontSize);
        buildTree();
        ScrollPane hexScroll = new ScrollPane(hex);
        hexScroll.getStyleClass().add("hex-scroll");
        detailSplit = new SplitPane(tree, hexScroll);
        detailSplit.setOrientation(Orientation.VERTICAL);
        detailSplit.setDividerPositions(0.5);
        double[] at = split.getDividerPositions();
        split.getItems().set(1, detailSplit);
        split.setDividerPositions(at);
        showDetail(vm.detail().get());
        hex.highlight(vm.highlight().get());
    }

    private void buildTree() {
        tree.setId("layer-tree");
        tree.setShowRoot(false);
        tree.getStyleClass().add("layer-tree");
        tree.setCellFactory(t -> new javafx.scene.control.TreeCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("layer-row", "field-row", "tunnel-layer", "malformed-layer");
                if (empty || item == null) {
                    setText(null);
                    return;
                }
                if (item instanceof Layer l) {
                    getStyleClass().add("layer-row");
                    if (l.isTunnel()) {
                        getStyleClass().add("tunnel-layer");
                    }
                    if (l.malformed()) {
                        getStyleClass().add("malformed-layer");
                    }
                    setText(l.name() + (l.summary().isEmpty() ? "" : ", " + l.summary())
                            + (l.annotation() == null ? "" : "   — " + l.annotation()));
                } else if (item instanceof Field f) {
                    getStyleClass().add("field-row");
                    setText(f.label());
                } else {
                    setText(item.toString());
                }
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            Object v = b == null ? null : b.getValue();
            if (v instanceof Field f) {
                vm.selectField(f);
            } else if (v instanceof Layer l) {
                vm.selectLayer(l);
            } else {
                vm.selectField(null);
            }
        });
    }

    private void showDetail(PacketListViewModel.Detail d) {
        TreeItem<Object> root = new TreeItem<>("frame");
        if (d == null) {
            root.getChildren().add(new TreeItem<>("Select a frame in the list (or a packet on the canvas) to see its layers"));
            tree.setRoot(root);
            hex.show(java.util.List.of(), 0);
            return;
        }
        LayerTree lt = d.tree();
        TreeItem<Object> header = new TreeItem<>("Frame " + d.frame().number() + ": " + d.frame().data().length
                + " bytes at " + d.where() + " (" + d.frame().direction().name().toLowerCase() + ")"
                + (d.frame().dropReason() == null ? "" : ", dropped: " + d.frame().dropReason()));
        root.getChildren().add(header);
        for (String effect : d.effectLines()) {
            root.getChildren().add(new TreeItem<>(effect));
        }
        for (Layer l : lt.layers()) {
            TreeItem<Object> li = new TreeItem<>(l);
            li.setExpanded(true);
            for (Field f : l.fields()) {
                li.getChildren().add(fieldItem(f));
            }
            root.getChildren().add(li);
        }
        tree.setRoot(root);
        hex.show(d.hexLines(), d.frame().data().length);
    }

    private static TreeItem<Object> fieldItem(Field f) {
        TreeItem<Object> i = new TreeItem<>(f);
        for (Field c : f.children()) {
            i.getChildren().add(fieldItem(c));
        }
        return i;
    }
}
