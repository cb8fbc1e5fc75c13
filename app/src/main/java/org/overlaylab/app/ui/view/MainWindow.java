/*
 * The main window: toolbar (lab and backend pickers, label detail, presenter mode, theme, PNG
 * export, help), the step panel on the left, the topology canvas with its animation in the middle,
 * the inspector on the right, and below them the per-host consoles beside the packet view and the
 * event list; a status line with progress and Cancel at the bottom. Keyboard shortcuts for the
 * classroom, theme and presenter switching, and the window's layout remembered between runs.
 */
package org.overlaylab.app.ui.view;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.overlaylab.app.ui.diagram.DetailLevel;
import org.overlaylab.app.ui.settings.Settings;
import org.overlaylab.app.ui.vm.MainViewModel;
import org.overlaylab.hosts.ssh.SshBackend;

public final class MainWindow {
    /** Font and stroke scale in presenter mode. */
    public static final double PRESENTER_SCALE = 1.45;
    private static final String CSS_DIR = "/org/overlaylab/app/ui/";

    /** Asks the user for a file; tests answer without a native dialog. */
    public interface FileAsker {
        Path ask(String title, String extension, boolean save, Path suggested);
    }

    /** Asks the student's name (for reports) once; tests answer without a dialog. Null: cancelled. */
    public interface NameAsker {
        String ask(String suggested);
    }

    private NameAsker names;

    public void setNameAsker(NameAsker asker) {
        names = asker;
    }

    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TopologyCanvas canvas;
    private final AnimationLayer animationLayer;
    private final StepPanel stepPanel;
    private final ConsolePane consoles;
    private final PacketPane packets;
    private EventListPane eventList;
    private final Tab eventTab;
    private final InspectorPane inspector;
    private final SplitPane columns;
    private final SplitPane rows;
    private final SplitPane bottom;
    private final TabPane bottomRight;
    private Scene scene;
    private Stage stage;
    private FileAsker files;
    private boolean dialogOpen;

