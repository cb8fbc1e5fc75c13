/*
 * The inspector: what the selected host or device holds, as tables (addresses, routes, neighbours,
 * FDB, bridge and OVS ports, containers, networks, daemons), rows new since the last step marked
 * and rows gone struck through; and the etcd key tree with the selected value as formatted JSON.
 */
package org.overlaylab.app.ui.view;

import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.VBox;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.vm.InspectorViewModel;
import org.overlaylab.app.ui.vm.InspectorViewModel.EtcdNode;
import org.overlaylab.app.ui.vm.InspectorViewModel.Row;
import org.overlaylab.app.ui.vm.InspectorViewModel.Table;

public final class InspectorPane extends ScrollPane {
    private static final double ROW_H = 24;

    private final InspectorViewModel vm;
    private final VBox content = new VBox(6);
    private final VBox tablesBox = new VBox(6);
    // built when a lab first has etcd keys: most labs start without, and a hidden tree still costs
    // the window's first frame its styling
    private TreeTableView<EtcdNode> etcdTree;
    private TextArea etcdValue;
    private TitledPane etcdPane;
    private double fontScale = 1;

    public InspectorPane(InspectorViewModel vm) {
        this.vm = vm;
        getStyleClass().add("inspector");
        setFitToWidth(true);
        content.setPadding(new Insets(8));
        Label subject = new Label();
        subject.getStyleClass().add("inspector-subject");
        subject.setWrapText(true);
        subject.setMaxWidth(Double.MAX_VALUE);
        subject.setMinHeight(Label.USE_PREF_SIZE);
        FxBind.run(vm.subject(), s -> subject.setText(s == null || s.isEmpty() ? "Inspector" : s));
        Label hint = new Label("Click a host or device on the canvas. Rows new since the last step are marked ★.");
        hint.getStyleClass().add("inspector-hint");
        hint.setWrapText(true);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setMinHeight(Label.USE_PREF_SIZE);

        content.getChildren().addAll(subject, hint, tablesBox);
        FxBind.run(vm.etcdTree(), this::showEtcd);
        setContent(content);
        vm.tables().subscribe(new ListValue.Listener<>() {
            @Override
            public void appended(List<Table> all, int from) {
                showTables(all);
            }

            @Override
            public void replaced(List<Table> all) {
                showTables(all);
            }
        });
        showTables(vm.tables().items());
    }

    public void setFontScale(double scale) {
        fontScale = scale;
        showTables(vm.tables().items());
    }

    private static String mark(InspectorViewModel.RowState s) {
        return switch (s) {
            case NEW -> "★ ";
            case CHANGED -> "✎ ";
            case REMOVED -> "✕ ";
            default -> "";
        };
    }

    private static void stateClass(InspectorViewModel.RowState s, List<String> classes) {
        switch (s) {
            case NEW -> classes.add("row-new");
            case REMOVED -> classes.add("row-removed");
            case CHANGED -> classes.add("row-changed");
            default -> {
            }
        }
    }

