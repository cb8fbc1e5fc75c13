/*
 * Per-host consoles: a tab for each host, each a list of lines as a terminal would show them, with
 * prompts, output, the backend's notes, errors and check marks styled apart. Follows the newest
 * line and brings the host of the running command to the front.
 */
package org.overlaylab.app.ui.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.vm.ConsoleViewModel;

public final class ConsolePane extends TabPane {
    private final ConsoleViewModel vm;
    private final Map<String, Tab> tabs = new HashMap<>();

    public ConsolePane(ConsoleViewModel vm) {
        this.vm = vm;
        getStyleClass().add("console-pane");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        vm.hosts().subscribe(new ListValue.Listener<>() {
            @Override
            public void appended(List<String> all, int from) {
                rebuild(all);
            }

            @Override
            public void replaced(List<String> all) {
                rebuild(all);
            }
        });
        rebuild(vm.hosts().items());
        FxBind.run(vm.activeHost(), h -> {
            Tab t = h == null ? null : tabs.get(h);
            if (t != null) {
                getSelectionModel().select(t);
            }
        });
    }

    private void rebuild(List<String> hosts) {
        getTabs().clear();
        tabs.clear();
        for (String h : hosts) {
            ListView<ConsoleViewModel.Line> lines = new ListView<>();
            lines.setId("console-" + h);
            lines.getStyleClass().add("console");
            lines.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
            lines.setCellFactory(l -> new LineCell());
            FxBind.list(vm.lines(h), lines.getItems());
            lines.getItems().addListener((javafx.collections.ListChangeListener<ConsoleViewModel.Line>) c ->
                    Platform.runLater(() -> lines.scrollTo(lines.getItems().size() - 1)));
            MenuItem copy = new MenuItem("Copy selected lines");
            copy.setOnAction(e -> {
                StringBuilder sb = new StringBuilder();
                lines.getSelectionModel().getSelectedItems().forEach(l -> sb.append(l.text()).append('\n'));
                ClipboardContent cc = new ClipboardContent();
                cc.putString(sb.toString());
                Clipboard.getSystemClipboard().setContent(cc);
            });
            lines.setContextMenu(new ContextMenu(copy));
            Tab t = new Tab(h + "$", lines);
            t.setId("console-tab-" + h);
            tabs.put(h, t);
            getTabs().add(t);
        }
    }

    /** The list of lines shown for a host (for tests). */
    @SuppressWarnings("unchecked")
    public ListView<ConsoleViewModel.Line> linesOf(String host) {
        Tab t = tabs.get(host);
        return t == null ? null : (ListView<ConsoleViewModel.Line>) t.getContent();
    }

    private static final class LineCell extends ListCell<ConsoleViewModel.Line> {
        @Override
        protected void updateItem(ConsoleViewModel.Line line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeIf(c -> c.startsWith("line-"));
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line.text());
            getStyleClass().add("line-" + line.kind().name().toLowerCase());
        }
    }
}
