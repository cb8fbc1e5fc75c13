/*
 * The terminals: a tab per host (`node1$`) and per container shell opened (`node1/test1#`), each
 * the lines a terminal would show (prompts, output, the backend's notes, errors and check marks
 * styled apart) above a prompt and a command line. Enter runs the line, Up/Down walk the history,
 * Ctrl-R searches it backwards, Tab completes, Ctrl-C stops the running command. The `+` button
 * opens a shell in a container. Follows the newest line and brings the terminal in use to the front.
 */
package org.overlaylab.app.ui.view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.overlaylab.app.ui.base.ListValue;
import org.overlaylab.app.ui.vm.ConsoleViewModel;
import org.overlaylab.app.ui.vm.TerminalViewModel;
import org.overlaylab.model.topology.Container;
import org.overlaylab.model.topology.Host;
import org.overlaylab.model.topology.Topology;

public final class ConsolePane extends StackPane {
    private final ConsoleViewModel vm;
    private final TabPane tabPane = new TabPane();
    private final Map<String, Tab> tabs = new HashMap<>();
    private final Map<String, TerminalView> views = new HashMap<>();

    public ConsolePane(ConsoleViewModel vm, Supplier<Topology> topology) {
        this.vm = vm;
        getStyleClass().add("console-pane");
        tabPane.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabPane.setId("console-tabs");
        vm.hosts().subscribe(new ListValue.Listener<>() {
            @Override
            public void appended(List<String> all, int from) {
                all.subList(from, all.size()).forEach(ConsolePane.this::addTab);
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
                tabPane.getSelectionModel().select(t);
            }
        });
        tabPane.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && a != null && tabPane.isFocusWithin()) {
                Platform.runLater(() -> views.get(b.getId().substring("console-tab-".length())).input.requestFocus());
            }
        });

        MenuButton open = new MenuButton("+");
        open.setId("open-container-shell");
        open.getStyleClass().add("open-shell");
        Tips.set(open, "Open a shell in a container (docker exec -it NAME sh)");
        Runnable fill = () -> {
            open.getItems().clear();
            for (Host h : topology.get().hosts()) {
                for (Container c : h.containers()) {
                    MenuItem item = new MenuItem(h.name() + ": " + c.name() + (c.running() ? "" : " (stopped)"));
                    item.setId("open-shell-" + h.name() + "-" + c.name());
                    item.setDisable(!c.running());
                    item.setOnAction(a -> openContainer(h.name(), c.name()));
                    open.getItems().add(item);
                }
            }
            if (open.getItems().isEmpty()) {
                MenuItem none = new MenuItem("No containers yet");
                none.setDisable(true);
                open.getItems().add(none);
            }
        };
        fill.run();
        // filled again as it opens, so it lists the containers running now (an empty menu would not open)
        open.setOnShowing(e -> fill.run());
        StackPane.setAlignment(open, Pos.TOP_RIGHT);
        getChildren().addAll(tabPane, open);
    }

    /** Opens a container's shell (or brings it to the front) and puts the caret in it. */
    public void openContainer(String host, String container) {
        TerminalViewModel t = vm.openContainer(host, container);
        TerminalView view = views.get(t.key());
        if (view != null) {
            focusWhenShown(view.input);
        }
    }

    /** Puts the caret in a command line once its tab's content is in the window (a new tab's is not yet). */
    private static void focusWhenShown(TextField input) {
        if (input.getScene() != null) {
            Platform.runLater(input::requestFocus);
            return;
        }
        input.sceneProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                javafx.scene.Scene a, javafx.scene.Scene b) {
                if (b != null) {
                    input.sceneProperty().removeListener(this);
                    Platform.runLater(input::requestFocus);
                }
            }
        });
    }

    private void rebuild(List<String> keys) {
        tabPane.getTabs().clear();
        tabs.clear();
        views.clear();
        keys.forEach(this::addTab);
    }

    private void addTab(String key) {
        if (tabs.containsKey(key)) {
            return;
        }
        TerminalViewModel terminal = vm.terminal(key);
        if (terminal == null) {
            return;
        }
        TerminalView view = new TerminalView(terminal, vm.lines(key));
        Tab t = new Tab(terminal.prompt().trim(), view);
        t.setId("console-tab-" + key);
        tabs.put(key, t);
        views.put(key, view);
        tabPane.getTabs().add(t);
    }

    /** The list of lines shown for a terminal (`node1`, `node1/test1`), for tests. */
    public ListView<ConsoleViewModel.Line> linesOf(String key) {
        TerminalView v = views.get(key);
        return v == null ? null : v.lines;
    }

    /** The command line of a terminal, for tests. */
    public TextField inputOf(String key) {
        TerminalView v = views.get(key);
        return v == null ? null : v.input;
    }

    /** One terminal: its lines, then the prompt and the command line. */
    static final class TerminalView extends VBox {
        final ListView<ConsoleViewModel.Line> lines = new ListView<>();
        final TextField input = new TextField();
        private final Label prompt = new Label();
        private final TerminalViewModel terminal;
        /** Reverse search in progress: the query is in the field; the match is shown in the prompt. */
        private boolean searching;
        private int searchSkip;
        private String searchMatch;
        private String beforeSearch;

        TerminalView(TerminalViewModel terminal, ListValue<ConsoleViewModel.Line> source) {
            this.terminal = terminal;
            String key = terminal.key();
            getStyleClass().add("terminal");
            lines.setId("console-" + key);
            lines.getStyleClass().add("console");
            lines.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
            lines.setCellFactory(l -> new LineCell());
            FxBind.list(source, lines.getItems());
            boolean[] scrollPending = new boolean[1];
            lines.getItems().addListener((javafx.collections.ListChangeListener<ConsoleViewModel.Line>) c -> {
                if (!scrollPending[0]) {
                    scrollPending[0] = true;
                    Platform.runLater(() -> {
                        scrollPending[0] = false;
                        lines.scrollTo(lines.getItems().size() - 1);
                    });
                }
            });
            MenuItem copy = new MenuItem("Copy selected lines");
            copy.setOnAction(e -> {
                StringBuilder sb = new StringBuilder();
                lines.getSelectionModel().getSelectedItems().forEach(l -> sb.append(l.text()).append('\n'));
                ClipboardContent cc = new ClipboardContent();
                cc.putString(sb.toString());
                Clipboard.getSystemClipboard().setContent(cc);
            });
            lines.setContextMenu(new ContextMenu(copy));
            VBox.setVgrow(lines, Priority.ALWAYS);

            prompt.setText(terminal.prompt());
            prompt.getStyleClass().add("terminal-prompt");
            prompt.setMinWidth(Label.USE_PREF_SIZE);
            input.setId("terminal-input-" + key);
            input.getStyleClass().add("terminal-input");
            input.setPromptText("type a command; Tab completes, Up/Down history, Ctrl-R search, Ctrl-C stops");
            input.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
            input.textProperty().addListener((o, a, b) -> {
                if (searching) {
                    searchSkip = 0;
                    showSearch();
                }
            });
            HBox.setHgrow(input, Priority.ALWAYS);
            HBox row = new HBox(prompt, input);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("terminal-line");
            FxBind.run(terminal.running(), r -> {
                row.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("running"), r);
                if (!searching) {
                    prompt.setText(r ? "(running; Ctrl-C stops it) " : terminal.prompt());
                }
            });
            getChildren().addAll(lines, row);
        }

        private void key(KeyEvent e) {
            KeyCode k = e.getCode();
            boolean ctrl = e.isControlDown() || e.isShortcutDown();
            if (searching) {
                if (k == KeyCode.R && ctrl) {
                    searchSkip++;
                    showSearch();
                } else if (k == KeyCode.ENTER) {
                    String run = searchMatch;
                    endSearch(run);
                    if (run != null && terminal.submit(run)) {
                        input.clear();
                    }
                } else if (k == KeyCode.ESCAPE || (k == KeyCode.G && ctrl) || (k == KeyCode.C && ctrl)) {
                    endSearch(beforeSearch);
                } else if (k == KeyCode.LEFT || k == KeyCode.RIGHT || k == KeyCode.UP || k == KeyCode.DOWN
                        || k == KeyCode.TAB) {
                    endSearch(searchMatch == null ? beforeSearch : searchMatch);
                } else {
                    return;
                }
                e.consume();
                return;
            }
            if (k == KeyCode.ENTER) {
                if (terminal.submit(input.getText())) {
                    input.clear();
                }
            } else if (k == KeyCode.UP) {
                setLine(terminal.previous(input.getText()));
            } else if (k == KeyCode.DOWN) {
                setLine(terminal.next());
            } else if (k == KeyCode.TAB && !ctrl) {
                int caret = input.getCaretPosition();
                String before = input.getText().substring(0, caret);
                String after = input.getText().substring(caret);
                TerminalViewModel.Completion c = terminal.complete(before);
                input.setText(c.beforeCaret() + after);
                input.positionCaret(c.beforeCaret().length());
            } else if (k == KeyCode.C && ctrl && input.getSelectedText().isEmpty()) {
                if (!terminal.running().get() && !input.getText().isEmpty()) {
                    terminal.print(ConsoleViewModel.Kind.PROMPT, terminal.prompt() + input.getText() + "^C");
                    input.clear();
                } else {
                    terminal.interrupt();
                }
            } else if (k == KeyCode.R && ctrl && !e.isShiftDown()) {
                searching = true;
                searchSkip = 0;
                beforeSearch = input.getText();
                input.clear();
                showSearch();
            } else {
                return;
            }
            e.consume();
        }

        private void setLine(String text) {
            input.setText(text);
            input.end();
        }

        private void showSearch() {
            String q = input.getText();
            searchMatch = q.isEmpty() ? null : terminal.reverseSearch(q, searchSkip);
            if (searchMatch == null && searchSkip > 0) {
                searchSkip--;
                searchMatch = terminal.reverseSearch(q, searchSkip);
            }
            prompt.setText("(reverse-i-search)`" + q + "': " + (searchMatch == null ? "" : searchMatch) + "  ");
        }

        private void endSearch(String text) {
            searching = false;
            prompt.setText(terminal.running().get() ? "(running; Ctrl-C stops it) " : terminal.prompt());
            setLine(text == null ? "" : text);
        }
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