    public MainWindow(MainViewModel vm) {
        this.vm = vm;
        SshPrompts sshPrompts = new SshPrompts(() -> scene == null ? null : scene.getWindow());
        vm.setBackendSetup(b -> {
            if (b instanceof SshBackend ssh) {
                ssh.setHostKeyPrompt(sshPrompts);
                ssh.setPassphrasePrompt(sshPrompts);
            }
        });
        TrustLabDialog trust = new TrustLabDialog(() -> scene == null ? null : scene.getWindow());
        vm.setTrustPrompt(r -> trust.ask(r.backend(), r.summary()));
        vm.setLabAddressPrompt(r -> trust.askLabAddresses(r.lab(), r.hostAddresses()));
        root.getStyleClass().add("main-window");
        canvas = new TopologyCanvas(vm.topology());
        canvas.setId("topology-canvas");
        animationLayer = new AnimationLayer(vm.animation(), canvas, vm::selectMarker);
        canvas.addOverlay(animationLayer);
        Legend legend = new Legend();
        AnimationBar bar = new AnimationBar(vm);
        VBox canvasBox = new VBox(canvas, legend, bar);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        canvasBox.getStyleClass().add("canvas-box");

        stepPanel = new StepPanel(vm);
        inspector = new InspectorPane(vm.inspector());
        consoles = new ConsolePane(vm.console(), vm::currentTopology);
        canvas.setElementMenu(this::showElementMenu);
        packets = new PacketPane(vm.packets(), this::openPcapAsked, this::exportPcapAsked);

        columns = new SplitPane(stepPanel, canvasBox, inspector);
        columns.setDividerPositions(0.2, 0.77);
        SplitPane.setResizableWithParent(stepPanel, false);
        SplitPane.setResizableWithParent(inspector, false);
        Tab packetTab = new Tab("Packets", packets);
        packetTab.setId("packets-tab");
        // the event list is built when its tab is first shown: hidden, it would only slow the first frame
        eventTab = new Tab("Events");
        eventTab.setId("events-tab");
        eventTab.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                events();
            }
        });
        bottomRight = new TabPane(packetTab, eventTab);
        bottomRight.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        bottomRight.setId("bottom-tabs");
        bottom = new SplitPane(consoles, bottomRight);
        bottom.setDividerPositions(0.42);
        rows = new SplitPane(columns, bottom);
        rows.setOrientation(Orientation.VERTICAL);
        rows.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(bottom, false);
        root.setTop(toolbar());
        root.setCenter(rows);
        root.setBottom(statusBar());

        vm.topology().selected().subscribe(id -> {
            if (id != null) {
                inspector.setVvalue(0);
            }
        });
        vm.packets().selectedFrame().subscribe(f -> {
            if (f != null && f >= 0 && (eventList == null || !eventList.table().isFocused())) {
                bottomRight.getSelectionModel().select(packetTab);
            }
        });
        vm.problems().subscribe(p -> showDialog(Dialogs.problem(scene == null ? null : scene.getWindow(), p)));
        FxBind.run(vm.presenter(), this::applyPresenter);
        FxBind.run(vm.dark(), d -> applyTheme());
        FxBind.run(vm.highContrast(), d -> applyTheme());
    }

    // ------------------------------------------------------------------ building

    /** Shows the canvas alone (for a projector), or the whole window again. */
    public void setCanvasFocus(boolean on) {
        if (on == canvasFocus) {
            return;
        }
        canvasFocus = on;
        if (on) {
            savedColumns = columns.getDividerPositions();
            savedRows = rows.getDividerPositions();
            columns.getItems().removeAll(stepPanel, inspector);
            rows.getItems().remove(bottom);
        } else {
            columns.getItems().setAll(stepPanel, columns.getItems().get(0), inspector);
            rows.getItems().setAll(columns, bottom);
            columns.setDividerPositions(savedColumns);
            rows.setDividerPositions(savedRows);
        }
        canvas.fit();
    }

    public boolean canvasFocus() {
        return canvasFocus;
    }

    private boolean canvasFocus;
    private CheckMenuItem focusToggle;
    private double[] savedColumns;
    private double[] savedRows;

    private ToolBar toolbar() {
        ComboBox<MainViewModel.LabChoice> labs = new ComboBox<>();
        labs.setId("lab-picker");
        Tips.set(labs, "The lab to work through");
        FxBind.list(vm.labs(), labs.getItems());
        FxBind.run(vm.lab(), l -> {
            if (labs.getValue() != l) {
                labs.setValue(l);
            }
        });
        labs.valueProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.lab().get()) {
                vm.chooseLab(b);
            }
        });
        labs.setPrefWidth(340);
        Button open = new Button("Open…", Icons.icon(Icons.OPEN));
        open.setId("open-lab");
        Tips.set(open, "Open a lab file (YAML) (Ctrl+O)");
        open.setOnAction(e -> openLabAsked());

        ComboBox<MainViewModel.BackendChoice> backends = new ComboBox<>();
        backends.setId("backend-picker");
        Tips.set(backends, "Where the lab runs: the simulator, network namespaces on this machine, or VMs over SSH");
        FxBind.list(vm.backends(), backends.getItems());
        backends.setCellFactory(l -> new BackendCell(false));
        backends.setButtonCell(new BackendCell(true));
        backends.setPrefWidth(110);
        FxBind.run(vm.backend(), b -> {
            if (backends.getValue() != b) {
                backends.setValue(b);
            }
        });
        // a new lab offers the backends anew (one it does not run on is disabled); replacing the items
        // clears the combo's choice once its own listeners have run, while the view model's may stay
        // the same value and so say nothing: show it again after them
        backends.getItems().addListener((javafx.collections.ListChangeListener<MainViewModel.BackendChoice>) c ->
                javafx.application.Platform.runLater(() -> {
                    if (backends.getValue() == null && vm.backend().get() != null) {
                        backends.setValue(vm.backend().get());
                    }
                }));
        backends.valueProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(vm.backend().get())) {
                if (!b.available()) {
                    backends.setValue(a);
                }
                vm.chooseBackend(b);
            }
        });

        MenuButton sshHosts = sshHostsMenu();

        ComboBox<DetailLevel> detail = new ComboBox<>();
        detail.setId("detail-level");
        detail.getItems().setAll(DetailLevel.values());
        detail.setValue(vm.topology().detail().get());
        Tips.set(detail, "How much the device labels say");
        detail.valueProperty().addListener((o, a, b) -> vm.setDetail(b));
        // as wide as its longest choice would be wider than the toolbar has room for on a 1280-pixel screen
        FxBind.run(vm.presenter(), p -> detail.setPrefWidth(p ? 165 : 130));

        ToggleButton presenter = new ToggleButton("Presenter");
        presenter.setId("presenter-mode");
        Tips.set(presenter, "Large text and thick lines for a projector (F11)");
        presenter.setSelected(vm.presenter().get());
        presenter.selectedProperty().addListener((o, a, b) -> vm.setPresenter(b));
        vm.presenter().subscribe(presenter::setSelected);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label labCaption = caption("Lab");
        Label backendCaption = caption("Backend");
        Label labelsCaption = caption("Labels");
        // the lab picker gives way first when the window is narrow (a 1280-pixel projector in presenter mode)
        labs.setMinWidth(150);
        HBox.setHgrow(labs, Priority.SOMETIMES);
        ToolBar tb = new ToolBar(fileMenu(), viewMenu(), helpMenu(), new Separator(), labCaption, labs, open,
                new Separator(), backendCaption, backends, sshHosts, grow, labelsCaption, detail, presenter);
        tb.getStyleClass().add("main-toolbar");
        return tb;
    }

    /** File: open a lab, save the report, export the handout and the topology image. */
    private MenuButton fileMenu() {
        MenuButton file = new MenuButton("File");
        file.setId("file-menu");
        MenuItem openItem = new MenuItem("Open lab file…");
        openItem.setOnAction(e -> openLabAsked());
        MenuItem report = new MenuItem("Save report…");
        report.setId("save-report");
        report.setOnAction(e -> saveReportAsked());
        MenuItem png = new MenuItem("Export topology as PNG…");
        png.setId("export-png");
        png.setOnAction(e -> exportPngAsked());
        MenuItem handout = new MenuItem("Export handout…");
        handout.setId("export-handout");
        handout.setOnAction(e -> exportHandoutAsked());
        MenuItem compareLabs = new MenuItem("Compare labs…");
        compareLabs.setId("compare-labs");
        // the Compare window offers the backends as this window's picker has them, starting with its choice
        compareLabs.setOnAction(e -> org.overlaylab.app.ui.view.compare.CompareView.open(scene == null ? null : scene.getWindow(),
                vm.backends().items(), vm.backend().get() == null ? "sim" : vm.backend().get().kind()));
        file.getItems().setAll(openItem, report, handout, compareLabs, png);
        fileItems = file.getItems();
        return file;
    }

    private javafx.collections.ObservableList<MenuItem> fileItems;

    /** The File menu's items, for commands that add themselves to it. */
    public javafx.collections.ObservableList<MenuItem> fileMenuItems() {
        return fileItems;
    }

    /** View: canvas only, presenter mode, dark and high-contrast themes. */
    private MenuButton viewMenu() {
        MenuButton view = new MenuButton("View");
        view.setId("view-menu");
        CheckMenuItem focus = new CheckMenuItem("Canvas only (F9)");
        focus.setId("canvas-focus");
        focus.selectedProperty().addListener((o, a, b) -> setCanvasFocus(b));
        focusToggle = focus;
        CheckMenuItem presenter = new CheckMenuItem("Presenter mode (F11)");
        presenter.setId("view-presenter");
        presenter.setSelected(vm.presenter().get());
        presenter.selectedProperty().addListener((o, a, b) -> vm.setPresenter(b));
        vm.presenter().subscribe(presenter::setSelected);
        CheckMenuItem dark = new CheckMenuItem("Dark theme (Ctrl+D)");
        dark.setId("dark-theme");
        dark.setSelected(vm.dark().get());
        dark.selectedProperty().addListener((o, a, b) -> vm.setDark(b));
        vm.dark().subscribe(dark::setSelected);
        CheckMenuItem contrast = new CheckMenuItem("High contrast (Ctrl+Shift+H)");
        contrast.setId("high-contrast");
        contrast.setSelected(vm.highContrast().get());
        contrast.selectedProperty().addListener((o, a, b) -> vm.setHighContrast(b));
        vm.highContrast().subscribe(contrast::setSelected);
        view.getItems().setAll(focus, presenter, new javafx.scene.control.SeparatorMenuItem(), dark, contrast);
        return view;
    }

    /** Help: the keyboard shortcuts and the lab file format. */
    private MenuButton helpMenu() {
        MenuButton help = new MenuButton("Help");
        help.setId("help-menu");
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setId("help-keys");
        keys.setOnAction(e -> showShortcuts());
        MenuItem format = new MenuItem("Lab file format");
        format.setId("help-lab-format");
        format.setOnAction(e -> showLabFormat());
        MenuItem tour = new MenuItem("Tour of the window");
        tour.setId("help-tour");
        tour.setOnAction(e -> startTour());
        help.getItems().setAll(keys, format, tour);
        helpItems = help.getItems();
        return help;
    }

    private javafx.collections.ObservableList<MenuItem> helpItems;

    /** The scene's stylesheets: the theme in use. */
    public List<String> stylesheets() {
        return scene == null ? List.of() : List.copyOf(scene.getStylesheets());
    }

    /** Where the ssh backend finds its machines: a hosts file, or each lab host's underlay address. Shown only for ssh. */
    private MenuButton sshHostsMenu() {
        MenuButton menu = new MenuButton();
        menu.setId("ssh-hosts");
        MenuItem choose = new MenuItem("Choose a hosts file…");
        choose.setId("ssh-hosts-choose");
        choose.setOnAction(e -> {
            String current = vm.sshHostsFile().get();
            Path p = ask("The machines for the ssh backend (hosts file)", "yaml", false,
                    current == null ? null : Path.of(current));
            if (p != null) {
                vm.chooseSshHostsFile(p.toAbsolutePath().toString());
            }
        });
        MenuItem underlay = new MenuItem("Reach each host at its underlay address");
        underlay.setId("ssh-hosts-underlay");
        underlay.setOnAction(e -> vm.chooseSshHostsFile(null));
        menu.getItems().setAll(choose, underlay);
        FxBind.run(vm.sshHostsFile(), f -> {
            menu.setText(f == null ? "Hosts: lab addresses" : "Hosts: " + Path.of(f).getFileName());
            Tips.set(menu, f == null
                    ? "Each lab host is reached over SSH at its underlay address, as the current user"
                    : "Machines, users and keys from " + f);
        });
        FxBind.run(vm.backend(), b -> {
            boolean ssh = b != null && SshBackend.KIND.equals(b.kind());
            menu.setVisible(ssh);
            menu.setManaged(ssh);
        });
        return menu;
    }

    /** A toolbar caption; presenter mode hides captions to make room for the larger controls. */
    private Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("toolbar-caption");
        FxBind.run(vm.presenter(), p -> {
            l.setVisible(!p);
            l.setManaged(!p);
        });
        return l;
    }

    private Parent statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(FxBind.property(vm.status()));
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("progress");
        progress.setPrefSize(18, 18);
        Button cancel = new Button("Cancel", Icons.outline(Icons.CANCEL));
        cancel.setId("cancel");
        cancel.setOnAction(e -> vm.cancel());
        FxBind.run(vm.progressShown(), b -> {
            progress.setVisible(b);
            progress.setManaged(b);
        });
        FxBind.run(vm.cancellable(), c -> {
            cancel.setVisible(c);
            cancel.setManaged(c);
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Label selected = new Label();
        selected.getStyleClass().add("status-selection");
        vm.topology().selected().subscribe(id -> selected.setText(id == null ? "" : "selected: " + id));
        HBox box = new HBox(8, progress, status, cancel, grow, selected);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(3, 10, 3, 10));
        box.getStyleClass().add("status-bar");
        return box;
    }

    private static final class BackendCell extends ListCell<MainViewModel.BackendChoice> {
        private final boolean compact;

        BackendCell(boolean compact) {
            this.compact = compact;
        }

        @Override
        protected void updateItem(MainViewModel.BackendChoice b, boolean empty) {
            super.updateItem(b, empty);
            if (empty || b == null) {
                setText(null);
                setDisable(false);
                setTooltip(null);
                return;
            }
            setText(compact ? b.kind() : b.available() ? b.kind() + " — " + b.description()
                    : b.kind() + " — unavailable: " + b.unavailableReason());
            setDisable(!b.available());
            getStyleClass().remove("unavailable");
            if (!b.available()) {
                getStyleClass().add("unavailable");
            }
            setTooltip(new Tooltip(b.available() ? b.description() : b.unavailableReason()));
        }
    }

    // ------------------------------------------------------------------ showing

    /** Puts the window on a stage, restores its layout, and wires the keys. */
    public Scene install(Stage st) {
        return install(st, ScreenFit.screenFor(vm.settings().window()));
    }

    /**
     * Puts the window on a stage on a screen whose visible area is `screen`: the saved size and
     * place, clamped to that area (see ScreenFit).
     */
    public Scene install(Stage st, javafx.geometry.Rectangle2D screen) {
        this.stage = st;
        Settings.Window w = vm.settings().window();
        javafx.geometry.Rectangle2D bounds = ScreenFit.fit(w, screen);
        scene = new Scene(root, bounds.getWidth(), bounds.getHeight());
        applyTheme();
        st.setScene(scene);
        st.setTitle("OverlayLab");
        st.setMinWidth(Math.min(ScreenFit.MIN_WIDTH, screen.getWidth()));
        st.setMinHeight(Math.min(ScreenFit.MIN_HEIGHT, screen.getHeight()));
        st.setX(bounds.getMinX());
        st.setY(bounds.getMinY());
        st.setMaximized(w.maximized());
        List<Double> d = w.dividers();
        if (d.size() == 5) {
            columns.setDividerPositions(d.get(0), d.get(1));
            rows.setDividerPositions(d.get(2));
            bottom.setDividerPositions(d.get(3));
            stepPanel.split().setDividerPositions(d.get(4));
        }
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        st.setOnCloseRequest(e -> saveLayout());
        return scene;
    }

    public Scene scene() {
        return scene;
    }

    public Parent root() {
        return root;
    }

    public TopologyCanvas canvas() {
        return canvas;
    }

    public AnimationLayer animationLayer() {
        return animationLayer;
    }

    public PacketPane packets() {
        return packets;
    }

    public ConsolePane consoles() {
        return consoles;
    }

    /** The event list, built on first use. */
    public EventListPane events() {
        if (eventList == null) {
            eventList = new EventListPane(vm);
            eventTab.setContent(eventList);
        }
        return eventList;
    }

    public InspectorPane inspector() {
        return inspector;
    }

    public TabPane bottomTabs() {
        return bottomRight;
    }

    public void setFileAsker(FileAsker asker) {
        files = asker;
    }

    /** Remembers the window's bounds and splits. */
    public void saveLayout() {
        if (stage == null) {
            return;
        }
        List<Double> d = new ArrayList<>();
        d.add(columns.getDividerPositions()[0]);
        d.add(columns.getDividerPositions()[1]);
        d.add(rows.getDividerPositions()[0]);
        d.add(bottom.getDividerPositions()[0]);
        d.add(stepPanel.split().getDividerPositions()[0]);
        boolean max = stage.isMaximized();
        vm.saveWindow(new Settings.Window(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), max, d));
    }

    private void applyTheme() {
        if (scene == null) {
            return;
        }
        String theme = getClass().getResource(CSS_DIR + (vm.dark().get() ? "dark.css" : "light.css")).toExternalForm();
        String app = getClass().getResource(CSS_DIR + "app.css").toExternalForm();
        if (vm.highContrast().get()) {
            // over the base theme: its colours replace the palette, and it thickens outlines and focus rings
            String contrast = getClass().getResource(CSS_DIR + "high-contrast.css").toExternalForm();
            scene.getStylesheets().setAll(theme, app, contrast);
        } else {
            scene.getStylesheets().setAll(theme, app);
        }
    }

    private void applyPresenter(boolean on) {
        root.getStyleClass().remove("presenter");
        if (on) {
            root.getStyleClass().add("presenter");
        }
        double s = on ? PRESENTER_SCALE : 1;
        canvas.setPresenterScale(s);
        animationLayer.setScale(s);
        packets.setHexFontSize(on ? 16 : 12);
        inspector.setFontScale(on ? 1.4 : 1);
    }

    private void showDialog(Alert a) {
        if (dialogOpen) {
            return;
        }
        dialogOpen = true;
        try {
            a.showAndWait();
        } finally {
            dialogOpen = false;
        }
    }

    /** Shows an unexpected error without closing anything. */
    public void showUnexpected(Throwable t) {
        showDialog(Dialogs.unexpected(scene == null ? null : scene.getWindow(), t));
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION, String.join("\n",
                "F5 or Page Down        run the next step",
                "Shift+F5               run to the selected step",
                "F6 or Page Up          back: undo the last step or typed command",
                "In a terminal: Enter runs, Up/Down history, Ctrl+R search, Tab completes, Ctrl+C stops",
                "Ctrl+Shift+R           reset the lab",
                "F8                     play or pause the packets",
                "Alt+Right / Alt+Left   one hop forward / back",
                "Escape                 cancel a run of steps",
                "F9                     canvas only (hide the panels)",
                "F11                    presenter mode",
                "Ctrl+D                 dark theme",
                "Ctrl+Shift+H           high-contrast theme",
                "Tab / Shift+Tab        move between controls and canvas elements (Ctrl+Tab out of a terminal)",
                "Enter / Shift+F10      on a canvas element: select it / its faults menu",
                "Ctrl+0                 fit the topology in view",
                "Ctrl+L                 edit the packet filter",
                "Ctrl+O                 open a lab file",
                "Ctrl+S                 save your report (JSON and HTML)",
                "Ctrl+E                 export the listed frames as pcapng",
                "Ctrl+Shift+E           save the topology as PNG"), ButtonType.OK);
        a.initOwner(scene.getWindow());
        a.setTitle("OverlayLab");
        a.setHeaderText("Keyboard shortcuts");
        a.getDialogPane().lookup(".content").setStyle("-fx-font-family: 'DejaVu Sans Mono';");
        a.show();
    }

    private FirstRunTour tour;

    /** The callouts that point out the main controls one by one; remembered as seen when finished or skipped. */
    public FirstRunTour startTour() {
        if (tour != null) {
            tour.skip();
        }
        tour = new FirstRunTour(root, vm::setTourSeen);
        tour.start();
        return tour;
    }

    /** Starts the tour on the first run only. */
    public void startTourOnFirstRun() {
        if (!vm.settings().tourSeen()) {
            startTour();
        }
    }

    /** Help > Lab file format: docs/lab-format.md (copied into the jar by the build) in a window of its own. */
    private void showLabFormat() {
        String text;
        try (var in = getClass().getResourceAsStream("/org/overlaylab/app/ui/help/lab-format.md")) {
            text = in == null ? "The lab file format is described in docs/lab-format.md of the OverlayLab sources."
                    : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "Cannot read the description of the lab file format: " + e.getMessage();
        }
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea(text);
        area.setId("lab-format-text");
        area.setEditable(false);
        area.setWrapText(true);
        area.setStyle("-fx-font-family: 'DejaVu Sans Mono';");
        Stage help = new Stage();
        help.initOwner(scene.getWindow());
        help.setTitle("OverlayLab: the lab file format");
        Scene s = new Scene(new StackPane(area), Math.min(820, scene.getWidth()), Math.min(640, scene.getHeight()));
        s.getStylesheets().setAll(scene.getStylesheets());
        help.setScene(s);
        help.show();
    }

    // ------------------------------------------------------------------ faults from the canvas

    private javafx.scene.control.ContextMenu elementMenu;

    /** The right-click menu of a canvas element: faults to inject, each typed into the right terminal. */
    private void showElementMenu(String id, double x, double y) {
        if (elementMenu != null) {
            elementMenu.hide();
        }
        List<MenuItem> items = elementMenuItems(id);
        if (items.isEmpty()) {
            return;
        }
        elementMenu = new javafx.scene.control.ContextMenu(items.toArray(MenuItem[]::new));
        elementMenu.setId("element-menu");
        elementMenu.show(canvas, x, y);
    }

    /** The items the right-click menu holds for an element (for tests too). */
    public List<MenuItem> elementMenuItems(String id) {
        boolean sim = vm.backend().get() != null && "sim".equals(vm.backend().get().kind());
        List<MenuItem> items = new ArrayList<>();
        for (org.overlaylab.app.ui.vm.FaultMenu.Item f : org.overlaylab.app.ui.vm.FaultMenu.forElement(id,
                vm.topology().diagram(), vm.currentTopology(), sim)) {
            MenuItem m = new MenuItem(f.label());
            if (f.line() != null) {
                m.setText(f.label() + "   " + f.line());
            }
            m.setMnemonicParsing(false);
            m.setDisable(!vm.started().get());
            m.setOnAction(e -> {
                if (f.openShell()) {
                    consoles.openContainer(f.host(), f.container());
                } else {
                    vm.console().terminal(f.host(), f.container()).submit(f.line());
                }
            });
            items.add(m);
        }
        return items;
    }

    // ------------------------------------------------------------------ keys

    private void key(KeyEvent e) {
        boolean typing = scene.getFocusOwner() instanceof TextInputControl;
        boolean inTerminal = typing && scene.getFocusOwner().getStyleClass().contains("terminal-input");
        KeyCode k = e.getCode();
        if (inTerminal && e.isShortcutDown() && !e.isShiftDown()
                && (k == KeyCode.D || k == KeyCode.E || k == KeyCode.L)) {
            return; // a shell's own keys in a terminal
        }
        boolean handled = true;
        if (k == KeyCode.F5 && e.isShiftDown()) {
            vm.runToSelected();
        } else if (k == KeyCode.F5 || (k == KeyCode.PAGE_DOWN && !typing && !inList())) {
            vm.runStep();
        } else if (k == KeyCode.F6 || (k == KeyCode.PAGE_UP && !typing && !inList())) {
            vm.back();
        } else if (k == KeyCode.R && e.isShortcutDown() && e.isShiftDown()) {
            vm.reset();
        } else if (k == KeyCode.F8) {
            vm.animation().togglePlay();
        } else if (k == KeyCode.RIGHT && e.isAltDown()) {
            vm.animation().stepForward();
        } else if (k == KeyCode.LEFT && e.isAltDown()) {
            vm.animation().stepBack();
        } else if (k == KeyCode.ESCAPE && vm.cancellable().get()) {
            vm.cancel();
        } else if (k == KeyCode.F9) {
            focusToggle.setSelected(!focusToggle.isSelected());
        } else if (k == KeyCode.F11) {
            vm.setPresenter(!vm.presenter().get());
        } else if (k == KeyCode.H && e.isShortcutDown() && e.isShiftDown()) {
            vm.setHighContrast(!vm.highContrast().get());
        } else if (k == KeyCode.D && e.isShortcutDown()) {
            vm.setDark(!vm.dark().get());
        } else if (k == KeyCode.DIGIT0 && e.isShortcutDown()) {
            canvas.fit();
        } else if (k == KeyCode.L && e.isShortcutDown()) {
            bottomRight.getSelectionModel().select(0);
            packets.filterField().requestFocus();
        } else if (k == KeyCode.S && e.isShortcutDown() && !e.isShiftDown()) {
            saveReportAsked();
        } else if (k == KeyCode.O && e.isShortcutDown()) {
            openLabAsked();
        } else if (k == KeyCode.E && e.isShortcutDown() && e.isShiftDown()) {
            exportPngAsked();
        } else if (k == KeyCode.E && e.isShortcutDown()) {
            exportPcapAsked();
        } else {
            handled = false;
        }
        if (handled) {
            e.consume();
        }
    }

    private boolean inList() {
        var f = scene.getFocusOwner();
        return f instanceof javafx.scene.control.ListView || f instanceof javafx.scene.control.TableView
                || f instanceof javafx.scene.control.TreeView || f instanceof javafx.scene.control.TreeTableView;
    }

    // ------------------------------------------------------------------ files

    private Path ask(String title, String ext, boolean save, Path suggested) {
        if (files != null) {
            return files.ask(title, ext, save, suggested);
        }
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase() + " files", "*." + ext));
        if (ext.equals("yaml")) {
            fc.getExtensionFilters().set(0, new FileChooser.ExtensionFilter("YAML files", "*.yaml", "*.yml"));
        }
        if (ext.equals("pcap")) {
            // a capture is told by its content, not its name: offer every file too
            fc.getExtensionFilters().set(0, new FileChooser.ExtensionFilter("Captures", "*.pcap", "*.pcapng", "*.cap"));
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        }
        if (suggested != null) {
            fc.setInitialFileName(suggested.getFileName().toString());
        }
        File f = save ? fc.showSaveDialog(scene.getWindow()) : fc.showOpenDialog(scene.getWindow());
        return f == null ? null : f.toPath();
    }

    /** File > Save report: the name (asked the first time), then where; JSON and HTML are written. */
    public void saveReportAsked() {
        String name = vm.settings().student();
        if (name == null || name.isBlank()) {
            name = askName(System.getProperty("user.name", ""));
            if (name == null || name.isBlank()) {
                return;
            }
        }
        String lab = vm.lab().get() == null ? "lab" : vm.lab().get().lab().id();
        String stem = (name.strip() + "-" + lab).replaceAll("[^A-Za-z0-9._-]+", "-").toLowerCase();
        Path p = ask("Save the report (JSON; an HTML copy is written beside it)", "json", true, Path.of(stem + ".json"));
        if (p != null) {
            vm.saveReport(p, name);
        }
    }

    private String askName(String suggested) {
        if (names != null) {
            return names.ask(suggested);
        }
        javafx.scene.control.TextInputDialog d = new javafx.scene.control.TextInputDialog(suggested);
        d.initOwner(scene.getWindow());
        d.setTitle("OverlayLab");
        d.setHeaderText("Your name, as the report shows it to your teacher (asked once)");
        d.setContentText("Name:");
        return d.showAndWait().orElse(null);
    }

    private void openLabAsked() {
        Path p = ask("Open a lab file", "yaml", false, null);
        if (p != null) {
            vm.openLabFile(p);
        }
    }

    private void openPcapAsked() {
        Path p = ask("Open a capture (pcap or pcapng)", "pcap", false, null);
        if (p != null) {
            openPcap(p);
        }
    }

    private void exportPcapAsked() {
        String lab = vm.lab().get() == null ? "capture" : vm.lab().get().label().replaceAll("[^A-Za-z0-9]+", "-");
        Path p = ask("Export the listed frames (one pcapng: an interface per capture point)", "pcapng", true,
                Path.of(lab.toLowerCase() + ".pcapng"));
        if (p != null) {
            exportPcap(p);
        }
    }

    private void exportPngAsked() {
        String lab = vm.lab().get() == null ? "topology" : vm.lab().get().label().replaceAll("[^A-Za-z0-9]+", "-");
        Path p = ask("Save the topology as PNG", "png", true, Path.of(lab.toLowerCase() + ".png"));
        if (p != null) {
            exportPng(p);
        }
    }

    /**
     * File > Export handout: what it shows (this session's steps on its backend, or every step run on
     * the simulator), then a folder for it; it is written in the background.
     */
    private void exportHandoutAsked() {
        if (vm.lab().get() == null) {
            return;
        }
        org.overlaylab.model.lab.Lab lab = vm.lab().get().lab();
        Dialogs.HandoutSource source = Dialogs.handoutSource(scene.getWindow(), lab.title(), lab.steps().size(),
                vm.sessionSteps()).showAndWait().orElse(null);
        if (source == null) {
            return;
        }
        String stem = lab.id() + "-handout";
        Path dir;
        if (files != null) {
            dir = files.ask("Export a handout (a folder with index.html and handout.pdf)", "html", true, Path.of(stem));
        } else {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle("Export a handout: choose the folder to write index.html and handout.pdf into");
            File f = dc.showDialog(scene.getWindow());
            dir = f == null ? null : f.toPath();
        }
        if (dir != null) {
            exportHandout(dir, source);
        }
    }

    /**
     * Writes the open lab's handout (index.html and handout.pdf) into `dir` on a thread of its own, the
     * lab open in the window left as it is: from this session's steps as they ran on its backend
     * (SESSION; every step on the simulator when none has run), or from every step run again on the
     * simulator (SIMULATOR). The console says which, and where it went.
     */
    public void exportHandout(Path dir, Dialogs.HandoutSource source) {
        org.overlaylab.model.lab.Lab lab = vm.lab().get().lab();
        MainViewModel.SessionSteps done = source == Dialogs.HandoutSource.SESSION ? vm.sessionSteps() : null;
        String what = done == null ? "every step, run on the simulator"
                : "this session's steps 1 to " + done.results().size() + " as they ran on the " + done.backend() + " backend";
        vm.console().info("writing the handout of " + lab.id() + " (" + what + ")…");
        Thread t = new Thread(() -> {
            try {
                org.overlaylab.app.handout.Handout handout;
                if (done != null) {
                    handout = org.overlaylab.app.handout.Handout.ofSession(lab, done.backend(), done.start(),
                            done.results(), done.frames());
                } else {
                    var factory = org.overlaylab.model.backend.BackendRegistry.load().require("sim");
                    var options = new org.overlaylab.model.backend.BackendOptions(lab.seed(), null,
                            java.time.Duration.ofSeconds(120), java.util.Map.of());
                    handout = org.overlaylab.app.handout.Handout.run(lab, "sim", factory.create(), options,
                            lab.steps().size());
                }
                Path page = handout.write(dir);
                javafx.application.Platform.runLater(() -> vm.console().info("handout written (" + what + "): " + page
                        + " and " + page.resolveSibling(org.overlaylab.app.handout.Handout.PDF).getFileName()));
            } catch (Exception e) {
                javafx.application.Platform.runLater(() -> vm.problems().emit(new MainViewModel.Problem(
                        "Cannot write the handout", dir + ": " + e.getMessage(), List.of())));
            }
        }, "overlaylab handout");
        t.setDaemon(true);
        t.start();
    }

    public void openPcap(Path p) {
        try {
            int n = vm.packets().openPcap(p);
            bottomRight.getSelectionModel().select(0);
            int skipped = vm.packets().skippedOnOpen();
            vm.console().info("opened " + p.getFileName() + ": " + n + " frames" + (skipped == 0 ? ""
                    : " (" + skipped + " of other link types than Ethernet not listed)"));
        } catch (IOException e) {
            vm.problems().emit(new MainViewModel.Problem("Cannot open the capture", p + ": " + e.getMessage(), List.of()));
        }
    }

    /** Writes the listed frames as one pcapng; returns how many. */
    public int exportPcap(Path p) {
        try {
            return vm.packets().exportPcapng(p);
        } catch (IOException e) {
            vm.problems().emit(new MainViewModel.Problem("Cannot write the capture", p + ": " + e.getMessage(), List.of()));
            return -1;
        }
    }

    /** Saves the topology at twice its size (crisp on a projector), on the theme's canvas colour. */
    public void exportPng(Path p) {
        try {
            Color bg = vm.dark().get() ? Color.web("#1d232b") : Color.web("#f6f8fb");
            WritableImage img = canvas.snapshotDiagram(2, bg);
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", p.toFile());
        } catch (IOException | RuntimeException e) {
            vm.problems().emit(new MainViewModel.Problem("Cannot save the image", p + ": " + e.getMessage(), List.of()));
        }
    }
}