    private void showTables(List<Table> tables) {
        tablesBox.getChildren().clear();
        for (Table t : tables) {
            if (t.rows().isEmpty()) {
                continue;
            }
            TableView<Row> view = new TableView<>();
            view.getStyleClass().add("inspector-table");
            view.setId("inspector-" + t.title().toLowerCase().replaceAll("[^a-z]+", "-"));
            view.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
            double charW = 7.3 * fontScale;
            for (int c = 0; c < t.columns().size(); c++) {
                int col = c;
                TableColumn<Row, String> tc = new TableColumn<>(t.columns().get(c));
                int chars = t.columns().get(c).length() + 1;
                for (Row r : t.rows()) {
                    chars = Math.max(chars, r.cells().get(c).length() + (c == 0 && r.state() != InspectorViewModel.RowState.SAME ? 2 : 0)
                            + (c == 0 && r.caused() ? 2 : 0));
                }
                tc.setPrefWidth(Math.min(340 * fontScale, Math.max(44, chars * charW + 18)));
                tc.setCellValueFactory(x -> new ReadOnlyStringWrapper((col == 0 ? (x.getValue().caused() ? "➜ " : "")
                        + mark(x.getValue().state()) : "") + x.getValue().cells().get(col)));
                tc.setSortable(false);
                view.getColumns().add(tc);
            }
            view.getItems().setAll(t.rows());
            view.setRowFactory(x -> new TableRow<>() {
                @Override
                protected void updateItem(Row r, boolean empty) {
                    super.updateItem(r, empty);
                    getStyleClass().removeAll("row-new", "row-removed", "row-changed", "row-caused");
                    if (!empty && r != null) {
                        stateClass(r.state(), getStyleClass());
                        if (r.caused()) {
                            // the row the selected frame made: outlined, not only coloured
                            getStyleClass().add("row-caused");
                        }
                    }
                }
            });
            double rowH = Math.ceil(ROW_H * fontScale);
            view.setFixedCellSize(rowH);
            double h = rowH * (Math.min(t.rows().size(), 14) + 1) + 32;
            view.setPrefHeight(h);
            view.setMinHeight(h);
            long fresh = t.newRows();
            TitledPane pane = new TitledPane(t.title() + " (" + t.rows().size() + ")" + (fresh > 0 ? "  ★ " + fresh + " new" : ""),
                    view);
            pane.getStyleClass().add("inspector-section");
            if (fresh > 0) {
                pane.getStyleClass().add("has-new");
            }
            t.rows().stream().filter(Row::caused).findFirst().ifPresent(r -> {
                view.setId("caused-routes");
                view.scrollTo(r);
            });
            tablesBox.getChildren().add(pane);
        }
    }

    /** The etcd key tree and the selected key's value, below the tables. */
    private void buildEtcdPane() {
        etcdTree = new TreeTableView<>();
        etcdValue = new TextArea();
        etcdTree.setId("etcd-tree");
        etcdTree.setShowRoot(false);
        etcdTree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TreeTableColumn<EtcdNode, String> key = new TreeTableColumn<>("key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(mark(c.getValue().getValue().state())
                + c.getValue().getValue().name()));
        key.setPrefWidth(190);
        TreeTableColumn<EtcdNode, String> value = new TreeTableColumn<>("value");
        value.setCellValueFactory(c -> {
            String v = c.getValue().getValue().value();
            return new ReadOnlyStringWrapper(v == null ? "" : v.replaceAll("\\s*\n\\s*", " "));
        });
        etcdTree.getColumns().setAll(List.of(key, value));
        etcdTree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(EtcdNode n, boolean empty) {
                super.updateItem(n, empty);
                getStyleClass().removeAll("row-new", "row-removed", "row-changed");
                if (!empty && n != null) {
                    stateClass(n.state(), getStyleClass());
                }
            }
        });
        etcdTree.setPrefHeight(260);
        etcdValue.setId("etcd-value");
        etcdValue.setEditable(false);
        etcdValue.getStyleClass().add("etcd-value");
        etcdValue.setPrefRowCount(8);
        etcdValue.setPromptText("Select a key to see its value");
        etcdTree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            EtcdNode n = b == null ? null : b.getValue();
            etcdValue.setText(n == null ? "" : n.key() + (n.value() == null ? "  (directory)" : "\n\n" + n.value()));
        });
        etcdPane = new TitledPane("etcd keys", new VBox(4, etcdTree, etcdValue));
        etcdPane.setId("inspector-etcd");
        content.getChildren().add(etcdPane);
    }

    private void showEtcd(EtcdNode root) {
        if (etcdPane == null) {
            if (root == null) {
                return;
            }
            buildEtcdPane();
        }
        etcdPane.setVisible(root != null);
        etcdPane.setManaged(root != null);
        if (root == null) {
            etcdTree.setRoot(null);
            return;
        }
        etcdTree.setRoot(item(root));
    }

    private static TreeItem<EtcdNode> item(EtcdNode n) {
        TreeItem<EtcdNode> i = new TreeItem<>(n);
        i.setExpanded(true);
        for (EtcdNode c : n.children()) {
            i.getChildren().add(item(c));
        }
        return i;
    }
}
